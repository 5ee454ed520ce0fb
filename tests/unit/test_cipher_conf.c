/* The SOPS value cipher ignores the system's openssl.cnf: a config that activates a provider
 * module of its own (here one that does not exist) must not take AES-GCM away, nor make the
 * static release binary dlopen anything. Its own binary: OpenSSL reads its config once per
 * process, so OPENSSL_CONF is set before any other libcrypto call. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>
#include <cmocka.h>

#include "sops/cipher.h"

static const char BAD_CONF[] = "openssl_conf = openssl_init\n"
                               "[openssl_init]\nproviders = provider_sect\n"
                               "[provider_sect]\nelsewhere = elsewhere_sect\n"
                               "[elsewhere_sect]\nmodule = /nonexistent/helm-panda-test-provider.so\n"
                               "activate = 1\n";

static void test_cipher_ignores_openssl_conf(void **state)
{
    (void)state;
    assert_true(sodium_init() >= 0);
    char path[] = "/tmp/hp-openssl-conf.XXXXXX";
    int fd = mkstemp(path);
    assert_true(fd >= 0);
    assert_int_equal(write(fd, BAD_CONF, sizeof BAD_CONF - 1), (ssize_t)(sizeof BAD_CONF - 1));
    close(fd);
    setenv("OPENSSL_CONF", path, 1);

    unsigned char key[SOPS_KEY_LEN] = {1, 2, 3};
    struct hp_buf enc = {0};
    struct hp_error e = {0};
    int rc = sops_value_encrypt(key, (const unsigned char *)"s3cret", 6, "str", "a:", 2, NULL, &enc, &e);
    unlink(path);
    if (rc != 0)
        fail_msg("encrypt under a foreign openssl.cnf: %s", e.msg);
    struct hp_secbuf pt = {0};
    char type[8];
    if (sops_value_decrypt(key, (const char *)enc.data, enc.len, "a:", 2, &pt, type, &e) != 0)
        fail_msg("decrypt under a foreign openssl.cnf: %s", e.msg);
    assert_int_equal(pt.len, 6);
    assert_memory_equal(pt.data, "s3cret", 6);
    assert_string_equal(type, "str");
    hp_secbuf_free(&pt);
    hp_buf_free(&enc);
}

int main(void)
{
    const struct CMUnitTest tests[] = {cmocka_unit_test(test_cipher_ignores_openssl_conf)};
    return cmocka_run_group_tests(tests, NULL, NULL);
}
