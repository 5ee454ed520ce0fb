/* The SOPS halves of `helm panda secrets decrypt/encrypt` (called from cmd_secrets_crypt.c
 * once the input is known not to be an age file / the format is not age) and the helpers
 * edit, view, rotate and updatekeys share. */
#ifndef CLI_SECRETS_CMD_SOPS_H
#define CLI_SECRETS_CMD_SOPS_H

#include <stdbool.h>

#include "age/age.h"
#include "hp/util.h"
#include "sops/meta.h"
#include "sops/sops.h"

struct secrets_cmd_sops_decrypt_opts {
    const char *out;   /* -o OUT, or NULL for stdout */
    bool in_place;     /* --in-place: replace the input file */
    bool ignore_mac;   /* --ignore-mac */
    const char *extract; /* --extract/--key path, or NULL */
    enum sops_format in_fmt;  /* --input-type, or SOPS_FMT_AUTO: by content (sops_format_pick_encrypted) */
    enum sops_format out_fmt; /* --output-type, or SOPS_FMT_AUTO: the input's */
};

/* data is the whole encrypted input; name is its path ("-"/"stdin" for standard input). */
int secrets_cmd_sops_decrypt(const char *name, const unsigned char *data, size_t len, const struct age_identities *ids,
                     const struct secrets_cmd_sops_decrypt_opts *o);

struct secrets_cmd_sops_encrypt_opts {
    const struct hp_strlist *recipients; /* -r; empty: SOPS_AGE_RECIPIENTS, then .sops.yaml */
    const char *out;
    bool in_place;
    const char *format; /* NULL/"sops"/"auto": by extension; "yaml", "json", "binary" */
    struct sops_select sel; /* flags; all unset: from the rule, else unencrypted_suffix _unencrypted */
};

/* Refuses (exit 2, nothing written) an output whose name would make `secrets decrypt OUT` read
 * it back in another format than it was written in (a binary file to a .json name, a JSON
 * document of one "data" string to a name sops reads as binary): what we encrypt, we decrypt. */
int secrets_cmd_sops_encrypt(const char *path, const struct secrets_cmd_sops_encrypt_opts *o);

/* Parses --format for SOPS ("yaml", "json", "binary", NULL/"auto"/"sops"); -1 if unknown. */
int secrets_cmd_sops_format(const char *s, enum sops_format *f);

#endif
