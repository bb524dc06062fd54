// <rawthread/sync.hpp>: synchronisation built directly on futex(2).
//
// Every type here is constant-initialisable (a global needs no constructor to run), trivially
// destructible and heap-free, and is safe in every rawthread thread in both modes.
#pragma once

#include <atomic>

#include <rawthread/result.hpp>

namespace rawthread {

// Blocks while *word == expected (a private futex: threads of this process only).
// Returns on a wake, a signal or a spurious wake-up; callers re-check their condition.
void futex_wait(std::atomic<int>& word, int expected);
// Wakes up to `count` threads blocked in futex_wait on `word`; returns how many woke.
int futex_wake(std::atomic<int>& word, int count);

// A non-recursive lock. Uncontended lock and unlock are one atomic operation each, no syscall.
class mutex {
 public:
  constexpr mutex() = default;
  mutex(const mutex&) = delete;
  mutex& operator=(const mutex&) = delete;

  void lock() {
    int expected = unlocked;
    if (!word_.compare_exchange_strong(expected, locked, std::memory_order_acquire,
                                       std::memory_order_relaxed))
      lock_contended();
  }
  bool try_lock() {
    int expected = unlocked;
    return word_.compare_exchange_strong(expected, locked, std::memory_order_acquire,
                                         std::memory_order_relaxed);
  }
  void unlock() {
    if (word_.exchange(unlocked, std::memory_order_release) == contended) futex_wake(word_, 1);
  }

 private:
  // unlocked: free; locked: held, nobody waits; contended: held, someone may sleep on the word.
  enum : int { unlocked = 0, locked = 1, contended = 2 };
  void lock_contended();
  std::atomic<int> word_{unlocked};
};

// Holds a lock for its scope.
template <class Lockable>
class lock_guard {
 public:
  explicit lock_guard(Lockable& m) : m_(m) { m_.lock(); }
  ~lock_guard() { m_.unlock(); }
  lock_guard(const lock_guard&) = delete;
  lock_guard& operator=(const lock_guard&) = delete;

 private:
  Lockable& m_;
};

}  // namespace rawthread
