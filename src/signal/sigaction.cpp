// SPDX-License-Identifier: MIT
// sys::sigaction and sys::sigaltstack, and the handler helpers built on them. The restorer is
// defined here, beside its one user, so that any program calling sigaction links it (it is
// top-level asm, which an LTO object's symbol table does not list on its own).
#include <rawthread/signal.hpp>

#include "raw_signal.hpp"

RAWTHREAD_ARCH_SIGNAL_RESTORER;

// Defined by the macro above on every port whose kernel_sigaction has a restorer field.
extern "C" void rawthread_signal_restorer();

namespace rawthread {
namespace sys {
namespace {

static_assert(sizeof(arch::kernel_sigaction::mask) == sizeof(sigset),
              "the kernel's sigset is 8 bytes on every port");
static_assert(sizeof(signal_stack) == 3 * sizeof(void*) &&
                  __builtin_offsetof(signal_stack, flags) == sizeof(void*) &&
                  __builtin_offsetof(signal_stack, size) == 2 * sizeof(void*),
              "signal_stack is the kernel's stack_t");

// Points a handler's return at rawthread_signal_restorer, on ports that take one, and lets a port
// fill in whatever else its layout carries beyond handler, flags and mask (riscv64: complete()).
template <class Action>
void complete(Action& action) {
  if constexpr (requires { action.restorer; }) {
    action.flags |= arch::sa_restorer;
    action.restorer = reinterpret_cast<std::uintptr_t>(&rawthread_signal_restorer);
  }
  if constexpr (requires { action.complete(); }) action.complete();
}

bool valid_signal(int signo) { return signo >= 1 && signo <= max_signal; }
bool unchangeable(int signo) { return signo == sigkill || signo == sigstop; }

}  // namespace

result<void> sigaction(int signo, const sigaction_t* act, sigaction_t* old) {
  if (!valid_signal(signo) || (act != nullptr && unchangeable(signo)))
    return failure(errc::einval);
  arch::kernel_sigaction next{};
  arch::kernel_sigaction before{};
  if (act != nullptr) {
    next.handler = reinterpret_cast<std::uintptr_t>(act->handler);
    next.flags = act->flags;
    __builtin_memcpy(&next.mask, &act->mask, sizeof next.mask);
    complete(next);
  }
  const long r = arch::syscall4(arch::nr::rt_sigaction, signo,
                                act != nullptr ? raw::as_long(&next) : 0,
                                old != nullptr ? raw::as_long(&before) : 0, sizeof(sigset));
  if (r < 0) return failure(static_cast<int>(-r));
  if (old != nullptr) {
    old->handler = reinterpret_cast<signal_handler>(before.handler);
    // The restorer is rawthread's (or libc's) business, not the caller's.
    old->flags = before.flags & ~arch::sa_restorer;
    __builtin_memcpy(&old->mask, &before.mask, sizeof old->mask);
  }
  return {};
}

result<void> sigaltstack(const signal_stack* stack, signal_stack* old) {
  return raw::sigaltstack(stack, old);
}

}  // namespace sys

namespace {
result<void> install(int signo, sys::signal_handler handler, unsigned long flags) {
  const sys::sigaction_t action{handler, flags, 0};
  return sys::sigaction(signo, &action, nullptr);
}
}  // namespace

result<void> set_signal_handler(int signo, sys::signal_handler handler, unsigned long flags) {
  if (handler == nullptr) return failure(errc::einval);
  return install(signo, handler, flags | sys::sa_siginfo);
}

result<void> reset_signal_handler(int signo) { return install(signo, sys::sig_default(), 0); }

result<void> ignore_signal(int signo) { return install(signo, sys::sig_ignore(), 0); }

}  // namespace rawthread
