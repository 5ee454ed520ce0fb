/* The store table, and choosing a store for a file as sops does: by extension, binary for
 * anything unknown, by content for stdin. */
#include <ctype.h>
#include <string.h>

#include "hp/util.h"
#include "sops/json_store.h"
#include "sops/store.h"
#include "sops/yaml_store.h"

static int binary_load_plain(struct sops_tree *t, const unsigned char *data, size_t len, struct hp_error *e)
{
    (void)e;
    sops_binary_load(t, data, len);
    return 0;
}

static int yaml_emit_plain(const struct sops_tree *t, struct hp_secbuf *out, struct hp_error *e)
{
    (void)e;
    sops_yaml_emit(t, out);
    return 0;
}

static int json_emit_plain(const struct sops_tree *t, struct hp_secbuf *out, struct hp_error *e)
{
    (void)e;
    sops_json_emit(t, out);
    return 0;
}

static const char *const yaml_ext[] = {".yaml", ".yml", NULL};
static const char *const json_ext[] = {".json", NULL};
static const char *const dotenv_ext[] = {".env", NULL};
static const char *const ini_ext[] = {".ini", NULL};

static const struct sops_store stores[] = {
    {SOPS_FMT_YAML, "yaml", yaml_ext, sops_yaml_load, sops_yaml_load, yaml_emit_plain, sops_yaml_emit,
     sops_yaml_emit_value, SOPS_FLOATS_YAML, true, true, true, "", "YAML", true},
    {SOPS_FMT_JSON, "json", json_ext, sops_json_load, sops_json_load, json_emit_plain, sops_json_emit,
     sops_json_emit_value, SOPS_FLOATS_JSON, true, false, false, "{}\n", "JSON", false},
    /* an encrypted binary file is a JSON document with one "data" value */
    {SOPS_FMT_BINARY, "binary", NULL, binary_load_plain, sops_json_load, sops_binary_emit, sops_json_emit,
     sops_json_emit_value, SOPS_FLOATS_JSON, false, false, false, "", "binary", false},
    /* sops' dotenv and INI stores, refused by name (an INI file kept as one binary value would
     * not be what sops makes of it) */
    {SOPS_FMT_DOTENV, "dotenv", dotenv_ext, NULL, NULL, NULL, NULL, NULL, SOPS_FLOATS_JSON, true, false, false, "",
     "dotenv", false},
    {SOPS_FMT_INI, "ini", ini_ext, NULL, NULL, NULL, NULL, NULL, SOPS_FLOATS_JSON, true, false, false, "", "INI", false},
};

const struct sops_store *sops_store_for(enum sops_format f)
{
    for (size_t i = 0; i < sizeof stores / sizeof stores[0]; i++)
        if (stores[i].format == f)
            return &stores[i];
    return NULL;
}

const struct sops_store *sops_store_named(const char *name)
{
    for (size_t i = 0; i < sizeof stores / sizeof stores[0]; i++)
        if (stores[i].load_plain && strcmp(stores[i].name, name) == 0)
            return &stores[i];
    return NULL;
}

enum sops_format sops_format_for_path(const char *path)
{
    for (size_t i = 0; path && i < sizeof stores / sizeof stores[0]; i++)
        for (const char *const *x = stores[i].extensions; x && *x; x++)
            if (hp_str_has_suffix(path, *x))
                return stores[i].format;
    return SOPS_FMT_BINARY;
}

static bool starts_with_brace(const unsigned char *data, size_t len)
{
    for (size_t i = 0; i < len; i++)
        if (!isspace(data[i]))
            return data[i] == '{';
    return false;
}

enum sops_format sops_format_pick(const char *path, enum sops_format requested, const unsigned char *data, size_t len)
{
    if (requested != SOPS_FMT_AUTO)
        return requested;
    if (!path || !strcmp(path, "-"))
        return starts_with_brace(data, len) ? SOPS_FMT_JSON : SOPS_FMT_YAML;
    return sops_format_for_path(path);
}

enum sops_format sops_format_pick_encrypted(const char *path, enum sops_format requested, const unsigned char *data,
                                            size_t len)
{
    enum sops_format f = sops_format_pick(path, requested, data, len);
    /* an encrypted binary file is JSON; a name sops does not know holding a YAML document
     * (e.g. secrets.yaml.enc written with --input-type yaml) is read as YAML */
    if (requested == SOPS_FMT_AUTO && f == SOPS_FMT_BINARY && !starts_with_brace(data, len))
        return SOPS_FMT_YAML;
    return f;
}

bool sops_is_encrypted(const unsigned char *data, size_t len)
{
    struct sops_tree t;
    struct hp_error e = {0};
    sops_tree_init(&t);
    bool json = starts_with_brace(data, len);
    bool yes = false;
    if ((json ? sops_json_load(&t, data, len, &e) : sops_yaml_load(&t, data, len, &e)) == 0 && t.ndocs) {
        const struct sops_node *s = sops_map_get(t.docs[0], "sops");
        yes = s && s->kind == SOPS_NODE_MAP && sops_map_get(s, "mac") && sops_map_get(s, "lastmodified");
    }
    sops_tree_free(&t);
    return yes;
}
