/* YAML store. Parsing: a libyaml event loop building the ordered tree; comments are found in
 * the bytes between one event's end and the next event's start, and attached as comment
 * items of the map or list they sit in (a comment at the end of a block belongs to the
 * deepest open block whose indentation it is at or beyond). Emitting: our own writer
 * reproducing yaml.v3's choices (indentation rounded up to multiples of 4, "- " counting as
 * indentation inside lists, plain/single/double/literal style), because sops formats that
 * way and libyaml's emitter does not. */
#include <stdio.h>
#include <string.h>

#include <yaml.h>

#include "hp/utf8.h"
#include "hp/util.h"
#include "sops/scalar.h"
#include "sops/sops.h"
#include "sops/yaml_store.h"

/* ---------- parsing ---------- */

struct pcomment {
    const char *text;
    size_t len;
    size_t col;
    bool trailing; /* on the same line as the value before it ("a: 1 # note") */
};

struct frame {
    struct sops_node *node;
    size_t col;
    bool have_key; /* maps: a key was read, its value is next */
    const char *key;
    size_t keylen;
};

struct anchor {
    char *name;
    struct sops_node *node;
};

struct parser {
    struct sops_tree *t;
    const char *src;
    struct frame *st;
    size_t depth, cap;
    struct pcomment *pc;
    size_t npc, pccap;
    struct anchor *anchors;
    size_t nanchors;
    size_t nodes; /* guards alias expansion ("billion laughs") */
    size_t value_end; /* byte offset where the last value's own text ended (0: none yet) */
};

/* libyaml's marks count characters, not bytes (mark.index of a value after "ä✓" is 2 less
 * than its byte offset), while comments are found in the bytes: this cursor turns one into
 * the other, walking the UTF-8 either way from where it last stood (marks mostly move
 * forward). It only walks text libyaml has already decoded, so the UTF-8 there is valid. */
struct offsets {
    const unsigned char *s;
    size_t len;
    size_t chars, bytes; /* where the cursor stands */
};

static size_t byte_offset(struct offsets *o, size_t chars)
{
    while (o->chars < chars && o->bytes < o->len) {
        size_t n;
        hp_utf8_decode((const char *)o->s + o->bytes, o->len - o->bytes, &n);
        o->bytes += n;
        o->chars++;
    }
    while (o->chars > chars && o->bytes > 0) {
        o->bytes--;
        while (o->bytes > 0 && (o->s[o->bytes] & 0xC0) == 0x80)
            o->bytes--;
        o->chars--;
    }
    return o->bytes < o->len ? o->bytes : o->len;
}

/* Characters from the start of the line to byte i: comment columns compare with libyaml's
 * (character) columns. */
static size_t char_column(const char *s, size_t ls, size_t i)
{
    size_t col = 0;
    for (size_t k = ls; k < i; k++)
        if (((unsigned char)s[k] & 0xC0) != 0x80)
            col++;
    return col;
}

static void scan_comments(struct parser *p, size_t from, size_t to)
{
    const char *s = p->src;
    for (size_t i = from; i < to; i++) {
        if (s[i] != '#')
            continue;
        if (i > 0 && s[i - 1] != ' ' && s[i - 1] != '\t' && s[i - 1] != '\n' && s[i - 1] != '\r' && i != from)
            continue;
        size_t ls = i;
        while (ls > 0 && s[ls - 1] != '\n')
            ls--;
        size_t j = i + 1;
        while (j < to && s[j] != '\n')
            j++;
        size_t len = j - i - 1;
        if (len && s[i + 1 + len - 1] == '\r')
            len--;
        if (p->npc == p->pccap) {
            p->pccap = p->pccap ? p->pccap * 2 : 8;
            p->pc = hp_xrealloc(p->pc, p->pccap * sizeof *p->pc);
        }
        /* at the end of a value's line: nothing but blanks since the value's own text, which did
         * not end a line (a block scalar ends at the start of the next line; the end events of
         * block collections stand at the next token, e.g. the "-" of the next item) */
        size_t ve = p->value_end;
        bool trailing = ve > 0 && ve <= i && s[ve - 1] != '\n' && memchr(s + ve, '\n', i - ve) == NULL;
        p->pc[p->npc++] = (struct pcomment){s + i + 1, len, char_column(s, ls, i), trailing};
        i = j;
    }
}

/* Puts c before ref in parent's children. */
static void insert_before(struct sops_node *parent, struct sops_node *ref, struct sops_node *c)
{
    struct sops_node **pp = &parent->first;
    while (*pp && *pp != ref)
        pp = &(*pp)->next;
    c->next = *pp;
    *pp = c;
    if (!c->next)
        parent->last = c;
    parent->count++;
}

/* Moves the pending comments at or beyond column mincol into `into`. A comment at the end of a
 * value's line goes above that value, where sops puts it (yaml.v3's line comment); after a
 * flow collection ("k: [1, 2] # c") it becomes that collection's first item, as in sops. */
static void flush_comments(struct parser *p, struct sops_node *into, size_t mincol)
{
    size_t keep = 0;
    for (size_t i = 0; i < p->npc; i++) {
        if (p->pc[i].col >= mincol) {
            struct sops_node *c = sops_comment_new(p->t, p->pc[i].text, p->pc[i].len);
            struct sops_node *v = into->last;
            if (p->pc[i].trailing && v && (v->kind == SOPS_NODE_MAP || v->kind == SOPS_NODE_SEQ) && !v->first)
                sops_node_append(into, c); /* "k: [] # c": below the key, as sops */
            else if (p->pc[i].trailing && v && (v->kind == SOPS_NODE_MAP || v->kind == SOPS_NODE_SEQ))
                insert_before(v, v->first, c); /* after a flow collection: its first item, as sops */
            else if (p->pc[i].trailing && v && v->kind != SOPS_NODE_COMMENT)
                insert_before(into, v, c);
            else
                sops_node_append(into, c);
        } else
            p->pc[keep++] = p->pc[i];
    }
    p->npc = keep;
}

static enum sops_scalar_type scalar_type(const yaml_event_t *ev)
{
    const char *tag = (const char *)ev->data.scalar.tag;
    const char *v = (const char *)ev->data.scalar.value;
    size_t len = ev->data.scalar.length;
    if (tag && strcmp(tag, "!") != 0) {
        if (!strcmp(tag, YAML_INT_TAG))
            return SOPS_T_INT;
        if (!strcmp(tag, YAML_FLOAT_TAG))
            return SOPS_T_FLOAT;
        if (!strcmp(tag, YAML_BOOL_TAG))
            return SOPS_T_BOOL;
        if (!strcmp(tag, YAML_NULL_TAG))
            return SOPS_T_NULL;
        return SOPS_T_STR;
    }
    if (ev->data.scalar.style != YAML_PLAIN_SCALAR_STYLE || tag)
        return SOPS_T_STR;
    switch (sops_yaml_resolve(v, len)) {
    case SOPS_RESOLVE_INT:
        return SOPS_T_INT;
    case SOPS_RESOLVE_FLOAT:
        return SOPS_T_FLOAT;
    case SOPS_RESOLVE_BOOL:
        return SOPS_T_BOOL;
    case SOPS_RESOLVE_NULL:
        return SOPS_T_NULL;
    case SOPS_RESOLVE_TIME: /* sops >= 3.10 keeps a timestamp as time.Time (the caller checks) */
        return SOPS_T_TIME;
    default:
        return SOPS_T_STR;
    }
}

static struct sops_node *deep_copy(struct parser *p, const struct sops_node *n)
{
    if (++p->nodes > 1000000)
        return NULL;
    struct sops_node *c = sops_node_new(p->t, n->kind);
    c->type = n->type;
    if (n->text) {
        c->text = sops_tree_strndup(p->t, n->text, n->len);
        c->len = n->len;
    }
    if (n->key)
        sops_node_set_key(p->t, c, n->key, n->keylen);
    for (struct sops_node *ch = n->first; ch; ch = ch->next) {
        struct sops_node *cc = deep_copy(p, ch);
        if (!cc)
            return NULL;
        sops_node_append(c, cc);
    }
    return c;
}

static void push(struct parser *p, struct sops_node *n, size_t col)
{
    if (p->depth == p->cap) {
        p->cap = p->cap ? p->cap * 2 : 16;
        p->st = hp_xrealloc(p->st, p->cap * sizeof *p->st);
    }
    p->st[p->depth++] = (struct frame){n, col, false, NULL, 0};
}

static void remember_anchor(struct parser *p, const unsigned char *anchor, struct sops_node *n)
{
    if (!anchor)
        return;
    p->anchors = hp_xrealloc(p->anchors, (p->nanchors + 1) * sizeof *p->anchors);
    p->anchors[p->nanchors++] = (struct anchor){hp_xstrdup((const char *)anchor), n};
}

/* Attaches a finished value node to the innermost open collection. */
static int attach(struct parser *p, struct sops_node *n, struct hp_error *e, const yaml_mark_t *m)
{
    if (p->depth == 0)
        return 0; /* the document root: handled by the caller */
    struct frame *f = &p->st[p->depth - 1];
    if (f->node->kind == SOPS_NODE_SEQ) {
        sops_node_append(f->node, n);
        return 0;
    }
    if (!f->have_key)
        return hp_error_set(e, SOPS_ERR_PARSE, "line %zu: only scalar map keys are supported", m->line + 1);
    sops_node_set_key(p->t, n, f->key, f->keylen);
    sops_node_append(f->node, n);
    f->have_key = false;
    return 0;
}

int sops_yaml_load(struct sops_tree *t, const unsigned char *data, size_t len, struct hp_error *e)
{
    yaml_parser_t yp;
    yaml_event_t ev;
    if (!yaml_parser_initialize(&yp))
        return hp_error_set(e, SOPS_ERR_PARSE, "cannot initialise the YAML parser");
    if (len >= 2 && ((data[0] == 0xFE && data[1] == 0xFF) || (data[0] == 0xFF && data[1] == 0xFE))) {
        yaml_parser_delete(&yp);
        return hp_error_set(e, SOPS_ERR_PARSE, "UTF-16 YAML is not supported (convert the file to UTF-8)");
    }
    yaml_parser_set_input_string(&yp, data, len);
    struct parser p = {.t = t, .src = (const char *)data};
    /* libyaml skips a UTF-8 byte-order mark without counting it */
    size_t bom = len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF ? 3 : 0;
    struct offsets off = {data + bom, len - bom, 0, 0};
    struct sops_node *root = NULL;
    size_t prev_end = 0;
    int rc = -1;
    bool done = false;
    while (!done) {
        if (!yaml_parser_parse(&yp, &ev)) {
            hp_error_set(e, SOPS_ERR_PARSE, "line %zu column %zu: %s", yp.problem_mark.line + 1,
                         yp.problem_mark.column + 1, yp.problem ? yp.problem : "invalid YAML");
            goto out;
        }
        size_t start = bom + byte_offset(&off, ev.start_mark.index);
        if (start > prev_end)
            scan_comments(&p, prev_end, start);
        size_t end = bom + byte_offset(&off, ev.end_mark.index);
        if (end > prev_end)
            prev_end = end;
        if (ev.type == YAML_SCALAR_EVENT || ev.type == YAML_ALIAS_EVENT ||
            ((ev.type == YAML_MAPPING_END_EVENT || ev.type == YAML_SEQUENCE_END_EVENT) && end > 0 &&
             (p.src[end - 1] == ']' || p.src[end - 1] == '}')))
            p.value_end = end;
        struct frame *top = p.depth ? &p.st[p.depth - 1] : NULL;
        switch (ev.type) {
        case YAML_STREAM_END_EVENT:
            done = true;
            break;
        case YAML_DOCUMENT_START_EVENT:
            root = NULL;
            break;
        case YAML_DOCUMENT_END_EVENT:
            if (!root)
                root = sops_doc_add(t);
            flush_comments(&p, root, 0);
            root = NULL;
            break;
        case YAML_MAPPING_START_EVENT:
        case YAML_SEQUENCE_START_EVENT: {
            bool is_map = ev.type == YAML_MAPPING_START_EVENT;
            if (!top) {
                if (!is_map) {
                    hp_error_set(e, SOPS_ERR_PARSE, "line %zu: YAML documents that are lists are not supported",
                                 ev.start_mark.line + 1);
                    goto out;
                }
                root = sops_doc_add(t);
                flush_comments(&p, root, 0);
                push(&p, root, ev.start_mark.column);
                remember_anchor(&p, ev.data.mapping_start.anchor, root);
                break;
            }
            if (top->node->kind == SOPS_NODE_MAP && !top->have_key) {
                hp_error_set(e, SOPS_ERR_PARSE, "line %zu: only scalar map keys are supported", ev.start_mark.line + 1);
                goto out;
            }
            struct sops_node *n = sops_node_new(t, is_map ? SOPS_NODE_MAP : SOPS_NODE_SEQ);
            if (top->node->kind == SOPS_NODE_SEQ)
                flush_comments(&p, top->node, 0);
            else
                flush_comments(&p, n, 0);
            if (attach(&p, n, e, &ev.start_mark) != 0)
                goto out;
            remember_anchor(&p, is_map ? ev.data.mapping_start.anchor : ev.data.sequence_start.anchor, n);
            push(&p, n, ev.start_mark.column);
            break;
        }
        case YAML_MAPPING_END_EVENT:
        case YAML_SEQUENCE_END_EVENT:
            flush_comments(&p, top->node, top->col);
            p.depth--;
            break;
        case YAML_SCALAR_EVENT: {
            const char *v = (const char *)ev.data.scalar.value;
            size_t vl = ev.data.scalar.length;
            if (!top) {
                /* a document that is one scalar: only null (an empty document) is accepted */
                if (scalar_type(&ev) != SOPS_T_NULL) {
                    hp_error_set(e, SOPS_ERR_PARSE, "line %zu: YAML documents that are plain values are not supported",
                                 ev.start_mark.line + 1);
                    goto out;
                }
                root = sops_doc_add(t);
                flush_comments(&p, root, 0);
                break;
            }
            if (top->node->kind == SOPS_NODE_MAP && !top->have_key) {
                flush_comments(&p, top->node, 0);
                top->key = sops_tree_strndup(t, v, vl);
                top->keylen = vl;
                top->have_key = true;
                break;
            }
            flush_comments(&p, top->node, 0);
            enum sops_scalar_type ty = scalar_type(&ev);
            char tbuf[64];
            struct sops_node *n = ty == SOPS_T_TIME && sops_time_rfc3339(v, vl, tbuf, sizeof tbuf)
                                      ? sops_scalar_new(t, ty, tbuf, strlen(tbuf))
                                      : sops_scalar_new(t, ty == SOPS_T_TIME ? SOPS_T_STR : ty, v, vl);
            remember_anchor(&p, ev.data.scalar.anchor, n);
            if (attach(&p, n, e, &ev.start_mark) != 0)
                goto out;
            break;
        }
        case YAML_ALIAS_EVENT: {
            struct sops_node *src = NULL;
            for (size_t i = p.nanchors; i-- > 0;)
                if (!strcmp(p.anchors[i].name, (const char *)ev.data.alias.anchor)) {
                    src = p.anchors[i].node;
                    break;
                }
            if (!src) {
                hp_error_set(e, SOPS_ERR_PARSE, "line %zu: unknown alias", ev.start_mark.line + 1);
                goto out;
            }
            if (!top) {
                hp_error_set(e, SOPS_ERR_PARSE, "line %zu: a document cannot be an alias", ev.start_mark.line + 1);
                goto out;
            }
            if (top->node->kind == SOPS_NODE_MAP && !top->have_key) {
                if (src->kind != SOPS_NODE_SCALAR) {
                    hp_error_set(e, SOPS_ERR_PARSE, "line %zu: only scalar map keys are supported", ev.start_mark.line + 1);
                    goto out;
                }
                top->key = src->text;
                top->keylen = src->len;
                top->have_key = true;
                break;
            }
            struct sops_node *n = deep_copy(&p, src);
            if (!n) {
                hp_error_set(e, SOPS_ERR_PARSE, "line %zu: aliases expand to too many nodes", ev.start_mark.line + 1);
                goto out;
            }
            n->key = NULL;
            flush_comments(&p, top->node, 0);
            if (attach(&p, n, e, &ev.start_mark) != 0)
                goto out;
            break;
        }
        default:
            break;
        }
        yaml_event_delete(&ev);
    }
    if (t->ndocs == 0)
        sops_doc_add(t);
    rc = 0;
    goto cleanup;
out:
    yaml_event_delete(&ev);
cleanup:
    yaml_parser_delete(&yp);
    for (size_t i = 0; i < p.nanchors; i++)
        free(p.anchors[i].name);
    free(p.anchors);
    free(p.st);
    free(p.pc);
    return rc;
}

/* ---------- emitting ---------- */

static void put(struct hp_secbuf *o, const char *s, size_t n) { hp_secbuf_append(o, s, n); }
static void puts_(struct hp_secbuf *o, const char *s) { hp_secbuf_append(o, s, strlen(s)); }
static void spaces(struct hp_secbuf *o, size_t n)
{
    static const char sp[] = "                                ";
    while (n > 0) {
        size_t k = n > 32 ? 32 : n;
        put(o, sp, k);
        n -= k;
    }
}

/* yaml.v3's indentation step: round up to the next multiple of 4. */
static size_t up(size_t ind) { return 4 * ((ind + 4) / 4); }

static bool is_break(char c) { return c == '\n' || c == '\r'; }
static bool is_blank(char c) { return c == ' ' || c == '\t'; }

/* Printable as libyaml (unicode on) understands it, for one UTF-8 sequence at s. Sets *n. */
static bool printable_at(const unsigned char *s, size_t len, size_t *n)
{
    unsigned c = s[0];
    if (c < 0x80) {
        *n = 1;
        return c == 0x0A || (c >= 0x20 && c <= 0x7E);
    }
    size_t k = c >= 0xF0 ? 4 : c >= 0xE0 ? 3 : c >= 0xC0 ? 2 : 1;
    if (k > len || k == 1) {
        *n = 1;
        return false;
    }
    unsigned cp = k == 2 ? c & 0x1F : k == 3 ? c & 0x0F : c & 0x07;
    for (size_t i = 1; i < k; i++) {
        if ((s[i] & 0xC0) != 0x80) {
            *n = 1;
            return false;
        }
        cp = (cp << 6) | (s[i] & 0x3F);
    }
    *n = k;
    if (cp == 0xFEFF)
        return false;
    /* yaml.v3's is_printable (not libyaml's): NEL and everything past the BMP (emoji) are not,
     * so sops writes them as \N and \UXXXXXXXX in a double-quoted string */
    /* U+2028/U+2029 are line breaks to libyaml: written raw in a plain scalar they broke the
     * file (yaml.v3 writes them as breaks in single quotes; we escape them, \L and \P) */
    return (cp >= 0xA0 && cp <= 0xD7FF && cp != 0x2028 && cp != 0x2029) || (cp >= 0xE000 && cp <= 0xFFFD);
}

struct analysis {
    bool plain, single, block, multiline;
};

/* libyaml's yaml_emitter_analyze_scalar, block context. */
static struct analysis analyze(const char *s, size_t len)
{
    struct analysis a = {true, true, true, false};
    if (len == 0) {
        a.plain = false;
        a.block = false;
        return a;
    }
    bool block_ind = false, special = false, tabs = false, line_breaks = false;
    bool leading_space = false, leading_break = false, trailing_space = false, trailing_break = false;
    bool break_space = false, space_break = false, prev_space = false, prev_break = false;
    if ((len >= 3 && (!memcmp(s, "---", 3) || !memcmp(s, "...", 3))) &&
        (len == 3 || is_blank(s[3]) || is_break(s[3])))
        block_ind = true;
    bool preceded_by_ws = true;
    for (size_t i = 0; i < len;) {
        char c = s[i];
        bool followed_by_ws = i + 1 >= len || is_blank(s[i + 1]) || is_break(s[i + 1]);
        if (i == 0) {
            if (strchr("#,[]{}&*!|>'\"%@`", c))
                block_ind = true;
            if ((c == '?' || c == ':' || c == '-') && followed_by_ws)
                block_ind = true;
        } else {
            if (c == ':' && followed_by_ws)
                block_ind = true;
            if (c == '#' && preceded_by_ws)
                block_ind = true;
        }
        size_t n;
        if (c == '\t') /* go.yaml.in/yaml v3.0.4: a tab rules out plain and single quotes, not a block */
            tabs = true, n = 1;
        else if (!printable_at((const unsigned char *)s + i, len - i, &n))
            special = true;
        if (is_break(c))
            line_breaks = true;
        if (c == ' ') {
            if (i == 0)
                leading_space = true;
            if (i + 1 == len)
                trailing_space = true;
            if (prev_break)
                break_space = true;
            prev_space = true;
            prev_break = false;
        } else if (is_break(c)) {
            if (i == 0)
                leading_break = true;
            if (i + 1 == len)
                trailing_break = true;
            if (prev_space)
                space_break = true;
            prev_break = true;
            prev_space = false;
        } else {
            prev_space = prev_break = false;
        }
        preceded_by_ws = is_blank(c) || is_break(c);
        i += n;
    }
    a.multiline = line_breaks;
    if (leading_space || leading_break || trailing_space || trailing_break)
        a.plain = false;
    if (trailing_space)
        a.block = false;
    if (break_space)
        a.plain = a.single = false;
    if (space_break || special || tabs)
        a.plain = a.single = false;
    if (space_break || special)
        a.block = false;
    if (line_breaks)
        a.plain = false;
    if (block_ind)
        a.plain = false;
    return a;
}

static bool old_bool_or_base60(const char *s, size_t len)
{
    static const char *const ob[] = {"y", "Y", "yes", "Yes", "YES", "n", "N", "no", "No", "NO",
                                     "on", "On", "ON", "off", "Off", "OFF", NULL};
    for (size_t i = 0; ob[i]; i++)
        if (strlen(ob[i]) == len && !memcmp(ob[i], s, len))
            return true;
    /* base 60 floats: [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)? */
    size_t i = 0;
    if (i < len && (s[i] == '-' || s[i] == '+'))
        i++;
    if (i >= len || s[i] < '0' || s[i] > '9')
        return false;
    while (i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
        i++;
    int groups = 0;
    while (i < len && s[i] == ':') {
        i++;
        size_t d = 0;
        while (i < len && s[i] >= '0' && s[i] <= '9' && d < 2)
            i++, d++;
        if (d == 0 || (d == 2 && s[i - 2] > '5'))
            return false;
        groups++;
    }
    if (!groups)
        return false;
    if (i < len && s[i] == '.') {
        i++;
        while (i < len && ((s[i] >= '0' && s[i] <= '9') || s[i] == '_'))
            i++;
    }
    return i == len;
}

static void emit_double(struct hp_secbuf *o, const char *s, size_t len)
{
    put(o, "\"", 1);
    for (size_t i = 0; i < len;) {
        size_t n;
        unsigned char c = (unsigned char)s[i];
        bool pr = printable_at((const unsigned char *)s + i, len - i, &n);
        if (pr && c != '"' && c != '\\' && c != '\n' && c != '\r' && c != '\t') {
            put(o, s + i, n);
            i += n;
            continue;
        }
        char esc[16];
        switch (c) {
        case 0: puts_(o, "\\0"); break;
        case 7: puts_(o, "\\a"); break;
        case 8: puts_(o, "\\b"); break;
        case 9: puts_(o, "\\t"); break;
        case 10: puts_(o, "\\n"); break;
        case 11: puts_(o, "\\v"); break;
        case 12: puts_(o, "\\f"); break;
        case 13: puts_(o, "\\r"); break;
        case 27: puts_(o, "\\e"); break;
        case '"': puts_(o, "\\\""); break;
        case '\\': puts_(o, "\\\\"); break;
        default:
            if (n == 1) {
                snprintf(esc, sizeof esc, "\\x%02X", c);
            } else {
                unsigned cp = n == 2 ? c & 0x1F : n == 3 ? c & 0x0F : c & 0x07;
                for (size_t k = 1; k < n; k++)
                    cp = (cp << 6) | ((unsigned char)s[i + k] & 0x3F);
                if (cp == 0x85)
                    snprintf(esc, sizeof esc, "\\N");
                else if (cp == 0xA0)
                    snprintf(esc, sizeof esc, "\\_");
                else if (cp == 0x2028)
                    snprintf(esc, sizeof esc, "\\L");
                else if (cp == 0x2029)
                    snprintf(esc, sizeof esc, "\\P");
                else if (cp <= 0xFF)
                    snprintf(esc, sizeof esc, "\\x%02X", cp);
                else if (cp <= 0xFFFF)
                    snprintf(esc, sizeof esc, "\\u%04X", cp);
                else
                    snprintf(esc, sizeof esc, "\\U%08X", cp);
            }
            puts_(o, esc);
        }
        i += n;
    }
    put(o, "\"", 1);
}

static void emit_single(struct hp_secbuf *o, const char *s, size_t len)
{
    put(o, "'", 1);
    for (size_t i = 0; i < len; i++) {
        if (s[i] == '\'')
            put(o, "''", 2);
        else
            put(o, s + i, 1);
    }
    put(o, "'", 1);
}

/* A literal block scalar: header then lines at `ind`. A value that starts with a space or a
 * line break needs an indentation indicator, and YAML counts it from the parent's
 * indentation (the key column of the enclosing map, the "-" column of the enclosing list),
 * not from the content's: `hint` is that distance. (A fixed 4, right at the top level, made
 * YAML no reader accepts inside lists.) */
static void emit_literal(struct hp_secbuf *o, const char *s, size_t len, size_t ind, size_t hint)
{
    put(o, "|", 1);
    if (s[0] == ' ' || is_break(s[0])) {
        char h = (char)('0' + hint);
        put(o, &h, 1);
    }
    if (!is_break(s[len - 1]))
        put(o, "-", 1);
    else if (len == 1 || is_break(s[len - 2]))
        put(o, "+", 1);
    put(o, "\n", 1);
    size_t i = 0;
    while (i < len) {
        size_t j = i;
        while (j < len && s[j] != '\n')
            j++;
        if (j > i) {
            spaces(o, ind);
            put(o, s + i, j - i);
        }
        if (j < len) {
            put(o, "\n", 1);
            j++;
        }
        i = j;
        if (i == len && s[len - 1] != '\n')
            break;
    }
    if (!is_break(s[len - 1]))
        put(o, "\n", 1);
}

/* A string as yaml.v3 writes it; `ind` is the block indentation for literal scalars and
 * `hint` its distance from the parent's (see emit_literal). Returns whether it wrote a block
 * scalar (which ends its own line). */
static bool emit_string(struct hp_secbuf *o, const char *s, size_t len, size_t ind, size_t hint, bool is_key)
{
    struct analysis a = analyze(s, len);
    enum sops_resolved r = len ? sops_yaml_resolve(s, len) : SOPS_RESOLVE_NULL;
    bool can_plain = r == SOPS_RESOLVE_STR && !old_bool_or_base60(s, len);
    if (a.multiline && !is_key) {
        if (a.block) {
            emit_literal(o, s, len, ind, hint);
            return true;
        }
        emit_double(o, s, len);
        return false;
    }
    if (!can_plain || a.multiline) {
        emit_double(o, s, len);
        return false;
    }
    if (a.plain && !(is_key && len > 128))
        put(o, s, len);
    else if (a.single)
        emit_single(o, s, len);
    else
        emit_double(o, s, len);
    return false;
}

/* Scalar value; returns true when a block scalar already ended the line. */
static bool emit_scalar(struct hp_secbuf *o, const struct sops_node *n, size_t ind, size_t hint)
{
    switch (n->type) {
    case SOPS_T_NULL:
        if (n->len)
            put(o, n->text, n->len);
        else
            puts_(o, "null");
        return false;
    case SOPS_T_INT:
    case SOPS_T_FLOAT:
    case SOPS_T_BOOL:
    case SOPS_T_TIME:
        put(o, n->text, n->len);
        return false;
    default:
        return emit_string(o, n->text, n->len, ind, hint, false);
    }
}

static void emit_seq(struct hp_secbuf *o, const struct sops_node *s, size_t ind, bool inline_first);

static void emit_comment(struct hp_secbuf *o, const struct sops_node *c, size_t ind, bool *inline_first)
{
    if (!*inline_first)
        spaces(o, ind);
    *inline_first = false;
    put(o, "#", 1);
    put(o, c->text, c->len);
    put(o, "\n", 1);
}

static bool has_values(const struct sops_node *n)
{
    for (const struct sops_node *c = n->first; c; c = c->next)
        if (c->kind != SOPS_NODE_COMMENT)
            return true;
    return false;
}

static void emit_map(struct hp_secbuf *o, const struct sops_node *m, size_t ind, bool inline_first)
{
    for (const struct sops_node *c = m->first; c; c = c->next) {
        if (c->kind == SOPS_NODE_COMMENT) {
            emit_comment(o, c, ind, &inline_first);
            continue;
        }
        if (!inline_first)
            spaces(o, ind);
        inline_first = false;
        emit_string(o, c->key, c->keylen, ind, 0, true);
        put(o, ":", 1);
        if (c->kind == SOPS_NODE_SCALAR) {
            put(o, " ", 1);
            if (!emit_scalar(o, c, up(ind), up(ind) - ind))
                put(o, "\n", 1);
        } else if (!has_values(c)) {
            puts_(o, c->kind == SOPS_NODE_MAP ? " {}\n" : " []\n");
        } else {
            put(o, "\n", 1);
            if (c->kind == SOPS_NODE_MAP)
                emit_map(o, c, up(ind), false);
            else
                emit_seq(o, c, up(ind), false);
        }
    }
}

static void emit_seq(struct hp_secbuf *o, const struct sops_node *s, size_t ind, bool inline_first)
{
    for (const struct sops_node *c = s->first; c; c = c->next) {
        if (c->kind == SOPS_NODE_COMMENT) {
            emit_comment(o, c, ind, &inline_first);
            continue;
        }
        if (!inline_first)
            spaces(o, ind);
        inline_first = false;
        put(o, "-", 1);
        if (c->kind == SOPS_NODE_SCALAR) {
            put(o, " ", 1);
            if (!emit_scalar(o, c, ind + 2, 2))
                put(o, "\n", 1);
        } else if (!has_values(c)) {
            puts_(o, c->kind == SOPS_NODE_MAP ? " {}\n" : " []\n");
        } else {
            put(o, " ", 1);
            if (c->kind == SOPS_NODE_MAP)
                emit_map(o, c, ind + 2, true);
            else
                emit_seq(o, c, ind + 2, true);
        }
    }
}

void sops_yaml_emit(const struct sops_tree *t, struct hp_secbuf *out)
{
    for (size_t i = 0; i < t->ndocs; i++) {
        if (i > 0)
            puts_(out, "---\n");
        if (!has_values(t->docs[i]) && !t->docs[i]->first)
            puts_(out, "{}\n");
        else
            emit_map(out, t->docs[i], 0, false);
    }
}

void sops_yaml_emit_value(const struct sops_node *n, struct hp_secbuf *out)
{
    if (n->kind == SOPS_NODE_SCALAR) {
        if (!emit_scalar(out, n, 4, 4)) /* top level: counted from column 0 */
            puts_(out, "\n");
    } else if (!has_values(n)) {
        puts_(out, n->kind == SOPS_NODE_MAP ? "{}\n" : "[]\n");
    } else if (n->kind == SOPS_NODE_MAP) {
        emit_map(out, n, 0, false);
    } else {
        emit_seq(out, n, 0, false);
    }
}
