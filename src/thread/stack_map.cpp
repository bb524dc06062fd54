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

// The pages a range touches, with its partial end pages told apart.
struct page_span {
  std::uintptr_t first, last;        // every page from first to last
  bool first_partial, last_partial;  // the range covers only part of that page
  bool partial(std::uintptr_t page) const {
    return (page == first && first_partial) || (page == last && last_partial);
  }
};
page_span span_of(std::uintptr_t low, std::uintptr_t high) {
  return {low >> page_shift, (high - 1) >> page_shift, low % page_bytes != 0,
          high % page_bytes != 0};
}

// The page after the last one `page`'s leaf covers.
std::uintptr_t next_leaf(std::uintptr_t page) { return ((page >> leaf_bits) + 1) << leaf_bits; }

// Calls f(entry, partial) for each page of `s`, one leaf at a time (leaves must exist).
template <class F>
void each_page(const page_span& s, F f) {
  for (std::uintptr_t p = s.first; p <= s.last;) {
    entry* leaf = top[p >> leaf_bits].load(std::memory_order_relaxed);
    for (const std::uintptr_t end = next_leaf(p); p <= s.last && p < end; ++p)
      f(leaf[p & (leaf_entries - 1)], s.partial(p));
  }
}

}  // namespace

bool mark(std::uintptr_t low, std::uintptr_t high, control* c) {
  if (high <= low || ((high - 1) >> page_shift) >> (top_bits + leaf_bits) != 0) return false;
  const page_span s = span_of(low, high);
  // Every leaf first, so that a failure leaves nothing half-marked.
  for (std::uintptr_t p = s.first; p <= s.last; p = next_leaf(p))
    if (leaf_of(p) == nullptr) return false;
  const auto owner = reinterpret_cast<std::uintptr_t>(c);
  each_page(s, [owner](entry& e, bool partial) {
    e.store(partial ? shared : owner, std::memory_order_relaxed);
  });
  return true;
}

void clear(std::uintptr_t low, std::uintptr_t high) {
  each_page(span_of(low, high), [](entry& e, bool partial) {
    if (!partial) e.store(0, std::memory_order_relaxed);
  });
}

}  // namespace rawthread::detail::stack_map
