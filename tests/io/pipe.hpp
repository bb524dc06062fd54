// Test helpers for the output layer: a pipe read by the main thread while children write to it,
// and a checker for numbered lines. Main thread only (they use libc and the heap).
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

// Checks that `text` is exactly `writers` x `lines` such lines, each present once, none torn.
void check_numbered_lines(const std::string& text, int writers, int lines);

}  // namespace test
