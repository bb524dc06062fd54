// SPDX-License-Identifier: MIT
#include "registry.hpp"

#include <atomic>

#include <rawthread/sync.hpp>

namespace rawthread::detail {
namespace {
constinit mutex lock;
constinit control* head = nullptr;

// Each registered thread's mapping range, for lock-free look-ups by stack address. Written only
// under `lock`; read by anyone. A slot's seq is odd while it is being rewritten, so a reader that
// sees the same even seq before and after reading the fields read one consistent entry. A
// reader's own entry never changes while it runs (only the thread itself removes it), so
// skipping a slot being rewritten never skips the reader's own.
struct stack_slot {
  std::atomic<unsigned> seq;
  std::atomic<std::uintptr_t> low;
  std::atomic<std::uintptr_t> high;
  std::atomic<control*> block;
};
constinit stack_slot slots[stack_slot_count] = {};
// Slots at and above this index have never been used: readers stop there.
constinit std::atomic<std::size_t> slots_bound{0};
// Registered threads that found no free slot.
constinit std::atomic<std::size_t> unslotted{0};

void write_slot(stack_slot& s, control* c) {
  const unsigned seq = s.seq.load(std::memory_order_relaxed);
  s.seq.store(seq + 1, std::memory_order_relaxed);
  std::atomic_thread_fence(std::memory_order_release);
  const auto low = reinterpret_cast<std::uintptr_t>(c ? c->map_base : nullptr);
  s.low.store(low, std::memory_order_relaxed);
  s.high.store(c ? low + c->map_size : 0, std::memory_order_relaxed);
  s.block.store(c, std::memory_order_relaxed);
  s.seq.store(seq + 2, std::memory_order_release);
}

void add_stack(control* c) {
  for (std::size_t i = 0; i < stack_slot_count; ++i) {
    if (slots[i].block.load(std::memory_order_relaxed) != nullptr) continue;
    write_slot(slots[i], c);
    if (i >= slots_bound.load(std::memory_order_relaxed))
      slots_bound.store(i + 1, std::memory_order_release);
    return;
  }
  unslotted.fetch_add(1, std::memory_order_relaxed);
}

void remove_stack(control* c) {
  const std::size_t bound = slots_bound.load(std::memory_order_relaxed);
  for (std::size_t i = 0; i < bound; ++i) {
    if (slots[i].block.load(std::memory_order_relaxed) == c) {
      write_slot(slots[i], nullptr);
      return;
    }
  }
  unslotted.fetch_sub(1, std::memory_order_relaxed);
}

}  // namespace

control* registry_find_by_stack(std::uintptr_t address) {
  const std::size_t bound = slots_bound.load(std::memory_order_acquire);
  for (std::size_t i = 0; i < bound; ++i) {
    stack_slot& s = slots[i];
    const unsigned before = s.seq.load(std::memory_order_acquire);
    if (before % 2 != 0) continue;
    const std::uintptr_t low = s.low.load(std::memory_order_relaxed);
    const std::uintptr_t high = s.high.load(std::memory_order_relaxed);
    control* c = s.block.load(std::memory_order_relaxed);
    std::atomic_thread_fence(std::memory_order_acquire);
    if (s.seq.load(std::memory_order_relaxed) != before) continue;
    if (c != nullptr && address - low < high - low) return c;
  }
  return nullptr;
}

bool registry_stacks_complete() { return unslotted.load(std::memory_order_relaxed) == 0; }

void registry_add(control* c) {
  lock_guard guard(lock);
  add_stack(c);
  c->prev = nullptr;
  c->next = head;
  if (head) head->prev = c;
  head = c;
}

void registry_remove(control* c) {
  lock_guard guard(lock);
  remove_stack(c);
  if (c->prev) c->prev->next = c->next;
  else head = c->next;
  if (c->next) c->next->prev = c->prev;
}

control* registry_find(int tid) {
  lock_guard guard(lock);
  for (control* c = head; c; c = c->next)
    if (c->exit_word.load(std::memory_order_relaxed) == tid) return c;
  return nullptr;
}

}  // namespace rawthread::detail
