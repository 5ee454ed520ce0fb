/* libFuzzer: untrusted `helm status -o json` output (the cluster's objects as helm shows them)
 * through the reader of what a wait waits for (deploy/run/resview.c). Seeds: testdata/resview. */
#include <stddef.h>
#include <stdint.h>

#include "deploy/run/resview.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct resview v;
    struct hp_error e = {0};
    if (resview_parse((const char *)data, size, &v, &e) == 0) {
        resview_waiting(&v);
        resview_free(&v);
    }
    return 0;
}
