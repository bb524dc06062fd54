// The thread handle: join, detach and the join-on-destruction rule.
#include <rawthread/syscall.hpp>
#include <rawthread/thread.hpp>

#include "control.hpp"
#include "mapping.hpp"

namespace rawthread {
namespace {

// Blocks until the kernel has cleared exit_word, i.e. the thread has left user mode for good.
// The kernel's wake is a shared futex wake, so the wait must be shared too.
void wait_for_exit(detail::control* c) {
  for (;;) {
    int tid = c->exit_word.load(std::memory_order_acquire);
    if (tid == 0) return;
    (void)sys::futex(&c->exit_word, sys::futex_wait, tid);
  }
}

}  // namespace

thread& thread::operator=(thread&& other) noexcept {
  if (this != &other) {
    if (joinable()) (void)join();
    block_ = std::exchange(other.block_, nullptr);
  }
  return *this;
}

thread::~thread() {
  if (joinable()) (void)join();
}

int thread::id() const { return block_ ? block_->tid : 0; }

result<int> thread::join() {
  if (block_ == nullptr) return failure(errc::einval);
  if (block_->tid == sys::gettid()) return failure(errc::edeadlk);
  wait_for_exit(block_);
  const int code = block_->exit_code;
  detail::unmap_thread(block_->map_base, block_->map_size);
  block_ = nullptr;
  return code;
}

result<void> thread::detach() {
  if (block_ == nullptr) return failure(errc::einval);
  detail::control* c = std::exchange(block_, nullptr);
  int expected = detail::running;
  if (c->state.compare_exchange_strong(expected, detail::detached, std::memory_order_acq_rel,
                                       std::memory_order_acquire))
    return {};
  // The thread already finished and left the mapping to us: reclaim it once the kernel is done.
  wait_for_exit(c);
  detail::unmap_thread(c->map_base, c->map_size);
  return {};
}

}  // namespace rawthread
