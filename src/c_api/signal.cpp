// SPDX-License-Identifier: MIT
// The C API's signals: thin adapters from rawthread.h onto <rawthread/signal.hpp>.
#include <rawthread.h>

#include <cstddef>

#include <rawthread/errno.hpp>
#include <rawthread/signal.hpp>
#include <rawthread/thread.hpp>

namespace rawthread {
namespace {

// The C structs are the C++ ones field for field, so pointers convert directly.
static_assert(sizeof(rawthread_siginfo_t) == sizeof(sys::siginfo));
static_assert(offsetof(rawthread_siginfo_t, code) == offsetof(sys::siginfo, code));
static_assert(offsetof(rawthread_siginfo_t, fields) == offsetof(sys::siginfo, fields));
static_assert(offsetof(rawthread_siginfo_t, fields.child.system_time) ==
              offsetof(sys::siginfo, fields.child.system_time));
static_assert(offsetof(rawthread_siginfo_t, fields.sender.value) ==
              offsetof(sys::siginfo, fields.sender.value));
static_assert(offsetof(rawthread_siginfo_t, fields.poll.fd) ==
              offsetof(sys::siginfo, fields.poll.fd));
static_assert(RAWTHREAD_SA_SIGINFO == sys::sa_siginfo && RAWTHREAD_SA_ONSTACK == sys::sa_onstack &&
              RAWTHREAD_SA_RESTART == sys::sa_restart && RAWTHREAD_SA_NODEFER == sys::sa_nodefer &&
              RAWTHREAD_SA_RESETHAND == sys::sa_resethand &&
              RAWTHREAD_SA_NOCLDSTOP == sys::sa_nocldstop &&
              RAWTHREAD_SA_NOCLDWAIT == sys::sa_nocldwait);
static_assert(RAWTHREAD_SIG_BLOCK == sys::sig_block && RAWTHREAD_SIG_UNBLOCK == sys::sig_unblock &&
              RAWTHREAD_SIG_SETMASK == sys::sig_setmask);
static_assert(RAWTHREAD_SI_TKILL == sys::si_tkill && RAWTHREAD_SEGV_ACCERR == sys::segv_accerr);

int code_of(const result<void>& r) { return r ? 0 : r.error(); }

// The handler types differ only in the name of the siginfo struct, which has one layout.
sys::signal_handler from_c(rawthread_signal_handler_t h) {
  return reinterpret_cast<sys::signal_handler>(h);
}
rawthread_signal_handler_t to_c(sys::signal_handler h) {
  return reinterpret_cast<rawthread_signal_handler_t>(h);
}

}  // namespace
}  // namespace rawthread

using namespace rawthread;

extern "C" {

int rawthread_sigaction(int signo, const rawthread_sigaction_t* act, rawthread_sigaction_t* old) {
  sys::sigaction_t next{};
  sys::sigaction_t before{};
  if (act != nullptr) next = {from_c(act->handler), act->flags, act->mask};
  auto r = sys::sigaction(signo, act != nullptr ? &next : nullptr,
                          old != nullptr ? &before : nullptr);
  if (!r) return r.error();
  if (old != nullptr) *old = {to_c(before.handler), before.flags, before.mask};
  return 0;
}

int rawthread_signal_handler(int signo, rawthread_signal_handler_t handler, unsigned long flags) {
  if (handler == RAWTHREAD_SIG_DFL) return code_of(reset_signal_handler(signo));
  if (handler == RAWTHREAD_SIG_IGN) return code_of(ignore_signal(signo));
  return code_of(set_signal_handler(signo, from_c(handler), flags));
}

int rawthread_kill(rawthread_t t, int signo) {
  if (t == nullptr) return errc::einval;
  thread view = thread::adopt(t);
  const int code = code_of(view.signal(signo));
  (void)view.release();
  return code;
}

int rawthread_sigmask(int how, const uint64_t* set, uint64_t* old) {
  sys::sigset before = 0;
  auto r = sys::rt_sigprocmask(how, set, &before);
  if (!r) return r.error();
  if (old != nullptr) *old = before;
  return 0;
}

int rawthread_report_stack_overflows(void) { return code_of(report_stack_overflows()); }

}  // extern "C"
