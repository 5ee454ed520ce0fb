/* helm status -o json output, as read by helm panda status. */
#include <stddef.h>
#include <stdint.h>

#include "deploy/ops/status.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct deploy_status st;
    struct hp_error e = {0};
    if (deploy_status_parse((const char *)data, size, &st, &e) == 0) {
        if (!st.status)
            __builtin_trap();
        deploy_status_free(&st);
    }
    return 0;
}
