// SPDX-License-Identifier: MIT
// this_thread::stack_bounds: from the thread's own layout when spawn made it, else from what the
// process start-up knew (freestanding) or /proc/self/maps (hosted).
#include <rawthread/thread.hpp>

#include "../page_size.hpp"
#include "../start/main_stack.hpp"
#include "../sys/raw.hpp"
#include "layout.hpp"
#include "own_control.hpp"
#include "specific.hpp"

namespace rawthread::this_thread {
namespace {

using detail::round_down;

// What plan_layout and plan_caller_layout put below the control block, by address: the TLS
// area, then the stack top aligned down (or, with an alternate signal stack, its guard page).
stack_range spawned_bounds(const detail::control* c) {
  const auto base = reinterpret_cast<std::uintptr_t>(c->map_base);
  const detail::tls_area tls = detail::tls_area_needed();
  std::uintptr_t top = round_down(
      round_down(reinterpret_cast<std::uintptr_t>(c) - tls.size, tls.align), arch::stack_alignment);
  if (c->signal_stack != nullptr)
    top = reinterpret_cast<std::uintptr_t>(c->signal_stack) - detail::page_size();
  const std::uintptr_t low = base + c->guard_size + detail::specific_table_size;
  return {reinterpret_cast<void*>(low), reinterpret_cast<void*>(top)};
}

// A hex number at text[at], advancing at.
std::uintptr_t hex_at(const char* text, std::size_t& at, std::size_t end) {
  std::uintptr_t v = 0;
  for (; at < end; ++at) {
    const char ch = text[at];
    int d = ch >= '0' && ch <= '9' ? ch - '0' : ch >= 'a' && ch <= 'f' ? ch - 'a' + 10 : -1;
    if (d < 0) break;
    v = v * 16 + static_cast<std::uintptr_t>(d);
  }
  return v;
}

// The mapping of /proc/self/maps that holds `address`: lines are "low-high perms ...".
result<stack_range> mapping_holding(std::uintptr_t address) {
  auto fd = sys::raw::openat(sys::at_fdcwd, "/proc/self/maps", sys::o_rdonly | sys::o_cloexec);
  if (!fd) return failure(errc::enoent);
  char buf[4096];
  std::size_t have = 0;
  stack_range found{nullptr, nullptr};
  for (;;) {
    auto got = sys::raw::read(*fd, buf + have, sizeof buf - have);
    if (!got || *got == 0) break;
    have += *got;
    std::size_t line = 0;
    for (std::size_t i = 0; i < have; ++i) {
      if (buf[i] != '\n') continue;
      std::size_t at = line;
      const std::uintptr_t low = hex_at(buf, at, i);
      ++at;  // '-'
      const std::uintptr_t high = hex_at(buf, at, i);
      if (address - low < high - low)
        found = stack_range{reinterpret_cast<void*>(low), reinterpret_cast<void*>(high)};
      line = i + 1;
    }
    // Keep the unfinished line for the next read.
    __builtin_memmove(buf, buf + line, have - line);
    have -= line;
  }
  (void)sys::raw::close(*fd);
  if (found.low == nullptr) return failure(errc::enoent);
  return found;
}

}  // namespace

result<stack_range> stack_bounds() {
  if (const detail::control* c = detail::own_control()) return spawned_bounds(c);
  if (detail::tls_enabled()) {
    detail::main_stack m{};
    if (detail::find_main_stack == nullptr || !detail::find_main_stack(m))
      return failure(errc::enoent);
    return stack_range{reinterpret_cast<void*>(m.guard_high),
                       reinterpret_cast<void*>(m.guard_high + m.size)};
  }
  return mapping_holding(reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0)));
}

}  // namespace rawthread::this_thread
