// Helpers shared by the hosted tests. Assertions only ever run in the main thread: doctest is
// not safe in a rawthread child (hosted children must not call libc).
#pragma once

#include <cstddef>

namespace test {

// True when the suite runs under an emulator (qemu-user) or a binary instrumenter (valgrind),
// where a thread costs ~1 ms: RAWTHREAD_EMULATED=1.
bool emulated();
// `native` when running natively, else `native / divisor` (at least 1).
int scaled(int native, int divisor = 20);
// Lines in /proc/self/maps: one per mapping (under valgrind, not counting valgrind's own).
int count_mappings();
// Runs fn in a forked child and returns its raw wait status.
int wait_status_of_child(void (*fn)());

}  // namespace test
