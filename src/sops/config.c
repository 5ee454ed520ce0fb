/* .sops.yaml lookup and creation_rules matching. */
#include <limits.h>
#include <regex.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "hp/file.h"
#include "sops/config.h"
#include "sops/goregex.h"
#include "sops/sops.h"
#include "sops/yaml_store.h"

static char *scalar(const struct sops_node *n)
{
    return n && n->kind == SOPS_NODE_SCALAR && n->type != SOPS_T_NULL ? hp_xstrndup(n->text, n->len) : NULL;
}

/* `age:` is a comma-separated string or a list of strings. */
static void add_recipients(struct hp_strlist *l, const struct sops_node *n)
{
    if (!n)
        return;
    if (n->kind == SOPS_NODE_SCALAR) {
        char *s = hp_xstrndup(n->text, n->len);
        for (char *tok = strtok(s, ","); tok; tok = strtok(NULL, ",")) {
            while (*tok == ' ' || *tok == '\n' || *tok == '\t')
                tok++;
            size_t k = strlen(tok);
            while (k && (tok[k - 1] == ' ' || tok[k - 1] == '\n' || tok[k - 1] == '\t'))
                tok[--k] = 0;
            if (k)
                hp_strlist_push(l, tok);
        }
        free(s);
    } else if (n->kind == SOPS_NODE_SEQ) {
        for (const struct sops_node *c = n->first; c; c = c->next)
            if (c->kind == SOPS_NODE_SCALAR)
                add_recipients(l, c);
    }
}

int sops_config_match(const char *name, const unsigned char *text, size_t len, const char *file_path,
                      struct sops_rule *r, bool *found, struct hp_error *e)
{
    memset(r, 0, sizeof *r);
    *found = false;
    r->config_path = hp_xstrdup(name);
    struct sops_tree t;
    sops_tree_init(&t);
    int rc = -1;
    if (sops_yaml_load(&t, text, len, e) != 0) {
        hp_error_prefix(e, "%s", name);
        goto out;
    }
    const struct sops_node *rules = sops_map_get(t.docs[0], "creation_rules");
    if (!rules) {
        rc = 0;
        goto out;
    }
    if (rules->kind != SOPS_NODE_SEQ) {
        hp_error_set(e, SOPS_ERR_PARSE, "%s: creation_rules must be a list", name);
        goto out;
    }
    for (const struct sops_node *rule = rules->first; rule; rule = rule->next) {
        if (rule->kind != SOPS_NODE_MAP)
            continue;
        char *pr = scalar(sops_map_get(rule, "path_regex"));
        bool match = true;
        if (pr) {
            regex_t re;
            if (sops_goregex_compile(&re, pr) != 0) {
                hp_error_set(e, SOPS_ERR_PARSE, "%s: path_regex \"%s\" is not a valid regular expression", name, pr);
                free(pr);
                goto out;
            }
            match = regexec(&re, file_path, 0, NULL, 0) == 0;
            regfree(&re);
            free(pr);
        }
        if (!match)
            continue;
        add_recipients(&r->age, sops_map_get(rule, "age"));
        const struct sops_node *kg = sops_map_get(rule, "key_groups");
        if (kg && kg->kind == SOPS_NODE_SEQ) {
            if (kg->count > 1) {
                hp_error_set(e, SOPS_ERR_PARSE, "%s: several key_groups (Shamir secret sharing) are not supported", name);
                goto out;
            }
            for (const struct sops_node *g = kg->first; g; g = g->next)
                add_recipients(&r->age, sops_map_get(g, "age"));
        }
        sops_select_read(rule, &r->sel);
        *found = true;
        break;
    }
    rc = 0;
out:
    sops_tree_free(&t);
    return rc;
}

int sops_config_find_rule(const char *file_path, struct sops_rule *r, bool *found, struct hp_error *e)
{
    memset(r, 0, sizeof *r);
    *found = false;
    char abs[PATH_MAX];
    if (!strcmp(file_path, "-")) {
        if (!getcwd(abs, sizeof abs - 2))
            return 0;
        strcat(abs, "/-");
    } else if (file_path[0] == '/') {
        snprintf(abs, sizeof abs, "%s", file_path);
    } else {
        char cwd[PATH_MAX];
        if (!getcwd(cwd, sizeof cwd))
            return 0;
        snprintf(abs, sizeof abs, "%s/%s", cwd, file_path);
    }
    /* walk up from the file's folder */
    char dir[PATH_MAX];
    snprintf(dir, sizeof dir, "%s", abs);
    char *slash = strrchr(dir, '/');
    while (slash) {
        *slash = 0;
        char *cfg = hp_xasprintf("%s/.sops.yaml", *dir ? dir : "");
        if (hp_path_exists(cfg)) {
            struct hp_buf b = {0};
            int rc = hp_file_read(cfg, &b, e);
            if (rc == 0) {
                /* path_regex sees the file's path relative to the config's folder */
                const char *rel = abs + strlen(dir) + 1;
                rc = sops_config_match(cfg, b.data ? b.data : (const unsigned char *)"", b.len, rel, r, found, e);
                if (rc == 0 && !*found && strcmp(rel, file_path) != 0) {
                    sops_rule_free(r);
                    rc = sops_config_match(cfg, b.data ? b.data : (const unsigned char *)"", b.len, file_path, r, found, e);
                }
            }
            hp_buf_free(&b);
            free(cfg);
            return rc;
        }
        free(cfg);
        slash = strrchr(dir, '/');
    }
    return 0;
}

void sops_rule_free(struct sops_rule *r)
{
    hp_strlist_free(&r->age);
    sops_select_free(&r->sel);
    free(r->config_path);
    memset(r, 0, sizeof *r);
}
