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

// The layout rt_sigaction reads and writes: handler, flags, then the 64-bit mask (24 bytes), and
// one word the kernel never touches, for qemu-user. qemu-riscv64 (7.2, Debian bookworm's) lays
// this struct out as if riscv64 had sa_restorer: it reads the mask from byte 24, and writes 32
// bytes of old action, so a 24-byte buffer on the stack loses the 8 bytes after it and the mask
// installed is whatever followed the struct. With the fourth word present and holding the mask
// too (complete()), an action installed and read back means the same under the kernel and under
// qemu: the kernel reads the mask at byte 16 and ignores the rest; qemu takes byte 16 as a
// restorer it never uses (no SA_RESTORER flag is set) and byte 24 as the mask, and reports both
// back where they were, so the mask read at byte 16 is the one installed either way.
struct kernel_sigaction {
  std::uintptr_t handler;
  unsigned long flags;
  std::uint64_t mask;
  std::uint64_t mask_for_qemu;

  // Called by sys::sigaction on every action before it is installed.
  void complete() { mask_for_qemu = mask; }
};
static_assert(__builtin_offsetof(kernel_sigaction, mask) == 16 && sizeof(kernel_sigaction) == 32);

// No SA_RESTORER flag on this port: nothing to strip from what rt_sigaction reports.
inline constexpr unsigned long sa_restorer = 0;

// The kernel's MINSIGSTKSZ (asm-generic), for when the aux vector has no AT_MINSIGSTKSZ.
inline constexpr std::size_t min_signal_stack_size = 2048;

}  // namespace rawthread::arch

// Nothing to define: the kernel supplies the trampoline on this port.
#define RAWTHREAD_ARCH_SIGNAL_RESTORER static_assert(true)
