/* Encrypting and decrypting a whole tree in place, and its MAC. The walk visits leaves in
 * document order with their key path (list items add nothing to the path); which leaves are
 * encrypted follows struct sops_select exactly as sops' shouldBeEncrypted does; the MAC is
 * SHA-512 over every leaf's canonical text (comments excluded), upper-case hex. */
#ifndef SOPS_TREECRYPT_H
#define SOPS_TREECRYPT_H

#include <stdbool.h>

#include "hp/buf.h"
#include "hp/error.h"
#include "sops/cipher.h"
#include "sops/ivstash.h"
#include "sops/meta.h"
#include "sops/tree.h"

#define SOPS_MAC_HEX_LEN 128

/* How decrypted floats are written back: as yaml.v3 or as encoding/json would. */
enum sops_float_style { SOPS_FLOATS_YAML, SOPS_FLOATS_JSON };

/* Checks the selection's regexes compile; SOPS_ERR_PARSE naming the bad one. */
int sops_select_check(const struct sops_select *sel, struct hp_error *e);

/* stash (may be NULL): decrypt records every value's IV in it; encrypt reuses them for
 * values that did not change. */
int sops_tree_encrypt(struct sops_tree *t, const unsigned char key[SOPS_KEY_LEN], const struct sops_select *sel,
                      struct sops_iv_stash *stash, char mac_hex[SOPS_MAC_HEX_LEN + 1], struct hp_error *e);
int sops_tree_decrypt(struct sops_tree *t, const unsigned char key[SOPS_KEY_LEN], const struct sops_select *sel,
                      enum sops_float_style fs, struct sops_iv_stash *stash, char mac_hex[SOPS_MAC_HEX_LEN + 1],
                      struct hp_error *e);

/* The MAC value: encrypted with lastmodified (normalised as Go's RFC 3339) as additional data. */
int sops_mac_encrypt(const unsigned char key[SOPS_KEY_LEN], const char *mac_hex, const char *lastmodified,
                     struct hp_buf *out, struct hp_error *e);
/* Decrypts sops.mac and compares it with mac_hex in constant time; SOPS_ERR_MAC on mismatch. */
int sops_mac_verify(const unsigned char key[SOPS_KEY_LEN], const char *enc, const char *lastmodified,
                    const char *mac_hex, struct hp_error *e);

#endif
