/* What sops computes and prints must match Go byte for byte: number formatting (the MAC and
 * the ENC plaintext depend on it), yaml.v3's scalar typing and quoting, comment placement,
 * and which leaves the selection rules encrypt. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdlib.h>
#include <string.h>
#include <cmocka.h>

#include <sodium.h>

#include "sops/config.h"
#include "sops/scalar.h"
#include "sops/sops.h"
#include "sops/treecrypt.h"
#include "sops/yaml_store.h"

static void check_float(double f, char fmt, const char *want)
{
    char buf[64];
    sops_go_format_float(f, fmt, buf, sizeof buf);
    if (strcmp(buf, want) != 0)
        fail_msg("FormatFloat(%.17g, '%c') = %s, want %s", f, fmt, buf, want);
}

static void test_go_float_formatting(void **state)
{
    (void)state;
    /* strconv.FormatFloat(f, 'f', -1, 64): what sops hashes and encrypts */
    check_float(0.75, 'f', "0.75");
    check_float(3.0, 'f', "3");
    check_float(-2.5, 'f', "-2.5");
    check_float(1e21, 'f', "1000000000000000000000");
    check_float(1e-7, 'f', "0.0000001");
    check_float(0.1 + 0.2, 'f', "0.30000000000000004");
    check_float(0, 'f', "0");
    /* 'g' (yaml.v3's output): exponent when < -4 or >= 21... of the shortest digits, eprec 6 */
    check_float(1e6, 'g', "1e+06");
    check_float(123456.0, 'g', "123456");
    check_float(1234567.0, 'g', "1.234567e+06");
    check_float(0.0001, 'g', "0.0001");
    check_float(0.00001, 'g', "1e-05");
    check_float(1.5, 'g', "1.5");
    char buf[64];
    sops_json_format_float(1e-7, buf, sizeof buf);
    assert_string_equal(buf, "1e-7");
    sops_json_format_float(1e21, buf, sizeof buf);
    assert_string_equal(buf, "1e+21");
    sops_json_format_float(5432, buf, sizeof buf);
    assert_string_equal(buf, "5432");
}

static void test_yaml_resolution(void **state)
{
    (void)state;
    struct {
        const char *s;
        enum sops_resolved r;
    } cases[] = {
        {"123", SOPS_RESOLVE_INT},     {"-7", SOPS_RESOLVE_INT},       {"0x1F", SOPS_RESOLVE_INT},
        {"0o17", SOPS_RESOLVE_INT},    {"1_000", SOPS_RESOLVE_INT},    {"1e3", SOPS_RESOLVE_FLOAT},
        {"0.5", SOPS_RESOLVE_FLOAT},   {".5", SOPS_RESOLVE_FLOAT},     {".inf", SOPS_RESOLVE_FLOAT},
        {"-.Inf", SOPS_RESOLVE_FLOAT}, {".nan", SOPS_RESOLVE_FLOAT},   {"true", SOPS_RESOLVE_BOOL},
        {"False", SOPS_RESOLVE_BOOL},  {"yes", SOPS_RESOLVE_STR},      {"~", SOPS_RESOLVE_NULL},
        {"null", SOPS_RESOLVE_NULL},   {"", SOPS_RESOLVE_NULL},        {"2021-11-05", SOPS_RESOLVE_TIME},
        {"2021-11-05T00:56:57Z", SOPS_RESOLVE_TIME}, {"1.2.3", SOPS_RESOLVE_STR}, {"-", SOPS_RESOLVE_STR},
        {"12abc", SOPS_RESOLVE_STR},   {"0x", SOPS_RESOLVE_STR},       {"99999999999999999999", SOPS_RESOLVE_FLOAT},
    };
    for (size_t i = 0; i < sizeof cases / sizeof *cases; i++)
        if (sops_yaml_resolve(cases[i].s, strlen(cases[i].s)) != cases[i].r)
            fail_msg("resolve(\"%s\") = %d, want %d", cases[i].s, sops_yaml_resolve(cases[i].s, strlen(cases[i].s)),
                     cases[i].r);
}

/* One string value emitted under key "k". */
static void check_style(const char *value, const char *want)
{
    struct sops_tree t;
    sops_tree_init(&t);
    struct sops_node *root = sops_doc_add(&t);
    struct sops_node *n = sops_scalar_new(&t, SOPS_T_STR, value, strlen(value));
    sops_node_set_key(&t, n, "k", 1);
    sops_node_append(root, n);
    struct hp_secbuf out = {0};
    sops_yaml_emit(&t, &out);
    if (strcmp(hp_secbuf_cstr(&out), want) != 0)
        fail_msg("emit(\"%s\") = [%s], want [%s]", value, hp_secbuf_cstr(&out), want);
    /* and it reads back as the same string */
    struct sops_tree t2;
    struct hp_error e = {0};
    sops_tree_init(&t2);
    assert_int_equal(sops_yaml_load(&t2, out.data, out.len, &e), 0);
    const struct sops_node *back = sops_map_get(t2.docs[0], "k");
    assert_non_null(back);
    assert_int_equal(back->type, SOPS_T_STR);
    assert_int_equal(back->len, strlen(value));
    assert_memory_equal(back->text, value, back->len);
    sops_tree_free(&t2);
    hp_secbuf_free(&out);
    sops_tree_free(&t);
}

static void test_yaml_string_styles(void **state)
{
    (void)state;
    check_style("plain text", "k: plain text\n");
    check_style("a: b", "k: 'a: b'\n");
    check_style("123", "k: \"123\"\n");
    check_style("true", "k: \"true\"\n");
    check_style("yes", "k: \"yes\"\n");
    check_style("", "k: \"\"\n");
    check_style(" lead", "k: ' lead'\n");
    check_style("#x", "k: '#x'\n");
    check_style("x #y", "k: 'x #y'\n");
    check_style("it's", "k: it's\n");
    check_style("- item", "k: '- item'\n");
    check_style("unicode ✓ é", "k: unicode ✓ é\n");
    check_style("2021-11-05T00:56:57Z", "k: \"2021-11-05T00:56:57Z\"\n");
    check_style("two\nlines", "k: |-\n    two\n    lines\n");
    check_style("two\nlines\n", "k: |\n    two\n    lines\n");
    check_style("keep\n\n", "k: |+\n    keep\n\n");
    check_style("  indented\nnext", "k: |4-\n      indented\n    next\n");
    check_style("trailing \nspace", "k: \"trailing \\nspace\"\n");
    check_style("tab\there", "k: \"tab\\there\"\n");
    check_style("bell\a", "k: \"bell\\a\"\n");
}

/* Values that start with a space or a line break need an indentation indicator, counted from
 * the parent's indentation: at the top, in a nested map, in a map inside a list, and as a list
 * item. Each must come back as the same string (the fuzzer found `|4` under "- " unreadable). */
static void test_literal_indicator_at_every_depth(void **state)
{
    (void)state;
    static const char *const values[] = {" lead\nnext", "\nafter a break\n", "  two\n lines", "\n\n  x\n"};
    for (size_t v = 0; v < sizeof values / sizeof *values; v++) {
        struct sops_tree t, t2;
        struct hp_error e = {0};
        sops_tree_init(&t);
        struct sops_node *doc = sops_doc_add(&t);
        const char *val = values[v];
        size_t len = strlen(val);
        /* top: a, nested: m.b, list of maps: l[0].c, list of scalars: s[0] */
        struct sops_node *a = sops_scalar_new(&t, SOPS_T_STR, val, len);
        sops_node_set_key(&t, a, "a", 1);
        sops_node_append(doc, a);
        struct sops_node *m = sops_node_new(&t, SOPS_NODE_MAP);
        sops_node_set_key(&t, m, "m", 1);
        struct sops_node *b = sops_scalar_new(&t, SOPS_T_STR, val, len);
        sops_node_set_key(&t, b, "b", 1);
        sops_node_append(m, b);
        sops_node_append(doc, m);
        struct sops_node *l = sops_node_new(&t, SOPS_NODE_SEQ);
        sops_node_set_key(&t, l, "l", 1);
        struct sops_node *item = sops_node_new(&t, SOPS_NODE_MAP);
        struct sops_node *first = sops_scalar_new(&t, SOPS_T_STR, "x", 1);
        sops_node_set_key(&t, first, "name", 4);
        sops_node_append(item, first);
        struct sops_node *c = sops_scalar_new(&t, SOPS_T_STR, val, len);
        sops_node_set_key(&t, c, "c", 1);
        sops_node_append(item, c);
        sops_node_append(l, item);
        sops_node_append(doc, l);
        struct sops_node *sl = sops_node_new(&t, SOPS_NODE_SEQ);
        sops_node_set_key(&t, sl, "s", 1);
        sops_node_append(sl, sops_scalar_new(&t, SOPS_T_STR, val, len));
        sops_node_append(doc, sl);

        struct hp_secbuf out = {0};
        sops_yaml_emit(&t, &out);
        sops_tree_init(&t2);
        if (sops_yaml_load(&t2, out.data, out.len, &e) != 0)
            fail_msg("value %zu: emitted YAML does not parse: %s\n%s", v, e.msg, hp_secbuf_cstr(&out));
        const struct sops_node *d2 = t2.docs[0];
        const struct sops_node *got[4] = {
            sops_map_get(d2, "a"),
            sops_map_get(sops_map_get(d2, "m"), "b"),
            sops_map_get(sops_map_get(d2, "l")->first, "c"),
            sops_map_get(d2, "s")->first,
        };
        for (int k = 0; k < 4; k++) {
            assert_non_null(got[k]);
            if (got[k]->len != len || memcmp(got[k]->text, val, len) != 0)
                fail_msg("value %zu, place %d: read back as [%.*s]\n%s", v, k, (int)got[k]->len, got[k]->text,
                         hp_secbuf_cstr(&out));
        }
        sops_tree_free(&t2);
        hp_secbuf_free(&out);
        sops_tree_free(&t);
    }
}

static void test_comments_placed_as_sops_does(void **state)
{
    (void)state;
    const char *in = "# head\na: 1 # on a\nb:\n    # inside b\n    c: 2\n    d: 3 # on d\n# before l\nl:\n    - x # on x\n    - z\n";
    const char *want = "# head\n# on a\na: 1\nb:\n    # inside b\n    c: 2\n    # on d\n    d: 3\n# before l\nl:\n    # on x\n    - x\n    - z\n";
    struct sops_tree t;
    struct hp_error e = {0};
    sops_tree_init(&t);
    assert_int_equal(sops_yaml_load(&t, (const unsigned char *)in, strlen(in), &e), 0);
    struct hp_secbuf out = {0};
    sops_yaml_emit(&t, &out);
    assert_string_equal(hp_secbuf_cstr(&out), want);
    hp_secbuf_free(&out);
    sops_tree_free(&t);
}

/* libyaml's marks count characters: comments after non-ASCII text must still be found whole
 * and in their place (they came back cut short: "# rea"), a UTF-8 byte-order mark is skipped,
 * and UTF-16 is refused by name. */
static void test_comments_after_non_ascii_text(void **state)
{
    (void)state;
    const char *in = "name: Müller ✓\n# real ✓ comment\nb: \"ä ö #not a comment\" # trailing é\nl:\n    - ü # on ü\n";
    const char *want = "name: Müller ✓\n# real ✓ comment\n# trailing é\nb: 'ä ö #not a comment'\nl:\n    # on ü\n    - ü\n";
    struct sops_tree t;
    struct hp_error e = {0};
    struct hp_secbuf out = {0};
    sops_tree_init(&t);
    assert_int_equal(sops_yaml_load(&t, (const unsigned char *)in, strlen(in), &e), 0);
    sops_yaml_emit(&t, &out);
    assert_string_equal(hp_secbuf_cstr(&out), want);
    hp_secbuf_free(&out);
    sops_tree_free(&t);

    const char *bom = "\xef\xbb\xbf" "a: ä # one\n# two\nb: 1\n";
    sops_tree_init(&t);
    assert_int_equal(sops_yaml_load(&t, (const unsigned char *)bom, strlen(bom), &e), 0);
    sops_yaml_emit(&t, &out);
    assert_string_equal(hp_secbuf_cstr(&out), "# one\na: ä\n# two\nb: 1\n");
    hp_secbuf_free(&out);
    sops_tree_free(&t);

    const unsigned char utf16[] = {0xFF, 0xFE, 'a', 0, ':', 0, ' ', 0, '1', 0, '\n', 0};
    sops_tree_init(&t);
    assert_int_equal(sops_yaml_load(&t, utf16, sizeof utf16, &e), -1);
    assert_non_null(strstr(e.msg, "UTF-16"));
    sops_tree_free(&t);
}

/* Encrypts `in` with selection sel; returns the encrypted YAML (caller frees). */
static char *encrypt_with(const char *in, const struct sops_select *sel)
{
    unsigned char key[32];
    randombytes_buf(key, sizeof key);
    struct sops_doc d;
    struct hp_error e = {0};
    assert_int_equal(sops_doc_load_plain(&d, (const unsigned char *)in, strlen(in), SOPS_FMT_YAML, &e), 0);
    sops_select_copy(&d.meta.sel, sel);
    if (sops_doc_encrypt(&d, key, &e) != 0)
        fail_msg("%s", e.msg);
    struct hp_buf out = {0};
    sops_doc_emit_encrypted(&d, false, &out);
    /* decrypts back with the MAC verified */
    struct sops_doc d2;
    assert_int_equal(sops_doc_load_encrypted(&d2, out.data, out.len, SOPS_FMT_YAML, &e), 0);
    if (sops_doc_decrypt(&d2, key, false, &e) != 0)
        fail_msg("%s", e.msg);
    struct hp_secbuf plain = {0};
    assert_int_equal(sops_doc_emit_plain(&d2, &plain, &e), 0);
    assert_string_equal(hp_secbuf_cstr(&plain), in);
    hp_secbuf_free(&plain);
    sops_doc_free(&d2);
    sops_doc_free(&d);
    return (char *)out.data;
}

static void test_selection_rules(void **state)
{
    (void)state;
    const char *in = "user: alice\npassword: pw\nnested:\n    token_enc: t\n    other: o\n";
    struct sops_select s = {0};
    s.encrypted_regex = "^(password|nested)$";
    char *out = encrypt_with(in, &s);
    assert_non_null(strstr(out, "user: alice\n"));
    assert_non_null(strstr(out, "password: ENC["));
    assert_non_null(strstr(out, "    token_enc: ENC[")); /* a matching parent key covers its children */
    free(out);
    memset(&s, 0, sizeof s);
    s.encrypted_suffix = "_enc";
    out = encrypt_with(in, &s);
    assert_non_null(strstr(out, "password: pw\n"));
    assert_non_null(strstr(out, "token_enc: ENC["));
    assert_non_null(strstr(out, "encrypted_suffix: _enc"));
    free(out);
    memset(&s, 0, sizeof s);
    s.unencrypted_regex = "^us";
    s.mac_only_encrypted = true;
    out = encrypt_with(in, &s);
    assert_non_null(strstr(out, "user: alice\n"));
    assert_non_null(strstr(out, "other: ENC["));
    assert_non_null(strstr(out, "mac_only_encrypted: true"));
    free(out);
    memset(&s, 0, sizeof s);
    s.encrypted_comment_regex = "sops:enc";
    const char *cin = "# sops:enc\nsecret: s\nclear: c\n";
    out = encrypt_with(cin, &s);
    assert_non_null(strstr(out, "# sops:enc\nsecret: ENC["));
    assert_non_null(strstr(out, "clear: c\n"));
    free(out);
}

static void test_multi_document(void **state)
{
    (void)state;
    struct sops_select s = {0};
    s.unencrypted_suffix = "_unencrypted";
    char *out = encrypt_with("a: 1\n---\nb: two\n", &s);
    /* each document carries the metadata, as sops writes it */
    char *second = strstr(out, "---\n");
    assert_non_null(second);
    assert_non_null(strstr(out, "sops:"));
    assert_non_null(strstr(second, "sops:"));
    free(out);
}

static void test_config_rules(void **state)
{
    (void)state;
    const char *cfg = "creation_rules:\n"
                      "  - path_regex: prod/.*\\.yaml$\n    encrypted_regex: ^pass\n    age: age1a, age1b\n"
                      "  - path_regex: \\.json$\n    key_groups:\n      - age:\n          - age1c\n"
                      "  - age:\n      - age1d\n";
    struct sops_rule r;
    bool found;
    struct hp_error e = {0};
    assert_int_equal(sops_config_match("c", (const unsigned char *)cfg, strlen(cfg), "prod/values.yaml", &r, &found, &e), 0);
    assert_true(found);
    assert_int_equal(r.age.n, 2);
    assert_string_equal(r.age.v[1], "age1b");
    assert_string_equal(r.sel.encrypted_regex, "^pass");
    sops_rule_free(&r);
    assert_int_equal(sops_config_match("c", (const unsigned char *)cfg, strlen(cfg), "x.json", &r, &found, &e), 0);
    assert_true(found);
    assert_string_equal(r.age.v[0], "age1c");
    sops_rule_free(&r);
    assert_int_equal(sops_config_match("c", (const unsigned char *)cfg, strlen(cfg), "other.txt", &r, &found, &e), 0);
    assert_string_equal(r.age.v[0], "age1d");
    sops_rule_free(&r);
    const char *bad = "creation_rules:\n  - path_regex: \"(\"\n";
    assert_int_equal(sops_config_match("c", (const unsigned char *)bad, strlen(bad), "x", &r, &found, &e), -1);
    assert_non_null(strstr(e.msg, "path_regex"));
    sops_rule_free(&r);
}

/* An encrypted file's format from its content, whatever its name (issue 23). Catches: the
 * format taken from the name (JSON under cric.json.enc read as binary), the binary shape not
 * checked (every JSON under a binary name read as binary, or none), the .json name not winning
 * for a one-"data" JSON document, sops' dotenv and INI files read as YAML. */
static void test_encrypted_format_by_content(void **state)
{
    (void)state;
    static const struct {
        const char *path, *text;
        enum sops_format want;
    } cases[] = {
        {"cric.json.enc", "{\"cric\": {\"a\": 1}, \"sops\": {}}", SOPS_FMT_JSON},
        {"cert.enc", "{\n\t\"data\": \"ENC[x]\",\n\t\"sops\": {}\n}", SOPS_FMT_BINARY},
        {"cert", "{\"data\": \"ENC[x]\", \"sops\": {}}", SOPS_FMT_BINARY},
        {"d.json", "{\"data\": \"ENC[x]\", \"sops\": {}}", SOPS_FMT_JSON},
        {"d.yaml", "{\"data\": \"ENC[x]\", \"sops\": {}}", SOPS_FMT_JSON},
        {"-", "{\"data\": \"ENC[x]\", \"sops\": {}}", SOPS_FMT_JSON},
        {"x.enc", "{\"data\": {\"a\": 1}, \"sops\": {}}", SOPS_FMT_JSON},
        {"x.enc", "{\"data\": \"a\", \"b\": 1, \"sops\": {}}", SOPS_FMT_JSON},
        /* colons nested and inside strings (escaped quotes too) are not members */
        {"x.enc", "{\"data\": \"ENC[a:b{\\\"}]\", \"sops\": {\"mac\": \"m:1\", \"v\": \"3\", \"age\": [{\"r\": \"x\"}]}}",
         SOPS_FMT_BINARY},
        {"x.enc", "{\"data\": \"ENC[a\\\": : :]\", \"sops\": {}}", SOPS_FMT_BINARY},
        {"values.json", "a: ENC[x]\nsops:\n  mac: x\n", SOPS_FMT_YAML},
        {"values.yaml.enc", "a: ENC[x]\nsops:\n  mac: x\n", SOPS_FMT_YAML},
        {"x.enc", "USER=ENC[x]\nsops_mac=ENC[y]\n", SOPS_FMT_DOTENV},
        {"x.enc", "[db]\nuser = ENC[x]\n\n[sops]\nmac = ENC[y]\n", SOPS_FMT_INI},
    };
    for (size_t i = 0; i < sizeof cases / sizeof cases[0]; i++) {
        enum sops_format got = sops_format_pick_encrypted(cases[i].path, SOPS_FMT_AUTO,
                                                          (const unsigned char *)cases[i].text, strlen(cases[i].text));
        if (got != cases[i].want)
            fail_msg("case %zu (%s): format %d, wanted %d", i, cases[i].path, got, cases[i].want);
    }
    /* --input-type wins over everything */
    assert_int_equal(sops_format_pick_encrypted("x.json", SOPS_FMT_BINARY, (const unsigned char *)"a: 1\n", 5),
                     SOPS_FMT_BINARY);
}

static void test_enc_parser_strict(void **state)
{
    (void)state;
    const char *bad[] = {
        "ENC[AES256_GCM,data:,iv:AA==,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]",        /* empty data */
        "ENC[AES256_GCM,data:AA=,iv:AA==,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]",       /* bad padding */
        "ENC[AES256_GCM,data:AA==,iv:AA==,tag:AAAA,type:str]",                         /* short tag */
        "ENC[AES256_GCM,data:AA==,iv:AA==,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str",        /* no ] */
        "ENC[AES256_GCM,data:AA==,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:str]",              /* no iv */
        "ENC[AES256_GCM,data:AA==,iv:AA==,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:float64]",   /* unknown type */
    };
    struct sops_enc v;
    struct hp_error e = {0};
    for (size_t i = 0; i < sizeof bad / sizeof *bad; i++)
        if (sops_enc_parse(bad[i], strlen(bad[i]), &v, &e) == 0)
            fail_msg("accepted %s", bad[i]);
    const char *good = "ENC[AES256_GCM,data:AA==,iv:AA==,tag:AAAAAAAAAAAAAAAAAAAAAA==,type:comment]";
    assert_int_equal(sops_enc_parse(good, strlen(good), &v, &e), 0);
    assert_string_equal(v.type, "comment");
    sops_enc_free(&v);
}

int main(void)
{
    if (sodium_init() < 0)
        return 1;
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_go_float_formatting), cmocka_unit_test(test_yaml_resolution),
        cmocka_unit_test(test_yaml_string_styles),  cmocka_unit_test(test_literal_indicator_at_every_depth),  cmocka_unit_test(test_comments_placed_as_sops_does),
        cmocka_unit_test(test_comments_after_non_ascii_text),
        cmocka_unit_test(test_selection_rules),     cmocka_unit_test(test_multi_document),
        cmocka_unit_test(test_config_rules),        cmocka_unit_test(test_enc_parser_strict),
        cmocka_unit_test(test_encrypted_format_by_content),
    };
    return cmocka_run_group_tests(tests, NULL, NULL);
}
