/* The in-memory chart: loading honours .helmignore, files are decrypted only where they may be
 * (values.yaml, anything under files/), and the archive read back by libarchive holds exactly the loaded
 * files under "<chart>/", with their contents. */
#include <stdarg.h>
#include <stddef.h>
#include <setjmp.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/stat.h>
#include <unistd.h>
#include <cmocka.h>

#include <archive.h>
#include <archive_entry.h>

#include "hp/file.h"
#include "secrets/chart.h"

static char tmpl[] = "/tmp/hp-chart-test.XXXXXX";

static void put(const char *rel, const char *text)
{
    char path[512];
    snprintf(path, sizeof path, "%s/secrets/%s", tmpl, rel);
    for (char *p = path + strlen(tmpl) + 1; (p = strchr(p, '/')); p++) {
        *p = 0;
        mkdir(path, 0700);
        *p = '/';
    }
    FILE *f = fopen(path, "w");
    assert_non_null(f);
    fputs(text, f);
    fclose(f);
}

static int setup(void **state)
{
    (void)state;
    assert_non_null(mkdtemp(tmpl));
    put("Chart.yaml", "apiVersion: v2\nname: secrets\nversion: 0.1.0\n");
    put("values.yaml", "a: 1\n");
    put(".helmignore", "*.bak\n/skipdir/\n");
    put("templates/s.yaml", "x: {{ .Values.a }}\n");
    put("templates/.hidden", "ignored by helm's default rule\n");
    put("files/cric_jsons/sites.json", "{}");
    put("files/cric_jsons/panda_queues.json", "{}");
    put("files/cric_jsons/ddm_endpoints.json", "{\"x\": }");
    put("files/old.bak", "ignored\n");
    put("skipdir/a.txt", "ignored\n");
    return 0;
}

static int teardown(void **state)
{
    (void)state;
    char cmd[600];
    snprintf(cmd, sizeof cmd, "rm -rf '%s'", tmpl);
    return system(cmd);
}

static void test_load_and_archive(void **state)
{
    (void)state;
    char dir[512];
    snprintf(dir, sizeof dir, "%s/secrets", tmpl);
    struct secrets_keyring kr = {0};
    struct chart c;
    struct hp_error e = {0};
    if (chart_load(&c, dir, &kr, &e) < 0)
        fail_msg("chart_load: %s", e.msg);
    assert_string_equal(c.name, "secrets");
    assert_int_equal(c.decrypted, 0);
    const char *want[] = {".helmignore", "Chart.yaml", "files/cric_jsons/ddm_endpoints.json",
                          "files/cric_jsons/panda_queues.json", "files/cric_jsons/sites.json", "templates/s.yaml",
                          "values.yaml"};
    assert_int_equal(c.n, sizeof want / sizeof want[0]);
    for (size_t i = 0; i < c.n; i++)
        assert_string_equal(c.files[i].name, want[i]);

    /* the broken ddm_endpoints.json is caught, with its path */
    assert_int_equal(chart_check_cric(&c, &e), -1);
    assert_non_null(strstr(e.msg, "/secrets/files/cric_jsons/ddm_endpoints.json: invalid JSON at byte 6"));

    struct hp_secbuf tgz = {0};
    assert_int_equal(chart_write_archive(&c, &tgz, &e), 0);
    assert_true(tgz.len > 2 && tgz.data[0] == 0x1f && tgz.data[1] == 0x8b); /* gzip */

    struct archive *a = archive_read_new();
    archive_read_support_filter_gzip(a);
    archive_read_support_format_tar(a);
    assert_int_equal(archive_read_open_memory(a, tgz.data, tgz.len), ARCHIVE_OK);
    struct archive_entry *ent;
    size_t n = 0;
    while (archive_read_next_header(a, &ent) == ARCHIVE_OK) {
        assert_true(n < c.n);
        char name[256];
        snprintf(name, sizeof name, "secrets/%s", c.files[n].name);
        assert_string_equal(archive_entry_pathname(ent), name);
        assert_int_equal(archive_entry_filetype(ent), AE_IFREG);
        char buf[256];
        la_ssize_t got = archive_read_data(a, buf, sizeof buf);
        assert_int_equal((size_t)got, c.files[n].data.len);
        assert_memory_equal(buf, c.files[n].data.data, c.files[n].data.len);
        n++;
    }
    assert_int_equal(n, c.n);
    archive_read_free(a);
    hp_secbuf_free(&tgz);
    chart_free(&c);
    secrets_keyring_free(&kr);
}

static void test_not_a_chart(void **state)
{
    (void)state;
    struct secrets_keyring kr = {0};
    struct chart c;
    struct hp_error e = {0};
    assert_int_equal(chart_load(&c, tmpl, &kr, &e), -1);
    assert_non_null(strstr(e.msg, "not a chart (no Chart.yaml)"));
    chart_free(&c);
}

int main(void)
{
    const struct CMUnitTest tests[] = {
        cmocka_unit_test(test_load_and_archive),
        cmocka_unit_test(test_not_a_chart),
    };
    return cmocka_run_group_tests(tests, setup, teardown);
}
