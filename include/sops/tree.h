/* The ordered document tree every SOPS store reads into and writes from: maps keep their key
 * order, lists their order, comments stay where they stood (as comment items of the map or
 * list around them, as sops does). Every node and string lives in one arena of libsodium
 * guarded memory, so plaintext values are wiped when the tree is freed. */
#ifndef SOPS_TREE_H
#define SOPS_TREE_H

#include <stdbool.h>
#include <stddef.h>

enum sops_node_kind { SOPS_NODE_MAP, SOPS_NODE_SEQ, SOPS_NODE_SCALAR, SOPS_NODE_COMMENT };

/* A scalar's type as sops sees it (the ENC type: str, int, float, bool, bytes, time). SOPS_T_TIME:
 * a plain YAML timestamp, its text already in Go's RFC 3339 form (sops >= 3.10 keeps time.Time). */
enum sops_scalar_type { SOPS_T_STR, SOPS_T_INT, SOPS_T_FLOAT, SOPS_T_BOOL, SOPS_T_NULL, SOPS_T_BYTES, SOPS_T_TIME };

struct sops_node {
    enum sops_node_kind kind;
    enum sops_scalar_type type; /* scalars */
    char *text;                 /* scalar text as written (numbers keep their spelling); comment text after '#' */
    size_t len;
    char *key; /* set on the non-comment items of a map */
    size_t keylen;
    struct sops_node *first, *last, *next; /* children of maps and lists, in order */
    size_t count;
};

struct sops_arena; /* opaque */

/* A tree: its documents (YAML may hold several; JSON and binary one), each a map. */
struct sops_tree {
    struct sops_arena *arena;
    struct sops_node **docs;
    size_t ndocs;
};

void sops_tree_init(struct sops_tree *t);
void sops_tree_free(struct sops_tree *t); /* wipes everything */

/* Guarded allocation inside the tree's arena (zeroed). */
void *sops_tree_alloc(struct sops_tree *t, size_t n);
char *sops_tree_strndup(struct sops_tree *t, const char *s, size_t n);

struct sops_node *sops_node_new(struct sops_tree *t, enum sops_node_kind kind);
struct sops_node *sops_scalar_new(struct sops_tree *t, enum sops_scalar_type type, const char *text, size_t len);
struct sops_node *sops_comment_new(struct sops_tree *t, const char *text, size_t len);
void sops_node_set_key(struct sops_tree *t, struct sops_node *n, const char *key, size_t len);
void sops_node_append(struct sops_node *parent, struct sops_node *child);
struct sops_node *sops_doc_add(struct sops_tree *t); /* appends an empty map document */

/* Whether a map or list holds anything but comments (else it is written as {} or []). */
bool sops_node_has_values(const struct sops_node *n);
/* The item of map with this key (comments skipped), or NULL. */
struct sops_node *sops_map_get(const struct sops_node *map, const char *key);
/* Removes child from parent's list (no-op when absent). */
void sops_node_remove(struct sops_node *parent, struct sops_node *child);

#endif
