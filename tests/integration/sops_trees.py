#!/usr/bin/env python3
"""Random-tree differential test of our SOPS code against Go sops.

Each tree (a seeded random document: strings that look like numbers, booleans, null, dates,
1e5 and 1e3895, empty strings, unicode, multi-line text, comments, lists of maps, deep nesting)
is written as YAML and as JSON, then for each:

  S = sops -e IN             ours -d S  must equal  sops -d S      (byte for byte, but for
                                                                  the quoting below)
  O = ours encrypt IN        sops -d O  must equal  sops -d S      (MAC checked by sops)
                             ours -d O  must succeed
  and where sops refuses IN (e.g. a uint64), ours must refuse it too

with the same random selection flags (--encrypted-regex, --unencrypted-suffix,
--mac-only-encrypted, ...) and two age recipients on both sides. Keys come from
SOPS_AGE_KEY_FILE, as users give them.

Keys past 128 bytes or spanning lines are written as explicit "? key" entries, as yaml.v3
does. Where the value of such a key opens with a comment, yaml.v3 moves that comment above the
"?" when it reads the file back (sops -d of its own file is not a fixed point there): we keep it
where it stood, and the trees here put no comment first in such a value.

The one tolerated difference (README, "Where it differs from sops"): we double-quote a string
that a YAML 1.1, YAML 1.2 core or Go reader would take for a number, boolean, null or date
("1e3895", "y", "12:30:45") where sops writes it plain. A line of ours -d may differ from sops'
only by such a plain scalar X written "X" (no escapes, so the value is exactly X); anything else,
or a quoted string that no reader would misread, is a failure.

Usage: sops_trees.py --sops SOPS --ours HELM_PANDA --recipients R1,R2 [--count N] [--seed S]
       [--keep DIR]; sops_trees.py --compare WANT GOT (exit 0: the same but for that quoting,
       noted on stdout; 1: a difference, diffed). HP_TREES_COUNT / HP_TREES_SEED override the defaults. A failure prints the
seed of the tree, the command that reproduces it, and a diff; with --keep the files stay.
Exit status: 0 all trees passed, 1 a difference, 2 usage or setup error.
"""
import argparse
import difflib
import json
import os
import random
import re
import shutil
import subprocess
import sys
import tempfile
import time

# -- leaves --------------------------------------------------------------------------------
NUMBERISH = ["0", "123", "-7", "+1", "0.5", ".5", "1e5", "1E5", "1e3895", "-1e3895", "1.0", "0x1F",
             "0o17", "017", "1_000", "12345678901234567890", "3.14159265358979323846", "inf", ".inf",
             "-.inf", ".nan", "NaN", "1e-7", "6.02e23"]
BOOLISH = ["true", "false", "True", "FALSE", "yes", "no", "on", "off", "y", "n", "Yes", "NO"]
NULLISH = ["null", "~", "Null", "NULL", ""]
DATES = ["2024-01-02", "2024-01-02T03:04:05Z", "2001-12-14t21:59:43.10-05:00", "12:30:45"]
SPECIAL = ["a: b", "#x", "- x", "[x]", "{x}", "*a", "&a", "!t", "%x", "@x", "`x", "'q'", '"q"',
           "x #y", "a,b", "key:", "? q", "|", ">", "-", "---", "...", "=", "<<", "tab\there",
           "back\\slash", "trailing ", " leading", "  ", "<>&", "\u2028sep"]
UNICODE = ["päss ✓", "日本語", "🔑 key", "ÅÄÖ", "Ελληνικά", "\u00e9t\u00e9", "zero\u200bwidth"]
MULTI = ["a\nb", "a\nb\n", "line one\nline two\n", "a\n\nb\n", "\nleading newline", "  indented\nnext",
         "x\n", "trailing\n\n", "tabs\n\tin\n", "unicode ✓\nzwei"]
# Inputs on which sops itself misbehaves (README, "Where it differs from sops"): left out unless
# HP_TREES_STRICT=1. A multi-line string that starts with a space or a line break, in a list item:
# sops writes "- k: |4-", which no YAML reader (sops included) reads back. A "<<" string: sops
# writes "!!merge <<". A string that starts with U+2028 (a YAML 1.1 line break): sops writes it
# single-quoted across two lines, we write it plain.
if os.environ.get("HP_TREES_STRICT") != "1":
    MULTI = [m for m in MULTI if m[:1] not in (" ", "\n")]
    SPECIAL = [x for x in SPECIAL if x not in ("<<", "\u2028sep")]
WORDS = ["alpha", "beta", "gamma", "delta", "host", "port", "password", "token", "name", "slots",
         "certificate", "enabled", "ratio", "note", "empty", "tags", "db", "user", "x", "value"]


def rand_string(r):
    pick = r.random()
    if pick < 0.25:
        return r.choice(NUMBERISH)
    if pick < 0.35:
        return r.choice(BOOLISH)
    if pick < 0.42:
        return r.choice(NULLISH)
    if pick < 0.50:
        return r.choice(DATES)
    if pick < 0.60:
        return r.choice(SPECIAL)
    if pick < 0.70:
        return r.choice(UNICODE)
    if pick < 0.82:
        return r.choice(MULTI)
    return "-".join(r.choice(WORDS) for _ in range(r.randint(1, 3)))


class Leaf:
    """A scalar as written in the input: `text` is its YAML spelling, `json` its JSON one."""

    def __init__(self, yaml_text, json_text, multiline=None):
        self.yaml = yaml_text
        self.json = json_text
        self.multiline = multiline  # the string, when it can go in a block scalar


def yaml_dq(s):
    out = '"'
    for ch in s:
        o = ord(ch)
        if ch == '"':
            out += '\\"'
        elif ch == "\\":
            out += "\\\\"
        elif ch == "\n":
            out += "\\n"
        elif ch == "\t":
            out += "\\t"
        elif o < 0x20 or o in (0x7f, 0x85, 0x2028, 0x2029, 0xfeff):
            out += "\\u%04x" % o
        else:
            out += ch
    return out + '"'


def rand_leaf(r):
    pick = r.random()
    if pick < 0.55:  # a string, quoted (or in a block when multi-line)
        s = rand_string(r)
        if "\n" in s and r.random() < 0.6:
            return Leaf(None, json.dumps(s, ensure_ascii=False), multiline=s)
        if r.random() < 0.3 and "'" not in s and "\n" not in s and not any(ord(c) < 0x20 or c == "\u2028" for c in s):
            return Leaf("'%s'" % s, json.dumps(s, ensure_ascii=False))
        return Leaf(yaml_dq(s), json.dumps(s, ensure_ascii=False))
    if pick < 0.70:  # a plain YAML scalar that YAML may resolve to a number/bool/null/date
        s = r.choice(NUMBERISH + BOOLISH + NULLISH[:4] + DATES)
        return Leaf(s, json.dumps(s))
    if pick < 0.80:  # integers
        n = r.choice([0, 1, -5, 42, 5432, 2**31, 2**53 + 1, -2**63, 10**12])
        return Leaf(str(n), str(n))
    if pick < 0.88:  # floats, spelled as JSON and YAML both accept
        t = r.choice(["0.5", "-1.25", "1e5", "1.0", "2.5e-3", "100.0", "1E+2", "0.1", "1.5e300"])
        return Leaf(t, t)
    if pick < 0.95:
        b = r.choice(["true", "false"])
        return Leaf(b, b)
    return Leaf("null", "null")


def rand_key(r, used):
    for _ in range(50):
        k = r.choice(WORDS)
        p = r.random()
        if p < 0.12:
            k += "_unencrypted"
        elif p < 0.2:
            k += "_enc"
        elif p < 0.25:
            k = r.choice(["clé", "ключ", "キー"])
        elif p < 0.3:
            k += str(r.randint(0, 99))
        elif p < 0.32:  # past 128 bytes: yaml.v3 writes it as an explicit "? key" (so must we)
            k = "_".join(r.choice(WORDS) for _ in range(r.randint(20, 60)))
        elif p < 0.34:  # a key spanning lines: explicit too, as a literal block
            k = r.choice(WORDS) + "\n" + r.choice(WORDS) + r.choice(["", "\n"])
        if k not in used:
            used.add(k)
            return k
    k = "k%d" % len(used)
    used.add(k)
    return k


def rand_node(r, depth):
    p = r.random()
    if depth >= 6 or p < 0.55:
        return rand_leaf(r)
    if p < 0.8:
        return ("map", rand_map_items(r, depth + 1))
    return ("seq", [rand_node(r, depth + 1) if r.random() < 0.6 else ("map", rand_map_items(r, depth + 1, 1, 3))
                    for _ in range(r.randint(1, 4))])


def rand_map_items(r, depth, lo=1, hi=5):
    used = set()
    items = []
    for _ in range(r.randint(lo, hi)):
        comment = None
        if r.random() < 0.15:
            comment = r.choice(["a comment", "TODO: rotate ✓", "port: 80", "", "#double"])
        key, node = rand_key(r, used), rand_node(r, depth)
        items.append((key, without_leading_comment(node) if explicit_key(key) else node, comment))
    return items


def explicit_key(k):
    """yaml.v3 writes "? key" for keys past 128 bytes or spanning lines."""
    return len(k.encode()) > 128 or "\n" in k


def without_leading_comment(node):
    """The node with no comment on its first line (see the module's note on explicit keys)."""
    if isinstance(node, Leaf) or not node[1]:
        return node
    if node[0] == "map":
        k, v, _ = node[1][0]
        return ("map", [(k, v, None)] + node[1][1:])
    return ("seq", [without_leading_comment(node[1][0])] + node[1][1:])


def rand_tree(r):
    items = rand_map_items(r, 0, 1, 6)
    if r.random() < 0.3:  # a deep chain
        node = rand_leaf(r)
        for i in range(r.randint(6, 12)):
            node = ("map", [("level%d" % i, node, None)])
        items.append(("deep", node, None))
    return items


# -- writers -------------------------------------------------------------------------------
def emit_yaml(items, indent=0, out=None):
    out = [] if out is None else out
    pad = " " * indent
    for key, node, comment in items:
        if comment is not None:
            out.append("%s# %s" % (pad, comment) if comment else pad + "#")
        emit_yaml_entry(pad + (yaml_dq(key) if "\n" in key else key) + ":", node, indent, out)
    return out


def emit_yaml_entry(head, node, indent, out):
    if isinstance(node, Leaf):
        if node.multiline is not None:
            s = node.multiline
            chomp = "" if s.endswith("\n") and not s.endswith("\n\n") else "-" if not s.endswith("\n") else "+"
            ind = "2" if s[:1] in (" ", "\n") else ""
            out.append("%s |%s%s" % (head, ind, chomp))
            body = s[:-1] if s.endswith("\n") else s
            for line in body.split("\n"):
                out.append((" " * (indent + 2) + line) if line else "")
        else:
            out.append("%s %s" % (head, node.yaml))
    elif node[0] == "map":
        out.append(head)
        emit_yaml(node[1], indent + 2, out)
    else:
        if not node[1]:
            out.append(head + " []")
            return
        out.append(head)
        for child in node[1]:
            emit_yaml_entry(" " * (indent + 2) + "-", child, indent + 2, out) if not (
                not isinstance(child, Leaf) and child[0] == "map") else emit_seq_map(child[1], indent + 2, out)


def emit_seq_map(items, indent, out):
    lines = emit_yaml(items, indent + 2)
    # an empty comment opening a list item ("- #") becomes an empty string item in sops' own
    # output (a listed difference): give it a word unless HP_TREES_STRICT=1
    if lines[0].strip() == "#" and os.environ.get("HP_TREES_STRICT") != "1":
        lines[0] += " c"
    # the first line of the map goes after "- "
    first = lines[0]
    lines[0] = " " * indent + "- " + first[indent + 2:]
    out.extend(lines)


def emit_json(node, indent=0):
    pad = "    " * (indent + 1)
    if isinstance(node, Leaf):
        return node.json
    if node[0] == "map":
        if not node[1]:
            return "{}"
        parts = ["%s%s: %s" % (pad, json.dumps(k, ensure_ascii=False), emit_json(v, indent + 1)) for k, v, _ in node[1]]
        return "{\n" + ",\n".join(parts) + "\n" + "    " * indent + "}"
    if not node[1]:
        return "[]"
    return "[\n" + ",\n".join(pad + emit_json(c, indent + 1) for c in node[1]) + "\n" + "    " * indent + "]"


FLAG_SETS = [
    [],
    [],
    ["--encrypted-regex", "^(password|token|name|alpha.*)$"],
    ["--unencrypted-regex", "^(host|port|ratio)$"],
    ["--encrypted-suffix", "_enc"],
    ["--unencrypted-suffix", "_unencrypted"],
    ["--encrypted-regex", "^(password|token)$", "--unencrypted-suffix", "_unencrypted"],
]


# -- the differential run ------------------------------------------------------------------
def run(cmd, env, stdin=None):
    p = subprocess.run(cmd, env=env, stdin=stdin, stdout=subprocess.PIPE, stderr=subprocess.PIPE)
    return p.returncode, p.stdout, p.stderr


# -- the listed quoting difference ------------------------------------------------------------
# What some YAML reader takes for a non-string when written plain (include/hp/yaml_scalar.h's
# rule, written here from the specs, not from that code): YAML 1.1 and 1.2 core null and
# booleans (1.1's y/n/yes/no/on/off in any case), "<<" and "=", integers in any base with Go's
# and 1.1's underscores, 1.1's sexagesimal numbers, floats with or without a dot or an exponent
# sign (1.2 core reads 1e3895 as infinity, which Go cannot parse and keeps a string), .inf and
# .nan, and dates (2001-12-14, then a time after T, t or a blank).
_MISREAD = re.compile(r"""(?x)^(?:
    ~|null|y|n|yes|no|on|off|true|false|<<|=
  | [-+]?\.(?:inf|nan)
  | [-+]?0(?:x[0-9a-f_]+|o[0-7_]+|b[01_]+)
  | [-+]?[0-9][0-9_]*(?::[0-5]?[0-9])+(?:\.[0-9_]*)?
  | [-+]?(?:[0-9][0-9_]*(?:\.[0-9_]*)?|\.[0-9][0-9_]*)(?:e[-+]?[0-9]+)?
  | [0-9]{4}-[0-9]{1,2}-[0-9]{1,2}(?:[Tt \t].*)?
)$""", re.IGNORECASE | re.DOTALL)


def misread(x):
    return x == "" or bool(_MISREAD.match(x))


def requoted(want_line, got_line):
    """got_line is want_line with one plain scalar X written "X", X one that a reader misreads."""
    for m in re.finditer(r'"([^"\\]+)"', got_line):
        x = m.group(1)
        if misread(x) and got_line[:m.start()] + x + got_line[m.end():] == want_line:
            return True
    return False


def same_but_quoting(want, got):
    """Whether ours (got) is sops' output (want) but for the listed quoting: a list of the
    strings we quoted where sops did not, or None for any other difference."""
    try:
        wl, gl = want.decode("utf-8").split("\n"), got.decode("utf-8").split("\n")
    except UnicodeDecodeError:
        return None
    if len(wl) != len(gl):
        return None
    quoted = []
    for w, g in zip(wl, gl):
        if w == g:
            continue
        if not requoted(w, g):
            return None
        quoted.append(g.strip())
    return quoted


def diff(a, b, na, nb):
    return "".join(list(difflib.unified_diff(a.decode("utf-8", "replace").splitlines(True),
                                             b.decode("utf-8", "replace").splitlines(True), na, nb))[:60])


def check_tree(seed, args, env, work):
    r = random.Random(seed)
    items = rand_tree(r)
    flags = r.choice(FLAG_SETS)
    failures = []
    texts = {
        "yaml": "\n".join(emit_yaml(items)) + "\n",
        "json": emit_json(("map", items)) + "\n",
    }
    rec = args.recipients.split(",")
    for fmt, text in texts.items():
        d = os.path.join(work, "%d-%s" % (seed, fmt))
        os.makedirs(d, exist_ok=True)
        src = os.path.join(d, "in." + fmt)
        with open(src, "w", encoding="utf-8") as f:
            f.write(text)
        what = "seed %d %s %s" % (seed, fmt, " ".join(flags) or "(no flags)")

        def fail(msg):
            failures.append("%s: %s" % (what, msg))

        rc, s_enc, err = run([args.sops, "encrypt", "--age", ",".join(rec)] + flags + [src], env)
        if rc != 0:
            # sops refusing its own input is not ours to judge, but ours must refuse it too
            rc2, _, _ = run([args.ours, "secrets", "encrypt"] + sum([["-r", x] for x in rec], []) + flags + [src], env)
            if rc2 == 0:
                fail("sops -e refuses the input (%s) but ours accepts it" % err.decode(errors="replace").strip()[:200])
            continue
        s_path = os.path.join(d, "sops." + fmt)
        with open(s_path, "wb") as f:
            f.write(s_enc)
        rc, s_dec, err = run([args.sops, "decrypt", s_path], env)
        if rc != 0:
            fail("sops -d of sops' own file failed: " + err.decode(errors="replace").strip()[:300])
            continue
        rc, o_dec_s, err = run([args.ours, "secrets", "decrypt", s_path], env)
        if rc != 0:
            fail("ours -d of sops' file failed: " + err.decode(errors="replace").strip()[:300])
        elif o_dec_s != s_dec and same_but_quoting(s_dec, o_dec_s) is None:
            fail("ours -d differs from sops -d on sops' file\n" + diff(s_dec, o_dec_s, "sops -d", "ours -d"))

        rc, o_enc, err = run([args.ours, "secrets", "encrypt"] + sum([["-r", x] for x in rec], []) + flags + [src], env)
        if rc != 0:
            fail("ours encrypt failed: " + err.decode(errors="replace").strip()[:300])
            continue
        o_path = os.path.join(d, "ours." + fmt)
        with open(o_path, "wb") as f:
            f.write(o_enc)
        rc, so_dec, err = run([args.sops, "decrypt", o_path], env)
        if rc != 0:
            fail("sops -d of our file failed: " + err.decode(errors="replace").strip()[:300])
        elif so_dec != s_dec:
            fail("sops -d of our file differs from sops -d of sops' file\n" + diff(s_dec, so_dec, "sops(sops)", "sops(ours)"))
        # (ours -d of our file may differ from ours -d of sops' in the spelling of unencrypted
        # numbers, which we keep and sops normalises: a listed difference)
        rc, oo_dec, err = run([args.ours, "secrets", "decrypt", o_path], env)
        if rc != 0:
            fail("ours -d of our file failed: " + err.decode(errors="replace").strip()[:300])
    return failures


def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    ap.add_argument("--sops")
    ap.add_argument("--ours")
    ap.add_argument("--recipients", default=None,
                    help="R1,R2 (identities in SOPS_AGE_KEY_FILE); default: two new keys made with ours")
    ap.add_argument("--count", type=int, default=int(os.environ.get("HP_TREES_COUNT", "10")))
    ap.add_argument("--seed", type=int, default=None)
    ap.add_argument("--keep", default=None, help="keep the files of failing trees here")
    ap.add_argument("--print", dest="show", action="store_true", help="print the trees (YAML) and exit")
    ap.add_argument("--compare", nargs=2, metavar=("WANT", "GOT"),
                    help="compare sops -d output WANT with ours GOT, allowing only the listed quoting")
    args = ap.parse_args()
    if args.compare:  # no other argument is needed
        want, got = (open(f, "rb").read() for f in args.compare)
        if want == got:
            return 0
        quoted = same_but_quoting(want, got)
        if quoted is None:
            sys.stdout.write(diff(want, got, args.compare[0], args.compare[1]))
            return 1
        print("the same but for the listed quoting: %s" % ", ".join(quoted[:5]))
        return 0
    if not args.sops or not args.ours:
        ap.error("--sops and --ours are required")
    seed = args.seed
    if seed is None:
        seed = int(os.environ.get("HP_TREES_SEED", "0")) or int(time.time())
    if args.show:
        for i in range(args.count):
            r = random.Random(seed + i)
            print("# seed %d" % (seed + i))
            print("\n".join(emit_yaml(rand_tree(r))))
        return 0
    for tool in (args.sops, args.ours):
        if not os.access(tool, os.X_OK):
            print("sops_trees: %s is missing: run scripts/deps.sh --tests" % tool, file=sys.stderr)
            return 2
    env = dict(os.environ)
    env["SOPS_DISABLE_VERSION_CHECK"] = "1"
    work = tempfile.mkdtemp(prefix="hp-trees.")
    if args.recipients is None:
        rec = []
        for i in (1, 2):
            kf = os.path.join(work, "k%d.txt" % i)
            p = subprocess.run([args.ours, "secrets", "keygen", "-o", kf], stdout=subprocess.PIPE)
            rec.append(p.stdout.decode().strip())
        with open(os.path.join(work, "keys.txt"), "w") as f:
            for i in (1, 2):
                f.write(open(os.path.join(work, "k%d.txt" % i)).read())
        os.chmod(os.path.join(work, "keys.txt"), 0o600)
        env["SOPS_AGE_KEY_FILE"] = os.path.join(work, "keys.txt")
        args.recipients = ",".join(rec)
    elif "SOPS_AGE_KEY_FILE" not in env:
        print("sops_trees: set SOPS_AGE_KEY_FILE to the recipients' identities", file=sys.stderr)
        return 2
    failed = 0
    t0 = time.time()
    try:
        for i in range(args.count):
            s = seed + i
            fails = check_tree(s, args, env, work)
            if fails:
                failed += 1
                for f in fails:
                    print("FAIL %s" % f)
                # the tree and the flags depend on the seed alone (new keys are as good as these)
                print("reproduce: python3 %s --sops %s --ours %s --seed %d --count 1 --keep /tmp/trees" %
                      (os.path.abspath(sys.argv[0]), args.sops, args.ours, s))
                if args.keep:
                    dst = os.path.join(args.keep, str(s))
                    for fmt in ("yaml", "json"):
                        src = os.path.join(work, "%d-%s" % (s, fmt))
                        if os.path.isdir(src):
                            shutil.copytree(src, dst + "-" + fmt, dirs_exist_ok=True)
            else:
                shutil.rmtree(os.path.join(work, "%d-yaml" % s), ignore_errors=True)
                shutil.rmtree(os.path.join(work, "%d-json" % s), ignore_errors=True)
    finally:
        shutil.rmtree(work, ignore_errors=True)
    print("sops_trees: %d trees from seed %d (YAML and JSON each), %d failed, %.1fs" %
          (args.count, seed, failed, time.time() - t0))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
