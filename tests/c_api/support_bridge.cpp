// SPDX-License-Identifier: MIT
// Makes the shared test helpers (tests/support.hpp) callable from the C suite.
#include "support.hpp"

extern "C" void test_before_the_first_test(void) { test::before_the_first_test(); }
extern "C" int test_scaled(int native) { return test::scaled(native); }

namespace {
// One baseline at a time: the C suite's leak checks do not nest.
test::mapped_ranges baseline;
}  // namespace
extern "C" void test_note_mappings(void) { baseline = test::mapped_ranges(); }
extern "C" int test_new_mappings(void) { return test::new_mappings(baseline); }

extern "C" pid_t test_fork_alone(void) { return test::fork_alone(); }
extern "C" int test_status_of_child(void (*fn)(void)) { return test::wait_status_of_child(fn); }
extern "C" int test_fill_address_space_against(size_t size) {
  return test::fill_address_space_against(size);
}
extern "C" int test_asleep(int tid) { return test::asleep(tid) ? 1 : 0; }
extern "C" int test_wait_until_asleep(int tid) { return test::wait_until_asleep(tid) ? 1 : 0; }
