// SPDX-License-Identifier: MIT
// Test helpers for the output layer: the sinks tests write into (a pipe, a socket pair that keeps
// write boundaries, a temporary file) and the many-threads line check. Main thread only: they
// use libc and the heap.
#pragma once

#include <atomic>
#include <string>
#include <vector>

namespace test {

struct pipe {
  int read_end = -1;
  int write_end = -1;
  pipe();
  ~pipe();
  pipe(const pipe&) = delete;
  pipe& operator=(const pipe&) = delete;

  // Everything readable right now.
  std::string drain();
  // Reads while writers run, until `finished` reaches `writers`, then what is left.
  std::string collect(const std::atomic<int>& finished, int writers);
};

// A SOCK_SEQPACKET socket pair: each write(2) on write_end arrives as one message, so a test
// can see exactly how many writes a call made and where each one ended.
struct packet_pair {
  int read_end = -1;
  int write_end = -1;
  packet_pair();
  ~packet_pair();
  packet_pair(const packet_pair&) = delete;
  packet_pair& operator=(const packet_pair&) = delete;

  // The messages waiting, one per write.
  std::vector<std::string> messages();
};

// A regular file in the temporary folder, removed when done.
struct temp_file {
  int fd = -1;
  std::string path;
  temp_file();
  ~temp_file();
  temp_file(const temp_file&) = delete;
  temp_file& operator=(const temp_file&) = delete;
  std::string contents() const;
};

// The line writer `t` prints as its line `i` in the multi-thread tests: "thread T line I
// <dots> end", with (i * 7 + t) % 140 dots so lengths vary.
std::size_t dots_for(int t, int i);
extern const char dots[140];

// Writes the numbered lines of thread t (all `lines` of them) to fd, counting failed calls.
using line_writer = void (*)(int fd, int t, int lines, std::atomic<int>& failures);

// Runs `write` on `threads` rawthread threads at once into one pipe (read by the calling thread
// as they go) or one regular file, then checks the result with check_numbered_lines.
void check_threads_into_pipe(int threads, int lines, line_writer write);
void check_threads_into_file(int threads, int lines, line_writer write);

// Checks that `text` is exactly `writers` x `lines` such lines, each present once, none torn.
void check_numbered_lines(const std::string& text, int writers, int lines);

}  // namespace test
