// SPDX-License-Identifier: MIT
// Where everything sits in one thread's mapping, worked out before the mapping exists.
//
//   base                                                                     base + map_size
//   | guard (PROT_NONE) | stack (grows down) ...    | TLS area | control | callable |
//                                                   ^ stack top
// The stack top sits just below the TLS area rather than on a page boundary, so a thread that
// uses little stack touches a single page for its stack, control block and callable together.
// A thread with an alternate signal stack (see signal/alt_stack.hpp) has it there instead, above
// a guard page of its own, and its stack ends on a page boundary:
//   | guard | stack ... | signal guard | alternate stack ... | TLS area | control | callable |
//                     ^ stack top      ^ signal_stack_offset
//
// plan_layout is inline: spawn with default options (spawn_default.cpp) passes constants, and the
// checks on them fold away.
#pragma once

#include <cstddef>
#include <cstdint>

#include <rawthread/result.hpp>
#include <rawthread/thread.hpp>

#include "../page_size.hpp"
#include "../signal/alt_stack.hpp"
#include "arch.hpp"
#include "control.hpp"
#include "specific.hpp"
#include "tls.hpp"

namespace rawthread::detail {

struct thread_layout {
  std::size_t map_size;
  std::size_t guard_size;
  std::size_t stack_top;  // offsets from the mapping's base
  std::size_t tls_offset;
  std::size_t control_offset;
  std::size_t callable_offset;
  std::size_t signal_stack_offset;  // the alternate signal stack (both 0: none)
  std::size_t signal_stack_size;
  std::size_t stack_size;  // the stack asked for, in whole pages (what an overflow report names)
};

constexpr std::size_t round_down(std::size_t n, std::size_t a) { return n & ~(a - 1); }
// round_up (page_size.hpp) without its overflow check, for sizes plan_layout has bounded.
constexpr std::size_t align_up(std::size_t n, std::size_t a) { return (n + a - 1) & ~(a - 1); }

// A size beyond any sensible mapping: an eighth of the address space (2^61 bytes on 64-bit
// ports, which no mapping can have; 512 MiB on 32-bit ones). Refusing each size beyond it up
// front keeps every sum plan_layout makes of them from overflowing.
inline constexpr std::size_t unmappable_size = ~std::size_t{0} / 8;

// Sizes and offsets for `opts` and a callable of the given size and alignment. The usable stack
// is at least the requested size, rounded up to pages.
// EINVAL: a stack below the minimum, any size beyond unmappable_size, an alignment above the page
// size.
inline result<thread_layout> plan_layout(const thread_options& opts, std::size_t callable_size,
                                         std::size_t callable_align) {
  const std::size_t page = page_size();
  const tls_area tls = tls_area_needed();
  const std::size_t stack =
      opts.stack_size == 0 ? thread_options::default_stack_size : opts.stack_size;
  if (stack < thread_options::min_stack_size || stack > unmappable_size ||
      opts.guard_size > unmappable_size || opts.signal_stack_size > unmappable_size ||
      callable_size > unmappable_size || tls.size > unmappable_size || callable_align > page ||
      tls.align > page)
    return failure(errc::einval);
  const std::size_t signal_stack = signal_stack_for(opts.signal_stack_size);
  // Its guard page, then the stack itself.
  const std::size_t signal_region = signal_stack == 0 ? 0 : page + signal_stack;

  // Everything above the stack top, with room for the worst alignment padding of each piece.
  const std::size_t top = align_up(callable_size + callable_align + sizeof(control) +
                                       alignof(control) + tls.size + tls.align +
                                       arch::stack_alignment,
                                   page);

  // Laid out downwards from the end; the base is page aligned, so aligning offsets aligns
  // addresses (every alignment here is at most a page).
  thread_layout l{};
  l.guard_size = align_up(opts.guard_size, page);
  // The stack's lowest bytes hold the thread's key table (specific.hpp): the region is that much
  // larger, so that the usable stack is still at least what was asked for.
  const std::size_t stack_region = align_up(stack + specific_table_size, page);
  l.map_size = l.guard_size + stack_region + signal_region + top;
  l.stack_size = align_up(stack, page);
  l.callable_offset = round_down(l.map_size - callable_size, callable_align);
  l.control_offset = round_down(l.callable_offset - sizeof(control), alignof(control));
  l.tls_offset = round_down(l.control_offset - tls.size, tls.align);
  const std::size_t below_tls = round_down(l.tls_offset, arch::stack_alignment);
  if (signal_stack == 0) {
    l.stack_top = below_tls;
  } else {
    l.stack_top = l.guard_size + stack_region;
    l.signal_stack_offset = l.stack_top + page;
    l.signal_stack_size = below_tls - l.signal_stack_offset;
  }
  return l;
}

// Offsets for a thread on opts.stack_memory (stack_memory_size bytes, see thread_options): the
// same pieces as plan_layout at its top, aligned by address (the memory need not be page
// aligned), no guard and no alternate signal stack.
// EINVAL: memory or size not a multiple of 16, a signal stack asked for, less
// than min_stack_size left for the stack, an alignment above the page size.
inline result<thread_layout> plan_caller_layout(const thread_options& opts,
                                                std::size_t callable_size,
                                                std::size_t callable_align) {
  const auto base = reinterpret_cast<std::uintptr_t>(opts.stack_memory);
  const std::size_t size = opts.stack_memory_size;
  const tls_area tls = tls_area_needed();
  const std::size_t page = page_size();
  // 16 on every port (the documented promise), whatever the port's own stack alignment.
  constexpr std::size_t memory_alignment = arch::stack_alignment > 16 ? arch::stack_alignment : 16;
  if (base % memory_alignment != 0 || size % memory_alignment != 0 ||
      size > unmappable_size || base + size < base || opts.signal_stack_size != 0 ||
      callable_size > unmappable_size || tls.size > unmappable_size || callable_align > page ||
      tls.align > page)
    return failure(errc::einval);
  // What goes at the top, with its worst padding: when it alone would not fit, the subtractions
  // below could wrap.
  const std::size_t top = callable_size + callable_align + sizeof(control) + alignof(control) +
                          tls.size + tls.align + arch::stack_alignment;
  if (size < thread_options::min_stack_size ||
      size < top + specific_table_size + thread_options::min_caller_stack_left)
    return failure(errc::einval);
  const std::uintptr_t callable = round_down(base + size - callable_size, callable_align);
  const std::uintptr_t block = round_down(callable - sizeof(control), alignof(control));
  const std::uintptr_t tls_start = round_down(block - tls.size, tls.align);
  thread_layout l{};
  l.map_size = size;
  l.callable_offset = callable - base;
  l.control_offset = block - base;
  l.tls_offset = tls_start - base;
  l.stack_top = round_down(tls_start, arch::stack_alignment) - base;
  l.stack_size = l.stack_top - specific_table_size;
  return l;
}

}  // namespace rawthread::detail
