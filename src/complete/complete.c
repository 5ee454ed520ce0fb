/* The dynamic completion engine (see include/complete/complete.h). Helm completes command
 * and flag names from completion.yaml; we only need to know the few flags whose values come
 * from the deployment tree. Any other word gets no candidates, so a flag added elsewhere can
 * never make completion wrong, only less helpful. */
#include <stdlib.h>
#include <string.h>

#include "complete/complete.h"
#include "complete/tree.h"

enum value_kind {
    V_NONE,       /* not a flag value we know: a positional or another flag's value */
    V_DIR,        /* -C/--root DIR, gitops -o/--output-dir DIR */
    V_FILE,       /* -f/--values FILE, --identity FILE, ... */
    V_EXPERIMENT, /* -e/--experiment E */
    V_ENABLE,     /* -c/--enable a,b: components */
    V_DISABLE,    /* -d/--disable x,y.z: components or component.sub */
    V_OUTPUT,     /* -o/--output: a FORMAT for the deploy commands, else a FILE */
    V_FORMAT,     /* the deploy commands' -o: text|json */
    V_SYNC,       /* gitops --sync auto|manual */
    V_SITE,       /* --site NAME: the sites of helm-panda.yaml */
};

/* A flag means the same thing in every command that has it (install, template, gitops,
 * secrets install, ...), so one table serves them all. A letter that means different things
 * (-a: --affix or --armor) is listed only where its value matters, and then the other meaning
 * sits where a FILE positional is completed anyway. -i is --in-place (no value) everywhere. */
static const struct {
    char short_name;
    const char *long_name;
    enum value_kind kind;
} value_flags[] = {
    {'C', "root", V_DIR},
    {'e', "experiment", V_EXPERIMENT},
    {'c', "enable", V_ENABLE},
    {'d', "disable", V_DISABLE},
    {'f', "values", V_FILE},
    {0, "identity", V_FILE},
    {0, "passphrase-file", V_FILE},
    {'R', "recipients-file", V_FILE},
    {'o', "output", V_OUTPUT},
    {0, "output-dir", V_DIR},
    {0, "sync", V_SYNC},
    {0, "site", V_SITE},
};
#define N_VALUE_FLAGS (sizeof value_flags / sizeof value_flags[0])

/* Commands whose positional argument is a file (the shell's own file completion applies). */
static const char *const file_commands[] = {
    "secrets encrypt", "secrets decrypt", "secrets edit", "secrets view", "secrets rotate", "secrets updatekeys",
};
/* Commands whose -o/--output is a FORMAT rather than a file. */
static const char *const format_commands[] = {"install", "upgrade", "template", "uninstall", "status",
                                               "diff",    "apply",   "history",  "rollback"};
static const char *const formats[] = {"json", "text"};
static const char *const sync_policies[] = {"auto", "manual"};

static enum value_kind kind_of_short(char c)
{
    for (size_t i = 0; i < N_VALUE_FLAGS; i++)
        if (value_flags[i].short_name == c)
            return value_flags[i].kind;
    return V_NONE;
}

static enum value_kind kind_of_long(const char *name, size_t n)
{
    for (size_t i = 0; i < N_VALUE_FLAGS; i++)
        if (strlen(value_flags[i].long_name) == n && strncmp(value_flags[i].long_name, name, n) == 0)
            return value_flags[i].kind;
    return V_NONE;
}

/* A whole word that expects its value in the next word: "--enable", "-c", or a cluster of
 * short flags ending in one ("-qc"). */
static enum value_kind kind_of_flag_word(const char *w)
{
    if (w[0] != '-' || !w[1] || strchr(w, '='))
        return V_NONE;
    if (w[1] == '-')
        return kind_of_long(w + 2, strlen(w + 2));
    return kind_of_short(w[strlen(w) - 1]);
}

/* The word being completed. `value` is the part to complete; `prefix` is what each candidate
 * must start with to replace the whole word in the shell (cobra's shell scripts drop a
 * "--flag=" themselves, so that form gets bare values, like cobra's own flag completion). */
struct current {
    enum value_kind kind;
    const char *value;
    char prefix[4];
    bool is_flag_name;
};

static struct current classify(const char *prev, const char *cur)
{
    struct current c = {V_NONE, cur, "", false};
    if (cur[0] == '-') {
        if (cur[1] == '-') {
            const char *eq = strchr(cur, '=');
            if (eq) {
                c.kind = kind_of_long(cur + 2, (size_t)(eq - cur - 2));
                c.value = eq + 1;
            } else {
                c.is_flag_name = true;
            }
        } else if (cur[1] && (c.kind = kind_of_short(cur[1])) != V_NONE && cur[2]) {
            if (cur[2] == '=') {
                c.value = cur + 3; /* -e=lsst: the shell script strips "-e=" */
            } else {
                c.value = cur + 2; /* -elsst: the value is glued to the flag */
                memcpy(c.prefix, cur, 2);
            }
        } else {
            c.kind = V_NONE;
            c.is_flag_name = true;
        }
        return c;
    }
    if (prev)
        c.kind = kind_of_flag_word(prev);
    return c;
}

/* The -C/--root value among the words typed before the current one, if any. */
static const char *root_flag(int n, char **w)
{
    const char *root = NULL;
    for (int i = 0; i < n; i++) {
        const char *a = w[i];
        if (strcmp(a, "--") == 0)
            break;
        if (strcmp(a, "--root") == 0 || strcmp(a, "-C") == 0) {
            if (i + 1 < n)
                root = w[++i];
        } else if (hp_str_has_prefix(a, "--root=")) {
            root = a + strlen("--root=");
        } else if (hp_str_has_prefix(a, "-C") && a[2]) {
            root = a + (a[2] == '=' ? 3 : 2);
        }
    }
    return root;
}

static void add(struct complete_result *r, const char *prefix, const char *head, const char *name)
{
    hp_strlist_push_own(&r->cands, hp_xasprintf("%s%s%s", prefix, head, name));
}

/* -c a,b,<part> and -d a,b.c,<part>: complete the last element, keep the ones before it,
 * and offer nothing already listed. -d also takes component.sub. */
static void complete_list(const char *root, const struct current *c, bool subs, struct complete_result *r)
{
    const char *part = strrchr(c->value, ',');
    part = part ? part + 1 : c->value;
    char *head = hp_xstrndup(c->value, (size_t)(part - c->value));
    struct hp_strlist listed = {0};
    hp_strlist_split_append(&listed, head);

    struct hp_strlist comps = {0};
    complete_components(root, &comps);
    const char *dot = subs ? strchr(part, '.') : NULL;
    if (dot) {
        char *comp = hp_xstrndup(part, (size_t)(dot - part));
        if (hp_strlist_contains(&comps, comp)) {
            struct hp_strlist sub = {0};
            complete_subcomponents(root, comp, &sub);
            for (size_t i = 0; i < sub.n; i++) {
                char *full = hp_xasprintf("%s.%s", comp, sub.v[i]);
                if (hp_str_has_prefix(full, part) && !hp_strlist_contains(&listed, full))
                    add(r, c->prefix, head, full);
                free(full);
            }
            hp_strlist_free(&sub);
        }
        free(comp);
    } else {
        size_t matches = 0;
        const char *only = NULL;
        for (size_t i = 0; i < comps.n; i++) {
            if (!hp_str_has_prefix(comps.v[i], part))
                continue;
            matches++;
            only = comps.v[i];
            if (!hp_strlist_contains(&listed, comps.v[i]))
                add(r, c->prefix, head, comps.v[i]);
        }
        /* once the word names one component, -d also offers its parts: panda -> panda.jedi */
        if (subs && matches == 1 && strcmp(only, part) == 0) {
            struct hp_strlist sub = {0};
            complete_subcomponents(root, only, &sub);
            for (size_t i = 0; i < sub.n; i++) {
                char *full = hp_xasprintf("%s.%s", only, sub.v[i]);
                if (!hp_strlist_contains(&listed, full))
                    add(r, c->prefix, head, full);
                free(full);
            }
            hp_strlist_free(&sub);
        }
    }
    hp_strlist_free(&comps);
    hp_strlist_free(&listed);
    free(head);
    r->directive = COMPLETE_DIR_NOFILE | COMPLETE_DIR_NOSPACE;
}

#define ARRAY_LEN(a) (sizeof(a) / sizeof((a)[0]))

static bool in_list(const char *cmd, const char *const *list, size_t n)
{
    for (size_t i = 0; i < n; i++)
        if (strcmp(cmd, list[i]) == 0)
            return true;
    return false;
}

static void choices(const struct current *c, const char *const *list, size_t n, struct complete_result *r)
{
    for (size_t i = 0; i < n; i++)
        if (hp_str_has_prefix(list[i], c->value))
            add(r, c->prefix, "", list[i]);
    r->directive = COMPLETE_DIR_NOFILE;
}

/* -e and --site: the names the tree has (complete/tree.h), through choices. */
static void tree_choices(const char *root, void (*list)(const char *root, struct hp_strlist *out),
                         const struct current *c, struct complete_result *r)
{
    struct hp_strlist names = {0};
    list(root, &names);
    choices(c, (const char *const *)names.v, names.n, r);
    hp_strlist_free(&names);
}

void complete_words(int n, char **words, struct complete_result *r)
{
    memset(r, 0, sizeof *r);
    r->directive = COMPLETE_DIR_NOFILE;
    if (n < 1)
        return;
    /* the sub-command path: "install", or "secrets install" */
    int skip = (n >= 2 && strcmp(words[0], "secrets") == 0) ? 2 : 1;
    char *cmd = skip == 2 ? hp_xasprintf("%s %s", words[0], words[1]) : hp_xstrdup(words[0]);
    if (n <= skip) { /* helm only calls us for a complete command path */
        free(cmd);
        return;
    }
    char **args = words + skip;
    int nargs = n - skip;
    const char *cur = args[nargs - 1];
    const char *prev = nargs >= 2 ? args[nargs - 2] : NULL;

    for (int i = 0; i < nargs - 1; i++)
        if (strcmp(args[i], "--") == 0) { /* helm's own arguments follow: files and all */
            r->directive = 0;
            free(cmd);
            return;
        }

    struct current c = classify(prev, cur);
    if (c.is_flag_name) { /* helm lists flag names from completion.yaml */
        free(cmd);
        return;
    }
    if (c.kind == V_OUTPUT)
        c.kind = in_list(cmd, format_commands, ARRAY_LEN(format_commands)) ? V_FORMAT
                 : strcmp(cmd, "gitops") == 0                                ? V_DIR /* --output-dir */
                                                                             : V_FILE;
    switch (c.kind) {
    case V_NONE:
        if (in_list(cmd, file_commands, ARRAY_LEN(file_commands)))
            r->directive = 0;
        free(cmd);
        return;
    case V_DIR:
        r->directive = COMPLETE_DIR_DIRS;
        free(cmd);
        return;
    case V_FILE:
        r->directive = 0;
        free(cmd);
        return;
    case V_SYNC:
        choices(&c, sync_policies, ARRAY_LEN(sync_policies), r);
        free(cmd);
        return;
    case V_FORMAT:
        choices(&c, formats, ARRAY_LEN(formats), r);
        free(cmd);
        return;
    case V_OUTPUT: /* resolved above */
    case V_SITE:
    case V_EXPERIMENT:
    case V_ENABLE:
    case V_DISABLE:
        break;
    }
    if (c.kind != V_EXPERIMENT && c.kind != V_SITE) /* a list goes on after a comma: no space */
        r->directive = COMPLETE_DIR_NOFILE | COMPLETE_DIR_NOSPACE;
    char *root = complete_find_root(root_flag(nargs - 1, args));
    if (root) {
        hp_debugf("completion: deployment root %s", root);
        if (c.kind == V_EXPERIMENT)
            tree_choices(root, complete_experiments, &c, r);
        else if (c.kind == V_SITE)
            tree_choices(root, complete_sites, &c, r);
        else
            complete_list(root, &c, c.kind == V_DISABLE, r);
    }
    free(root);
    free(cmd);
}

void complete_result_print(const struct complete_result *r, FILE *out)
{
    for (size_t i = 0; i < r->cands.n; i++)
        fprintf(out, "%s\n", r->cands.v[i]);
    fprintf(out, ":%u\n", r->directive);
}

void complete_result_free(struct complete_result *r)
{
    hp_strlist_free(&r->cands);
    memset(r, 0, sizeof *r);
}
