/* The age library's building blocks against published vectors (RFC 5869 HKDF, BIP 173
 * bech32), files written by the age CLI (X25519 and ssh-ed25519, armored), and round trips
 * through our own encryptor at the STREAM chunk edges. */
#include <setjmp.h>
#include <sodium.h>
#include <stdarg.h>
#include <stdbool.h>
#include <stddef.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>
#include <cmocka.h>

#include "age/age.h"
#include "age/armor.h"
#include "age/bech32.h"
#include "age/format.h"
#include "age/headermac.h"
#include "age/hkdf.h"
#include "age/recipient.h"
#include "age/ssh.h"
#include "age/stream.h"
#include "age/file.h"
#include "age/x25519.h"

static void hex(char *out, const unsigned char *p, size_t n)
{
    sodium_bin2hex(out, n * 2 + 1, p, n);
}

static void test_hkdf_rfc5869(void **state)
{
    (void)state;
    unsigned char ikm[22], salt[13], okm[42];
    char info[11], h[85];
    memset(ikm, 0x0b, sizeof ikm);
    for (int i = 0; i < 13; i++)
        salt[i] = (unsigned char)i;
    for (int i = 0; i < 10; i++)
        info[i] = (char)(0xf0 + i);
    info[10] = 0;
    age_hkdf_sha256(okm, 42, ikm, sizeof ikm, salt, sizeof salt, info);
    hex(h, okm, 42);
    /* RFC 5869 A.1 */
    assert_string_equal(h, "3cb25f25faacd57a90434f64d0362f2a2d2d0a90cf1a5a4c5db02d56ecc4c5bf34007208d5b887185865");
    /* RFC 5869 A.3: empty salt and info */
    age_hkdf_sha256(okm, 42, ikm, sizeof ikm, NULL, 0, "");
    hex(h, okm, 42);
    assert_string_equal(h, "8da4e775a563c18f715f802a063c5a31b8a11f5c5ee1879ec3454e5f3c738d2d9d201395faa4b61a96c8");
}

static void test_bech32_bip173(void **state)
{
    (void)state;
    char hrp[64];
    unsigned char data[64];
    size_t n;
    assert_int_equal(age_bech32_decode("A12UEL5L", 8, hrp, sizeof hrp, data, sizeof data, &n), 0);
    assert_string_equal(hrp, "a");
    assert_int_equal(n, 0);
    const char *v = "abcdef1qpzry9x8gf2tvdw0s3jn54khce6mua7lmqqqxw";
    assert_int_equal(age_bech32_decode(v, strlen(v), hrp, sizeof hrp, data, sizeof data, &n), 0);
    assert_string_equal(hrp, "abcdef");
    char h[64];
    hex(h, data, n);
    assert_string_equal(h, "00443214c74254b635cf84653a56d7c675be77df");
    char enc[128];
    assert_int_equal(age_bech32_encode(enc, sizeof enc, "abcdef", data, n, 0), 0);
    assert_string_equal(enc, v);
    /* mixed case, a flipped checksum character, no separator: all refused */
    assert_int_equal(age_bech32_decode("A12uEL5L", 8, hrp, sizeof hrp, data, sizeof data, &n), -1);
    assert_int_equal(age_bech32_decode("a12uel5m", 8, hrp, sizeof hrp, data, sizeof data, &n), -1);
    assert_int_equal(age_bech32_decode("pzry9x0s0muk", 12, hrp, sizeof hrp, data, sizeof data, &n), -1);
}

/* The CCTV identity, and its recipient as `age-keygen -y` prints it. */
#define CCTV_ID "AGE-SECRET-KEY-1EGTZVFFV20835NWYV6270LXYVK2VKNX2MMDKWYKLMGR48UAWX40Q2P2LM0"
#define CCTV_R "age1xmwwc06ly3ee5rytxm9mflaz2u56jjj36s0mypdrwsvlul66mv4q47ryef"

static void test_x25519_keys_match_age_keygen(void **state)
{
    (void)state;
    unsigned char sk[32], pk[32], pk2[32];
    struct hp_error e = {0};
    assert_int_equal(age_x25519_parse_identity(CCTV_ID, strlen(CCTV_ID), sk, &e), 0);
    crypto_scalarmult_base(pk, sk);
    char r[AGE_X25519_RECIPIENT_MAX], id[AGE_X25519_IDENTITY_MAX];
    age_x25519_format_recipient(r, pk);
    assert_string_equal(r, CCTV_R);
    age_x25519_format_identity(id, sk);
    assert_string_equal(id, CCTV_ID);
    assert_int_equal(age_x25519_parse_recipient(CCTV_R, strlen(CCTV_R), pk2, &e), 0);
    assert_memory_equal(pk, pk2, 32);
    /* lower-case identity, wrong HRP, truncated key: refused */
    assert_int_equal(age_x25519_parse_identity("age-secret-key-1egtzvffv20835nwyv6270lxyvk2vknx2mmdkwyklmgr48uawx40q2p2lm0",
                                               74, sk, &e), -1);
    assert_int_equal(e.kind, AGE_ERR_KEY);
    assert_int_equal(age_x25519_parse_recipient(CCTV_ID, strlen(CCTV_ID), pk2, &e), -1);
    assert_int_equal(age_x25519_parse_recipient(CCTV_R, strlen(CCTV_R) - 1, pk2, &e), -1);
}

/* The small-order u-coordinates (libsodium's blacklist, curve25519.c: 0, 1, the two order-8
 * points, p-1, p, p+1, and the same with the top bit set, which X25519 ignores). */
static const char *const low_order_hex[] = {
    "0000000000000000000000000000000000000000000000000000000000000000",
    "0100000000000000000000000000000000000000000000000000000000000000",
    "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b800",
    "5f9c95bca3508c24b1d0b1559c83ef5b04445cc4581c8e86d8224eddd09f1157",
    "ecffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "edffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "eeffffffffffffffffffffffffffffffffffffffffffffffffffffffffffff7f",
    "0000000000000000000000000000000000000000000000000000000000000080",
    "e0eb7a7c3b41b8ae1656e3faf19fc46ada098deb9c32b1fd866205165f49b880",
    NULL,
};

/* A low-order recipient used to loop forever in age_x25519_wrap (every scalar gives an
 * all-zero shared secret). Parsing refuses it as age does; wrapping refuses it too. */
static void test_x25519_low_order_recipients(void **state)
{
    (void)state;
    alarm(20); /* the old wrap looped: fail, do not hang */
    const char *zero = "age1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq5cu47z";
    unsigned char pk[32], fk[AGE_FILE_KEY_LEN] = {0};
    struct hp_error e = {0};
    assert_int_equal(age_x25519_parse_recipient(zero, strlen(zero), pk, &e), -1);
    assert_int_equal(e.kind, AGE_ERR_KEY);
    assert_non_null(strstr(e.msg, "low order point"));
    for (const char *const *h = low_order_hex; *h; h++) {
        unsigned char point[32];
        char r[AGE_X25519_RECIPIENT_MAX];
        assert_int_equal(sodium_hex2bin(point, sizeof point, *h, 64, NULL, NULL, NULL), 0);
        age_x25519_format_recipient(r, point);
        hp_error_clear(&e);
        assert_int_equal(age_x25519_parse_recipient(r, strlen(r), pk, &e), -1);
        assert_non_null(strstr(e.msg, "low order point"));
        struct age_header hd = {0};
        hp_error_clear(&e);
        assert_int_equal(age_x25519_wrap(&hd, point, fk, &e), -1);
        assert_int_equal(hd.n, 0);
        age_header_free(&hd);
    }
    /* through the recipient list, as encrypt and .sops.yaml rules use it */
    struct age_recipients *rs = age_recipients_new();
    assert_int_equal(age_recipients_add(rs, zero, &e), -1);
    assert_int_equal(age_recipients_count(rs), 0);
    assert_int_equal(age_recipients_add(rs, CCTV_R, &e), 0);
    age_recipients_free(rs);
    alarm(0);
}

/* Written by `age -r CCTV_R -a` (age 1.1.1). */
static const char age_x25519_armored[] =
    "-----BEGIN AGE ENCRYPTED FILE-----\n"
    "YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IFgyNTUxOSBUZGJER1V5STFSOUJ0ZTVE\n"
    "R1Npb1N6RUJQR2xHa1FrTnE4Q1l4RUNIblRBCjVEbUV4ZWo3Z0VjRGlnUUlIdkVx\n"
    "SVVTcW5tMU9qcXlIWEROM0RROTRTRE0KLS0tIHVuNTdVdDI1Qm1WamEwZEszVTAr\n"
    "NnFFcjBIS2sxRXo4UmJvb1lBN3BDUTAKFS4xf+5u1Dzz1MGXqQx4UUNOyBoZm4ln\n"
    "yjX4ZxT351Jp1HSI1xJ57IX8FM2LiA==\n"
    "-----END AGE ENCRYPTED FILE-----\n";

/* An OpenSSH ed25519 test key (ssh-keygen -t ed25519 -N ''), and a file that
 * `age -R tk.pub -a` encrypted to it. */
static const char ssh_priv[] = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
                               "b3BlbnNzaC1rZXktdjEAAAAABG5vbmUAAAAEbm9uZQAAAAAAAAABAAAAMwAAAAtzc2gtZW\n"
                               "QyNTUxOQAAACBSLsn8WSd3rXZaTf3VZr2gsmtxpaCSwWrqfYg/ZQ+pIAAAAJBr44oPa+OK\n"
                               "DwAAAAtzc2gtZWQyNTUxOQAAACBSLsn8WSd3rXZaTf3VZr2gsmtxpaCSwWrqfYg/ZQ+pIA\n"
                               "AAAECknUUOlJ4H14ti2jZCgUayH4HkGcyl6fAaNltZEz/ruVIuyfxZJ3etdlpN/dVmvaCy\n"
                               "a3GloJLBaup9iD9lD6kgAAAACXVuaXRAdGVzdAECAwQ=\n"
                               "-----END OPENSSH PRIVATE KEY-----\n";
static const char ssh_pub[] = "ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFIuyfxZJ3etdlpN/dVmvaCya3GloJLBaup9iD9lD6kg unit@test";
static const char age_ssh_armored[] =
    "-----BEGIN AGE ENCRYPTED FILE-----\n"
    "YWdlLWVuY3J5cHRpb24ub3JnL3YxCi0+IHNzaC1lZDI1NTE5IHVVVWp4QSA5eWtq\n"
    "R3JFek85RjVXWjZBRVl3OHRrbzNiSjY4THFQNE8ybnBpSUxlSkVFCktXd3pRZEcx\n"
    "bU5QQWVGeC9LTFlaYXdLeVA4ZGdjMmUvTUZwWTJGTStJUm8KLS0tIFBzQ291TTI2\n"
    "Yi9MTFRRQ01FRWs5cWNUMFVoOTZGWGFsaWVaOHBoZXgycjAKKClk83n4b8Rw1kZM\n"
    "34GQRPirAE1nbtqdNYeasUb6Dg3jaxYFDxk+4JYnDzEdikTw1fzscnHLTQ==\n"
    "-----END AGE ENCRYPTED FILE-----\n";
/* The head of an encrypted (passphrase "pw") ssh-keygen key. */
static const char ssh_priv_encrypted[] = "-----BEGIN OPENSSH PRIVATE KEY-----\n"
                                         "b3BlbnNzaC1rZXktdjEAAAAACmFlczI1Ni1jdHIAAAAGYmNyeXB0AAAAGAAAABCTIl3VeX\n"
                                         "JFYCsd36vl+HYfAAAAEAAAAAEAAAAzAAAAC3NzaC1lZDI1NTE5AAAAIC0Wieo9oEtXQPG1\n"
                                         "-----END OPENSSH PRIVATE KEY-----\n";

static void decrypt_text(const char *idtext, const char *file, const char *want)
{
    struct age_identities *ids = age_identities_new();
    struct hp_error e = {0};
    struct hp_secbuf out = {0};
    assert_int_equal(age_identities_add_text(ids, idtext, strlen(idtext), "test", &e), 0);
    assert_true(age_looks_like_age((const unsigned char *)file, strlen(file)));
    int rc = age_decrypt_mem(ids, (const unsigned char *)file, strlen(file), &out, &e);
    if (rc != 0)
        fail_msg("%s", e.msg);
    assert_int_equal(out.len, strlen(want));
    assert_memory_equal(out.data, want, out.len);
    hp_secbuf_free(&out);
    age_identities_free(ids);
}

static void test_decrypts_age_cli_files(void **state)
{
    (void)state;
    decrypt_text("# created by age-keygen\n# public key: " CCTV_R "\n" CCTV_ID "\n", age_x25519_armored,
                 "hello from age");
    decrypt_text(ssh_priv, age_ssh_armored, "hello from age over ssh");
}

static void test_ssh_keys(void **state)
{
    (void)state;
    struct age_ssh_pub pub, priv_pub;
    unsigned char sk[32];
    struct hp_error e = {0};
    assert_int_equal(age_ssh_parse_public(ssh_pub, strlen(ssh_pub), &pub, &e), 0);
    assert_int_equal(age_ssh_parse_private(ssh_priv, strlen(ssh_priv), sk, &priv_pub, &e), 0);
    assert_memory_equal(pub.wire, priv_pub.wire, AGE_SSH_WIRE_LEN);
    assert_memory_equal(pub.curve, priv_pub.curve, 32);
    unsigned char pk[32];
    crypto_scalarmult_base(pk, sk);
    assert_memory_equal(pk, pub.curve, 32); /* the converted secret matches the converted public key */

    struct age_identities *ids = age_identities_new();
    assert_int_equal(age_identities_add_text(ids, ssh_priv_encrypted, strlen(ssh_priv_encrypted), "enc_key", &e), -1);
    assert_int_equal(e.kind, AGE_ERR_KEY);
    assert_non_null(strstr(e.msg, "enc_key: passphrase-protected OpenSSH keys are not supported"));
    age_identities_free(ids);
    assert_int_equal(age_ssh_parse_public("ssh-ed25519 AAAAC3NzaC1lZDI1NTE5AAAAIFIuyfxZ", 44, &pub, &e), -1);
}

/* Encrypt with ours at the chunk edges, then decrypt with ours; the binary and armored
 * forms; every recipient kind. (The age CLI checks the same files in t_age_interop.) */
static void test_round_trips(void **state)
{
    (void)state;
    /* the chunk edges, then the edges of the payload code's AGE_STREAM_BATCH-chunk batches (a
     * batch is decrypted in parallel while the next is read: the last-chunk flag crosses
     * batches) */
    enum { B = AGE_STREAM_BATCH };
    static const size_t sizes[] = {0,          1,          65535,          65536,          65537,
                                   3 * 65536,  3 * 65536 + 5, B * 65536 - 1, B * 65536, B * 65536 + 1,
                                   2 * B * 65536, 2 * B * 65536 + 1, (2 * B + 15) * 65536 + 3};
    size_t max = (2 * B + 15) * (size_t)65536 + 3;
    unsigned char *pt = malloc(max);
    randombytes_buf(pt, max);
    struct hp_error e = {0};
    struct age_recipients *rs = age_recipients_new();
    struct age_identities *ids = age_identities_new();
    assert_int_equal(age_recipients_add(rs, CCTV_R, &e), 0);
    assert_int_equal(age_recipients_add(rs, ssh_pub, &e), 0);
    assert_int_equal(age_recipients_count(rs), 2);
    assert_int_equal(age_identities_add_text(ids, ssh_priv, strlen(ssh_priv), "ssh", &e), 0);
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        for (int armor = 0; armor < 2; armor++) {
            struct hp_buf ct = {0};
            struct hp_secbuf out = {0};
            assert_int_equal(age_encrypt_mem(rs, pt, sizes[i], armor, &ct, &e), 0);
            assert_true(age_looks_like_age(ct.data, ct.len));
            if (armor) {
                /* every line 64 columns but the last base64 line */
                const char *p = (const char *)ct.data;
                assert_true(strncmp(p, AGE_ARMOR_BEGIN "\n", sizeof AGE_ARMOR_BEGIN) == 0);
                const char *endl = strstr(p, AGE_ARMOR_END);
                assert_non_null(endl);
                assert_string_equal(endl, AGE_ARMOR_END "\n");
            } else {
                /* 22 header bytes... then payload: nonce + chunks with one tag each */
                size_t chunks = sizes[i] ? (sizes[i] + 65535) / 65536 : 1;
                const unsigned char *mac = memmem(ct.data, ct.len, "\n--- ", 5);
                assert_non_null(mac);
                size_t hdr = (size_t)(mac - ct.data) + 5 + 43 + 1;
                assert_int_equal(ct.len - hdr, 16 + sizes[i] + 16 * chunks);
            }
            int rc = age_decrypt_mem(ids, ct.data, ct.len, &out, &e);
            if (rc != 0)
                fail_msg("size %zu armor %d: %s", sizes[i], armor, e.msg);
            assert_int_equal(out.len, sizes[i]);
            if (sizes[i])
                assert_memory_equal(out.data, pt, sizes[i]);
            hp_buf_free(&ct);
            hp_secbuf_free(&out);
        }
    }
    age_identities_free(ids);
    age_recipients_free(rs);
    free(pt);
}

/* The test ssh-ed25519 key as the one recipient and the one identity. */
static void ssh_pair(struct age_recipients **rs, struct age_identities **ids)
{
    struct hp_error e = {0};
    *rs = age_recipients_new();
    *ids = age_identities_new();
    assert_int_equal(age_recipients_add(*rs, ssh_pub, &e), 0);
    assert_int_equal(age_identities_add_text(*ids, ssh_priv, strlen(ssh_priv), "ssh", &e), 0);
}

/* Where the payload starts in a binary age file: after the header's MAC line. */
static size_t payload_offset(const struct hp_buf *ct)
{
    const unsigned char *mac = memmem(ct->data, ct->len, "\n--- ", 5);
    assert_non_null(mac);
    return (size_t)(mac - ct->data) + 5 + 43 + 1;
}

/* Damage across the AGE_STREAM_BATCH-chunk batch boundary is still caught and named, and nothing after
 * the damage is released: truncation right after a full batch, a flipped byte in the
 * second batch, data after the last chunk. */
static void test_payload_damage_across_batches(void **state)
{
    (void)state;
    enum { ENC = 65536 + 16 };
    enum { B = AGE_STREAM_BATCH };
    size_t n = 2 * B * (size_t)65536;
    unsigned char *pt = malloc(n);
    randombytes_buf(pt, n);
    struct hp_error e = {0};
    struct age_recipients *rs;
    struct age_identities *ids;
    ssh_pair(&rs, &ids);
    struct hp_buf ct = {0};
    assert_int_equal(age_encrypt_mem(rs, pt, n, false, &ct, &e), 0);
    size_t body = payload_offset(&ct) + 16;
    assert_int_equal(ct.len, body + 2 * B * (size_t)ENC);

    struct hp_secbuf out = {0};
    assert_int_equal(age_decrypt_mem(ids, ct.data, body + B * (size_t)ENC, &out, &e), -1);
    assert_int_equal(e.kind, AGE_ERR_PAYLOAD);
    assert_non_null(strstr(e.msg, "without a last chunk"));
    hp_secbuf_free(&out);

    ct.data[body + (B + 4) * (size_t)ENC + 5] ^= 1;
    assert_int_equal(age_decrypt_mem(ids, ct.data, ct.len, &out, &e), -1);
    assert_int_equal(e.kind, AGE_ERR_PAYLOAD);
    char chunk[32];
    snprintf(chunk, sizeof chunk, "chunk %d ", B + 4);
    assert_non_null(strstr(e.msg, chunk));
    hp_secbuf_free(&out);
    ct.data[body + (B + 4) * (size_t)ENC + 5] ^= 1;

    hp_buf_append(&ct, "junk", 4);
    assert_int_equal(age_decrypt_mem(ids, ct.data, ct.len, &out, &e), -1);
    assert_int_equal(e.kind, AGE_ERR_PAYLOAD);
    assert_non_null(strstr(e.msg, "trailing data"));
    hp_secbuf_free(&out);

    ct.len -= 4;
    assert_int_equal(age_decrypt_mem(ids, ct.data, ct.len, &out, &e), 0);
    assert_int_equal(out.len, n);
    assert_memory_equal(out.data, pt, n);
    hp_secbuf_free(&out);
    hp_buf_free(&ct);
    age_identities_free(ids);
    age_recipients_free(rs);
    free(pt);
}

/* A number from /proc/self/status: "VmLck:" (locked memory, kB) or "Threads:". */
static size_t proc_status(const char *field)
{
    FILE *f = fopen("/proc/self/status", "r");
    assert_non_null(f);
    char line[256];
    size_t v = 0, flen = strlen(field);
    while (fgets(line, sizeof line, f))
        if (strncmp(line, field, flen) == 0) {
            v = strtoul(line + flen, NULL, 10);
            break;
        }
    fclose(f);
    return v;
}

static size_t vmlck_kb(void)
{
    return proc_status("VmLck:");
}

/* AddressSanitizer makes mlock a no-op (its interceptor), so VmLck stays 0 under it. */
#if defined(__SANITIZE_ADDRESS__)
#define MLOCK_COUNTS 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define MLOCK_COUNTS 0
#endif
#endif
#ifndef MLOCK_COUNTS
#define MLOCK_COUNTS 1
#endif

/* Whether this process may lock that much at all: a container without CAP_IPC_LOCK, or a
 * lower RLIMIT_MEMLOCK, cannot, and then libsodium's mlock fails (silently) for reasons of
 * the machine, not of the code. */
static bool can_lock(size_t bytes)
{
    void *p = malloc(bytes);
    assert_non_null(p);
    bool ok = mlock(p, bytes) == 0;
    if (ok)
        munlock(p, bytes);
    free(p);
    return ok;
}

/* A sink that records the most locked memory and threads seen while the payload runs. */
struct lck_sink {
    size_t max_kb, threads, bytes;
};

static int lck_write(void *ctx, const unsigned char *buf, size_t n, struct hp_error *e)
{
    (void)buf;
    (void)e;
    struct lck_sink *s = ctx;
    size_t kb = vmlck_kb();
    if (kb > s->max_kb)
        s->max_kb = kb;
    size_t t = proc_status("Threads:");
    if (t > s->threads)
        s->threads = t;
    s->bytes += n;
    return 0;
}

/* The batches' plaintext is mlock'd (guarded memory), and all the locked memory of a
 * decryption and an encryption of several batches stays within Linux's default
 * RLIMIT_MEMLOCK of 8 MiB: beyond it, sodium_malloc's mlock fails silently and plaintext
 * becomes swappable. Measured from the sink, while both batches are allocated. The
 * workers are one fewer than the cores: the calling thread, which reads and writes between
 * batches, works on them too. */
static void test_batches_stay_locked(void **state)
{
    (void)state;
    size_t n = 3 * AGE_STREAM_BATCH * (size_t)65536 + 7;
    unsigned char *pt = malloc(n);
    randombytes_buf(pt, n);
    struct hp_error e = {0};
    struct age_recipients *rs;
    struct age_identities *ids;
    ssh_pair(&rs, &ids);
    size_t before = vmlck_kb(), threads = proc_status("Threads:");

    struct lck_sink enc = {0};
    struct age_mem src = {.p = pt, .len = n};
    assert_int_equal(age_file_encrypt(rs, age_src_mem(&src), false, (struct age_sink){lck_write, &enc}, &e), 0);
    struct hp_buf ct = {0};
    assert_int_equal(age_encrypt_mem(rs, pt, n, false, &ct, &e), 0);
    struct lck_sink dec = {0};
    struct age_mem csrc = {.p = ct.data, .len = ct.len};
    if (age_file_decrypt(ids, age_src_mem(&csrc), AGE_INPUT_AUTO, (struct age_sink){lck_write, &dec}, &e) != 0)
        fail_msg("%s", e.msg);
    assert_int_equal(dec.bytes, n);
    size_t batches_kb = 2 * AGE_STREAM_BATCH * 64;
    if (MLOCK_COUNTS && can_lock(batches_kb * 1024 + (1u << 20)) &&
        (dec.max_kb - before < batches_kb || enc.max_kb - before < batches_kb))
        fail_msg("the batches are not locked: %zu/%zu kB locked beside %zu kB", dec.max_kb, enc.max_kb, before);
    if (dec.max_kb > 8192 || enc.max_kb > 8192)
        fail_msg("locked memory over the default 8 MiB limit: decrypt %zu kB, encrypt %zu kB", dec.max_kb, enc.max_kb);
    long cores = sysconf(_SC_NPROCESSORS_ONLN);
    size_t workers = cores > 1 ? (size_t)(cores > 16 ? 16 : cores) - 1 : 0;
    assert_int_equal(dec.threads, threads + workers);
    assert_int_equal(enc.threads, threads + workers);
    hp_buf_free(&ct);
    age_identities_free(ids);
    age_recipients_free(rs);
    free(pt);
}

/* A payload shorter than the reader's 64 KiB buffer is decrypted alone (buffers of its own
 * size, no pipeline); 65536 bytes of payload and more take the pipeline. The sizes on both
 * sides of that edge (plaintext 65519: 65535 payload bytes) and of the 64 KiB chunk, armored
 * and binary, and damage on the small path: a flipped byte, a cut inside the tag, one byte
 * cut, data after the chunk. Nothing is released from a chunk that does not authenticate. */
static void test_small_payload_edge(void **state)
{
    (void)state;
    static const size_t sizes[] = {0, 1, 32, 65503, 65504, 65518, 65519, 65520, 65521, 65535, 65536, 65537};
    unsigned char *pt = malloc(65537);
    randombytes_buf(pt, 65537);
    struct hp_error e = {0};
    struct age_recipients *rs;
    struct age_identities *ids;
    ssh_pair(&rs, &ids);
    for (size_t i = 0; i < sizeof sizes / sizeof *sizes; i++) {
        for (int armor = 0; armor < 2; armor++) {
            struct hp_buf ct = {0};
            struct hp_secbuf out = {0};
            assert_int_equal(age_encrypt_mem(rs, pt, sizes[i], armor, &ct, &e), 0);
            if (age_decrypt_mem(ids, ct.data, ct.len, &out, &e) != 0)
                fail_msg("size %zu armor %d: %s", sizes[i], armor, e.msg);
            assert_int_equal(out.len, sizes[i]);
            if (sizes[i])
                assert_memory_equal(out.data, pt, sizes[i]);
            hp_secbuf_free(&out);
            if (armor || sizes[i] != 32) {
                hp_buf_free(&ct);
                continue;
            }
            size_t body = payload_offset(&ct) + 16;
            ct.data[body + 3] ^= 1;
            assert_int_equal(age_decrypt_mem(ids, ct.data, ct.len, &out, &e), -1);
            assert_non_null(strstr(e.msg, "chunk 0 does not authenticate"));
            assert_int_equal(out.len, 0);
            ct.data[body + 3] ^= 1;
            assert_int_equal(age_decrypt_mem(ids, ct.data, body + 10, &out, &e), -1);
            assert_non_null(strstr(e.msg, "chunk 0 is truncated"));
            assert_int_equal(age_decrypt_mem(ids, ct.data, ct.len - 1, &out, &e), -1);
            assert_non_null(strstr(e.msg, "chunk 0 does not authenticate"));
            hp_buf_append(&ct, "junk", 4);
            assert_int_equal(age_decrypt_mem(ids, ct.data, ct.len, &out, &e), -1);
            assert_non_null(strstr(e.msg, "chunk 0 does not authenticate"));
            assert_int_equal(out.len, 0);
            assert_int_equal(age_decrypt_mem(ids, ct.data, body, &out, &e), -1);
            assert_non_null(strstr(e.msg, "payload has no chunks"));
            hp_buf_free(&ct);
        }
    }
    age_identities_free(ids);
    age_recipients_free(rs);
    free(pt);
}

static void test_passphrase_round_trip_and_errors(void **state)
{
    (void)state;
    struct hp_error e = {0};
    struct age_recipients *rs = age_recipients_new();
    age_recipients_set_scrypt_work_factor(rs, 10); /* keep the test (and valgrind) fast */
    assert_int_equal(age_recipients_add_passphrase(rs, "swordfish", 9, &e), 0);
    struct hp_buf ct = {0};
    assert_int_equal(age_encrypt_mem(rs, (const unsigned char *)"secret", 6, false, &ct, &e), 0);
    assert_non_null(memmem(ct.data, ct.len, "\n-> scrypt ", 11));
    assert_non_null(memmem(ct.data, ct.len, " 10\n", 4));

    struct age_identities *none = age_identities_new();
    struct hp_secbuf none_out = {0};
    assert_int_equal(age_identities_add_text(none, CCTV_ID, strlen(CCTV_ID), "k", &e), 0);
    assert_int_equal(age_decrypt_mem(none, ct.data, ct.len, &none_out, &e), -1);
    assert_string_equal(e.msg, "the file is passphrase-encrypted and no passphrase was given");
    age_identities_free(none);

    struct age_identities *bad = age_identities_new();
    struct hp_secbuf out = {0};
    assert_int_equal(age_identities_add_passphrase(bad, "swordfisH", 9, &e), 0);
    assert_int_equal(age_decrypt_mem(bad, ct.data, ct.len, &out, &e), -1);
    assert_int_equal(e.kind, AGE_ERR_NO_MATCH);
    assert_int_equal(out.len, 0);
    age_identities_free(bad);

    struct age_identities *good = age_identities_new();
    assert_int_equal(age_identities_add_passphrase(good, "swordfish", 9, &e), 0);
    assert_int_equal(age_decrypt_mem(good, ct.data, ct.len, &out, &e), 0);
    assert_int_equal(out.len, 6);
    assert_memory_equal(out.data, "secret", 6);
    hp_secbuf_free(&out);
    age_identities_free(good);

    /* a passphrase is only allowed alone */
    assert_int_equal(age_recipients_add(rs, CCTV_R, &e), 0);
    assert_int_equal(age_encrypt_mem(rs, (const unsigned char *)"x", 1, false, &ct, &e), -1);
    assert_int_equal(e.kind, AGE_ERR_KEY);
    hp_buf_free(&ct);
    age_recipients_free(rs);
}

static void test_no_match_names_recipient_types(void **state)
{
    (void)state;
    struct hp_error e = {0};
    struct age_recipients *rs = age_recipients_new();
    assert_int_equal(age_recipients_add(rs, ssh_pub, &e), 0);
    struct hp_buf ct = {0};
    assert_int_equal(age_encrypt_mem(rs, (const unsigned char *)"x", 1, true, &ct, &e), 0);
    struct age_identities *ids = age_identities_new();
    assert_int_equal(age_identities_add_text(ids, CCTV_ID, strlen(CCTV_ID), "k", &e), 0);
    struct hp_secbuf out = {0};
    assert_int_equal(age_decrypt_mem(ids, ct.data, ct.len, &out, &e), -1);
    assert_int_equal(e.kind, AGE_ERR_NO_MATCH);
    assert_string_equal(e.msg, "no identity matched any of the file's recipients (ssh-ed25519)");
    age_identities_free(ids);
    age_recipients_free(rs);
    hp_buf_free(&ct);

    struct age_recipients *r2 = age_recipients_new();
    assert_int_equal(age_recipients_add(r2, "age1qqq", &e), -1);
    assert_int_equal(e.kind, AGE_ERR_KEY);
    assert_int_equal(age_recipients_add(r2, "npub1xyz", &e), -1);
    assert_string_equal(e.msg, "unknown recipient \"npub1xyz\" (want age1... or ssh-ed25519 ...)");
    const char rf[] = "# team\n\n" CCTV_R "\r\n  " CCTV_R "  \n";
    assert_int_equal(age_recipients_add_text(r2, rf, strlen(rf), "rcpts", &e), 0);
    assert_int_equal(age_recipients_count(r2), 2);
    assert_int_equal(age_recipients_add_text(r2, "age1bad\n", 8, "rcpts", &e), -1);
    assert_non_null(strstr(e.msg, "rcpts: line 1: malformed X25519 recipient"));
    /* age 1.3's post-quantum recipients and plugin recipients are named, not "malformed X25519" */
    assert_int_equal(age_recipients_add(r2, "age1pq1qqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqqq", &e), -1);
    assert_int_equal(e.kind, AGE_ERR_KEY);
    assert_non_null(strstr(e.msg, "post-quantum recipients (age1pq1..., mlkem768x25519) are not supported yet"));
    assert_int_equal(age_recipients_add(r2, "age1yubikey1qqqqqqqqqqqqq", &e), -1);
    assert_string_equal(e.msg, "age plugin recipients (age1yubikey1...) are not supported");
    assert_int_equal(age_recipients_count(r2), 2);
    age_recipients_free(r2);
}

/* A header whose only stanza is age 1.3's post-quantum hybrid: the error names its type. */
static void test_no_match_names_pq_stanza(void **state)
{
    (void)state;
    struct age_header h = {0};
    unsigned char body[32] = {7};
    const char *args[] = {"mlkem768x25519", "AAAA"};
    age_header_add(&h, args, 2, body, sizeof body);
    const char *args2[] = {"p256tag", "BBBB"};
    age_header_add(&h, args2, 2, body, sizeof body);
    age_header_add(&h, args, 2, body, sizeof body);
    struct age_identities *ids = age_identities_new();
    struct hp_error e = {0};
    assert_int_equal(age_identities_add_text(ids, CCTV_ID, strlen(CCTV_ID), "k", &e), 0);
    unsigned char fk[16];
    assert_int_equal(age_identities_unwrap(ids, &h, fk, &e), -1);
    assert_int_equal(e.kind, AGE_ERR_NO_MATCH);
    assert_string_equal(e.msg, "no identity matched any of the file's recipients (mlkem768x25519, p256tag)");
    age_identities_free(ids);
    age_header_free(&h);
}

static void test_header_body_wrapping(void **state)
{
    (void)state;
    /* A 48-byte body fills one 64-column line exactly, so an empty line must end it; the
     * parser must read back exactly what the encoder wrote, MAC included. */
    unsigned char fk[16] = {1}, body[48];
    memset(body, 0xab, sizeof body);
    struct age_header h = {0};
    const char *args[] = {"grease", "a", "b"};
    age_header_add(&h, args, 3, body, sizeof body);
    struct hp_buf enc = {0};
    age_header_seal(&h, fk, &enc);
    assert_non_null(strstr((char *)hp_buf_cstr(&enc), "\n-> grease a b\nq6ur"));
    assert_non_null(strstr((char *)enc.data, "q6urq6ur\n\n--- "));
    struct age_mem m = {enc.data, enc.len, 0};
    struct age_bufrd r;
    age_bufrd_init(&r, age_src_mem(&m));
    struct age_header back;
    struct hp_error e = {0};
    assert_int_equal(age_header_parse(&r, &back, &e), 0);
    assert_int_equal(back.n, 1);
    assert_int_equal(back.st[0].bodylen, 48);
    assert_memory_equal(back.st[0].body, body, 48);
    assert_true(age_header_verify_mac(&back, fk));
    fk[0] ^= 1;
    assert_false(age_header_verify_mac(&back, fk));
    age_bufrd_free(&r);
    age_header_free(&back);
    age_header_free(&h);
    hp_buf_free(&enc);
}

static void test_identity_file_parsing(void **state)
{
    (void)state;
    struct hp_error e = {0};
    struct age_identities *ids = age_identities_new();
    /* age-keygen's comments, CRLF line ends, blank lines, surrounding blanks, two keys */
    const char ok_text[] = "# created: 2024-01-01T00:00:00Z\r\n# public key: " CCTV_R "\r\n" CCTV_ID "\r\n\r\n  " CCTV_ID
                           "  \n";
    assert_int_equal(age_identities_add_text(ids, ok_text, strlen(ok_text), "keys.txt", &e), 0);
    assert_int_equal(age_identities_count(ids), 2);
    /* the error names the source and the line */
    const char bad[] = "# ok\n\nAGE-SECRET-KEY-1QQQ\n";
    assert_int_equal(age_identities_add_text(ids, bad, strlen(bad), "keys.txt", &e), -1);
    assert_int_equal(e.kind, AGE_ERR_KEY);
    assert_string_equal(e.msg, "keys.txt: line 3: not an age identity (want AGE-SECRET-KEY-1...)");
    const char plugin[] = "AGE-PLUGIN-YUBIKEY-1QQQ\n";
    assert_int_equal(age_identities_add_text(ids, plugin, strlen(plugin), "k", &e), -1);
    assert_string_equal(e.msg, "k: line 1: age plugin identities are not supported");
    /* age 1.3's post-quantum identity next to X25519 ones: skipped (with a warning), the
     * others are kept (age itself would use it; we cannot yet) */
    const char pq[] = "# created: 2026-01-01T00:00:00Z\n# public key: age1pq1qqq\n"
                      "AGE-SECRET-KEY-PQ-1QQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQQ\n" CCTV_ID "\n";
    assert_int_equal(age_identities_add_text(ids, pq, strlen(pq), "pq.txt", &e), 0);
    assert_int_equal(age_identities_count(ids), 3);
    /* a recipient pasted where an identity belongs is refused, not silently ignored */
    assert_int_equal(age_identities_add_text(ids, CCTV_R, strlen(CCTV_R), "k", &e), -1);
    assert_int_equal(age_identities_count(ids), 3);
    age_identities_free(ids);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_hkdf_rfc5869),
        cmocka_unit_test(test_bech32_bip173),
        cmocka_unit_test(test_x25519_keys_match_age_keygen),
        cmocka_unit_test(test_x25519_low_order_recipients),
        cmocka_unit_test(test_decrypts_age_cli_files),
        cmocka_unit_test(test_ssh_keys),
        cmocka_unit_test(test_round_trips),
        cmocka_unit_test(test_payload_damage_across_batches),
        cmocka_unit_test(test_small_payload_edge),
        cmocka_unit_test(test_batches_stay_locked),
        cmocka_unit_test(test_passphrase_round_trip_and_errors),
        cmocka_unit_test(test_no_match_names_recipient_types),
        cmocka_unit_test(test_no_match_names_pq_stanza),
        cmocka_unit_test(test_header_body_wrapping),
        cmocka_unit_test(test_identity_file_parsing),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
