#!/usr/bin/env python3
"""Builds and tests the outer project (outer/) against rawthread the two ways users get it.

  --mode subproject  links the source tree into a temporary outer/subprojects/rawthread, so that
                     dependency('rawthread') falls back to it;
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
            (outer / 'subprojects').mkdir()
            (outer / 'subprojects' / 'rawthread').symlink_to(pathlib.Path(args.source).resolve())
            setup.append('--force-fallback-for=rawthread,rawthread-freestanding,rawthread-freestanding-c')
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
