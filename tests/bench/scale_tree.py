#!/usr/bin/env python3
"""Writes a generated deployment tree of N components (tests/bench/bench_scale.sh): helm/cNNN
tiny charts (a ConfigMap from a few values), needs in five stages (each component of stage s
needs two of stage s-1), secrets/values.yaml, and helm-panda.yaml declaring the components and
three sites (s1, s2, s3: each every component, its own affix and namespace). PanDA's own six
components are declared default: false.

usage: scale_tree.py N DIR
"""
import os
import sys

STAGES = 5
SITES = 3


def write(path, text):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(text)


def main():
    n, root = int(sys.argv[1]), sys.argv[2]
    names = ["c%03d" % i for i in range(n)]
    stage = [i * STAGES // n for i in range(n)]
    comps = []
    for i, c in enumerate(names):
        write(f"{root}/helm/{c}/Chart.yaml", f"apiVersion: v2\nname: {c}\nversion: 0.1.0\n")
        values = "".join(f"key{k}: value-{c}-{k}\n" for k in range(20))
        write(f"{root}/helm/{c}/values.yaml", f"image: example.org/{c}:1.0\nreplicas: 1\n{values}")
        write(f"{root}/helm/{c}/templates/configmap.yaml",
              "apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: {{ .Values.global.deploymentName }}-cm\n"
              "data:\n{{- range $k, $v := .Values }}\n{{- if kindIs \"string\" $v }}\n"
              "  {{ $k }}: {{ $v | quote }}\n{{- end }}\n{{- end }}\n")
        prev = [names[j] for j in range(n) if stage[j] == stage[i] - 1][:2]
        comps.append(f"  {c}: {{needs: [{', '.join(prev)}]}}\n" if prev else f"  {c}: {{}}\n")
    sites = "".join(f"  s{s}:\n    affix: s{s}-\n    namespace: site{s}\n" for s in range(1, SITES + 1))
    # PanDA's own six components are not part of this deployment
    builtin = "".join(f"  {b}: {{default: false}}\n" for b in ("msgsvc", "iam", "panda", "harvester", "idds", "bigmon"))
    write(f"{root}/helm-panda.yaml", "components:\n" + builtin + "".join(comps) + "sites:\n" + sites)
    write(f"{root}/secrets/values.yaml", "affix: test-\n")
    write(f"{root}/secrets/Chart.yaml", "apiVersion: v2\nname: secrets\nversion: 0.1.0\n")


if __name__ == "__main__":
    main()
