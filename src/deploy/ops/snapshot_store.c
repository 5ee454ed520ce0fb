/* Snapshots kept in helm (see include/deploy/ops/snapshot_store.h). */
#include <cJSON.h>
#include <stdio.h>
#include <sodium.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "deploy/config/errors.h"
#include "deploy/config/root.h"
#include "deploy/ops/list.h"
#include "deploy/ops/pending.h"
#include "deploy/ops/secrets_release.h"
#include "deploy/ops/snapshot_lock.h"
#include "deploy/ops/snapshot_store.h"
#include "deploy/ops/snapshot_write.h"
#include "deploy/run/helmwhere.h"
#include "deploy/run/helmver.h"
#include "deploy/run/report.h"
#include "deploy/run/runner.h"
#include "hp/file.h"
#include "hp/interrupt.h"
#include "hp/util.h"
#include "secrets/chart.h"
#include "secrets/memfile.h"

int deploy_snapshot_affix(const char *root_flag, const char *affix_flag, struct secrets_keyring *kr, char **out,
                          struct hp_error *e)
{
    *out = NULL;
    if (affix_flag) {
        *out = hp_xstrdup(affix_flag);
        return 0;
    }
    char *root = NULL;
    struct hp_error no_root = {0};
    int rc = 0;
    if (deploy_root_find(root_flag, &root, &no_root) == 0) {
        char *path = hp_path_join(root, "secrets/values.yaml");
        if (hp_path_exists(path))
            rc = deploy_affix_read(kr, path, out, e);
        free(path);
    } else if (root_flag) {
        rc = hp_error_set(e, no_root.kind, "%s", no_root.msg); /* -C given: it must be a tree */
    }
    free(root);
    if (rc == 0 && !*out)
        *out = hp_xstrdup("test-");
    return rc;
}

char *deploy_snapshot_store_name(const char *affix)
{
    return deploy_instance_name(affix, DEPLOY_SNAP_COMPONENT);
}

size_t deploy_snapshot_history_max(void)
{
    const char *s = getenv("HELM_MAX_HISTORY");
    char *end = NULL;
    long v = s ? strtol(s, &end, 10) : 0;
    return s && *s && end && !*end && v > 0 && v <= DEPLOY_SNAP_MAX_SNAPSHOTS ? (size_t)v
                                                                              : DEPLOY_SNAP_HISTORY_DEFAULT;
}

/* helm VERB... NAME, then --namespace/--kube-context */
static void helm_argv(struct hp_strlist *a, const struct deploy_snap_where *w, const char *const *words)
{
    hp_strlist_push(a, w->helm);
    for (const char *const *p = words; *p; p++)
        hp_strlist_push(a, *p);
    deploy_helm_where_argv(a, w->namespace_, w->kube_context);
}

static bool says_not_found(const struct hp_buf *err)
{
    static const char w[] = "not found";
    return err->len && memmem(err->data, err->len, w, sizeof w - 1) != NULL;
}

/* `helm get values NAME --output json` of the snapshot release (of revision `at` when > 0, else
 * the latest), pushed onto a. */
static void read_argv(const struct deploy_snap_where *w, const char *name, int at, struct hp_strlist *a)
{
    char rev[16];
    snprintf(rev, sizeof rev, "%d", at);
    const char *words[] = {"get", "values", name, "--output", "json", at > 0 ? "--revision" : NULL, rev, NULL};
    helm_argv(a, w, words);
}

/* What that query's answer (rc as runner_capture returns it, its stdout and stderr) says. */
static int read_answer(int rc, struct hp_buf *o, const struct hp_buf *err, const char *name,
                       struct deploy_snapshots *out, struct hp_error *e)
{
    const char *text = o->len ? hp_buf_cstr(o) : "";
    if (rc == RUNNER_CAPTURE_INTERRUPTED)
        return hp_error_set(e, DEPLOY_ERR_INTERRUPTED, "helm get values %s: interrupted", name);
    if (rc < 0)
        return -1;
    if (rc != 0 && says_not_found(err))
        return 0; /* no snapshot yet */
    if (rc != 0) {
        char line[200] = "";
        struct runner_job j = {.err = *err};
        report_error_line(&j, line, sizeof line);
        return hp_error_set(e, HP_ERR_GENERIC, "helm get values %s: %s", name, line[0] ? line : "failed");
    }
    if (strspn(text, " \t\r\n") == o->len || strncmp(text, "null", 4) == 0)
        return 0; /* a release with no values */
    if (deploy_snapshots_parse(text, o->len, out, e) < 0) {
        hp_error_prefix(e, "release %s", name);
        return -1;
    }
    return 0;
}

int deploy_snapshots_read(const struct deploy_snap_where *w, struct deploy_snapshots *out, struct hp_error *e)
{
    memset(out, 0, sizeof *out);
    char *name = deploy_snapshot_store_name(w->affix);
    struct hp_strlist a = {0};
    read_argv(w, name, 0, &a);
    struct hp_buf o = {0}, err = {0};
    int rc = runner_capture(hp_strlist_argv(&a), &o, &err, e);
    int res = read_answer(rc, &o, &err, name, out, e);
    hp_buf_free(&o);
    hp_buf_free(&err);
    hp_strlist_free(&a);
    free(name);
    return res;
}

/* ---- this run's releases ---- */

/* The bytes of values file j as helm read them: the run's memfile (a decrypted file, a file
 * of an OCI package) when it can be read again, else the file. Hashed in guarded memory. */
static int hash_values_file(const struct deploy_release *r, size_t j, crypto_hash_sha256_state *st)
{
    const struct memfile *mf = r->values_mf ? &r->values_mf[j] : NULL;
    if (mf && mf->fd >= 0 && mf->kind == MEMFILE_PIPE)
        return -1; /* read once, by helm */
    if (mf && mf->fd >= 0) {
        unsigned char *chunk = hp_secmem_alloc(65536);
        off_t at = 0;
        ssize_t k;
        while ((k = pread(mf->fd, chunk, 65536, at)) > 0) {
            crypto_hash_sha256_update(st, chunk, (unsigned long long)k);
            at += k;
        }
        hp_secmem_free(chunk);
        return k < 0 ? -1 : 0;
    }
    struct hp_secbuf b = {0};
    struct hp_error e = {0};
    int rc = hp_file_read_secret(r->values.v[j], &b, &e);
    if (rc == 0)
        crypto_hash_sha256_update(st, b.data, b.len);
    hp_secbuf_free(&b);
    return rc;
}

/* "sha256:<hex>" of the values files in order, each followed by a NUL, then the --set list,
 * or NULL when one of them cannot be read again. */
static char *values_digest(const struct deploy_release *r)
{
    crypto_hash_sha256_state st;
    crypto_hash_sha256_init(&st);
    for (size_t j = 0; j < r->values.n; j++) {
        if (hash_values_file(r, j, &st) < 0)
            return NULL;
        crypto_hash_sha256_update(&st, (const unsigned char *)"", 1);
    }
    for (size_t j = 0; j < r->sets.n; j++)
        crypto_hash_sha256_update(&st, (const unsigned char *)r->sets.v[j], strlen(r->sets.v[j]) + 1);
    unsigned char d[crypto_hash_sha256_BYTES];
    char hex[2 * crypto_hash_sha256_BYTES + 1];
    crypto_hash_sha256_final(&st, d);
    sodium_bin2hex(hex, sizeof hex, d, sizeof d);
    return hp_xasprintf("sha256:%s", hex);
}

struct deploy_snap_release *deploy_snapshot_plan_releases(const struct deploy_plan *plan)
{
    struct deploy_snap_release *v = hp_xcalloc(plan->n ? plan->n : 1, sizeof *v);
    for (size_t i = 0; i < plan->n; i++) {
        const struct deploy_release *r = &plan->releases[i];
        v[i].name = hp_xstrdup(r->name);
        v[i].stage = r->depth;
        v[i].values_digest = values_digest(r);
        if (r->package && r->package->manifest_digest)
            v[i].oci_digest = hp_xstrdup(r->package->manifest_digest);
    }
    return v;
}

void deploy_snap_releases_free(struct deploy_snap_release *r, size_t n)
{
    struct deploy_snapshot s = {.r = r, .n = n};
    deploy_snapshot_free(&s);
}

/* ---- a new snapshot ---- */

static void now_utc(char *buf, size_t size)
{
    time_t t = time(NULL);
    struct tm tm;
    gmtime_r(&t, &tm);
    strftime(buf, size, "%Y-%m-%dT%H:%M:%SZ", &tm);
}

/* $USER (else $LOGNAME, else the uid): no getpwuid, which in the static release binary would
 * load glibc's NSS modules at run time (docs/install.md) */
static char *user_at_host(void)
{
    char host[256] = "";
    const char *user = getenv("USER");
    if (!user || !*user)
        user = getenv("LOGNAME");
    if (gethostname(host, sizeof host - 1) != 0)
        host[0] = '\0';
    if (user && *user)
        return hp_xasprintf("%s@%s", user, host[0] ? host : "?");
    return hp_xasprintf("uid%u@%s", (unsigned)getuid(), host[0] ? host : "?");
}

/* The names the new snapshot asks helm about: the run's, the last snapshot's, the secrets release. */
static void snapshot_names(const struct deploy_snapshot *last, const struct deploy_snap_release *run, size_t n,
                           struct hp_strlist *names)
{
    for (size_t i = 0; i < n; i++)
        if (!hp_strlist_contains(names, run[i].name))
            hp_strlist_push(names, run[i].name);
    for (size_t i = 0; last && i < last->n; i++)
        if (!hp_strlist_contains(names, last->r[i].name))
            hp_strlist_push(names, last->r[i].name);
    if (!hp_strlist_contains(names, DEPLOY_SECRETS_RELEASE))
        hp_strlist_push(names, DEPLOY_SECRETS_RELEASE);
}

/* The entry of one release helm lists: from the run, else the last snapshot (its values digest
 * only while the revision is the same), else a secrets release found beside the deployment. */
static void fill_entry(struct deploy_snap_release *x, const char *name, const struct deploy_listed *l,
                       const struct deploy_snapshot *last, const struct deploy_snap_release *run, size_t n)
{
    const struct deploy_snap_release *from = NULL;
    for (size_t i = 0; i < n && !from; i++)
        if (strcmp(run[i].name, name) == 0)
            from = &run[i];
    bool ours = from != NULL;
    if (!from)
        from = deploy_snapshot_release(last, name);
    if (from) {
        deploy_snap_release_copy(x, from);
    } else {
        x->name = hp_xstrdup(name);
        x->stage = DEPLOY_SNAP_STAGE_SECRETS;
    }
    if (!ours && from && from->revision != l->revision) {
        free(x->values_digest);
        x->values_digest = NULL;
    }
    x->revision = l->revision;
    free(x->chart);
    free(x->app_version);
    x->chart = l->chart ? hp_xstrdup(l->chart) : NULL;
    x->app_version = l->app_version ? hp_xstrdup(l->app_version) : NULL;
}

/* What helm listed: the first list (asked, l0) or the second (more, l1). */
struct listed_sets {
    const struct hp_strlist *asked, *more;
    const struct deploy_listed *l0, *l1;
};

static const struct deploy_listed *listed_of(const struct listed_sets *ls, const char *name)
{
    for (size_t i = 0; i < ls->asked->n; i++)
        if (strcmp(ls->asked->v[i], name) == 0)
            return &ls->l0[i];
    for (size_t i = 0; i < ls->more->n; i++)
        if (strcmp(ls->more->v[i], name) == 0)
            return &ls->l1[i];
    return NULL;
}

/* The new snapshot, from the record and the list read beside it (asked: the names that list
 * was given; l0: its answer, NULL if none). A release of the last snapshot that this run did
 * not name (a run of one component) is listed now, in a second query. */
static int build_snapshot(const struct deploy_snap_where *w, const struct deploy_snapshots *rec, const char *command,
                          const struct deploy_snap_release *run, size_t n, const struct hp_strlist *asked,
                          const struct deploy_listed *l0, struct deploy_snapshot *s, struct hp_error *e)
{
    const struct deploy_snapshot *last = rec->n ? &rec->v[rec->n - 1] : NULL;
    struct hp_strlist names = {0}, more = {0};
    snapshot_names(last, run, n, &names);
    for (size_t i = 0; i < names.n; i++)
        if (!hp_strlist_contains(asked, names.v[i]))
            hp_strlist_push(&more, names.v[i]);
    struct deploy_listed *l1 =
        more.n && l0 ? deploy_helm_list(w->helm, w->helm_major, (const char *const *)more.v, more.n, w->namespace_,
                                        w->kube_context)
                     : NULL;
    int rc = 0;
    if (!l0 || (more.n && !l1)) {
        rc = hp_error_set(e, HP_ERR_GENERIC, "helm list did not answer");
    } else {
        struct listed_sets ls = {asked, &more, l0, l1};
        char t[32];
        now_utc(t, sizeof t);
        *s = (struct deploy_snapshot){
            .id = last ? last->id + 1 : 1,
            .time = hp_xstrdup(t),
            .by = user_at_host(),
            .kube_context = w->kube_context ? hp_xstrdup(w->kube_context) : NULL,
            .plugin_version = hp_xstrdup(HP_VERSION),
            .command = hp_xstrdup(command),
            .r = hp_xcalloc(names.n ? names.n : 1, sizeof *s->r),
        };
        for (size_t i = 0; i < names.n; i++) {
            const struct deploy_listed *x = listed_of(&ls, names.v[i]);
            if (deploy_listed_installed(x) && x->revision > 0)
                fill_entry(&s->r[s->n++], names.v[i], x, last, run, n);
        }
    }
    if (l1)
        deploy_listed_free(l1, more.n);
    hp_strlist_free(&more);
    hp_strlist_free(&names);
    return rc;
}

/* The record (of revision `at` when > 0, else the latest) and the revisions of the run's
 * releases (and the secrets release), asked at once: two helm starts side by side, not in
 * series, where every second is the operator's wait (after the last stage). The list follows
 * the run's releases, so it tells their new revisions. *l: the list's answer (NULL if none),
 * for the names in asked; the snapshot release itself is listed too (asked's last name), so
 * that *store_rev says which revision the record was read at (0: none listed). */
static int read_record_and_list(const struct deploy_snap_where *w, const struct deploy_snap_release *run, size_t n,
                                int at, struct deploy_snapshots *rec, struct hp_strlist *asked,
                                struct deploy_listed **l, int *store_rev, struct hp_error *e)
{
    *store_rev = 0;
    memset(rec, 0, sizeof *rec);
    *l = NULL;
    char *name = deploy_snapshot_store_name(w->affix);
    struct hp_strlist ra = {0}, la = {0};
    read_argv(w, name, at, &ra);
    snapshot_names(NULL, run, n, asked);
    hp_strlist_push(asked, name);
    deploy_helm_list_argv(&la, w->helm, w->helm_major, (const char *const *)asked->v, asked->n, w->namespace_,
                          w->kube_context);
    char *const *argvs[2] = {hp_strlist_argv(&ra), hp_strlist_argv(&la)};
    int status[2] = {0, 0};
    struct hp_buf out[2] = {{0}}, err[2] = {{0}};
    int rc = runner_capture_all(argvs, 2, status, out, err, e);
    int res;
    if (rc == RUNNER_CAPTURE_INTERRUPTED) {
        res = hp_error_set(e, DEPLOY_ERR_INTERRUPTED, "helm get values %s: interrupted", name);
    } else if (rc < 0) {
        res = -1;
    } else {
        res = read_answer(status[0], &out[0], &err[0], name, rec, e);
        if (res == 0)
            *l = deploy_helm_list_answer(status[1], &out[1], &err[1], (const char *const *)asked->v, asked->n);
        if (*l && (*l)[asked->n - 1].found)
            *store_rev = (*l)[asked->n - 1].revision;
    }
    for (int i = 0; i < 2; i++) {
        hp_buf_free(&out[i]);
        hp_buf_free(&err[i]);
    }
    hp_strlist_free(&ra);
    hp_strlist_free(&la);
    free(name);
    return res;
}

/* One write: what it was built on and what helm says it wrote. */
struct attempt {
    int at;        /* the revision whose record it built on, 0: the latest */
    int read_rev;  /* the snapshot release's revision listed beside that read (0: none) */
    int base_last; /* the last snapshot id of the record it built on (0: none) */
    int written;   /* the revision helm reports it wrote (0: not said) */
    bool locked;   /* helm refused the write: another operation holds the release */
};

/* One read of the record, one snapshot built on it, one write. */
static int record_once(const struct deploy_snap_where *w, const char *command, const struct deploy_snap_release *run,
                       size_t n, struct attempt *t, struct hp_error *e)
{
    struct deploy_snapshots rec;
    struct hp_strlist asked = {0};
    struct deploy_listed *l = NULL;
    t->locked = false;
    t->written = 0;
    if (read_record_and_list(w, run, n, t->at, &rec, &asked, &l, &t->read_rev, e) < 0) {
        hp_strlist_free(&asked);
        return -1;
    }
    t->base_last = rec.n ? rec.v[rec.n - 1].id : 0;
    struct deploy_snapshot s;
    int rc = build_snapshot(w, &rec, command, run, n, &asked, l, &s, e);
    if (l)
        deploy_listed_free(l, asked.n);
    hp_strlist_free(&asked);
    if (rc == 0) {
        deploy_snapshots_push(&rec, &s, deploy_snapshot_history_max());
        char *name = deploy_snapshot_store_name(w->affix);
        struct deploy_snap_lock where = {w->helm, name, w->namespace_, w->kube_context};
        rc = deploy_snapshot_write(&where, deploy_snapshot_history_max(), &rec, &t->locked, &t->written, e);
        free(name);
    }
    deploy_snapshots_free(&rec);
    return rc;
}

/* After a write at revision t->written that does not follow `follows` directly: another run
 * wrote in between, from a record read before ours. Its snapshot is lost from ours when the
 * revision just before ours holds a snapshot newer than the record ours was built on. 1: lost
 * (sets t->at to that revision), 0: nothing lost (a revision without a new snapshot, such as an
 * unlock's rollback, or a read that failed: then one warning says so). */
static int other_write_lost(const struct deploy_snap_where *w, struct attempt *t, struct hp_error *e)
{
    char *name = deploy_snapshot_store_name(w->affix);
    struct hp_strlist a = {0};
    read_argv(w, name, t->written - 1, &a);
    struct hp_buf o = {0}, err = {0};
    struct deploy_snapshots before = {0};
    int rc = runner_capture(hp_strlist_argv(&a), &o, &err, e);
    int res = read_answer(rc, &o, &err, name, &before, e);
    if (res == 0 && before.n && before.v[before.n - 1].id > t->base_last) {
        res = 1;
        fprintf(stderr,
                HP_PROG ": %s: another run recorded snapshot %d while this run wrote its own on an older record: "
                "recording this run's snapshot again, after it\n",
                name, before.v[before.n - 1].id);
        t->at = t->written - 1;
    }
    if (res < 0) { /* ours is written: say what could not be checked, not "no snapshot recorded" */
        hp_warnf("%s: snapshot recorded; whether another run's, written meanwhile, was dropped could not be "
                 "checked: %s",
                 name, e->msg);
        res = 0;
    }
    deploy_snapshots_free(&before);
    hp_buf_free(&o);
    hp_buf_free(&err);
    hp_strlist_free(&a);
    free(name);
    return res;
}

/* A write helm refuses as locked is retried only after the lock is gone (a dead helm's lock
 * cleared, or another run's write waited for), and from a fresh read of the record: the
 * record read before the lock lacks what the other run wrote, and writing it would drop that
 * run's snapshot. A write that went through is checked too: helm reports the revision it
 * wrote, which must follow the one the record was read at; if another run's revision came in
 * between, from a record read before ours, ours dropped its snapshot, and this run's is
 * written again on top of the other's. At most this many writes: other runs at work. */
#define RECORD_TRIES 3

int deploy_snapshot_record(const struct deploy_snap_where *w, const char *command, const struct deploy_snap_release *run,
                           size_t n, struct hp_error *e)
{
    struct attempt t = {0};
    int follows = -1; /* the revision the next write must follow (-1: the one listed at its read) */
    for (int i = 1;; i++) {
        int rc = record_once(w, command, run, n, &t, e);
        if (rc < 0 && (!t.locked || i == RECORD_TRIES))
            return rc;
        if (rc < 0) {
            char *name = deploy_snapshot_store_name(w->affix);
            struct deploy_snap_lock lk = {w->helm, name, w->namespace_, w->kube_context};
            rc = deploy_snapshot_unlock(&lk, e);
            free(name);
            if (rc < 0)
                return rc;
            t.at = 0;
            follows = -1;
            continue;
        }
        int prev = follows >= 0 ? follows : t.read_rev;
        if (t.written <= 1 || t.written == prev + 1 || i == RECORD_TRIES || hp_interrupt_signal())
            return 0;
        if (other_write_lost(w, &t, e) == 0)
            return 0;
        follows = t.written;
    }
}

int deploy_snapshot_record_or_warn(const struct deploy_snap_where *w, const char *command,
                                   const struct deploy_snap_release *run, size_t n, bool quiet)
{
    struct hp_error e = {0};
    if (deploy_snapshot_record(w, command, run, n, &e) < 0) {
        hp_warnf("no snapshot recorded (helm panda history, rollback): %s", e.msg);
        /* stopped by a signal: the run ends as interrupted runs do (129/130/143), not as a success */
        return hp_interrupt_signal() ? hp_interrupt_exit_code() : 0;
    }
    if (!quiet) {
        char *name = deploy_snapshot_store_name(w->affix);
        fprintf(stderr, "snapshot recorded in release %s (helm panda history)\n", name);
        free(name);
    }
    /* a signal during the write, let finish: the run still ends as interrupted runs do */
    return hp_interrupt_signal() ? hp_interrupt_exit_code() : 0;
}

int deploy_snapshot_after_run(const struct deploy_plan *plan, const struct deploy_helm_args *h, const char *command,
                              bool quiet)
{
    struct deploy_snap_where w = {h->helm, h->helm_major, h->namespace_, h->kube_context, plan->affix};
    struct deploy_snap_release *run = deploy_snapshot_plan_releases(plan);
    int rc = deploy_snapshot_record_or_warn(&w, command, run, plan->n, quiet);
    deploy_snap_releases_free(run, plan->n);
    return rc;
}

int deploy_snapshot_after_secrets(const char *helm, const char *release, const char *namespace_,
                                   const char *kube_context, const char *root_flag, struct secrets_keyring *kr,
                                   bool quiet)
{
    struct hp_error e = {0};
    int rc = 0;
    char *affix = NULL, *version = NULL;
    struct deploy_snap_where w = {helm, 0, namespace_, kube_context, NULL};
    if (deploy_helm_version(helm, &w.helm_major, &version, &e) < 0 ||
        deploy_snapshot_affix(root_flag, NULL, kr, &affix, &e) < 0) {
        hp_warnf("no snapshot recorded (helm panda history, rollback): %s", e.msg);
    } else {
        w.affix = affix;
        struct deploy_snap_release r = {.name = (char *)release, .stage = DEPLOY_SNAP_STAGE_SECRETS};
        rc = deploy_snapshot_record_or_warn(&w, "secrets upgrade", &r, 1, quiet);
    }
    free(version);
    free(affix);
    return rc;
}

void deploy_snapshot_forget_plan(struct deploy_plan *plan, const struct deploy_helm_args *h)
{
    struct deploy_snap_where w = {h->helm, h->helm_major, h->namespace_, h->kube_context, plan->affix};
    plan->last_name = deploy_snapshot_store_name(plan->affix);
    plan->last_label = DEPLOY_SNAP_COMPONENT;
    const char *words[] = {"uninstall", plan->last_name, "--ignore-not-found", NULL};
    helm_argv(&plan->last_argv, &w, words);
}

void deploy_snapshot_forget_said(const struct runner_job *job, bool absent, bool quiet)
{
    if (!quiet && job->state == RUNNER_OK && !absent)
        fprintf(stderr, HP_PROG ": %s uninstalled: the deployment's snapshots (helm panda history) went with it\n",
                job->name);
}
