// SPDX-License-Identifier: MIT
// <rawthread/io/write_result.hpp>: what an output call returns.
#pragma once

#include <cstddef>

#include <rawthread/result.hpp>

namespace rawthread::io {

// A result<std::size_t> that also says how far the call got before an error. On success
// value() == written(). On failure error() is the errno code (EBADF, EPIPE, EAGAIN on a full
// non-blocking fd, EFBIG, ...) and written() counts the bytes handled before it: for the fd
// functions, bytes the kernel accepted; for a writer, bytes of this call taken into its buffer or
// written. Nothing is dropped without the caller being able to see it here.
//
// Unlike result<T> it may be discarded, like printf's return value.
class write_result : public result<std::size_t> {
 public:
  constexpr write_result(std::size_t n) : result<std::size_t>(n), written_(n) {}
  constexpr write_result(failure f, std::size_t written)
      : result<std::size_t>(f), written_(written) {}

  constexpr std::size_t written() const { return written_; }

 private:
  std::size_t written_;
};

}  // namespace rawthread::io
