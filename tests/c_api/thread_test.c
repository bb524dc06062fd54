// SPDX-License-Identifier: MIT
/* Threads through the C API: results, options, errors, detach, exit. Children only touch
 * rawthread and C11 atomics (hosted children must not call libc); checks run in main. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rawthread.h>

#include "check.h"

static int times_three(void* arg) { return 3 * *(int*)arg; }

static int report_own_id(void* arg) {
  atomic_store((atomic_int*)arg, rawthread_self());
  return 0;
}

static int exit_early(void* arg) {
  (void)arg;
  rawthread_exit(77);
}

static void results_come_back(void) {
  int input = 14;
  rawthread_t t;
  REQUIRE_CODE(rawthread_create(&t, NULL, times_three, &input), 0);
  int result = -1;
  CHECK_CODE(rawthread_join(t, &result), 0);
  CHECK(result == 42);

  REQUIRE_CODE(rawthread_create(&t, NULL, times_three, &input), 0);
  CHECK_CODE(rawthread_join(t, NULL), 0);

  REQUIRE_CODE(rawthread_create(&t, NULL, exit_early, NULL), 0);
  CHECK_CODE(rawthread_join(t, &result), 0);
  CHECK(result == 77);
}

static void many_threads_in_flight(void) {
  enum { n = 16 };
  rawthread_t threads[n];
  int inputs[n];
  for (int i = 0; i < n; ++i) {
    inputs[i] = i;
    REQUIRE_CODE(rawthread_create(&threads[i], NULL, times_three, &inputs[i]), 0);
  }
  int sum = 0;
  for (int i = 0; i < n; ++i) {
    int r = 0;
    CHECK_CODE(rawthread_join(threads[i], &r), 0);
    sum += r;
  }
  CHECK(sum == 3 * n * (n - 1) / 2);
}

static void ids_are_kernel_tids(void) {
  atomic_int seen = 0;
  rawthread_t t;
  REQUIRE_CODE(rawthread_create(&t, NULL, report_own_id, &seen), 0);
  const int id = rawthread_id(t);
  CHECK_CODE(rawthread_join(t, NULL), 0);
  CHECK(id > 0);
  CHECK(atomic_load(&seen) == id);
  CHECK(id != rawthread_self());
  CHECK(rawthread_id(NULL) == 0);
}

/* 0: created; 1: the thread runs (its name is set before fn starts); 2: main has looked. */
static atomic_int name_step;
static int wait_until_looked_at(void* arg) {
  (void)arg;
  atomic_store(&name_step, 1);
  while (atomic_load(&name_step) != 2) rawthread_yield();
  return 0;
}

/* The first line of /proc/self/task/<tid>/<file> that starts with `key` (all of it when key is
 * ""), into line. */
static void read_task_line(int tid, const char* file, const char* key, char* line, int cap) {
  char path[64];
  snprintf(path, sizeof path, "/proc/self/task/%d/%s", tid, file);
  line[0] = '\0';
  FILE* f = fopen(path, "r");
  if (!CHECK(f != NULL)) return;
  while (fgets(line, cap, f) != NULL)
    if (strncmp(line, key, strlen(key)) == 0) break;
  fclose(f);
}

static void options_are_applied(void) {
  rawthread_cpu_set_t cpu0 = {0};
  CHECK_CODE(rawthread_cpu_set_add(&cpu0, 0), 0);
  rawthread_options_t opts = {0};
  opts.stack_size = 64 << 10;
  opts.guard_size = RAWTHREAD_NO_GUARD;
  opts.name = "c-worker";
  opts.affinity = &cpu0;
  atomic_store(&name_step, 0);
  rawthread_t t;
  REQUIRE_CODE(rawthread_create(&t, &opts, wait_until_looked_at, NULL), 0);
  while (atomic_load(&name_step) != 1) rawthread_yield();
  char comm[64], cpus[64];
  read_task_line(rawthread_id(t), "comm", "", comm, sizeof comm);
  read_task_line(rawthread_id(t), "status", "Cpus_allowed_list:", cpus, sizeof cpus);
  atomic_store(&name_step, 2);
  CHECK_CODE(rawthread_join(t, NULL), 0);
  CHECK(strcmp(comm, "c-worker\n") == 0);
  CHECK(strcmp(cpus, "Cpus_allowed_list:\t0\n") == 0);
}

static void bad_input_is_refused_and_leaks_nothing(void) {
  int input = 1;
  rawthread_t t = NULL;
  test_note_mappings();
  CHECK_CODE(rawthread_create(NULL, NULL, times_three, &input), EINVAL);
  CHECK_CODE(rawthread_create(&t, NULL, NULL, &input), EINVAL);

  rawthread_options_t small = {0};
  small.stack_size = RAWTHREAD_MIN_STACK_SIZE - 1;
  CHECK_CODE(rawthread_create(&t, &small, times_three, &input), EINVAL);

  rawthread_cpu_set_t no_cpu = {0};
  rawthread_options_t empty_affinity = {0};
  empty_affinity.affinity = &no_cpu;
  CHECK_CODE(rawthread_create(&t, &empty_affinity, times_three, &input), EINVAL);
  CHECK_CODE(rawthread_cpu_set_add(&no_cpu, 1024), EINVAL);
  CHECK_CODE(rawthread_cpu_set_add(NULL, 0), EINVAL);
  CHECK(no_cpu.bits[0] == 0);

  rawthread_options_t long_name = {0};
  long_name.name = "sixteen-chars-xx";
  CHECK_CODE(rawthread_create(&t, &long_name, times_three, &input), EINVAL);

  rawthread_options_t huge = {0};
  huge.stack_size = SIZE_MAX / 2; /* beyond an eighth of the address space */
  CHECK_CODE(rawthread_create(&t, &huge, times_three, &input), EINVAL);

  CHECK(t == NULL);
  CHECK(test_new_mappings() == 0);
  CHECK_CODE(rawthread_join(NULL, NULL), EINVAL);
  CHECK_CODE(rawthread_detach(NULL), EINVAL);
  CHECK_CODE(rawthread_sleep_ns(-1), EINVAL);
}

/* In a forked child, whose address space is then full: exits 0 when the create failed with
 * EAGAIN, pthread_create's code for it, and stored no handle. */
static void create_without_address_space(void) {
  rawthread_cache_release(); /* a cached mapping would need no new address space */
  rawthread_options_t huge = {0};
  huge.stack_size = SIZE_MAX / 8; /* the largest size accepted */
  (void)test_fill_address_space_against(huge.stack_size);
  int input = 1;
  rawthread_t t = NULL;
  const int code = rawthread_create(&t, &huge, times_three, &input);
  _exit(code == EAGAIN && t == NULL ? 0 : 1);
}

static void no_address_space_is_eagain(void) {
  const int status = test_status_of_child(create_without_address_space);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
}

static _Atomic(rawthread_t) self_handle;
static atomic_int self_join_code;
static int join_myself(void* arg) {
  (void)arg;
  rawthread_t me;
  while ((me = atomic_load(&self_handle)) == NULL) rawthread_yield();
  atomic_store(&self_join_code, rawthread_join(me, NULL));
  return 5;
}

static void joining_oneself_is_a_deadlock(void) {
  atomic_store(&self_handle, NULL);
  rawthread_t t;
  REQUIRE_CODE(rawthread_create(&t, NULL, join_myself, NULL), 0);
  atomic_store(&self_handle, t);
  int result = 0;
  CHECK_CODE(rawthread_join(t, &result), 0);
  CHECK_CODE(atomic_load(&self_join_code), EDEADLK);
  CHECK(result == 5);
}

static atomic_int detached_done;
static int count_and_leave(void* arg) {
  (void)arg;
  atomic_fetch_add(&detached_done, 1);
  return 0;
}

/* New mappings once the stack cache is emptied, when they are back to none or a second passed
 * (a thread counts itself done a moment before it gives its stack back). */
static int mappings_once_settled(void) {
  int now = test_new_mappings();
  for (int tries = 0; now != 0 && tries < 1000; ++tries) {
    rawthread_sleep_ns(1000000);
    rawthread_cache_release();
    now = test_new_mappings();
  }
  return now;
}

static void detached_threads_clean_up_after_themselves(void) {
  const int n = test_scaled(200);
  atomic_store(&detached_done, 0);
  rawthread_cache_release();
  test_note_mappings();
  for (int i = 0; i < n; ++i) {
    rawthread_t t;
    REQUIRE_CODE(rawthread_create(&t, NULL, count_and_leave, NULL), 0);
    CHECK_CODE(rawthread_detach(t), 0);
  }
  while (atomic_load(&detached_done) < n) rawthread_yield();
  CHECK(mappings_once_settled() == 0);
}

static void the_stack_cache_is_bounded_and_can_be_emptied(void) {
  CHECK_CODE(rawthread_cache_set_limits(65, 1 << 30), EINVAL);
  CHECK_CODE(rawthread_cache_set_limits(2, 40 << 20), 0);
  int input = 1;
  rawthread_t threads[4];
  for (int i = 0; i < 4; ++i)
    REQUIRE_CODE(rawthread_create(&threads[i], NULL, times_three, &input), 0);
  for (int i = 0; i < 4; ++i) CHECK_CODE(rawthread_join(threads[i], NULL), 0);
  size_t mappings = 99, bytes = 0;
  rawthread_cache_usage(&mappings, &bytes);
  CHECK(mappings == 2);
  CHECK(bytes >= 2 * RAWTHREAD_DEFAULT_STACK_SIZE);
  CHECK(rawthread_cache_release() == 2);
  rawthread_cache_usage(&mappings, NULL);
  CHECK(mappings == 0);
  CHECK_CODE(rawthread_cache_set_limits(32, 40 << 20), 0);
}

static double now_seconds(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec + (double)ts.tv_nsec / 1e9;
}

static void sleep_lasts_at_least_as_asked(void) {
  const double start = now_seconds();
  CHECK_CODE(rawthread_sleep_ns(20 * 1000 * 1000), 0);
  CHECK(now_seconds() - start >= 0.020);
  CHECK_CODE(rawthread_sleep_ns(0), 0);
}

static void error_names(void) {
  CHECK(strcmp(rawthread_error_name(EAGAIN), "EAGAIN") == 0);
  CHECK(strcmp(rawthread_error_name(-3), "E?") == 0);
}

static int wait_for_go(void* arg) {
  while (atomic_load((atomic_int*)arg) == 0) rawthread_yield();
  return 9;
}

static void join_variants(void) {
  atomic_int go = 0;
  rawthread_t t;
  int result = -1;
  REQUIRE_CODE(rawthread_create(&t, NULL, wait_for_go, &go), 0);
  CHECK_CODE(rawthread_tryjoin(t, &result), EBUSY);
  CHECK_CODE(rawthread_timedjoin(t, rawthread_now_ns() + 20000000, &result), ETIMEDOUT);
  CHECK(result == -1);

  rawthread_t others[3] = {NULL, t, NULL};
  size_t index = 99;
  atomic_store(&go, 1);
  CHECK_CODE(rawthread_join_any(others, 3, &index), 0);
  CHECK(index == 1);
  CHECK_CODE(rawthread_tryjoin(t, &result), 0);
  CHECK(result == 9);

  REQUIRE_CODE(rawthread_create(&t, NULL, wait_for_go, &go), 0);
  CHECK_CODE(rawthread_timedjoin(t, rawthread_now_ns() + 30000000000LL, &result), 0);
  CHECK(result == 9);
  CHECK_CODE(rawthread_tryjoin(NULL, &result), EINVAL);
  CHECK_CODE(rawthread_timedjoin(NULL, 0, &result), EINVAL);
  CHECK_CODE(rawthread_join_any(others, 1, &index), EINVAL);
  CHECK_CODE(rawthread_join_any(others, 3, NULL), EINVAL);
}

static int frame_on(void* arg) {
  char** bounds = (char**)arg;
  char here;
  return &here >= bounds[0] && &here < bounds[1] ? 1 : 0;
}

static int report_ran(void* arg) {
  atomic_store((atomic_int*)arg, 1);
  return 0;
}

static int wait_for_flag(void* arg) {
  atomic_int* flag = (atomic_int*)arg;
  while (atomic_load(flag) == 0) rawthread_yield();
  return 0;
}

/* Detached start, a stack of the caller's own reused, scheduling errors, names. */
static void thread_options_of_the_second_kind(void) {
  static _Alignas(16) char memory[64 * 1024];
  char* bounds[2] = {memory, memory + sizeof memory};
  rawthread_options_t opts = RAWTHREAD_OPTIONS_INIT;
  opts.stack_memory = memory;
  opts.stack_memory_size = sizeof memory;
  test_note_mappings();
  const int rounds = test_scaled(200);
  int on_it = 0;
  for (int i = 0; i < rounds; ++i) {
    rawthread_t t;
    REQUIRE_CODE(rawthread_create(&t, &opts, frame_on, bounds), 0);
    int result = -1;
    CHECK_CODE(rawthread_join(t, &result), 0);
    on_it += result;
  }
  CHECK(on_it == rounds);
  CHECK(test_new_mappings() == 0);

  atomic_int flag = 0;
  rawthread_t t;
  REQUIRE_CODE(rawthread_create(&t, &opts, wait_for_flag, &flag), 0);
  CHECK_CODE(rawthread_detach(t), EINVAL);
  atomic_store(&flag, 1);
  CHECK_CODE(rawthread_join(t, NULL), 0);

  rawthread_options_t bad = opts;
  bad.stack_memory = memory + 8;
  bad.stack_memory_size -= 16;
  t = (rawthread_t)&flag;
  CHECK_CODE(rawthread_create(&t, &bad, times_three, &flag), EINVAL);
  CHECK(t == (rawthread_t)&flag);
  bad = opts;
  bad.detached = 1;
  CHECK_CODE(rawthread_create(&t, &bad, times_three, &flag), EINVAL);

  rawthread_options_t detached = RAWTHREAD_OPTIONS_INIT;
  detached.detached = 1;
  atomic_int ran = 0;
  REQUIRE_CODE(rawthread_create(&t, &detached, report_ran, &ran), 0);
  CHECK(t == NULL);
  while (atomic_load(&ran) == 0) rawthread_yield();

  rawthread_options_t sched = RAWTHREAD_OPTIONS_INIT;
  sched.sched_policy = RAWTHREAD_SCHED_FIFO;
  sched.sched_priority = 0;
  CHECK_CODE(rawthread_create(&t, &sched, times_three, &flag), EINVAL);
  sched.sched_policy = RAWTHREAD_SCHED_BATCH;
  sched.sched_nice = 20;
  CHECK_CODE(rawthread_create(&t, &sched, times_three, &flag), EINVAL);
  sched.sched_nice = 3;
  int input = 2, result = 0;
  REQUIRE_CODE(rawthread_create(&t, &sched, times_three, &input), 0);
  CHECK_CODE(rawthread_join(t, &result), 0);
  CHECK(result == 6);

  atomic_store(&flag, 0);
  REQUIRE_CODE(rawthread_create(&t, NULL, wait_for_flag, &flag), 0);
  char name[16];
  CHECK_CODE(rawthread_setname(t, "c-named"), 0);
  CHECK_CODE(rawthread_getname(t, name, sizeof name), 0);
  CHECK(strcmp(name, "c-named") == 0);
  CHECK_CODE(rawthread_getname(t, name, 15), ERANGE);
  CHECK_CODE(rawthread_setname(t, "sixteen-chars-xx"), EINVAL);
  CHECK_CODE(rawthread_setname(NULL, "x"), EINVAL);
  atomic_store(&flag, 1);
  CHECK_CODE(rawthread_join(t, NULL), 0);
  CHECK_CODE(rawthread_setname_self("sixteen-chars-xx"), EINVAL);
}

struct bounds_seen {
  int code;
  uintptr_t low, high, local;
};

static int record_stack_bounds(void* arg) {
  struct bounds_seen* seen = (struct bounds_seen*)arg;
  volatile char here = 0;
  void *low = NULL, *high = NULL;
  seen->code = rawthread_stack_bounds(&low, &high);
  seen->low = (uintptr_t)low;
  seen->high = (uintptr_t)high;
  seen->local = (uintptr_t)&here;
  return here;
}

/* The stack bounds hold the caller's own frames, in a thread and in the main thread. */
static void stack_bounds_hold_the_frames(void) {
  struct bounds_seen seen = { -1, 0, 0, 0 };
  rawthread_t t;
  REQUIRE_CODE(rawthread_create(&t, NULL, record_stack_bounds, &seen), 0);
  CHECK_CODE(rawthread_join(t, NULL), 0);
  CHECK_CODE(seen.code, 0);
  CHECK(seen.low < seen.local && seen.local < seen.high);
  CHECK(seen.high - seen.low >= 64 * 1024);
  seen.code = -1;
  (void)record_stack_bounds(&seen);
  CHECK_CODE(seen.code, 0);
  CHECK(seen.low < seen.local && seen.local < seen.high);
  void* low = NULL;
  CHECK_CODE(rawthread_stack_bounds(&low, NULL), EINVAL);
  CHECK_CODE(rawthread_stack_bounds(NULL, &low), EINVAL);
}

void thread_tests(void) {
  stack_bounds_hold_the_frames();
  thread_options_of_the_second_kind();
  join_variants();
  results_come_back();
  many_threads_in_flight();
  ids_are_kernel_tids();
  options_are_applied();
  bad_input_is_refused_and_leaks_nothing();
  no_address_space_is_eagain();
  joining_oneself_is_a_deadlock();
  detached_threads_clean_up_after_themselves();
  the_stack_cache_is_bounded_and_can_be_emptied();
  sleep_lasts_at_least_as_asked();
  error_names();
}
