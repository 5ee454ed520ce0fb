/* The snapshot record read back from helm (helm get values of AFFIX+panda-snapshots), which
 * anyone with RBAC on the namespace can write: what parses holds only what rollback may act on
 * (valid release names, revisions >= 1, no release twice, increasing ids) and writes back to
 * the same record. */
#include <cJSON.h>
#include <stddef.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/config/names.h"
#include "deploy/ops/rollback.h"
#include "deploy/ops/snapshot.h"

static void check(const struct deploy_snapshots *s)
{
    for (size_t i = 0; i < s->n; i++) {
        if (!s->v[i].time || s->v[i].id < 1 || (i && s->v[i].id <= s->v[i - 1].id))
            __builtin_trap();
        for (size_t k = 0; k < s->v[i].n; k++) {
            const struct deploy_snap_release *r = &s->v[i].r[k];
            if (!deploy_release_name_valid(r->name) || r->revision < 1 || deploy_snapshot_release(&s->v[i], r->name) != r)
                __builtin_trap();
        }
    }
}

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    struct deploy_snapshots s;
    struct hp_error e = {0};
    (void)deploy_history_has_revision((const char *)data, size, 1);
    if (deploy_snapshots_parse((const char *)data, size, &s, &e) < 0)
        return 0;
    check(&s);
    cJSON *j = deploy_snapshots_to_json(&s);
    char *text = cJSON_PrintUnformatted(j);
    struct deploy_snapshots t;
    if (deploy_snapshots_parse(text, strlen(text), &t, &e) < 0 || t.n != s.n)
        __builtin_trap();
    deploy_snapshots_free(&t);
    free(text);
    cJSON_Delete(j);
    deploy_snapshots_free(&s);
    return 0;
}
