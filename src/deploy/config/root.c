/* Finding the deployment root (see include/deploy/config/root.h). */
#include <errno.h>
#include <limits.h>
#include <stdlib.h>
#include <string.h>

#include "deploy/config/components.h"
#include "deploy/config/errors.h"
#include "deploy/config/root.h"
#include "hp/file.h"
#include "hp/util.h"

/* secrets/ and helm/, or secrets/ and helm-panda.yaml: a site whose charts all come from an OCI
 * registry (deploy/config/oci.h) may have no helm/ folder at all. */
static bool is_root(const char *dir)
{
    char *h = hp_path_join(dir, "helm"), *s = hp_path_join(dir, "secrets");
    char *f = hp_path_join(dir, DEPLOY_COMPONENTS_FILE);
    bool ok = hp_path_is_dir(s) && (hp_path_is_dir(h) || (hp_path_exists(f) && !hp_path_is_dir(f)));
    free(h);
    free(s);
    free(f);
    return ok;
}

int deploy_root_find(const char *start, char **root, struct hp_error *e)
{
    const char *from = start;
    const char *how = "-C";
    if (!from) {
        from = getenv("PANDA_K8S_DIR");
        how = "PANDA_K8S_DIR";
    }
    if (!from || !*from) {
        from = ".";
        how = "the current directory";
    }
    char *dir = realpath(from, NULL);
    if (!dir)
        return hp_error_set(e, DEPLOY_ERR_ROOT, "%s: deployment root (%s): %s", from, how, strerror(errno));
    for (;;) {
        if (is_root(dir)) {
            *root = dir;
            return 0;
        }
        char *slash = strrchr(dir, '/');
        if (!slash || slash == dir) /* tried "/" (or its direct child just now) */
            break;
        *slash = '\0';
    }
    if (is_root("/")) {
        free(dir);
        *root = hp_xstrdup("/");
        return 0;
    }
    free(dir);
    return hp_error_set(e, DEPLOY_ERR_ROOT,
                        "%s: no deployment root here or above (a folder with helm/ and secrets/); use -C DIR or "
                        "PANDA_K8S_DIR",
                        from);
}
