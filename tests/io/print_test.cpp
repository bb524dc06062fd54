// SPDX-License-Identifier: MIT
// io::print and io::println on real file descriptors: bytes, atomicity and errors.
#include <doctest.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <string_view>
#include <unistd.h>
#include <vector>

#include <rawthread/io.hpp>
#include <rawthread/thread.hpp>

#include "io/sinks.hpp"
#include "support.hpp"

using namespace rawthread;
using messages = std::vector<std::string>;

TEST_CASE("println writes its arguments and a newline in one write") {
  test::pipe p;
  auto r = io::println(p.write_end, "n=", 42, " h=", io::hex(255), ' ', true);
  REQUIRE(r.has_value());
  CHECK(*r == 15);
  CHECK(r.written() == 15);
  CHECK(p.drain() == "n=42 h=ff true\n");
  CHECK(io::print(p.write_end, "").value() == 0);
}

TEST_CASE("an empty string_view, whose data() is null, prints as nothing") {
  // Copying from a null pointer is undefined even for zero bytes: the UBSan suite checks it.
  test::pipe p;
  const std::string_view empty;
  REQUIRE(empty.data() == nullptr);
  auto r = io::println(p.write_end, '[', empty, ']');
  REQUIRE(r.has_value());
  CHECK(p.drain() == "[]\n");
}

TEST_CASE("print and println of one char array make the writes any other call would") {
  // This call shape takes a path of its own (io/write_text.cpp): check its writes one by one.
  test::packet_pair out;
  auto line = io::println(out.write_end, "just text");
  REQUIRE(line.has_value());
  CHECK(*line == 10);
  CHECK(out.messages() == messages{"just text\n"});

  // The text ends at the array's first NUL, as for any char array argument.
  static const char with_nul[] = "ab\0cd";
  CHECK(io::println(out.write_end, with_nul).value() == 3);
  CHECK(io::print(out.write_end, with_nul).value() == 2);
  CHECK(out.messages() == messages{"ab\n", "ab"});

  // pipe_buf - 1 characters and the newline: still a single write.
  static char fits[4096];
  std::memset(fits, 'f', sizeof fits - 1);
  CHECK(io::println(out.write_end, fits).value() == 4096);
  CHECK(out.messages() == messages{std::string(4095, 'f') + "\n"});

  // One more and the text goes out straight from the array, the newline after it; print adds
  // nothing.
  static char longer[4097];
  std::memset(longer, 'l', sizeof longer - 1);
  CHECK(io::println(out.write_end, longer).value() == 4097);
  CHECK(io::print(out.write_end, longer).value() == 4096);
  const std::string text(4096, 'l');
  CHECK(out.messages() == messages{text, "\n", text});

  auto bad = io::println(-1, longer);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error() == EBADF);
  CHECK(bad.written() == 0);
}

TEST_CASE("print of more than PIPE_BUF bytes gets all of them out, in order") {
  test::pipe p;
  std::string big(10000, 'a');
  for (std::size_t i = 0; i < big.size(); i += 97) big[i] = static_cast<char>('b' + i % 20);
  // The pipe holds 64 KiB, so nothing blocks; read afterwards.
  auto r = io::println(p.write_end, big, 7, big.c_str(), std::string_view(big).substr(0, 5000));
  REQUIRE(r.has_value());
  std::string expected = big + "7" + big + big.substr(0, 5000) + "\n";
  CHECK(*r == expected.size());
  CHECK(p.drain() == expected);
}

TEST_CASE("print reports EBADF and EPIPE with the bytes written") {
  auto bad = io::println(-1, "x");
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error() == EBADF);
  CHECK(bad.written() == 0);

  auto old = std::signal(SIGPIPE, SIG_IGN);
  test::pipe p;
  ::close(p.read_end);
  p.read_end = -1;
  auto broken = io::print(p.write_end, "lost");
  std::signal(SIGPIPE, old);
  REQUIRE_FALSE(broken.has_value());
  CHECK(broken.error() == EPIPE);
  CHECK(broken.written() == 0);
}

TEST_CASE("print on a full non-blocking pipe returns EAGAIN and what got in") {
  test::pipe p;
  REQUIRE(::fcntl(p.write_end, F_SETFL, O_NONBLOCK) == 0);
  REQUIRE(::fcntl(p.write_end, F_SETPIPE_SZ, 4096) >= 0);
  std::string block(4096, 'q');
  auto first = io::print(p.write_end, block);  // fills the pipe exactly
  REQUIRE(first.has_value());
  auto second = io::print(p.write_end, "more");
  REQUIRE_FALSE(second.has_value());
  CHECK(second.error() == EAGAIN);
  CHECK(second.written() == 0);
  // Larger than the room: part of it goes in, the count says how much.
  CHECK(p.drain().size() == 4096);
  std::string large(3 * 4096, 'r');
  auto partial = io::print(p.write_end, large);
  REQUIRE_FALSE(partial.has_value());
  CHECK(partial.error() == EAGAIN);
  CHECK(partial.written() == p.drain().size());
  CHECK(partial.written() > 0);
}

TEST_CASE("println from 16 threads into one pipe never tears a line") {
  test::check_threads_into_pipe(16, test::scaled(2000), [](int fd, int t, int lines,
                                                           std::atomic<int>& failures) {
    for (int i = 0; i < lines; ++i) {
      auto r = io::println(fd, "thread ", t, " line ", i, ' ',
                           std::string_view(test::dots, test::dots_for(t, i)), " end");
      if (!r) failures.fetch_add(1);
    }
  });
}
