// SPDX-License-Identifier: MIT
#include "start_gate.hpp"

#include "../sync/spin.hpp"
#include "../sys/raw.hpp"

namespace rawthread::detail {
namespace {
// The gate word is private to this process: the futex calls say so, which spares the kernel a
// lookup of the page's owner.
constexpr int wait_here = sys::futex_wait | sys::futex_private_flag;
constexpr int wake_here = sys::futex_wake | sys::futex_private_flag;

void settle(control* c, int state) {
  // Only a thread that announced it sleeps needs the wake-up system call.
  if (c->start_gate.exchange(state, std::memory_order_acq_rel) == gate_sleeping)
    (void)sys::raw::futex(&c->start_gate, wake_here, 1);
}
}  // namespace

bool pass_start_gate(control* c) {
  // Only a thread that starts before its creator is done with it gets here while the gate is
  // closed (on one CPU, say): a brief spin, whose yields let the creator run, spares the sleep.
  (void)spin_until([c] { return c->start_gate.load(std::memory_order_relaxed) != gate_closed; });
  int state = c->start_gate.load(std::memory_order_acquire);
  while (state != gate_open) {
    if (state == gate_cancelled) return false;
    if (state == gate_closed &&
        !c->start_gate.compare_exchange_weak(state, gate_sleeping, std::memory_order_acquire))
      continue;
    (void)sys::raw::futex(&c->start_gate, wait_here, gate_sleeping);
    state = c->start_gate.load(std::memory_order_acquire);
  }
  return true;
}

void open_start_gate(control* c) { settle(c, gate_open); }

void cancel_start_gate(control* c) { settle(c, gate_cancelled); }

}  // namespace rawthread::detail
