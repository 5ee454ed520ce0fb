/* libFuzzer: the JSON store (cJSON plus number-text recovery) and emission, which must parse again. */
#include <stddef.h>
#include <stdint.h>

#include <sodium.h>
#include <stdlib.h>

#include "sops/json_store.h"
#include "sops/sops.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (sodium_init() < 0)
        return 0;
    struct sops_tree t;
    struct hp_error e = {0};
    sops_tree_init(&t);
    if (sops_json_load(&t, data, size, &e) == 0) {
        struct hp_secbuf out = {0};
        sops_json_emit(&t, &out);
        struct sops_tree t2;
        sops_tree_init(&t2);
        if (sops_json_load(&t2, out.data, out.len, &e) != 0)
            abort();
        sops_tree_free(&t2);
        hp_secbuf_free(&out);
    }
    sops_tree_free(&t);
    struct sops_doc d;
    if (sops_doc_load_encrypted(&d, data, size, SOPS_FMT_JSON, &e) == 0) {
        unsigned char key[32] = {0};
        (void)sops_doc_decrypt(&d, key, false, &e);
    }
    sops_doc_free(&d);
    return 0;
}
