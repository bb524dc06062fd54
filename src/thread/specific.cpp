// SPDX-License-Identifier: MIT
// Thread-specific data. The keys are a process-wide array of sequence numbers (odd: the key is
// live) and destructors; each thread's values are a specific_table (see specific.hpp and
// <rawthread/sync/thread_key.hpp> for where each kind of thread keeps it).
#include "specific.hpp"

#include <atomic>

#include "own_control.hpp"

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

// The calling thread's table, found with no system call (but in the case registry.hpp states).
table_ref current_table() {
  if (control* c = own_control()) return of(c);
  if (tls_enabled()) return {&main_values.table, &main_values.used};
  return {&libc_thread_values.table, &libc_thread_values.used};
}

bool live(std::uint32_t seq) { return seq % 2 != 0; }

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
  const detail::table_ref t = detail::current_table();
  if (index_ >= *t.used) return nullptr;
  if (t.table->seq[index_] != key_seq[index_].load(std::memory_order_relaxed)) return nullptr;
  return t.table->values[index_];
}

result<void> thread_key::set(void* value) const {
  if (index_ >= key_count) return failure(errc::einval);
  const std::uint32_t seq = key_seq[index_].load(std::memory_order_relaxed);
  if (!detail::live(seq)) return failure(errc::einval);
  const detail::table_ref t = detail::current_table();
  // Entries between the old count and this key: marked invalid (0 is never a live sequence).
  for (std::size_t k = *t.used; k < index_; ++k) t.table->seq[k] = 0;
  if (index_ >= *t.used) *t.used = static_cast<std::uint16_t>(index_ + 1);
  t.table->seq[index_] = seq;
  t.table->values[index_] = value;
  return {};
}

}  // namespace rawthread
