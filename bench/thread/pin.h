// SPDX-License-Identifier: MIT
/* Pins the calling thread (and the threads it creates later) to the lowest CPU it may use, so
 * that both sides of a comparison run on the same core. Exits with status 2 if the kernel
 * refuses. For the C peers (scenarios.c) and the C++ benchmarks alike. */
#ifndef RAWTHREAD_BENCH_PIN_H
#define RAWTHREAD_BENCH_PIN_H

#ifndef _GNU_SOURCE
#define _GNU_SOURCE
#endif
#include <sched.h>
#include <stdlib.h>

static inline void pin_to_one_cpu(void) {
  cpu_set_t allowed, one;
  if (sched_getaffinity(0, sizeof allowed, &allowed) != 0) exit(2);
  CPU_ZERO(&one);
  for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
    if (CPU_ISSET(cpu, &allowed)) {
      CPU_SET(cpu, &one);
      break;
    }
  }
  if (sched_setaffinity(0, sizeof one, &one) != 0) exit(2);
}

#endif
