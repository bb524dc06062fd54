#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Checks that every tracked source file of the tree carries the SPDX licence line.

rawthread is MIT-licensed (LICENSE, meson.build's `license`); each source file says so in its
first lines, after a #! line if there is one:
    // SPDX-License-Identifier: MIT      C, C++ (also .in templates of headers)
    # SPDX-License-Identifier: MIT       Python, shell, Meson, CMake, cross and toolchain files
`--fix` adds the line where it is missing; that is the whole of how the lines were written.
Outside a git checkout (no list of tracked files) the test is skipped.
"""
import argparse
import pathlib
import subprocess
import sys

LINE = 'SPDX-License-Identifier: MIT'
SLASHES = ('.c', '.h', '.cpp', '.hpp', '.hpp.in', '.h.in')
HASHES = ('.py', '.ini', '.cmake', '.cmake.in', 'meson.build', 'meson_options.txt',
          'CMakeLists.txt', '.sh')
SKIP = 77  # meson's exit code for a skipped test


def comment_for(path):
    """The comment leader of a source file, or None for files that are not source."""
    name = path.name
    if name.endswith(SLASHES):
        return '//'
    if name.endswith(HASHES):
        return '#'
    try:
        with path.open('rb') as f:
            if f.read(2) == b'#!':
                return '#'
    except OSError:
        pass
    return None


def tracked_files(root):
    done = subprocess.run(['git', 'ls-files', '-z'], cwd=root, capture_output=True)
    if done.returncode != 0:
        return None
    return [root / name for name in done.stdout.decode().split('\0') if name]


def fix(path, leader):
    lines = path.read_text().splitlines(keepends=True)
    at = 1 if lines and lines[0].startswith('#!') else 0
    lines.insert(at, f'{leader} {LINE}\n')
    path.write_text(''.join(lines))


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--root', default=str(pathlib.Path(__file__).resolve().parents[2]))
    p.add_argument('--fix', action='store_true', help='add the line where it is missing')
    args = p.parse_args()
    root = pathlib.Path(args.root)
    files = tracked_files(root)
    if files is None:
        print('check_spdx: not a git checkout, nothing to check')
        return SKIP
    missing = []
    for path in files:
        leader = comment_for(path)
        if leader is None or not path.is_file():
            continue
        head = path.read_text().splitlines()[:3]
        if not any(LINE in line for line in head):
            missing.append(path.relative_to(root))
            if args.fix:
                fix(path, leader)
    if missing and not args.fix:
        print('check_spdx: no "' + LINE + '" line in the first lines of:')
        for m in missing:
            print('  ' + str(m))
        print('add them with: python3 tests/licence/check_spdx.py --fix')
        return 1
    print(f'check_spdx: {len(files)} tracked files, ' +
          (f'{len(missing)} fixed' if args.fix else 'every source file has its licence line'))
    return 0


if __name__ == '__main__':
    sys.exit(main())
