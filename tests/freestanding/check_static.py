#!/usr/bin/env python3
"""Checks that freestanding programs are fully static and self-contained.

usage: check_static.py PROGRAM...
For each program: `readelf -d` must find no dynamic section, no program header may ask for an
interpreter, and no symbol may be undefined (`nm -u`; for an architecture the host nm cannot read,
the same question asked of `readelf -s`).
"""
import subprocess
import sys


def run(*command):
    return subprocess.run(command, capture_output=True, text=True)


def undefined_symbols(program):
    nm = run("nm", "-u", program)
    if nm.returncode == 0:
        return [line.split()[-1] for line in nm.stdout.splitlines() if line.strip()]
    symbols = run("readelf", "-sW", program).stdout.splitlines()
    # Columns: Num: Value Size Type Bind Vis Ndx Name; entry 0 is the null symbol.
    return [f[7] for f in (line.split() for line in symbols) if len(f) >= 8 and f[6] == "UND"]


def problems_of(program):
    problems = []
    dynamic = run("readelf", "-dW", program)
    if dynamic.returncode != 0:
        return [f"readelf failed: {dynamic.stderr.strip()}"]
    if "There is no dynamic section" not in dynamic.stdout:
        problems.append("has a dynamic section")
    headers = run("readelf", "-lW", program).stdout
    if "INTERP" in headers:
        problems.append("asks for a program interpreter")
    undefined = undefined_symbols(program)
    if undefined:
        problems.append("undefined symbols: " + " ".join(undefined))
    return problems


def main():
    failed = False
    for program in sys.argv[1:]:
        problems = problems_of(program)
        print(("FAILED " if problems else "ok ") + program)
        for p in problems:
            print("  " + p)
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
