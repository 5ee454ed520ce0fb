/* Process-wide protection of plaintext (see include/hp/secure.h). */
#include <malloc.h>
#include <stdlib.h>
#include <sys/prctl.h>
#include <sys/resource.h>

#include <cJSON.h>
#include <sodium.h>

#include "hp/secure.h"
#include "hp/util.h"

void hp_wiping_free(void *p)
{
    if (!p)
        return;
    /* the whole block, not just the string cJSON put in it: usable size >= requested */
    sodium_memzero(p, malloc_usable_size(p));
    free(p);
}

static void no_core_dumps(void)
{
    struct rlimit none = {0, 0};
    if (setrlimit(RLIMIT_CORE, &none) < 0)
        hp_debugf("cannot set RLIMIT_CORE to 0");
    if (prctl(PR_SET_DUMPABLE, 0, 0, 0, 0) < 0)
        hp_debugf("cannot clear the dumpable flag");
}

/* Reads back what the kernel now holds, so the debug line reports facts, not intentions. */
static void report(void)
{
    if (!hp_debug_enabled())
        return;
    struct rlimit rl = {1, 1};
    getrlimit(RLIMIT_CORE, &rl);
    int dumpable = prctl(PR_GET_DUMPABLE, 0, 0, 0, 0);
    hp_debugf("core dumps: dumpable=%d, RLIMIT_CORE=%llu/%llu", dumpable, (unsigned long long)rl.rlim_cur,
              (unsigned long long)rl.rlim_max);
}

void hp_secure_process(void)
{
    no_core_dumps();
    cJSON_Hooks hooks = {malloc, hp_wiping_free};
    cJSON_InitHooks(&hooks);
    report();
}
