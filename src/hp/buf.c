#include <stdarg.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include <sodium.h>

#include "hp/buf.h"
#include "hp/util.h"

/* The capacity a buffer of len bytes in cap needs for extra more and the terminator (of
 * hp_buf_cstr/hp_secbuf_cstr): 0 when cap already holds them, else doubled from 256. Both
 * buffer kinds grow by it; they differ only in where the bytes live. */
static size_t grown_cap(size_t len, size_t cap, size_t extra)
{
    if (extra > SIZE_MAX - len - 1)
        abort();
    size_t need = len + extra + 1;
    if (need <= cap)
        return 0;
    size_t grown = cap ? cap : 256;
    while (grown < need)
        grown = grown > SIZE_MAX / 2 ? need : grown * 2;
    return grown;
}

void hp_buf_reserve(struct hp_buf *b, size_t extra)
{
    size_t cap = grown_cap(b->len, b->cap, extra);
    if (!cap)
        return;
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

/* sodium_malloc puts a block's end against its guard page, so its start is only as aligned
 * as its size: sizes are rounded up to this (see include/hp/buf.h). */
#define SECMEM_ALIGN 16

void *hp_secmem_alloc(size_t n)
{
    if (sodium_init() < 0) {
        fputs(HP_PROG ": error: libsodium failed to initialise\n", stderr);
        abort();
    }
    if (n > SIZE_MAX - (SECMEM_ALIGN - 1))
        abort();
    n = (n + SECMEM_ALIGN - 1) & ~(size_t)(SECMEM_ALIGN - 1);
    void *p = sodium_malloc(n ? n : SECMEM_ALIGN);
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
    size_t cap = grown_cap(b->len, b->cap, extra);
    if (!cap)
        return;
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
