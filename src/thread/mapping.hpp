// SPDX-License-Identifier: MIT
// Getting and giving back the memory of one thread's mapping (laid out as layout.hpp says).
#pragma once

#include <cstddef>

#include <rawthread/result.hpp>
#include <rawthread/thread.hpp>

#include "control.hpp"
#include "layout.hpp"

namespace rawthread::detail {

// A mapping laid out as `layout`: readable and writable except the guard, from the cache of dead
// threads' mappings when it has one of this size and guard, else freshly mapped. ENOMEM on
// failure, with nothing left mapped. Its contents are whatever the last thread left.
result<void*> map_thread(const thread_layout& layout);
// Gives the mapping back to the system; the thread using it must have left (exit_word is 0).
void unmap_thread(void* base, std::size_t size);
// Caches the mapping of the finished thread `c` for reuse, or unmaps it when the cache is full;
// the kernel must have cleared c->exit_word. Memory the caller supplied is left alone.
void recycle_thread(control* c);

}  // namespace rawthread::detail
