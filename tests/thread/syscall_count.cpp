// SPDX-License-Identifier: MIT
// Cached create+join, between two markers that check_syscalls.py finds in strace's log: each one
// should cost clone, the thread's exit and at most the joiner's futex wait, and nothing else.
// Pinned to one CPU, as bench/thread measures the create path: the figure is then the library's,
// not the scheduler's (a new thread started at once on another CPU races its creator).
#include <cstdint>

#include <rawthread/thread.hpp>

#include "syscall_marker.hpp"

namespace {
int nothing(void*) { return 0; }

}  // namespace

int main() {
  std::uint64_t allowed[16] = {};
  if (!rawthread::sys::sched_getaffinity(0, sizeof allowed, allowed)) return 1;
  std::uint64_t one[16] = {};
  for (int word = 0; word < 16; ++word) {
    if (allowed[word] == 0) continue;
    one[word] = allowed[word] & (~allowed[word] + 1);  // the lowest CPU this process may use
    break;
  }
  if (!rawthread::sys::sched_setaffinity(0, sizeof one, one)) return 1;
  constexpr int warm_up = 10;
  constexpr int measured = 200;
  for (int i = 0; i < warm_up; ++i) {
    auto t = rawthread::spawn(nothing, nullptr);
    if (!t || !t->join()) return 1;
  }
  test::syscall_marker("begin", 5);
  for (int i = 0; i < measured; ++i) {
    auto t = rawthread::spawn(nothing, nullptr);
    if (!t || !t->join()) return 1;
  }
  test::syscall_marker("end", 3);
  return 0;
}
