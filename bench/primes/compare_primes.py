#!/usr/bin/env python3
# SPDX-License-Identifier: MIT
"""parallel_primes (rawthread, freestanding) against primes_pthread (pthreads and printf).

  compare_primes.py check [--wrapper W]... --threads N --limit L RAWTHREAD PTHREAD
      Runs both; passes when they print the same lines and those lines match a sieve done here
      in Python. A test (meson test).
  compare_primes.py time [--wrapper W]... --threads N --limit L --runs R RAWTHREAD PTHREAD
      Runs both R times, alternating, and prints their median wall times side by side with the
      ratio, as a Markdown row for script/bench's table. A benchmark.

--wrapper: the command that runs the programs (qemu-aarch64 ... under a cross build), one word
per option.
"""
import argparse
import itertools
import statistics
import subprocess
import sys
import time


def run(wrapper, program, threads, limit):
    started = time.perf_counter()
    done = subprocess.run(wrapper + [program, str(threads), str(limit)], capture_output=True,
                          text=True)
    elapsed = time.perf_counter() - started
    if done.returncode != 0:
        sys.exit(f'{program} failed with status {done.returncode}: {done.stderr.strip()}')
    return done.stdout, elapsed


def expected_output(threads, limit):
    """The same lines, from a plain sieve of Eratosthenes in Python."""
    flags = bytearray([1]) * limit
    flags[:2] = bytes(min(limit, 2))
    for n in range(2, int(limit ** 0.5) + 1):
        if flags[n]:
            flags[n * n::n] = bytes(len(range(n * n, limit, n)))
    primes = list(itertools.compress(range(limit), flags))
    largest = primes[-1] if primes else 0
    return (f'primes below {limit}: {len(primes)}, sum {sum(primes)}, largest {largest}\n'
            f'threads: {threads}\n')


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('mode', choices=['check', 'time'])
    ap.add_argument('--wrapper', action='append', default=[])
    ap.add_argument('--threads', type=int, required=True)
    ap.add_argument('--limit', type=int, required=True)
    ap.add_argument('--runs', type=int, default=5)
    ap.add_argument('rawthread')
    ap.add_argument('pthread')
    a = ap.parse_args()

    if a.mode == 'check':
        ours, _ = run(a.wrapper, a.rawthread, a.threads, a.limit)
        theirs, _ = run(a.wrapper, a.pthread, a.threads, a.limit)
        want = expected_output(a.threads, a.limit)
        for name, got in (('parallel_primes', ours), ('primes_pthread', theirs)):
            if got != want:
                sys.exit(f'{name} printed {got!r}, expected {want!r}')
        print(want, end='')
        return 0

    times = {a.rawthread: [], a.pthread: []}
    outputs = set()
    for _ in range(a.runs):
        for program in times:
            out, elapsed = run(a.wrapper, program, a.threads, a.limit)
            outputs.add(out)
            times[program].append(elapsed)
    if len(outputs) != 1:
        sys.exit(f'the two programs disagree: {sorted(outputs)}')
    ours = statistics.median(times[a.rawthread])
    theirs = statistics.median(times[a.pthread])
    threads = outputs.pop().split('threads: ')[-1].strip()
    # A Markdown row, as script/bench gathers them: measure | peer | rawthread | peer | ratio.
    print('| measure | peer | rawthread | peer | ratio |')
    print('| --- | --- | ---: | ---: | ---: |')
    print(f'| primes below {a.limit:,} on {threads} threads, wall time (median of {a.runs}) '
          f'| glibc pthread + printf | {ours * 1000:.1f} ms | {theirs * 1000:.1f} ms '
          f'| {ours / theirs:.2f}x |')
    return 0


if __name__ == '__main__':
    sys.exit(main())
