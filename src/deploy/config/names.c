/* Release names and the affix (see include/deploy/config/names.h). */
#include <string.h>

#include "hp/file.h"

#include "deploy/config/errors.h"
#include "deploy/config/names.h"
#include "hp/util.h"
#include "sops/sops.h"

char *deploy_instance_name(const char *affix, const char *component)
{
    if (hp_str_has_suffix(affix, "-"))
        return hp_xasprintf("%s%s", affix, component);
    return hp_xasprintf("%s%s", component, affix);
}

static bool lower_alnum(char c) { return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9'); }

/* One dot-separated label: [a-z0-9], then [-a-z0-9]*, ending in [a-z0-9]. */
static bool label_valid(const char *p, size_t len)
{
    if (len == 0 || !lower_alnum(p[0]) || !lower_alnum(p[len - 1]))
        return false;
    for (size_t i = 1; i + 1 < len; i++)
        if (!lower_alnum(p[i]) && p[i] != '-')
            return false;
    return true;
}

bool deploy_release_name_valid(const char *name)
{
    size_t n = strlen(name);
    if (n == 0 || n > DEPLOY_RELEASE_NAME_MAX)
        return false;
    for (const char *p = name;;) {
        const char *dot = strchr(p, '.');
        size_t len = dot ? (size_t)(dot - p) : strlen(p);
        if (!label_valid(p, len))
            return false;
        if (!dot)
            return true;
        p = dot + 1;
    }
}

int deploy_affix_read(struct secrets_keyring *kr, const char *path, char **affix, struct hp_error *e)
{
    struct sops_doc d;
    *affix = NULL;
    int rc = secrets_read_tree(kr, path, &d, e);
    const struct sops_node *a = rc == 0 && d.tree.ndocs ? sops_map_get(d.tree.docs[0], "affix") : NULL;
    if (a && a->kind == SOPS_NODE_SCALAR)
        *affix = hp_xstrndup(a->text, a->len); /* a name, not a secret: ordinary heap is fine */
    if (rc < 0) /* the secrets module's kinds overlap ours */
        e->kind = e->kind == SOPS_ERR_PARSE ? DEPLOY_ERR_CONFIG : DEPLOY_ERR_SECRETS;
    sops_doc_free(&d); /* wipes every other value */
    return rc;
}

/* Read-only commands: a SOPS file's affix kept in clear (encrypted_regex not matching it) is
 * read from the file as it is, without any key. Nothing is decrypted, so nothing is
 * authenticated: the MAC covers the affix too, but checking it needs the data key. */
int deploy_affix_read_clear(const char *path, char **affix, struct hp_error *e)
{
    struct hp_secbuf raw = {0};
    struct sops_doc d;
    *affix = NULL;
    if (hp_file_read_secret(path, &raw, e) < 0) {
        e->kind = DEPLOY_ERR_SECRETS;
        return -1;
    }
    const unsigned char *data = raw.data ? raw.data : (const unsigned char *)"";
    struct hp_error ignored = {0}; /* not a SOPS YAML we can read: deploy_affix_read says why */
    memset(&d, 0, sizeof d);
    if (secrets_classify(path, data, raw.len) == SECRETS_SOPS &&
        sops_doc_load_encrypted(&d, data, raw.len, sops_format_pick_encrypted(path, SOPS_FMT_AUTO, data, raw.len),
                                &ignored) == 0) {
        const struct sops_node *a = d.tree.ndocs ? sops_map_get(d.tree.docs[0], "affix") : NULL;
        if (a && a->kind == SOPS_NODE_SCALAR && !(a->len >= 4 && memcmp(a->text, "ENC[", 4) == 0))
            *affix = hp_xstrndup(a->text, a->len);
    }
    sops_doc_free(&d); /* safe after a failed load too */
    hp_secbuf_free(&raw);
    return 0;
}
