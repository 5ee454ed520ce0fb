/* The JSON helm prints (`helm status -o json`, kubectl's lists), walked the one way its readers
 * share (deploy/run/resview.c, deploy/ops/status.c, deploy/ops/diagnose.c): untrusted bytes, so
 * every step tolerates a missing member or one of another type. */
#ifndef DEPLOY_HELMJSON_H
#define DEPLOY_HELMJSON_H

#include <cJSON.h>
#include <stddef.h>

#include "hp/error.h"

/* `helm status -o json` parsed: the object (the caller deletes it) and in *status its
 * info.status (NULL when missing or not a string), or NULL with e when the bytes are not one
 * JSON object. */
cJSON *helmjson_status_object(const char *json, size_t len, const char **status, struct hp_error *e);
/* o.a, or o.a.b when b is set; NULL where a step is missing (o may be NULL). */
const cJSON *helmjson_at(const cJSON *o, const char *a, const char *b);
/* The string at o.a (.b), or NULL where it is missing or not a string. */
const char *helmjson_str(const cJSON *o, const char *a, const char *b);

#endif
