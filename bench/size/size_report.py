#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Prints the stripped size of the same hello-thread program built several ways.

usage: size_report.py --strip STRIP [--arch NAME] NAME=PROGRAM...
Each program is copied, stripped (strip --strip-all) and measured; the first one is the
reference for the ratios. A NAME=- entry reports a build that could not be made here.
"""
import argparse
import os
import shutil
import subprocess
import sys
import tempfile


def stripped_size(strip, program, scratch):
    copy = os.path.join(scratch, os.path.basename(program))
    shutil.copyfile(program, copy)
    subprocess.run([strip, "--strip-all", copy], check=True)
    return os.path.getsize(copy)


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument("--strip", required=True)
    ap.add_argument("--arch", default="")
    ap.add_argument("builds", nargs="+")
    a = ap.parse_args()

    rows = []
    with tempfile.TemporaryDirectory() as scratch:
        for build in a.builds:
            name, program = build.split("=", 1)
            size = None if program == "-" else stripped_size(a.strip, program, scratch)
            rows.append((name, size))

    reference = rows[0][1]
    on = f" on {a.arch}" if a.arch else ""
    print(f"stripped size of the seed's hello-thread program (main + one thread, two lines){on}:")
    for name, size in rows:
        if size is None:
            print(f"  {name:<32} not built here")
        else:
            print(f"  {name:<32} {size:>9,} bytes  {size / reference:7.1f}x")
    return 0


if __name__ == "__main__":
    sys.exit(main())
