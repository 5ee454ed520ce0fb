/* Charts from an OCI registry: the reference and version syntax of helm-panda.yaml, where a
 * component's chart comes from (a folder of the tree, or an oci:// reference pinned to a
 * version or digest), and the pulled package (Chart.yaml, values.yaml, values/values-<E>.yaml)
 * kept in memory.
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

#include "deploy/yamldoc.h"
#include "hp/buf.h"
#include "hp/error.h"
#include "hp/util.h"
#include "secrets/memfile.h"

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

/* A pulled chart package: the files helm-panda reads from it, in memory. */
struct deploy_oci_package {
    char *ref;        /* as given to helm */
    char *version;    /* or NULL (a digest) */
    bool plain_http;
    char *name;       /* the package's top folder (the chart name) */
    struct hp_buf chart_yaml, values_yaml;
    bool has_values_yaml;
    struct hp_strlist files;      /* "values/values-lsst.yaml", ... (the values/ folder) */
    struct hp_buf *file_data;     /* parallel to files */
    /* The .tgz as pulled, kept for the run in a sealed memfd (or a private tmpfs file): the
     * very bytes that were read and hashed here are what every helm of the run installs,
     * diffs or renders (its /dev/fd/N instead of the reference), never a second pull. */
    struct memfile tgz;
    bool has_tgz;                 /* tgz holds the package (a package read from memory has none) */
    char *file;                   /* "panda-0.1.0.tgz", as helm pull named it */
    char sha256[65];              /* of the .tgz, lowercase hex */
    char *manifest_digest;        /* "sha256:...", the OCI manifest digest helm pull printed, or NULL */
};

/* Reads a .tgz chart package from memory with libarchive. Keeps Chart.yaml, values.yaml and
 * the values/ folder (values-<E>.yaml) of the top folder. */
int deploy_oci_package_read(struct deploy_oci_package *p, const void *tgz, size_t len, struct hp_error *e);
const struct hp_buf *deploy_oci_package_file(const struct deploy_oci_package *p, const char *file);
void deploy_oci_package_free(struct deploy_oci_package *p);

/* The packages pulled in one run, one per reference + version + plain HTTP: a plan's own, or
 * one set shared by every plan of a run (deploy_options.oci_packages: gitops --all-sites pulls
 * each chart once for all its sites). */
struct deploy_oci_packages {
    struct deploy_oci_package **v;
    size_t n;
};
/* One chart: the same reference, version text (both NULL for a digest) and plain HTTP. */
bool deploy_oci_same_chart(const char *ref, const char *version, bool plain_http, const char *ref2,
                           const char *version2, bool plain_http2);
const struct deploy_oci_package *deploy_oci_packages_find(const struct deploy_oci_packages *s, const char *ref,
                                                          const char *version, bool plain_http);
void deploy_oci_packages_add(struct deploy_oci_packages *s, struct deploy_oci_package *p); /* takes p */
void deploy_oci_packages_free(struct deploy_oci_packages *s);

/* Pulls REF (--version V, --plain-http) with `helm pull` into a private 0700 folder on tmpfs,
 * reads the package into memory (and keeps the .tgz in p->tgz, with its sha256 and the
 * manifest digest helm printed; a digest reference must match the latter) and removes the
 * folder at once. Errors: one line naming helm's reason, or the two digests (DEPLOY_ERR_PULL),
 * RUNNER_CAPTURE_INTERRUPTED as DEPLOY_ERR_INTERRUPTED. */
int deploy_oci_pull(const char *helm, const char *ref, const char *version, bool plain_http,
                    struct deploy_oci_package *p, struct hp_error *e);

/* Several pulls at once (at most `parallel` helm processes), as the plan's prefetch does. Each
 * pull's result is in its own pkg / err; returns -1 when any failed. */
struct deploy_oci_pull {
    const char *ref, *version;
    bool plain_http;
    struct deploy_oci_package *pkg; /* filled on success */
    struct hp_error err;            /* on failure: helm's reason (DEPLOY_ERR_PULL) or DEPLOY_ERR_INTERRUPTED */
};
int deploy_oci_pull_all(const char *helm, struct deploy_oci_pull *pulls, size_t n, int parallel);

#endif
