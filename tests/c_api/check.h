/* A tiny assertion harness for the C API tests: CHECK records a failure and carries on, so one
 * run reports every broken expectation. Call it from the main thread only: it uses stdio. */
#ifndef RAWTHREAD_TEST_CHECK_H
#define RAWTHREAD_TEST_CHECK_H

#define CHECK(cond) check_that((cond) != 0, #cond, __FILE__, __LINE__)
/* For functions returning 0 or an errno code: prints the code's name when it differs. */
#define CHECK_CODE(expr, expected) check_code((expr), (expected), #expr, __FILE__, __LINE__)
/* The same, but leaves the calling test function on a mismatch (what follows depends on it). */
#define REQUIRE_CODE(expr, expected)                                  \
  do {                                                                \
    if (!check_code((expr), (expected), #expr, __FILE__, __LINE__)) return; \
  } while (0)

/* Both return whether the check passed. */
int check_that(int ok, const char* what, const char* file, int line);
int check_code(int got, int expected, const char* what, const char* file, int line);

/* tests/support.hpp's helpers, for C (support_bridge.cpp). */
int test_scaled(int native); /* native, or native / 20 (at least 1) under qemu */
int test_count_mappings(void); /* lines in /proc/self/maps: one per mapping */

/* Each file of the suite runs its cases from one entry point. */
void thread_tests(void);
void sync_tests(void);
void io_tests(void);
void signal_tests(void);

#endif
