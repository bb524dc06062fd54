#include "mapping.hpp"

#include <rawthread/syscall.hpp>

#include "../page_size.hpp"
#include "control.hpp"
#include "tls.hpp"

namespace rawthread::detail {

result<thread_layout> plan_layout(const thread_options& opts, std::size_t callable_size,
                                  std::size_t callable_align) {
  const std::size_t page = page_size();
  std::size_t stack = opts.stack_size == 0 ? thread_options::default_stack_size : opts.stack_size;
  if (stack < thread_options::min_stack_size) return failure(errc::einval);
  if (callable_align > page) return failure(errc::einval);
  stack = round_up(stack, page);
  const std::size_t guard = round_up(opts.guard_size, page);
  if (stack == 0 || (opts.guard_size != 0 && guard == 0)) return failure(errc::einval);

  // The top area starts on a page boundary: that boundary is the stack top, and it satisfies
  // any TLS alignment up to a page.
  const tls_area tls = tls_area_needed();
  if (tls.align > page) return failure(errc::einval);
  thread_layout l{};
  l.guard_size = guard;
  l.tls_offset = 0;
  l.control_offset = round_up(tls.size, alignof(control));
  l.callable_offset = round_up(l.control_offset + sizeof(control), callable_align);
  const std::size_t top = round_up(l.callable_offset + callable_size, page);
  if (top == 0 || top < callable_size) return failure(errc::einval);

  const std::size_t below_top = guard + stack;
  if (below_top < stack || below_top + top < below_top) return failure(errc::einval);
  l.stack_top = below_top;
  l.tls_offset += below_top;
  l.control_offset += below_top;
  l.callable_offset += below_top;
  l.map_size = below_top + top;
  return l;
}

result<void*> map_thread(const thread_layout& layout) {
  // MAP_NORESERVE: only touched stack pages count; MAP_STACK: a hint the kernel may use for
  // stack-friendly placement and huge-page decisions. Never executable.
  auto base = sys::mmap(nullptr, layout.map_size, sys::prot_read | sys::prot_write,
                        sys::map_private | sys::map_anonymous | sys::map_stack |
                            sys::map_noreserve);
  if (!base) return failure(errc::enomem);
  if (layout.guard_size != 0) {
    if (!sys::mprotect(*base, layout.guard_size, sys::prot_none)) {
      (void)sys::munmap(*base, layout.map_size);
      return failure(errc::enomem);
    }
  }
  return *base;
}

void unmap_thread(void* base, std::size_t size) { (void)sys::munmap(base, size); }

}  // namespace rawthread::detail
