// SPDX-License-Identifier: MIT
// rawthread::init without its argument and state checks, for rawthread's own _start
// (run_program.cpp), where they cannot fail: the kernel's argc and vectors, the first call, and
// no thread pointer yet (Linux clears it at execve; the riscv64 entry stub zeroes tp). Leaving
// them out keeps their code (on x86_64 an arch_prctl call) out of every freestanding program.
#pragma once

#include <rawthread/result.hpp>

namespace rawthread::detail {

// What init does once its checks have passed; the same errors otherwise (EINVAL: a malformed
// PT_TLS; ENOMEM), with nothing changed.
result<void> take_over_process(int argc, char** argv, char** envp);

}  // namespace rawthread::detail
