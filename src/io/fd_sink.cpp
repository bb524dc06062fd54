// SPDX-License-Identifier: MIT
// Output of one print/printf call to a file descriptor.
#include <rawthread/io/fd_sink.hpp>

#include "../sys/raw.hpp"

namespace rawthread::io::detail {

write_result write_all(int fd, const char* bytes, std::size_t n) {
  std::size_t done = 0;
  while (done < n) {
    auto r = sys::raw::write(fd, bytes + done, n - done);
    if (!r) {
      if (r.error() == errc::eintr) continue;
      return write_result(failure(r.error()), done);
    }
    // A zero-byte write would make this loop spin forever; nothing more will get through.
    if (*r == 0) return write_result(failure(errc::eio), done);
    done += *r;
  }
  return write_result(done);
}

void fd_sink::send(const char* bytes, std::size_t n) {
  // After an error the rest of the call is dropped: finish() reports the error and the count.
  if (error_ != 0) return;
  write_result r = write_all(fd_, bytes, n);
  written_ += r.written();
  if (!r) error_ = r.error();
}

void fd_sink::drain() {
  send(begin_, used());
  pos_ = begin_;
}

void fd_sink::spill(sink& base, const char* bytes, std::size_t n) {
  auto& s = static_cast<fd_sink&>(base);
  if (n >= pipe_buf) {
    // Copying it through the buffer would only cut it into more writes.
    s.drain();
    s.send(bytes, n);
    return;
  }
  std::size_t first = s.room();
  __builtin_memcpy(s.pos_, bytes, first);
  s.pos_ += first;
  s.drain();
  __builtin_memcpy(s.pos_, bytes + first, n - first);
  s.pos_ += n - first;
}

write_result fd_sink::finish() {
  if (used() != 0) drain();
  if (error_ != 0) return write_result(failure(error_), written_);
  return write_result(written_);
}

}  // namespace rawthread::io::detail
