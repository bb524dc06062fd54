// SPDX-License-Identifier: MIT
// <rawthread/signal.hpp>: signal handlers, masks and alternate stacks without a libc.
//
// sys::sigaction is the raw rt_sigaction system call with rawthread's own return trampoline
// (the restorer) filled in, so a handler works in a freestanding program, where no libc could
// supply one. set_signal_handler covers the usual case. Signal numbers are the kernel's
// (sys::sigusr1 ...; real-time signals 32..64 are all available: no libc reserves any here).
//
// Per-thread signal state (<rawthread/thread.hpp>): thread_options::signal_stack_size,
// thread_options::signal_mask, thread::signal(signo), this_thread::signal_mask() and
// this_thread::set_signal_mask().
//
// Safe everywhere: every function here is a system call or two with no lock and no libc, so each
// may be called from any thread in both modes and from inside a signal handler. What a handler
// itself may call is listed in the docs ("async-signal-safe").
#pragma once

#include <cstddef>
#include <cstdint>

#include <rawthread/result.hpp>
#include <rawthread/syscall.hpp>

namespace rawthread {
namespace sys {

// Signal numbers <rawthread/syscall.hpp> does not list (the same on every port here).
inline constexpr int sigcont = 18;
inline constexpr int sigstop = 19;
inline constexpr int sigtstp = 20;
inline constexpr int sigsys = 31;
// The first real-time signal as the kernel counts (glibc keeps 32 and 33 for itself and calls 34
// SIGRTMIN; rawthread reserves none), and the highest signal number.
inline constexpr int sigrtmin = 32;
inline constexpr int max_signal = 64;

// sa_* flags (the same values on x86_64, aarch64, riscv64 and arm).
inline constexpr unsigned long sa_nocldstop = 0x00000001;
inline constexpr unsigned long sa_nocldwait = 0x00000002;
inline constexpr unsigned long sa_siginfo = 0x00000004;
inline constexpr unsigned long sa_onstack = 0x08000000;
inline constexpr unsigned long sa_restart = 0x10000000;
inline constexpr unsigned long sa_nodefer = 0x40000000;
inline constexpr unsigned long sa_resethand = 0x80000000;

// si_code values.
inline constexpr int si_user = 0;       // kill()
inline constexpr int si_kernel = 0x80;  // sent by the kernel
inline constexpr int si_queue = -1;     // rt_sigqueueinfo
inline constexpr int si_timer = -2;     // a POSIX timer expired
inline constexpr int si_tkill = -6;     // tgkill(): thread::signal
inline constexpr int segv_maperr = 1;   // SIGSEGV: no mapping at the address
inline constexpr int segv_accerr = 2;   // SIGSEGV: a mapping that forbids the access (a guard page)
inline constexpr int bus_adraln = 1;
inline constexpr int bus_adrerr = 2;
inline constexpr int poll_in = 1;

// A signal's value (sigqueue, timers): an int or a pointer, as the sender chose.
union sigval {
  int integer;
  void* pointer;
};

// What the kernel tells a handler about a signal: struct siginfo, 128 bytes, with the kernel's
// layout on each port (the union starts at byte 16 on 64-bit ports and at byte 12 on arm, where
// pointers and longs are 4 bytes). Which member of `fields` is valid depends on signo and code;
// the accessors below name the common cases.
struct siginfo {
  int signo;
  int error_number;  // si_errno: rarely set (named so to stay clear of libc's errno macro)
  int code;          // si_code: si_user, si_tkill, segv_accerr ...
  union {
    struct {  // kill, tgkill (thread::signal), and a real-time signal from sigqueue
      int pid;
      std::uint32_t uid;
      sigval value;
    } sender;
    struct {  // a POSIX timer
      int timer_id;
      int overrun;
      sigval value;
    } timer;
    struct {  // SIGCHLD
      int pid;
      std::uint32_t uid;
      int status;
      long user_time;
      long system_time;
    } child;
    struct {  // SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP
      void* address;
    } fault;
    struct {  // SIGPOLL / SIGIO
      long band;
      int fd;
    } poll;
    // Pads the union to the kernel's 128 bytes in all: 112 on 64-bit ports, 116 on arm.
    int padding[(128 - (sizeof(void*) == 8 ? 16 : 12)) / sizeof(int)];
  } fields;

  int sender_pid() const { return fields.sender.pid; }
  std::uint32_t sender_uid() const { return fields.sender.uid; }
  void* fault_address() const { return fields.fault.address; }
};
static_assert(sizeof(siginfo) == 128, "the kernel's siginfo is 128 bytes");

// A handler: the signal, what the kernel says about it, and the interrupted context (the
// architecture's ucontext; returning from the handler resumes that context).
using signal_handler = void (*)(int signo, siginfo* info, void* ucontext);

// What runs for a signal, as sys::sigaction reads and reports it.
struct sigaction_t {
  // A handler, or sig_default() / sig_ignore(). With sa_siginfo in flags the kernel passes all
  // three arguments; without, only signo is meaningful.
  signal_handler handler = nullptr;
  unsigned long flags = 0;
  // Signals blocked while the handler runs, besides the signal itself (unless sa_nodefer).
  sigset mask = 0;
};

inline signal_handler sig_default() { return nullptr; }
inline signal_handler sig_ignore() { return reinterpret_cast<signal_handler>(std::uintptr_t{1}); }

// The raw rt_sigaction: installs `act` for signo (unless null) and reports what was installed
// before in `old` (unless null). The library's restorer is added to every handler (the kernel
// requires one on x86_64; elsewhere it keeps returns independent of the vDSO; riscv64's kernel
// has no such field and always uses its vDSO). EINVAL: signo outside 1..64, or a handler for
// SIGKILL or SIGSTOP (reading their action is allowed).
result<void> sigaction(int signo, const sigaction_t* act, sigaction_t* old);

// An alternate signal stack, as sigaltstack reads and reports it.
struct signal_stack {
  void* base = nullptr;
  int flags = 0;  // ss_onstack (reported: running on it now), ss_disable
  std::size_t size = 0;
};
inline constexpr int ss_onstack = 1;
inline constexpr int ss_disable = 2;

// The raw sigaltstack for the calling thread. EINVAL: bad flags. ENOMEM: size below the
// kernel's minimum. EPERM: changing it while running on it.
result<void> sigaltstack(const signal_stack* stack, signal_stack* old);

}  // namespace sys

// Runs `handler` for signo in every thread, with sa_siginfo added to `flags`. The defaults restart
// interrupted system calls that can be restarted (sa_restart) and run the handler on the
// thread's alternate stack when it has one (sa_onstack). EINVAL: signo outside 1..64, SIGKILL,
// SIGSTOP, or a null handler.
result<void> set_signal_handler(int signo, sys::signal_handler handler,
                                unsigned long flags = sys::sa_restart | sys::sa_onstack);
// Back to the default action. EINVAL: signo outside 1..64, SIGKILL, SIGSTOP.
result<void> reset_signal_handler(int signo);
// Discards signo from now on. EINVAL as reset_signal_handler.
result<void> ignore_signal(int signo);

// Opt-in: a thread that overflows its stack says so on fd 2 before the process dies. From this
// call on every rawthread thread created gets a small alternate stack (unless it asks for its
// own), and a SIGSEGV or SIGBUS whose fault address lies in the faulting thread's guard region
// prints exactly one line,
//   rawthread: thread <tid> "<name>" overflowed its <N> KiB stack
// then ends the process by SIGSEGV with the default action (the wait status, core dump included,
// is what it would have been). Every other SIGSEGV or SIGBUS goes to the handler installed before
// this call (called with the three handler arguments if it was installed with sa_siginfo, else
// with signo; it runs on the faulting thread's alternate stack), or gets the default action.
// Freestanding, called on the main thread, it covers that thread too when RLIMIT_STACK bounds its
// stack and the program gave it no alternate stack of its own (it gets one here); hosted, the
// main thread's overflow is the plain SIGSEGV it always was.
// Calling it again does nothing. ENOMEM: no memory for the main thread's alternate stack
// (nothing changed).
result<void> report_stack_overflows();

}  // namespace rawthread
