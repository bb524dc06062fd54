// SPDX-License-Identifier: MIT
// Floating point from threads, freestanding: eight threads each print three lines of doubles
// (shortest, io::fixed/sci/general and printf's %e %f %g %a) through their own io::writer into
// one pipe; meson.build checks (with tests/examples/run_and_check.py) that exactly the lines
// glibc and std::to_chars would give came out, whole, in any order.
#include <rawthread/io.hpp>
#include <rawthread/thread.hpp>

#include "check.hpp"

namespace {

int print_lines(int i) {
  rawthread::io::writer out(1);
  const double values[] = {1.0 / (i + 1), -(i + 1) * 1.25e10, (i + 1) * 1e-300};
  for (int line = 0; line < 3; ++line) {
    double x = values[line];
    out.print("thread ", i, " line ", line, ": ", x, ' ', rawthread::io::fixed(x, 3), ' ',
              rawthread::io::sci(x, 2), ' ', rawthread::io::general(x, 4), ' ');
    out.printf("%+.4e|%08.2f|%#g|%.3a\n", x, x, x, x);
  }
  return out.flush() ? 0 : 1;
}

}  // namespace

int main() {
  constexpr int thread_count = 8;
  rawthread::thread threads[thread_count];
  for (int i = 0; i < thread_count; ++i) {
    auto t = rawthread::spawn([i] { return print_lines(i); });
    if (!CHECK(t.has_value())) return test::verdict();
    threads[i] = static_cast<rawthread::thread&&>(*t);
  }
  for (auto& t : threads) {
    auto joined = t.join();
    CHECK(joined.has_value() && *joined == 0);
  }
  return test::verdict();
}
