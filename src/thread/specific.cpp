// SPDX-License-Identifier: MIT
// Thread-specific data. The keys are a process-wide array of sequence numbers (odd: the key is
// live) and destructors; each thread's values are a specific_table (see specific.hpp and
// <rawthread/sync/thread_key.hpp> for where each kind of thread keeps it).
#include "specific.hpp"

#include <atomic>

#include "arch.hpp"
#include "registry.hpp"
#include "stack_map.hpp"
#include "tls.hpp"

namespace rawthread::detail {
namespace {

constexpr std::size_t key_count = thread_key::max_keys;

constinit std::atomic<std::uint32_t> key_seq[key_count] = {};
constinit std::atomic<void (*)(void*)> key_destructor[key_count] = {};

// A table with the count of its entries that are valid.
struct table_ref {
  specific_table* table;
  std::uint16_t* used;
};

// The freestanding main thread's values, and (hosted) those of threads libc made: their TLS is
// their own. Zero-initialised: nothing valid yet.
struct owned_table {
  specific_table table;
  std::uint16_t used;
};
constinit owned_table main_values{};
// Local-exec: the library is linked statically into the executable, and the model needs no GOT
// (which a freestanding program does not have) and no call.
[[gnu::tls_model("local-exec")]] constinit thread_local owned_table libc_thread_values{};

table_ref of(control* c) { return {stack_table(c), &c->specific_used}; }

table_ref libc_thread_table() { return {&libc_thread_values.table, &libc_thread_values.used}; }

// The calling thread's table, found with no lock and no system call; {null} on a page
// stack_map.hpp marks shared, which on_shared_page resolves. own_control's two look-ups, each
// followed by its mode's fallback table, so that neither mode tests the mode twice.
[[gnu::always_inline]] inline table_ref fast_table() {
  if (tls_enabled()) {
    control* c = tls_current_control();
    return c->map_base != nullptr ? of(c) : table_ref{&main_values.table, &main_values.used};
  }
  const std::uintptr_t e = stack_map::find(arch::stack_pointer());
  if (e == stack_map::shared) return {nullptr, nullptr};
  if (e != 0) return of(reinterpret_cast<control*>(e));
  return libc_thread_table();
}

// The table for a shared page: the registry, walked under its lock, knows whose it is.
table_ref on_shared_page() {
  if (control* c = registry_find_covering(arch::stack_pointer())) return of(c);
  return libc_thread_table();
}

bool live(std::uint32_t seq) { return seq % 2 != 0; }

void* value_in(const table_ref& t, unsigned index) {
  if (index >= *t.used) return nullptr;
  if (t.table->seq[index] != key_seq[index].load(std::memory_order_relaxed)) return nullptr;
  return t.table->values[index];
}

// Stores into an entry below *t.used.
void store_in(const table_ref& t, unsigned index, std::uint32_t seq, void* value) {
  t.table->seq[index] = seq;
  t.table->values[index] = value;
}

// The rare paths of get and set, out of line and reached by tail calls, so that the common
// paths save no registers for them: a shared page, and a table that must first grow to hold
// `index` (the entries between its old count and `index` are marked invalid: 0 is never a live
// sequence).
[[gnu::noinline, gnu::cold]] void* get_on_shared_page(unsigned index) {
  return value_in(on_shared_page(), index);
}
[[gnu::noinline, gnu::cold]] result<void> store_growing(table_ref t, unsigned index,
                                                        std::uint32_t seq, void* value) {
  if (t.table == nullptr) t = on_shared_page();
  for (std::size_t k = *t.used; k < index; ++k) t.table->seq[k] = 0;
  if (index >= *t.used) *t.used = static_cast<std::uint16_t>(index + 1);
  store_in(t, index, seq, value);
  return {};
}

}  // namespace

void run_key_destructors(control* c) {
  const table_ref t = of(c);
  for (int round = 0; round < thread_key::destructor_rounds; ++round) {
    bool called = false;
    for (std::size_t k = 0; k < *t.used; ++k) {
      void* value = t.table->values[k];
      const std::uint32_t seq = key_seq[k].load(std::memory_order_acquire);
      if (value == nullptr || t.table->seq[k] != seq || !live(seq)) continue;
      void (*destructor)(void*) = key_destructor[k].load(std::memory_order_acquire);
      t.table->values[k] = nullptr;
      if (destructor == nullptr) continue;
      destructor(value);
      called = true;
    }
    if (!called) return;
  }
}

}  // namespace rawthread::detail

namespace rawthread {

using detail::key_count;
using detail::key_destructor;
using detail::key_seq;

result<thread_key> thread_key::create(void (*destructor)(void*)) {
  for (unsigned k = 0; k < key_count; ++k) {
    std::uint32_t seq = key_seq[k].load(std::memory_order_relaxed);
    if (detail::live(seq)) continue;
    // The destructor first: a thread that sees the key live sees its destructor too.
    key_destructor[k].store(destructor, std::memory_order_relaxed);
    if (key_seq[k].compare_exchange_strong(seq, seq + 1, std::memory_order_acq_rel))
      return thread_key(k);
  }
  return failure(errc::eagain);
}

result<void> thread_key::destroy() {
  if (index_ >= key_count) return failure(errc::einval);
  std::uint32_t seq = key_seq[index_].load(std::memory_order_relaxed);
  if (!detail::live(seq) ||
      !key_seq[index_].compare_exchange_strong(seq, seq + 1, std::memory_order_acq_rel))
    return failure(errc::einval);
  index_ = key_count;
  return {};
}

void* thread_key::get() const {
  if (index_ >= key_count) return nullptr;
  const detail::table_ref t = detail::fast_table();
  if (t.table == nullptr) [[unlikely]] return detail::get_on_shared_page(index_);
  return detail::value_in(t, index_);
}

result<void> thread_key::set(void* value) const {
  if (index_ >= key_count) return failure(errc::einval);
  const std::uint32_t seq = key_seq[index_].load(std::memory_order_relaxed);
  if (!detail::live(seq)) return failure(errc::einval);
  const detail::table_ref t = detail::fast_table();
  if (t.table == nullptr || index_ >= *t.used) [[unlikely]]
    return detail::store_growing(t, index_, seq, value);
  detail::store_in(t, index_, seq, value);
  return {};
}

}  // namespace rawthread
