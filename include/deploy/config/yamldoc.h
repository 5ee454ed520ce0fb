/* Just enough of a YAML document for the deployment tree: Chart.yaml dependencies, the
 * `affix:` of secrets/values.yaml, the components file. Built on libyaml's document loader;
 * only the first document of a stream is used. */
#ifndef DEPLOY_YAMLDOC_H
#define DEPLOY_YAMLDOC_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "hp/error.h"

struct deploy_yaml {
    yaml_document_t doc;
    bool loaded;
};

/* Parses data; `name` (a file name) prefixes the error: "<name>: line N: <problem>".
 * An empty document loads fine and has no root. */
int deploy_yaml_load(struct deploy_yaml *y, const char *name, const unsigned char *data, size_t len,
                     struct hp_error *e);
yaml_node_t *deploy_yaml_root(struct deploy_yaml *y);
/* The value of `key` in a mapping node, or NULL (also when map is not a mapping). */
yaml_node_t *deploy_yaml_get(struct deploy_yaml *y, yaml_node_t *map, const char *key);
/* A scalar's text (NUL-terminated by libyaml), or NULL for other node kinds. */
const char *deploy_yaml_scalar(yaml_node_t *n);
/* The i-th item of a sequence, or NULL past the end / for other node kinds. */
yaml_node_t *deploy_yaml_item(struct deploy_yaml *y, yaml_node_t *seq, size_t i);
/* The i-th key/value of a mapping; returns false past the end. */
bool deploy_yaml_pair(struct deploy_yaml *y, yaml_node_t *map, size_t i, yaml_node_t **key, yaml_node_t **value);
void deploy_yaml_free(struct deploy_yaml *y);

#endif
