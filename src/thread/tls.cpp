// Static TLS for every thread of a freestanding program (layout: see tls.hpp).
#include "tls.hpp"

#include "../no_canary.hpp"
#include "../page_size.hpp"
#include "arch.hpp"

namespace rawthread::detail {
namespace {

static_assert(arch::control_slot_offset + sizeof(control*) <= arch::tcb_size,
              "the control slot must lie inside the TCB");

constexpr bool variant_ii = arch::tls_layout == arch::tls_variant::below_tp;

struct tls_state {
  tls_image image;
  // The area's alignment: the segment's, but at least 16 (the TCB holds pointers, and 16 keeps
  // the area in step with the stack alignment).
  std::size_t area_align;
  std::uintptr_t canary;
  bool enabled;
};
// Written once by init before any other thread exists; read-only afterwards.
constinit tls_state state{};

// The linker places TLS variables relative to the thread pointer using the segment's own
// p_align: variant II puts the block's start round_up(mem_size, p_align) below tp, variant I
// round_up(tcb_size, p_align) above it. tp itself sits on an area_align boundary.
RAWTHREAD_NO_CANARY std::size_t block_span() {
  return round_up(state.image.mem_size, state.image.align);
}
RAWTHREAD_NO_CANARY std::size_t tp_offset() {
  return variant_ii ? round_up(state.image.mem_size, state.area_align) : 0;
}
RAWTHREAD_NO_CANARY std::size_t block_offset() {
  return variant_ii ? tp_offset() - block_span() : round_up(arch::tcb_size, state.image.align);
}

}  // namespace

// Everything but tls_current_control runs in init, before the main thread has a thread pointer.
RAWTHREAD_NO_CANARY void tls_enable(const tls_image& image, std::uintptr_t canary) {
  state.image = image;
  state.area_align = image.align > arch::stack_alignment ? image.align : arch::stack_alignment;
  state.canary = canary;
  state.enabled = true;
}

RAWTHREAD_NO_CANARY void tls_disable() { state = tls_state{}; }

bool tls_enabled() { return state.enabled; }

RAWTHREAD_NO_CANARY tls_area tls_area_needed() {
  if (!state.enabled) return {0, 1};
  const std::size_t size = variant_ii ? tp_offset() + arch::tcb_size
                                      : block_offset() + state.image.mem_size;
  return {size, state.area_align};
}

RAWTHREAD_NO_CANARY void* tls_prepare(void* area, control* c) {
  if (!state.enabled) return nullptr;
  char* base = static_cast<char*>(area);
  char* block = base + block_offset();
  char* tp = base + tp_offset();
  // The area may be a reused mapping: every byte of the block and TCB is written.
  __builtin_memcpy(block, state.image.data, state.image.file_size);
  __builtin_memset(block + state.image.file_size, 0, state.image.mem_size - state.image.file_size);
  __builtin_memset(tp, 0, arch::tcb_size);
  arch::prepare_tcb(tp, state.canary);
  *reinterpret_cast<control**>(tp + arch::control_slot_offset) = c;
  return tp;
}

control* tls_current_control() {
  if (!state.enabled) return nullptr;
  return *reinterpret_cast<control* const*>(static_cast<char*>(arch::thread_pointer()) +
                                            arch::control_slot_offset);
}

}  // namespace rawthread::detail
