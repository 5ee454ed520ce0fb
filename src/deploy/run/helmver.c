/* Asking helm its version (see include/deploy/run/helmver.h). */
#include <ctype.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/run/helmver.h"
#include "deploy/config/errors.h"
#include "deploy/run/runner.h"
#include "hp/util.h"

int deploy_helm_parse_major(const char *text)
{
    const char *p = text;
    while (*p == ' ' || *p == '\t' || *p == '\n' || *p == '\r')
        p++;
    if (*p == 'v')
        p++;
    if (!isdigit((unsigned char)*p))
        return -1;
    long m = strtol(p, NULL, 10);
    return m >= 2 && m < 100 ? (int)m : -1;
}

void deploy_helm_version_argv(const char *helm, char *argv[DEPLOY_HELM_VERSION_ARGC])
{
    char *a[DEPLOY_HELM_VERSION_ARGC] = {(char *)helm, "version", "--template", "{{.Version}}", NULL};
    memcpy(argv, a, sizeof a);
}

int deploy_helm_version(const char *helm, int *major, char **version, struct hp_error *e)
{
    struct hp_buf out = {0}, err = {0};
    struct hp_error re = {0};
    char *argv[DEPLOY_HELM_VERSION_ARGC];
    deploy_helm_version_argv(helm, argv);
    int st = runner_capture(argv, &out, &err, &re);
    int rc = deploy_helm_version_read(helm, st, &out, &err, re.msg, major, version, e);
    hp_buf_free(&out);
    hp_buf_free(&err);
    return rc;
}

int deploy_helm_version_read(const char *helm, int st, struct hp_buf *out, struct hp_buf *err, const char *why_not_run,
                             int *major, char **version, struct hp_error *e)
{
    int rc = 0;
    const char *text = out->len ? hp_buf_cstr(out) : "";
    if (st == RUNNER_CAPTURE_INTERRUPTED) {
        rc = hp_error_set(e, DEPLOY_ERR_INTERRUPTED, "interrupted while asking %s its version", helm);
    } else if (st < 0) {
        rc = hp_error_set(e, DEPLOY_ERR_HELM, "%s: %s", helm, why_not_run);
    } else if (st != 0) {
        const char *why = err->len ? hp_buf_cstr(err) : "";
        size_t n = strcspn(why, "\n");
        rc = hp_error_set(e, DEPLOY_ERR_HELM, "%s: cannot run 'helm version' (exit %d)%s%.*s", helm, st,
                          n ? ": " : "", (int)n, why);
    } else if ((*major = deploy_helm_parse_major(text)) < 0) {
        rc = hp_error_set(e, DEPLOY_ERR_HELM, "%s: 'helm version' printed no version ('%.40s')", helm, text);
    } else {
        size_t n = strcspn(text, " \t\r\n");
        *version = hp_xstrndup(text, n);
    }
    return rc;
}
