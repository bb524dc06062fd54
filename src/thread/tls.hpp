// SPDX-License-Identifier: MIT
// Static TLS. rawthread owns the thread pointer only in freestanding mode (rawthread::init ran):
// then every thread gets a TLS block copied from the PT_TLS segment and a TCB, inside its one
// mapping. In hosted mode libc owns the thread pointer and new threads share their creator's (no
// CLONE_SETTLS); everything here reports "nothing to do".
//
// The area one thread needs, for a PT_TLS segment of mem_size bytes aligned to `align`. Each port
// describes its layout with offsets from the thread pointer (arch.hpp): tls_layout (which side
// of tp the block lies on), tls_block_offset, tcb_offset + tcb_size, control_slot_offset.
//
//   variant II (x86_64): the block ends at tp (tls_block_offset 0), the TCB starts at tp:
//     | TLS block: .tdata .tbss | TCB: self pointer, ..., control slot, ..., canary at 0x28 |
//     ^ tp - round_up(mem_size, align)
//                               ^ tp
//   variant I, TCB at tp (aarch64: 16 bytes, control slot at 8; arm: 8 bytes, slot at 4): the
//   block starts at round_up(tls_block_offset = tcb_size, align):
//     | TCB: dtv, control slot | padding to align | TLS block: .tdata .tbss |
//     ^ tp                                        ^ tp + round_up(tcb_size, align)
//   variant I, TCB below tp (riscv64: 16 bytes at tp - 16, control slot at tp - 8): the block
//   starts at tp (tls_block_offset 0):
//     | padding to align | TCB: dtv, control slot | TLS block: .tdata .tbss |
//                        ^ tp - 16                ^ tp
//
// tp is aligned to max(align, 16), and the area starts at the lowest byte of the block or TCB,
// moved down so that tp keeps that alignment. The control slot holds the thread's
// detail::control.
#pragma once

#include <cstddef>
#include <cstdint>

#include "arch.hpp"
#include "control.hpp"

namespace rawthread::detail {

// The PT_TLS segment: the image every thread's TLS block starts as.
struct tls_image {
  const void* data;       // the .tdata bytes
  std::size_t file_size;  // bytes of .tdata, copied
  std::size_t mem_size;   // .tdata plus .tbss (zeroed), at least file_size
  std::size_t align;      // a power of two
};

struct tls_area {
  std::size_t size;   // bytes to reserve in each thread's mapping (0: none)
  std::size_t align;  // alignment of the area's start
};

// Switches to freestanding mode: from now on every thread gets a TLS block from `image` and a TCB
// carrying `canary`. rawthread::init calls it once, before any thread exists.
void tls_enable(const tls_image& image, std::uintptr_t canary);

// Back to hosted mode: init calls it when it fails after tls_enable.
void tls_disable();

// Set by tls_enable (before any thread exists), cleared by tls_disable; read-only otherwise.
extern constinit bool tls_is_enabled;

// True in freestanding mode. Inline, as is tls_current_control: thread_key's hot path.
inline bool tls_enabled() { return tls_is_enabled; }

// What one thread's TLS (TLS block plus TCB) needs; {0, 1} in hosted mode.
tls_area tls_area_needed();

// Lays out a thread's TLS in `area` (tls_area_needed() bytes at its alignment): the .tdata copy,
// zeroed .tbss, and a TCB whose control slot points to `c`. Returns the thread pointer to install
// (CLONE_SETTLS), or null in hosted mode.
void* tls_prepare(void* area, control* c);

// The calling thread's control block, read through the thread pointer; null in hosted mode. For
// the main thread of a freestanding program it is a static block with no mapping (map_base null).
inline control* tls_current_control() {
  if (!tls_is_enabled) return nullptr;
  return *reinterpret_cast<control* const*>(static_cast<char*>(arch::thread_pointer()) +
                                            arch::control_slot_offset);
}

}  // namespace rawthread::detail
