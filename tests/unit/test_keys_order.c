/* Where src/keys finds age identities: a sops compatibility contract. sops (age/keysource.go,
 * loadIdentities) loads every source that is set, additively: the SSH key file, SOPS_AGE_KEY,
 * SOPS_AGE_KEY_FILE, SOPS_AGE_KEY_CMD and the user config keys.txt, the last one even when
 * others are set; the config dir is $XDG_CONFIG_HOME, else ~/.config (Go's os.UserConfigDir on
 * Linux). We add --identity files first and stop at the first malformed source, so the order
 * we read them in is what the first error names: --identity, SOPS_AGE_KEY, SOPS_AGE_KEY_FILE,
 * SOPS_AGE_KEY_CMD, SOPS_AGE_SSH_PRIVATE_KEY_FILE, keys.txt (include/keys/keys.h, README). */
#include <setjmp.h>
#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include "age/age.h"
#include "hp/buf.h"
#include "hp/file.h"
#include "hp/util.h"
#include "keys/keys.h"

#define BAD "AGE-SECRET-KEY-1NOTAKEY\n"

static char dir[] = "/tmp/hp-keys-XXXXXX";

/* A fresh identity's text (age-keygen format). */
static char *new_identity(void)
{
    struct age_identities *ids = age_identities_new();
    char recipient[128];
    struct hp_secbuf txt = {0};
    age_identities_generate(ids, recipient, &txt);
    char *s = hp_xstrdup(hp_secbuf_cstr(&txt));
    hp_secbuf_free(&txt);
    age_identities_free(ids);
    return s;
}

static char *write_file(const char *name, const char *text)
{
    char *p = hp_path_join(dir, name);
    FILE *f = fopen(p, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
    chmod(p, 0600);
    return p;
}

static void clear_env(void)
{
    unsetenv("SOPS_AGE_KEY");
    unsetenv("SOPS_AGE_KEY_FILE");
    unsetenv("SOPS_AGE_KEY_CMD");
    unsetenv("SOPS_AGE_SSH_PRIVATE_KEY_FILE");
    unsetenv("XDG_CONFIG_HOME");
    setenv("HOME", dir, 1); /* no ~/.config/sops/age/keys.txt unless a test writes one */
}

static int setup(void **state)
{
    (void)state;
    assert_non_null(mkdtemp(dir));
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char *cmd = hp_xasprintf("rm -rf %s", dir);
    int rc = system(cmd);
    free(cmd);
    return rc;
}

/* Loads with `files` (NULL: none); returns the count, or -1 with the error message in msg. */
static long load(const struct hp_strlist *files, char *msg, size_t cap)
{
    struct age_identities *ids = age_identities_new();
    struct hp_error e = {0};
    long n = keys_load_identities(ids, files, &e) == 0 ? (long)age_identities_count(ids) : -1;
    if (msg)
        snprintf(msg, cap, "%s", n < 0 ? e.msg : "");
    age_identities_free(ids);
    return n;
}

/* Every source is read, the default keys.txt too (catches: keys.txt only as a fallback, or
 * any source dropped). */
static void test_every_source_adds(void **state)
{
    (void)state;
    clear_env();
    char *a = new_identity(), *b = new_identity(), *c = new_identity(), *d = new_identity(), *f = new_identity();
    char *fa = write_file("flag.txt", a);
    char *fc = write_file("keyfile.txt", c);
    char *fd = write_file("cmd.txt", d);
    char *cfg = hp_path_join(dir, "xdg/sops/age");
    char *mk = hp_xasprintf("mkdir -p %s", cfg);
    assert_int_equal(system(mk), 0);
    char *fk = write_file("xdg/sops/age/keys.txt", f);
    struct hp_strlist files = {0};
    hp_strlist_push(&files, fa);
    setenv("SOPS_AGE_KEY", b, 1);
    setenv("SOPS_AGE_KEY_FILE", fc, 1);
    char *cmd = hp_xasprintf("cat %s", fd);
    setenv("SOPS_AGE_KEY_CMD", cmd, 1);
    char *xdg = hp_path_join(dir, "xdg");
    setenv("XDG_CONFIG_HOME", xdg, 1);
    assert_int_equal(load(&files, NULL, 0), 5);
    /* each alone adds its one identity */
    clear_env();
    setenv("XDG_CONFIG_HOME", xdg, 1);
    assert_int_equal(load(NULL, NULL, 0), 1); /* keys.txt alone */
    unsetenv("XDG_CONFIG_HOME");
    assert_int_equal(load(NULL, NULL, 0), 0);
    setenv("SOPS_AGE_KEY_CMD", cmd, 1);
    assert_int_equal(load(NULL, NULL, 0), 1);
    hp_strlist_free(&files);
    free(a), free(b), free(c), free(d), free(f);
    free(fa), free(fc), free(fd), free(fk), free(cfg), free(mk), free(cmd), free(xdg);
}

/* The first malformed source in reading order is the one named: each step fixes the source
 * the previous step named (catches any two sources read in another order). */
static void test_reading_order(void **state)
{
    (void)state;
    clear_env();
    char *good = new_identity();
    char *bad_flag = write_file("bad-flag.txt", BAD), *good_flag = write_file("good-flag.txt", good);
    char *bad_file = write_file("bad-file.txt", BAD), *good_file = write_file("good-file.txt", good);
    char *bad_ssh = write_file("bad-ssh", "-----BEGIN OPENSSH PRIVATE KEY-----\nAAAA\n-----END OPENSSH PRIVATE KEY-----\n");
    char *cfgdir = hp_path_join(dir, ".config/sops/age");
    char *mk = hp_xasprintf("mkdir -p %s", cfgdir);
    assert_int_equal(system(mk), 0);
    char *bad_cfg = write_file(".config/sops/age/keys.txt", BAD);
    struct hp_strlist files = {0};
    hp_strlist_push(&files, bad_flag);
    setenv("SOPS_AGE_KEY", BAD, 1);
    setenv("SOPS_AGE_KEY_FILE", bad_file, 1);
    setenv("SOPS_AGE_KEY_CMD", "printf 'AGE-SECRET-KEY-1NOTAKEY\\n'", 1);
    setenv("SOPS_AGE_SSH_PRIVATE_KEY_FILE", bad_ssh, 1);
    char msg[1024];

    assert_int_equal(load(&files, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "bad-flag.txt"));
    free(files.v[0]);
    files.v[0] = hp_xstrdup(good_flag);

    assert_int_equal(load(&files, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "SOPS_AGE_KEY:"));
    setenv("SOPS_AGE_KEY", good, 1);

    assert_int_equal(load(&files, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "SOPS_AGE_KEY_FILE"));
    assert_non_null(strstr(msg, "bad-file.txt"));
    setenv("SOPS_AGE_KEY_FILE", good_file, 1);

    assert_int_equal(load(&files, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "SOPS_AGE_KEY_CMD"));
    char *cmd = hp_xasprintf("cat %s", good_file);
    setenv("SOPS_AGE_KEY_CMD", cmd, 1);

    assert_int_equal(load(&files, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, "SOPS_AGE_SSH_PRIVATE_KEY_FILE"));
    unsetenv("SOPS_AGE_SSH_PRIVATE_KEY_FILE");

    assert_int_equal(load(&files, msg, sizeof msg), -1);
    assert_non_null(strstr(msg, ".config/sops/age/keys.txt"));
    FILE *f = fopen(bad_cfg, "w");
    assert_non_null(f);
    fputs(good, f);
    fclose(f);

    assert_int_equal(load(&files, msg, sizeof msg), 5);
    hp_strlist_free(&files);
    free(good), free(bad_flag), free(good_flag), free(bad_file), free(good_file), free(bad_ssh);
    free(cfgdir), free(mk), free(bad_cfg), free(cmd);
}

/* $XDG_CONFIG_HOME wins over ~/.config; an empty one counts as unset, as in Go (catches:
 * both read, HOME first, or an empty XDG_CONFIG_HOME taken as the current directory). */
static void test_config_dir(void **state)
{
    (void)state;
    clear_env();
    char *good = new_identity();
    char *mk = hp_xasprintf("mkdir -p %s/.config/sops/age %s/x/sops/age", dir, dir);
    assert_int_equal(system(mk), 0);
    char *home_keys = write_file(".config/sops/age/keys.txt", BAD);
    char *xdg_keys = write_file("x/sops/age/keys.txt", good);
    char *xdg = hp_path_join(dir, "x");
    setenv("XDG_CONFIG_HOME", xdg, 1);
    assert_int_equal(load(NULL, NULL, 0), 1); /* the bad ~/.config one is not read */
    setenv("XDG_CONFIG_HOME", "", 1);
    char msg[512];
    assert_int_equal(load(NULL, msg, sizeof msg), -1); /* now ~/.config is, and it is bad */
    assert_non_null(strstr(msg, ".config/sops/age/keys.txt"));
    free(good), free(mk), free(home_keys), free(xdg_keys), free(xdg);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_every_source_adds),
        cmocka_unit_test(test_reading_order),
        cmocka_unit_test(test_config_dir),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
