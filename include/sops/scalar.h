/* Scalars as sops (Go, yaml.v3, encoding/json) sees them: which type a plain YAML scalar
 * resolves to, and the exact text sops hashes into the MAC and encrypts (ints in decimal,
 * floats as strconv.FormatFloat(f, 'f', -1, 64), booleans as True/False). */
#ifndef SOPS_SCALAR_H
#define SOPS_SCALAR_H

#include <stdbool.h>
#include <stddef.h>

#include "hp/buf.h"
#include "sops/tree.h"

/* What a plain (unquoted, untagged) YAML scalar resolves to under yaml.v3's rules.
 * SOPS_RESOLVE_TIME: it looks like a timestamp (sops_time_rfc3339 says whether it is one). */
enum sops_resolved { SOPS_RESOLVE_STR, SOPS_RESOLVE_INT, SOPS_RESOLVE_FLOAT, SOPS_RESOLVE_BOOL,
                     SOPS_RESOLVE_NULL, SOPS_RESOLVE_TIME };
enum sops_resolved sops_yaml_resolve(const char *s, size_t len);

/* A YAML timestamp as yaml.v3 parses it (time.Parse with "2006-1-2T15:4:5.999999999Z07:00", its
 * lower-case 't' and space-separated zone-less forms, or "2006-1-2"), written as Go's
 * time.Time.MarshalText does (RFC 3339 with nanoseconds, trailing zeros dropped, "Z" for a zero
 * offset): what sops 3.10+ encrypts as type "time" and prints. False when time.Parse would fail. */
bool sops_time_rfc3339(const char *s, size_t len, char *out, size_t cap);

/* Integer and float parsing as yaml.v3 does it (underscores, 0x/0o/0b, .inf, .nan). */
bool sops_parse_int(const char *s, size_t len, long long *v);
bool sops_parse_float(const char *s, size_t len, double *v);
/* Whether a plain YAML scalar is an integer that only fits uint64 (yaml.v3 hands sops a uint64,
 * which sops cannot encrypt or hash: "unknown type: uint64"). */
bool sops_yaml_is_uint64(const char *s, size_t len);
/* strconv.ParseBool. */
bool sops_parse_go_bool(const char *s, size_t len, bool *v);

/* strconv.FormatFloat(f, fmt, -1, 64), fmt 'f', 'g' or 'e'; "+Inf", "-Inf", "NaN" for specials. */
void sops_go_format_float(double f, char fmt, char *out, size_t cap);
/* encoding/json's float64 text (what sops writes for a JSON number). */
void sops_json_format_float(double f, char *out, size_t cap);

/* Appends the bytes sops hashes and encrypts for scalar n. Returns -1 when the text cannot be
 * converted (an int outside 64 bits). The ENC type goes to type_out. */
int sops_scalar_canonical(const struct sops_node *n, struct hp_secbuf *out, const char **type_out);

#endif
