// SPDX-License-Identifier: MIT
// <rawthread/errno.hpp>: Linux errno codes as constants that need no libc header, and their names.
//
// The values are the kernel's generic ones, shared by x86_64, aarch64, riscv64 and arm. Lower-case
// names keep them clear of <errno.h>'s macros, so both can be used in one file.
#pragma once

namespace rawthread::errc {
inline constexpr int eperm = 1;
inline constexpr int enoent = 2;
inline constexpr int esrch = 3;
inline constexpr int eintr = 4;
inline constexpr int eio = 5;
inline constexpr int ebadf = 9;
inline constexpr int echild = 10;
inline constexpr int eagain = 11;
inline constexpr int enomem = 12;
inline constexpr int eacces = 13;
inline constexpr int efault = 14;
inline constexpr int ebusy = 16;
inline constexpr int eexist = 17;
inline constexpr int einval = 22;
inline constexpr int emfile = 24;
inline constexpr int enospc = 28;
inline constexpr int espipe = 29;
inline constexpr int epipe = 32;
inline constexpr int erange = 34;
inline constexpr int edeadlk = 35;
inline constexpr int enametoolong = 36;
inline constexpr int enosys = 38;
inline constexpr int eoverflow = 75;
inline constexpr int etimedout = 110;
inline constexpr int eownerdead = 130;
inline constexpr int enotrecoverable = 131;
}  // namespace rawthread::errc

namespace rawthread {
// "EAGAIN" for 11 and so on; "E?" for a code outside the table. Never null; safe anywhere.
const char* error_name(int code);
}  // namespace rawthread
