/* Where the deployment tree is: the folder holding helm/ and secrets/ (panda-k8s layout). */
#ifndef DEPLOY_ROOT_H
#define DEPLOY_ROOT_H

#include "hp/error.h"

/* Starts at `start` (-C), else $PANDA_K8S_DIR, else the current directory, and walks up to
 * the first folder holding both helm/ and secrets/. Sets *root to its absolute path. */
int deploy_root_find(const char *start, char **root, struct hp_error *e);

#endif
