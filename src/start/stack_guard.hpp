// SPDX-License-Identifier: MIT
// The stack-protector canary where the compiler reads it from a global (aarch64; x86_64 reads
// the copy in each thread's TCB at %fs:0x28). Defined in stack_protector.cpp, set by init.
#pragma once

#include <cstdint>

extern "C" std::uintptr_t __stack_chk_guard;
