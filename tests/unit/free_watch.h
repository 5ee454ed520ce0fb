/* A free() for unit tests that looks into every block freed while `free_watch_on` is set:
 * a block still holding FREE_WATCH_SECRET is plaintext left behind in ordinary heap. Defined
 * in the test executable, it takes the place of libc's free() for libyaml, cJSON and our code
 * alike (blocks that realloc frees internally are not seen). Sanitizer builds bring their own
 * allocator: FREE_WATCH is 0 there and tests using it skip. Include from one file only. */
#ifndef FREE_WATCH_H
#define FREE_WATCH_H

#include <string.h>

#if defined(__SANITIZE_ADDRESS__)
#define FREE_WATCH 0
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FREE_WATCH 0
#endif
#endif
#ifndef FREE_WATCH
#define FREE_WATCH 1
#endif

#define FREE_WATCH_SECRET "s3cr3t-marker"
static int free_watch_on, free_watch_leaked;

#if FREE_WATCH
#include <malloc.h>
extern void __libc_free(void *p);
void free(void *p)
{
    if (p && free_watch_on && memmem(p, malloc_usable_size(p), FREE_WATCH_SECRET, strlen(FREE_WATCH_SECRET)))
        free_watch_leaked++;
    __libc_free(p);
}
#endif

static inline void free_watch_start(void)
{
    free_watch_leaked = 0;
    free_watch_on = 1;
}

/* Stops watching; returns how many freed blocks held the secret. */
static inline int free_watch_stop(void)
{
    free_watch_on = 0;
    return free_watch_leaked;
}

#endif
