// SPDX-License-Identifier: MIT
// Which registered (hosted) thread's mapping holds an address, answered in three loads with no
// lock and no system call. A hosted child runs on its creator's thread pointer, so the only thing
// of its own it can start from is its stack pointer; thread_key, stack_bounds and
// this_thread::exit look themselves up here by it.
//
// The map has one entry per 4 KiB of address space (every port's pages are a multiple of that,
// so no two mappings share an entry), in two levels: a static top level and leaves of 2^20
// entries made on first use, each covering 4 GiB (the whole address space on 32-bit ports). An
// entry holds:
//   0                 no registered thread's memory;
//   a control block   wholly inside that thread's memory;
//   `shared`          only partly a thread's: the end pages of a caller-supplied stack
//                     (thread_options::stack_memory) that is not page aligned, where the rest of
//                     the page may be anyone's. Whoever finds it asks the registry (locked).
// Written only under the registry's lock. A thread's own pages are marked before it is cloned
// and cleared by itself as it leaves, so they never change while it could read them; and no
// other thread's stack pointer can be in a page marked with a control block. So plain relaxed
// loads suffice: the clone orders the creator's stores before the thread's first load.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

#include "control.hpp"

namespace rawthread::detail::stack_map {

inline constexpr unsigned page_shift = 12;
inline constexpr unsigned leaf_bits = 20;
// User addresses stay below 2^48 on every 64-bit port unless a program asks mmap for higher
// ones (rawthread never does, so nothing of its own is up there).
inline constexpr unsigned address_bits = sizeof(void*) == 8 ? 48 : 32;
inline constexpr unsigned top_bits = address_bits - page_shift - leaf_bits;
inline constexpr std::size_t leaf_entries = std::size_t{1} << leaf_bits;
inline constexpr std::uintptr_t shared = 1;

// Plain words, read with relaxed atomic loads by anyone and written under the registry's lock:
// whole pages as a plain fill (no thread reads those meanwhile, see above), shared end pages,
// which other threads may read, with relaxed atomic stores.
using entry = std::uintptr_t;
// Defined in stack_map.cpp; a leaf is published (release) once it is mapped, zero-filled.
extern constinit std::atomic<entry*> top[std::size_t{1} << top_bits];

// The entry for `address`: 0, `shared`, or a control block's address.
inline std::uintptr_t find(std::uintptr_t address) {
  const std::uintptr_t page = address >> page_shift;
  if (page >> (top_bits + leaf_bits) != 0) return 0;
  const entry* leaf = top[page >> leaf_bits].load(std::memory_order_acquire);
  if (leaf == nullptr) return 0;
  return __atomic_load_n(&leaf[page & (leaf_entries - 1)], __ATOMIC_RELAXED);
}

// Marks [low, high) as `c`'s: whole pages with c, end pages it shares with others as `shared`.
// False (nothing changed) when a leaf it needs cannot be mapped, or the range lies beyond
// address_bits. Under the registry's lock.
bool mark(std::uintptr_t low, std::uintptr_t high, control* c);
// Undoes mark for whole pages; `shared` end pages stay so (others may still share them).
void clear(std::uintptr_t low, std::uintptr_t high);

}  // namespace rawthread::detail::stack_map
