#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""Uses an installed rawthread the ways build systems other than Meson do.

The build under test is installed into a temporary DESTDIR, exactly as the cross recipe in
docs/embedding.md stages it into a sysroot, and then:
  * pkg-config: PKG_CONFIG_LIBDIR (the staged .pc files, no others) and PKG_CONFIG_SYSROOT_DIR
    (the staging folder); each program of tests/subproject/outer is compiled and linked by hand
    with the flags pkg-config prints, once per compiler family given (gcc and clang, native or
    with the cross target), and run;
  * CMake: tests/install/cmake finds the package with find_package(rawthread) (natively through
    CMAKE_PREFIX_PATH, cross through arch/<arch>/toolchain.cmake and CMAKE_FIND_ROOT_PATH) and its
    programs are run.
Programs run through --wrapper (qemu-user for a cross build). Every step is printed.
"""
import argparse
import json
import os
import pathlib
import shlex
import shutil
import subprocess
import sys
import tempfile

HERE = pathlib.Path(__file__).resolve().parent
OUTER = HERE.parent / 'subproject' / 'outer'

# program name -> (sources, language, pkg-config module, extra flags, a line it must print)
PROGRAMS = {
    'hosted_cpp': (['hosted.cpp'], 'c++', 'rawthread', [], 'part 3 done'),
    'hosted_c': (['hosted.c'], 'c', 'rawthread', [], 'added 3000'),
    'freestanding_cpp': (['freestanding.cpp'], 'c++', 'rawthread-freestanding', [],
                         'freestanding: threads counted 60, main 5'),
    # The user library after rawthread's flags, as pkg-config users write it: the .pc files must
    # still resolve it, since rawthread's -l flags come last on the line.
    'own_entry': (['entry.c', 'greet.c'], 'c', 'rawthread-freestanding-c',
                  ['-fno-lto', '-fno-stack-protector'], 'own entry: hello, runtime'),
}


def run(cmd, **kwargs):
    print('+', shlex.join(str(c) for c in cmd), flush=True)
    return subprocess.run([str(c) for c in cmd], check=True, **kwargs)


def check_program(wrapper, exe, expected):
    done = subprocess.run(wrapper + [str(exe)], capture_output=True, text=True, timeout=120)
    print(f'  {exe.name}: exit {done.returncode}', flush=True)
    if done.returncode != 0 or expected not in done.stdout:
        sys.exit(f'consume_installed: {exe} exited {done.returncode} and printed\n'
                 f'{done.stdout}{done.stderr}(expected a line with {expected!r})')


def pkg_config(env, *args):
    return shlex.split(run(['pkg-config', *args], env=env, capture_output=True,
                           text=True).stdout)


def with_pkg_config(work, env, family, wrapper):
    cc, cxx = family
    for name, (sources, lang, module, extra, expected) in PROGRAMS.items():
        compiler = shlex.split(cxx if lang == 'c++' else cc)
        std = '-std=c++20' if lang == 'c++' else '-std=c11'
        exe = work / f'{name}-{pathlib.Path(compiler[0]).name}'
        cflags = pkg_config(env, '--cflags', module)
        libs = pkg_config(env, '--libs', module)
        run(compiler + [std, '-O2', '-Wall', '-Wextra', '-Werror', *extra, *cflags,
                        *[OUTER / s for s in sources], '-o', exe, *libs])
        check_program(wrapper, exe, expected)


def with_cmake(work, destdir, prefix, toolchain, wrapper):
    build = work / 'cmake-build'
    setup = ['cmake', '-S', HERE / 'cmake', '-B', build, f'-DOUTER={OUTER}']
    if toolchain:
        setup += [f'-DCMAKE_TOOLCHAIN_FILE={toolchain}', f'-DCMAKE_FIND_ROOT_PATH={destdir}',
                  f'-DCMAKE_PREFIX_PATH={prefix}']
    else:
        setup += [f'-DCMAKE_PREFIX_PATH={destdir}{prefix}']
    run(setup)
    run(['cmake', '--build', build, '--', '-j2'])
    for name, (_, _, _, _, expected) in PROGRAMS.items():
        check_program(wrapper, build / name, expected)


def compiler_families(cxx):
    """The GNU and the clang compilers for the build's target, those that are installed."""
    words = shlex.split(cxx)
    target = next((w.split('=', 1)[1] for w in words if w.startswith('--target=')), None)
    name = pathlib.Path(words[0]).name
    if target is None and name.endswith('-g++'):
        target = name[:-len('-g++')]
    if target:
        families = [(f'{target}-gcc', f'{target}-g++'),
                    (f'clang --target={target}', f'clang++ --target={target}')]
    else:
        families = [('gcc', 'g++'), ('clang', 'clang++')]
    return [f for f in families if all(shutil.which(shlex.split(c)[0]) for c in f)]


def configured_prefix(build_root):
    """--prefix of the build (Meson keeps it in meson-info)."""
    options = json.loads((pathlib.Path(build_root) / 'meson-info' /
                          'intro-buildoptions.json').read_text())
    return next(o['value'] for o in options if o['name'] == 'prefix')


def main():
    p = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    p.add_argument('--build', required=True, help='the rawthread build being tested')
    p.add_argument('--cxx', required=True,
                   help="the build's C++ compiler command: its target decides the compilers")
    p.add_argument('--cross', action='store_true', help='the build is a cross build')
    p.add_argument('--toolchain', default='', help='CMake toolchain file (cross builds)')
    p.add_argument('--wrapper', action='append', default=[],
                   help='one word of the command that runs the programs')
    args = p.parse_args()
    if shutil.which('pkg-config') is None or shutil.which('cmake') is None:
        sys.exit('consume_installed: pkg-config and cmake are needed (script/bootstrap)')

    with tempfile.TemporaryDirectory(prefix='rawthread-installed-') as tmp:
        work = pathlib.Path(tmp)
        destdir = work / 'sysroot'
        run(['meson', 'install', '-C', args.build, '--no-rebuild', '--quiet',
             '--destdir', destdir])
        found = sorted(destdir.rglob('rawthread.pc'))
        if not found:
            sys.exit(f'consume_installed: meson install put no rawthread.pc in {destdir}')
        env = dict(os.environ)
        env.pop('PKG_CONFIG_PATH', None)
        env['PKG_CONFIG_LIBDIR'] = str(found[0].parent)
        env['PKG_CONFIG_SYSROOT_DIR'] = str(destdir)
        families = compiler_families(args.cxx)
        for cc, cxx in families:
            print(f'== pkg-config, {cc} and {cxx}', flush=True)
            with_pkg_config(work, env, (cc, cxx), args.wrapper)
        if args.cross and not args.toolchain:
            print('== CMake: skipped, this architecture has no arch/<arch>/toolchain.cmake')
        else:
            print('== CMake', flush=True)
            with_cmake(work, destdir, configured_prefix(args.build), args.toolchain, args.wrapper)
    print('consume_installed: every program built and ran')


if __name__ == '__main__':
    main()
