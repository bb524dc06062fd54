// SPDX-License-Identifier: MIT
// print and println of a single char array, the commonest call: the writes fd_sink would make
// for it (one write up to pipe_buf bytes with the newline, else the text straight from the
// caller's memory), without the formatting machinery, so a program that only prints literals
// carries none of it.
#include <rawthread/io/print.hpp>

namespace rawthread::io::detail {

write_result write_text(int fd, const char* text, std::size_t extent, bool newline) {
  std::size_t n = 0;
  while (n < extent && text[n] != '\0') ++n;
  if (newline && n < pipe_buf) {
    char line[pipe_buf];
    __builtin_memcpy(line, text, n);
    line[n] = '\n';
    return write_all(fd, line, n + 1);
  }
  write_result r = write_all(fd, text, n);
  if (!newline || !r) return r;
  write_result end = write_all(fd, "\n", 1);
  if (!end) return write_result(failure(end.error()), r.written());
  return write_result(r.written() + 1);
}

}  // namespace rawthread::io::detail
