/* The CRIC JSON check on arbitrary bytes (decrypted files are untrusted input): any verdict,
 * never a crash, an out-of-range offset or a leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "secrets/cric.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct hp_error e = {0};
    if (cric_check_json("fuzz.json", data, size, &e) < 0 && strlen(e.msg) == 0)
        abort(); /* a failure always says why */
    return 0;
}
