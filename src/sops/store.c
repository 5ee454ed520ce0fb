/* The store table, and choosing a store for a file: a plaintext as sops does (by extension,
 * binary for anything unknown, by content for stdin); an encrypted file by its content. */
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

/* Whether a JSON object has more than two members: the colons at depth 1 outside strings
 * (exact for valid JSON; invalid JSON fails to load later whatever this says). A 5,000-key
 * JSON file under a binary name is then not loaded twice to learn it is not binary. */
static bool over_two_members(const unsigned char *d, size_t len)
{
    int depth = 0;
    size_t colons = 0;
    bool in_string = false;
    for (size_t i = 0; i < len; i++) {
        unsigned char c = d[i];
        if (in_string) {
            if (c == '\\')
                i++;
            else if (c == '"')
                in_string = false;
        } else if (c == '"') {
            in_string = true;
        } else if (c == '{' || c == '[') {
            depth++;
        } else if (c == '}' || c == ']') {
            depth--;
        } else if (c == ':' && depth == 1 && ++colons > 2) {
            return true;
        }
    }
    return false;
}

/* The shape of an encrypted binary file: a JSON object of a "data" string and the "sops" block. */
static bool binary_shaped(const unsigned char *data, size_t len)
{
    if (over_two_members(data, len))
        return false;
    struct sops_tree t;
    struct hp_error e = {0};
    sops_tree_init(&t);
    bool yes = false;
    if (sops_json_load(&t, data, len, &e) == 0 && t.ndocs == 1) {
        const struct sops_node *d = sops_map_get(t.docs[0], "data");
        size_t keys = 0;
        for (const struct sops_node *n = t.docs[0]->first; n; n = n->next)
            keys += n->kind != SOPS_NODE_COMMENT;
        yes = keys == 2 && d && d->kind == SOPS_NODE_SCALAR && sops_map_get(t.docs[0], "sops");
    }
    sops_tree_free(&t);
    return yes;
}

/* Whether a line of data starts with prefix (sops' dotenv and INI stores keep their metadata as
 * `sops_mac=...` lines and a `[sops]` section). */
static bool has_line(const unsigned char *data, size_t len, const char *prefix)
{
    size_t n = strlen(prefix);
    for (size_t i = 0; i + n <= len;) {
        if (memcmp(data + i, prefix, n) == 0)
            return true;
        const unsigned char *nl = memchr(data + i, '\n', len - i);
        if (!nl)
            break;
        i = (size_t)(nl - data) + 1;
    }
    return false;
}

enum sops_format sops_format_pick_encrypted(const char *path, enum sops_format requested, const unsigned char *data,
                                            size_t len)
{
    if (requested != SOPS_FMT_AUTO)
        return requested;
    /* By content, not by name (sops goes by the name): `secrets encrypt -o cric.json.enc
     * cric.json` writes JSON that a name sops reads as binary must not hide. JSON and binary
     * files are both JSON; a JSON document of the binary shape is binary unless its name says
     * JSON or YAML (encrypt refuses a name that would read its output back wrongly). */
    if (starts_with_brace(data, len)) {
        bool binary_name = path && strcmp(path, "-") != 0 && sops_format_for_path(path) == SOPS_FMT_BINARY;
        return binary_name && binary_shaped(data, len) ? SOPS_FMT_BINARY : SOPS_FMT_JSON;
    }
    if (has_line(data, len, "sops_mac="))
        return SOPS_FMT_DOTENV; /* refused by name, with the reason */
    if (has_line(data, len, "[sops]"))
        return SOPS_FMT_INI;
    return SOPS_FMT_YAML;
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
