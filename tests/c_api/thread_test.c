/* Threads through the C API: results, options, errors, detach, exit. Children only touch
 * rawthread and C11 atomics (hosted children must not call libc); checks run in main. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdatomic.h>
#include <stdio.h>
#include <string.h>
#include <time.h>

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

static void options_are_applied(void) {
  rawthread_options_t opts = {0};
  opts.stack_size = 64 << 10;
  opts.guard_size = RAWTHREAD_NO_GUARD;
  opts.name = "c-worker";
  atomic_store(&name_step, 0);
  rawthread_t t;
  REQUIRE_CODE(rawthread_create(&t, &opts, wait_until_looked_at, NULL), 0);
  while (atomic_load(&name_step) != 1) rawthread_yield();
  char path[64];
  snprintf(path, sizeof path, "/proc/self/task/%d/comm", rawthread_id(t));
  char comm[32] = "";
  FILE* f = fopen(path, "r");
  CHECK(f != NULL);
  if (f != NULL) {
    CHECK(fgets(comm, sizeof comm, f) != NULL);
    fclose(f);
  }
  atomic_store(&name_step, 2);
  CHECK_CODE(rawthread_join(t, NULL), 0);
  CHECK(strcmp(comm, "c-worker\n") == 0);
}

static void bad_input_is_refused_and_leaks_nothing(void) {
  int input = 1;
  rawthread_t t = NULL;
  const int before = test_count_mappings();
  CHECK_CODE(rawthread_create(NULL, NULL, times_three, &input), EINVAL);
  CHECK_CODE(rawthread_create(&t, NULL, NULL, &input), EINVAL);

  rawthread_options_t small = {0};
  small.stack_size = RAWTHREAD_MIN_STACK_SIZE - 1;
  CHECK_CODE(rawthread_create(&t, &small, times_three, &input), EINVAL);

  rawthread_options_t long_name = {0};
  long_name.name = "sixteen-chars-xx";
  CHECK_CODE(rawthread_create(&t, &long_name, times_three, &input), EINVAL);

  rawthread_options_t huge = {0};
  huge.stack_size = SIZE_MAX / 2;
  const int code = rawthread_create(&t, &huge, times_three, &input);
  CHECK(code == ENOMEM || code == EINVAL);

  CHECK(t == NULL);
  CHECK(test_count_mappings() == before);
  CHECK_CODE(rawthread_join(NULL, NULL), EINVAL);
  CHECK_CODE(rawthread_detach(NULL), EINVAL);
  CHECK_CODE(rawthread_sleep_ns(-1), EINVAL);
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

static void detached_threads_clean_up_after_themselves(void) {
  const int n = test_scaled(200);
  atomic_store(&detached_done, 0);
  const int before = test_count_mappings();
  for (int i = 0; i < n; ++i) {
    rawthread_t t;
    REQUIRE_CODE(rawthread_create(&t, NULL, count_and_leave, NULL), 0);
    CHECK_CODE(rawthread_detach(t), 0);
  }
  while (atomic_load(&detached_done) < n) rawthread_yield();
  /* A thread counts itself before it unmaps its stack: give the last ones time to go. */
  int after = test_count_mappings();
  for (int tries = 0; after > before && tries < 1000; ++tries) {
    rawthread_sleep_ns(1000000);
    after = test_count_mappings();
  }
  CHECK(after <= before);
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

void thread_tests(void) {
  results_come_back();
  many_threads_in_flight();
  ids_are_kernel_tids();
  options_are_applied();
  bad_input_is_refused_and_leaks_nothing();
  joining_oneself_is_a_deadlock();
  detached_threads_clean_up_after_themselves();
  sleep_lasts_at_least_as_asked();
  error_names();
}
