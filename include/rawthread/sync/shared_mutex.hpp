// SPDX-License-Identifier: MIT
// <rawthread/sync/shared_mutex.hpp> (included by <rawthread/sync.hpp>): a reader-writer lock,
// shared_mutex, and shared_lock, its holder for the shared side.
#pragma once

#include <atomic>
#include <utility>

#include <rawthread/sync.hpp>

namespace rawthread {

// Who goes first when both readers and writers wait.
enum class rwlock_preference : unsigned char {
  // A waiting writer keeps new readers out, so a stream of readers cannot starve writers (the
  // default). A thread that takes the shared side twice can then deadlock against a writer
  // that arrived in between.
  writers,
  // Readers enter whenever no writer holds the lock: writers may starve under steady reading.
  readers,
};

// Many readers (lock_shared) or one writer (lock) at a time. Uncontended operations are one
// atomic instruction and no system call. Two 32-bit futex words: readers sleep on the state,
// writers on a wake-up counter of their own, so a writer is woken alone. Not recursive; unlock
// and unlock_shared trap when the lock is not held that way. futex_scope::shared: usable by
// several processes from memory they all map.
class shared_mutex {
 public:
  constexpr shared_mutex() = default;
  constexpr explicit shared_mutex(futex_scope scope,
                                  rwlock_preference preference = rwlock_preference::writers)
      : options_((scope == futex_scope::shared ? shared : 0) |
                 (preference == rwlock_preference::readers ? prefer_readers : 0)) {}
  shared_mutex(const shared_mutex&) = delete;
  shared_mutex& operator=(const shared_mutex&) = delete;

  void lock() {
    int expected = 0;
    if (!state_.compare_exchange_strong(expected, write_locked, std::memory_order_acquire,
                                        std::memory_order_relaxed))
      (void)lock_slow(nullptr);
  }
  bool try_lock() {
    int expected = 0;
    return state_.compare_exchange_strong(expected, write_locked, std::memory_order_acquire,
                                          std::memory_order_relaxed);
  }
  bool try_lock_for(nanoseconds timeout) { return try_lock_until(monotonic_now() + timeout); }
  bool try_lock_until(monotonic_time deadline) { return try_lock() || lock_slow(&deadline); }
  void unlock() {
    int now = state_.fetch_sub(write_locked, std::memory_order_release) - write_locked;
    if ((now & count_mask) != 0) __builtin_trap();  // was not write-locked
    if (now != 0) wake_after_release(now);
  }

  void lock_shared() {
    if (!try_lock_shared()) (void)lock_shared_slow(nullptr);
  }
  // False while a writer holds it, or (preferring writers) one waits for it.
  bool try_lock_shared() {
    int seen = state_.load(std::memory_order_relaxed);
    return readable(seen) && state_.compare_exchange_strong(seen, seen + 1,
                                                            std::memory_order_acquire,
                                                            std::memory_order_relaxed);
  }
  bool try_lock_shared_for(nanoseconds timeout) {
    return try_lock_shared_until(monotonic_now() + timeout);
  }
  bool try_lock_shared_until(monotonic_time deadline) {
    return try_lock_shared() || lock_shared_slow(&deadline);
  }
  void unlock_shared() {
    int now = state_.fetch_sub(1, std::memory_order_release) - 1;
    if ((now & count_mask) >= max_readers) __builtin_trap();  // no reader held it
    if ((now & count_mask) == 0 && now != 0) wake_after_release(now);
  }

  // Releases the side the caller holds (a writer holds it alone, so the state tells which), or
  // returns false and changes nothing when nobody holds it. Readers are not recorded: a thread
  // holding nothing while others read releases one of their holds. For the C API's unlock.
  bool unlock_held() {
    int seen = state_.load(std::memory_order_relaxed);
    while (true) {
      const int count = seen & count_mask;
      if (count == 0) return false;
      if (count == write_locked) {
        unlock();
        return true;
      }
      if (state_.compare_exchange_weak(seen, seen - 1, std::memory_order_release,
                                       std::memory_order_relaxed)) {
        if (count == 1 && seen - 1 != 0) wake_after_release(seen - 1);
        return true;
      }
    }
  }
  // True while anyone holds it (a snapshot).
  bool held() const { return (state_.load(std::memory_order_relaxed) & count_mask) != 0; }

 private:
  // state_: readers holding it in the low 30 bits, or count_mask while a writer holds it; bit 30
  // "readers may sleep on state_", bit 31 "writers may sleep on writer_wakes_".
  static constexpr int count_mask = (1 << 30) - 1;
  static constexpr int write_locked = count_mask;
  static constexpr int max_readers = count_mask - 1;
  static constexpr int readers_waiting = 1 << 30;
  static constexpr int writers_waiting = static_cast<int>(0x80000000u);

  bool readable(int state) const {
    return (state & count_mask) < max_readers &&
           ((options_ & prefer_readers) != 0 || (state & writers_waiting) == 0);
  }
  futex_scope scope() const {
    return (options_ & shared) != 0 ? futex_scope::shared : futex_scope::this_process;
  }
  bool lock_slow(const monotonic_time* deadline);
  bool lock_shared_slow(const monotonic_time* deadline);
  // After a release left nobody holding it with waiters flagged in `now`: wakes a writer or the
  // readers, as the preference says.
  void wake_after_release(int now);
  // A writer gave up waiting: it may have been the one the flags were raised for, so everyone
  // waiting wakes and re-raises what still applies.
  void wake_everyone();

  // One int for both choices, so the object has no padding (C's initializer writes every byte).
  enum : int { shared = 1, prefer_readers = 2 };
  std::atomic<int> state_{0};
  std::atomic<int> writer_wakes_{0};
  int options_ = 0;
};

// Holds the shared side of a lock (lock_shared/unlock_shared) as unique_lock holds the other.
template <class SharedLockable>
class shared_lock {
 public:
  constexpr shared_lock() = default;
  explicit shared_lock(SharedLockable& m) : m_(&m), owns_(true) { m.lock_shared(); }
  shared_lock(SharedLockable& m, defer_lock_t) : m_(&m) {}
  shared_lock(SharedLockable& m, try_to_lock_t) : m_(&m), owns_(m.try_lock_shared()) {}
  shared_lock(SharedLockable& m, adopt_lock_t) : m_(&m), owns_(true) {}
  shared_lock(shared_lock&& o) noexcept
      : m_(std::exchange(o.m_, nullptr)), owns_(std::exchange(o.owns_, false)) {}
  shared_lock& operator=(shared_lock&& o) noexcept {
    if (this != &o) {
      if (owns_) m_->unlock_shared();
      m_ = std::exchange(o.m_, nullptr);
      owns_ = std::exchange(o.owns_, false);
    }
    return *this;
  }
  shared_lock(const shared_lock&) = delete;
  shared_lock& operator=(const shared_lock&) = delete;
  ~shared_lock() {
    if (owns_) m_->unlock_shared();
  }

  // lock() while owning, unlock() while not owning, or either with no mutex trap.
  void lock() {
    if (m_ == nullptr || owns_) __builtin_trap();
    m_->lock_shared();
    owns_ = true;
  }
  bool try_lock() {
    if (m_ == nullptr || owns_) __builtin_trap();
    return owns_ = m_->try_lock_shared();
  }
  void unlock() {
    if (!owns_) __builtin_trap();
    m_->unlock_shared();
    owns_ = false;
  }
  SharedLockable* release() {
    owns_ = false;
    return std::exchange(m_, nullptr);
  }
  bool owns_lock() const { return owns_; }
  explicit operator bool() const { return owns_; }
  SharedLockable* mutex() const { return m_; }

 private:
  SharedLockable* m_ = nullptr;
  bool owns_ = false;
};

}  // namespace rawthread
