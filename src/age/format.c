/* Header parsing and encoding (C2SP age spec, "Header"). Knows no keys: the MAC is
 * headermac.c's. */
#include <stdlib.h>
#include <string.h>

#include "age/errors.h"
#include "age/b64.h"
#include "age/format.h"
#include "hp/util.h"

#define BODY_COLS 64                      /* base64 characters in a full body line */
#define BODY_BYTES (BODY_COLS / 4 * 3) /* the bytes a full body line holds */

static struct age_stanza *new_stanza(struct age_header *h)
{
    if (h->n == h->cap) {
        h->cap = h->cap ? h->cap * 2 : 4;
        h->st = hp_xrealloc(h->st, h->cap * sizeof *h->st);
    }
    struct age_stanza *s = &h->st[h->n++];
    memset(s, 0, sizeof *s);
    return s;
}

void age_header_add(struct age_header *h, const char *const *args, size_t nargs, const unsigned char *body,
                    size_t bodylen)
{
    struct age_stanza *s = new_stanza(h);
    s->args = hp_xcalloc(nargs, sizeof *s->args);
    for (size_t i = 0; i < nargs; i++)
        s->args[i] = hp_xstrdup(args[i]);
    s->nargs = nargs;
    s->body = hp_xmalloc(bodylen ? bodylen : 1);
    memcpy(s->body, body, bodylen);
    s->bodylen = bodylen;
}

void age_header_free(struct age_header *h)
{
    for (size_t i = 0; i < h->n; i++) {
        for (size_t j = 0; j < h->st[i].nargs; j++)
            free(h->st[i].args[j]);
        free(h->st[i].args);
        free(h->st[i].body);
    }
    free(h->st);
    hp_buf_free(&h->raw);
    memset(h, 0, sizeof *h);
}

static int bad(struct hp_error *e, const char *what)
{
    return hp_error_set(e, AGE_ERR_HEADER, "malformed age header: %s", what);
}

/* Reads one LF-terminated line into line (cleared first), appending it to h->raw too. */
static int next_line(struct age_bufrd *r, struct age_header *h, struct hp_buf *line, struct hp_error *e)
{
    line->len = 0;
    size_t room = AGE_HEADER_MAX > h->raw.len ? AGE_HEADER_MAX - h->raw.len : 0;
    int rc = age_bufrd_line(r, line, room, e);
    if (rc == -2)
        return bad(e, "header too large");
    if (rc < 0)
        return -1;
    if (rc == 0) {
        if (h->raw.len == 0 && line->len == 0)
            return hp_error_set(e, AGE_ERR_HEADER, "empty file, not an age file");
        return bad(e, line->len ? "unexpected end of file in a header line" : "unexpected end of file");
    }
    hp_buf_append(&h->raw, line->data, line->len);
    line->len--; /* drop the '\n' */
    hp_buf_cstr(line);
    return 0;
}

/* Splits "-> a b c" (without "-> ") into args: each 1+ bytes of VCHAR (0x21-0x7e). */
static int parse_args(struct age_stanza *s, const char *p, size_t n, struct hp_error *e)
{
    size_t count = 1;
    for (size_t i = 0; i < n; i++)
        if (p[i] == ' ')
            count++;
    s->args = hp_xcalloc(count, sizeof *s->args);
    size_t start = 0;
    for (size_t i = 0; i <= n; i++) {
        if (i < n && p[i] != ' ') {
            if ((unsigned char)p[i] < 0x21 || (unsigned char)p[i] > 0x7e)
                return bad(e, "invalid character in a stanza argument");
            continue;
        }
        if (i == start)
            return bad(e, "empty stanza argument");
        s->args[s->nargs++] = hp_xstrndup(p + start, i - start);
        start = i + 1;
    }
    return 0;
}

static int parse_body(struct age_bufrd *r, struct age_header *h, struct age_stanza *s, struct hp_buf *line,
                      struct hp_error *e)
{
    struct hp_buf body = {0};
    for (;;) {
        if (next_line(r, h, line, e) < 0)
            goto fail;
        if (line->len > BODY_COLS) {
            bad(e, "stanza body line longer than 64 columns");
            goto fail;
        }
        unsigned char dec[BODY_BYTES];
        size_t n;
        if (age_b64_decode(dec, sizeof dec, &n, (const char *)line->data, line->len, false) < 0) {
            bad(e, "stanza body is not canonical unpadded base64");
            goto fail;
        }
        hp_buf_append(&body, dec, n);
        if (line->len < BODY_COLS)
            break; /* a short line (maybe empty) ends the body */
    }
    s->body = body.data ? body.data : hp_xmalloc(1);
    s->bodylen = body.len;
    return 0;
fail:
    hp_buf_free(&body);
    return -1;
}

int age_header_parse(struct age_bufrd *r, struct age_header *h, struct hp_error *e)
{
    struct hp_buf line = {0};
    int rc = -1;
    memset(h, 0, sizeof *h);

    if (next_line(r, h, &line, e) < 0)
        goto out;
    if (line.len != strlen(AGE_INTRO) || memcmp(line.data, AGE_INTRO, line.len) != 0) {
        if (hp_str_has_prefix((char *)line.data, "age-encryption.org/"))
            hp_error_set(e, AGE_ERR_HEADER, "unsupported age format version \"%.40s\"", (char *)line.data);
        else
            hp_error_set(e, AGE_ERR_HEADER, "not an age file (no \"%s\" line)", AGE_INTRO);
        goto out;
    }
    for (;;) {
        size_t mark = h->raw.len;
        if (next_line(r, h, &line, e) < 0)
            goto out;
        const char *l = (const char *)line.data;
        if (hp_str_has_prefix(l, "-> ")) {
            struct age_stanza *s = new_stanza(h);
            if (parse_args(s, l + 3, line.len - 3, e) < 0 || parse_body(r, h, s, &line, e) < 0)
                goto out;
        } else if (hp_str_has_prefix(l, "---")) {
            size_t n;
            if (line.len < 4 || l[3] != ' ' ||
                age_b64_decode(h->mac, sizeof h->mac, &n, l + 4, line.len - 4, false) < 0 || n != AGE_MAC_LEN) {
                bad(e, "the MAC line is not \"--- \" and 43 characters of canonical base64");
                goto out;
            }
            h->raw.len = mark + 3; /* the MAC covers the header up to and including "---" */
            break;
        } else {
            bad(e, "a line is neither a stanza (\"-> \") nor the MAC line (\"--- \")");
            goto out;
        }
    }
    rc = 0;
out:
    hp_buf_free(&line);
    return rc;
}

static void encode_b64_wrapped(struct hp_buf *out, const unsigned char *p, size_t n)
{
    /* Full 48-byte groups become 64-column lines; the final line is always short, possibly
     * empty, because the short line is what ends a body. */
    char tmp[BODY_COLS + 1];
    size_t off = 0;
    for (;;) {
        size_t take = n - off >= BODY_BYTES ? BODY_BYTES : n - off;
        age_b64_encode(tmp, p + off, take, false);
        hp_buf_append_str(out, tmp);
        hp_buf_append(out, "\n", 1);
        off += take;
        if (take < BODY_BYTES)
            break;
    }
}

void age_header_encode(struct age_header *h)
{
    h->raw.len = 0;
    hp_buf_append_str(&h->raw, AGE_INTRO "\n");
    for (size_t i = 0; i < h->n; i++) {
        hp_buf_append_str(&h->raw, "->");
        for (size_t j = 0; j < h->st[i].nargs; j++) {
            hp_buf_append(&h->raw, " ", 1);
            hp_buf_append_str(&h->raw, h->st[i].args[j]);
        }
        hp_buf_append(&h->raw, "\n", 1);
        encode_b64_wrapped(&h->raw, h->st[i].body, h->st[i].bodylen);
    }
    hp_buf_append_str(&h->raw, "---");
}

void age_header_write(const struct age_header *h, struct hp_buf *out)
{
    char macb64[AGE_B64_SIZE(AGE_MAC_LEN)];
    age_b64_encode(macb64, h->mac, AGE_MAC_LEN, false);
    hp_buf_append(out, h->raw.data, h->raw.len);
    hp_buf_appendf(out, " %s\n", macb64);
}
