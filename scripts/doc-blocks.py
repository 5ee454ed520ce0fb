#!/usr/bin/env python3
"""The fenced code blocks of README.md and docs/*.md (whatever pages exist), and who runs them.

    scripts/doc-blocks.py list              every block: page:line, its marker
    scripts/doc-blocks.py check             exit 1 unless every block is marked (below) and every
                                            test a marker names exists; lists the not-run blocks
    scripts/doc-blocks.py extract TEST      the blocks marked for TEST, in page order, as JSON:
                                            [{"page", "line", "kind": "run"|"output", "text",
                                              "arg": the marker's text after TEST}]

A block is marked by the HTML comment on the line before its opening fence:
    <!-- run: tests/e2e/t_x.sh -->             t_x.sh extracts and executes it
    <!-- output: tests/e2e/t_x.sh ... -->       t_x.sh compares it with the real output
    <!-- not run: reason -->                   no test runs it; `check` lists it with its reason
Nothing else: a page added later is checked the same way, as soon as it exists.
"""
import glob
import json
import os
import re
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
MARK = re.compile(r"^\s*<!--\s*(run|output|not run):\s*(.*?)\s*-->\s*$")
FENCE = re.compile(r"^(\s*)(```+|~~~+)")


def pages(root):
    out = [os.path.join(root, "README.md")] + sorted(glob.glob(os.path.join(root, "docs", "*.md")))
    return [p for p in out if os.path.isfile(p)]


def blocks(root):
    """(page relative to root, line of the opening fence, kind, argument, text) for every block."""
    for path in pages(root):
        rel = os.path.relpath(path, root)
        lines = open(path, encoding="utf-8").read().split("\n")
        i = 0
        while i < len(lines):
            m = FENCE.match(lines[i])
            if not m:
                i += 1
                continue
            indent, fence = m.group(1), m.group(2)
            start = i
            body = []
            i += 1
            while i < len(lines) and not lines[i].strip().startswith(fence[0] * len(fence)):
                body.append(lines[i][len(indent):] if lines[i].startswith(indent) else lines[i])
                i += 1
            i += 1
            prev = lines[start - 1] if start > 0 else ""
            mk = MARK.match(prev)
            kind, arg = (mk.group(1), mk.group(2)) if mk else (None, "")
            yield rel, start + 1, kind, arg, "\n".join(body) + "\n"


def main(argv):
    root = os.environ.get("HP_DOCS_ROOT", ROOT)
    if len(argv) < 2 or argv[1] not in ("list", "check", "extract"):
        print(__doc__.strip(), file=sys.stderr)
        return 2
    if argv[1] == "list":
        for page, line, kind, arg, _ in blocks(root):
            print(f"{page}:{line}: {kind or 'UNMARKED'}{': ' + arg if arg else ''}")
        return 0
    if argv[1] == "extract":
        test = argv[2]
        out = [{"page": p, "line": n, "kind": k, "text": t, "arg": a[len(test):].strip()}
               for p, n, k, a, t in blocks(root) if k in ("run", "output") and a.split()[0] == test]
        json.dump(out, sys.stdout, indent=1)
        print()
        return 0
    bad = 0
    for page, line, kind, arg, _ in blocks(root):
        if kind is None:
            print(f"doc-blocks: {page}:{line}: a code block no test runs and no '<!-- not run: reason -->' "
                  "explains", file=sys.stderr)
            bad = 1
        elif kind == "not run":
            print(f"not run: {page}:{line}: {arg}")
        elif not arg or not os.path.isfile(os.path.join(root, arg.split()[0])):
            print(f"doc-blocks: {page}:{line}: '{kind}: {arg}' names no test file", file=sys.stderr)
            bad = 1
    return bad


if __name__ == "__main__":
    sys.exit(main(sys.argv))
