/* Sources, sinks and the buffered reader behind streaming encryption and decryption. */
#include <errno.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

#include "age/errors.h"
#include "age/io.h"
#include "hp/util.h"

static ssize_t fd_read(void *ctx, unsigned char *buf, size_t n, struct hp_error *e)
{
    struct age_fd *c = ctx;
    for (;;) {
        ssize_t r = read(c->fd, buf, n);
        if (r >= 0)
            return r;
        if (errno != EINTR)
            return hp_error_set(e, AGE_ERR_IO, "read failed: %s", strerror(errno));
    }
}

static int fd_write(void *ctx, const unsigned char *buf, size_t n, struct hp_error *e)
{
    struct age_fd *c = ctx;
    while (n) {
        ssize_t w = write(c->fd, buf, n);
        if (w < 0 && errno == EINTR)
            continue;
        if (w <= 0)
            return hp_error_set(e, HP_ERR_WRITE, "write failed: %s", w < 0 ? strerror(errno) : "short write");
        buf += w;
        n -= (size_t)w;
    }
    return 0;
}

struct age_src age_src_fd(struct age_fd *c)
{
    return (struct age_src){fd_read, c};
}

struct age_sink age_sink_fd(struct age_fd *c)
{
    return (struct age_sink){fd_write, c};
}

static ssize_t mem_read(void *ctx, unsigned char *buf, size_t n, struct hp_error *e)
{
    (void)e;
    struct age_mem *c = ctx;
    size_t left = c->len - c->pos;
    if (n > left)
        n = left;
    if (n)
        memcpy(buf, c->p + c->pos, n);
    c->pos += n;
    return (ssize_t)n;
}

struct age_src age_src_mem(struct age_mem *c)
{
    return (struct age_src){mem_read, c};
}

static int buf_write(void *ctx, const unsigned char *buf, size_t n, struct hp_error *e)
{
    (void)e;
    hp_buf_append(ctx, buf, n);
    return 0;
}

static int secbuf_write(void *ctx, const unsigned char *buf, size_t n, struct hp_error *e)
{
    (void)e;
    hp_secbuf_append(ctx, buf, n);
    return 0;
}

struct age_sink age_sink_buf(struct hp_buf *b)
{
    return (struct age_sink){buf_write, b};
}

struct age_sink age_sink_secbuf(struct hp_secbuf *b)
{
    return (struct age_sink){secbuf_write, b};
}

void age_bufrd_init(struct age_bufrd *r, struct age_src src)
{
    memset(r, 0, sizeof *r);
    r->src = src;
    r->buf = hp_xmalloc(AGE_BUFRD_SIZE);
}

void age_bufrd_free(struct age_bufrd *r)
{
    free(r->buf);
    r->buf = NULL;
}

ssize_t age_bufrd_peek(struct age_bufrd *r, size_t want, struct hp_error *e)
{
    if (want > AGE_BUFRD_SIZE)
        want = AGE_BUFRD_SIZE;
    if (r->len - r->pos >= want || r->eof)
        return (ssize_t)(r->len - r->pos);
    if (r->pos > 0) {
        memmove(r->buf, r->buf + r->pos, r->len - r->pos);
        r->len -= r->pos;
        r->pos = 0;
    }
    while (r->len < want && !r->eof) {
        ssize_t n = r->src.read(r->src.ctx, r->buf + r->len, AGE_BUFRD_SIZE - r->len, e);
        if (n < 0)
            return -1;
        if (n == 0)
            r->eof = true;
        r->len += (size_t)n;
    }
    return (ssize_t)(r->len - r->pos);
}

int age_bufrd_line(struct age_bufrd *r, struct hp_buf *line, size_t max, struct hp_error *e)
{
    for (;;) {
        if (r->pos == r->len) {
            ssize_t n = age_bufrd_peek(r, 1, e);
            if (n < 0)
                return -1;
            if (n == 0)
                return 0;
        }
        unsigned char *start = r->buf + r->pos;
        unsigned char *nl = memchr(start, '\n', r->len - r->pos);
        size_t take = nl ? (size_t)(nl - start) + 1 : r->len - r->pos;
        if (line->len + take > max)
            return -2;
        hp_buf_append(line, start, take);
        r->pos += take;
        if (nl)
            return 1;
    }
}

ssize_t age_bufrd_read_full(struct age_bufrd *r, unsigned char *dst, size_t n, struct hp_error *e)
{
    size_t got = r->len - r->pos;
    if (got > n)
        got = n;
    memcpy(dst, r->buf + r->pos, got);
    r->pos += got;
    /* The buffer is drained: read straight into the caller's memory from here on. */
    while (got < n && !r->eof) {
        ssize_t k = r->src.read(r->src.ctx, dst + got, n - got, e);
        if (k < 0)
            return -1;
        if (k == 0)
            r->eof = true;
        got += (size_t)k;
    }
    return (ssize_t)got;
}
