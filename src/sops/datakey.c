/* The data key and sops.age[]: every recipient gets its own armored age file holding the
 * 32-byte key, which is what sops writes and what every sops reader expects. */
#include <string.h>

#include <sodium.h>

#include "hp/util.h"
#include "sops/sops.h"

int sops_datakey_open(const struct sops_meta *m, const struct age_identities *ids, unsigned char key[SOPS_KEY_LEN],
                      struct hp_error *e)
{
    if (m->nage == 0)
        return hp_error_set(e, SOPS_ERR_NO_KEY, "the file has no age recipients (other key types are not supported)");
    for (size_t i = 0; i < m->nage; i++) {
        struct hp_secbuf pt = {0};
        struct hp_error ae = {0};
        int rc = age_decrypt_mem(ids, (const unsigned char *)m->age[i].enc, strlen(m->age[i].enc), &pt, &ae);
        if (rc == 0 && pt.len == SOPS_KEY_LEN) {
            memcpy(key, pt.data, SOPS_KEY_LEN);
            hp_secbuf_free(&pt);
            return 0;
        }
        hp_secbuf_free(&pt);
        if (rc == 0)
            return hp_error_set(e, SOPS_ERR_NO_KEY, "the data key for %s is not %d bytes", m->age[i].recipient, SOPS_KEY_LEN);
        if (ae.kind != AGE_ERR_NO_MATCH)
            hp_debugf("sops.age[%zu] (%s): %s", i, m->age[i].recipient, ae.msg);
    }
    struct hp_buf list = {0};
    for (size_t i = 0; i < m->nage; i++)
        hp_buf_appendf(&list, "%s%s", i ? ", " : "", m->age[i].recipient);
    hp_error_set(e, SOPS_ERR_NO_KEY, "no identity matches any of the file's age recipients: %s", hp_buf_cstr(&list));
    hp_buf_free(&list);
    return -1;
}

int sops_datakey_seal(struct sops_meta *m, const struct hp_strlist *recipients, const unsigned char key[SOPS_KEY_LEN],
                      struct hp_error *e)
{
    if (recipients->n == 0)
        return hp_error_set(e, SOPS_ERR_NO_KEY, "no age recipients");
    struct sops_age_entry *age = hp_xcalloc(recipients->n, sizeof *age);
    size_t n = 0;
    int rc = 0;
    for (size_t i = 0; i < recipients->n && rc == 0; i++) {
        struct age_recipients *rs = age_recipients_new();
        struct hp_buf out = {0};
        if (age_recipients_add(rs, recipients->v[i], e) != 0 || age_encrypt_mem(rs, key, SOPS_KEY_LEN, true, &out, e) != 0) {
            rc = -1;
        } else {
            age[n].recipient = hp_xstrdup(recipients->v[i]);
            age[n++].enc = hp_xstrdup(hp_buf_cstr(&out));
        }
        hp_buf_free(&out);
        age_recipients_free(rs);
    }
    if (rc != 0) {
        for (size_t i = 0; i < n; i++) {
            free(age[i].recipient);
            free(age[i].enc);
        }
        free(age);
        return -1;
    }
    for (size_t i = 0; i < m->nage; i++) {
        free(m->age[i].recipient);
        free(m->age[i].enc);
    }
    free(m->age);
    m->age = age;
    m->nage = n;
    return 0;
}

int sops_decrypt_mem(const char *path, const unsigned char *data, size_t len, const struct age_identities *ids,
                     const struct sops_decrypt_opts *opts, struct hp_secbuf *out, struct hp_error *e)
{
    struct sops_doc d;
    unsigned char *key = hp_secmem_alloc(SOPS_KEY_LEN);
    enum sops_format fmt = sops_format_pick_encrypted(path, opts ? opts->format : SOPS_FMT_AUTO, data, len);
    int rc = -1;
    if (sops_doc_load_encrypted(&d, data, len, fmt, e) == 0 && sops_datakey_open(&d.meta, ids, key, e) == 0 &&
        sops_doc_decrypt(&d, key, opts && opts->ignore_mac, e) == 0 && sops_doc_emit_plain(&d, out, e) == 0)
        rc = 0;
    hp_secmem_free(key);
    sops_doc_free(&d);
    if (rc != 0 && path)
        hp_error_prefix(e, "%s", path);
    return rc;
}
