// condition_variable: a sequence number as the futex word, in-kernel sleepers counted so that a
// notify nobody waits for stays in user space, and notify_all requeueing onto the mutex.
#include <limits>

#include <rawthread/sync.hpp>

#include "spin.hpp"

namespace rawthread {

condition_variable::ticket condition_variable::wait_begin(unique_lock<mutex>& lock) {
  if (!lock.owns_lock()) __builtin_trap();
  mutex* m = lock.mutex();
  mutex_.store(m, std::memory_order_relaxed);
  // Read under the mutex: a notifier that changed the condition under it either did so before
  // (and we would not be waiting) or bumps the sequence after, which our futex_wait will see.
  ticket t{sequence_.load(std::memory_order_relaxed),
           broadcasts_.load(std::memory_order_relaxed)};
  m->unlock();  // `lock` keeps saying it owns: it does again by the time wait returns
  return t;
}

void condition_variable::wait_end(unique_lock<mutex>& lock, ticket t) {
  mutex* m = lock.mutex();
  // A notify_all since we began may have moved us, or others, onto the mutex's futex; then the
  // word must stay marked contended so that each unlock wakes the next of them.
  if (broadcasts_.load(std::memory_order_acquire) != t.broadcasts) m->lock_as_contended();
  else m->lock();
}

namespace {
// Spins, then sleeps on `sequence` while it still reads `seen`. The sleeper count is raised
// before the futex_wait (both sequentially consistent, as is the notifier's bump-then-read), so
// either the notifier sees a sleeper and wakes it, or the kernel sees the new sequence.
template <class Sleep>
auto wait_for_change(const std::atomic<int>& sequence, std::atomic<int>& sleepers, int seen,
                     Sleep sleep) -> decltype(sleep()) {
  if (detail::spin_until([&] { return sequence.load(std::memory_order_relaxed) != seen; }))
    return {};
  sleepers.fetch_add(1);
  auto r = sleep();
  sleepers.fetch_sub(1, std::memory_order_relaxed);
  return r;
}
}  // namespace

void condition_variable::wait(unique_lock<mutex>& lock) {
  ticket t = wait_begin(lock);
  (void)wait_for_change(sequence_, sleepers_, t.sequence,
                        [&] { return futex_wait(sequence_, t.sequence); });
  wait_end(lock, t);
}

cv_status condition_variable::wait_until(unique_lock<mutex>& lock, monotonic_time deadline) {
  ticket t = wait_begin(lock);
  auto r = wait_for_change(sequence_, sleepers_, t.sequence,
                           [&] { return futex_wait_until(sequence_, t.sequence, deadline); });
  wait_end(lock, t);
  return !r && r.error() == errc::etimedout ? cv_status::timeout : cv_status::no_timeout;
}

void condition_variable::notify_one() {
  sequence_.fetch_add(1);
  if (sleepers_.load() != 0) (void)futex_wake(sequence_, 1);
}

void condition_variable::notify_all() {
  int seen = sequence_.fetch_add(1) + 1;
  if (sleepers_.load() == 0) return;
  broadcasts_.fetch_add(1);
  mutex* m = mutex_.load(std::memory_order_relaxed);
  // Wake one sleeper; move the others onto the mutex, where each unlock hands on to the next.
  // EAGAIN means another notify bumped the sequence meanwhile: requeue against the new value.
  for (;;) {
    auto r = futex_requeue(sequence_, seen, 1, std::numeric_limits<int>::max(), m->word_);
    if (r || r.error() != errc::eagain) {
      if (!r) (void)futex_wake(sequence_, std::numeric_limits<int>::max());  // ENOSYS & co.
      return;
    }
    seen = sequence_.load();
  }
}

}  // namespace rawthread
