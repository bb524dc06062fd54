// SPDX-License-Identifier: MIT
// Never linked: src/c_api/syscall_numbers.py compiles this to assembly (-S) for the host
// architecture and reads each number back from the text it leaves there, so that the C header
// <rawthread/arch/syscall_numbers.h> comes from rawthread::arch::nr and repeats no number.
// Each marker is a string in a section of its own, "RAWTHREAD_SYS_<name>=<number>"; the "i"
// constraint makes the number a compile-time constant and the 'c' modifier prints it bare (no
// '$' or '#'), which gcc and clang do alike on every target.
#include "arch.hpp"

#define RAWTHREAD_EXPORT_NR(name)                                                      \
  asm(".pushsection .rawthread_nr,\"\"\n.ascii \"RAWTHREAD_SYS_" #name "=%c0;\"\n" \
      ".popsection" ::"i"(rawthread::arch::nr::name))

void rawthread_export_syscall_numbers() {
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
}
