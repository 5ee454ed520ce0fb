#!/usr/bin/env python3
"""Pushes a helm 4 plugin package (and its .prov) to an OCI registry as the artifact that
`helm plugin install oci://HOST/REPO/NAME:VERSION` pulls (helm 4.1 has no `helm push` for
plugins): config and artifactType application/vnd.helm.plugin.v1+json, one layer per file,
titled NAME-VERSION.tgz and NAME-VERSION.tgz.prov (the names helm looks for).

    scripts/dist/oci-push.py [--plain-http] HOST:PORT/REPO/NAME:TAG PACKAGE.tgz [PACKAGE.tgz.prov]

Anonymous registries only (a registry login is the job of a real OCI client). Exit 1 with one
line naming the registry and what it answered on failure.
"""
import hashlib
import json
import os
import sys
import urllib.error
import urllib.parse
import urllib.request

PLUGIN_TYPE = "application/vnd.helm.plugin.v1+json"
# the two layer types helm 4.1 fetches (pkg/registry/plugin.go); others are skipped
TGZ_TYPE = "application/vnd.oci.image.layer.v1.tar+gzip"
PROV_TYPE = "application/vnd.oci.image.layer.v1.tar"


def request(method, url, data=None, headers=None):
    req = urllib.request.Request(url, data=data, method=method, headers=headers or {})
    with urllib.request.urlopen(req) as res:
        return res.status, res.headers, res.read()


def push_blob(base, repo, data):
    digest = "sha256:" + hashlib.sha256(data).hexdigest()
    _, headers, _ = request("POST", f"{base}/v2/{repo}/blobs/uploads/")
    loc = urllib.parse.urljoin(base + "/", headers["Location"])
    sep = "&" if "?" in loc else "?"
    request("PUT", f"{loc}{sep}digest={urllib.parse.quote(digest)}", data,
            {"Content-Type": "application/octet-stream"})
    return {"digest": digest, "size": len(data)}


def main(argv):
    plain = "--plain-http" in argv
    args = [a for a in argv if a != "--plain-http"]
    if len(args) not in (2, 3):
        sys.exit(__doc__)
    ref, files = args[0], args[1:]
    host, _, rest = ref.removeprefix("oci://").partition("/")
    repo, _, tag = rest.rpartition(":")
    if not host or not repo or not tag:
        sys.exit(f"oci-push: {ref}: want HOST:PORT/REPO/NAME:TAG")
    base = ("http://" if plain else "https://") + host
    config = push_blob(base, repo, b"{}")
    config["mediaType"] = PLUGIN_TYPE
    layers = []
    for path in files:
        with open(path, "rb") as f:
            desc = push_blob(base, repo, f.read())
        desc["mediaType"] = PROV_TYPE if path.endswith(".prov") else TGZ_TYPE
        desc["annotations"] = {"org.opencontainers.image.title": os.path.basename(path)}
        layers.append(desc)
    manifest = json.dumps({"schemaVersion": 2, "mediaType": "application/vnd.oci.image.manifest.v1+json",
                           "artifactType": PLUGIN_TYPE, "config": config, "layers": layers}).encode()
    request("PUT", f"{base}/v2/{repo}/manifests/{tag}", manifest,
            {"Content-Type": "application/vnd.oci.image.manifest.v1+json"})
    print(f"pushed {ref}: {', '.join(os.path.basename(p) for p in files)}")


if __name__ == "__main__":
    try:
        main(sys.argv[1:])
    except (urllib.error.URLError, OSError, KeyError) as e:
        detail = e.read().decode(errors="replace")[:300] if isinstance(e, urllib.error.HTTPError) else ""
        sys.exit(f"oci-push: {sys.argv[-1] if len(sys.argv) > 1 else ''}: {e} {detail}".strip())
