/* The YAML store: YAML text <-> sops tree. Reading uses libyaml events and recovers comments
 * from the text between events (libyaml reports none); writing follows sops' own output
 * (gopkg.in/yaml.v3 with 4-space indentation), so files we write look like files sops writes. */
#ifndef SOPS_YAML_STORE_H
#define SOPS_YAML_STORE_H

#include <stddef.h>

#include "hp/buf.h"
#include "hp/error.h"
#include "sops/tree.h"

/* Parses every document of data into t (each document must be a map; an empty document is an
 * empty map). Errors are SOPS_ERR_PARSE with line and column. */
int sops_yaml_load(struct sops_tree *t, const unsigned char *data, size_t len, struct hp_error *e);

/* Writes all documents of t ("---" between them). */
void sops_yaml_emit(const struct sops_tree *t, struct hp_secbuf *out);
/* Writes one value as `sops --extract` would (a scalar's text plus newline, or a YAML block). */
void sops_yaml_emit_value(const struct sops_node *n, struct hp_secbuf *out);

#endif
