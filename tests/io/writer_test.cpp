// SPDX-License-Identifier: MIT
// io::writer: whole-line flushing, policies, long lines, many threads, signal handlers, errors.
#include <doctest.h>

#include <atomic>
#include <cerrno>
#include <csignal>
#include <cstring>
#include <fcntl.h>
#include <string>
#include <unistd.h>

#include <rawthread/io.hpp>
#include <rawthread/syscall.hpp>
#include <rawthread/thread.hpp>

#include "io/sinks.hpp"
#include "support.hpp"

using namespace rawthread;
using messages = std::vector<std::string>;

TEST_CASE("a writer keeps its output until flush, and its destructor flushes") {
  test::packet_pair out;
  {
    io::writer w(out.write_end);
    CHECK(w.capacity() == io::pipe_buf);
    auto r = w.println("a ", 1);
    REQUIRE(r.has_value());
    CHECK(*r == 4);
    CHECK(w.printf("%s %d\n", "b", 2).value() == 4);
    CHECK(w.print("c").value() == 1);
    CHECK(w.pending() == 9);
    CHECK(out.messages().empty());
    auto f = w.flush();
    REQUIRE(f.has_value());
    CHECK(*f == 9);
    CHECK(out.messages() == messages{"a 1\nb 2\nc"});
    CHECK(w.flush().value() == 0);
    w.println("last");
  }
  CHECK(out.messages() == messages{"last\n"});
}

TEST_CASE("a line-buffered writer writes the whole lines at the end of each call") {
  test::packet_pair out;
  io::writer w(out.write_end, io::buffering::line);
  (void)w.print("no newline yet");
  CHECK(out.messages().empty());
  (void)w.println(" done");
  CHECK(out.messages() == messages{"no newline yet done\n"});
  (void)w.printf("x\ny\npartial");
  CHECK(out.messages() == messages{"x\ny\n"});
  CHECK(w.pending() == 7);
}

TEST_CASE("a full buffer goes out up to its last newline, one write of whole lines") {
  test::packet_pair out;
  io::basic_writer<64> w(out.write_end);
  for (int i = 0; i < 7; ++i) (void)w.println("line ", i, " 12");  // 10 bytes each
  CHECK(out.messages() == messages{"line 0 12\nline 1 12\nline 2 12\nline 3 12\nline 4 12\n"
                                   "line 5 12\n"});
  CHECK(w.pending() == 10);
  // Many short lines in one piece of text: each write carries as many whole lines as fit.
  std::string block;
  for (int i = 0; i < 10; ++i) block += "0123456\n";
  (void)w.flush();
  io::basic_writer<32> small(out.write_end);
  (void)out.messages();
  (void)small.print(block);
  (void)small.flush();
  messages got = out.messages();
  REQUIRE(got.size() == 3);
  CHECK(got[0] == block.substr(0, 32));
  CHECK(got[1] == block.substr(32, 32));
  CHECK(got[2] == block.substr(64));
}

TEST_CASE("a line longer than the buffer: the buffered start, then the rest directly") {
  test::packet_pair out;
  io::basic_writer<16> w(out.write_end);
  std::string long_line(40, 'L');
  (void)w.print("whole\n", "start:");
  CHECK(w.pending() == 12);
  auto r = w.println(long_line);
  REQUIRE(r.has_value());
  CHECK(*r == 41);
  CHECK(out.messages() == messages{"whole\nstart:", long_line});
  // println's newline is a separate piece: it waits for the next write.
  CHECK(w.pending() == 1);
  (void)w.flush();
  CHECK(out.messages() == messages{"\n"});
  // Built from many small pieces it goes out a buffer at a time: all bytes, in order.
  for (int i = 0; i < 10; ++i) (void)w.print("abcdef");
  (void)w.println();
  (void)w.flush();
  std::string joined;
  for (auto& m : out.messages()) {
    CHECK(m.size() <= 16);
    joined += m;
  }
  std::string expected;
  for (int i = 0; i < 10; ++i) expected += "abcdef";
  CHECK(joined == expected + "\n");
}

TEST_CASE("io::print longer than PIPE_BUF: pipe_buf pieces, long text written directly") {
  test::packet_pair out;
  std::string big(10000, 'b');
  auto r = io::print(out.write_end, "head ", big, " tail");
  REQUIRE(r.has_value());
  CHECK(*r == 10010);
  CHECK(out.messages() == messages{"head ", big, " tail"});
  std::string piece(3000, 'p');
  (void)io::print(out.write_end, piece, piece, piece);
  messages got = out.messages();
  REQUIRE(got.size() == 3);
  CHECK(got[0].size() == 4096);
  CHECK(got[1].size() == 4096);
  CHECK(got[0] + got[1] + got[2] == piece + piece + piece);
}

namespace {
void write_numbered_lines(int fd, int t, int lines, std::atomic<int>& failures) {
  io::writer w(fd);
  for (int i = 0; i < lines; ++i) {
    auto r = w.println("thread ", t, " line ", i, ' ',
                       std::string_view(test::dots, test::dots_for(t, i)), " end");
    if (!r) failures.fetch_add(1);
  }
  if (!w.flush()) failures.fetch_add(1);
}
}  // namespace

TEST_CASE("16 threads with their own writers on one pipe: every line intact, exactly once") {
  test::check_threads_into_pipe(16, test::scaled(50000, 40), write_numbered_lines);
}

TEST_CASE("16 threads with their own writers on one regular file: every line intact, once") {
  test::check_threads_into_file(16, test::scaled(50000, 40), write_numbered_lines);
}

namespace {
std::atomic<int> handler_fd{-1};
std::atomic<int> handler_runs{0};

// Everything a handler may do here: a writer of its own on its own stack, no libc.
void print_from_handler(int signo) {
  io::basic_writer<128> w(handler_fd.load());
  int run = handler_runs.fetch_add(1);
  (void)w.printf("handler %d run %d\n", signo, run);
  (void)w.println("handler again ", run);
}
}  // namespace

TEST_CASE("a writer inside a signal handler, interrupting a thread that uses its own writer") {
  test::pipe p;
  handler_fd.store(p.write_end);
  handler_runs.store(0);
  struct sigaction action {}, old {};
  action.sa_handler = print_from_handler;
  sigemptyset(&action.sa_mask);
  REQUIRE(sigaction(SIGUSR1, &action, &old) == 0);

  // In the main thread first.
  REQUIRE(::raise(SIGUSR1) == 0);
  CHECK(p.drain() == "handler 10 run 0\nhandler again 0\n");

  const int lines = test::scaled(20000, 20);
  std::atomic<int> failures{0}, finished{0}, started{0};
  auto worker = spawn([&] {
    started.store(1);
    write_numbered_lines(p.write_end, 0, lines, failures);
    finished.fetch_add(1);
  });
  REQUIRE(worker.has_value());
  while (started.load() == 0) sched_yield();
  int signals_sent = 0;
  std::string all;
  while (finished.load() == 0) {
    if (sys::tgkill(sys::getpid(), worker->id(), SIGUSR1)) ++signals_sent;
    all += p.drain();
    usleep(200);
  }
  all += p.collect(finished, 1);
  REQUIRE(worker->join().has_value());
  sigaction(SIGUSR1, &old, nullptr);

  // The handler's lines sit between the thread's whole lines; take them out and check both.
  std::string thread_lines, handler_lines;
  int handler_count = 0;
  for (std::size_t start = 0; start < all.size();) {
    std::size_t end = all.find('\n', start) + 1;
    std::string line = all.substr(start, end - start);
    if (line.rfind("handler", 0) == 0) {
      handler_lines += line;
      ++handler_count;
    } else {
      thread_lines += line;
    }
    start = end;
  }
  CHECK(failures.load() == 0);
  test::check_numbered_lines(thread_lines, 1, lines);
  CHECK(signals_sent > 0);
  CHECK(handler_count == 2 * (handler_runs.load() - 1));
  CHECK(handler_runs.load() - 1 <= signals_sent);
}

TEST_CASE("writer errors: EBADF, EPIPE, and EAGAIN with nothing lost or repeated") {
  {
    io::writer w(-1, io::buffering::line);
    auto r = w.println("abc");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == EBADF);
    CHECK(r.written() == 4);  // taken into the buffer, still there
    CHECK(w.pending() == 4);
    auto f = w.flush();
    REQUIRE_FALSE(f.has_value());
    CHECK(f.error() == EBADF);
    CHECK(f.written() == 0);
  }
  auto old = std::signal(SIGPIPE, SIG_IGN);
  {
    test::pipe p;
    ::close(p.read_end);
    p.read_end = -1;
    io::writer w(p.write_end);
    (void)w.println("into a broken pipe");
    auto f = w.flush();
    REQUIRE_FALSE(f.has_value());
    CHECK(f.error() == EPIPE);
    CHECK(w.pending() == 19);  // kept: the destructor will try (and fail) once more
  }
  std::signal(SIGPIPE, old);
  {
    test::pipe p;
    REQUIRE(::fcntl(p.write_end, F_SETFL, O_NONBLOCK) == 0);
    REQUIRE(::fcntl(p.write_end, F_SETPIPE_SZ, 4096) >= 0);
    io::basic_writer<1024> w(p.write_end);
    std::string expected;
    int last_error = 0;
    std::size_t taken = 0;
    // 100-byte lines until the pipe is full and the writer's buffer with it.
    for (int i = 0; i < 100 && last_error == 0; ++i) {
      std::string line = std::to_string(1000 + i) + std::string(95, '.');
      auto r = w.println(line);
      taken += r.written();
      if (!r) last_error = r.error();
      if (r.written() == line.size() + 1) expected += line + "\n";
    }
    CHECK(last_error == EAGAIN);
    // Whatever was taken arrives once the reader catches up, in order, exactly once.
    std::string got = p.drain();
    auto f = w.flush();
    REQUIRE(f.has_value());
    got += p.drain();
    CHECK(got.size() == taken);
    CHECK(got.substr(0, expected.size()) == expected);
  }
}

namespace {

constexpr std::size_t page = 4096;

// A pipe of 16 pages whose non-blocking write end is full of whole "fill" lines, one page each.
// Returns what it holds.
std::string fill_pipe(test::pipe& p) {
  REQUIRE(::fcntl(p.write_end, F_SETFL, O_NONBLOCK) == 0);
  REQUIRE(::fcntl(p.write_end, F_SETPIPE_SZ, 16 * page) >= 0);
  const std::string line = std::string(page - 1, 'f') + "\n";
  std::string held;
  while (::write(p.write_end, line.data(), line.size()) == static_cast<ssize_t>(line.size()))
    held += line;
  REQUIRE(errno == EAGAIN);
  return held;
}

// Reads n bytes that are there, freeing that much of the pipe.
std::string take(test::pipe& p, std::size_t n) {
  std::string out(n, '\0');
  REQUIRE(::read(p.read_end, out.data(), n) == static_cast<ssize_t>(n));
  return out;
}

}  // namespace

// Comparisons of whole pipe contents are in double parentheses: on failure doctest then prints
// "false" rather than 64 KiB of text.
TEST_CASE("a write error ends the call: a prefix taken, its count exact, never a fragment line") {
  SUBCASE("lines shorter than the buffer") {
    test::pipe p;
    const std::string held = fill_pipe(p);
    io::basic_writer<1024> w(p.write_end);
    REQUIRE(w.println("first").has_value());
    // The long piece needs room, so the writer writes "first\n" out: EAGAIN. Nothing after that
    // may be taken (" tail" and the newline would fit), and "head " is an unfinished line of this
    // call: it is given back, so no later flush can send "head  tail\n" without its middle.
    auto r = w.println("head ", std::string(1010, 'x'), " tail");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == EAGAIN);
    CHECK(r.written() == 0);
    CHECK(w.pending() == 6);
    std::string got = p.drain();
    auto f = w.flush();
    CHECK(f.has_value());
    got += p.drain();
    CHECK((got == held + "first\n"));
    // The writer is usable again at once.
    REQUIRE(w.println("next").has_value());
    REQUIRE(w.flush().has_value());
    CHECK(p.drain() == "next\n");
  }
  SUBCASE("a line longer than the buffer, cut short by a partial write") {
    test::pipe p;
    const std::string filled = fill_pipe(p);
    // One page free: the long line's write gets that far, then EAGAIN.
    CHECK((take(p, page) == filled.substr(0, page)));
    const std::string held = filled.substr(page);
    io::basic_writer<1024> w(p.write_end);
    const std::string line = std::string(4996, 'x');
    auto r = w.println(line, "END");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == EAGAIN);
    CHECK(r.written() > 0);
    CHECK(r.written() < line.size());
    CHECK(w.pending() == 0);  // not "END\n"
    std::string got = p.drain();
    auto f = w.flush();
    CHECK(f.has_value());
    CHECK(f.written() == 0);
    got += p.drain();
    REQUIRE(got.size() >= held.size());
    CHECK((got.substr(0, held.size()) == held));
    CHECK((got.substr(held.size()) == line.substr(0, r.written())));
  }
  SUBCASE("print with a head that fails and a tail that would fit") {
    test::pipe p;
    const std::string held = fill_pipe(p);
    io::basic_writer<1024> w(p.write_end);
    REQUIRE(w.print("whole line\n").has_value());
    auto r = w.print(std::string(2000, 'y'), " tail");
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == EAGAIN);
    CHECK(r.written() == 0);
    CHECK(w.pending() == 11);
    std::string got = p.drain();
    CHECK(w.flush().has_value());
    got += p.drain();
    CHECK((got == held + "whole line\n"));
  }
}
