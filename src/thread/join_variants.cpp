// SPDX-License-Identifier: MIT
// The joins that may decline to wait: try_join, join_for, join_until.
#include <rawthread/thread.hpp>

#include "control.hpp"
#include "exit_wait.hpp"

namespace rawthread {

result<int> thread::try_join() {
  if (block_ == nullptr) return failure(errc::einval);
  if (detail::called_by(block_)) return failure(errc::edeadlk);
  if (!detail::has_exited(block_)) return failure(errc::ebusy);
  return join();
}

result<int> thread::join_for(nanoseconds timeout) {
  return join_until(monotonic_now() + timeout);
}

result<int> thread::join_until(monotonic_time deadline) {
  if (block_ == nullptr) return failure(errc::einval);
  if (detail::called_by(block_)) return failure(errc::edeadlk);
  if (!detail::wait_for_exit_until(block_, deadline)) return failure(errc::etimedout);
  return join();
}

}  // namespace rawthread
