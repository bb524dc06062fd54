// SPDX-License-Identifier: MIT
// Static TLS for every thread of a freestanding program (layout: see tls.hpp).
#include "tls.hpp"

#include "../no_canary.hpp"
#include "../page_size.hpp"
#include "arch.hpp"

namespace rawthread::detail {

constinit bool tls_is_enabled = false;

namespace {

// Every position below is a byte offset from the thread pointer; negative ones lie below it.
using tp_offset = std::ptrdiff_t;

constexpr bool block_below_tp = arch::tls_layout == arch::tls_variant::below_tp;
constexpr tp_offset tcb_start = arch::tcb_offset;
constexpr tp_offset tcb_end = arch::tcb_offset + static_cast<tp_offset>(arch::tcb_size);
constexpr tp_offset control_slot = arch::control_slot_offset;

static_assert(tcb_start <= control_slot &&
                  control_slot + static_cast<tp_offset>(sizeof(control*)) <= tcb_end,
              "the control slot must lie inside the TCB");
// The area then starts at or below tp, whatever the segment.
static_assert(tcb_start <= 0, "the TCB must start at or below the thread pointer");
static_assert(block_below_tp ? arch::tls_block_offset <= tcb_start
                             : tcb_end <= arch::tls_block_offset,
              "the TLS block must not overlap the TCB");

struct tls_state {
  tls_image image;
  // The area's alignment: the segment's, but at least 16 (the TCB holds pointers, and 16 keeps
  // the area in step with the stack alignment).
  std::size_t area_align;
  std::uintptr_t canary;
};
// Written once by init before any other thread exists; read-only afterwards.
constinit tls_state state{};

// n rounded up to a multiple of the power of two a, for offsets of either sign.
constexpr tp_offset align_offset(tp_offset n, std::size_t a) {
  const auto mask = static_cast<tp_offset>(a) - 1;
  return (n + mask) & ~mask;
}

// Where the linker expects the TLS block, from the segment's own p_align: variant I puts its
// start at tls_block_offset rounded up to p_align; variant II puts its end at tls_block_offset,
// so its start lies round_up(mem_size, p_align) below that.
RAWTHREAD_NO_CANARY tp_offset block_start() {
  if (block_below_tp)
    return arch::tls_block_offset -
           static_cast<tp_offset>(round_up(state.image.mem_size, state.image.align));
  return align_offset(arch::tls_block_offset, state.image.align);
}

// The asserts above keep the TCB on the near side of the block, so a thread's area runs from the
// TCB's start to the block's end (variant I) or from the block's start to the TCB's end
// (variant II). tp sits as far up from the area's aligned start as that lowest byte needs, and
// aligned itself.
RAWTHREAD_NO_CANARY std::size_t tp_position() {
  const tp_offset low = block_below_tp ? block_start() : tcb_start;
  return static_cast<std::size_t>(align_offset(-low, state.area_align));
}
RAWTHREAD_NO_CANARY std::size_t area_size() {
  const tp_offset high =
      block_below_tp ? tcb_end : block_start() + static_cast<tp_offset>(state.image.mem_size);
  return tp_position() + static_cast<std::size_t>(high);
}

}  // namespace

// Everything but tls_current_control runs in init, before the main thread has a thread pointer.
RAWTHREAD_NO_CANARY void tls_enable(const tls_image& image, std::uintptr_t canary) {
  state.image = image;
  state.area_align = image.align > arch::stack_alignment ? image.align : arch::stack_alignment;
  state.canary = canary;
  tls_is_enabled = true;
}

RAWTHREAD_NO_CANARY void tls_disable() {
  state = tls_state{};
  tls_is_enabled = false;
}

RAWTHREAD_NO_CANARY tls_area tls_area_needed() {
  if (!tls_is_enabled) return {0, 1};
  return {area_size(), state.area_align};
}

RAWTHREAD_NO_CANARY void* tls_prepare(void* area, control* c) {
  if (!tls_is_enabled) return nullptr;
  char* tp = static_cast<char*>(area) + tp_position();
  char* block = tp + block_start();
  // The area may be a reused mapping: every byte of the block and TCB is written.
  __builtin_memcpy(block, state.image.data, state.image.file_size);
  __builtin_memset(block + state.image.file_size, 0, state.image.mem_size - state.image.file_size);
  __builtin_memset(tp + tcb_start, 0, arch::tcb_size);
  arch::prepare_tcb(tp, state.canary);
  *reinterpret_cast<control**>(tp + control_slot) = c;
  return tp;
}


}  // namespace rawthread::detail
