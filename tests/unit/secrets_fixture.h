/* Test fixture for the decryption paths: a private HOME with no SOPS environment, a fresh
 * age identity in a file, and encrypted inputs made with the library itself. Included by
 * test_secrets_decrypt.c and test_deploy_values.c (static: one copy per test binary). */
#ifndef TESTS_SECRETS_FIXTURE_H
#define TESTS_SECRETS_FIXTURE_H

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>

#include "age/age.h"
#include "hp/buf.h"
#include "hp/file.h"
#include "hp/util.h"
#include "sops/sops.h"

struct fixture {
    char dir[32];
    char recipient[128];
    char *identity_file; /* the identity, in age-keygen format */
};

static inline char *fx_write(struct fixture *fx, const char *name, const void *data, size_t len)
{
    char *p = hp_path_join(fx->dir, name);
    FILE *f = fopen(p, "w");
    if (!f || fwrite(data, 1, len, f) != len)
        abort();
    fclose(f);
    chmod(p, 0600);
    return p;
}

/* Nothing from the caller's environment may supply identities. */
static inline void fx_setup(struct fixture *fx)
{
    memset(fx, 0, sizeof *fx);
    strcpy(fx->dir, "/tmp/hp-fx-XXXXXX");
    if (!mkdtemp(fx->dir))
        abort();
    unsetenv("SOPS_AGE_KEY");
    unsetenv("SOPS_AGE_KEY_FILE");
    unsetenv("SOPS_AGE_KEY_CMD");
    unsetenv("SOPS_AGE_SSH_PRIVATE_KEY_FILE");
    unsetenv("XDG_CONFIG_HOME");
    setenv("HOME", fx->dir, 1);
    struct age_identities *ids = age_identities_new();
    struct hp_secbuf txt = {0};
    age_identities_generate(ids, fx->recipient, &txt);
    fx->identity_file = fx_write(fx, "keys.txt", txt.data, txt.len);
    hp_secbuf_free(&txt);
    age_identities_free(ids);
}

static inline void fx_teardown(struct fixture *fx)
{
    char *cmd = hp_xasprintf("rm -rf %s", fx->dir);
    if (system(cmd) != 0)
        abort();
    free(cmd);
    free(fx->identity_file);
}

/* An armored age file of text for the fixture's recipient, written as name. */
static inline char *fx_age_file(struct fixture *fx, const char *name, const char *text)
{
    struct age_recipients *rs = age_recipients_new();
    struct hp_error e = {0};
    struct hp_buf out = {0};
    if (age_recipients_add(rs, fx->recipient, &e) != 0 ||
        age_encrypt_mem(rs, (const unsigned char *)text, strlen(text), true, &out, &e) != 0)
        abort();
    char *p = fx_write(fx, name, out.data, out.len);
    hp_buf_free(&out);
    age_recipients_free(rs);
    return p;
}

/* A SOPS YAML document of yaml (every value encrypted), written as name. */
static inline char *fx_sops_file(struct fixture *fx, const char *name, const char *yaml)
{
    struct sops_doc d;
    struct hp_error e = {0};
    struct hp_strlist recips = {0};
    hp_strlist_push(&recips, fx->recipient);
    unsigned char *key = hp_secmem_alloc(SOPS_KEY_LEN);
    randombytes_buf(key, SOPS_KEY_LEN);
    if (sops_doc_load_plain(&d, (const unsigned char *)yaml, strlen(yaml), SOPS_FMT_YAML, &e) != 0 ||
        sops_datakey_seal(&d.meta, &recips, key, &e) != 0 || sops_doc_encrypt(&d, key, &e) != 0)
        abort();
    struct hp_buf out = {0};
    sops_doc_emit_encrypted(&d, false, &out);
    char *p = fx_write(fx, name, out.data, out.len);
    hp_buf_free(&out);
    sops_doc_free(&d);
    hp_secmem_free(key);
    hp_strlist_free(&recips);
    return p;
}

/* One fixture per test binary, set up once for its group (cmocka's group setup/teardown). */
static struct fixture fx;

static inline int fx_group_setup(void **state)
{
    (void)state;
    fx_setup(&fx);
    return 0;
}

static inline int fx_group_teardown(void **state)
{
    (void)state;
    fx_teardown(&fx);
    return 0;
}

#endif
