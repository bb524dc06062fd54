// SPDX-License-Identifier: MIT
#include "stack_map.hpp"

#include "../sys/raw.hpp"

namespace rawthread::detail::stack_map {

constinit std::atomic<entry*> top[std::size_t{1} << top_bits] = {};

namespace {

constexpr std::uintptr_t page_bytes = std::uintptr_t{1} << page_shift;

// The leaf holding page number `page`, mapped when it is missing (null: no memory). Leaves are
// never unmapped: at most one per 4 GiB of address space that ever held a thread's memory.
entry* leaf_of(std::uintptr_t page) {
  std::atomic<entry*>& slot = top[page >> leaf_bits];
  if (entry* leaf = slot.load(std::memory_order_relaxed)) return leaf;
  // Reserved, not committed: only the pages of entries written are ever backed.
  auto mapped = sys::raw::mmap(nullptr, leaf_entries * sizeof(entry),
                               sys::prot_read | sys::prot_write,
                               sys::map_private | sys::map_anonymous | sys::map_noreserve);
  if (!mapped) return nullptr;
  auto* leaf = static_cast<entry*>(*mapped);
  slot.store(leaf, std::memory_order_release);
  return leaf;
}

entry& entry_of(std::uintptr_t page) {
  return top[page >> leaf_bits].load(std::memory_order_relaxed)[page & (leaf_entries - 1)];
}

// The page after the last one `page`'s leaf covers.
std::uintptr_t next_leaf(std::uintptr_t page) { return ((page >> leaf_bits) + 1) << leaf_bits; }

// The pages a range touches: those it covers whole, and the partial ones at its ends.
struct page_span {
  std::uintptr_t first, last;  // every page touched
  std::uintptr_t whole_first, whole_end;  // the whole pages: [whole_first, whole_end)
};
page_span span_of(std::uintptr_t low, std::uintptr_t high) {
  const std::uintptr_t first = low >> page_shift, last = (high - 1) >> page_shift;
  const std::uintptr_t whole_first = first + (low % page_bytes != 0 ? 1 : 0);
  const std::uintptr_t whole_end = last + 1 - (high % page_bytes != 0 ? 1 : 0);
  return {first, last, whole_first, whole_end < whole_first ? whole_first : whole_end};
}

// Sets the whole pages' entries to `value`, a leaf's run at a time (the leaves exist). Plain
// stores, as a fill the compiler can widen: nobody else reads these entries meanwhile, since no
// other thread's stack pointer can lie in them (stack_map.hpp).
void fill_whole_pages(const page_span& s, std::uintptr_t value) {
  for (std::uintptr_t p = s.whole_first; p < s.whole_end;) {
    const std::uintptr_t end = next_leaf(p) < s.whole_end ? next_leaf(p) : s.whole_end;
    entry* run = &entry_of(p);
    for (std::uintptr_t n = end - p, i = 0; i < n; ++i) run[i] = value;
    p = end;
  }
}

}  // namespace

bool mark(std::uintptr_t low, std::uintptr_t high, control* c) {
  if (high <= low || ((high - 1) >> page_shift) >> (top_bits + leaf_bits) != 0) return false;
  const page_span s = span_of(low, high);
  // Every leaf first, so that a failure leaves nothing half-marked.
  for (std::uintptr_t p = s.first; p <= s.last; p = next_leaf(p))
    if (leaf_of(p) == nullptr) return false;
  fill_whole_pages(s, reinterpret_cast<std::uintptr_t>(c));
  if (s.first < s.whole_first) __atomic_store_n(&entry_of(s.first), shared, __ATOMIC_RELAXED);
  if (s.last >= s.whole_end) __atomic_store_n(&entry_of(s.last), shared, __ATOMIC_RELAXED);
  return true;
}

void clear(std::uintptr_t low, std::uintptr_t high) { fill_whole_pages(span_of(low, high), 0); }

}  // namespace rawthread::detail::stack_map
