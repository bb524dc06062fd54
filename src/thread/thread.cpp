// SPDX-License-Identifier: MIT
// The thread handle: join, detach and the join-on-destruction rule.
#include <rawthread/thread.hpp>

#include "control.hpp"
#include "exit_wait.hpp"
#include "mapping.hpp"

namespace rawthread {
int thread::id() const { return block_ ? block_->tid : 0; }

result<int> thread::join() {
  if (block_ == nullptr) return failure(errc::einval);
  if (detail::called_by(block_)) return failure(errc::edeadlk);
  detail::wait_for_exit(block_);
  const int code = block_->exit_code;
  detail::recycle_thread(block_);
  block_ = nullptr;
  return code;
}

result<void> thread::detach() {
  // A thread on the caller's memory stays joinable: join is how the caller learns it may reuse it.
  if (block_ == nullptr || block_->caller_memory) return failure(errc::einval);
  detail::control* c = std::exchange(block_, nullptr);
  int expected = detail::running;
  if (c->state.compare_exchange_strong(expected, detail::detached, std::memory_order_acq_rel,
                                       std::memory_order_acquire))
    return {};
  // The thread already finished and left the mapping to us: reclaim it once the kernel is done.
  detail::wait_for_exit(c);
  detail::recycle_thread(c);
  return {};
}

}  // namespace rawthread
