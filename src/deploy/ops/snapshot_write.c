/* Writing the snapshot record (see include/deploy/ops/snapshot_write.h). */
#include <cJSON.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/config/errors.h"
#include "deploy/ops/pending.h"
#include "deploy/ops/snapshot_lock.h"
#include "deploy/ops/snapshot_write.h"
#include "deploy/run/helmwhere.h"
#include "deploy/run/report.h"
#include "deploy/run/runner.h"
#include "hp/util.h"
#include "secrets/chart.h"
#include "secrets/memfile.h"

/* The generated chart: a Chart.yaml and nothing to render; the record is its values. */
static int chart_memfile(struct memfile *mf, struct hp_error *e)
{
    static const char chart_yaml[] = "apiVersion: v2\nname: " DEPLOY_SNAP_COMPONENT "\nversion: 1.0.0\n"
                                     "description: helm-panda's snapshots of this deployment (helm panda history)\n";
    struct chart c = {.dir = hp_xstrdup("(snapshot chart)"), .name = hp_xstrdup(DEPLOY_SNAP_COMPONENT)};
    c.files = hp_xcalloc(1, sizeof *c.files);
    c.n = c.cap = 1;
    c.files[0].name = hp_xstrdup("Chart.yaml");
    hp_secbuf_append(&c.files[0].data, chart_yaml, sizeof chart_yaml - 1);
    struct hp_secbuf tgz = {0};
    int rc = chart_write_archive(&c, &tgz, e);
    if (rc == 0)
        rc = memfile_create(mf, "panda-snapshots.tgz", tgz.data, tgz.len, true, e);
    hp_secbuf_free(&tgz);
    chart_free(&c);
    return rc;
}

/* "REVISION: N" of helm upgrade's report (helm 3 and 4 print it), 0 when there is none. */
static int reported_revision(struct hp_buf *out)
{
    const char *text = hp_buf_cstr(out); /* NUL-terminated: strtol stops inside it */
    const char *p = strncmp(text, "REVISION: ", 10) == 0 ? text : strstr(text, "\nREVISION: ");
    if (!p)
        return 0;
    long v = strtol(p + (*p == '\n' ? 11 : 10), NULL, 10);
    return v > 0 && v < 1000000000 ? (int)v : 0;
}

int deploy_snapshot_write(const struct deploy_snap_lock *w, size_t history_max, const struct deploy_snapshots *rec,
                          bool *locked, int *written, struct hp_error *e)
{
    *written = 0;
    struct memfile chart = {.fd = -1}, values = {.fd = -1};
    cJSON *j = deploy_snapshots_to_json(rec);
    char *text = cJSON_PrintUnformatted(j);
    cJSON_Delete(j);
    int rc = chart_memfile(&chart, e);
    if (rc == 0)
        rc = memfile_create(&values, "panda-snapshots-values.json", text, strlen(text), true, e);
    free(text);
    if (rc < 0) {
        memfile_close(&chart);
        return -1;
    }
    const char *name = w->name;
    char max[16];
    snprintf(max, sizeof max, "%zu", history_max);
    const char *words[] = {"upgrade", "--install", name, chart.path, "-f", values.path, "--history-max", max, NULL};
    struct hp_strlist a = {0};
    hp_strlist_push(&a, w->helm);
    for (const char *const *p = words; *p; p++)
        hp_strlist_push(&a, *p);
    deploy_helm_where_argv(&a, w->namespace_, w->kube_context);
    int *fds[] = {&chart.fd, &values.fd};
    struct runner_job job = {.name = name, .argv = hp_strlist_argv(&a), .keep_fds = fds, .n_keep_fds = 2};
    /* a signal now does not cut the write (a second does): a helm stopped mid-write would leave
     * the release pending-upgrade, and the next runs without a snapshot for 15 minutes */
    struct runner_opts ro = {.parallel = 1, .kill_after = DEPLOY_SNAP_FINISH_S,
                             .finish_on_signal = "finishing the snapshot write (a second or so, no --wait)"};
    int res = runner_run(&job, 1, &ro, e);
    *locked = res >= 0 && deploy_job_locked(&job);
    if (job.state == RUNNER_OK)
        *written = reported_revision(&job.out);
    if (res == RUNNER_INTERRUPTED && job.state == RUNNER_OK) {
        rc = 0; /* the run ends as interrupted runs do; its snapshot is recorded */
    } else if (res == RUNNER_INTERRUPTED) {
        rc = hp_error_set(e, DEPLOY_ERR_INTERRUPTED, "interrupted");
    } else if (res != RUNNER_ALL_OK && res >= 0) {
        char line[200] = "";
        report_error_line(&job, line, sizeof line);
        rc = hp_error_set(e, HP_ERR_GENERIC, "helm upgrade %s: %s", name, line[0] ? line : "failed");
    } else {
        rc = res < 0 ? -1 : 0;
    }
    runner_jobs_free(&job, 1);
    memfile_close(&chart);
    memfile_close(&values);
    hp_strlist_free(&a);
    return rc;
}
