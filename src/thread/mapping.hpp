// One thread's mapping: guard, stack, TLS area, control block and callable, and how to get and
// give back the memory.
//
//   base                                                                     base + map_size
//   | guard (PROT_NONE) | stack (grows down) ...    | TLS area | control | callable |
//                                                   ^ stack top
// The stack top sits just below the TLS area rather than on a page boundary, so a thread that
// uses little stack touches a single page for its stack, control block and callable together.
#pragma once

#include <cstddef>

#include <rawthread/result.hpp>
#include <rawthread/thread.hpp>

#include "control.hpp"

namespace rawthread::detail {

struct thread_layout {
  std::size_t map_size;
  std::size_t guard_size;
  std::size_t stack_top;  // offsets from the mapping's base
  std::size_t tls_offset;
  std::size_t control_offset;
  std::size_t callable_offset;
};

// Sizes and offsets for `opts` and a callable of the given size and alignment. The usable stack
// is at least the requested size, rounded up to pages.
// EINVAL for sizes below the minimum or that overflow, or an alignment above the page size.
result<thread_layout> plan_layout(const thread_options& opts, std::size_t callable_size,
                                  std::size_t callable_align);

// A mapping laid out as `layout`: readable and writable except the guard, from the cache of dead
// threads' mappings when it has one of this size and guard, else freshly mapped. ENOMEM on
// failure, with nothing left mapped. Its contents are whatever the last thread left.
result<void*> map_thread(const thread_layout& layout);
// Gives the mapping back to the system; the thread using it must have left (exit_word is 0).
void unmap_thread(void* base, std::size_t size);
// Caches the mapping of the finished thread `c` for reuse, or unmaps it when the cache is full;
// the kernel must have cleared c->exit_word.
void recycle_thread(control* c);

}  // namespace rawthread::detail
