// SPDX-License-Identifier: MIT
// condition_variable: a sequence number as the futex word, in-kernel sleepers counted so that a
// notify nobody waits for stays in user space, and notify_all requeueing onto the mutex.
#include <limits>

#include <rawthread/sync.hpp>

#include "spin.hpp"

namespace rawthread {

int condition_variable::wait_begin(unique_lock<mutex>& lock) {
  if (!lock.owns_lock()) __builtin_trap();
  mutex* m = lock.mutex();
  // Another process may map the mutex elsewhere, and a private mutex's sleepers cannot be moved
  // by a shared requeue: a shared condition variable leaves notify_all nothing to requeue onto.
  mutex_.store((options_ & shared) != 0 || m->scope() != futex_scope::this_process ? nullptr : m,
               std::memory_order_relaxed);
  // Read under the mutex: a notifier that changed the condition under it either did so before
  // (and we would not be waiting) or bumps the sequence after, which our futex_wait will see.
  int seen = sequence_.load(std::memory_order_relaxed);
  inside_.fetch_add(1, std::memory_order_relaxed);  // before anyone can notify it
  m->unlock();  // `lock` keeps saying it owns: it does again by the time wait returns
  return seen;
}

void condition_variable::wait_end(unique_lock<mutex>& lock, wake how) {
  mutex* m = lock.mutex();
  // A waiter the kernel woke may have been moved onto the mutex's futex by notify_all, with
  // others moved beside it: it must leave the word marked contended so that its unlock wakes
  // the next. Nothing else tells it reliably whether it was moved (a notify_all's requeue can
  // take a waiter that arrived after the broadcast began), so every woken waiter does so, at
  // the cost of one wake call at its unlock. A waiter that never slept, or whose sleep ended
  // by timeout or signal while still on the sequence, locks as usual: if it had been moved and
  // then timed out on the mutex, the waiter woken there next keeps the word contended.
  if (how == wake::woken) m->lock_as_contended();
  else m->lock();
}

int condition_variable::begin_any(bool owns) {
  if (!owns) __builtin_trap();
  mutex_.store(nullptr, std::memory_order_relaxed);
  inside_.fetch_add(1, std::memory_order_relaxed);
  return sequence_.load(std::memory_order_relaxed);
}

// Spins, then sleeps on the sequence while it still reads `seen`. The sleeper count is raised
// before the futex_wait (both sequentially consistent, as is the notifier's bump-then-read), so
// either the notifier sees a sleeper and wakes it, or the kernel sees the new sequence.
// Leaving, it lowers inside_ as its last access (wait_begin or begin_any raised it).
condition_variable::wake condition_variable::sleep(int seen, const instant* deadline) {
  wake how = wake::other;
  if (!detail::spin_until([&] { return sequence_.load(std::memory_order_relaxed) != seen; })) {
    const futex_scope scope = this->scope();
    sleepers_.fetch_add(1);
    result<void> r{};
    if (deadline == nullptr) r = futex_wait(sequence_, seen, scope);
    else if (deadline->realtime) r = futex_wait_until(sequence_, seen, realtime_time{deadline->ns}, scope);
    else r = futex_wait_until(sequence_, seen, monotonic_time{deadline->ns}, scope);
    sleepers_.fetch_sub(1, std::memory_order_relaxed);
    if (r) how = wake::woken;
    else if (r.error() == errc::etimedout) how = wake::timed_out;
  }
  inside_.fetch_sub(1, std::memory_order_release);
  return how;
}

bool condition_variable::wait_for_leavers(nanoseconds limit) const {
  return detail::yield_until_zero(inside_, limit);
}

void condition_variable::wait(unique_lock<mutex>& lock) {
  int seen = wait_begin(lock);
  wait_end(lock, sleep(seen, nullptr));
}

cv_status condition_variable::wait_until_ns(unique_lock<mutex>& lock, instant deadline) {
  int seen = wait_begin(lock);
  const wake how = sleep(seen, &deadline);
  wait_end(lock, how);
  return how == wake::timed_out ? cv_status::timeout : cv_status::no_timeout;
}

void condition_variable::notify_one() {
  sequence_.fetch_add(1);
  if (sleepers_.load() != 0) (void)futex_wake(sequence_, 1, scope());
}

void condition_variable::notify_all() {
  int seen = sequence_.fetch_add(1) + 1;
  if (sleepers_.load() == 0) return;
  constexpr int everyone = std::numeric_limits<int>::max();
  mutex* m = mutex_.load(std::memory_order_relaxed);
  if (m == nullptr) {
    (void)futex_wake(sequence_, everyone, scope());
    return;
  }
  // Wake one sleeper; move the others onto the mutex, where each unlock hands on to the next.
  // EAGAIN means another notify bumped the sequence meanwhile: requeue against the new value.
  for (;;) {
    auto r = futex_requeue(sequence_, seen, 1, everyone, m->word_);
    if (r || r.error() != errc::eagain) {
      if (!r) (void)futex_wake(sequence_, everyone);  // ENOSYS & co.
      return;
    }
    seen = sequence_.load();
  }
}

}  // namespace rawthread
