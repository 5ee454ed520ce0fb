#!/usr/bin/env python3
"""Every command the shell files of scripts/ and tests/ (and .ci/run) run must come from a package
that the set-up installs or that a fresh Debian 12 minbase system already has.

    scripts/check-tools.py [-v] [--root DIR]
    scripts/check-tools.py --selftest   the check must fail on a tree whose set-up lost curl and
                                        procps, naming curl and pgrep with their packages

Reads:
  scripts/command-packages.txt  command -> where it comes from: a Debian package, or `setup:FILE`
                                for a tool the set-up script FILE puts in place (helm, sops, ...),
                                or `test:FILE` for a helper the tests make themselves
  scripts/minbase-bookworm.txt  the packages of `debootstrap --variant=minbase bookworm`
  scripts/deps.sh               the packages the set-up installs (its pkgs="..." list and the
                                packages of every `apt-get install` in scripts/*.sh)

A command word is a word in command position (line start, after ; | & && || ( { ! then do else,
after env/exec/sudo/timeout/nice/xargs/command, leading VAR=value skipped), and also any word,
anywhere, that the table names (a command handed to a function such as
`wait_for etcd 60 curl ...` is a command too). Fails, naming file:line, the command and its
package, when a package is neither installed nor in minbase, or when a command word is in no
table (add it to command-packages.txt). Words that are shell builtins, keywords or functions
defined in the files are not commands. Exit 0 when clean, 1 otherwise.
"""
import os
import re
import shlex
import sys

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))

BUILTINS = set("""
. : [ alias bg bind break builtin caller cd command compgen complete compopt continue declare dirs
disown echo enable eval exec exit export false fc fg getopts hash help history jobs kill let local
logout mapfile popd printf pushd pwd read readarray readonly return set shift shopt source suspend
test times trap true type typeset ulimit umask unalias unset wait
""".split())
KEYWORDS = set("if then else elif fi for while until do done case esac in function select time "
               "{ } ! [[ ]] coproc".split())
SEPARATORS = {";", "&", "&&", "||", "|", "|&", "(", ")", ";;", ";&", ";;&", "{", "}", "\n", "!"}
# after these words the next word is again a command
PREFIX_CMDS = {"then", "do", "else", "elif", "if", "while", "until", "time", "!", "exec",
               "command", "builtin", "nice", "nohup", "setsid", "sudo", "xargs", "env",
               "timeout", "stdbuf", "ionice", "chroot", "unbuffer"}
NAME = re.compile(r"^[A-Za-z_][A-Za-z0-9_.+-]*$")
ASSIGN = re.compile(r"^[A-Za-z_][A-Za-z0-9_]*(\[[^]]*\])?\+?=")
HEREDOC = re.compile(r"<<(-?)\s*(['\"]?)([A-Za-z_][A-Za-z0-9_]*)\2")
FUNCDEF = re.compile(r"^\s*(?:function\s+)?([A-Za-z_][A-Za-z0-9_:.-]*)\s*\(\)\s*\{?")


def shell_files():
    out = [os.path.join(ROOT, ".ci", "run")]
    for top in ("scripts", "tests"):
        for d, _, files in os.walk(os.path.join(ROOT, top)):
            for f in files:
                p = os.path.join(d, f)
                if f.endswith(".sh"):
                    out.append(p)
                elif os.access(p, os.X_OK):
                    with open(p, "rb") as fh:
                        first = fh.readline()
                    if re.match(rb"#!.*\b(ba|da)?sh\b", first):
                        out.append(p)
    return sorted(p for p in out if os.path.isfile(p))


def strip_comment(line, quote):
    """The line without its comment; quote is the quote left open by the lines before (None,
    "'" or '"'). Returns (code, quote still open at the end)."""
    out, i, prev = [], 0, " "
    while i < len(line):
        ch = line[i]
        if quote:
            if ch == "\\" and quote == '"' and i + 1 < len(line):
                out.append(line[i:i + 2])
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch == "\\" and i + 1 < len(line):
            out.append(line[i:i + 2])
            i += 2
            prev = "x"
            continue
        elif ch in "'\"":
            quote = ch
        elif ch == "#" and (prev.isspace() or prev in ";|&()"):
            break
        out.append(ch)
        prev = ch
        i += 1
    return "".join(out), quote


ARITH = re.compile(r"\$?\(\((?:[^()]|\([^()]*\))*\)\)")


def logical_lines(text):
    """(line number, text) of each logical line: continuations joined, heredoc bodies dropped,
    lines with an open quote joined with the next until it closes."""
    lines = text.split("\n")
    i, buf, start, quote = 0, "", 0, None
    heredocs = []
    while i < len(lines):
        line = lines[i]
        i += 1
        if heredocs:  # inside a heredoc body: skip until its terminator
            strip, word = heredocs[0]
            if (line.lstrip("\t") if strip else line) == word:
                heredocs.pop(0)
            continue
        if not buf:
            start = i
        code, quote = strip_comment(line, quote)
        buf = buf + "\n" + code if buf else code
        if quote and i < len(lines):  # an open quote: the string goes on
            continue
        if buf.endswith("\\") and not buf.endswith("\\\\"):
            buf = buf[:-1]
            continue
        for m in HEREDOC.finditer(buf):
            heredocs.append((m.group(1) == "-", m.group(3)))
        yield start, ARITH.sub(" 0 ", buf)
        buf = ""


def tokens(text):
    lex = shlex.shlex(text, posix=True, punctuation_chars=";&|()<>")
    lex.whitespace_split = True
    lex.commenters = ""
    try:
        return list(lex)
    except ValueError:
        return []


def split_substitutions(text):
    """text with each $(...) and `...` command substitution (outside single quotes, nested
    quotes inside it respected) replaced by a placeholder word, and the substitutions' texts."""
    out, subs, i, quote = [], [], 0, None
    while i < len(text):
        ch = text[i]
        if quote == "'":
            quote = None if ch == "'" else quote
        elif ch == "\\":
            out.append(text[i:i + 2])
            i += 2
            continue
        elif text.startswith("$(", i):
            j = _closing_paren(text, i + 2)
            subs.append(text[i + 2:j])
            out.append("_subst_")
            i = j + 1
            continue
        elif ch == "`":
            j = text.find("`", i + 1)
            j = len(text) if j < 0 else j
            subs.append(text[i + 1:j])
            out.append("_subst_")
            i = j + 1
            continue
        elif ch == '"':
            quote = None if quote == '"' else '"'
        elif ch == "'" and quote is None:
            quote = "'"
        out.append(ch)
        i += 1
    return "".join(out), subs


def _closing_paren(text, i):
    depth, quote = 1, None
    while i < len(text):
        ch = text[i]
        if quote:
            if ch == "\\" and quote == '"':
                i += 2
                continue
            if ch == quote:
                quote = None
        elif ch == "\\":
            i += 2
            continue
        elif ch in "'\"":
            quote = ch
        elif ch == "(":
            depth += 1
        elif ch == ")":
            depth -= 1
            if depth == 0:
                return i
        i += 1
    return len(text)


class Scanner:
    """Walks a file's tokens (a "\n" token ends each logical line) and collects the words in
    command position. State (case patterns, for lists, [[ ]]) carries across lines."""

    def __init__(self):
        self.cmds = []  # (line, word)
        self.words = []  # (line, word)
        self.expect = True
        self.skip_until = None
        self.case_depth = 0
        self.pattern = False  # at a case pattern

    def feed(self, line, toks):
        i = 0
        while i < len(toks):
            t = toks[i]
            i += 1
            self.words.append((line, t))
            if self.skip_until:
                if t in self.skip_until:
                    self.skip_until = None
                    self.expect = True
                continue
            if self.pattern:
                if t == ")":
                    self.pattern = False
                    self.expect = True
                elif t == "esac":
                    self.pattern = False
                    self.case_depth -= 1
                    self.expect = False
                continue
            if t in (";;", ";&", ";;&") and self.case_depth:
                self.pattern = True
                continue
            if t == "esac":
                self.case_depth -= 1
                self.expect = False
                continue
            if t in SEPARATORS:
                self.expect = True
                continue
            if t in ("<", ">", ">>", "<<", "<<<", ">&", "<&", ">|", "&>", "&>>"):
                i += 1  # the redirection's target
                continue
            if re.match(r"^[0-9]*[<>]", t):
                continue
            if not self.expect:
                continue
            if ASSIGN.match(t):
                if t.endswith("=") and i < len(toks) and toks[i] == "(":
                    i = toks.index(")", i) + 1 if ")" in toks[i:] else len(toks)  # name=(array)
                continue
            if t in ("local", "declare", "typeset", "readonly", "export"):
                self.expect = False  # their arguments are names and name=(arrays), not commands
                i = self._skip_arrays(toks, i)
                continue
            if t == "case":
                self.case_depth += 1
                self.skip_until = {"in"}
                # after "in" come patterns, not commands
                i = self._to_in(toks, i)
                self.pattern = True
                continue
            if t in ("for", "select"):
                self.skip_until = {";", "\n", "do"}
                self.expect = False
                continue
            if t == "[[":
                self.skip_until = {"]]"}
                self.expect = False
                continue
            if t in PREFIX_CMDS:
                i = self._prefix(t, toks, i)
                continue
            self.cmds.append((line, t))
            self.expect = False

    def _skip_arrays(self, toks, i):
        while i < len(toks) and toks[i] not in SEPARATORS:
            if toks[i].endswith("=") and i + 1 < len(toks) and toks[i + 1] == "(":
                i = toks.index(")", i) + 1 if ")" in toks[i:] else len(toks)
            else:
                i += 1
        return i

    def _to_in(self, toks, i):
        while i < len(toks) and toks[i] != "in":
            i += 1
        self.skip_until = None
        return i + 1

    def _prefix(self, t, toks, i):
        if t == "timeout":  # timeout [-s SIG] [-k T] DURATION cmd
            while i < len(toks) and toks[i].startswith("-"):
                i += 2 if toks[i] in ("-s", "-k", "--signal", "--kill-after") else 1
            i += 1
        elif t in ("env", "sudo", "nice", "xargs", "ionice", "stdbuf"):
            while i < len(toks) and (toks[i].startswith("-") or ASSIGN.match(toks[i])):
                takes_arg = ("-u", "-C", "-S") if t == "env" else ("-n", "-u", "-C", "-I", "-i", "-g")
                i += 2 if toks[i] in takes_arg else 1
        elif t == "command" and i < len(toks) and toks[i].startswith("-"):
            self.expect = False  # command -v NAME: a probe, not a run
            return i
        elif t == "chroot":
            self.expect = False  # the command after the new root runs inside it, not here
            return i
        self.cmds.append((None, t))
        self.expect = True
        return i


def scan_file(text):
    sc = Scanner()
    for n, line in logical_lines(text):
        scan_line(sc, n, line)
    return sc


def scan_line(sc, n, line):
    code, subs = split_substitutions(line)
    for sub in subs:  # each substitution is a command line of its own
        inner = Scanner()
        scan_line(inner, n, sub)
        sc.cmds += inner.cmds
        sc.words += inner.words
    sc.feed(n, tokens(code) + ["\n"])


def read_table(path):
    table = {}
    with open(path) as fh:
        for n, line in enumerate(fh, 1):
            line = line.split("#", 1)[0].strip()
            if not line:
                continue
            parts = line.split()
            if len(parts) != 2:
                sys.exit(f"check-tools: {path}:{n}: want 'command package', got {line!r}")
            table[parts[0]] = parts[1]
    return table


def setup_packages():
    """Packages the set-up installs: deps.sh's pkgs="..." list, its conditional additions, and
    every literal package of an `apt-get install` in scripts/*.sh."""
    pkgs = set()
    sdir = os.path.join(ROOT, "scripts")
    for f in sorted(os.listdir(sdir)):
        if not f.endswith(".sh"):
            continue
        text = open(os.path.join(sdir, f)).read()
        for m in re.finditer(r'^\s*(?:dist_)?pkgs="([^"]*)"', text, re.M):
            pkgs.update(m.group(1).split())
        for m in re.finditer(r'missing="\$missing ([^"$]*)"', text):
            pkgs.update(m.group(1).split())
        # a real install, not a message naming one: every install here is non-interactive
        for m in re.finditer(r"DEBIAN_FRONTEND=noninteractive apt-get install ([^\n;|&)>'\"]*)", text):
            pkgs.update(w for w in m.group(1).split() if re.match(r"^[a-z0-9][a-z0-9.+-]+$", w))
    return pkgs


def selftest():
    """The mutant of issue 21: a set-up that installs neither curl nor procps. The check must fail
    on it and name both commands with their packages; and a command that is in no table must be
    named too."""
    import shutil
    import subprocess
    import tempfile
    with tempfile.TemporaryDirectory() as tmp:
        for top in ("scripts", "tests", ".ci"):
            shutil.copytree(os.path.join(ROOT, top), os.path.join(tmp, top),
                            ignore=shutil.ignore_patterns("node_modules", "corpus*", "*.c", "fixtures"))
        deps = os.path.join(tmp, "scripts", "deps.sh")
        text = open(deps).read()
        mutated = re.sub(r"\b(curl|procps)\b", "", text)
        assert mutated != text, "deps.sh names neither curl nor procps"
        open(deps, "w").write(mutated)
        with open(os.path.join(tmp, "tests", "t_selftest.sh"), "w") as fh:
            fh.write("#!/bin/sh\nfrobnicate --now\n")
        r = subprocess.run([sys.executable, os.path.join(tmp, "scripts", "check-tools.py"), "--root", tmp],
                           capture_output=True, text=True)
        want = [r"'curl' needs the Debian package 'curl'", r"'pgrep' needs the Debian package 'procps'",
                r"tests/t_selftest.sh:2: command 'frobnicate' is in no table"]
        missing = [w for w in want if not re.search(w, r.stderr)]
        if r.returncode != 1 or missing:
            print(f"check-tools: selftest FAILED: exit {r.returncode}, not named: {missing}\n{r.stderr}",
                  file=sys.stderr)
            return 1
    print("check-tools: selftest: a set-up without curl and procps fails, naming curl and pgrep")
    return 0


def main():
    global ROOT
    args = sys.argv[1:]
    if "--selftest" in args:
        return selftest()
    if "--root" in args:
        ROOT = os.path.abspath(args[args.index("--root") + 1])
    verbose = "-v" in args
    table = read_table(os.path.join(ROOT, "scripts", "command-packages.txt"))
    minbase = set(read_table_lines(os.path.join(ROOT, "scripts", "minbase-bookworm.txt")))
    installed = setup_packages()
    files = shell_files()
    functions = set()
    for p in files:
        for line in open(p, errors="replace"):
            m = FUNCDEF.match(line)
            if m:
                functions.add(m.group(1))
    problems = []
    seen = {}
    for p in files:
        rel = os.path.relpath(p, ROOT)
        sc = scan_file(open(p, errors="replace").read())
        for n, c in sc.cmds:
            if n is None or not NAME.match(c) or c in BUILTINS or c in KEYWORDS or c in functions or c in table:
                continue
            problems.append(f"{rel}:{n}: command '{c}' is in no table: add it to "
                            "scripts/command-packages.txt with its Debian package")
        for n, w in sc.words:
            if w in table:
                seen.setdefault(w, f"{rel}:{n}")
    for cmd, where in sorted(seen.items()):
        src = table[cmd]
        if src.startswith(("setup:", "test:")):
            f = src.split(":", 1)[1]
            if not os.path.exists(os.path.join(ROOT, f)):
                problems.append(f"{where}: '{cmd}' comes from {f}, which does not exist")
            continue
        if src in installed or src in minbase:
            if verbose:
                print(f"check-tools: {cmd} <- {src} ({'set-up' if src in installed else 'minbase'}; {where})")
            continue
        problems.append(f"{where}: '{cmd}' needs the Debian package '{src}', which scripts/deps.sh "
                        "does not install and minbase does not have: add it to deps.sh's pkgs")
    for line in problems:
        print(f"check-tools: {line}", file=sys.stderr)
    if problems:
        return 1
    print(f"check-tools: {len(seen)} commands in {len(files)} shell files, each from the set-up or minbase")
    return 0


def read_table_lines(path):
    with open(path) as fh:
        return [l.split("#", 1)[0].strip() for l in fh if l.split("#", 1)[0].strip()]


if __name__ == "__main__":
    sys.exit(main())
