/* gitops asks the SOPS module itself (a top-level `sops` map with `mac` and `lastmodified`,
 * YAML or JSON), so it refuses exactly the files `helm panda install` would decrypt. */
#include "gitops/sops_detect.h"
#include "sops/sops.h"

gitops_is_encrypted_fn gitops_sops_detector(void)
{
    return sops_is_encrypted;
}
