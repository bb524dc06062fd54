#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Builds and tests the outer project (outer/) against rawthread the two ways users get it.

  --mode subproject  fetches rawthread through the [wrap-git] file that docs/embedding.md
                     shows, its url pointing at a temporary git repository of the source tree
                     (its tracked and untracked files, as they are now) and its revision a tag
                     there, so that dependency('rawthread') falls back to it;
  --mode installed   runs `meson install --destdir` on the rawthread build being tested and
                     finds it through the installed pkg-config files.

The outer project is configured for the same machine as that build: the same cross and native
files (read from the build's meson-private/cmd_line.txt, where Meson keeps them for
--reconfigure), or natively the same compilers (--cc, --cxx). Its own `meson test` then runs
the programs, through the cross file's exe_wrapper (qemu) when cross-compiling. Everything
happens in a temporary folder that is removed afterwards.
"""
import argparse
import ast
import configparser
import os
import pathlib
import re
import shlex
import shutil
import subprocess
import sys
import tempfile


def machine_files(build_root):
    """The --cross-file/--native-file arguments the build was configured with."""
    parser = configparser.ConfigParser()
    parser.read(pathlib.Path(build_root) / 'meson-private' / 'cmd_line.txt')
    args = []
    for key in ('cross_file', 'native_file'):
        value = parser.get('properties', key, fallback=None)
        for path in ast.literal_eval(value) if value else []:
            args.append(f'--{key.replace("_", "-")}={path}')
    return args


def run(cmd, **kwargs):
    print('+', shlex.join(str(c) for c in cmd), flush=True)
    subprocess.run(cmd, check=True, **kwargs)


def documented_wrap(source):
    """The [wrap-git] block of docs/embedding.md, as a user would copy it."""
    text = (pathlib.Path(source) / 'docs' / 'embedding.md').read_text()
    match = re.search(r'```ini\n(\[wrap-git\]\n.*?)```', text, re.S)
    if not match:
        sys.exit('build_outer: docs/embedding.md shows no [wrap-git] block')
    return match.group(1)


def git(*args, cwd):
    run(['git', '-c', 'user.name=rawthread test', '-c', 'user.email=test@rawthread.invalid',
         '-c', 'init.defaultBranch=main', *args], cwd=cwd, stdout=subprocess.DEVNULL)


def wrap_from_clone(source, work, outer):
    """Makes a git repository of the source tree as it is now and points the documented wrap
    at it: url file://..., the wrap's own revision as a tag of that commit."""
    listed = subprocess.run(['git', 'ls-files', '-z', '--cached', '--others',
                             '--exclude-standard'], cwd=source, capture_output=True)
    origin = work / 'origin'
    if listed.returncode != 0:  # not a git checkout (an unpacked release): the tree minus builds
        shutil.copytree(source, origin, symlinks=True,
                        ignore=shutil.ignore_patterns('build*', 'subprojects', '.git'))
    for name in filter(None, listed.stdout.decode().split('\0') if listed.returncode == 0 else []):
        src = pathlib.Path(source) / name
        if src.is_file():
            (origin / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(src, origin / name)
    wrap = documented_wrap(source)
    revision = re.search(r'^revision = (\S+)$', wrap, re.M).group(1)
    git('init', '-q', cwd=origin)
    git('add', '-A', cwd=origin)
    git('commit', '-q', '-m', 'the tree under test', cwd=origin)
    git('tag', revision, cwd=origin)
    wrap = re.sub(r'^url = .*$', f'url = file://{origin}', wrap, flags=re.M)
    (outer / 'subprojects').mkdir()
    (outer / 'subprojects' / 'rawthread.wrap').write_text(wrap)
    print(wrap, flush=True)


def stage_install(build_root, work, env, cross):
    """Stages the build's install in work/dest and points pkg-config (through env) at that copy
    only; returns the extra `meson setup` arguments."""
    destdir = work / 'dest'
    run(['meson', 'install', '-C', build_root, '--no-rebuild', '--quiet', '--destdir', destdir])
    found = sorted(destdir.rglob('rawthread.pc'))
    if not found:
        sys.exit(f'build_outer: meson install put no rawthread.pc in {destdir}')
    env['PKG_CONFIG_LIBDIR'] = str(found[0].parent)  # the staged .pc files and no others
    env['PKG_CONFIG_SYSROOT_DIR'] = str(destdir)  # with their paths moved under destdir
    env.pop('PKG_CONFIG_PATH', None)
    setup = ['--wrap-mode=nofallback']
    if cross:
        # A cross build takes the host's pkg-config from a cross file, never by default.
        pkg_config = work / 'pkg-config.ini'
        pkg_config.write_text("[binaries]\npkgconfig = 'pkg-config'\n")
        setup.append(f'--cross-file={pkg_config}')
    return setup


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--mode', choices=['subproject', 'installed'], required=True)
    p.add_argument('--source', required=True, help='the rawthread source tree')
    p.add_argument('--build', required=True, help='the rawthread build being tested')
    p.add_argument('--buildtype', default='debugoptimized')
    p.add_argument('--cc', default='', help='the C compiler command (native builds)')
    p.add_argument('--cxx', default='', help='the C++ compiler command (native builds)')
    args = p.parse_args()

    outer_src = pathlib.Path(__file__).resolve().parent / 'outer'
    files = machine_files(args.build)
    cross = any(f.startswith('--cross-file') for f in files)
    env = dict(os.environ)
    if not cross:
        if args.cc:
            env['CC'] = args.cc
        if args.cxx:
            env['CXX'] = args.cxx

    with tempfile.TemporaryDirectory(prefix='rawthread-outer-') as tmp:
        work = pathlib.Path(tmp)
        outer, build = work / 'outer', work / 'build'
        shutil.copytree(outer_src, outer)
        setup = ['meson', 'setup', build, outer, '--buildtype=' + args.buildtype] + files
        if args.mode == 'subproject':
            wrap_from_clone(pathlib.Path(args.source).resolve(), work, outer)
            setup += ['--wrap-mode=default',
                      '--force-fallback-for=rawthread,rawthread-freestanding,'
                      'rawthread-freestanding-c']
        else:
            setup += stage_install(args.build, work, env, cross)
        try:
            run(setup, env=env)
            run(['meson', 'compile', '-C', build], env=env)
            run(['meson', 'test', '-C', build, '--print-errorlogs'], env=env)
        except subprocess.CalledProcessError as e:
            sys.exit(f'build_outer ({args.mode}): {e}')
    print(f'build_outer ({args.mode}): the outer project built and its tests passed')


if __name__ == '__main__':
    main()
