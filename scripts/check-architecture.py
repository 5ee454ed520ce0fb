#!/usr/bin/env python3
"""ARCHITECTURE.md names only what exists, checked (make names, in make check).

Every `code span` of ARCHITECTURE.md is read:
- a path (it has a '/' or ends in .c .h .sh .py .txt .env .md) must be a file or folder of the
  checkout, as written, under src/ or include/ (`deploy/config/site.c`, `age/recipient.h`), or,
  for a bare file name (`opts.c`), the name of a file somewhere in src/, include/, scripts/ or
  tests/; a path of a deployment tree (`secrets/values.yaml`) must be in the example tree
  testdata/deploy; `<name>` placeholders and wildcards (`cmd_*.c`) are left alone;
- every C identifier in it with an underscore (`deploy_plan_build`, `struct hp_error`,
  `HP_ERR_GENERIC`) must be a word somewhere in src/ or include/, or the name of a unit or a
  test without its ending (`plan_argv`, `t_completion`).
Prints each name that is not found with its line; exit 1 if any.
"""
import os
import re
import subprocess
import sys

ROOT = os.path.abspath(os.path.join(os.path.dirname(__file__), ".."))
PATHY = re.compile(r"^[\w./-]+$")
SUFFIXES = (".c", ".h", ".sh", ".py", ".txt", ".env", ".md")
# named on purpose although absent, with the reason
ABSENT_OK = {
    "scripts/size-exceptions.txt": "where a size exception would go; there is none today",
    "bin/helm-panda": "what make builds",
}
IDENT = re.compile(r"\b[A-Za-z_][A-Za-z0-9_]*\b")


def tracked():
    """the checkout's files (git's view: no build output), or every file outside a checkout"""
    git = subprocess.run(["git", "-C", ROOT, "ls-files", "--cached", "--others", "--exclude-standard"],
                         capture_output=True, text=True)
    if git.returncode == 0:
        return [f for f in git.stdout.split("\n") if f and os.path.exists(os.path.join(ROOT, f))]
    return [os.path.relpath(os.path.join(d, f), ROOT) for d, _, fs in os.walk(ROOT) for f in fs]


def main():
    files = tracked()
    files_set = set(files)
    names = {os.path.basename(f) for f in files if f.split("/")[0] in ("src", "include", "scripts", "tests")}
    dirs = {os.path.dirname(f) for f in files}
    dirs |= {d.rsplit("/", i)[0] for d in list(dirs) for i in range(1, d.count("/") + 1)}
    stems = {os.path.splitext(n)[0] for n in names}
    words = set()
    for f in files:
        if f.startswith(("src/", "include/")):
            with open(os.path.join(ROOT, f), encoding="utf-8", errors="replace") as fh:
                words.update(IDENT.findall(fh.read()))

    def path_exists(p):
        p = p.rstrip("/")
        if p in ABSENT_OK:
            return True
        for cand in (p, "src/" + p, "include/" + p, "testdata/deploy/" + p):
            if cand in files_set or cand in dirs:
                return True
        return "/" not in p and p in names

    bad = 0
    with open(os.path.join(ROOT, "ARCHITECTURE.md"), encoding="utf-8") as fh:
        text = fh.read()
    for lineno, line in enumerate(text.split("\n"), 1):
        for span in re.findall(r"`([^`]+)`", line):
            if "<" in span or "*" in span or " " in span.strip() and "/" in span:
                continue
            if span.startswith("."):
                continue
            if PATHY.match(span) and ("/" in span or span.endswith(SUFFIXES)) and not span.startswith(("-", "$", "/dev", "oci:")):
                if not path_exists(span):
                    print("check-architecture: ARCHITECTURE.md:%d: no file or folder %s" % (lineno, span), file=sys.stderr)
                    bad = 1
                continue
            for ident in IDENT.findall(span):
                if "_" in ident.strip("_") and ident not in words and ident not in stems:
                    print("check-architecture: ARCHITECTURE.md:%d: %s is named nowhere in src/ or include/" % (lineno, ident),
                          file=sys.stderr)
                    bad = 1
    if not bad:
        print("check-architecture: every file, folder and function ARCHITECTURE.md names exists")
    return bad


if __name__ == "__main__":
    sys.exit(main())
