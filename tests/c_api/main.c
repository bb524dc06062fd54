// SPDX-License-Identifier: MIT
/* The C API suite: runs every group and fails if any check failed. */
#include <stdio.h>

#include <rawthread.h>

#include "check.h"

static int failures;
static int checks;

int check_that(int ok, const char* what, const char* file, int line) {
  ++checks;
  if (ok) return 1;
  ++failures;
  fprintf(stderr, "%s:%d: CHECK failed: %s\n", file, line, what);
  return 0;
}

int check_code(int got, int expected, const char* what, const char* file, int line) {
  ++checks;
  if (got == expected) return 1;
  ++failures;
  fprintf(stderr, "%s:%d: %s gave %s (%d), expected %s (%d)\n", file, line, what,
          rawthread_error_name(got), got, rawthread_error_name(expected), expected);
  return 0;
}

int main(void) {
  test_before_the_first_test();
  thread_tests();
  sync_tests();
  sync_kinds_tests();
  io_tests();
  sys_tests();
  signal_tests();
  printf("c_api: %d checks, %d failed\n", checks, failures);
  return failures == 0 ? 0 : 1;
}
