// SPDX-License-Identifier: MIT
#include "scheduling.hpp"

#include "../sys/raw.hpp"

namespace rawthread::detail {
namespace {

bool real_time(sched_policy p) { return p == sched_policy::fifo || p == sched_policy::rr; }

// The kernel's number for each policy (SCHED_OTHER 0 ... SCHED_IDLE 5; 4 is SCHED_ISO, which
// Linux never implemented).
int kernel_policy(sched_policy p) {
  switch (p) {
    case sched_policy::fifo: return sys::sched_fifo;
    case sched_policy::rr: return sys::sched_rr;
    case sched_policy::batch: return sys::sched_batch;
    case sched_policy::idle: return sys::sched_idle;
    default: return sys::sched_other;
  }
}

}  // namespace

result<void> check_scheduling(const thread_scheduling& s) {
  switch (s.policy) {
    case sched_policy::inherit: return {};
    case sched_policy::fifo:
    case sched_policy::rr:
      if (s.priority < 1 || s.priority > 99) return failure(errc::einval);
      return {};
    case sched_policy::other:
    case sched_policy::batch:
    case sched_policy::idle:
      if (s.priority != 0 || s.nice < -20 || s.nice > 19) return failure(errc::einval);
      return {};
  }
  return failure(errc::einval);
}

result<void> apply_scheduling(int tid, const thread_scheduling& s) {
  if (s.policy == sched_policy::inherit) return {};
  const int priority = real_time(s.policy) ? s.priority : 0;
  if (auto r = sys::raw::sched_setscheduler(tid, kernel_policy(s.policy), &priority); !r)
    return r;
  // The nice value is the thread's own, apart from its policy: set after, it cannot be undone by
  // the policy change (a real-time policy does not use it).
  if (real_time(s.policy)) return {};
  // setpriority says EACCES where sched_setscheduler says EPERM: one code for one refusal.
  auto niced = sys::raw::setpriority(tid, s.nice);
  if (!niced && niced.error() == errc::eacces) return failure(errc::eperm);
  return niced;
}

}  // namespace rawthread::detail
