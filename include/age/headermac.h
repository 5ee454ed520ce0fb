/* The header MAC (C2SP age spec, "Header"): HMAC-SHA256 over the header up to and including
 * "---", keyed with HKDF-SHA256(file key, salt empty, info "header"). Kept apart from
 * format.c, which parses and encodes bytes and knows no keys. */
#ifndef AGE_HEADERMAC_H
#define AGE_HEADERMAC_H

#include "age/format.h"
#include "hp/buf.h"

/* Whether h->mac is the right MAC for h->raw under file_key (constant-time compare). */
int age_header_verify_mac(const struct age_header *h, const unsigned char file_key[AGE_FILE_KEY_LEN]);
/* Encodes h (age_header_encode), computes its MAC into h->mac, and appends the whole header
 * with its MAC line to out. */
void age_header_seal(struct age_header *h, const unsigned char file_key[AGE_FILE_KEY_LEN], struct hp_buf *out);

#endif
