/* The recipient policy of the encrypting commands (secrets encrypt, edit of a new file) and
 * the recipients-file parser of -R. */
#include <stdlib.h>
#include <string.h>

#include "hp/buf.h"
#include "hp/file.h"
#include "keys/recipients.h"
#include "sops/config.h"

static void choose_selection(struct sops_select *sel, const struct sops_select *given, const struct sops_rule *rule,
                             bool found)
{
    if (given && sops_select_count(given))
        sops_select_copy(sel, given);
    else if (found && sops_select_count(&rule->sel))
        sops_select_copy(sel, &rule->sel);
    else
        sel->unencrypted_suffix = hp_xstrdup("_unencrypted");
    if ((found && rule->sel.mac_only_encrypted) || (given && given->mac_only_encrypted))
        sel->mac_only_encrypted = true;
}

int keys_recipients_for(const char *path, const struct hp_strlist *given, const struct sops_select *given_sel,
                        struct sops_rule *r, struct hp_error *e)
{
    memset(r, 0, sizeof *r);
    for (size_t i = 0; given && i < given->n; i++)
        hp_strlist_push(&r->age, given->v[i]);
    const char *envr = getenv("SOPS_AGE_RECIPIENTS");
    if (r->age.n == 0 && envr && *envr)
        hp_strlist_split_append(&r->age, envr);
    struct sops_rule rule = {0};
    bool found = false;
    if (sops_config_find_rule(path, &rule, &found, e) != 0) {
        sops_rule_free(&rule);
        return -1;
    }
    if (r->age.n == 0 && found)
        for (size_t i = 0; i < rule.age.n; i++)
            hp_strlist_push(&r->age, rule.age.v[i]);
    choose_selection(&r->sel, given_sel, &rule, found);
    r->config_path = rule.config_path ? hp_xstrdup(rule.config_path) : NULL;
    sops_rule_free(&rule);
    return 0;
}

static bool blank(char c) { return c == ' ' || c == '\t' || c == '\r'; }

int keys_recipients_file_read(const char *path, struct keys_recipients_file *f, struct hp_error *e)
{
    memset(f, 0, sizeof *f);
    struct hp_buf t = {0};
    if (hp_file_read(path, &t, e) < 0) {
        hp_buf_free(&t);
        return -1;
    }
    f->empty = t.len == 0;
    struct hp_lines lines;
    hp_lines_init(&lines, (const char *)t.data, t.len);
    const char *s, *le;
    while (hp_lines_next(&lines, &s, &le)) {
        while (s < le && blank(*s))
            s++;
        while (le > s && blank(le[-1]))
            le--;
        if (s == le || *s == '#')
            continue;
        f->lineno = hp_xrealloc(f->lineno, (f->lines.n + 1) * sizeof *f->lineno);
        f->lineno[f->lines.n] = lines.lineno;
        hp_strlist_push_own(&f->lines, hp_xstrndup(s, (size_t)(le - s)));
    }
    hp_buf_free(&t);
    return 0;
}

void keys_recipients_file_free(struct keys_recipients_file *f)
{
    hp_strlist_free(&f->lines);
    free(f->lineno);
    memset(f, 0, sizeof *f);
}
