/* The parsed comparison of a hand-written Application file with gitops' own (gitops/yamleq.h)
 * on arbitrary bytes: the file is untrusted (a site's folder). It refuses what is not YAML,
 * never crashes or loops, stays small on alias bombs, and a stream it reads equals itself.
 * Input: the two streams, separated by the first NUL byte (none: the input against itself). */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "gitops/yamleq.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const uint8_t *nul = memchr(data, 0, size);
    size_t alen = nul ? (size_t)(nul - data) : size;
    const uint8_t *b = nul ? nul + 1 : data;
    size_t blen = nul ? size - alen - 1 : size;
    struct hp_strlist diffs = {0};
    struct hp_error e = {0};
    int n = gitops_yaml_compare("fuzz", data, alen, b, blen, &diffs, &e);
    if (n >= 0 && diffs.n != (size_t)n)
        abort(); /* every difference is listed once */
    hp_strlist_free(&diffs);
    int self = n >= 0 ? gitops_yaml_compare("fuzz", data, alen, data, alen, &diffs, &e) : 0;
    /* a stream equals itself, unless too large to compare (then it says so, once) */
    if (self != 0 && !(self == 1 && strstr(diffs.v[0], "(too large or too deep to compare)")))
        abort();
    hp_strlist_free(&diffs);
    return 0;
}
