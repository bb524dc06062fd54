// Cached create+join, between two markers that check_syscalls.py finds in strace's log: each one
// should cost clone, the thread's exit and at most the joiner's futex wait, and nothing else.
#include <unistd.h>

#include <rawthread/thread.hpp>

namespace {
int nothing(void*) { return 0; }

// A write to fd -1 fails at once (EBADF) and stands out in the log.
void marker(const char* text, unsigned long length) { (void)rawthread::sys::write(-1, text, length); }
}  // namespace

int main() {
  constexpr int warm_up = 10;
  constexpr int measured = 200;
  for (int i = 0; i < warm_up; ++i) {
    auto t = rawthread::spawn(nothing, nullptr);
    if (!t || !t->join()) return 1;
  }
  marker("begin", 5);
  for (int i = 0; i < measured; ++i) {
    auto t = rawthread::spawn(nothing, nullptr);
    if (!t || !t->join()) return 1;
  }
  marker("end", 3);
  return 0;
}
