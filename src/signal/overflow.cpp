// SPDX-License-Identifier: MIT
// report_stack_overflows: one line on fd 2 when a thread runs into its guard region, then the
// SIGSEGV it would have died of anyway. Everything the handler does is a system call or plain
// memory: no lock, no libc, so it is safe in any thread of either mode.
#include <atomic>

#include <rawthread/io/format.hpp>
#include <rawthread/signal.hpp>

#include "../page_size.hpp"
#include "../start/main_stack.hpp"
#include "alt_stack.hpp"
#include "raw_signal.hpp"

namespace rawthread {
namespace detail {
namespace {

// What SIGSEGV and SIGBUS did before: faults that are not overflows go there.
constinit sys::sigaction_t earlier_segv{};
constinit sys::sigaction_t earlier_bus{};
// An int, not a bool: riscv64 has no byte-sized compare-and-swap, and GCC 12 would call
// libatomic's __atomic_compare_exchange_1 for one.
constinit std::atomic<int> started{0};

const sys::sigaction_t& earlier_for(int signo) {
  return signo == sys::sigsegv ? earlier_segv : earlier_bus;
}

bool hit_guard(const stack_label* label, const sys::siginfo* info) {
  // A positive code is the kernel's (a fault); kill() and tgkill() give 0 or a negative one, and
  // their siginfo holds a sender, not an address.
  if (label == nullptr || info->code <= 0) return false;
  const auto address = reinterpret_cast<std::uintptr_t>(info->fault_address());
  return address >= label->guard_low && address < label->guard_high;
}

void say_overflowed(const stack_label& label) {
  // The name as the kernel knows it now: the creator's when the thread got none of its own.
  char name[16] = {};
  (void)sys::raw::prctl(sys::pr_get_name, reinterpret_cast<unsigned long>(name));
  name[sizeof name - 1] = '\0';
  const char* shown = name;
  char line[96];
  std::size_t length = io::format_to(line, sizeof line, "rawthread: thread ", sys::raw::gettid(),
                                     " \"", shown, "\" overflowed its ", label.stack_size >> 10,
                                     " KiB stack\n");
  if (length > sizeof line) length = sizeof line;
  // One write of a short line: it leaves whole or not at all (only EINTR needs a retry).
  while (true) {
    auto written = sys::raw::write(2, line, length);
    if (written || written.error() != errc::eintr) return;
  }
}

// Ends the process by signo's default action, as if no handler had been installed: the wait
// status (and core dump) is what the fault alone would have given.
void die_by(int signo) {
  const sys::sigaction_t fallback{};
  (void)sys::sigaction(signo, &fallback, nullptr);
  const sys::sigset just = sys::sigmask_of(signo);
  (void)sys::raw::rt_sigprocmask(sys::sig_unblock, &just, nullptr);
  (void)sys::raw::tgkill(sys::raw::getpid(), sys::raw::gettid(), signo);
  // Not reached: the signal is delivered as the call returns. Returning would re-run the faulting
  // instruction, which then gets the default action too.
}

void pass_on(int signo, sys::siginfo* info, void* context) {
  const sys::sigaction_t& earlier = earlier_for(signo);
  if (earlier.handler == sys::sig_ignore()) {
    // A sent signal stays ignored; a fault cannot be (the kernel would kill the process).
    if (info->code > 0) die_by(signo);
    return;
  }
  if (earlier.handler == sys::sig_default()) {
    die_by(signo);
    return;
  }
  if ((earlier.flags & sys::sa_siginfo) != 0) {
    earlier.handler(signo, info, context);
  } else {
    // Installed without sa_siginfo: it takes signo alone (void (*)() is the cast that says so).
    reinterpret_cast<void (*)(int)>(reinterpret_cast<void (*)()>(earlier.handler))(signo);
  }
}

void on_fault(int signo, sys::siginfo* info, void* context) {
  const stack_label* label = current_stack_label();
  if (hit_guard(label, info)) {
    say_overflowed(*label);
    die_by(sys::sigsegv);
    return;
  }
  pass_on(signo, info, context);
}

// Freestanding, on the main thread: an alternate stack of its own (one mapping, a guard page then
// the stack), labelled with the main stack's guard region. Hosted, when the bounds are unknown,
// or when the program gave the main thread an alternate stack itself (which stays), there is
// nothing to do.
result<void> cover_main_thread() {
  main_stack bounds{};
  sys::signal_stack existing{};
  if (find_main_stack == nullptr || sys::raw::gettid() != sys::raw::getpid() ||
      !sys::raw::sigaltstack(nullptr, &existing) || (existing.flags & sys::ss_disable) == 0 ||
      !find_main_stack(bounds))
    return {};
  const std::size_t page = page_size();
  const std::size_t size = small_signal_stack_size();
  auto mapped = sys::raw::mmap(nullptr, page + size, sys::prot_read | sys::prot_write,
                               sys::map_private | sys::map_anonymous | sys::map_stack);
  if (!mapped) return failure(errc::enomem);
  char* base = static_cast<char*>(*mapped);
  if (!sys::raw::mprotect(base, page, sys::prot_none)) {
    (void)sys::raw::munmap(base, page + size);
    return failure(errc::enomem);
  }
  signal_stack_calls.label(base + page, bounds.guard_low, bounds.guard_high, bounds.size);
  signal_stack_calls.install(base + page, size);
  return {};
}

}  // namespace
}  // namespace detail

result<void> report_stack_overflows() {
  int expected = 0;
  if (!detail::started.compare_exchange_strong(expected, 1, std::memory_order_acq_rel))
    return {};
  if (auto covered = detail::cover_main_thread(); !covered) {
    detail::started.store(0, std::memory_order_release);
    return covered;
  }
  detail::give_every_thread_a_signal_stack();
  // No sa_nodefer: a fault inside the handler itself then meets a blocked SIGSEGV, and the kernel
  // ends the process at once instead of recursing.
  const sys::sigaction_t mine{detail::on_fault, sys::sa_siginfo | sys::sa_onstack, 0};
  (void)sys::sigaction(sys::sigsegv, &mine, &detail::earlier_segv);
  (void)sys::sigaction(sys::sigbus, &mine, &detail::earlier_bus);
  return {};
}

}  // namespace rawthread
