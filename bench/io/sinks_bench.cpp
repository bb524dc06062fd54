// SPDX-License-Identifier: MIT
// 4 threads x 200,000 lines into one sink (/dev/null, a regular file, a pipe drained by a
// reader thread): rawthread threads with an io::writer each, against glibc printf from pthreads
// (stdout pointed at the sink, fully buffered) and snprintf + one write(2) per line from
// pthreads; io::println per line is shown against the latter, and writers against the floor:
// the same bytes preformatted, written in 4 KiB pieces (what the sink alone costs). Lines per
// second, medians of interleaved rounds. Goal (issue 4): writers at least 3x printf on every
// sink.
// Usage: sinks_bench [scale] (default 1.0; smaller runs shorter).
#include <fcntl.h>
#include <sys/stat.h>
#include <unistd.h>

#include <atomic>
#include <cstdio>
#include <cstdlib>
#include <string>
#include <thread>
#include <vector>

#include <rawthread/io.hpp>
#include <rawthread/thread.hpp>

#include "measure.hpp"

namespace {

constexpr int threads = 4;
constexpr int repeats = 5;
int lines = 200000;

// The same line in every contestant: "thread T line I value V hex H".
long value_of(int t, int i) { return (static_cast<long>(i) * 2654435761L) ^ (t * 977L); }

// Bytes all threads write in one round, for the pipe reader to know when it has everything.
std::size_t total_bytes() {
  std::size_t total = 0;
  char buf[128];
  for (int t = 0; t < threads; ++t)
    for (int i = 0; i < lines; ++i) {
      long v = value_of(t, i);
      total += static_cast<std::size_t>(std::snprintf(buf, sizeof buf, "thread %d line %d value %ld hex %lx\n", t, i, v,
                                  static_cast<unsigned long>(v)));
    }
  return total;
}

void writer_lines(int fd, int t) {
  rawthread::io::writer w(fd);
  for (int i = 0; i < lines; ++i) {
    long v = value_of(t, i);
    (void)w.println("thread ", t, " line ", i, " value ", v, " hex ",
                    rawthread::io::hex(static_cast<unsigned long>(v)));
  }
}

void println_lines(int fd, int t) {
  for (int i = 0; i < lines; ++i) {
    long v = value_of(t, i);
    (void)rawthread::io::println(fd, "thread ", t, " line ", i, " value ", v, " hex ",
                                 rawthread::io::hex(static_cast<unsigned long>(v)));
  }
}

void printf_lines(int, int t) {
  for (int i = 0; i < lines; ++i) {
    long v = value_of(t, i);
    std::printf("thread %d line %d value %ld hex %lx\n", t, i, v, static_cast<unsigned long>(v));
  }
}

void snprintf_write_lines(int fd, int t) {
  char buf[128];
  for (int i = 0; i < lines; ++i) {
    long v = value_of(t, i);
    int n = std::snprintf(buf, sizeof buf, "thread %d line %d value %ld hex %lx\n", t, i, v,
                          static_cast<unsigned long>(v));
    if (write(fd, buf, static_cast<std::size_t>(n)) != n) std::abort();
  }
}

// The floor: the same bytes, formatted in advance, written in the writer's 4 KiB pieces. What
// the sink itself costs; no formatting can beat it.
std::vector<std::string> blocks(threads);

void make_blocks() {
  char buf[128];
  for (int t = 0; t < threads; ++t) {
    blocks[t].clear();
    for (int i = 0; i < lines; ++i) {
      long v = value_of(t, i);
      int n = std::snprintf(buf, sizeof buf, "thread %d line %d value %ld hex %lx\n", t, i, v,
                            static_cast<unsigned long>(v));
      blocks[t].append(buf, static_cast<std::size_t>(n));
    }
  }
}

void preformatted_blocks(int fd, int t) {
  const std::string& b = blocks[t];
  for (std::size_t at = 0; at < b.size(); at += rawthread::io::pipe_buf) {
    std::size_t n = std::min(rawthread::io::pipe_buf, b.size() - at);
    if (write(fd, b.data() + at, n) != static_cast<ssize_t>(n)) std::abort();
  }
}

enum class kind { rawthread_threads, pthreads };

// One sink per measure: the fd writers use, and for a pipe the reader that drains it.
struct sink {
  const char* name;
  int fd = -1;
  int read_end = -1;
  std::string path;
};

// Runs `body` on 4 threads against the sink; returns lines per second. For a pipe the clock
// stops once the reader has every byte.
double run(kind k, void (*body)(int, int), sink& s, std::size_t expected_bytes) {
  if (!s.path.empty()) {
    if (ftruncate(s.fd, 0) != 0 || lseek(s.fd, 0, SEEK_SET) != 0) std::abort();
  }
  std::atomic<std::size_t> drained{0};
  std::thread reader;
  if (s.read_end >= 0)
    reader = std::thread([&] {
      static char buf[1 << 16];
      std::size_t got = 0;
      while (got < expected_bytes) {
        ssize_t n = read(s.read_end, buf, sizeof buf);
        if (n <= 0) std::abort();
        got += static_cast<std::size_t>(n);
      }
      drained.store(got);
    });

  auto start = std::chrono::steady_clock::now();
  if (k == kind::rawthread_threads) {
    std::vector<rawthread::thread> ts;
    for (int t = 0; t < threads; ++t) {
      auto th = rawthread::spawn([body, &s, t] { body(s.fd, t); });
      if (!th) std::abort();
      ts.push_back(std::move(*th));
    }
    for (auto& th : ts) (void)th.join();
  } else {
    std::vector<std::thread> ts;
    for (int t = 0; t < threads; ++t) ts.emplace_back([body, &s, t] { body(s.fd, t); });
    for (auto& th : ts) th.join();
    std::fflush(stdout);
  }
  if (reader.joinable()) reader.join();
  double secs = bench::seconds_since(start);
  if (!s.path.empty() && static_cast<std::size_t>(lseek(s.fd, 0, SEEK_END)) != expected_bytes)
    std::abort();
  return threads * static_cast<double>(lines) / secs;
}

// printf writes to stdout: point fd 1 at the sink for the duration, fully buffered with the
// buffer size glibc picks for a stream on that file (its st_blksize).
double run_printf(sink& s, std::size_t expected_bytes) {
  std::fflush(stdout);
  int saved = dup(1);
  if (saved < 0 || dup2(s.fd, 1) < 0) std::abort();
  struct stat st {};
  if (fstat(s.fd, &st) != 0) std::abort();
  static std::vector<char> buffer;
  buffer.assign(static_cast<std::size_t>(st.st_blksize), 0);
  std::setvbuf(stdout, buffer.data(), _IOFBF, buffer.size());
  double r = run(kind::pthreads, printf_lines, s, expected_bytes);
  std::fflush(stdout);
  dup2(saved, 1);
  close(saved);
  std::setvbuf(stdout, nullptr, _IOLBF, 0);
  return r;
}

}  // namespace

int main(int argc, char** argv) {
  double scale = argc > 1 ? std::atof(argv[1]) : 1.0;
  lines = std::max(1000, static_cast<int>(lines * scale));
  const std::size_t bytes = total_bytes();
  make_blocks();

  const char* dir = std::getenv("TMPDIR");
  std::string path = std::string(dir != nullptr ? dir : "/tmp") + "/rawthread-sinks-XXXXXX";
  int file_fd = mkstemp(path.data());
  int null_fd = open("/dev/null", O_WRONLY | O_CLOEXEC);
  int pipe_fds[2];
  if (file_fd < 0 || null_fd < 0 || pipe(pipe_fds) != 0) return 1;
  sink sinks[] = {{"/dev/null", null_fd, -1, {}},
                  {"regular file", file_fd, -1, path},
                  {"pipe", pipe_fds[1], pipe_fds[0], {}}};

  std::printf("%d threads x %d lines (%zu bytes) into each sink; lines/s in millions, medians "
              "of %d interleaved rounds\n",
              threads, lines, bytes, repeats);
  bench::header();
  for (sink& s : sinks) {
    std::vector<double> w, pf, sw, pl, floor;
    for (int r = 0; r < repeats; ++r) {
      w.push_back(run(kind::rawthread_threads, writer_lines, s, bytes) / 1e6);
      floor.push_back(run(kind::pthreads, preformatted_blocks, s, bytes) / 1e6);
      pf.push_back(run_printf(s, bytes) / 1e6);
      sw.push_back(run(kind::pthreads, snprintf_write_lines, s, bytes) / 1e6);
      pl.push_back(run(kind::rawthread_threads, println_lines, s, bytes) / 1e6);
    }
    std::string m = std::string("Mlines/s, writer, ") + s.name;
    bench::row(m.c_str(), "glibc printf", bench::median(w), bench::median(pf), "M/s", true);
    bench::row(m.c_str(), "snprintf+write", bench::median(w), bench::median(sw), "M/s", true);
    bench::row(m.c_str(), "write-only floor", bench::median(w), bench::median(floor), "M/s", true);
    std::string m2 = std::string("Mlines/s, io::println, ") + s.name;
    bench::row(m2.c_str(), "snprintf+write", bench::median(pl), bench::median(sw), "M/s", true);
    std::fflush(stdout);
  }
  unlink(path.c_str());
  return 0;
}
