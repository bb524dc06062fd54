// SPDX-License-Identifier: MIT
// What _start (entry.cpp) runs: init, .preinit_array, .init_array, main, process::exit.
#include "run_program.hpp"

#include <rawthread/start.hpp>

#include "../no_canary.hpp"
#include "../sys/raw.hpp"
#include "take_over.hpp"

using init_function = void (*)(int, char**, char**);

extern "C" {
// Bounds of the initialisation arrays, defined by the linker's default script.
__attribute__((visibility("hidden"))) extern const init_function __preinit_array_start[];
__attribute__((visibility("hidden"))) extern const init_function __preinit_array_end[];
__attribute__((visibility("hidden"))) extern const init_function __init_array_start[];
__attribute__((visibility("hidden"))) extern const init_function __init_array_end[];
}

namespace {

// Counted through integers: the bounds are distinct symbols, and an optimiser may assume that
// pointers into different arrays never compare equal.
void run_array(const init_function* begin, const init_function* end, int argc, char** argv,
               char** envp) {
  const std::size_t count =
      (reinterpret_cast<std::uintptr_t>(end) - reinterpret_cast<std::uintptr_t>(begin)) /
      sizeof(init_function);
  for (std::size_t i = 0; i < count; ++i) begin[i](argc, argv, envp);
}

// The errno number rather than its name (the name table would double a small program's size),
// formatted here so start-up pulls in no formatting code. Errno values have at most 3 digits,
// found without a division (on 32-bit arm `/ 10` would be a call into libgcc at -Os).
// init failed, so there may be no thread pointer (and no canary) yet.
[[noreturn]] RAWTHREAD_NO_CANARY void start_failed(int code) {
  char message[] = "rawthread: cannot start the program: errno 000\n";
  char* digit = message + sizeof message - 3;
  // v / 10 as v * 205 / 2048, exact for v below 1029.
  for (auto v = static_cast<unsigned>(code), i = 0u; i < 3; ++i) {
    const unsigned rest = (v * 205) >> 11;
    *digit-- = static_cast<char>('0' + (v - rest * 10));
    v = rest;
  }
  (void)rawthread::sys::raw::write(2, message, sizeof message - 1);
  rawthread::sys::raw::exit_group(127);
}

}  // namespace

namespace rawthread::detail {

RAWTHREAD_NO_CANARY void run_program(std::uintptr_t* initial_sp, main_function main) {
  const int argc = static_cast<int>(initial_sp[0]);
  char** argv = reinterpret_cast<char**>(initial_sp + 1);
  char** envp = argv + argc + 1;
  if (auto started = take_over_process(argc, argv, envp); !started)
    start_failed(started.error());
  run_array(__preinit_array_start, __preinit_array_end, argc, argv, envp);
  run_array(__init_array_start, __init_array_end, argc, argv, envp);
  process::exit(main(argc, argv, envp));
}

}  // namespace rawthread::detail
