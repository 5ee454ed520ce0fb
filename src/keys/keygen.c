/* New age identities (see include/keys/keygen.h). */
#include <errno.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <time.h>

#include "age/age.h"
#include "hp/file.h"
#include "hp/outfile.h"
#include "hp/util.h"
#include "keys/keygen.h"

/* A new X25519 identity as age-keygen writes it: "# created", "# public key", the key line. */
void keys_identity_new(struct hp_secbuf *text, char recipient[AGE_X25519_RECIPIENT_MAX])
{
    struct age_identities *ids = age_identities_new();
    struct hp_secbuf key = {0};
    age_identities_generate(ids, recipient, &key);
    age_identities_free(ids);

    char when[64];
    time_t now = time(NULL);
    strftime(when, sizeof when, "%Y-%m-%dT%H:%M:%SZ", gmtime(&now));
    char head[300];
    int hl = snprintf(head, sizeof head, "# created: %s\n# public key: %s\n", when, recipient);
    hp_secbuf_append(text, head, (size_t)hl);
    hp_secbuf_append(text, key.data, key.len);
    hp_secbuf_append(text, "\n", 1);
    hp_secbuf_free(&key);
}

/* The folders above out that do not exist yet are created 0700 (what SOPS' default key file
 * ~/.config/sops/age/keys.txt needs on a fresh HOME); existing ones are left as they are. */
static int make_parents(const char *out, struct hp_error *e)
{
    char *dir = hp_xstrdup(out);
    for (char *p = dir + 1; (p = strchr(p, '/')) != NULL; p++) {
        *p = '\0';
        if (mkdir(dir, 0700) != 0 && errno != EEXIST) {
            hp_error_set(e, HP_ERR_WRITE, "%s: cannot create the folder %s: %s", out, dir, strerror(errno));
            free(dir);
            return -1;
        }
        *p = '/';
    }
    free(dir);
    return 0;
}

/* Never overwrite: the file is linked into place only when complete, which fails if FILE
 * exists (even if it appeared meanwhile); until then it has no name (or a temporary one a
 * signal removes), so a kill leaves no copy of the identity. Mode 0600 exactly. */
int keys_identity_file_write(const char *out, const struct hp_secbuf *text, struct hp_error *e)
{
    struct hp_outfile o;
    if (hp_path_exists(out))
        return hp_error_set(e, HP_ERR_GENERIC, "%s: already exists; not overwriting an identity file", out);
    if (make_parents(out, e) < 0)
        return -1;
    if (hp_outfile_open(&o, out, 0600, e) < 0)
        return -1;
    if (hp_fd_write_all(o.fd, text->data, text->len) < 0) {
        hp_error_set(e, HP_ERR_WRITE, "%s: %s", out, strerror(errno));
        hp_outfile_abort(&o);
        return -1;
    }
    if (hp_outfile_commit(&o, true, e) < 0) {
        if (errno == EEXIST)
            hp_error_set(e, HP_ERR_GENERIC, "%s: already exists; not overwriting an identity file", out);
        return -1;
    }
    return 0;
}
