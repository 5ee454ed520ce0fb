/* Walking helm's JSON (see include/deploy/run/helmjson.h). */
#include <cJSON.h>

#include "deploy/config/errors.h"
#include "deploy/run/helmjson.h"

const cJSON *helmjson_at(const cJSON *o, const char *a, const char *b)
{
    const cJSON *x = cJSON_GetObjectItemCaseSensitive(o, a);
    return b ? cJSON_GetObjectItemCaseSensitive(x, b) : x;
}

const char *helmjson_str(const cJSON *o, const char *a, const char *b)
{
    const cJSON *x = helmjson_at(o, a, b);
    return cJSON_IsString(x) ? x->valuestring : NULL;
}

cJSON *helmjson_status_object(const char *json, size_t len, const char **status, struct hp_error *e)
{
    cJSON *o = cJSON_ParseWithLength(json, len);
    *status = NULL;
    if (cJSON_IsObject(o)) {
        *status = helmjson_str(o, "info", "status");
        return o;
    }
    cJSON_Delete(o);
    hp_error_set(e, DEPLOY_ERR_HELM, "helm status printed no JSON object");
    return NULL;
}
