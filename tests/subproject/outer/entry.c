// SPDX-License-Identifier: MIT
/* Freestanding C with its own entry point, as a runtime would start: <rawthread/entry.hpp>
 * defines _start, which hands the initial stack to runtime_start; that sets rawthread up with
 * rawthread_init and then uses threads, the output layer and a user library (greet.c).
 * Built without LTO (see <rawthread/entry.hpp>) and without the stack protector: nothing here
 * may check a canary before init has made one. */
#include <rawthread.h>
#include <rawthread/entry.hpp>

#include "greet.h"

static _Thread_local int per_thread = 3;

static int child(void* arg) {
  per_thread += *(int*)arg; /* its own copy: 3 + 4 */
  return per_thread;
}

RAWTHREAD_NORETURN void runtime_start(unsigned long* initial_sp) {
  const int argc = (int)initial_sp[0];
  char** argv = (char**)(initial_sp + 1);
  if (rawthread_init(argc, argv, argv + argc + 1) != 0) rawthread_sys_exit_group(10);
  int add = 4;
  rawthread_t t;
  int result = -1;
  if (rawthread_create(&t, NULL, child, &add) != 0 || rawthread_join(t, &result) != 0)
    rawthread_process_exit(11);
  if (result != 7 || per_thread != 3) rawthread_process_exit(12);
  rawthread_process_exit(greet(argv[0] != 0 ? "runtime" : "nobody") == 0 ? 0 : 13);
}

RAWTHREAD_ENTRY_POINT(_start, runtime_start);
