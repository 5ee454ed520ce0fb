#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "hp/buf.h"
#include "hp/util.h"

void hp_buf_reserve(struct hp_buf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        abort();
    size_t need = b->len + extra + 1; /* +1: room for the hp_buf_cstr terminator */
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    /* not realloc: it may leave the old block's bytes in freed heap. An hp_buf can hold
     * plaintext we did not choose to keep (helm's output with rendered Secrets). */
    unsigned char *n = hp_xmalloc(cap);
    if (b->data) {
        memcpy(n, b->data, b->len);
        sodium_memzero(b->data, b->cap);
        free(b->data);
    }
    b->data = n;
    b->cap = cap;
}

void hp_buf_append(struct hp_buf *b, const void *p, size_t n)
{
    hp_buf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
}

void hp_buf_append_str(struct hp_buf *b, const char *s) { hp_buf_append(b, s, strlen(s)); }

void hp_buf_appendf(struct hp_buf *b, const char *fmt, ...)
{
    va_list ap;
    va_start(ap, fmt);
    int n = vsnprintf(NULL, 0, fmt, ap);
    va_end(ap);
    if (n < 0)
        abort();
    hp_buf_reserve(b, (size_t)n);
    va_start(ap, fmt);
    vsnprintf((char *)b->data + b->len, (size_t)n + 1, fmt, ap);
    va_end(ap);
    b->len += (size_t)n;
}

const char *hp_buf_cstr(struct hp_buf *b)
{
    hp_buf_reserve(b, 0);
    b->data[b->len] = 0;
    return (const char *)b->data;
}

void hp_buf_free(struct hp_buf *b)
{
    if (b->data)
        sodium_memzero(b->data, b->cap);
    free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}

void *hp_secmem_alloc(size_t n)
{
    if (sodium_init() < 0) {
        fputs(HP_PROG ": error: libsodium failed to initialise\n", stderr);
        abort();
    }
    if (n > SIZE_MAX - 15)
        abort();
    n = (n + 15) & ~(size_t)15;
    void *p = sodium_malloc(n ? n : 16);
    if (!p) {
        fputs(HP_PROG ": error: out of guarded memory\n", stderr);
        abort();
    }
    memset(p, 0, n);
    return p;
}

void hp_secmem_free(void *p)
{
    if (p)
        sodium_free(p);
}

void hp_secbuf_reserve(struct hp_secbuf *b, size_t extra)
{
    if (extra > SIZE_MAX - b->len - 1)
        abort();
    size_t need = b->len + extra + 1;
    if (need <= b->cap)
        return;
    size_t cap = b->cap ? b->cap : 256;
    while (cap < need)
        cap = cap > SIZE_MAX / 2 ? need : cap * 2;
    unsigned char *n = hp_secmem_alloc(cap);
    if (b->data) {
        memcpy(n, b->data, b->len);
        sodium_free(b->data); /* wipes the old copy */
    }
    b->data = n;
    b->cap = cap;
}

void hp_secbuf_append(struct hp_secbuf *b, const void *p, size_t n)
{
    hp_secbuf_reserve(b, n);
    if (n)
        memcpy(b->data + b->len, p, n);
    b->len += n;
    b->data[b->len] = 0;
}

const char *hp_secbuf_cstr(struct hp_secbuf *b)
{
    hp_secbuf_reserve(b, 0);
    b->data[b->len] = 0;
    return (const char *)b->data;
}

void hp_secbuf_free(struct hp_secbuf *b)
{
    if (b->data)
        sodium_free(b->data);
    b->data = NULL;
    b->len = b->cap = 0;
}
