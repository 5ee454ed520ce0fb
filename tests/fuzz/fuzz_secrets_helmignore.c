/* .helmignore parser and glob matcher on arbitrary bytes: the first line of the input is the
 * path to test, the rest the .helmignore text. Must never crash or leak. */
#include <stdint.h>
#include <stdlib.h>
#include <string.h>

#include "secrets/helmignore.h"

int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const char *nl = memchr(data, '\n', size);
    size_t plen = nl ? (size_t)(nl - (const char *)data) : size;
    char *path = strndup((const char *)data, plen);
    const char *text = nl ? nl + 1 : "";
    size_t tlen = nl ? size - plen - 1 : 0;
    struct hp_error e = {0};
    struct helmignore *hi = helmignore_parse(text, tlen, "fuzz/.helmignore", &e);
    if (hi) {
        helmignore_ignores(hi, path, false);
        helmignore_ignores(hi, path, true);
        helmignore_free(hi);
    }
    /* the raw matcher too, with the path as the pattern */
    char *name = strndup(text, tlen);
    helmignore_glob_match(path, name);
    free(name);
    free(path);
    return 0;
}
