// SPDX-License-Identifier: MIT
// The system call numbers rawthread uses, from the kernel's generic table
// (include/uapi/asm-generic/unistd.h) as 64-bit ports see it. aarch64 and riscv64 share it: their
// arch.hpp includes it, and arch::nr is the same for both. A port with a table of its own
// (x86_64, arm) lists its numbers in its arch.hpp instead.
#pragma once

namespace rawthread::arch {

namespace nr {
inline constexpr long read = 63;
inline constexpr long write = 64;
inline constexpr long close = 57;
inline constexpr long mmap = 222;
inline constexpr long mprotect = 226;
inline constexpr long munmap = 215;
inline constexpr long mremap = 216;
inline constexpr long rt_sigprocmask = 135;
inline constexpr long sched_yield = 124;
inline constexpr long madvise = 233;
inline constexpr long getpid = 172;
inline constexpr long clone = 220;
inline constexpr long exit = 93;
inline constexpr long wait4 = 260;
inline constexpr long kill = 129;
inline constexpr long prctl = 167;
inline constexpr long gettid = 178;
inline constexpr long futex = 98;
inline constexpr long sched_setaffinity = 122;
inline constexpr long sched_getaffinity = 123;
inline constexpr long sched_setscheduler = 119;
inline constexpr long sched_getscheduler = 120;
inline constexpr long sched_getparam = 121;
inline constexpr long setpriority = 140;
inline constexpr long getpriority = 141;
inline constexpr long set_tid_address = 96;
inline constexpr long clock_gettime = 113;
inline constexpr long clock_nanosleep = 115;
inline constexpr long exit_group = 94;
inline constexpr long tgkill = 131;
inline constexpr long openat = 56;
inline constexpr long getrandom = 278;
inline constexpr long setrlimit = 164;
inline constexpr long getrlimit = 163;
inline constexpr long prlimit64 = 261;
inline constexpr long futex_waitv = 449;  // the same on every architecture
inline constexpr long set_robust_list = 99;
inline constexpr long get_robust_list = 100;
}  // namespace nr

}  // namespace rawthread::arch
