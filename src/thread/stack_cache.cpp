// SPDX-License-Identifier: MIT
#include "stack_cache.hpp"

#include <atomic>

#include <rawthread/thread.hpp>

#include "exit_wait.hpp"
#include "mapping.hpp"

namespace rawthread::detail {
namespace {

constexpr std::size_t slot_count = thread_cache_limits::max_mappings;

// Each slot is empty or owns one cached mapping, named by its control block. Whoever swaps a
// block out of a slot owns it; until then nobody else may read through the pointer, since the
// mapping can be handed out and unmapped at any time.
constinit std::atomic<control*> slots[slot_count] = {};
// The limits set by set_thread_cache_limits, once limits_set is true (before, the defaults). Kept
// zero-initialised so that a program that never sets them carries no data for them.
constinit std::atomic<std::size_t> set_mappings{0};
constinit std::atomic<std::size_t> set_bytes{0};
constinit std::atomic<bool> limits_set{false};
// The total size of cached mappings; reserved before a put claims a slot, so it never
// undercounts what the slots hold.
constinit std::atomic<std::size_t> cached_bytes{0};
// Where a put into a full cache evicts next, so the cache follows the sizes in use now.
constinit std::atomic<std::size_t> next_victim{0};

thread_cache_limits current_limits() {
  thread_cache_limits limits;
  if (limits_set.load(std::memory_order_acquire)) {
    limits.mappings = set_mappings.load(std::memory_order_relaxed);
    limits.bytes = set_bytes.load(std::memory_order_relaxed);
  }
  return limits;
}

bool claim_empty_slot(control* c, std::size_t slots_allowed) {
  for (std::size_t i = 0; i < slots_allowed; ++i) {
    if (slots[i].load(std::memory_order_relaxed) != nullptr) continue;
    control* expected = nullptr;
    if (slots[i].compare_exchange_strong(expected, c, std::memory_order_release,
                                         std::memory_order_relaxed))
      return true;
  }
  return false;
}

// The next slot to evict, round robin over the first slots_allowed. Not `fetch_add %
// slots_allowed`: ARMv7-A has no divide instruction, so a modulo by a variable is a call into
// libgcc there. Two puts racing here may pick the same slot: each exchange is atomic, so the
// later one evicts the earlier one's mapping, a worse choice but never a lost mapping.
std::size_t take_victim(std::size_t slots_allowed) {
  std::size_t victim = next_victim.load(std::memory_order_relaxed);
  if (victim >= slots_allowed) victim = 0;
  next_victim.store(victim + 1, std::memory_order_relaxed);
  return victim;
}

// Unmaps a block taken out of its slot, once its thread is gone.
void drop(control* c) {
  wait_until_gone(c);
  cached_bytes.fetch_sub(c->map_size, std::memory_order_relaxed);
  unmap_thread(c->map_base, c->map_size);
}

// Returns a block that cache_take looked at but could not use.
void put_back(control* c) {
  // Any slot will do: the block was already counted against the limits.
  if (!claim_empty_slot(c, slot_count)) drop(c);
}

// Drops what no longer fits the limits, from the last slot down.
std::size_t shrink_to(std::size_t mappings, std::size_t bytes) {
  std::size_t dropped = 0;
  for (std::size_t i = slot_count; i-- > 0;) {
    if (i < mappings && cached_bytes.load(std::memory_order_relaxed) <= bytes) continue;
    if (control* c = slots[i].exchange(nullptr, std::memory_order_acquire)) {
      drop(c);
      ++dropped;
    }
  }
  return dropped;
}

}  // namespace

void* cache_take(std::size_t map_size, std::size_t guard_size, std::size_t signal_stack_size) {
  for (auto& slot : slots) {
    if (slot.load(std::memory_order_relaxed) == nullptr) continue;
    control* c = slot.exchange(nullptr, std::memory_order_acquire);
    if (c == nullptr) continue;
    // exit_word == 0: the kernel has let go of the mapping (a detached thread may have put it
    // here moments before leaving).
    if (c->map_size == map_size && c->guard_size == guard_size &&
        c->signal_stack_size == signal_stack_size &&
        c->exit_word.load(std::memory_order_acquire) == 0) {
      cached_bytes.fetch_sub(map_size, std::memory_order_relaxed);
      return c->map_base;
    }
    put_back(c);
  }
  return nullptr;
}

bool cache_put(control* c) {
  const std::size_t size = c->map_size;
  const thread_cache_limits limits = current_limits();
  const std::size_t byte_limit = limits.bytes;
  const std::size_t slots_allowed = limits.mappings;
  if (size > byte_limit || slots_allowed == 0) return false;
  if (cached_bytes.fetch_add(size, std::memory_order_relaxed) + size > byte_limit) {
    cached_bytes.fetch_sub(size, std::memory_order_relaxed);
    return false;
  }
  if (claim_empty_slot(c, slots_allowed)) return true;
  // Every slot is taken: the newcomer replaces an older mapping, which may be of a size nobody
  // asks for any more. Unmapping the old one costs what unmapping the new one would.
  const std::size_t victim = take_victim(slots_allowed);
  if (control* old = slots[victim].exchange(c, std::memory_order_acq_rel)) drop(old);
  return true;
}

}  // namespace rawthread::detail

namespace rawthread {

result<void> set_thread_cache_limits(const thread_cache_limits& limits) {
  if (limits.mappings > thread_cache_limits::max_mappings) return failure(errc::einval);
  detail::set_mappings.store(limits.mappings, std::memory_order_relaxed);
  detail::set_bytes.store(limits.bytes, std::memory_order_relaxed);
  detail::limits_set.store(true, std::memory_order_release);
  (void)detail::shrink_to(limits.mappings, limits.bytes);
  return {};
}

thread_cache_limits get_thread_cache_limits() { return detail::current_limits(); }

thread_cache_usage get_thread_cache_usage() {
  thread_cache_usage usage{0, detail::cached_bytes.load(std::memory_order_relaxed)};
  for (auto& slot : detail::slots)
    if (slot.load(std::memory_order_relaxed) != nullptr) ++usage.mappings;
  return usage;
}

std::size_t release_thread_cache() { return detail::shrink_to(0, 0); }

}  // namespace rawthread
