// io::print and io::println on real file descriptors: bytes, atomicity and errors.
#include <doctest.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstdio>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>

#include <rawthread/io.hpp>
#include <rawthread/thread.hpp>

#include "io/sinks.hpp"
#include "support.hpp"

using namespace rawthread;

TEST_CASE("println writes its arguments and a newline in one write") {
  test::pipe p;
  auto r = io::println(p.write_end, "n=", 42, " h=", io::hex(255), ' ', true);
  REQUIRE(r.has_value());
  CHECK(*r == 15);
  CHECK(r.written() == 15);
  CHECK(p.drain() == "n=42 h=ff true\n");
  CHECK(io::print(p.write_end, "").value() == 0);
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
