// The live-thread registry: every running rawthread thread, so that code deep inside a thread
// can find its own control block (this_thread::exit) when the thread pointer belongs to libc.
// Each thread adds itself as it starts and removes itself as it leaves.
#pragma once

#include "control.hpp"

namespace rawthread::detail {

void registry_add(control* c);
void registry_remove(control* c);
// The control block of the thread with kernel id `tid`, or null if rawthread did not create it.
control* registry_find(int tid);

}  // namespace rawthread::detail
