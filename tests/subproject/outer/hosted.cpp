// SPDX-License-Identifier: MIT
// Hosted C++: threads sum a range and print through rawthread's output layer.
#include <atomic>

#include <rawthread/io.hpp>
#include <rawthread/thread.hpp>

int main() {
  std::atomic<long> total{0};
  rawthread::thread threads[4];
  for (long part = 0; part < 4; ++part) {
    auto t = rawthread::spawn([&total, part] {
      long sum = 0;
      for (long i = part * 1000; i < (part + 1) * 1000; ++i) sum += i;
      total += sum;
      rawthread::io::println(1, "part ", part, " done");
    });
    if (!t) return 1;
    threads[part] = std::move(*t);
  }
  for (auto& t : threads)
    if (!t.join()) return 1;
  return total == 3999L * 4000 / 2 ? 0 : 1;
}
