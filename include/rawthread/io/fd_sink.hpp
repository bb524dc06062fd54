// SPDX-License-Identifier: MIT
// <rawthread/io/fd_sink.hpp>: the stack buffer behind io::print and io::printf (internal).
#pragma once

#include <cstddef>

#include <rawthread/io/sink.hpp>
#include <rawthread/io/write_result.hpp>

namespace rawthread::io::detail {

// Writes all of [bytes, bytes + n) to fd: short writes resumed, EINTR retried, any other error
// (or a write that makes no progress: EIO) returned with the count that got through.
write_result write_all(int fd, const char* bytes, std::size_t n);

// Collects one call's output in pipe_buf bytes of stack so that output up to that size leaves in
// a single write(2). Longer output goes out in pipe_buf pieces, and a single piece of text at
// least that long is written straight from the caller's memory. After an error the rest of the
// call's output is dropped and the error reported by finish().
class fd_sink : public sink {
 public:
  explicit fd_sink(int fd) : sink(buf_, buf_ + pipe_buf, spill), fd_(fd) {}
  // Writes what is still buffered; the whole call's outcome.
  write_result finish();

 private:
  static void spill(sink& s, const char* bytes, std::size_t n);
  void drain();
  void send(const char* bytes, std::size_t n);

  int fd_;
  int error_ = 0;
  std::size_t written_ = 0;
  char buf_[pipe_buf];
};

}  // namespace rawthread::io::detail
