/* The JSON store (JSON text <-> sops tree) and the binary store (a whole file as the one
 * value "data"). Parsing uses cJSON, with numbers keeping their original spelling; output is
 * what sops writes (encoding/json, tab indentation, HTML-safe escapes). */
#ifndef SOPS_JSON_STORE_H
#define SOPS_JSON_STORE_H

#include <stddef.h>

#include "hp/buf.h"
#include "hp/error.h"
#include "sops/tree.h"

/* The document must be one JSON object. Errors are SOPS_ERR_PARSE. */
int sops_json_load(struct sops_tree *t, const unsigned char *data, size_t len, struct hp_error *e);
void sops_json_emit(const struct sops_tree *t, struct hp_secbuf *out);
void sops_json_emit_value(const struct sops_node *n, struct hp_secbuf *out);

/* Binary: the plaintext file becomes {"data": <bytes>}; emitting writes the "data" value back. */
void sops_binary_load(struct sops_tree *t, const unsigned char *data, size_t len);
int sops_binary_emit(const struct sops_tree *t, struct hp_secbuf *out, struct hp_error *e);

#endif
