// SPDX-License-Identifier: MIT
// <rawthread/io/print.hpp>: formatted output straight to a file descriptor, and printf.
//
// print and println format their arguments (see <rawthread/io/format.hpp>) into pipe_buf (4096)
// bytes of stack and write them with a single write(2) when they fit, so a line printed by one
// thread is never torn by another's, on a pipe or a regular file. Longer output leaves in as few
// writes as the buffer allows: pipe_buf-byte pieces, and any single piece of text of at least
// pipe_buf bytes straight from the caller's memory. Short writes are resumed and EINTR retried;
// any other error (EBADF, EPIPE, EAGAIN on a full non-blocking fd, ...) ends the call and comes
// back in the write_result with the bytes that did get out.
//
// Every function here is safe from any thread in both modes (hosted children included: no libc)
// and async-signal-safe. Each call uses a little over 4 KiB of stack.
#pragma once

#include <cstdarg>
#include <cstddef>

#include <rawthread/io/fd_sink.hpp>
#include <rawthread/io/format.hpp>
#include <rawthread/io/write_result.hpp>

namespace rawthread::io {
namespace detail {

// print(fd, text) and println(fd, text) for one char array (see write_text.cpp).
write_result write_text(int fd, const char* text, std::size_t extent, bool newline);

template <class... Args>
inline constexpr bool single_char_array = false;
template <class T>
inline constexpr bool single_char_array<T> =
    std::is_array_v<T> && char_type<std::remove_extent_t<T>>;

// The formatting path: everything through the stack buffer of an fd_sink.
template <bool newline, class... Args>
write_result format_to_fd(int fd, const Args&... args) {
  fd_sink s(fd);
  (put_arg(s, args), ...);
  if constexpr (newline) s.put('\n');
  return s.finish();
}

template <bool newline, class... Args>
write_result print_to(int fd, const Args&... args) {
  if constexpr (single_char_array<Args...>)
    return write_text(fd, args..., std::extent_v<Args...>, newline);
  else
    return format_to_fd<newline>(fd, unify_text(args)...);
}

}  // namespace detail

// Writes args to fd; the result holds the byte count.
template <class... Args>
write_result print(int fd, const Args&... args) {
  return detail::print_to<false>(fd, args...);
}

// print followed by '\n', in the same write.
template <class... Args>
write_result println(int fd, const Args&... args) {
  return detail::print_to<true>(fd, args...);
}

}  // namespace rawthread::io
