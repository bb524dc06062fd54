// SPDX-License-Identifier: MIT
#include "io/sinks.hpp"

#include <doctest.h>

#include <cstdio>
#include <cstdlib>
#include <fcntl.h>
#include <fstream>
#include <poll.h>
#include <sstream>
#include <sys/socket.h>
#include <unistd.h>
#include <vector>

#include <rawthread/thread.hpp>

namespace test {

const char dots[140] = {
#define TEN '.', '.', '.', '.', '.', '.', '.', '.', '.', '.'
    TEN, TEN, TEN, TEN, TEN, TEN, TEN, TEN, TEN, TEN, TEN, TEN, TEN, TEN,
#undef TEN
};

std::size_t dots_for(int t, int i) { return static_cast<std::size_t>((i * 7 + t) % 140); }

pipe::pipe() {
  int fds[2];
  REQUIRE(::pipe2(fds, O_CLOEXEC) == 0);
  read_end = fds[0];
  write_end = fds[1];
  ::fcntl(read_end, F_SETFL, O_NONBLOCK);
}

pipe::~pipe() {
  if (read_end >= 0) ::close(read_end);
  if (write_end >= 0) ::close(write_end);
}

std::string pipe::drain() {
  std::string out;
  char buf[65536];
  for (ssize_t n; (n = ::read(read_end, buf, sizeof buf)) > 0;) out.append(buf, static_cast<std::size_t>(n));
  return out;
}

std::string pipe::collect(const std::atomic<int>& finished, int writers) {
  std::string out;
  for (;;) {
    std::string got = drain();
    if (!got.empty()) {
      out += got;
      continue;
    }
    // Writers bump `finished` after their last write, so one more drain after seeing them all
    // done picks up everything.
    if (finished.load() == writers) return out + drain();
    pollfd pfd{read_end, POLLIN, 0};
    ::poll(&pfd, 1, 10);
  }
}

packet_pair::packet_pair() {
  int fds[2];
  REQUIRE(::socketpair(AF_UNIX, SOCK_SEQPACKET | SOCK_CLOEXEC, 0, fds) == 0);
  read_end = fds[0];
  write_end = fds[1];
}

packet_pair::~packet_pair() {
  ::close(read_end);
  ::close(write_end);
}

std::vector<std::string> packet_pair::messages() {
  std::vector<std::string> out;
  static char buf[1 << 17];
  for (ssize_t n; (n = ::recv(read_end, buf, sizeof buf, MSG_DONTWAIT)) > 0;)
    out.emplace_back(buf, static_cast<std::size_t>(n));
  return out;
}

temp_file::temp_file() {
  const char* dir = std::getenv("TMPDIR");
  std::string name = std::string(dir != nullptr ? dir : "/tmp") + "/rawthread-io-XXXXXX";
  fd = ::mkstemp(name.data());
  REQUIRE(fd >= 0);
  path = name;
}

temp_file::~temp_file() {
  ::close(fd);
  ::unlink(path.c_str());
}

std::string temp_file::contents() const {
  std::ifstream in(path, std::ios::binary);
  std::ostringstream all;
  all << in.rdbuf();
  return all.str();
}

void check_numbered_lines(const std::string& text, int writers, int lines) {
  std::vector<char> seen(static_cast<std::size_t>(writers) * static_cast<std::size_t>(lines), 0);
  int bad = 0, duplicates = 0, total = 0;
  std::string first_bad;
  std::size_t start = 0;
  while (start < text.size()) {
    std::size_t end = text.find('\n', start);
    if (end == std::string::npos) end = text.size();
    std::string line = text.substr(start, end - start);
    start = end + 1;
    ++total;
    int t = -1, i = -1;
    bool ok = std::sscanf(line.c_str(), "thread %d line %d", &t, &i) == 2 && t >= 0 &&
              t < writers && i >= 0 && i < lines;
    if (ok) {
      std::string expected = "thread " + std::to_string(t) + " line " + std::to_string(i) + " " +
                             std::string(dots_for(t, i), '.') + " end";
      ok = line == expected;
    }
    if (!ok) {
      if (bad++ == 0) first_bad = line;
      continue;
    }
    char& mark = seen[static_cast<std::size_t>(t) * static_cast<std::size_t>(lines) +
                      static_cast<std::size_t>(i)];
    if (mark) ++duplicates;
    mark = 1;
  }
  int missing = 0;
  for (char s : seen) missing += s == 0;
  INFO("first bad line: " << first_bad);
  CHECK(bad == 0);
  CHECK(duplicates == 0);
  CHECK(missing == 0);
  CHECK(total == writers * lines);
  CHECK((text.empty() || text.back() == '\n'));
}

namespace {
// Starts `write` on each of `count` threads; `after` runs in each thread once it is done.
template <class After>
void start_writers(rawthread::thread* workers, int count, int lines, int fd, line_writer write,
                   std::atomic<int>& failures, After& after) {
  for (int t = 0; t < count; ++t) {
    auto w = rawthread::spawn([=, &failures, &after] {
      write(fd, t, lines, failures);
      after();
    });
    REQUIRE(w.has_value());
    workers[t] = std::move(*w);
  }
}
}  // namespace

void check_threads_into_pipe(int threads, int lines, line_writer write) {
  test::pipe p;
  std::atomic<int> failures{0}, finished{0};
  auto done = [&finished] { finished.fetch_add(1); };
  std::vector<rawthread::thread> workers(static_cast<std::size_t>(threads));
  start_writers(workers.data(), threads, lines, p.write_end, write, failures, done);
  std::string all = p.collect(finished, threads);
  for (auto& w : workers) REQUIRE(w.join().has_value());
  CHECK(failures.load() == 0);
  check_numbered_lines(all, threads, lines);
}

void check_threads_into_file(int threads, int lines, line_writer write) {
  temp_file file;
  std::atomic<int> failures{0};
  auto nothing = [] {};
  {
    std::vector<rawthread::thread> workers(static_cast<std::size_t>(threads));
    start_writers(workers.data(), threads, lines, file.fd, write, failures, nothing);
  }  // joined here
  CHECK(failures.load() == 0);
  check_numbered_lines(file.contents(), threads, lines);
}

}  // namespace test
