/* Byte buffers. hp_buf is ordinary heap memory; hp_secbuf lives in libsodium's guarded
 * memory (sodium_malloc: guard pages, mlock'd, never swapped) and is wiped when freed.
 * Anything that holds plaintext secrets or keys uses hp_secbuf. hp_buf is wiped too, when it
 * grows and when it is freed, because some hold plaintext that is not ours to size (helm's
 * captured output, which holds rendered Secrets): cheap, and no stale copy in freed heap. */
#ifndef HP_BUF_H
#define HP_BUF_H

#include <stddef.h>
#include <stdint.h>

struct hp_buf {
    unsigned char *data;
    size_t len, cap;
};
void hp_buf_reserve(struct hp_buf *b, size_t extra);
void hp_buf_append(struct hp_buf *b, const void *p, size_t n);
void hp_buf_append_str(struct hp_buf *b, const char *s);
void hp_buf_appendf(struct hp_buf *b, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
/* Keeps data NUL-terminated past len (not counted), so text can be used as a C string. */
const char *hp_buf_cstr(struct hp_buf *b);
void hp_buf_free(struct hp_buf *b);

/* The one guarded allocator: n bytes of sodium_malloc memory (guard pages, mlock'd), zeroed,
 * 16-byte aligned (the size is rounded up: sodium_malloc aligns the block's end, not its
 * start), initialising libsodium if needed. Aborts when guarded memory runs out, like
 * hp_xmalloc. Free with hp_secmem_free, which wipes (sodium_free); NULL is allowed. */
void *hp_secmem_alloc(size_t n);
void hp_secmem_free(void *p);

struct hp_secbuf {
    unsigned char *data; /* sodium_malloc'd, or NULL */
    size_t len, cap;
};
/* Both abort on allocation failure, like hp_xmalloc. Growth copies into a new guarded
 * allocation and wipes + frees the old one, so no stale copy of a secret stays behind. */
void hp_secbuf_reserve(struct hp_secbuf *b, size_t extra);
void hp_secbuf_append(struct hp_secbuf *b, const void *p, size_t n);
const char *hp_secbuf_cstr(struct hp_secbuf *b);
void hp_secbuf_free(struct hp_secbuf *b); /* sodium_free wipes */

#endif
