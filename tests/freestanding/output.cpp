// SPDX-License-Identifier: MIT
// Output from threads through io::println: eight threads print a line each while main prints
// its own; meson.build checks (with tests/examples/run_and_check.py) that exactly these lines
// came out, whole, in any order.
#include <rawthread/io.hpp>
#include <rawthread/thread.hpp>

#include "check.hpp"

int main() {
  constexpr int thread_count = 8;
  rawthread::thread threads[thread_count];
  for (int i = 0; i < thread_count; ++i) {
    auto t = rawthread::spawn([i] {
      auto written = rawthread::io::println(1, "thread ", i, " says hello from its own TLS");
      return written ? 0 : 1;
    });
    if (!CHECK(t.has_value())) return test::verdict();
    threads[i] = static_cast<rawthread::thread&&>(*t);
  }
  (void)rawthread::io::println(1, "main says hello");
  for (auto& t : threads) {
    auto joined = t.join();
    CHECK(joined.has_value() && *joined == 0);
  }
  return test::verdict();
}
