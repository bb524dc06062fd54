// SPDX-License-Identifier: MIT
// thread_options::scheduling: checked before anything is made, applied by the creator to the new
// thread while it waits at its start gate.
#pragma once

#include <rawthread/result.hpp>
#include <rawthread/thread.hpp>

namespace rawthread::detail {

// EINVAL when `s` asks for something no thread can have (see thread_scheduling).
result<void> check_scheduling(const thread_scheduling& s);

// Gives thread `tid` the policy with its priority or nice value; the kernel's error otherwise
// (EPERM ...). Nothing to do for sched_policy::inherit.
result<void> apply_scheduling(int tid, const thread_scheduling& s);

}  // namespace rawthread::detail
