// SPDX-License-Identifier: MIT
// The printf entry points: each one picks a sink and runs the format engine into it.
#include <rawthread/io/fd_sink.hpp>
#include <rawthread/io/printf.hpp>

namespace rawthread::io {

write_result vprintf(int fd, const char* fmt, va_list ap) {
  detail::fd_sink s(fd);
  detail::vformat(s, fmt, ap);
  return s.finish();
}

write_result printf(int fd, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  write_result r = vprintf(fd, fmt, ap);
  va_end(ap);
  return r;
}

std::size_t vsnprintf(char* buf, std::size_t cap, const char* fmt, va_list ap) {
  // One byte is kept back for the terminator.
  detail::bounded_sink s(buf, cap != 0 ? cap - 1 : 0);
  detail::vformat(s, fmt, ap);
  if (cap != 0) buf[s.stored()] = '\0';
  return s.length();
}

std::size_t snprintf(char* buf, std::size_t cap, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  std::size_t n = vsnprintf(buf, cap, fmt, ap);
  va_end(ap);
  return n;
}

}  // namespace rawthread::io
