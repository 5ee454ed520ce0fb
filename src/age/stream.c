/* Whole-file streaming: header, then payload, with the armor codec in between if needed. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "age/armor.h"
#include "age/format.h"
#include "age/payload.h"
#include "age/stream.h"
#include "hp/util.h"

int age_decrypt_stream(struct age_identities *ids, struct age_src src, enum age_input_mode mode, struct age_sink out,
                       struct hp_error *e)
{
    struct age_bufrd raw, dec;
    struct age_armor_reader ar;
    struct age_bufrd *rd = &raw;
    struct age_header h;
    int rc = -1;
    age_bufrd_init(&raw, src);
    memset(&dec, 0, sizeof dec);
    memset(&h, 0, sizeof h);
    if (mode == AGE_INPUT_AUTO) {
        ssize_t n = age_bufrd_peek(&raw, 2048, e);
        if (n < 0)
            goto out;
        mode = age_armor_detect(raw.buf + raw.pos, (size_t)n) ? AGE_INPUT_ARMOR : AGE_INPUT_BINARY;
    }
    if (mode == AGE_INPUT_ARMOR) {
        age_armor_reader_init(&ar, &raw);
        age_bufrd_init(&dec, age_armor_src(&ar));
        rd = &dec;
    }
    if (sodium_init() < 0)
        abort();
    unsigned char *file_key = sodium_malloc(AGE_FILE_KEY_LEN);
    if (!file_key)
        abort();
    if (age_header_parse(rd, &h, e) == 0 && age_identities_unwrap(ids, &h, file_key, e) == 0) {
        if (!age_header_verify_mac(&h, file_key))
            hp_error_set(e, AGE_ERR_HMAC, "header MAC does not verify (the header was modified)");
        else
            rc = age_payload_decrypt(rd, file_key, out, e);
    }
    sodium_free(file_key);
out:
    age_header_free(&h);
    if (dec.buf)
        age_bufrd_free(&dec);
    age_bufrd_free(&raw);
    return rc;
}

int age_encrypt_stream(const struct age_recipients *rs, struct age_src src, bool armor, struct age_sink out,
                       struct hp_error *e)
{
    struct age_header h;
    struct hp_buf hdr = {0};
    struct age_armor_writer aw;
    struct age_sink sink = out;
    int rc = -1;
    memset(&h, 0, sizeof h);
    memset(&aw, 0, sizeof aw);
    if (sodium_init() < 0)
        abort();
    unsigned char *file_key = sodium_malloc(AGE_FILE_KEY_LEN);
    if (!file_key)
        abort();
    randombytes_buf(file_key, AGE_FILE_KEY_LEN);
    if (age_recipients_wrap(rs, &h, file_key, e) < 0)
        goto out;
    age_header_encode(&h, file_key, &hdr);
    if (armor) {
        if (age_armor_writer_begin(&aw, out, e) < 0)
            goto out;
        sink = age_armor_sink(&aw);
    }
    if (sink.write(sink.ctx, hdr.data, hdr.len, e) < 0 || age_payload_encrypt(src, file_key, sink, e) < 0)
        goto out;
    if (armor && age_armor_writer_finish(&aw, e) < 0)
        goto out;
    rc = 0;
out:
    age_armor_writer_free(&aw);
    sodium_free(file_key);
    age_header_free(&h);
    hp_buf_free(&hdr);
    return rc;
}
