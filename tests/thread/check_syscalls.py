#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Counts the system calls of syscall_count's measured create+joins under strace -f.

usage: check_syscalls.py STRACE PROGRAM COUNT
Every call between the two marker writes (to fd -1) must be clone, exit or futex; there must be
one clone and one exit per create+join, and at most 3 calls per create+join in all.
"""
import collections
import re
import subprocess
import sys
import tempfile


def main() -> int:
    strace, program, count = sys.argv[1], sys.argv[2], int(sys.argv[3])
    with tempfile.NamedTemporaryFile("r", suffix=".strace") as log:
        run = subprocess.run([strace, "-f", "-qq", "-o", log.name, program], timeout=120)
        if run.returncode != 0:
            print(f"FAILED: {program} exited with {run.returncode}")
            return 1
        lines = log.read().splitlines()
    calls = collections.Counter()
    inside = False
    for line in lines:
        m = re.match(r"\d+\s+(?:<\.\.\. )?(\w+)\((.*)", line)
        if m is None or "resumed>" in line:
            continue
        name, args = m.group(1), m.group(2)
        if name == "write" and args.startswith("-1,"):
            if '"begin"' in args:
                inside = True
                continue
            if '"end"' in args:
                inside = False
                break
        if inside:
            calls[name] += 1
    total = sum(calls.values())
    print(f"{count} cached create+joins: {dict(calls)}, {total / count:.2f} system calls each")
    problems = []
    if set(calls) - {"clone", "exit", "futex"}:
        problems.append(f"unexpected system calls: {sorted(set(calls) - {'clone', 'exit', 'futex'})}")
    if calls["clone"] != count or calls["exit"] != count:
        problems.append("expected one clone and one exit per create+join")
    if total > 3 * count:
        problems.append(f"{total} system calls, more than 3 per create+join")
    for p in problems:
        print("FAILED: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
