// SPDX-License-Identifier: MIT
// The output layer in a freestanding program: printf-style and print-style formatting checked
// byte for byte, and eight threads, each with its own io::writer, writing numbered lines into one
// file that main then reads back: every line whole and present exactly once.
#include <cstddef>

#include <rawthread/io.hpp>
#include <rawthread/syscall.hpp>
#include <rawthread/thread.hpp>

#include "check.hpp"

namespace {

namespace io = rawthread::io;
namespace sys = rawthread::sys;

constexpr int thread_count = 8;
constexpr int lines = 500;
constexpr const char* file_name = "freestanding_io.txt";

bool equal(const char* a, std::size_t n, const char* b) {
  std::size_t i = 0;
  for (; i < n; ++i)
    if (b[i] != a[i]) return false;
  return b[i] == '\0';
}

// Reads a decimal number at p, moving p past it; -1 when there is none.
int number_at(const char*& p) {
  if (*p < '0' || *p > '9') return -1;
  int v = 0;
  for (; *p >= '0' && *p <= '9'; ++p) v = v * 10 + (*p - '0');
  return v;
}

bool skip(const char*& p, const char* word) {
  for (; *word != '\0'; ++word, ++p)
    if (*p != *word) return false;
  return true;
}

// What each thread formatted with snprintf, for main to check.
char formatted[thread_count][32];
std::size_t formatted_length[thread_count];
char contents[thread_count * lines * 24];
char seen[thread_count][lines];

}  // namespace

int main() {
  char buf[96];
  std::size_t n = io::snprintf(buf, sizeof buf, "%5d|%-4s|%#x|%+.3d|%c|%.2s|%lld", 42, "ab",
                               255u, 7, 'z', "xyz", -9000000000LL);
  CHECK(equal(buf, n, "   42|ab  |0xff|+007|z|xy|-9000000000"));
  n = io::format_to(buf, sizeof buf, "x=", -5, ' ', io::hex(0xbeefu), ' ', io::dec(3, 4, '0'),
                    ' ', true);
  CHECK(equal(buf, n, "x=-5 beef 0003 true"));

  auto fd = sys::openat(sys::at_fdcwd, file_name,
                        sys::o_wronly | sys::o_creat | sys::o_trunc | sys::o_cloexec, 0644);
  if (!CHECK(fd.has_value())) return test::verdict();
  rawthread::thread threads[thread_count];
  for (int t = 0; t < thread_count; ++t) {
    auto spawned = rawthread::spawn([t, out = *fd] {
      formatted_length[t] =
          io::snprintf(formatted[t], sizeof formatted[t], "[%03d:%x]", t, t * 17);
      io::writer w(out);
      for (int i = 0; i < lines; ++i) {
        auto r = i % 2 == 0 ? w.println("thread ", t, " line ", i)
                            : w.printf("thread %d line %d\n", t, i);
        if (!r) return 1;
      }
      return w.flush() ? 0 : 1;
    });
    if (!CHECK(spawned.has_value())) return test::verdict();
    threads[t] = static_cast<rawthread::thread&&>(*spawned);
  }
  for (auto& t : threads) {
    auto joined = t.join();
    CHECK(joined.has_value() && *joined == 0);
  }
  (void)sys::close(*fd);

  for (int t = 0; t < thread_count; ++t) {
    char expected[32];
    std::size_t len = io::format_to(expected, sizeof expected, '[', io::dec(t, 3, '0'), ':',
                                    io::hex(t * 17), ']');
    expected[len] = '\0';
    CHECK(equal(formatted[t], formatted_length[t], expected));
  }

  auto in = sys::openat(sys::at_fdcwd, file_name, sys::o_rdonly | sys::o_cloexec);
  if (!CHECK(in.has_value())) return test::verdict();
  std::size_t total = 0;
  for (;;) {
    auto got = sys::read(*in, contents + total, sizeof contents - 1 - total);
    if (!got || *got == 0) break;
    total += *got;
  }
  (void)sys::close(*in);
  contents[total] = '\0';

  int bad = 0, repeated = 0, count = 0;
  for (const char* p = contents; *p != '\0'; ++count) {
    int t = -1, i = -1;
    bool ok = skip(p, "thread ") && (t = number_at(p)) >= 0 && skip(p, " line ") &&
              (i = number_at(p)) >= 0 && *p == '\n' && t < thread_count && i < lines;
    if (!ok) ++bad;
    else if (seen[t][i]++ != 0) ++repeated;
    while (*p != '\0' && *p++ != '\n') {
    }
  }
  CHECK(bad == 0);
  CHECK(repeated == 0);
  CHECK(count == thread_count * lines);
  return test::verdict();
}
