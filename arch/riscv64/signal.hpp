// SPDX-License-Identifier: MIT
// rawthread arch layer, riscv64: what signal handling needs from the architecture.
//
// riscv64 uses the asm-generic signal ABI without SA_RESTORER: its struct sigaction has no
// sa_restorer field, and the kernel always points a handler's return address (ra) at the vDSO's
// __vdso_rt_sigreturn (arch/riscv/kernel/signal.c). A user-space restorer cannot be installed
// on this port: kernel_sigaction has no restorer field, and there is no rawthread_signal_restorer.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rawthread::arch {

namespace nr {
inline constexpr long rt_sigaction = 134;
inline constexpr long rt_sigreturn = 139;
inline constexpr long sigaltstack = 132;
}  // namespace nr

// The layout rt_sigaction reads and writes: handler, flags, then the 64-bit mask.
struct kernel_sigaction {
  std::uintptr_t handler;
  unsigned long flags;
  std::uint64_t mask;
};

// No SA_RESTORER flag on this port: nothing to strip from what rt_sigaction reports.
inline constexpr unsigned long sa_restorer = 0;

// The kernel's MINSIGSTKSZ (asm-generic), for when the aux vector has no AT_MINSIGSTKSZ.
inline constexpr std::size_t min_signal_stack_size = 2048;

}  // namespace rawthread::arch

// Nothing to define: the kernel supplies the trampoline on this port.
#define RAWTHREAD_ARCH_SIGNAL_RESTORER static_assert(true)
