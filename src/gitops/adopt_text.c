/* The profile's text (include/gitops/adopt_text.h): scalars plain when YAML keeps them strings,
 * else double-quoted; flow lists and mappings. */
#include <string.h>

#include "gitops/adopt_text.h"
#include "gitops/app.h"

/* plain when it is a simple word YAML keeps a string, else double-quoted with escapes */
void gitops_adopt_quoted(struct hp_buf *b, const char *s)
{
    bool plain = *s && !gitops_scalar_needs_quotes(s) && strchr("-.?:!&*|>%@`'\"#,[]{}/=", *s) == NULL;
    for (const char *p = s; plain && *p; p++)
        plain = (*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') || (*p >= '0' && *p <= '9') ||
                strchr("._/-=", *p);
    if (plain) {
        hp_buf_append_str(b, s);
        return;
    }
    hp_buf_append_str(b, "\"");
    for (const unsigned char *p = (const unsigned char *)s; *p; p++) {
        if (*p == '"' || *p == '\\')
            hp_buf_appendf(b, "\\%c", *p);
        else if (*p < 0x20 || *p == 0x7f)
            hp_buf_appendf(b, "\\u%04x", *p);
        else
            hp_buf_append(b, p, 1);
    }
    hp_buf_append_str(b, "\"");
}

static void sep(struct hp_buf *b)
{
    if (b->len && b->data[b->len - 1] != '{')
        hp_buf_append_str(b, ", ");
}

void gitops_adopt_kv(struct hp_buf *b, const char *key, const char *value)
{
    sep(b);
    hp_buf_appendf(b, "%s: ", key);
    gitops_adopt_quoted(b, value);
}

void gitops_adopt_flow_list(struct hp_buf *b, const struct hp_strlist *l)
{
    hp_buf_append_str(b, "[");
    for (size_t i = 0; i < l->n; i++) {
        if (i)
            hp_buf_append_str(b, ", ");
        gitops_adopt_quoted(b, l->v[i]);
    }
    hp_buf_append_str(b, "]");
}

void gitops_adopt_klist(struct hp_buf *b, const char *key, const struct hp_strlist *l)
{
    sep(b);
    hp_buf_appendf(b, "%s: ", key);
    gitops_adopt_flow_list(b, l);
}

