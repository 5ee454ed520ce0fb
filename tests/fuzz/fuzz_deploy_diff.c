/* helm-diff's output, as read by helm panda diff and apply (untrusted: whatever the plugin prints). */
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/ops/diff.h"
#include "deploy/ops/list.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct deploy_diff_counts c;
    deploy_diff_parse((const char *)data, size, &c);
    /* every count comes from one line: there are never more than the input has lines */
    size_t lines = 1;
    for (size_t i = 0; i < size; i++)
        lines += data[i] == '\n';
    if (c.added + c.changed + c.removed > lines)
        __builtin_trap();
    enum deploy_diff_status st = deploy_diff_status_of(&c);
    if (st == DEPLOY_DIFF_UNCHANGED && (c.added || c.changed || c.removed || c.new_release))
        __builtin_trap();
    struct runner_job j;
    memset(&j, 0, sizeof j);
    j.state = RUNNER_OK;
    j.out.data = (unsigned char *)(uintptr_t)data;
    j.out.len = size;
    struct hp_buf h = {0};
    deploy_diff_header(&h, "r", "c", &j, 0);
    hp_buf_free(&h);
    /* the same bytes as helm list's JSON */
    const char *names[] = {"r", "test-panda"};
    bool found[2] = {false, false};
    deploy_diff_parse_list((const char *)data, size, names, 2, found);
    /* and with each release's chart and app version (helm panda status) */
    struct deploy_listed l[2];
    if (deploy_list_parse((const char *)data, size, names, 2, l) == 0) {
        for (size_t i = 0; i < 2; i++) {
            if (l[i].found != found[i] || (!l[i].found && (l[i].chart || l[i].app_version || l[i].status)))
                __builtin_trap();
            free(l[i].chart);
            free(l[i].app_version);
            free(l[i].status);
        }
    } else if (l[0].found || l[1].found) {
        __builtin_trap();
    }
    return 0;
}
