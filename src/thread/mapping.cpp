#include "mapping.hpp"

#include "../page_size.hpp"
#include "../sys/raw.hpp"
#include "arch.hpp"
#include "stack_cache.hpp"
#include "tls.hpp"

namespace rawthread::detail {
namespace {

constexpr std::size_t round_down(std::size_t n, std::size_t a) { return n & ~(a - 1); }

// total += n; false (total unusable) when the sum overflows.
bool grow(std::size_t& total, std::size_t n) { return !__builtin_add_overflow(total, n, &total); }

}  // namespace

result<thread_layout> plan_layout(const thread_options& opts, std::size_t callable_size,
                                  std::size_t callable_align) {
  const std::size_t page = page_size();
  std::size_t stack = opts.stack_size == 0 ? thread_options::default_stack_size : opts.stack_size;
  if (stack < thread_options::min_stack_size) return failure(errc::einval);
  if (callable_align > page) return failure(errc::einval);
  stack = round_up(stack, page);
  const std::size_t guard = round_up(opts.guard_size, page);
  if (stack == 0 || (opts.guard_size != 0 && guard == 0)) return failure(errc::einval);
  const tls_area tls = tls_area_needed();
  if (tls.align > page) return failure(errc::einval);

  // Everything above the stack top, with room for the worst alignment padding of each piece.
  std::size_t top = 0;
  bool fits = grow(top, callable_size) && grow(top, callable_align) &&
              grow(top, sizeof(control) + alignof(control)) && grow(top, tls.size) &&
              grow(top, tls.align) && grow(top, arch::stack_alignment);
  top = fits ? round_up(top, page) : 0;
  std::size_t map_size = guard;
  if (top == 0 || !grow(map_size, stack) || !grow(map_size, top)) return failure(errc::einval);

  // Laid out downwards from the end; the base is page aligned, so aligning offsets aligns
  // addresses (every alignment here is at most a page).
  thread_layout l{};
  l.map_size = map_size;
  l.guard_size = guard;
  l.callable_offset = round_down(map_size - callable_size, callable_align);
  l.control_offset = round_down(l.callable_offset - sizeof(control), alignof(control));
  l.tls_offset = round_down(l.control_offset - tls.size, tls.align);
  l.stack_top = round_down(l.tls_offset, arch::stack_alignment);
  return l;
}

result<void*> map_thread(const thread_layout& layout) {
  if (void* cached = cache_take(layout.map_size, layout.guard_size)) return cached;
  // MAP_NORESERVE: only touched stack pages count; MAP_STACK: a hint the kernel may use for
  // stack-friendly placement and huge-page decisions. Never executable.
  auto base = sys::raw::mmap(nullptr, layout.map_size, sys::prot_read | sys::prot_write,
                             sys::map_private | sys::map_anonymous | sys::map_stack |
                                 sys::map_noreserve);
  if (!base) return failure(errc::enomem);
  if (layout.guard_size != 0) {
    if (!sys::raw::mprotect(*base, layout.guard_size, sys::prot_none)) {
      (void)sys::raw::munmap(*base, layout.map_size);
      return failure(errc::enomem);
    }
  }
  return *base;
}

void unmap_thread(void* base, std::size_t size) { (void)sys::raw::munmap(base, size); }

void recycle_thread(control* c) {
  if (!cache_put(c)) unmap_thread(c->map_base, c->map_size);
}

}  // namespace rawthread::detail
