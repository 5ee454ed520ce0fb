/* Byte sources and sinks for streaming age: a file descriptor, memory, or the armor codec
 * stacked on either. A buffered reader on top lets the header parser read lines and the
 * payload reader then take whole chunks straight into its own buffer (no extra copy). */
#ifndef AGE_IO_H
#define AGE_IO_H

#include <stdbool.h>
#include <stddef.h>
#include <sys/types.h>

#include "hp/buf.h"
#include "hp/error.h"

struct age_src {
    /* Reads up to n bytes; returns the count, 0 at end of input, -1 with e set. */
    ssize_t (*read)(void *ctx, unsigned char *buf, size_t n, struct hp_error *e);
    void *ctx;
};

struct age_sink {
    /* Writes all n bytes or returns -1 with e set. */
    int (*write)(void *ctx, const unsigned char *buf, size_t n, struct hp_error *e);
    void *ctx;
};

/* Sources and sinks over fds and memory. The context structs are the callers' to own. */
struct age_fd { int fd; };
struct age_src age_src_fd(struct age_fd *c);
struct age_sink age_sink_fd(struct age_fd *c);

struct age_mem { const unsigned char *p; size_t len, pos; };
struct age_src age_src_mem(struct age_mem *c);
struct age_sink age_sink_buf(struct hp_buf *b);       /* appends to an ordinary buffer */
struct age_sink age_sink_secbuf(struct hp_secbuf *b); /* appends to guarded memory */

/* A buffered reader: lines for the header, then raw bytes for the payload. */
#define AGE_BUFRD_SIZE 65536
struct age_bufrd {
    struct age_src src;
    unsigned char *buf; /* AGE_BUFRD_SIZE bytes */
    size_t pos, len;
    bool eof;
};
void age_bufrd_init(struct age_bufrd *r, struct age_src src);
void age_bufrd_free(struct age_bufrd *r);
/* Makes at least `want` bytes (at most AGE_BUFRD_SIZE) available unless the input ends
 * first; returns how many are available at r->buf + r->pos, or -1. */
ssize_t age_bufrd_peek(struct age_bufrd *r, size_t want, struct hp_error *e);
/* Appends one line, including its '\n', to line. Returns 1 with a complete line, 0 at end of
 * input (line holds any unterminated rest), -1 on error (e set), -2 when the line would pass
 * max (e not set: the caller names the limit). */
int age_bufrd_line(struct age_bufrd *r, struct hp_buf *line, size_t max, struct hp_error *e);
/* Reads until n bytes or end of input; returns the count read or -1. */
ssize_t age_bufrd_read_full(struct age_bufrd *r, unsigned char *dst, size_t n, struct hp_error *e);

#endif
