#!/usr/bin/env python3
"""A random site profile for gitops adopt's round trip (t_gitops_adopt): prints the
sites.<NAME> block (indented as under `sites:`) for the tree ROOT, from SEED (the same seed
gives the same profile, so a failure can be replayed). Every setting adopt reads back is drawn:
names, values files, deploymentName, set, namespaces, repo, project, server, sync, syncOptions,
finalizers, annotations, labels, ignoreDifferences, Image Updater images, names and files,
file names, syncWave. Strings include ones YAML would retype (on, 0, null) and YAML syntax."""
import json
import os
import random
import sys

seed, name, root = int(sys.argv[1]), sys.argv[2], sys.argv[3]
r = random.Random(seed)
COMPONENTS = ["msgsvc", "panda", "harvester", "idds", "bigmon", "ui"]
TRICKY = ["on", "0", "null", "a: b", "#x", "x,y", "-lead", "tail ", "é", "'q'", "\"dq\"", "1.5", "yes"]


def q(s):
    return json.dumps(s, ensure_ascii=False)  # a JSON string is a YAML double-quoted scalar


def word(prefix):
    return "%s%d" % (prefix, r.randrange(1000))


def value():
    return r.choice(TRICKY + [word("v"), "https://example.org/" + word("p")])


def kv(prefix):
    return {"%s.example.org/%s" % (prefix, word("k")): value() for _ in range(r.randrange(1, 3))}


def flow_map(d):
    return "{" + ", ".join("%s: %s" % (q(k), q(v)) for k, v in d.items()) + "}"


def flow_list(xs):
    return "[" + ", ".join(q(x) for x in xs) + "]"


def values_of(comp):
    d = os.path.join(root, "helm", comp, "values")
    files = sorted(os.listdir(d)) if os.path.isdir(d) else []
    return ["values/" + f for f in r.sample(files, r.randrange(0, len(files) + 1))]


def argocd_settings(out, ind, site_level):
    if r.random() < 0.5:
        out.append(ind + "project: " + q(r.choice(["default", word("proj")])))
    if r.random() < 0.4:
        out.append(ind + "server: " + q("https://" + word("k8s") + ".example.org:6443"))
    if r.random() < 0.5:
        out.append(ind + "sync: " + r.choice(["auto", "manual"]))
    if r.random() < 0.6:
        opts = ["CreateNamespace=true", "ServerSideApply=true", "RespectIgnoreDifferences=true", "Prune=false"]
        out.append(ind + "syncOptions: " + flow_list(r.sample(opts, r.randrange(0, 4))))
    if r.random() < 0.5:
        out.append(ind + "finalizers: " + flow_list(r.choice([[], ["resources-finalizer.argocd.argoproj.io"]])))
    if r.random() < 0.4:
        out.append(ind + "annotations: " + flow_map(kv("note")))
    if r.random() < 0.4:
        out.append(ind + "labels: " + flow_map({"panda.site/" + word("l"): word("x")}))
    if r.random() < 0.4:
        out.append(ind + "ignoreDifferences:")
        for _ in range(r.randrange(1, 3)):
            g = {"group": r.choice(["", "apps"]), "kind": r.choice(["StatefulSet", "ConfigMap"])}
            if r.random() < 0.5:
                g["name"] = word("obj")
            if r.random() < 0.3:
                g["namespace"] = word("ns")
            g["jsonPointers"] = ["/spec/" + word("f")]
            if r.random() < 0.3:
                g["jqPathExpressions"] = [".spec." + word("j")]
            body = ", ".join("%s: %s" % (k, flow_list(v) if isinstance(v, list) else q(v)) for k, v in g.items())
            out.append(ind + "  - {" + body + "}")


def component(comp, out):
    out.append("      %s:" % comp)
    if r.random() < 0.6:
        out.append("        name: " + q(word(comp + "-")))
    if r.random() < 0.3:
        out.append("        deploymentName: " + r.choice(["off", "on", "global.instance"]))
    vals = values_of(comp)
    if r.random() < 0.7:
        out.append("        values: " + flow_list(vals))
    body = []
    if r.random() < 0.5:
        body.append("          file: " + q(word(comp + "-app") + ".yaml"))
    if r.random() < 0.5:
        argocd_settings(body, "          ", False)
    if r.random() < 0.5:
        body.append("          imageUpdater:")
        for alias in r.sample(["server", "jedi", "main", "web"], r.randrange(1, 3)):
            img = {"alias": alias, "image": "ghcr.io/pandawms/%s:%s" % (word("img"), r.choice(["latest", "1.2"]))}
            for k in ["updateStrategy", "helmImageName", "helmImageTag", "allowTags"]:
                if r.random() < 0.6:
                    img[k] = {"updateStrategy": "digest", "helmImageName": alias + ".image.repository",
                              "helmImageTag": alias + ".image.tag", "allowTags": "regexp:^[0-9.]+$"}[k]
            body.append("            - {" + ", ".join("%s: %s" % (k, q(v)) for k, v in img.items()) + "}")
        if r.random() < 0.5:
            body.append("          imageUpdaterName: " + q(word(comp + "-image-updater")))
        if r.random() < 0.5:
            body.append("          imageUpdaterFile: " + q(word(comp + "-iu") + ".yaml"))
    if body:
        out.append("        argocd:")
        out.extend(body)


def main():
    comps = r.sample(COMPONENTS, r.randrange(1, len(COMPONENTS) + 1))
    if "ui" in comps and "panda" not in comps:
        comps.append("panda")
    out = ["  %s:" % name, "    namespace: " + q(r.choice(["panda", word("ns")])), "    enable: " + flow_list(comps)]
    if r.random() < 0.5:
        out.append("    deploymentName: " + r.choice(["off", "global.instance"]))
    if r.random() < 0.3:
        out.append("    set: " + flow_list(["global.site=" + value()]))
    out += ["    argocd:", "      namespace: " + q(r.choice(["argocd", "argo"])),
            "      repo: " + q("https://example.org/" + word("repo") + ".git"),
            "      revision: " + q(r.choice(["main", "v1", word("rev")]))]
    # the four shapes: flat or apps/, with or without a parent (app of apps)
    if r.random() < 0.5:
        out.append("      parent: false")
    else:
        out.append("      name: " + q(word("site") + "-apps"))
    if r.random() < 0.5:
        out.append("      layout: flat")
    if r.random() < 0.5:
        out.append("      syncWave: false")
    argocd_settings(out, "      ", True)
    out.append("    components:")
    for comp in comps:
        component(comp, out)
    print("\n".join(out))


main()
