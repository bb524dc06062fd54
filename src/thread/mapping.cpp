// SPDX-License-Identifier: MIT
#include "mapping.hpp"

#include "../page_size.hpp"
#include "../sys/raw.hpp"
#include "memory_checkers.hpp"
#include "stack_cache.hpp"

namespace rawthread::detail {
namespace {
bool forbid(void* base, std::size_t offset, std::size_t size) {
  return size == 0 || sys::raw::mprotect(static_cast<char*>(base) + offset, size, sys::prot_none);
}
}  // namespace

result<void*> map_thread(const thread_layout& layout) {
  if (void* cached =
          cache_take(layout.map_size, layout.guard_size, layout.signal_stack_size)) {
    mapping_handed_out(cached, layout);
    return cached;
  }
  // MAP_NORESERVE: only touched stack pages count; MAP_STACK: a hint the kernel may use for
  // stack-friendly placement and huge-page decisions. Never executable.
  auto base = sys::raw::mmap(nullptr, layout.map_size, sys::prot_read | sys::prot_write,
                             sys::map_private | sys::map_anonymous | sys::map_stack |
                                 sys::map_noreserve);
  if (!base) return failure(errc::enomem);
  // The guard below the stack, and the one below the alternate signal stack if there is one.
  const std::size_t signal_guard = layout.signal_stack_size == 0 ? 0 : page_size();
  if (!forbid(*base, 0, layout.guard_size) ||
      !forbid(*base, layout.signal_stack_offset - signal_guard, signal_guard)) {
    (void)sys::raw::munmap(*base, layout.map_size);
    return failure(errc::enomem);
  }
  mapping_handed_out(*base, layout);
  return *base;
}

void unmap_thread(void* base, std::size_t size) { (void)sys::raw::munmap(base, size); }

void recycle_thread(control* c) {
  if (c->caller_memory) {  // the caller's to reuse
    caller_memory_given_back(c->map_base, c->map_size);
    return;
  }
  if (!cache_put(c)) unmap_thread(c->map_base, c->map_size);
}

}  // namespace rawthread::detail
