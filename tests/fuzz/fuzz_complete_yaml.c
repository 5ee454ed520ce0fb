/* libFuzzer: the YAML readers shell completion runs on a deployment tree's Chart.yaml and
 * values.yaml (files from anyone's git checkout). The first byte picks the reader. */
#include <stddef.h>
#include <stdint.h>

#include "complete/tree.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    if (size < 1)
        return 0;
    struct hp_strlist out = {0};
    const char *text = (const char *)data + 1;
    if (data[0] & 1)
        complete_chart_dependencies(text, size - 1, &out);
    else
        complete_values_switches(text, size - 1, &out);
    hp_strlist_free(&out);
    return 0;
}
