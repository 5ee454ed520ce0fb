/* libFuzzer: the YAML store (parse with comment recovery, emit) and the metadata reader, then
 * the emitted text must parse again. Also .sops.yaml rule matching on the same bytes. */
#include <stddef.h>
#include <stdint.h>

#include <sodium.h>
#include <stdlib.h>

#include "sops/config.h"
#include "sops/sops.h"
#include "sops/yaml_store.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (sodium_init() < 0)
        return 0;
    struct sops_tree t;
    struct hp_error e = {0};
    sops_tree_init(&t);
    if (sops_yaml_load(&t, data, size, &e) == 0) {
        struct hp_secbuf out = {0};
        sops_yaml_emit(&t, &out);
        struct sops_tree t2;
        sops_tree_init(&t2);
        if (sops_yaml_load(&t2, out.data, out.len, &e) != 0)
            abort(); /* what we write must read back */
        sops_tree_free(&t2);
        hp_secbuf_free(&out);
    }
    sops_tree_free(&t);
    struct sops_doc d;
    if (sops_doc_load_encrypted(&d, data, size, SOPS_FMT_YAML, &e) == 0) {
        unsigned char key[32] = {0};
        (void)sops_doc_decrypt(&d, key, false, &e);
    }
    sops_doc_free(&d);
    struct sops_rule r;
    bool found;
    if (sops_config_match(".sops.yaml", data, size, "secrets/values.yaml", &r, &found, &e) == 0 || 1)
        sops_rule_free(&r);
    return 0;
}
