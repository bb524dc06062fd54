#include "start_gate.hpp"

#include <rawthread/sync.hpp>

namespace rawthread::detail {
namespace {
void settle(control* c, int state) {
  // Only a thread that announced it sleeps needs the wake-up system call.
  if (c->start_gate.exchange(state, std::memory_order_acq_rel) == gate_sleeping)
    (void)futex_wake(c->start_gate, 1);
}
}  // namespace

bool pass_start_gate(control* c) {
  int state = c->start_gate.load(std::memory_order_acquire);
  while (state != gate_open) {
    if (state == gate_cancelled) return false;
    if (state == gate_closed &&
        !c->start_gate.compare_exchange_weak(state, gate_sleeping, std::memory_order_acquire))
      continue;
    (void)futex_wait(c->start_gate, gate_sleeping);
    state = c->start_gate.load(std::memory_order_acquire);
  }
  return true;
}

void open_start_gate(control* c) { settle(c, gate_open); }

void cancel_start_gate(control* c) { settle(c, gate_cancelled); }

}  // namespace rawthread::detail
