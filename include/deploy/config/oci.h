/* Charts from an OCI registry: the reference and version syntax of helm-panda.yaml, where a
 * component's chart comes from (a folder of the tree, or an oci:// reference pinned to a
 * version or digest). The pulled package is deploy/plan/oci_package.h.
 *
 *     charts:                                    # every component (top level or per site)
 *       repository: oci://ghcr.io/pandawms/panda-k8s-charts   # + "/<component>"
 *       version: 0.1.1
 *       plainHttp: false                         # helm --plain-http (tests, a local registry)
 *     components:
 *       panda: {chart: oci://ghcr.io/pandawms/panda-k8s-charts/panda, version: 0.1.1}
 *       idds: {version: 0.2.0}                   # the repository above, its own version
 *       bigmon: {chart: 'oci://ghcr.io/pandawms/panda-k8s-charts/bigmon@sha256:<64 hex>'}
 *
 * A reference is oci://HOST[:PORT]/PATH/CHART[@sha256:HEX]: lowercase OCI repository name
 * components, no tag (the version goes in version:). A version is an exact SemVer 2.0 version
 * (an optional leading v): no ranges, no wildcards, no 'latest'. Untrusted bytes: fuzzed. */
#ifndef DEPLOY_OCI_H
#define DEPLOY_OCI_H

#include <stdbool.h>
#include <stddef.h>
#include <yaml.h>

#include "deploy/config/yamldoc.h"
#include "hp/buf.h"
#include "hp/error.h"
#include "hp/util.h"

#define DEPLOY_OCI_SCHEME "oci://"
/* helm-panda's own switch for helm's --plain-http, besides plainHttp: true (tests) */
#define DEPLOY_OCI_PLAIN_HTTP_ENV "HELM_PANDA_PLAIN_HTTP"
/* values files that come from the pulled chart package are named "package:<file>" in a plan */
#define DEPLOY_OCI_PACKAGE_PREFIX "package:"

/* A parsed reference. */
struct deploy_oci_ref {
    char *repository; /* "ghcr.io/pandawms/panda-k8s-charts": Argo CD's repoURL (no scheme, no chart) */
    char *chart;      /* "panda" */
    char *digest;     /* "sha256:<hex>", or NULL */
};

bool deploy_oci_is_ref(const char *s); /* starts with oci:// */
/* Parses an oci:// reference; on error returns -1 with why (a phrase) filled. */
int deploy_oci_parse(const char *ref, struct deploy_oci_ref *out, char *why, size_t why_len);
void deploy_oci_ref_free(struct deploy_oci_ref *r);
/* An exact SemVer 2.0 version (optional leading v); on false, why says what is wrong. */
bool deploy_oci_version_valid(const char *v, char *why, size_t why_len);

/* The OCI settings of one level of helm-panda.yaml (`charts:` at the top or in a site). */
struct deploy_oci_defaults {
    char *repository;   /* oci://... prefix, or NULL */
    char *version;      /* or NULL */
    int plain_http;     /* 0 unset, 1 true, 2 false */
    size_t repository_line, version_line;
};

/* Reads a `charts:` mapping (keys repository, version, plainHttp); messages are
 * "<file>:<line>: <path>.<key>: ..." (DEPLOY_ERR_CONFIG). */
int deploy_oci_read_defaults(struct deploy_yaml *y, yaml_node_t *map, const char *file, const char *path,
                             struct deploy_oci_defaults *out, struct hp_error *e);
/* Checks one `chart:` value that is an oci:// reference, or one `version:` value; both are a
 * deploy_oci_check_fn, so a reader of either setting takes the check as a parameter. */
typedef int deploy_oci_check_fn(const char *file, size_t line, const char *path, const char *value,
                                struct hp_error *e);
deploy_oci_check_fn deploy_oci_check_ref_at, deploy_oci_check_version_at;
void deploy_oci_defaults_free(struct deploy_oci_defaults *d);

#endif
