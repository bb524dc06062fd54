#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks that asm and architecture conditionals stay inside arch/.

The arch boundary is one narrow interface (arch/README.md): every asm statement and every
preprocessor test of an architecture macro (__x86_64__, __aarch64__, __riscv, __arm__ ...) lives
in arch/<arch>/. This reads every tracked C and C++ file elsewhere, with comments and string
literals blanked out, and reports each line that has either. Outside a git checkout the test is
skipped.
"""
import argparse
import pathlib
import re
import subprocess
import sys

SOURCES = ('.c', '.h', '.cpp', '.hpp', '.hpp.in', '.h.in')
ASM = re.compile(r'\b(?:__asm__|__asm|asm)\s*(?:volatile\b|__volatile__\b|goto\b|inline\b|\()')
ARCH_MACRO = re.compile(r'\b(?:__x86_64__|__amd64__|__i386__|__aarch64__|__arm__|__thumb__|'
                        r'__ARM_ARCH\w*|__riscv\w*|__powerpc\w*|__mips\w*|__s390\w*)\b')
SKIP = 77  # meson's exit code for a skipped test
# Comments and literals (strings, characters), which may mention either freely.
NOISE = re.compile(r'//[^\n]*|/\*.*?\*/|"(?:\\.|[^"\\\n])*"|\'(?:\\.|[^\'\\\n])*\'', re.S)


def blank(match):
    """Keeps a match's line breaks, so that line numbers stay right."""
    return re.sub(r'[^\n]', ' ', match.group(0))


def problems(text):
    for number, line in enumerate(NOISE.sub(blank, text).splitlines(), 1):
        if ASM.search(line):
            yield number, 'asm'
        elif line.lstrip().startswith('#') and ARCH_MACRO.search(line):
            yield number, 'architecture conditional'


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--root', required=True)
    root = pathlib.Path(p.parse_args().root)
    done = subprocess.run(['git', 'ls-files', '-z'], cwd=root, capture_output=True)
    if done.returncode != 0:
        print('not a git checkout: nothing to check')
        return SKIP
    names = [n for n in done.stdout.decode().split('\0') if n.endswith(SOURCES)]
    bad = 0
    for name in names:
        if name.startswith('arch/'):
            continue
        text = (root / name).read_text(errors='replace')
        for number, what in problems(text):
            print(f'{name}:{number}: {what} outside arch/')
            bad += 1
    print(f'{len(names)} C and C++ files read, {bad} problem(s)')
    return 1 if bad else 0


if __name__ == '__main__':
    sys.exit(main())
