/* The age v1 header: version line, recipient stanzas, MAC line. Parsing is as strict as the
 * C2SP spec demands (canonical unpadded base64, 64-column body lines ending in a short line,
 * LF line ends only), so the bytes the MAC covers are exactly the bytes read. The MAC
 * itself (a key derived from the file key) is include/age/headermac.h's. */
#ifndef AGE_FORMAT_H
#define AGE_FORMAT_H

#include <sodium.h>
#include <stddef.h>

#include "age/io.h"
#include "hp/buf.h"
#include "hp/error.h"

#define AGE_INTRO "age-encryption.org/v1"
#define AGE_FILE_KEY_LEN 16
#define AGE_MAC_LEN crypto_auth_hmacsha256_BYTES
/* A header larger than this is refused (no real recipient set comes close). */
#define AGE_HEADER_MAX (4u << 20)

struct age_stanza {
    char **args; /* args[0] is the type; each arg is 1+ printable ASCII bytes, no spaces */
    size_t nargs;
    unsigned char *body;
    size_t bodylen;
};

struct age_header {
    struct age_stanza *st;
    size_t n, cap;
    unsigned char mac[AGE_MAC_LEN];
    struct hp_buf raw; /* the header bytes the MAC covers: up to and including "---" */
};

/* Reads the header from r, leaving r at the first payload byte. Errors: AGE_ERR_HEADER. */
int age_header_parse(struct age_bufrd *r, struct age_header *h, struct hp_error *e);
/* Adds a stanza (copies args and body). */
void age_header_add(struct age_header *h, const char *const *args, size_t nargs, const unsigned char *body,
                    size_t bodylen);
/* Encodes the MAC-covered part of the header (version line, stanzas, "---") into h->raw. */
void age_header_encode(struct age_header *h);
/* Appends h->raw, then " <h->mac in base64>\n", to out. */
void age_header_write(const struct age_header *h, struct hp_buf *out);
void age_header_free(struct age_header *h);

#endif
