/* The whole-file pipeline, as age's Encrypt/Decrypt: armor (if any), header, recipients,
 * header MAC, then the STREAM payload (stream.h). Constant memory for any size (one chunk
 * batch and one read buffer), binary or ASCII-armored. */
#ifndef AGE_FILE_H
#define AGE_FILE_H

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
int age_file_decrypt(struct age_identities *ids, struct age_src src, enum age_input_mode mode, struct age_sink out,
                     struct hp_error *e);
/* Encrypts everything src yields to out, armored if asked. */
int age_file_encrypt(const struct age_recipients *rs, struct age_src src, bool armor, struct age_sink out,
                     struct hp_error *e);

#endif
