// SPDX-License-Identifier: MIT
// Word-at-a-time memory access for the mem* functions.
#pragma once

#include <cstddef>
#include <cstdint>

namespace rawthread::mem {

using word = std::uintptr_t;
inline constexpr std::size_t word_size = sizeof(word);

// A word at any address, under any type: may_alias keeps the optimiser from assuming the bytes
// are not also accessed as something else, aligned(1) makes unaligned addresses legal (plain
// loads on x86_64 and aarch64, byte accesses where the CPU insists on alignment).
typedef word __attribute__((may_alias, aligned(1))) unaligned_word;

inline word load(const unsigned char* p) { return *reinterpret_cast<const unaligned_word*>(p); }
inline void store(unsigned char* p, word w) { *reinterpret_cast<unaligned_word*>(p) = w; }

inline bool word_aligned(const void* p) {
  return reinterpret_cast<std::uintptr_t>(p) % word_size == 0;
}

}  // namespace rawthread::mem
