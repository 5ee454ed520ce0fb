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

/* A values file of the pulled OCI package (deploy/plan/oci_package.h): from memory, as /dev/fd/N too. */
static int package_values(struct deploy_release *r, const char *entry, struct hp_error *e)
{
    const struct hp_buf *b = r->package ? deploy_oci_package_file(r->package, entry + strlen(DEPLOY_OCI_PACKAGE_PREFIX))
                                        : NULL;
    if (!b)
        return hp_error_set(e, DEPLOY_ERR_PULL, "%s: %s is not in the chart package", r->name, entry);
    r->secret_files = hp_xrealloc(r->secret_files, (r->n_secret_files + 1) * sizeof *r->secret_files);
    struct memfile *mf = &r->secret_files[r->n_secret_files];
    if (memfile_create(mf, "helm-panda-chart-values", b->data, b->len, true, e) < 0) {
        hp_error_prefix(e, "%s", entry);
        return -1;
    }
    r->n_secret_files++;
    swap_path(r, entry, mf->path);
    hp_debugf("%s (%s): passed to helm as %s (%s)", entry, r->chart, mf->path, memfile_kind_name(mf->kind));
    return 0;
}

int deploy_values_prepare(struct secrets_keyring *kr, struct deploy_plan *plan, struct hp_error *e)
{
    for (size_t i = 0; i < plan->n; i++) {
        struct deploy_release *r = &plan->releases[i];
        for (size_t j = 0; j < r->values.n; j++) {
            if (hp_str_has_prefix(r->values.v[j], DEPLOY_OCI_PACKAGE_PREFIX)) {
                if (package_values(r, r->values.v[j], e) < 0)
                    return -1;
                continue;
            }
            struct hp_secbuf plain = {0};
            bool encrypted = false;
            if (deploy_values_read(kr, r->values.v[j], &plain, &encrypted, e) < 0)
                return -1;
            if (encrypted) {
                r->secret_files = hp_xrealloc(r->secret_files, (r->n_secret_files + 1) * sizeof *r->secret_files);
                struct memfile *mf = &r->secret_files[r->n_secret_files];
                if (memfile_create(mf, "helm-panda-values", plain.data, plain.len, true, e) < 0) {
                    hp_error_prefix(e, "%s", r->values.v[j]);
                    hp_secbuf_free(&plain);
                    return -1;
                }
                r->n_secret_files++;
                swap_path(r, r->values.v[j], mf->path);
                hp_debugf("%s: decrypted in memory, passed to helm as %s (%s)", r->values.v[j], mf->path,
                          memfile_kind_name(mf->kind));
            }
            hp_secbuf_free(&plain);
        }
    }
    return 0;
}
