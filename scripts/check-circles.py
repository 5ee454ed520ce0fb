#!/usr/bin/env python3
"""No circle among the units of src/, checked (ARCHITECTURE.md, "Layers").

A unit is a .c file of src/ with its header of the same path under include/ (src/deploy/plan/plan.c
with include/deploy/plan/plan.h), or a header alone (age/recipient.h). Unit A uses unit B when A's
.c or .h includes B's header, or when A's object file needs a symbol that B's object defines (nm).
The layer table (check-layers.sh) only sees includes between modules; this graph also sees the
files inside one module and the calls that no include shows. Prints every circle (a strongly
connected set of units) with the uses inside it and why; exit 1 if there is one.

Usage: check-circles.py [ROOT [BUILD]]  (ROOT: the checkout, default this one; BUILD: the folder
whose obj/ holds the objects of `make`, default ROOT/build)
"""
import os
import re
import subprocess
import sys

INCLUDE = re.compile(r'^\s*#\s*include\s+"([^"]+)\.h"', re.M)


def units_of(root):
    """unit name -> its files (the .c and/or the .h), relative to root"""
    units = {}
    for top, ext in (("src", ".c"), ("include", ".h")):
        for d, _, files in os.walk(os.path.join(root, top)):
            for f in files:
                if f.endswith(ext):
                    rel = os.path.relpath(os.path.join(d, f), os.path.join(root, top))
                    units.setdefault(rel[: -len(ext)], []).append(os.path.join(top, rel))
    return units


def include_uses(root, units, uses):
    for name, files in units.items():
        for f in files:
            with open(os.path.join(root, f), encoding="utf-8", errors="replace") as fh:
                for used in INCLUDE.findall(fh.read()):
                    if used != name and used in units:
                        uses.setdefault((name, used), []).append("#include " + used + ".h")


def symbol_uses(root, build, units, uses):
    objdir = os.path.join(build, "obj", "src")
    defined, needed = {}, {}
    for name in units:
        obj = os.path.join(objdir, name + ".o")
        if not os.path.exists(obj):
            continue
        out = subprocess.run(["nm", obj], capture_output=True, text=True, check=True).stdout
        for line in out.splitlines():
            parts = line.split()
            if len(parts) == 2 and parts[0] == "U":
                needed.setdefault(name, set()).add(parts[1])
            elif len(parts) == 3 and parts[1].isupper() and parts[1] not in "UVW":
                defined[parts[2]] = name
    if not needed:
        sys.exit("check-circles: no objects under %s (run make first)" % objdir)
    for name, syms in needed.items():
        for s in sorted(syms):
            owner = defined.get(s)
            if owner and owner != name:
                uses.setdefault((name, owner), []).append(s)


def circles(names, uses):
    """Tarjan's strongly connected components with more than one unit"""
    succ = {n: [] for n in names}
    for a, b in uses:
        succ[a].append(b)
    index, low, stack, on, out = {}, {}, [], set(), []
    counter = [0]

    def visit(v):
        work = [(v, iter(sorted(succ[v])))]
        index[v] = low[v] = counter[0]
        counter[0] += 1
        stack.append(v)
        on.add(v)
        while work:
            node, it = work[-1]
            for w in it:
                if w not in index:
                    index[w] = low[w] = counter[0]
                    counter[0] += 1
                    stack.append(w)
                    on.add(w)
                    work.append((w, iter(sorted(succ[w]))))
                    break
                if w in on:
                    low[node] = min(low[node], index[w])
            else:
                work.pop()
                if work:
                    low[work[-1][0]] = min(low[work[-1][0]], low[node])
                if low[node] == index[node]:
                    comp = []
                    while True:
                        w = stack.pop()
                        on.discard(w)
                        comp.append(w)
                        if w == node:
                            break
                    if len(comp) > 1:
                        out.append(sorted(comp))

    for n in sorted(names):
        if n not in index:
            visit(n)
    return sorted(out)


def main():
    root = os.path.abspath(sys.argv[1] if len(sys.argv) > 1 else
                           os.path.join(os.path.dirname(__file__), ".."))
    build = os.path.abspath(sys.argv[2] if len(sys.argv) > 2 else os.path.join(root, "build"))
    units = units_of(root)
    uses = {}
    include_uses(root, units, uses)
    symbol_uses(root, build, units, uses)
    found = circles(units, uses)
    for comp in found:
        print("check-circles: circle of %d units: %s" % (len(comp), " ".join(comp)), file=sys.stderr)
        for a in comp:
            for b in comp:
                why = uses.get((a, b))
                if why:
                    shown = ", ".join(why[:4]) + (" ..." if len(why) > 4 else "")
                    print("    %s -> %s: %s" % (a, b, shown), file=sys.stderr)
    if found:
        return 1
    print("check-circles: %d units of src/ and include/, %d uses (includes and nm symbols), no circle"
          % (len(units), len(uses)))
    return 0


if __name__ == "__main__":
    sys.exit(main())
