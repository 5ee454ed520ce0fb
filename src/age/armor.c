/* ASCII armor (C2SP age spec, "ASCII armor"), checked against the CCTV armor vectors. */
#include <stdlib.h>
#include <string.h>

#include "age/age.h"
#include "age/armor.h"
#include "age/b64.h"
#include "hp/util.h"

#define COLS AGE_ARMOR_COLS
#define LINE_BYTES AGE_ARMOR_LINE_BYTES
#define MAX_WS 1024 /* leading/trailing whitespace we tolerate, as the reference does */

static bool is_ws(unsigned char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\v' || c == '\f';
}

bool age_armor_detect(const unsigned char *p, size_t n)
{
    size_t i = 0;
    while (i < n && is_ws(p[i]))
        i++;
    return n - i >= 5 && memcmp(p + i, "-----", 5) == 0;
}

void age_armor_reader_init(struct age_armor_reader *a, struct age_bufrd *in)
{
    memset(a, 0, sizeof *a);
    a->in = in;
}

static int fail(struct age_armor_reader *a, struct hp_error *e, const char *what)
{
    a->failed = 1;
    hp_error_set(&a->err, AGE_ERR_ARMOR, "malformed armor: %s", what);
    *e = a->err;
    return -1;
}

/* One line without its LF or CRLF. Returns 1, 0 at end of input with nothing read, -1. */
static int get_line(struct age_armor_reader *a, struct hp_buf *line, struct hp_error *e)
{
    line->len = 0;
    int rc = age_bufrd_line(a->in, line, MAX_WS + 2, e);
    if (rc == -2)
        return fail(a, e, "line longer than 64 columns");
    if (rc < 0)
        return -1;
    if (rc == 0 && line->len == 0)
        return 0;
    if (rc == 1)
        line->len--;
    if (line->len && line->data[line->len - 1] == '\r')
        line->len--;
    hp_buf_cstr(line);
    return 1;
}

static bool line_is(const struct hp_buf *l, const char *s)
{
    return l->len == strlen(s) && memcmp(l->data, s, l->len) == 0;
}

/* After the END line only whitespace may follow, and not much of it. */
static int drain_trailing(struct age_armor_reader *a, struct hp_error *e)
{
    ssize_t n = age_bufrd_peek(a->in, MAX_WS + 1, e);
    if (n < 0)
        return -1;
    const unsigned char *p = a->in->buf + a->in->pos;
    for (ssize_t i = 0; i < n; i++)
        if (!is_ws(p[i]))
            return fail(a, e, "data after the END line");
    if (n > MAX_WS)
        return fail(a, e, "too much whitespace after the END line");
    a->done = true;
    return 0;
}

static int next_block(struct age_armor_reader *a, struct hp_error *e)
{
    struct hp_buf line = {0};
    int rc = -1, g;
    size_t ws = 0;
    while (!a->started) {
        if ((g = get_line(a, &line, e)) <= 0) {
            if (g == 0)
                fail(a, e, "no BEGIN line");
            goto out;
        }
        size_t i = 0;
        while (i < line.len && is_ws(line.data[i]))
            i++;
        if (i == line.len) {
            ws += line.len + 1;
            if (ws > MAX_WS) {
                fail(a, e, "too much whitespace before the BEGIN line");
                goto out;
            }
            continue;
        }
        if (!line_is(&line, AGE_ARMOR_BEGIN)) {
            fail(a, e, "the first line is not \"" AGE_ARMOR_BEGIN "\"");
            goto out;
        }
        a->started = true;
    }
    if ((g = get_line(a, &line, e)) <= 0) {
        if (g == 0)
            fail(a, e, "no END line");
        goto out;
    }
    if (line_is(&line, AGE_ARMOR_END)) {
        rc = drain_trailing(a, e);
        goto out;
    }
    if (line.len == 0 || line.len > COLS || line.len % 4 != 0 ||
        age_b64_decode(a->dec, sizeof a->dec, &a->len, (const char *)line.data, line.len, true) < 0) {
        fail(a, e, line.len > COLS ? "line longer than 64 columns" : "a line is not canonical padded base64");
        goto out;
    }
    a->pos = 0;
    /* Only the last line may be short, and short means fewer than 48 decoded bytes, not fewer
     * than 64 columns: a full 64-column line ending in '=' padding is short too, and the END
     * line must follow it (age: "invalid closing line"). */
    if (a->len < sizeof a->dec) {
        if ((g = get_line(a, &line, e)) < 0)
            goto out;
        if (g == 0 || !line_is(&line, AGE_ARMOR_END)) {
            fail(a, e,
                 g == 0 ? "no END line" : "invalid closing line (a short or padded line that is not the last one)");
            goto out;
        }
        if (drain_trailing(a, e) < 0)
            goto out;
    }
    rc = 0;
out:
    hp_buf_free(&line);
    return rc;
}

static ssize_t armor_read(void *ctx, unsigned char *buf, size_t n, struct hp_error *e)
{
    struct age_armor_reader *a = ctx;
    size_t got = 0;
    while (got < n) {
        if (a->failed) {
            *e = a->err;
            return -1;
        }
        if (a->pos == a->len) {
            if (a->done)
                break;
            if (next_block(a, e) < 0) {
                if (!a->failed) /* an I/O error: keep it sticky too */
                    a->failed = 1, a->err = *e;
                return -1;
            }
            continue;
        }
        size_t take = a->len - a->pos < n - got ? a->len - a->pos : n - got;
        memcpy(buf + got, a->dec + a->pos, take);
        a->pos += take;
        got += take;
    }
    return (ssize_t)got;
}

struct age_src age_armor_src(struct age_armor_reader *a)
{
    return (struct age_src){armor_read, a};
}

#define LINES_PER_FLUSH 1024

int age_armor_writer_begin(struct age_armor_writer *w, struct age_sink out, struct hp_error *e)
{
    memset(w, 0, sizeof *w);
    w->out = out;
    w->line = hp_xmalloc(LINES_PER_FLUSH * (COLS + 1) + 1);
    return out.write(out.ctx, (const unsigned char *)AGE_ARMOR_BEGIN "\n", sizeof AGE_ARMOR_BEGIN, e);
}

static void put_line(struct age_armor_writer *w, const unsigned char *p, size_t n)
{
    age_b64_encode(w->line + w->linelen, p, n, true);
    w->linelen += age_b64_len(n, true);
    w->line[w->linelen++] = '\n';
}

static int flush(struct age_armor_writer *w, struct hp_error *e)
{
    int rc = w->linelen ? w->out.write(w->out.ctx, (unsigned char *)w->line, w->linelen, e) : 0;
    w->linelen = 0;
    return rc;
}

static int armor_write(void *ctx, const unsigned char *p, size_t n, struct hp_error *e)
{
    struct age_armor_writer *w = ctx;
    while (n) {
        if (w->npend == 0 && n >= LINE_BYTES) {
            put_line(w, p, LINE_BYTES);
            p += LINE_BYTES;
            n -= LINE_BYTES;
        } else {
            size_t take = LINE_BYTES - w->npend < n ? LINE_BYTES - w->npend : n;
            memcpy(w->pend + w->npend, p, take);
            w->npend += take;
            p += take;
            n -= take;
            if (w->npend < LINE_BYTES)
                break;
            put_line(w, w->pend, LINE_BYTES);
            w->npend = 0;
        }
        if (w->linelen >= (LINES_PER_FLUSH - 1) * (COLS + 1) && flush(w, e) < 0)
            return -1;
    }
    return 0;
}

struct age_sink age_armor_sink(struct age_armor_writer *w)
{
    return (struct age_sink){armor_write, w};
}

int age_armor_writer_finish(struct age_armor_writer *w, struct hp_error *e)
{
    if (w->npend)
        put_line(w, w->pend, w->npend);
    memcpy(w->line + w->linelen, AGE_ARMOR_END "\n", sizeof AGE_ARMOR_END);
    w->linelen += sizeof AGE_ARMOR_END;
    int rc = flush(w, e);
    age_armor_writer_free(w);
    return rc;
}

void age_armor_writer_free(struct age_armor_writer *w)
{
    free(w->line);
    w->line = NULL;
}
