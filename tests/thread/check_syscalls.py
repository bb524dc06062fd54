#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Counts the system calls a test program makes between marker writes (to fd -1), under strace -f.

usage: check_syscalls.py STRACE PROGRAM create_join COUNT
       check_syscalls.py STRACE PROGRAM none
create_join: syscall_count's COUNT measured create+joins, one region; every call in it, by any
thread, must be clone, exit or futex, with one clone and one exit per create+join and at most 3
calls per create+join in all.
none: key_syscalls's regions, one per thread that writes "begin" then "end": the thread that
wrote the markers must make no system call between them (other threads may).
"""
import collections
import re
import subprocess
import sys
import tempfile


def regions(lines):
    """(tid of the marker writer, Counter of calls inside its region, by the writer alone,
    Counter by any thread) for each begin..end region."""
    found = []
    open_regions = {}  # tid -> (own calls, all calls)
    for line in lines:
        m = re.match(r"(\d+)\s+(?:<\.\.\. )?(\w+)\((.*)", line)
        if m is None or "resumed>" in line:
            continue
        tid, name, args = int(m.group(1)), m.group(2), m.group(3)
        if name == "write" and args.startswith("-1,"):
            if '"begin"' in args:
                open_regions[tid] = (collections.Counter(), collections.Counter())
                continue
            if '"end"' in args and tid in open_regions:
                own, everyone = open_regions.pop(tid)
                found.append((tid, own, everyone))
                continue
        for writer, (own, everyone) in open_regions.items():
            everyone[name] += 1
            if writer == tid:
                own[name] += 1
    return found


def check_create_join(found, count):
    if len(found) != 1:
        return [f"expected one marked region, found {len(found)}"]
    calls = found[0][2]
    total = sum(calls.values())
    print(f"{count} cached create+joins: {dict(calls)}, {total / count:.2f} system calls each")
    problems = []
    allowed = {"clone", "exit", "futex"}
    if set(calls) - allowed:
        problems.append(f"unexpected system calls: {sorted(set(calls) - allowed)}")
    if calls["clone"] != count or calls["exit"] != count:
        problems.append("expected one clone and one exit per create+join")
    if total > 3 * count:
        problems.append(f"{total} system calls, more than 3 per create+join")
    return problems


def check_none(found):
    if len(found) < 2:
        return [f"expected a region in the main thread and in a child, found {len(found)}"]
    problems = []
    for tid, own, _ in found:
        print(f"thread {tid}: {dict(own) or 'no system call'} between its markers")
        if own:
            problems.append(f"thread {tid} made system calls between its markers: {dict(own)}")
    return problems


def main() -> int:
    strace, program, mode = sys.argv[1], sys.argv[2], sys.argv[3]
    with tempfile.NamedTemporaryFile("r", suffix=".strace") as log:
        run = subprocess.run([strace, "-f", "-qq", "-o", log.name, program], timeout=120)
        if run.returncode != 0:
            print(f"FAILED: {program} exited with {run.returncode}")
            return 1
        found = regions(log.read().splitlines())
    problems = check_create_join(found, int(sys.argv[4])) if mode == "create_join" else check_none(found)
    for p in problems:
        print("FAILED: " + p)
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
