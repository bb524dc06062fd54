#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Traces a program with strace -f and checks how its threads are made and how they end.

Every thread-creating call must be plain clone (never clone3) with exactly the thread flag set
rawthread documents, and every thread must leave with exit, never exit_group.
Exit status 77 (skip) when strace cannot trace here (no ptrace permission).
"""
import re
import shutil
import subprocess
import sys

EXPECTED = {"CLONE_VM", "CLONE_FS", "CLONE_FILES", "CLONE_SIGHAND", "CLONE_THREAD",
            "CLONE_SYSVSEM", "CLONE_PARENT_SETTID", "CLONE_CHILD_CLEARTID"}


def main() -> int:
    program = sys.argv[1:]
    if shutil.which("strace") is None:
        print("strace not installed")
        return 77
    run = subprocess.run(["strace", "-f", "-qq", "-e", "trace=clone,clone3,exit,exit_group"]
                         + program, capture_output=True, text=True, timeout=120)
    trace = run.stderr
    if "ptrace" in trace and "Operation not permitted" in trace:
        print("cannot ptrace here:\n" + trace)
        return 77
    problems = []
    if run.returncode != 0:
        problems.append(f"program exited with {run.returncode}")
    if "clone3(" in trace:
        problems.append("clone3 was used")
    clones = re.findall(r"clone\(.*?flags=([A-Z_|]+)", trace)
    if not clones:
        problems.append("no clone call seen")
    for flags in clones:
        got = set(flags.split("|"))
        if got != EXPECTED:
            problems.append(f"clone flags {sorted(got)} != {sorted(EXPECTED)}")
    # strace -f tags each line of a second task with [pid N]; N is the tid clone returned.
    tids = re.findall(r"clone(?:\(.*| resumed>.*)= (\d+)$", trace, re.M)
    if len(tids) != len(clones):
        problems.append(f"{len(clones)} clone calls but {len(tids)} child tids")
    for tid in tids:
        if not re.search(rf"^\[pid\s+{tid}\] exit\(", trace, re.M):
            problems.append(f"thread {tid} did not end with exit()")
        if re.search(rf"^\[pid\s+{tid}\] exit_group\(", trace, re.M):
            problems.append(f"thread {tid} called exit_group()")
    if problems:
        print("FAILED:\n  " + "\n  ".join(problems) + "\ntrace:\n" + trace)
        return 1
    print(f"ok: {len(clones)} clone(s) with {sorted(EXPECTED)}, each ending with exit")
    return 0


if __name__ == "__main__":
    sys.exit(main())
