// SPDX-License-Identifier: MIT
// thread_key get and set between markers that check_syscalls.py finds in strace's log: the
// thread writing the markers must make no system call in between. Built twice, hosted and
// freestanding; measured in the main thread, in a child, and in a child on a caller-supplied
// stack that is not page aligned, whose top page it shares (stack_map.hpp's `shared` pages).
// The exit status says whether every value read back was the one set.
#include <rawthread/sync.hpp>
#include <rawthread/thread.hpp>

#include "syscall_marker.hpp"

namespace {

rawthread::thread_key key;


// 0 when every value read back is the one set just before.
int set_and_get_between_markers() {
  int values[2];
  int wrong = 0;
  test::syscall_marker("begin", 5);
  for (int i = 0; i < 10000; ++i) {
    void* v = &values[i % 2];
    if (!key.set(v) || key.get() != v) ++wrong;
  }
  test::syscall_marker("end", 3);
  return wrong;
}

// Caller memory that starts and ends half-way through a page.
alignas(4096) char memory[64 * 1024 + 4096];

}  // namespace

int main() {
  auto made = rawthread::thread_key::create();
  if (!made) return 2;
  key = *made;
  int wrong = set_and_get_between_markers();
  rawthread::thread_options unaligned;
  unaligned.stack_memory = memory + 2048;
  unaligned.stack_memory_size = 64 * 1024;
  for (const rawthread::thread_options& opts : {rawthread::thread_options{}, unaligned}) {
    int child_wrong = -1;
    auto t = rawthread::spawn([&child_wrong] { child_wrong = set_and_get_between_markers(); }, opts);
    if (!t || !t->join()) return 3;
    wrong += child_wrong;
  }
  return wrong == 0 ? 0 : 1;
}
