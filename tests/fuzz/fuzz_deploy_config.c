/* The deployment tree's YAML (helm-panda.yaml components file, Chart.yaml dependencies):
 * whatever the bytes, no crash, no leak, and either success or one error line. */
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "deploy/config/components.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct deploy_catalogue c = {0};
    struct hp_error e = {0};
    struct hp_strlist subs = {0};
    if (deploy_catalogue_apply_file(&c, "fuzz", data, size, &e) < 0 && (!e.msg[0] || strchr(e.msg, '\n')))
        __builtin_trap();
    deploy_catalogue_free(&c);
    if (deploy_chart_subcomponents("fuzz", data, size, &subs, &e) < 0 && !e.msg[0])
        __builtin_trap();
    hp_strlist_free(&subs);
    return 0;
}
