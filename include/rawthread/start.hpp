// SPDX-License-Identifier: MIT
// <rawthread/start.hpp>: freestanding programs: start-up, exit, the environment and the aux vector.
//
// A freestanding program links nothing but rawthread: in Meson,
//   executable('app', 'app.cpp', dependencies : rawthread_freestanding_dep)
// (-nostdlib -static; the dependency is also named 'rawthread-freestanding'). rawthread's _start
//   1. does what rawthread::init(argc, argv, envp) does (without init's checks, which cannot fail
//      for the process's own entry: the kernel's argc and vectors, no thread pointer yet);
//   2. runs .preinit_array, then .init_array (constructors of global objects);
//   3. calls the program's `int main(int argc, char** argv, char** envp)` (`main()` and
//      `main(argc, argv)` work too) and hands its result to process::exit.
// The program may use thread_local in every thread, global objects with constructors and
// destructors (up to process::atexit_capacity registered destructors and atexit functions),
// -fstack-protector, and memcpy/memmove/memset/memcmp (word-at-a-time versions come with the
// dependency). Not available: exceptions, RTTI, the heap, thread_local objects with destructors.
//
// Everything here is defined only by the freestanding library (a hosted program linked with libc
// does not get it; init would refuse there anyway: libc owns the thread pointer). getenv,
// environment, auxv and process::exit are safe from any thread once init has run.
#pragma once

#include <rawthread/result.hpp>

namespace rawthread {

// Sets rawthread up for a process it did not start, so a runtime with its own entry point can
// embed rawthread without its _start (_start does the same work). Call it once, first thing, on the main
// thread, from a function built with -fno-stack-protector (the canary changes during the call).
// It records argv, envp and the aux vector that follows envp; takes the page size from AT_PAGESZ
// and the stack-protector canary from AT_RANDOM; gives the main thread static TLS (the PT_TLS
// segment found through AT_PHDR/AT_PHNUM) in one mapping; and from then on gives every spawned
// thread its own TLS (CLONE_SETTLS). It does not run .init_array: _start does that.
// EINVAL: argc negative, argv or envp null, or a malformed PT_TLS. EBUSY: init already ran, or
// a thread pointer is already installed (libc's, in a hosted program: rawthread stays hosted).
// An entry point of one's own must therefore start with none: on riscv64 Linux leaves tp as the
// thread that called execve had it, so such an entry zeroes tp before calling init.
// ENOMEM: no memory for the main thread's TLS. On error nothing has changed.
result<void> init(int argc, char** argv, char** envp);

// True once init has run: the process is in freestanding mode.
bool initialized();

// The value of the environment variable `name` as init found it, or null when it is not set,
// before init, or when `name` is null, empty or contains '='.
const char* getenv(const char* name);

// The environment vector init received (null-terminated), or null before init.
char* const* environment();

// Aux vector entry types (the kernel's AT_* values).
namespace at {
inline constexpr unsigned long phdr = 3;     // address of the program headers
inline constexpr unsigned long phent = 4;    // size of one program header
inline constexpr unsigned long phnum = 5;    // number of program headers
inline constexpr unsigned long pagesz = 6;   // page size
inline constexpr unsigned long entry = 9;    // the program's entry point
inline constexpr unsigned long uid = 11;
inline constexpr unsigned long euid = 12;
inline constexpr unsigned long gid = 13;
inline constexpr unsigned long egid = 14;
inline constexpr unsigned long hwcap = 16;   // CPU feature bits
inline constexpr unsigned long clktck = 17;  // clock ticks per second
inline constexpr unsigned long secure = 23;  // nonzero for a setuid/setgid program
inline constexpr unsigned long random = 25;  // address of 16 random bytes
inline constexpr unsigned long hwcap2 = 26;
inline constexpr unsigned long execfn = 31;  // address of the executed file's name
inline constexpr unsigned long sysinfo_ehdr = 33;  // the vDSO's ELF header
}  // namespace at

// The value of aux vector entry `type` (see rawthread::at).
// EINVAL: type 0 (AT_NULL, the terminator). ENOENT: no such entry, or init has not run.
result<unsigned long> auxv(unsigned long type);

namespace process {

// How many atexit functions and global destructors (__cxa_atexit) can be registered in all;
// registering more fails (atexit returns nonzero) instead of using a heap.
inline constexpr int atexit_capacity = 64;

// Ends the process with status `code & 0xff`: runs the registered atexit functions and global
// destructors (latest first), then .fini_array (in reverse), then exit_group. Other threads stop
// wherever they are. While one thread is exiting, a call from another thread waits for the end;
// a nested call from the exiting thread (a destructor calling exit) ends the process at once.
// Safe from any thread.
[[noreturn]] void exit(int code);

}  // namespace process
}  // namespace rawthread
