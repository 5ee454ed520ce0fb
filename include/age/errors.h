/* The age module's error kinds (its hundred of include/hp/error_kinds.h), which keep the spec's
 * layers apart (the CCTV vectors name exactly these outcomes). A header of its own, with no
 * functions: the recipient types, the header format and the sets all fill an hp_error with
 * them, and the table of types (age.c) must not be included back by the types it names. */
#ifndef AGE_ERRORS_H
#define AGE_ERRORS_H

#include "hp/error_kinds.h"

enum age_error_kind {
    AGE_OK = 0,
    AGE_ERR_ARMOR = HP_ERR_BASE_AGE, /* ASCII armor malformed */
    AGE_ERR_HEADER,   /* header does not parse, or a stanza is malformed for its type */
    AGE_ERR_NO_MATCH, /* no identity opened any stanza */
    AGE_ERR_HMAC,     /* header MAC did not verify */
    AGE_ERR_PAYLOAD,  /* STREAM payload broken, truncated or with trailing data */
    AGE_ERR_IO,       /* reading or writing failed */
    AGE_ERR_KEY,      /* an identity or recipient string/file is malformed */
};

#endif
