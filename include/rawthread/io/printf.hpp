// SPDX-License-Identifier: MIT
// <rawthread/io/printf.hpp>: a printf subset that is byte-identical to glibc where it overlaps.
//
// Conversions: %d %i %u %x %X %o %c %s %p %% and, for double (float arguments arrive promoted),
// %f %F %e %E %g %G %a %A. Flags: - 0 + space #. Width and precision as digits or *, a negative
// * width meaning '-' and a negative * precision meaning none. Length modifiers hh h l ll z j t
// with the integer conversions, and l (which changes nothing) with the floating-point ones. For
// every such specification the output equals glibc's snprintf byte for byte, including its
// choices where C leaves things open: a null %s prints "(null)" (nothing when the precision is
// below 6), a null %p prints "(nil)", %p honours + space 0 and precision, '0' pads %s and %c with
// spaces, # is ignored by d i u c s; inf/INF, nan/NAN with a '-' for a set sign bit, padded with
// spaces even under '0'; %a of a subnormal as 0x0.hhh...p-1022; %#g of a value that rounds up
// into one more digit than the precision (999999.5) with glibc's "1.e+06". Every digit of %f %e
// %g is exact at any precision, rounded half to even on the exact binary value (and %a on its
// hex digits): glibc's result in the default rounding mode, round to nearest, which rawthread
// assumes; it never reads or changes the floating-point environment. A * width of INT_MIN means
// '-' and 2^31 columns.
//
// Anything else is printed literally and consumes no argument: an unknown conversion, a length
// modifier on c s p, long double (%Lf %Le %Lg %La: L is not in the subset), hh h ll z j t on
// the floating-point conversions, flags or width on %%, positional arguments (%1$d), a width or
// precision above INT_MAX, and %n, which is refused. The literal text runs from the % through
// the first character that makes the specification invalid ("%5$d" prints "%5$" then "d").
//
// All functions are safe from any thread in both modes and async-signal-safe: no locks, no
// allocation, no libc. printf/vprintf use about 5 KiB of stack (4 KiB of buffer, and about 1 KiB
// for the digits of a floating-point conversion).
#pragma once

#include <cstdarg>
#include <cstddef>

#include <rawthread/io/sink.hpp>
#include <rawthread/io/write_result.hpp>

#define RAWTHREAD_PRINTF_FORMAT(fmt_index, args_index) \
  __attribute__((format(printf, fmt_index, args_index)))

namespace rawthread::io {

namespace detail {
// Formats fmt with the arguments in ap into s.
void vformat(sink& s, const char* fmt, va_list ap);
}  // namespace detail

// Formats to fd, one write(2) when the output fits pipe_buf, like io::print. The result holds
// the bytes written, or the error with the bytes that got out before it.
write_result printf(int fd, const char* fmt, ...) RAWTHREAD_PRINTF_FORMAT(2, 3);
write_result vprintf(int fd, const char* fmt, va_list ap);

// Like C's: stores at most cap - 1 bytes and a NUL (nothing when cap is 0, when buf may be null)
// and returns the length the whole output has, so a result >= cap means it was cut. That length
// is true even past INT_MAX (a * width of INT_MIN pads to 2^31 columns, as in glibc); SIZE_MAX
// when it does not fit a size_t.
std::size_t snprintf(char* buf, std::size_t cap, const char* fmt, ...)
    RAWTHREAD_PRINTF_FORMAT(3, 4);
std::size_t vsnprintf(char* buf, std::size_t cap, const char* fmt, va_list ap);

}  // namespace rawthread::io
