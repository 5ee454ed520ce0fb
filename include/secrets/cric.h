/* Checks for CRIC-free deployments: when the secrets chart's files/cric_jsons/ holds JSON
 * files, PanDA reads its sites, queues and DDM endpoints from them instead of CRIC, so the
 * three files below must be there and every JSON file there must parse. Run on the decrypted
 * contents, before helm is called. */
#ifndef SECRETS_CRIC_H
#define SECRETS_CRIC_H

#include <stdbool.h>
#include <stddef.h>

#include "hp/error.h"

#define CRIC_DIR "files/cric_jsons/"

enum { CRIC_ERR_MISSING = HP_ERR_BASE_CRIC, CRIC_ERR_JSON };

extern const char *const cric_required_files[]; /* NULL-terminated */

/* Whether chart-relative `name` is a JSON file directly in files/cric_jsons/. */
bool cric_is_cric_json(const char *name);

/* Parses one JSON document with cJSON. On failure: "<display>: invalid JSON at byte N (line L,
 * column C)" where N is the 0-based offset at which cJSON gave up (the offending byte, or at
 * most one past it). */
int cric_check_json(const char *display, const unsigned char *data, size_t len, struct hp_error *e);

/* `present` holds the chart-relative names of the CRIC JSON files found; `dir_display` names
 * the directory in the message. Fails on the first required file that is missing. */
int cric_check_required(const char *const *present, size_t n, const char *dir_display, struct hp_error *e);

#endif
