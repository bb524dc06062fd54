#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Runs a program and checks what it printed and how it ended.

usage: run_and_check.py [--wrapper CMD...] [--unordered] [--pattern] [--status N] -- PROGRAM [ARGS]
       with expected stdout lines given one per --line.
Lines are compared exactly (or as regular expressions with --pattern); --unordered accepts them
in any order (threads race to print).
"""
import argparse
import re
import subprocess
import sys


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--wrapper", action="append", default=[])
    ap.add_argument("--line", action="append", default=[])
    ap.add_argument("--unordered", action="store_true")
    ap.add_argument("--pattern", action="store_true")
    ap.add_argument("--status", type=int, default=0)
    ap.add_argument("command", nargs="+")
    a = ap.parse_args()

    run = subprocess.run(a.wrapper + a.command, capture_output=True, text=True, timeout=120)
    got = run.stdout.splitlines()
    want = list(a.line)
    problems = []
    if run.returncode != a.status:
        problems.append(f"exit status {run.returncode}, expected {a.status}")
    if a.unordered:
        got_sorted, want_sorted = sorted(got), sorted(want)
    else:
        got_sorted, want_sorted = got, want
    if len(got_sorted) != len(want_sorted):
        problems.append(f"{len(got)} lines, expected {len(want)}")
    else:
        for g, w in zip(got_sorted, want_sorted):
            ok = re.fullmatch(w, g) if a.pattern else g == w
            if not ok:
                problems.append(f"line {g!r} does not match {w!r}")
    if problems:
        print("FAILED: " + " ".join(a.command))
        for p in problems:
            print("  " + p)
        print("stdout:\n" + run.stdout + "stderr:\n" + run.stderr)
        return 1
    print("ok: " + " ".join(a.command))
    return 0


if __name__ == "__main__":
    sys.exit(main())
