// SPDX-License-Identifier: MIT
// Freestanding C++ (no libc at all): thread_local in every thread, results through join.
#include <rawthread/io.hpp>
#include <rawthread/thread.hpp>

namespace {
thread_local int calls = 0;

int count_calls(int n) {
  for (int i = 0; i < n; ++i) ++calls;
  return calls;
}
}  // namespace

int main() {
  rawthread::thread threads[3];
  for (int i = 0; i < 3; ++i) {
    auto t = rawthread::spawn([i] { return count_calls(10 * (i + 1)); });
    if (!t) return 1;
    threads[i] = std::move(*t);
  }
  count_calls(5);
  int sum = 0;
  for (auto& t : threads) {
    auto r = t.join();
    if (!r) return 1;
    sum += *r;
  }
  rawthread::io::println(1, "freestanding: threads counted ", sum, ", main ", calls);
  return sum == 60 && calls == 5 ? 0 : 1;
}
