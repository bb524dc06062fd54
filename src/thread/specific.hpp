// SPDX-License-Identifier: MIT
// Thread-specific data (thread_key): where a thread's values are, and their destructors.
#pragma once

#include <cstddef>
#include <cstdint>

#include <rawthread/sync/thread_key.hpp>

#include "control.hpp"

namespace rawthread::detail {

// One thread's values: entry k is valid for key k while seq[k] equals the key's current
// sequence number (a deleted and re-created key has a new one, so old values read as null).
struct specific_table {
  std::uint32_t seq[thread_key::max_keys];
  void* values[thread_key::max_keys];
};

// The bytes a spawned thread's table takes at the bottom of its stack.
inline constexpr std::size_t specific_table_size = sizeof(specific_table);

// Where thread `c` (one spawn made) keeps its table: the lowest bytes of its stack.
inline specific_table* stack_table(const control* c) {
  return reinterpret_cast<specific_table*>(static_cast<char*>(c->map_base) + c->guard_size);
}

// Weak: defined with thread_key (specific.cpp), so programs that use no key link none of it and
// thread_finish finds this null. Runs the destructors of `c`'s values, in rounds.
[[gnu::weak]] void run_key_destructors(control* c);

}  // namespace rawthread::detail
