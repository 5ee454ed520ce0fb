/* YAML store, emitting (parsing is yaml_load.c's): our own writer
 * reproducing yaml.v3's choices (indentation rounded up to multiples of 4, "- " counting as
 * indentation inside lists, plain/single/double/literal style), because sops formats that
 * way and libyaml's emitter does not. */
#include <stdio.h>
#include <string.h>

#include <yaml.h>

#include "hp/utf8.h"
#include "hp/yaml_scalar.h"
#include "hp/util.h"
#include "sops/errors.h"
#include "sops/scalar.h"
#include "sops/yaml_store.h"

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
    uint32_t cp = hp_utf8_decode((const char *)s, len, n);
    if (cp == HP_RUNE_ERROR && *n == 1)
        return false;
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
static bool emit_string(struct hp_secbuf *o, const char *s, size_t len, size_t ind, size_t hint)
{
    struct analysis a = analyze(s, len);
    /* yaml.v3 quotes only what yaml.v3 would misread; we quote what any reader would
     * (YAML 1.1, 1.2 core, Go), so "1e3895" does not come back as Infinity elsewhere. */
    bool can_plain = !hp_yaml_would_resolve_to_non_string(s, len);
    if (a.multiline) {
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
    if (a.plain)
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
        return emit_string(o, n->text, n->len, ind, hint);
    }
}

static void emit_comment(struct hp_secbuf *o, const struct sops_node *c, size_t ind, bool *inline_first)
{
    if (!*inline_first)
        spaces(o, ind);
    *inline_first = false;
    put(o, "#", 1);
    put(o, c->text, c->len);
    put(o, "\n", 1);
}

/* A map key and its ":". A key longer than 128 bytes or spanning lines cannot be a simple key
 * (YAML readers stop looking for the ":" of a simple key after 1024 characters, and a quoted
 * line break would be the only way to write one): yaml.v3 then writes the explicit form,
 * "? key" with the key as a value one step in, and ":" on a line of its own at the map's
 * indentation. Returns whether it wrote the explicit form. */
static bool emit_key(struct hp_secbuf *o, const char *key, size_t len, size_t ind, size_t inner)
{
    if (len <= 128 && !analyze(key, len).multiline) {
        emit_string(o, key, len, ind, 0);
        put(o, ":", 1);
        return false;
    }
    put(o, "? ", 2);
    if (!emit_string(o, key, len, inner, inner - ind))
        put(o, "\n", 1);
    spaces(o, ind);
    put(o, ":", 1);
    return true;
}

/* The items of a map ("key: value") or a list ("- value"), comments where they stood. A
 * map's values sit one indentation step in, on the next line; a list's items two columns
 * in, starting on the dash's line ("- a: 1"). inline_first: the first item continues the
 * current line. */
static void emit_block(struct hp_secbuf *o, const struct sops_node *n, size_t ind, bool inline_first)
{
    bool map = n->kind == SOPS_NODE_MAP;
    size_t inner = map ? up(ind) : ind + 2;
    for (const struct sops_node *c = n->first; c; c = c->next) {
        if (c->kind == SOPS_NODE_COMMENT) {
            emit_comment(o, c, ind, &inline_first);
            continue;
        }
        if (!inline_first)
            spaces(o, ind);
        inline_first = false;
        bool explicit = map && emit_key(o, c->key, c->keylen, ind, inner);
        if (!map)
            put(o, "-", 1);
        if (c->kind == SOPS_NODE_SCALAR) {
            put(o, " ", 1);
            if (!emit_scalar(o, c, inner, inner - ind))
                put(o, "\n", 1);
        } else if (!sops_node_has_values(c)) {
            puts_(o, c->kind == SOPS_NODE_MAP ? " {}\n" : " []\n");
        } else if (explicit) { /* the value continues the ":" line, padded to its column */
            spaces(o, inner - ind - 1);
            emit_block(o, c, inner, true);
        } else {
            put(o, map ? "\n" : " ", 1);
            emit_block(o, c, inner, !map);
        }
    }
}

void sops_yaml_emit(const struct sops_tree *t, struct hp_secbuf *out)
{
    for (size_t i = 0; i < t->ndocs; i++) {
        if (i > 0)
            puts_(out, "---\n");
        if (!sops_node_has_values(t->docs[i]) && !t->docs[i]->first)
            puts_(out, "{}\n");
        else
            emit_block(out, t->docs[i], 0, false);
    }
}

void sops_yaml_emit_value(const struct sops_node *n, struct hp_secbuf *out)
{
    if (n->kind == SOPS_NODE_SCALAR) {
        if (!emit_scalar(out, n, 4, 4)) /* top level: counted from column 0 */
            puts_(out, "\n");
    } else if (!sops_node_has_values(n)) {
        puts_(out, n->kind == SOPS_NODE_MAP ? "{}\n" : "[]\n");
    } else {
        emit_block(out, n, 0, false);
    }
}
