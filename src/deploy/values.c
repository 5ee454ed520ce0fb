/* SOPS values files in memory (see include/deploy/values.h). */
#include <stdlib.h>
#include <string.h>

#include "deploy/values.h"
#include "hp/file.h"
#include "keys/keys.h"
#include "secrets/memfile.h"
#include "sops/sops.h"

void deploy_keys_free(struct deploy_keys *k)
{
    if (k->ids)
        age_identities_free(k->ids);
    k->ids = NULL;
}

static int keys_ready(struct deploy_keys *k, struct hp_error *e)
{
    if (k->ids)
        return 0;
    k->ids = age_identities_new();
    static const struct hp_strlist none = {0};
    if (keys_load_identities(k->ids, k->files ? k->files : &none, e) < 0) {
        deploy_keys_free(k);
        return -1;
    }
    return 0;
}

int deploy_values_read(struct deploy_keys *k, const char *path, struct hp_secbuf *out, bool *was_sops,
                       struct hp_error *e)
{
    struct hp_secbuf raw = {0};
    if (was_sops)
        *was_sops = false;
    if (hp_file_read_secret(path, &raw, e) < 0)
        return -1;
    if (!sops_is_encrypted(raw.data, raw.len)) {
        *out = raw; /* already in guarded memory: hand it over */
        return 0;
    }
    if (was_sops)
        *was_sops = true;
    int rc = keys_ready(k, e);
    if (rc == 0) {
        struct sops_decrypt_opts so = {.format = SOPS_FMT_AUTO};
        rc = sops_decrypt_mem(path, raw.data, raw.len, k->ids, &so, out, e);
        if (rc < 0 && e->kind == SOPS_ERR_NO_KEY && age_identities_count(k->ids) == 0)
            hp_error_set(e, DEPLOY_ERR_SECRETS, "%s: SOPS file but no age identity found (set SOPS_AGE_KEY_FILE "
                                                "or give --identity FILE)", path);
    }
    hp_secbuf_free(&raw);
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

int deploy_values_prepare(struct deploy_keys *k, struct deploy_plan *plan, struct hp_error *e)
{
    for (size_t i = 0; i < plan->n; i++) {
        struct deploy_release *r = &plan->releases[i];
        for (size_t j = 0; j < r->values.n; j++) {
            struct hp_secbuf plain = {0};
            bool sops = false;
            if (deploy_values_read(k, r->values.v[j], &plain, &sops, e) < 0)
                return -1;
            if (sops) {
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
