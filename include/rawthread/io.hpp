// SPDX-License-Identifier: MIT
// <rawthread/io.hpp>: the output layer, what rawthread's threads print with instead of printf.
//
// Nothing here takes a lock, allocates or calls libc, so all of it is safe from any thread in
// both modes (in hosted mode child threads must not call printf, but may call these) and from
// signal handlers.
//
//   io::print(fd, args...), io::println(fd, args...)   one write(2) per call up to 4096 bytes
//   io::format_to(buf, cap, args...)                   the same formatting into memory
//   io::hex(x), io::dec(x, width)                      integer layouts for the above
//   io::printf(fd, fmt, ...), io::snprintf(...)        a printf subset, identical to glibc's
//   io::vprintf, io::vsnprintf                         the same with a va_list
//   io::writer w(fd)                                   a per-thread buffer that writes whole lines
//
// Output calls return io::write_result: a result<std::size_t> (bytes written, or the errno
// code) that also carries the bytes written before an error.
#pragma once

#include <rawthread/io/format.hpp>
#include <rawthread/io/print.hpp>
#include <rawthread/io/printf.hpp>
#include <rawthread/io/write_result.hpp>
#include <rawthread/io/writer.hpp>
