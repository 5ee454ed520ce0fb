/* The ordered tree and its guarded-memory arena. Allocations are bump-allocated from chunks
 * of guarded memory (hp_secmem_alloc): one guarded allocation per node would cost three
 * pages each and make a 5,000-key file slow, while the arena keeps every plaintext byte in
 * locked memory that hp_secmem_free wipes. */
#include <string.h>

#include <sodium.h>

#include "hp/buf.h"
#include "hp/util.h"
#include "sops/tree.h"

#define ARENA_CHUNK (64 * 1024)
#define ARENA_FIRST 4096

struct chunk {
    struct chunk *prev;
    size_t used, cap;
    unsigned char *mem;
};

struct sops_arena {
    struct chunk *top;
};

static struct chunk *chunk_new(size_t cap)
{
    unsigned char *mem = hp_secmem_alloc(cap);
    struct chunk *c = hp_xcalloc(1, sizeof *c);
    c->mem = mem;
    c->cap = cap;
    return c;
}

void sops_tree_init(struct sops_tree *t)
{
    memset(t, 0, sizeof *t);
    t->arena = hp_xcalloc(1, sizeof *t->arena);
}

void sops_tree_free(struct sops_tree *t)
{
    if (t->arena) {
        struct chunk *c = t->arena->top;
        while (c) {
            struct chunk *p = c->prev;
            hp_secmem_free(c->mem);
            free(c);
            c = p;
        }
        free(t->arena);
    }
    free(t->docs);
    memset(t, 0, sizeof *t);
}

void *sops_tree_alloc(struct sops_tree *t, size_t n)
{
    n = (n + 15) & ~(size_t)15;
    struct chunk *c = t->arena->top;
    if (!c || c->cap - c->used < n) {
        /* chunks grow from 4 KiB to ARENA_CHUNK: libsodium fills and wipes a whole chunk,
         * 64 KiB of it for a one-key file was ~130 k instructions */
        size_t grow = c && c->cap < ARENA_CHUNK ? c->cap * 2 : c ? ARENA_CHUNK : ARENA_FIRST;
        struct chunk *nc = chunk_new(n > ARENA_CHUNK / 4 ? n : n > grow ? n : grow);
        if (n > ARENA_CHUNK / 4 && c) {
            /* a big block gets its own chunk below the current one, so the current chunk's
             * free space stays in use */
            nc->prev = c->prev;
            c->prev = nc;
            nc->used = n;
            memset(nc->mem, 0, n);
            return nc->mem;
        }
        nc->prev = c;
        t->arena->top = c = nc;
    }
    void *p = c->mem + c->used;
    c->used += n;
    memset(p, 0, n);
    return p;
}

char *sops_tree_strndup(struct sops_tree *t, const char *s, size_t n)
{
    char *p = sops_tree_alloc(t, n + 1);
    if (n)
        memcpy(p, s, n);
    p[n] = 0;
    return p;
}

struct sops_node *sops_node_new(struct sops_tree *t, enum sops_node_kind kind)
{
    struct sops_node *n = sops_tree_alloc(t, sizeof *n);
    n->kind = kind;
    return n;
}

struct sops_node *sops_scalar_new(struct sops_tree *t, enum sops_scalar_type type, const char *text, size_t len)
{
    struct sops_node *n = sops_node_new(t, SOPS_NODE_SCALAR);
    n->type = type;
    n->text = sops_tree_strndup(t, text, len);
    n->len = len;
    return n;
}

struct sops_node *sops_comment_new(struct sops_tree *t, const char *text, size_t len)
{
    struct sops_node *n = sops_node_new(t, SOPS_NODE_COMMENT);
    n->text = sops_tree_strndup(t, text, len);
    n->len = len;
    return n;
}

void sops_node_set_key(struct sops_tree *t, struct sops_node *n, const char *key, size_t len)
{
    n->key = sops_tree_strndup(t, key, len);
    n->keylen = len;
}

void sops_node_append(struct sops_node *parent, struct sops_node *child)
{
    child->next = NULL;
    if (parent->last)
        parent->last->next = child;
    else
        parent->first = child;
    parent->last = child;
    parent->count++;
}

struct sops_node *sops_doc_add(struct sops_tree *t)
{
    t->docs = hp_xrealloc(t->docs, (t->ndocs + 1) * sizeof *t->docs);
    struct sops_node *m = sops_node_new(t, SOPS_NODE_MAP);
    t->docs[t->ndocs++] = m;
    return m;
}

struct sops_node *sops_map_get(const struct sops_node *map, const char *key)
{
    if (!map || map->kind != SOPS_NODE_MAP)
        return NULL;
    size_t kl = strlen(key);
    for (struct sops_node *c = map->first; c; c = c->next)
        if (c->kind != SOPS_NODE_COMMENT && c->key && c->keylen == kl && memcmp(c->key, key, kl) == 0)
            return c;
    return NULL;
}

void sops_node_remove(struct sops_node *parent, struct sops_node *child)
{
    struct sops_node *prev = NULL;
    for (struct sops_node *c = parent->first; c; prev = c, c = c->next) {
        if (c != child)
            continue;
        if (prev)
            prev->next = c->next;
        else
            parent->first = c->next;
        if (parent->last == c)
            parent->last = prev;
        parent->count--;
        c->next = NULL;
        return;
    }
}

bool sops_node_has_values(const struct sops_node *n)
{
    for (const struct sops_node *c = n->first; c; c = c->next)
        if (c->kind != SOPS_NODE_COMMENT)
            return true;
    return false;
}
