/* A pulled OCI chart package (Chart.yaml, values.yaml, values/values-<E>.yaml) kept in memory,
 * the set of packages of a run, and the pulls (`helm pull`, through the runner). References and
 * versions are deploy/config/oci.h. */
#ifndef DEPLOY_OCI_PACKAGE_H
#define DEPLOY_OCI_PACKAGE_H

#include <stdbool.h>
#include <stddef.h>

#include "hp/buf.h"
#include "hp/error.h"
#include "hp/util.h"
#include "secrets/memfile.h"

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
    size_t files_cap;             /* file_data's room */
    /* The .tgz as pulled, kept for the run in a sealed memfd (or a private tmpfs file): the
     * very bytes that were read and hashed here are what every helm of the run installs,
     * diffs or renders (its /dev/fd/N instead of the reference), never a second pull. */
    struct memfile tgz;
    bool has_tgz;                 /* tgz holds the package (a package read from memory has none) */
    char *file;                   /* "panda-0.1.0.tgz", as helm pull named it */
    char sha256[65];              /* of the .tgz, lowercase hex */
    char *manifest_digest;        /* "sha256:...", the OCI manifest digest helm pull printed, or NULL */
};

/* A package is refused past helm's own limits (pkg/chart/loader/archive.go in helm 3.18+ and 4:
 * MaxDecompressedChartSize 100 MiB for all files, MaxDecompressedFileSize 5 MiB for one; helm
 * 3.17 has none). helm has no limit on the entry count: ours is far above any real chart's
 * (hundreds of files) and keeps a hostile one from costing time by its number of entries. */
#define DEPLOY_OCI_PKG_MAX_TOTAL (100 * 1024 * 1024)
#define DEPLOY_OCI_PKG_MAX_FILE (5 * 1024 * 1024)
#define DEPLOY_OCI_PKG_MAX_ENTRIES 200000

/* Reads a .tgz chart package from memory with libarchive. Keeps Chart.yaml, values.yaml and
 * the values/ folder (values-<E>.yaml), each named as helm's loader names it (the top folder
 * dropped, the path cleaned). Refused, in one line naming the entry (DEPLOY_ERR_PULL): past the
 * limits above, a second copy of a file (what helm would take and what `tar -x` shows could
 * differ), a link or device, a name helm refuses. Time and memory are linear in the entries. */
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
