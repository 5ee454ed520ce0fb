/* adopt's reader (gitops/adopt.h) on arbitrary bytes: a site's folder is untrusted. One file's
 * bytes are read as Applications and ImageUpdaters, then the profile is written: no crash, no
 * leak, no loop; a refusal is an error with the file named. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gitops/adopt.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct gitops_adopt a = {0};
    struct hp_error e = {0};
    struct hp_buf profile = {0};
    if (gitops_adopt_add(&a, "f.yaml", data, size, &e) == 0) {
        gitops_adopt_profile(&a, "s", &profile);
        if (a.n_apps && profile.len == 0)
            abort(); /* an Application read gives a block */
    } else if (!strstr(e.msg, "f.yaml")) {
        abort(); /* the error names the file */
    }
    hp_buf_free(&profile);
    gitops_adopt_free(&a);
    return 0;
}
