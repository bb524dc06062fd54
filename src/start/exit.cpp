// SPDX-License-Identifier: MIT
// Process exit for freestanding programs: atexit functions and global destructors (atexit.cpp),
// then .fini_array, then exit_group.
#include <atomic>
#include <cstdint>

#include <rawthread/start.hpp>

#include "../sys/raw.hpp"
#include "exit_handlers.hpp"

using fini_function = void (*)();

extern "C" {
// Bounds of .fini_array, defined by the linker's default script.
__attribute__((visibility("hidden"))) extern const fini_function __fini_array_start[];
__attribute__((visibility("hidden"))) extern const fini_function __fini_array_end[];
}

namespace rawthread {
namespace {

// The tid of the thread running exit, 0 before.
constinit std::atomic<int> exiting_tid{0};

void run_fini_array() {
  // Counted through integers: the two bounds are distinct symbols, and comparing pointers into
  // different arrays is something an optimiser may assume never yields equality.
  const std::size_t count = (reinterpret_cast<std::uintptr_t>(__fini_array_end) -
                             reinterpret_cast<std::uintptr_t>(__fini_array_start)) /
                            sizeof(fini_function);
  for (std::size_t i = count; i != 0; --i) __fini_array_start[i - 1]();
}

}  // namespace

namespace process {

void exit(int code) {
  // The kernel's answer rather than this_thread::id(): the same number, and exit runs once, so
  // the system call costs nothing that matters where the thread-pointer path costs code.
  const int me = sys::raw::gettid();
  int running = 0;
  if (!exiting_tid.compare_exchange_strong(running, me, std::memory_order_acq_rel)) {
    if (running == me) sys::raw::exit_group(code);  // a destructor called exit: stop here
    // Another thread is ending the process: wait for the end with it.
    for (;;)
      (void)sys::raw::futex(&exiting_tid, sys::futex_wait | sys::futex_private_flag, running);
  }
  if (detail::run_exit_handlers != nullptr) detail::run_exit_handlers();
  run_fini_array();
  sys::raw::exit_group(code);
}

}  // namespace process
}  // namespace rawthread
