/* Encrypted values files in memory (see include/deploy/plan/values.h). */
#include <stdlib.h>
#include <string.h>

#include "deploy/config/errors.h"
#include "deploy/config/oci.h"
#include "deploy/plan/oci_package.h"
#include "deploy/plan/values.h"
#include "hp/file.h"
#include "secrets/memfile.h"
#include "sops/sops.h"

int deploy_values_read(struct secrets_keyring *kr, const char *path, struct hp_secbuf *out, bool *was_encrypted,
                       struct hp_error *e)
{
    enum secrets_input_kind kind = SECRETS_PLAIN;
    int rc = secrets_read_plaintext(kr, path, out, &kind, e);
    if (was_encrypted)
        *was_encrypted = rc == 0 && kind != SECRETS_PLAIN;
    if (rc < 0)
        e->kind = DEPLOY_ERR_SECRETS; /* the secrets module's kinds overlap ours */
    return rc;
}

/* Replaces the argv entry after "-f" that names `path` with the memfile's /dev/fd/N. */
static void swap_path(struct deploy_release *r, const char *path, const char *fdpath)
{
    for (size_t i = 1; i < r->argv.n; i++)
        if (strcmp(r->argv.v[i - 1], "-f") == 0 && strcmp(r->argv.v[i], path) == 0) {
            free(r->argv.v[i]);
            r->argv.v[i] = hp_xstrdup(fdpath);
            return;
        }
}

/* A values file of the pulled OCI package (deploy/plan/oci_package.h): from memory, into mf. */
static int package_values(struct deploy_release *r, const char *entry, struct memfile *mf, struct hp_error *e)
{
    const struct hp_buf *b = r->package ? deploy_oci_package_file(r->package, entry + strlen(DEPLOY_OCI_PACKAGE_PREFIX))
                                        : NULL;
    if (!b)
        return hp_error_set(e, DEPLOY_ERR_PULL, "%s: %s is not in the chart package", r->name, entry);
    if (memfile_create(mf, "helm-panda-chart-values", b->data, b->len, true, e) < 0) {
        hp_error_prefix(e, "%s", entry);
        return -1;
    }
    hp_debugf("%s (%s): in memory as %s (%s)", entry, r->chart, mf->path, memfile_kind_name(mf->kind));
    return 0;
}

/* One values file into mf: decrypted when encrypted, else left to helm (mf->fd stays -1).
 * Seekable: apply's diff and upgrade both read it. */
static int encrypted_values(struct secrets_keyring *kr, const char *path, struct memfile *mf, struct hp_error *e)
{
    struct hp_secbuf plain = {0};
    bool encrypted = false;
    if (deploy_values_read(kr, path, &plain, &encrypted, e) < 0)
        return -1;
    int rc = 0;
    if (encrypted && memfile_create(mf, "helm-panda-values", plain.data, plain.len, true, e) < 0) {
        hp_error_prefix(e, "%s", path);
        rc = -1;
    } else if (encrypted) {
        hp_debugf("%s: decrypted in memory, passed to helm as %s (%s)", path, mf->path, memfile_kind_name(mf->kind));
    }
    hp_secbuf_free(&plain);
    return rc;
}

/* The release's values memfiles, made once per run: the first call reads and decrypts. */
static int values_once(struct secrets_keyring *kr, struct deploy_release *r, struct hp_error *e)
{
    if (r->values_mf)
        return 0;
    r->values_mf = hp_xcalloc(r->values.n ? r->values.n : 1, sizeof *r->values_mf);
    for (size_t j = 0; j < r->values.n; j++)
        r->values_mf[j].fd = -1;
    for (size_t j = 0; j < r->values.n; j++) {
        const char *v = r->values.v[j];
        int rc = hp_str_has_prefix(v, DEPLOY_OCI_PACKAGE_PREFIX) ? package_values(r, v, &r->values_mf[j], e)
                                                                  : encrypted_values(kr, v, &r->values_mf[j], e);
        if (rc < 0)
            return -1;
    }
    return 0;
}

/* One more descriptor of src for this run's helm of r: its /dev/fd/N goes where `at` is. */
static int hand_out(struct deploy_release *r, const struct memfile *src, const char *at, bool chart,
                    struct hp_error *e)
{
    r->secret_files = hp_xrealloc(r->secret_files, (r->n_secret_files + 1) * sizeof *r->secret_files);
    struct memfile *mf = &r->secret_files[r->n_secret_files];
    if (memfile_share(src, mf, e) < 0)
        return -1;
    r->n_secret_files++;
    if (chart)
        deploy_release_swap_chart(r, mf->path);
    else
        swap_path(r, at, mf->path);
    return 0;
}

void deploy_values_handouts_close(struct deploy_release *r)
{
    for (size_t j = 0; j < r->n_secret_files; j++)
        memfile_close(&r->secret_files[j]);
    free(r->secret_files);
    r->secret_files = NULL;
    r->n_secret_files = 0;
}

int deploy_values_prepare(struct secrets_keyring *kr, struct deploy_plan *plan, struct hp_error *e)
{
    for (size_t i = 0; i < plan->n; i++) {
        struct deploy_release *r = &plan->releases[i];
        deploy_values_handouts_close(r); /* a previous run's, spent */
        if (values_once(kr, r, e) < 0)
            return -1;
        for (size_t j = 0; j < r->values.n; j++)
            if (r->values_mf[j].fd >= 0 && hand_out(r, &r->values_mf[j], r->values.v[j], false, e) < 0)
                return -1;
        if (r->package && hand_out(r, &r->package->tgz, NULL, true, e) < 0)
            return -1;
    }
    return 0;
}
