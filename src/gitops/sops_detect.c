/* TODO(sops): return sops_is_encrypted (include/sops/sops.h) once branch sops is in main.
 * Until then, a stricter stand-in: any document whose top level has a `sops` key counts as
 * encrypted. For gitops a false "encrypted" only asks for --allow-secrets; a missed one
 * would put a secret file's path into git config, so erring this way is the safe side. */
#include "deploy/yamldoc.h"
#include "gitops/sops_detect.h"

static bool has_top_level_sops_key(const unsigned char *data, size_t len)
{
    struct deploy_yaml y = {0};
    struct hp_error ignored = {0};
    bool found = deploy_yaml_load(&y, "values", data, len, &ignored) == 0 &&
                 deploy_yaml_get(&y, deploy_yaml_root(&y), "sops") != NULL;
    deploy_yaml_free(&y);
    return found;
}

gitops_is_encrypted_fn gitops_sops_detector(void)
{
    return has_top_level_sops_key;
}
