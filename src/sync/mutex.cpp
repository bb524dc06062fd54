// The slow path of mutex::lock: mark the word contended and sleep until the holder wakes us.
#include <rawthread/sync.hpp>

namespace rawthread {

void mutex::lock_contended() {
  // Whoever takes the lock from here on leaves it marked contended, so the next unlock wakes
  // a sleeper; one spurious wake at worst when nobody is left.
  while (word_.exchange(contended, std::memory_order_acquire) != unlocked)
    futex_wait(word_, contended);
}

}  // namespace rawthread
