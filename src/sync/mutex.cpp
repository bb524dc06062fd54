// The slow paths of mutex: spin, then sleep on the word marked contended.
#include <rawthread/sync.hpp>

#include "spin.hpp"

namespace rawthread {

void mutex::lock_contended() {
  // A spinner that wins takes the lock as plain `locked` even if others sleep: the sleeper
  // woken by the last unlock marks the word contended again before it sleeps on.
  bool taken = detail::spin_until([this] {
    int seen = word_.load(std::memory_order_relaxed);
    return seen == unlocked && word_.compare_exchange_weak(seen, locked,
                                                           std::memory_order_acquire,
                                                           std::memory_order_relaxed);
  });
  if (!taken) lock_as_contended();
}

void mutex::lock_as_contended() {
  // Whoever takes the lock from here on leaves it marked contended, so the next unlock wakes
  // a sleeper; one needless wake at worst when nobody is left.
  while (word_.exchange(contended, std::memory_order_acquire) != unlocked)
    (void)futex_wait(word_, contended);
}

void mutex::unlock_slow(int previous) {
  if (previous == unlocked) __builtin_trap();  // unlock of a mutex nobody held
  (void)futex_wake(word_, 1);
}

}  // namespace rawthread
