// SPDX-License-Identifier: MIT
/* A tiny assertion harness for the C API tests: CHECK records a failure and carries on, so one
 * run reports every broken expectation. Call it from the main thread only: it uses stdio. */
#ifndef RAWTHREAD_TEST_CHECK_H
#define RAWTHREAD_TEST_CHECK_H

#include <stddef.h>
#include <sys/types.h>

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
void test_before_the_first_test(void); /* what main does first */
int test_scaled(int native); /* native, or native / 20 (at least 1) under qemu */
/* Leak checks: test_note_mappings takes the baseline (one at a time), test_new_mappings counts
 * the mappings since then that could be a leaked thread mapping (test::new_mappings). */
void test_note_mappings(void);
int test_new_mappings(void);
pid_t test_fork_alone(void); /* fork, once threads earlier checks left are gone (support.hpp) */
int test_status_of_child(void (*fn)(void)); /* fn run in a forked child: its wait status */
/* In a forked child: fills the address space so that no mapping of `size` bytes fits. */
int test_fill_address_space_against(size_t size);
int test_asleep(int tid);            /* 1 when thread tid sleeps in the kernel */
int test_wait_until_asleep(int tid); /* 1 once it does, 0 after ~5 s */

/* Each file of the suite runs its cases from one entry point. */
void thread_tests(void);
void sync_tests(void);
void sync_kinds_tests(void);
void io_tests(void);
void sys_tests(void);
void signal_tests(void);

#endif
