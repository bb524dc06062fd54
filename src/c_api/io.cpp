// SPDX-License-Identifier: MIT
// The C API's output: forwards to the output layer (<rawthread/io.hpp>).
#include <rawthread.h>

#include <limits>

#include <rawthread/errno.hpp>
#include <rawthread/io.hpp>

namespace rawthread {
namespace {

// Raw bytes as the output layer's string-like argument (it takes anything with data and size).
struct bytes {
  const char* p;
  std::size_t n;
  const char* data() const { return p; }
  std::size_t size() const { return n; }
};

int code_of(const io::write_result& r) { return r ? 0 : r.error(); }

}  // namespace
}  // namespace rawthread

using namespace rawthread;

extern "C" {

int rawthread_write(int fd, const void* buf, size_t len, size_t* written) {
  if (written != nullptr) *written = 0;
  if (buf == nullptr && len != 0) return errc::einval;
  auto r = io::print(fd, bytes{static_cast<const char*>(buf), len});
  if (written != nullptr) *written = r.written();
  return code_of(r);
}

int rawthread_print(int fd, const char* s) {
  if (s == nullptr) return errc::einval;
  return code_of(io::print(fd, s));
}

int rawthread_vprintf(int fd, const char* fmt, va_list ap) {
  if (fmt == nullptr) return errc::einval;
  return code_of(io::vprintf(fd, fmt, ap));
}

int rawthread_printf(int fd, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  const int code = rawthread_vprintf(fd, fmt, ap);
  va_end(ap);
  return code;
}

int rawthread_vsnprintf(char* buf, size_t cap, const char* fmt, va_list ap) {
  if (fmt == nullptr || (buf == nullptr && cap != 0)) return -1;
  const std::size_t length = io::vsnprintf(buf, cap, fmt, ap);
  constexpr auto int_max = static_cast<std::size_t>(std::numeric_limits<int>::max());
  return length > int_max ? -1 : static_cast<int>(length);
}

int rawthread_snprintf(char* buf, size_t cap, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  const int length = rawthread_vsnprintf(buf, cap, fmt, ap);
  va_end(ap);
  return length;
}

}  // extern "C"
