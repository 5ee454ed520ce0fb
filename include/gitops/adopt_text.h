/* The text of the profile adopt writes (gitops/adopt.h): what the reader (adopt.c) and the
 * writer (adopt_profile.c) both put into it. */
#ifndef GITOPS_ADOPT_TEXT_H
#define GITOPS_ADOPT_TEXT_H

#include "hp/buf.h"
#include "hp/util.h"

/* s plain when YAML reads it back as that string, else double-quoted with escapes */
void gitops_adopt_quoted(struct hp_buf *b, const char *s);
/* [a, b] */
void gitops_adopt_flow_list(struct hp_buf *b, const struct hp_strlist *l);
/* "key: value" in a flow mapping (", " before all but the first), the value quoted when needed */
void gitops_adopt_kv(struct hp_buf *b, const char *key, const char *value);
/* "key: [a, b]" likewise */
void gitops_adopt_klist(struct hp_buf *b, const char *key, const struct hp_strlist *l);

#endif
