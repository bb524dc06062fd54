// SPDX-License-Identifier: MIT
#include "alt_stack.hpp"

#include <atomic>

#include "../page_size.hpp"
#include "../thread/memory_checkers.hpp"
#include "raw_signal.hpp"

namespace rawthread::detail {
namespace {

// "rawthrd!" in ASCII: mixed with the label's address, so a copy of a label elsewhere is no label.
constexpr std::uintptr_t label_tag = static_cast<std::uintptr_t>(0x2164726874776172ull);
constexpr unsigned long at_minsigstksz = 51;
// What a report's handler needs beyond the kernel's frame, with room to spare.
constexpr std::size_t report_stack_extra = std::size_t{8} << 10;
constexpr std::size_t report_stack_min = std::size_t{16} << 10;

constinit std::atomic<std::size_t> kernel_minimum{0};

// The kernel's minimum signal frame from AT_MINSIGSTKSZ (it depends on the CPU's register set:
// AVX-512, SVE), else the architecture's MINSIGSTKSZ. Read once from /proc/self/auxv, which
// serves both modes alike (hosted, libc holds the aux vector).
std::size_t read_kernel_minimum() {
  std::size_t minimum = arch::min_signal_stack_size;
  auto fd = sys::raw::openat(sys::at_fdcwd, "/proc/self/auxv", sys::o_rdonly | sys::o_cloexec);
  if (!fd) return minimum;
  unsigned long pairs[64];
  std::size_t filled = 0;
  while (filled < sizeof pairs) {
    auto got = sys::raw::read(*fd, reinterpret_cast<char*>(pairs) + filled, sizeof pairs - filled);
    if (!got || *got == 0) break;
    filled += *got;
  }
  (void)sys::raw::close(*fd);
  for (std::size_t i = 0; i + 1 < filled / sizeof pairs[0] && pairs[i] != 0; i += 2)
    if (pairs[i] == at_minsigstksz && pairs[i + 1] > minimum) minimum = pairs[i + 1];
  return minimum;
}

std::size_t minimum_signal_stack() {
  std::size_t m = kernel_minimum.load(std::memory_order_relaxed);
  if (m == 0) {
    m = read_kernel_minimum();
    kernel_minimum.store(m, std::memory_order_relaxed);
  }
  return m;
}

// The calls behind signal_stack_calls.
void write_label(void* stack, std::uintptr_t guard_low, std::uintptr_t guard_high,
                 std::size_t stack_size) {
  auto* label = static_cast<stack_label*>(stack);
  *label = {label_tag ^ reinterpret_cast<std::uintptr_t>(label), guard_low, guard_high,
            stack_size};
}

void use_stack(void* stack, std::size_t size) {
  const sys::signal_stack s{stack, 0, size};
  (void)sys::raw::sigaltstack(&s, nullptr);
}

void stop_using_stack() {
  const sys::signal_stack off{nullptr, sys::ss_disable, 0};
  (void)sys::raw::sigaltstack(&off, nullptr);
}

// Before a size other than 0 leaves this file: whoever gets one can reach the calls.
void publish_signal_stack_calls() {
  thread_signal_stack_calls.store(&signal_stack_calls, std::memory_order_relaxed);
}

}  // namespace

constinit const signal_stack_code signal_stack_calls{write_label, use_stack, stop_using_stack};
constinit std::atomic<const signal_stack_code*> thread_signal_stack_calls{nullptr};
constinit std::atomic<std::size_t> every_thread_signal_stack{0};

std::size_t small_signal_stack_size() {
  const std::size_t wanted = minimum_signal_stack() + report_stack_extra;
  return round_up(wanted < report_stack_min ? report_stack_min : wanted, page_size());
}

std::size_t requested_signal_stack(std::size_t requested) {
  publish_signal_stack_calls();
  const std::size_t minimum = minimum_signal_stack();
  return round_up(requested < minimum ? minimum : requested, page_size());
}

void give_every_thread_a_signal_stack() {
  publish_signal_stack_calls();
  // Release: a spawn that reads this size (acquire) finds the calls published.
  every_thread_signal_stack.store(small_signal_stack_size(), std::memory_order_release);
}

const stack_label* current_stack_label() {
  sys::signal_stack now{};
  if (!sys::raw::sigaltstack(nullptr, &now) || (now.flags & sys::ss_disable) != 0 ||
      now.size < sizeof(stack_label))
    return nullptr;
  const auto* label = static_cast<const stack_label*>(now.base);
  reading_whatever_is_there(label, sizeof *label);
  if (label->tag != (label_tag ^ reinterpret_cast<std::uintptr_t>(label))) return nullptr;
  return label;
}

}  // namespace rawthread::detail
