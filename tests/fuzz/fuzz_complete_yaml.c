/* libFuzzer: the Chart.yaml reader shell completion runs on every component's chart (files
 * from anyone's git checkout) to offer `-d component.<sub>`: deploy_chart_subcomponents. */
#include <stddef.h>
#include <stdint.h>

#include "deploy/config/components.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct hp_strlist out = {0};
    struct hp_error e = {0};
    deploy_chart_subcomponents("Chart.yaml", data, size, &out, &e);
    hp_strlist_free(&out);
    return 0;
}
