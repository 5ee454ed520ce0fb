/* CRIC-free deployment checks (see include/secrets/cric.h). */
#include <string.h>

#include <cJSON.h>

#include "hp/buf.h"
#include "hp/util.h"
#include "secrets/cric.h"

const char *const cric_required_files[] = {"sites.json", "panda_queues.json", "ddm_endpoints.json", NULL};

bool cric_is_cric_json(const char *name)
{
    if (!hp_str_has_prefix(name, CRIC_DIR) || !hp_str_has_suffix(name, ".json"))
        return false;
    return strchr(name + strlen(CRIC_DIR), '/') == NULL;
}

int cric_check_json(const char *display, const unsigned char *data, size_t len, struct hp_error *e)
{
    /* cJSON wants the terminating NUL inside the length to reject trailing garbage, so parse a
     * terminated copy (the data may be a guarded buffer without one) */
    struct hp_secbuf buf = {0}; /* guarded: the bytes are decrypted secrets */
    hp_secbuf_append(&buf, data, len);
    const char *copy = hp_secbuf_cstr(&buf);
    const char *end = NULL;
    /* cJSON takes a NUL byte for white space (and for the end): JSON allows none anywhere */
    const char *nul = memchr(copy, 0, len);
    cJSON *doc = nul ? NULL : cJSON_ParseWithLengthOpts(copy, len + 1, &end, 1);
    int rc = 0;
    size_t off = nul ? (size_t)(nul - copy) : end && end >= copy ? (size_t)(end - copy) : 0;
    if (!doc) {
        if (off > len)
            off = len;
        size_t line = 1, col = 1;
        for (size_t i = 0; i < off; i++) {
            if (copy[i] == '\n')
                line++, col = 1;
            else
                col++;
        }
        if (len == 0)
            rc = hp_error_set(e, CRIC_ERR_JSON, "%s: invalid JSON: the file is empty", display);
        else if (off == len)
            rc = hp_error_set(e, CRIC_ERR_JSON, "%s: invalid JSON at byte %zu (line %zu, column %zu): unexpected end",
                              display, off, line, col);
        else if (nul)
            rc = hp_error_set(e, CRIC_ERR_JSON, "%s: invalid JSON at byte %zu (line %zu, column %zu): NUL byte",
                              display, off, line, col);
        else
            rc = hp_error_set(e, CRIC_ERR_JSON, "%s: invalid JSON at byte %zu (line %zu, column %zu)", display, off,
                              line, col);
    }
    cJSON_Delete(doc);
    hp_secbuf_free(&buf);
    return rc;
}

int cric_check_required(const char *const *present, size_t n, const char *dir_display, struct hp_error *e)
{
    for (const char *const *req = cric_required_files; *req; req++) {
        bool found = false;
        for (size_t i = 0; i < n && !found; i++)
            found = strcmp(present[i] + strlen(CRIC_DIR), *req) == 0;
        if (!found)
            return hp_error_set(e, CRIC_ERR_MISSING,
                                "%s: %s is missing (a CRIC-free deployment needs sites.json, panda_queues.json and "
                                "ddm_endpoints.json; --skip-checks to deploy anyway)",
                                dir_display, *req);
    }
    return 0;
}
