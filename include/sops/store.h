/* The stores, as sops' stores/: each turns one file format into the ordered tree and back.
 * One table entry per format replaces the switches on enum sops_format: a new format adds
 * its store file plus one entry in src/sops/store.c. */
#ifndef SOPS_STORE_H
#define SOPS_STORE_H

#include <stdbool.h>
#include <stddef.h>

#include "hp/buf.h"
#include "hp/error.h"
#include "sops/errors.h"
#include "sops/format.h"
#include "sops/tree.h"
#include "sops/treecrypt.h"

struct sops_store {
    enum sops_format format;
    const char *name;              /* --input-type / --format value: "yaml", "json", "binary" */
    const char *const *extensions; /* file name endings sops maps to this store; NULL-terminated */
    /* NULL load/emit functions: a format sops has that we refuse (dotenv, INI), by title. */
    int (*load_plain)(struct sops_tree *t, const unsigned char *data, size_t len, struct hp_error *e);
    int (*load_encrypted)(struct sops_tree *t, const unsigned char *data, size_t len, struct hp_error *e);
    int (*emit_plain)(const struct sops_tree *t, struct hp_secbuf *out, struct hp_error *e);
    void (*emit_encrypted)(const struct sops_tree *t, struct hp_secbuf *out);
    /* One value (--extract) of a map or list, as the store writes it. */
    void (*emit_value)(const struct sops_node *n, struct hp_secbuf *out);
    enum sops_float_style floats; /* how decrypted float values are written back */
    bool structured;  /* values in a tree (YAML, JSON); binary: the whole file is one value */
    bool multi_doc;   /* every document carries its own sops block (YAML) */
    bool bare_scalars; /* --extract prints any scalar bare (YAML) */
    const char *empty;  /* the plaintext a new, empty document starts as (edit) */
    const char *title;  /* the format's name in messages: "YAML", "dotenv", "INI" */
    /* plain integers past int64 are refused before encrypting (yaml.v3 hands sops a uint64,
     * which sops cannot store) */
    bool refuses_uint64;
};

/* The store for a format (SOPS_FMT_AUTO has none: NULL). */
const struct sops_store *sops_store_for(enum sops_format f);
/* The store named name ("yaml", "json", "binary"), or NULL. */
const struct sops_store *sops_store_named(const char *name);

#endif
