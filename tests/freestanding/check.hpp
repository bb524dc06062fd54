// SPDX-License-Identifier: MIT
// Assertions for freestanding test programs, which have no doctest (it needs libc). Only the main
// thread checks; child threads leave their results in shared memory. A failed check prints
// "FAIL <file>:<line>: <expression>" on fd 2; main returns test::verdict().
#pragma once

#include <rawthread/syscall.hpp>

namespace test {

inline int failures = 0;

inline void write_text(int fd, const char* text) {
  unsigned long length = 0;
  while (text[length] != '\0') ++length;
  (void)rawthread::sys::write(fd, text, length);
}

inline void write_number(int fd, long value) {
  char digits[24];
  char* p = digits + sizeof digits;
  const bool negative = value < 0;
  unsigned long magnitude = negative ? 0ul - static_cast<unsigned long>(value)
                                     : static_cast<unsigned long>(value);
  do *--p = static_cast<char>('0' + magnitude % 10);
  while ((magnitude /= 10) != 0);
  if (negative) *--p = '-';
  (void)rawthread::sys::write(fd, p, static_cast<unsigned long>(digits + sizeof digits - p));
}

inline bool check(bool ok, const char* expression, const char* file, int line) {
  // The first few failures tell the story; a loop of checks could otherwise flood the log.
  if (!ok && ++failures <= 10) {
    write_text(2, "FAIL ");
    write_text(2, file);
    write_text(2, ":");
    write_number(2, line);
    write_text(2, ": ");
    write_text(2, expression);
    write_text(2, "\n");
  }
  return ok;
}

// The exit status: 0 when every check passed.
inline int verdict() { return failures == 0 ? 0 : 1; }

// Runs fn in a child process (sys::clone without CLONE_VM: a copy of this program, on a stack of
// its own in the copy) and returns its wait status, or -1 if it could not be started or reaped.
// The child starts a little below the buffer's end: a child that smashes its stack on purpose
// writes past its own frames, and that must land in this buffer rather than past it, where the
// mapping may end (clang's arm frames put the overflow right at the top).
inline int status_of_child(int (*fn)(void*)) {
  constexpr unsigned long headroom = 256;
  alignas(16) static char child_stack[64 * 1024];
  auto pid = rawthread::sys::clone(rawthread::sys::sigchld,
                                   child_stack + sizeof child_stack - headroom, fn, nullptr);
  if (!pid) return -1;
  int status = 0;
  auto reaped = rawthread::sys::wait4(*pid, &status, 0);
  return reaped && *reaped == *pid ? status : -1;
}

}  // namespace test

#define CHECK(expression) \
  ::test::check(static_cast<bool>(expression), #expression, __FILE__, __LINE__)
