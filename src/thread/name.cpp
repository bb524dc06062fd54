// SPDX-License-Identifier: MIT
// Thread names after creation. The kernel renames only the calling thread (prctl); another
// thread's name is its comm file in /proc, which is what pthread_setname_np uses too.
#include <rawthread/thread.hpp>

#include <cstdint>

#include "../divide_by_constant.hpp"
#include "../sys/raw.hpp"
#include "control.hpp"
#include "exit_wait.hpp"
#include "name_copy.hpp"

namespace rawthread {
namespace {

// "/proc/self/task/<tid>/comm", NUL-terminated, in `path`.
void comm_path(char (&path)[48], int tid) {
  constexpr char head[] = "/proc/self/task/";
  constexpr char tail[] = "/comm";
  char digits[12];
  int n = 0;
  // quotient<10>, not `/`: 32-bit arm has no divide instruction, and freestanding programs
  // link no run-time library to call instead.
  for (auto v = static_cast<std::uint32_t>(tid); n == 0 || v != 0;) {
    const std::uint32_t rest = detail::quotient<10>(v);
    digits[n++] = static_cast<char>('0' + (v - rest * 10));
    v = rest;
  }
  std::size_t at = 0;
  for (std::size_t i = 0; i + 1 < sizeof head; ++i) path[at++] = head[i];
  while (n > 0) path[at++] = digits[--n];
  for (std::size_t i = 0; i < sizeof tail; ++i) path[at++] = tail[i];
}

// The thread's comm file, opened with `flags`. A thread that has ended has no task directory
// any more: ESRCH, as for a signal sent to it.
result<int> open_comm(int tid, int flags) {
  char path[48];
  comm_path(path, tid);
  auto fd = sys::raw::openat(sys::at_fdcwd, path, flags | sys::o_cloexec);
  if (!fd && fd.error() == errc::enoent) return failure(errc::esrch);
  return fd;
}

}  // namespace

result<void> thread::set_name(const char* name) const {
  if (block_ == nullptr || name == nullptr) return failure(errc::einval);
  char copy[16];
  if (!detail::copy_name(copy, name)) return failure(errc::einval);
  if (detail::called_by(block_)) return this_thread::set_name(copy);
  if (detail::has_exited(block_)) return failure(errc::esrch);
  auto fd = open_comm(block_->tid, sys::o_wronly);
  if (!fd) return failure(fd.error());
  std::size_t length = 0;
  while (copy[length] != '\0') ++length;
  auto written = sys::raw::write(*fd, copy, length);
  (void)sys::raw::close(*fd);
  if (!written) return failure(written.error() == errc::enoent ? errc::esrch : written.error());
  return {};
}

result<thread_name> thread::name() const {
  if (block_ == nullptr) return failure(errc::einval);
  if (detail::called_by(block_)) return this_thread::name();
  if (detail::has_exited(block_)) return failure(errc::esrch);
  auto fd = open_comm(block_->tid, sys::o_rdonly);
  if (!fd) return failure(fd.error());
  thread_name out;
  auto got = sys::raw::read(*fd, out.text, sizeof out.text - 1);
  (void)sys::raw::close(*fd);
  if (!got) return failure(got.error());
  // The file ends the name with a newline.
  std::size_t length = *got;
  if (length > 0 && out.text[length - 1] == '\n') --length;
  out.text[length] = '\0';
  return out;
}

namespace this_thread {

result<void> set_name(const char* name) {
  if (name == nullptr) return failure(errc::einval);
  char copy[16];
  if (!detail::copy_name(copy, name)) return failure(errc::einval);
  auto r = sys::raw::prctl(sys::pr_set_name, reinterpret_cast<unsigned long>(copy));
  if (!r) return failure(r.error());
  return {};
}

thread_name name() {
  thread_name out;
  // The kernel writes at most 16 bytes, NUL included.
  (void)sys::raw::prctl(sys::pr_get_name, reinterpret_cast<unsigned long>(out.text));
  out.text[sizeof out.text - 1] = '\0';
  return out;
}

}  // namespace this_thread
}  // namespace rawthread
