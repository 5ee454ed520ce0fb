/* Which strings must be quoted when we write YAML. Our YAML is read by many readers: Go's
 * yaml.v2 (sigs.k8s.io/yaml, helm) and yaml.v3 (sops), YAML 1.1 readers (PyYAML, node's yaml
 * with version 1.1) and YAML 1.2 core-schema readers (node's yaml, ruamel). A string written
 * plain must stay a string for every one of them, whatever the value's range: "1e3895" is
 * Infinity to a YAML 1.2 reader though Go, which cannot parse it, keeps it a string. */
#ifndef HP_YAML_SCALAR_H
#define HP_YAML_SCALAR_H

#include <stdbool.h>
#include <stddef.h>

/* Whether the plain (unquoted, untagged) scalar s would resolve to anything but a string in
 * any of those readers: null (empty, ~, null), booleans (y/n/yes/no/on/off/true/false in any
 * case), integers in any base (0x, 0o, 0b, YAML 1.1's 0777 and 1:20 sexagesimal, Go's
 * underscores anywhere), floats (1e5, .5, 1_000.5, .inf, .nan, 1:20.5), timestamps
 * (2001-12-14...), and YAML 1.1's "<<" and "=". Errs on the side of quoting: a string quoted
 * without need is still the same string. s may be secret: nothing is copied. */
bool hp_yaml_would_resolve_to_non_string(const char *s, size_t len);

#endif
