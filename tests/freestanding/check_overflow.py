#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Runs the freestanding overflow program in one mode and checks fd 2 and how it ended.

usage: check_overflow.py [--wrapper=CMD ...] PROGRAM MODE
"""
import argparse
import re
import resource
import subprocess
import sys


def main() -> int:
    ap = argparse.ArgumentParser()
    ap.add_argument("--wrapper", action="append", default=[])
    ap.add_argument("program")
    ap.add_argument("mode", choices=["thread", "main", "null"])
    a = ap.parse_args()
    run = subprocess.run(a.wrapper + [a.program, a.mode], capture_output=True, text=True,
                         timeout=120)
    # qemu-user adds a line of its own about the signal that ended its guest.
    err = [l for l in run.stderr.splitlines(keepends=True) if not l.startswith("qemu:")]
    problems = []
    if a.mode == "null":
        if run.returncode != 42:
            problems.append(f"exit status {run.returncode}, expected 42")
        if err != ["mine null\n"]:
            problems.append(f"fd 2 was {err!r}, expected the earlier handler's line alone")
    else:
        if run.returncode != -11:
            problems.append(f"exit status {run.returncode}, expected death by SIGSEGV (-11)")
        if a.mode == "thread":
            name, kib = "deep", 64
        else:
            # The process's name: the emulator's when there is one.
            name = (a.wrapper[0] if a.wrapper else a.program).rsplit("/", 1)[-1][:15]
            kib = resource.getrlimit(resource.RLIMIT_STACK)[0] // 1024
        want = rf'rawthread: thread [0-9]+ "{re.escape(name)}" overflowed its {kib} KiB stack\n'
        if len(err) != 1 or not re.fullmatch(want, err[0]):
            problems.append(f"fd 2 was {err!r}, expected one line matching {want!r}")
    if problems:
        print("FAILED: " + " ".join(a.wrapper + [a.program, a.mode]))
        for p in problems:
            print("  " + p)
        return 1
    print("ok: " + a.mode)
    return 0


if __name__ == "__main__":
    sys.exit(main())
