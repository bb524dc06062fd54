#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks that freestanding programs are fully static and self-contained.

usage: check_static.py PROGRAM... [--libraries ARCHIVE...]
For each program: `readelf -d` must find no dynamic section, no program header may ask for an
interpreter, and no symbol may be undefined (`nm -u`; for an architecture the host nm cannot read,
the same question asked of `readelf -s`).
The archives (the libraries freestanding programs link) must between them define every symbol
any of their members refers to, apart from what the program and the linker supply: so no
function of the library, linked by a test program or not, calls into the compiler's run-time
library (libgcc: __aeabi_uldivmod, __udivdi3, outline atomics ...) or libc.
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


# What a freestanding program or the linker's default script defines for the libraries.
SUPPLIED_BY_PROGRAM = {
    "main",
    "__preinit_array_start", "__preinit_array_end",
    "__init_array_start", "__init_array_end",
    "__fini_array_start", "__fini_array_end",
    "__global_pointer$",  # riscv64's default linker script; _start loads it into gp
    # The linker defines it; gcc names it in x86_64 objects that use thread_local (thread_key's
    # table for threads libc made) even when no relocation refers to it.
    "_GLOBAL_OFFSET_TABLE_",
}


def archive_problems(archives):
    """Strong references the archives leave undefined between them, with who makes them."""
    defined, wanted = set(), {}
    for archive in archives:
        member = archive
        for line in run("readelf", "-sW", archive).stdout.splitlines():
            if line.startswith("File: "):
                member = line[len("File: "):]
                continue
            # Columns: Num: Value Size Type Bind Vis Ndx Name
            f = line.split()
            if len(f) < 8 or not f[0].endswith(":") or f[4] not in ("GLOBAL", "WEAK"):
                continue
            if f[6] != "UND":
                defined.add(f[7])
            elif f[4] == "GLOBAL":  # a weak reference may stay undefined
                wanted.setdefault(f[7], member)
    missing = sorted(set(wanted) - defined - SUPPLIED_BY_PROGRAM)
    return [f"{name} (from {wanted[name]})" for name in missing]


def main():
    args = sys.argv[1:]
    archives = []
    if "--libraries" in args:
        at = args.index("--libraries")
        args, archives = args[:at], args[at + 1:]
    failed = False
    if archives:
        missing = archive_problems(archives)
        print(("FAILED " if missing else "ok ") + "libraries define all they use: " +
              " ".join(archives))
        for m in missing:
            print("  undefined: " + m)
        failed = bool(missing)
    for program in args:
        problems = problems_of(program)
        print(("FAILED " if problems else "ok ") + program)
        for p in problems:
            print("  " + p)
        failed = failed or bool(problems)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
