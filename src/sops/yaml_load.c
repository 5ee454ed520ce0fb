/* YAML store, parsing: a libyaml event loop building the ordered tree; comments are found in
 * the bytes between one event's end and the next event's start, and attached as comment
 * items of the map or list they sit in (a comment at the end of a block belongs to the
 * deepest open block whose indentation it is at or beyond). Emitting is yaml_store.c's. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>
#include <yaml.h>

#include "hp/utf8.h"
#include "hp/util.h"
#include "sops/errors.h"
#include "sops/scalar.h"
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
    struct hp_error *e;
    struct sops_node *root; /* the current document's map, once it has one */
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
        /* most YAML is ASCII, one byte one character: skip such runs in one tight loop */
        size_t room = o->len - o->bytes, want = chars - o->chars, k = 0;
        while (k < room && k < want && o->s[o->bytes + k] < 0x80)
            k++;
        o->bytes += k;
        o->chars += k;
        if (k == room || k == want)
            continue;
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
    case SOPS_RESOLVE_TIME: /* sops >= 3.10 keeps a timestamp as time.Time (on_scalar checks) */
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

static int on_collection_start(struct parser *p, const yaml_event_t *ev)
{
    struct frame *top = p->depth ? &p->st[p->depth - 1] : NULL;
    bool is_map = ev->type == YAML_MAPPING_START_EVENT;
    if (!top) {
        if (!is_map)
            return hp_error_set(p->e, SOPS_ERR_PARSE, "line %zu: YAML documents that are lists are not supported",
                                ev->start_mark.line + 1);
        p->root = sops_doc_add(p->t);
        flush_comments(p, p->root, 0);
        push(p, p->root, ev->start_mark.column);
        remember_anchor(p, ev->data.mapping_start.anchor, p->root);
        return 0;
    }
    if (top->node->kind == SOPS_NODE_MAP && !top->have_key)
        return hp_error_set(p->e, SOPS_ERR_PARSE, "line %zu: only scalar map keys are supported",
                            ev->start_mark.line + 1);
    struct sops_node *n = sops_node_new(p->t, is_map ? SOPS_NODE_MAP : SOPS_NODE_SEQ);
    if (top->node->kind == SOPS_NODE_SEQ)
        flush_comments(p, top->node, 0);
    else
        flush_comments(p, n, 0);
    if (attach(p, n, p->e, &ev->start_mark) != 0)
        return -1;
    remember_anchor(p, is_map ? ev->data.mapping_start.anchor : ev->data.sequence_start.anchor, n);
    push(p, n, ev->start_mark.column);
    return 0;
}

static int on_scalar(struct parser *p, const yaml_event_t *ev)
{
    struct frame *top = p->depth ? &p->st[p->depth - 1] : NULL;
    const char *v = (const char *)ev->data.scalar.value;
    size_t vl = ev->data.scalar.length;
    if (!top) {
        /* a document that is one scalar: only null (an empty document) is accepted */
        if (scalar_type(ev) != SOPS_T_NULL)
            return hp_error_set(p->e, SOPS_ERR_PARSE,
                                "line %zu: YAML documents that are plain values are not supported",
                                ev->start_mark.line + 1);
        p->root = sops_doc_add(p->t);
        flush_comments(p, p->root, 0);
        return 0;
    }
    if (top->node->kind == SOPS_NODE_MAP && !top->have_key) {
        flush_comments(p, top->node, 0);
        top->key = sops_tree_strndup(p->t, v, vl);
        top->keylen = vl;
        top->have_key = true;
        return 0;
    }
    flush_comments(p, top->node, 0);
    /* a timestamp is kept in MarshalText's form; one time.Parse would refuse stays a string */
    enum sops_scalar_type ty = scalar_type(ev);
    char tbuf[64];
    struct sops_node *n = ty == SOPS_T_TIME && sops_time_rfc3339(v, vl, tbuf, sizeof tbuf)
                              ? sops_scalar_new(p->t, ty, tbuf, strlen(tbuf))
                              : sops_scalar_new(p->t, ty == SOPS_T_TIME ? SOPS_T_STR : ty, v, vl);
    sodium_memzero(tbuf, sizeof tbuf);
    remember_anchor(p, ev->data.scalar.anchor, n);
    return attach(p, n, p->e, &ev->start_mark);
}

static int on_alias(struct parser *p, const yaml_event_t *ev)
{
    struct frame *top = p->depth ? &p->st[p->depth - 1] : NULL;
    size_t line = ev->start_mark.line + 1;
    struct sops_node *src = NULL;
    for (size_t i = p->nanchors; i-- > 0;)
        if (!strcmp(p->anchors[i].name, (const char *)ev->data.alias.anchor)) {
            src = p->anchors[i].node;
            break;
        }
    if (!src)
        return hp_error_set(p->e, SOPS_ERR_PARSE, "line %zu: unknown alias", line);
    if (!top)
        return hp_error_set(p->e, SOPS_ERR_PARSE, "line %zu: a document cannot be an alias", line);
    if (top->node->kind == SOPS_NODE_MAP && !top->have_key) {
        if (src->kind != SOPS_NODE_SCALAR)
            return hp_error_set(p->e, SOPS_ERR_PARSE, "line %zu: only scalar map keys are supported", line);
        top->key = src->text;
        top->keylen = src->len;
        top->have_key = true;
        return 0;
    }
    struct sops_node *n = deep_copy(p, src);
    if (!n)
        return hp_error_set(p->e, SOPS_ERR_PARSE, "line %zu: aliases expand to too many nodes", line);
    n->key = NULL;
    flush_comments(p, top->node, 0);
    return attach(p, n, p->e, &ev->start_mark);
}

/* One event into the tree. *done at the end of the stream. */
static int on_event(struct parser *p, const yaml_event_t *ev, bool *done)
{
    struct frame *top = p->depth ? &p->st[p->depth - 1] : NULL;
    switch (ev->type) {
    case YAML_STREAM_END_EVENT:
        *done = true;
        return 0;
    case YAML_DOCUMENT_START_EVENT:
        p->root = NULL;
        return 0;
    case YAML_DOCUMENT_END_EVENT:
        if (!p->root)
            p->root = sops_doc_add(p->t);
        flush_comments(p, p->root, 0);
        p->root = NULL;
        return 0;
    case YAML_MAPPING_START_EVENT:
    case YAML_SEQUENCE_START_EVENT:
        return on_collection_start(p, ev);
    case YAML_MAPPING_END_EVENT:
    case YAML_SEQUENCE_END_EVENT:
        flush_comments(p, top->node, top->col);
        p->depth--;
        return 0;
    case YAML_SCALAR_EVENT:
        return on_scalar(p, ev);
    case YAML_ALIAS_EVENT:
        return on_alias(p, ev);
    default:
        return 0;
    }
}

/* libyaml copies what it reads into ordinary heap (its input buffers, each scalar) and frees
 * it unwiped; the text may be plaintext (a file to encrypt, a decrypted age file). These wipe
 * what libyaml still holds before it frees it. (Scalars that outgrow libyaml's scanner buffer
 * are moved by realloc, which we cannot reach: the tree itself is guarded.) */
static void event_delete_wiped(yaml_event_t *ev)
{
    if (ev->type == YAML_SCALAR_EVENT && ev->data.scalar.value)
        sodium_memzero(ev->data.scalar.value, ev->data.scalar.length);
    yaml_event_delete(ev);
}

static void parser_delete_wiped(yaml_parser_t *yp)
{
    if (yp->raw_buffer.start)
        sodium_memzero(yp->raw_buffer.start, (size_t)(yp->raw_buffer.end - yp->raw_buffer.start));
    if (yp->buffer.start)
        sodium_memzero(yp->buffer.start, (size_t)(yp->buffer.end - yp->buffer.start));
    for (yaml_token_t *tk = yp->tokens.head; tk && tk != yp->tokens.tail; tk++)
        if (tk->type == YAML_SCALAR_TOKEN && tk->data.scalar.value)
            sodium_memzero(tk->data.scalar.value, tk->data.scalar.length);
    yaml_parser_delete(yp);
}

int sops_yaml_load(struct sops_tree *t, const unsigned char *data, size_t len, struct hp_error *e)
{
    yaml_parser_t yp;
    yaml_event_t ev;
    if (!yaml_parser_initialize(&yp))
        return hp_error_set(e, SOPS_ERR_PARSE, "cannot initialise the YAML parser");
    if (len >= 2 && ((data[0] == 0xFE && data[1] == 0xFF) || (data[0] == 0xFF && data[1] == 0xFE))) {
        parser_delete_wiped(&yp);
        return hp_error_set(e, SOPS_ERR_PARSE, "UTF-16 YAML is not supported (convert the file to UTF-8)");
    }
    yaml_parser_set_input_string(&yp, data, len);
    struct parser p = {.t = t, .e = e, .src = (const char *)data};
    /* libyaml skips a UTF-8 byte-order mark without counting it */
    size_t bom = len >= 3 && data[0] == 0xEF && data[1] == 0xBB && data[2] == 0xBF ? 3 : 0;
    struct offsets off = {data + bom, len - bom, 0, 0};
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
        /* where a value's own text ends, for line comments: scalars, aliases, and the closing
         * bracket of a flow collection */
        if (ev.type == YAML_SCALAR_EVENT || ev.type == YAML_ALIAS_EVENT ||
            ((ev.type == YAML_MAPPING_END_EVENT || ev.type == YAML_SEQUENCE_END_EVENT) && end > 0 &&
             (p.src[end - 1] == ']' || p.src[end - 1] == '}')))
            p.value_end = end;
        int r = on_event(&p, &ev, &done);
        event_delete_wiped(&ev);
        if (r != 0)
            goto out;
    }
    if (t->ndocs == 0)
        sops_doc_add(t);
    rc = 0;
out:
    parser_delete_wiped(&yp);
    for (size_t i = 0; i < p.nanchors; i++)
        free(p.anchors[i].name);
    free(p.anchors);
    free(p.st);
    free(p.pc);
    return rc;
}
