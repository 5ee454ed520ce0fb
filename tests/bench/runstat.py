#!/usr/bin/env python3
"""Runs commands N times, interleaved (a, b, a, b, ...: a shared machine's load hits each
alike), and prints per command the median wall seconds, median CPU seconds (user + sys of the
process and its children, from wait4: microseconds, where /usr/bin/time rounds to 10 ms) and
the peak RSS in KiB, one line each: "wall cpu rss". Benchmarks print ratios of these; nothing
here asserts a timing. The RSS comes from GNU time (/usr/bin/time), a small C parent: the
kernel keeps a process's peak from before its exec, and a child forked from this Python
would report Python's own ~10 MB.

usage: runstat.py N [--before SHELL-COMMAND] -- CMD1 ... [-- CMD2 ...]
(stdout of the commands goes to /dev/null). --before runs, untimed, before every timed run:
e.g. removing the files the last run wrote and `sync`, so that each run writing a file starts
from the same state (a file replaced while the last one's pages are still dirty costs the
writer the kernel's flushing of them, not its own work).
"""
import subprocess
import os
import statistics
import sys
import tempfile
import time

GNU_TIME = "/usr/bin/time"


def run_once(argv, rss_file):
    argv = [GNU_TIME, "-f", "%M", "-o", rss_file] + argv
    t0 = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        fd = os.open(os.devnull, os.O_WRONLY)
        os.dup2(fd, 1)
        try:
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    _, status, ru = os.wait4(pid, 0)
    wall = time.perf_counter() - t0
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit("runstat: failed (%s): %s" % (os.waitstatus_to_exitcode(status), " ".join(argv)))
    with open(rss_file) as f:
        rss = int(f.read().split()[-1])
    return wall, ru.ru_utime + ru.ru_stime, rss


def main():
    n = int(sys.argv[1])
    args = sys.argv[2:]
    before = None
    if args[:1] == ["--before"]:
        before, args = args[1], args[2:]
    cmds, cur = [], None
    for a in args:
        if a == "--":
            cur = []
            cmds.append(cur)
        else:
            cur.append(a)
    if not os.access(GNU_TIME, os.X_OK):
        sys.exit("runstat: /usr/bin/time is missing (apt-get install time)")
    res = [[] for _ in cmds]
    with tempfile.NamedTemporaryFile() as rss_file:
        for _ in range(n):
            for i, c in enumerate(cmds):
                if before:
                    subprocess.run(["sh", "-c", before], check=True)
                res[i].append(run_once(c, rss_file.name))
    for r in res:
        print("%.4f %.4f %d" % (statistics.median(x[0] for x in r), statistics.median(x[1] for x in r),
                                max(x[2] for x in r)))


if __name__ == "__main__":
    main()
