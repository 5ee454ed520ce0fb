/* age's ASCII armor: strict PEM ("-----BEGIN AGE ENCRYPTED FILE-----"), 64-column lines of
 * padded canonical base64, only the last line short, LF or CRLF line ends, whitespace allowed
 * only before the BEGIN line and after the END line. Both directions stream. */
#ifndef AGE_ARMOR_H
#define AGE_ARMOR_H

#include <stdbool.h>

#include "age/io.h"
#include "hp/error.h"

#define AGE_ARMOR_BEGIN "-----BEGIN AGE ENCRYPTED FILE-----"
#define AGE_ARMOR_END "-----END AGE ENCRYPTED FILE-----"
#define AGE_ARMOR_COLS 64                                /* base64 characters in a full line */
#define AGE_ARMOR_LINE_BYTES (AGE_ARMOR_COLS / 4 * 3) /* the bytes a full line holds */

/* Whether the input, after leading whitespace, starts with "-----" (so it is armor, or
 * broken armor that deserves an armor error rather than a header error). */
bool age_armor_detect(const unsigned char *p, size_t n);

struct age_armor_reader {
    struct age_bufrd *in;
    unsigned char dec[AGE_ARMOR_LINE_BYTES];
    size_t pos, len;
    bool started, done;
    int failed; /* sticky: once broken, every read fails */
    struct hp_error err;
};
void age_armor_reader_init(struct age_armor_reader *a, struct age_bufrd *in);
/* A source yielding the decoded bytes; malformed armor is AGE_ERR_ARMOR. */
struct age_src age_armor_src(struct age_armor_reader *a);

struct age_armor_writer {
    struct age_sink out;
    unsigned char pend[AGE_ARMOR_LINE_BYTES];
    size_t npend;
    char *line; /* large output buffer of whole lines, flushed in big writes */
    size_t linelen;
};
/* Writes the BEGIN line. */
int age_armor_writer_begin(struct age_armor_writer *w, struct age_sink out, struct hp_error *e);
struct age_sink age_armor_sink(struct age_armor_writer *w);
/* Writes the last line and the END line and frees the writer's buffer. */
int age_armor_writer_finish(struct age_armor_writer *w, struct hp_error *e);
void age_armor_writer_free(struct age_armor_writer *w);

#endif
