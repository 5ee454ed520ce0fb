/* libyaml document helpers (see include/deploy/config/yamldoc.h). */
#include <string.h>

#include "deploy/config/errors.h"
#include "deploy/config/yamldoc.h"

int deploy_yaml_load(struct deploy_yaml *y, const char *name, const unsigned char *data, size_t len,
                     struct hp_error *e)
{
    yaml_parser_t p;
    memset(y, 0, sizeof *y);
    if (!yaml_parser_initialize(&p))
        return hp_error_set(e, DEPLOY_ERR_CONFIG, "%s: cannot initialise the YAML parser", name);
    yaml_parser_set_input_string(&p, data, len);
    if (!yaml_parser_load(&p, &y->doc)) {
        hp_error_set(e, DEPLOY_ERR_CONFIG, "%s: line %zu: %s", name, p.problem_mark.line + 1,
                     p.problem ? p.problem : "malformed YAML");
        yaml_parser_delete(&p);
        return -1;
    }
    yaml_parser_delete(&p);
    y->loaded = true;
    return 0;
}

yaml_node_t *deploy_yaml_root(struct deploy_yaml *y) { return y->loaded ? yaml_document_get_root_node(&y->doc) : NULL; }

const char *deploy_yaml_scalar(yaml_node_t *n)
{
    return n && n->type == YAML_SCALAR_NODE ? (const char *)n->data.scalar.value : NULL;
}

bool deploy_yaml_pair(struct deploy_yaml *y, yaml_node_t *map, size_t i, yaml_node_t **key, yaml_node_t **value)
{
    if (!map || map->type != YAML_MAPPING_NODE)
        return false;
    yaml_node_pair_t *start = map->data.mapping.pairs.start, *top = map->data.mapping.pairs.top;
    if (i >= (size_t)(top - start))
        return false;
    *key = yaml_document_get_node(&y->doc, start[i].key);
    *value = yaml_document_get_node(&y->doc, start[i].value);
    return *key && *value;
}

yaml_node_t *deploy_yaml_get(struct deploy_yaml *y, yaml_node_t *map, const char *key)
{
    yaml_node_t *k, *v;
    for (size_t i = 0; deploy_yaml_pair(y, map, i, &k, &v); i++) {
        const char *s = deploy_yaml_scalar(k);
        if (s && strcmp(s, key) == 0)
            return v;
    }
    return NULL;
}

yaml_node_t *deploy_yaml_item(struct deploy_yaml *y, yaml_node_t *seq, size_t i)
{
    if (!seq || seq->type != YAML_SEQUENCE_NODE)
        return NULL;
    yaml_node_item_t *start = seq->data.sequence.items.start, *top = seq->data.sequence.items.top;
    if (i >= (size_t)(top - start))
        return NULL;
    return yaml_document_get_node(&y->doc, start[i]);
}

void deploy_yaml_free(struct deploy_yaml *y)
{
    if (y->loaded)
        yaml_document_delete(&y->doc);
    y->loaded = false;
}
