// SPDX-License-Identifier: MIT
// The entry point of a freestanding program: _start, from the arch layer, hands the initial
// stack pointer to rawthread_start, which names the program's main for run_program.
//
// In the start library, never optimised at link time: _start is defined by top-level asm, which
// an LTO object's symbol table does not list (the linker would not find it in the archive), and
// main is declared here with three parameters, which an LTO link would compare with the
// program's own main and report as a mismatch.
#include <cstdint>

#include "../no_canary.hpp"
#include "arch.hpp"
#include "run_program.hpp"

extern "C" int main(int argc, char** argv, char** envp);

// It starts with no thread pointer: run_program's init installs it.
extern "C" [[noreturn, gnu::used]] RAWTHREAD_NO_CANARY void rawthread_start(
    std::uintptr_t* initial_sp) {
  // ISO C++ reserves naming main to the implementation; for a freestanding program, rawthread
  // is that implementation (gcc and clang report it under -Wpedantic).
#pragma GCC diagnostic push
#pragma GCC diagnostic ignored "-Wpedantic"
  rawthread::detail::run_program(initial_sp, main);
#pragma GCC diagnostic pop
}

RAWTHREAD_ARCH_ENTRY_POINT(_start, rawthread_start);
