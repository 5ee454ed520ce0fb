/* libFuzzer: untrusted identity and recipient files (keys.txt, OpenSSH private keys,
 * recipients files): the parsers must fail cleanly on anything. */
#include <stddef.h>
#include <stdint.h>

#include "age/age.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct hp_error e = {0};
    struct age_identities *ids = age_identities_new();
    age_identities_add_text(ids, (const char *)data, size, "fuzz", &e);
    age_identities_free(ids);
    struct age_recipients *rs = age_recipients_new();
    age_recipients_add_text(rs, (const char *)data, size, "fuzz", &e);
    age_recipients_free(rs);
    return 0;
}
