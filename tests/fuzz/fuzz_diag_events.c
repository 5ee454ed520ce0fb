/* libFuzzer: untrusted `kubectl get events -o json` output through the diagnosis's reader of
 * events (deploy/ops/diagnose.c). Seeds: tests/fuzz/corpus/fuzz_diag_events. */
#include <stddef.h>
#include <stdint.h>

#include "deploy/ops/diagnose.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct diag_events ev;
    struct hp_error e = {0};
    if (diag_events_parse((const char *)data, size, &ev, &e) == 0)
        diag_events_free(&ev);
    return 0;
}
