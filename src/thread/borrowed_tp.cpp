// SPDX-License-Identifier: MIT
#include "borrowed_tp.hpp"

#include <atomic>

#include <rawthread/syscall.hpp>

namespace rawthread::detail {
namespace {

// Clones without CLONE_VM under way (each new process keeps the count its parent had at the
// clone), plus `for_good` once a thread shares its creator's thread pointer. Zero: all own.
constexpr unsigned for_good = 1u << 31;
constinit std::atomic<unsigned> distrust{0};

bool copies_memory(unsigned long flags) { return (flags & sys::clone_vm) == 0; }

}  // namespace

// Relaxed is enough: the clone system call orders these stores before the new thread's first
// instruction and before the copy of memory a new process gets. Other threads may see them late,
// and need not see them at all: their thread pointers are their own.
void clone_starting(unsigned long flags) {
  if (copies_memory(flags)) distrust.fetch_add(1, std::memory_order_relaxed);
  else if ((flags & sys::clone_settls) == 0) distrust.fetch_or(for_good, std::memory_order_relaxed);
}

void clone_returned(unsigned long flags) {
  if (copies_memory(flags)) distrust.fetch_sub(1, std::memory_order_relaxed);
}

bool thread_pointers_all_own() { return distrust.load(std::memory_order_relaxed) == 0; }

}  // namespace rawthread::detail
