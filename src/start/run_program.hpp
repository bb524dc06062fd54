// SPDX-License-Identifier: MIT
// The link between the entry point (entry.cpp) and the program's start-up (run_program.cpp).
#pragma once

#include <cstdint>

namespace rawthread::detail {

// A program's main, as called: every form of main on these ABIs accepts three arguments (extra
// argument registers are ignored).
using main_function = int (*)(int argc, char** argv, char** envp);

// Runs a freestanding program from its initial stack (argc, then argv, then envp, each
// null-terminated): init, .preinit_array, .init_array, main, then process::exit with main's
// status. It starts with no thread pointer, which init installs.
[[noreturn]] void run_program(std::uintptr_t* initial_sp, main_function main);

}  // namespace rawthread::detail
