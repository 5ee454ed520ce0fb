/* Streaming age encryption and decryption of whole files: constant memory for any size
 * (one 64 KiB chunk buffer and one read buffer), binary or ASCII-armored. */
#ifndef AGE_STREAM_H
#define AGE_STREAM_H

#include <stdbool.h>

#include "age/age.h"
#include "age/io.h"

enum age_input_mode {
    AGE_INPUT_AUTO,   /* armor if the input starts (after whitespace) with "-----" */
    AGE_INPUT_BINARY,
    AGE_INPUT_ARMOR,
};

/* Decrypts src into out. Plaintext reaches out one authenticated chunk at a time, so on a
 * payload failure out has received only verified data (a caller writing a file must still
 * discard it: see the CLI). The error kind tells the layer that failed. */
int age_decrypt_stream(struct age_identities *ids, struct age_src src, enum age_input_mode mode, struct age_sink out,
                       struct hp_error *e);
/* Encrypts everything src yields to out, armored if asked. */
int age_encrypt_stream(const struct age_recipients *rs, struct age_src src, bool armor, struct age_sink out,
                       struct hp_error *e);

#endif
