/* The sops module's error kinds (its hundred of include/hp/error_kinds.h). A header of its own,
 * with no functions: the document layer (sops.c) and the stores, the cipher and the tree walk it
 * calls all fill an hp_error with them, and must not include each other for it. */
#ifndef SOPS_ERRORS_H
#define SOPS_ERRORS_H

#include "hp/error_kinds.h"

enum sops_error_kind {
    SOPS_OK = 0,
    SOPS_ERR_NOT_SOPS = HP_ERR_BASE_SOPS, /* no sops metadata: not an encrypted file */
    SOPS_ERR_PARSE,          /* the document does not parse (YAML/JSON) */
    SOPS_ERR_NO_KEY,         /* no identity opens any sops.age[] entry */
    SOPS_ERR_MAC,            /* MAC mismatch */
    SOPS_ERR_VALUE,          /* malformed ENC[...] value (message names the key path) */
    SOPS_ERR_TYPE,           /* wrong or unknown type: in an ENC value */
    SOPS_ERR_IO,
};

#endif
