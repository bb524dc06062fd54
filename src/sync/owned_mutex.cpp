// SPDX-License-Identifier: MIT
// owned_mutex: the futex word holds the owner's tid in the kernel's robust-futex format, so one
// implementation serves the recursive, error-checking and robust kinds.
#include <cstddef>
#include <limits>

#include <rawthread/errno.hpp>
#include <rawthread/sync.hpp>
#include <rawthread/thread.hpp>

#include "robust_list.hpp"

namespace rawthread::detail {

// Sleeps until the word's owner part is 0, then claims it. The first attempt takes a free word
// as `tid` alone; once anyone has slept here the word is claimed with the waiters bit set, since
// other sleepers may remain (one needless wake at worst).
int owned_mutex::acquire(int tid, const monotonic_time* deadline, bool wait) {
  int seen = 0;
  if (word_.compare_exchange_strong(seen, tid, std::memory_order_acquire,
                                    std::memory_order_relaxed))
    return 0;
  for (;;) {
    if (seen == not_recoverable) return errc::enotrecoverable;
    if ((seen & tid_mask) == 0) {
      // Free: never locked since the last unlock, or its owner died (the kernel cleared the tid
      // and set owner_died, keeping the waiters bit).
      if (word_.compare_exchange_weak(seen, tid | waiters, std::memory_order_acquire,
                                      std::memory_order_relaxed))
        return (seen & owner_died) != 0 ? errc::eownerdead : 0;
      continue;
    }
    if (!wait) return errc::ebusy;
    if ((seen & waiters) == 0) {
      if (!word_.compare_exchange_weak(seen, seen | waiters, std::memory_order_relaxed))
        continue;
      seen |= waiters;
    }
    auto r = deadline != nullptr ? futex_wait_until(word_, seen, *deadline, scope_)
                                 : futex_wait(word_, seen, scope_);
    if (!r && r.error() == errc::etimedout) return errc::etimedout;
    seen = word_.load(std::memory_order_relaxed);
  }
}

int owned_mutex::take(int tid, const monotonic_time* deadline, bool wait) {
  if ((word_.load(std::memory_order_relaxed) & tid_mask) == tid) {
    if ((kinds_ & recursive) == 0) return wait ? errc::edeadlk : errc::ebusy;
    if (depth_ == std::numeric_limits<int>::max()) return errc::eagain;
    ++depth_;
    return 0;
  }
  if ((kinds_ & robust) == 0) return acquire(tid, deadline, wait);

  // Robust: the link is announced as pending before the word can hold our tid, so that the
  // kernel finds the mutex if we die anywhere between taking the word and linking it.
  const long futex_offset = static_cast<long>(offsetof(owned_mutex, word_)) -
                            static_cast<long>(offsetof(owned_mutex, link_));
  robust_head* head = robust_enter(tid, futex_offset);
  if (head == nullptr) return errc::eagain;
  head->pending = &link_;
  int code = acquire(tid, deadline, wait);
  if (code == 0 || code == errc::eownerdead) robust_push(head, &link_);
  head->pending = nullptr;
  if (code == errc::eownerdead) {
    inconsistent_ = true;
    depth_ = 0;  // the dead owner's
  }
  if (code != 0 && code != errc::eownerdead) robust_leave(head);
  return code;
}

int owned_mutex::lock(const monotonic_time* deadline) {
  return take(this_thread::id(), deadline, true);
}

int owned_mutex::try_lock() { return take(this_thread::id(), nullptr, false); }

int owned_mutex::unlock() {
  const int tid = this_thread::id();
  if ((word_.load(std::memory_order_relaxed) & tid_mask) != tid) return errc::eperm;
  if (depth_ > 0) {
    --depth_;
    return 0;
  }
  // Unlocked while still inconsistent: nobody repaired what the dead owner left, so nobody may
  // have it again.
  const int released = inconsistent_ ? not_recoverable : 0;
  inconsistent_ = false;
  robust_head* head = (kinds_ & robust) != 0 ? robust_find(tid) : nullptr;
  if (head != nullptr) {
    head->pending = &link_;
    robust_remove(head, &link_);
  }
  const int previous = word_.exchange(released, std::memory_order_release);
  if (released == not_recoverable)
    (void)futex_wake(word_, std::numeric_limits<int>::max(), scope_);
  else if ((previous & waiters) != 0)
    (void)futex_wake(word_, 1, scope_);
  if (head != nullptr) {
    head->pending = nullptr;
    robust_leave(head);
  }
  return 0;
}

int owned_mutex::make_consistent() {
  if ((kinds_ & robust) == 0 || !inconsistent_ ||
      (word_.load(std::memory_order_relaxed) & tid_mask) != this_thread::id())
    return errc::einval;
  inconsistent_ = false;
  return 0;
}

}  // namespace rawthread::detail
