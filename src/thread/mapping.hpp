// One thread's mapping: guard, stack, TLS area, control block and callable, and how to get and
// give back the memory.
//
//   base                                                                  base + map_size
//   | guard (PROT_NONE) | stack (grows down) ...  | TLS area | control | callable |
//                                                 ^ stack top (page aligned)
#pragma once

#include <cstddef>

#include <rawthread/result.hpp>
#include <rawthread/thread.hpp>

namespace rawthread::detail {

struct thread_layout {
  std::size_t map_size;
  std::size_t guard_size;
  std::size_t stack_top;  // offsets from the mapping's base
  std::size_t tls_offset;
  std::size_t control_offset;
  std::size_t callable_offset;
};

// Sizes and offsets for `opts` and a callable of the given size and alignment.
// EINVAL for sizes below the minimum or that overflow, or an alignment above the page size.
result<thread_layout> plan_layout(const thread_options& opts, std::size_t callable_size,
                                  std::size_t callable_align);

// A mapping laid out as `layout`: readable and writable except the guard. ENOMEM on failure,
// with nothing left mapped.
result<void*> map_thread(const thread_layout& layout);
// Gives the mapping back; the thread using it must have left (its exit_word is 0).
void unmap_thread(void* base, std::size_t size);

}  // namespace rawthread::detail
