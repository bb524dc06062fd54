// SPDX-License-Identifier: MIT
// The cache of dead threads' mappings (guard + stack + TLS + control block), so that creating a
// thread usually costs no mmap, mprotect, munmap or page fault.
//
// A fixed array of atomic slots, each empty or holding the control block of a mapping whose
// thread has finished. Putting and taking claim a slot with one atomic exchange or
// compare-exchange: no lock, and no slot is ever read through without owning it. A mapping is
// handed out again only once the kernel has cleared its exit word; a detached thread puts its
// own mapping here while still running on it, and the kernel clears the word as it exits.
//
// Bounds (thread_cache_limits): how many slots may be filled, and the total size of the cached
// mappings. What a cached stack keeps resident is left as the thread touched it (no madvise):
// see docs/performance.md for the measurements behind that choice.
#pragma once

#include <cstddef>

#include "control.hpp"

namespace rawthread::detail {

// A cached mapping of exactly `map_size` bytes with a `guard_size` guard and an alternate signal
// stack of `signal_stack_size` bytes (0: none) whose thread is gone, now owned by the caller; null
// when there is none.
void* cache_take(std::size_t map_size, std::size_t guard_size, std::size_t signal_stack_size);

// Offers the mapping of the finished thread `c` (map_base, map_size, guard_size set). Its thread
// may still be on its way out. False when the cache is full: the caller keeps the mapping.
bool cache_put(control* c);

}  // namespace rawthread::detail
