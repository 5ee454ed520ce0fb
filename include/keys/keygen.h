/* `helm panda secrets keygen`: a new X25519 identity in age-keygen's file format, and writing it
 * to a file that must not exist yet. */
#ifndef KEYS_KEYGEN_H
#define KEYS_KEYGEN_H

#include "age/x25519.h"
#include "hp/buf.h"
#include "hp/error.h"

/* "# created: <UTC time>", "# public key: age1...", then the AGE-SECRET-KEY-1... line, into
 * text (guarded memory); the recipient into recipient. */
void keys_identity_new(struct hp_secbuf *text, char recipient[AGE_X25519_RECIPIENT_MAX]);
/* Never overwrites: the file is linked into place only when complete, which fails if FILE
 * exists (even if it appeared meanwhile); until then it has no name (or a temporary one a
 * signal removes), so a kill leaves no copy of the identity. Mode 0600 exactly. Errors: one
 * line naming the file. */
int keys_identity_file_write(const char *out, const struct hp_secbuf *text, struct hp_error *e);

#endif
