// Private futex wait/wake on a std::atomic<int> word.
#include <rawthread/sync.hpp>
#include <rawthread/syscall.hpp>

namespace rawthread {

void futex_wait(std::atomic<int>& word, int expected) {
  (void)sys::futex(&word, sys::futex_wait | sys::futex_private_flag, expected);
}

int futex_wake(std::atomic<int>& word, int count) {
  return sys::futex(&word, sys::futex_wake | sys::futex_private_flag, count).value_or(0);
}

}  // namespace rawthread
