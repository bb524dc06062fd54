// SPDX-License-Identifier: MIT
// What -fstack-protector code needs: the canary global and the function called on a mismatch.

#include "../sys/raw.hpp"
#include "stack_guard.hpp"

extern "C" {

std::uintptr_t __stack_chk_guard = 0;

// A smashed stack: say so on fd 2 and die by SIGABRT, like libc. Nothing here may trust the
// stack it runs on beyond this frame, so it only makes system calls.
[[noreturn]] void __stack_chk_fail() {
  using namespace rawthread;
  static constexpr char message[] = "rawthread: stack smashing detected: terminated\n";
  (void)sys::raw::write(2, message, sizeof message - 1);
  const sys::sigset abort_only = sys::sigmask_of(sys::sigabrt);
  (void)sys::raw::rt_sigprocmask(sys::sig_unblock, &abort_only, nullptr);
  (void)sys::raw::tgkill(sys::raw::getpid(), sys::raw::gettid(), sys::sigabrt);
  // A handler caught SIGABRT and returned: the process must not go on regardless.
  sys::raw::exit_group(127);
}

}  // extern "C"
