/* The whole-file pipeline: armor codec if needed, header, recipients, header MAC, then the
 * STREAM payload. Also the whole-buffer API (age_encrypt_mem, age_decrypt_mem) over it. */
#include <sodium.h>
#include <stdlib.h>
#include <string.h>

#include "age/armor.h"
#include "age/file.h"
#include "age/format.h"
#include "age/headermac.h"
#include "age/recipient.h"
#include "age/stream.h"
#include "hp/buf.h"
#include "hp/util.h"

int age_file_decrypt(struct age_identities *ids, struct age_src src, enum age_input_mode mode, struct age_sink out,
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
    unsigned char *file_key = hp_secmem_alloc(AGE_FILE_KEY_LEN);
    if (age_header_parse(rd, &h, e) == 0 && age_identities_unwrap(ids, &h, file_key, e) == 0) {
        if (!age_header_verify_mac(&h, file_key))
            hp_error_set(e, AGE_ERR_HMAC, "header MAC does not verify (the header was modified)");
        else
            rc = age_stream_decrypt(rd, file_key, out, e);
    }
    hp_secmem_free(file_key);
out:
    age_header_free(&h);
    if (dec.buf)
        age_bufrd_free(&dec);
    age_bufrd_free(&raw);
    return rc;
}

int age_file_encrypt(const struct age_recipients *rs, struct age_src src, bool armor, struct age_sink out,
                     struct hp_error *e)
{
    struct age_header h;
    struct hp_buf hdr = {0};
    struct age_armor_writer aw;
    struct age_sink sink = out;
    int rc = -1;
    memset(&h, 0, sizeof h);
    memset(&aw, 0, sizeof aw);
    unsigned char *file_key = hp_secmem_alloc(AGE_FILE_KEY_LEN);
    randombytes_buf(file_key, AGE_FILE_KEY_LEN);
    if (age_recipients_wrap(rs, &h, file_key, e) < 0)
        goto out;
    age_header_seal(&h, file_key, &hdr);
    if (armor) {
        if (age_armor_writer_begin(&aw, out, e) < 0)
            goto out;
        sink = age_armor_sink(&aw);
    }
    if (sink.write(sink.ctx, hdr.data, hdr.len, e) < 0 || age_stream_encrypt(src, file_key, sink, e) < 0)
        goto out;
    if (armor && age_armor_writer_finish(&aw, e) < 0)
        goto out;
    rc = 0;
out:
    age_armor_writer_free(&aw);
    hp_secmem_free(file_key);
    age_header_free(&h);
    hp_buf_free(&hdr);
    return rc;
}

bool age_looks_like_age(const unsigned char *data, size_t len)
{
    static const char intro[] = AGE_INTRO "\n";
    if (len >= sizeof intro - 1 && memcmp(data, intro, sizeof intro - 1) == 0)
        return true;
    size_t i = 0;
    while (i < len && (data[i] == ' ' || data[i] == '\t' || data[i] == '\r' || data[i] == '\n'))
        i++;
    static const char begin[] = "-----BEGIN AGE ENCRYPTED FILE-----";
    return len - i >= sizeof begin - 1 && memcmp(data + i, begin, sizeof begin - 1) == 0;
}

int age_encrypt_mem(const struct age_recipients *rs, const unsigned char *pt, size_t ptlen, bool armor,
                    struct hp_buf *out, struct hp_error *e)
{
    struct age_mem m = {pt, ptlen, 0};
    return age_file_encrypt(rs, age_src_mem(&m), armor, age_sink_buf(out), e);
}

int age_decrypt_mem(const struct age_identities *ids, const unsigned char *ct, size_t ctlen,
                    struct hp_secbuf *out, struct hp_error *e)
{
    struct age_mem m = {ct, ctlen, 0};
    size_t start = out->len;
    hp_secbuf_reserve(out, ctlen); /* the plaintext is shorter than the file: one allocation */
    /* The const contract: decryption never changes the set, except that a prompt may add a
     * passphrase identity, which only the whole-file API's non-const callers enable. */
    int rc = age_file_decrypt((struct age_identities *)ids, age_src_mem(&m), AGE_INPUT_AUTO, age_sink_secbuf(out), e);
    if (rc < 0 && out->data) {
        /* Whole-buffer callers get all or nothing. */
        sodium_memzero(out->data + start, out->len - start);
        out->len = start;
    }
    return rc;
}
