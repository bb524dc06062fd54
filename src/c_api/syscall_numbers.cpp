// SPDX-License-Identifier: MIT
// Never linked: src/c_api/syscall_numbers.py compiles this to an object file for the target
// architecture and reads each number back from its bytes, so that the C header
// <rawthread/arch/syscall_numbers.h> comes from rawthread::arch::nr and repeats no number.
// Each marker is a constant string, "RAWTHREAD_SYS_<name>=<number>;", built at compile time and
// kept by [[gnu::used]]; its bytes lie in the object's read-only data as they are, whatever the
// architecture, so no asm is needed to place them.
#include <cstddef>

#include "arch.hpp"

namespace {

struct marker {
  char text[64];
};

constexpr marker make_marker(const char* name, long number) {
  marker m{};
  std::size_t at = 0;
  for (const char* p = "RAWTHREAD_SYS_"; *p != '\0'; ++p) m.text[at++] = *p;
  for (const char* p = name; *p != '\0'; ++p) m.text[at++] = *p;
  m.text[at++] = '=';
  unsigned long magnitude = static_cast<unsigned long>(number);
  if (number < 0) {
    m.text[at++] = '-';
    magnitude = 0 - magnitude;
  }
  char digits[24] = {};
  int count = 0;
  do {
    digits[count++] = static_cast<char>('0' + magnitude % 10);
    magnitude /= 10;
  } while (magnitude != 0);
  while (count > 0) m.text[at++] = digits[--count];
  m.text[at++] = ';';
  return m;
}

}  // namespace

#define RAWTHREAD_EXPORT_NR(name)                 \
  [[gnu::used]] constexpr marker name##_marker = \
      make_marker(#name, rawthread::arch::nr::name)

namespace {
  RAWTHREAD_EXPORT_NR(read);
  RAWTHREAD_EXPORT_NR(write);
  RAWTHREAD_EXPORT_NR(openat);
  RAWTHREAD_EXPORT_NR(close);
  RAWTHREAD_EXPORT_NR(mmap);
  RAWTHREAD_EXPORT_NR(munmap);
  RAWTHREAD_EXPORT_NR(mprotect);
  RAWTHREAD_EXPORT_NR(madvise);
  RAWTHREAD_EXPORT_NR(mremap);
  RAWTHREAD_EXPORT_NR(clock_gettime);
  RAWTHREAD_EXPORT_NR(clock_nanosleep);
  RAWTHREAD_EXPORT_NR(sched_yield);
  RAWTHREAD_EXPORT_NR(sched_setaffinity);
  RAWTHREAD_EXPORT_NR(sched_getaffinity);
  RAWTHREAD_EXPORT_NR(getpid);
  RAWTHREAD_EXPORT_NR(gettid);
  RAWTHREAD_EXPORT_NR(kill);
  RAWTHREAD_EXPORT_NR(tgkill);
  RAWTHREAD_EXPORT_NR(rt_sigprocmask);
  RAWTHREAD_EXPORT_NR(exit);
  RAWTHREAD_EXPORT_NR(exit_group);
  RAWTHREAD_EXPORT_NR(wait4);
  RAWTHREAD_EXPORT_NR(clone);
  RAWTHREAD_EXPORT_NR(futex);
  RAWTHREAD_EXPORT_NR(set_tid_address);
  RAWTHREAD_EXPORT_NR(prctl);
  RAWTHREAD_EXPORT_NR(getrandom);
  RAWTHREAD_EXPORT_NR(prlimit64);
}  // namespace
