// SPDX-License-Identifier: MIT
// this_thread::stack_bounds against /proc/self/maps: in the main thread, in spawned threads and
// on a caller-supplied stack.
#include <doctest.h>

#include <cstdint>
#include <cstdio>
#include <cstring>

#include <rawthread/thread.hpp>

#include "support.hpp"

using namespace rawthread;

namespace {

struct maps_line {
  std::uintptr_t low = 0, high = 0;
  char perms[8] = {};
  bool is_stack = false;
};

// The /proc/self/maps line holding `address`.
maps_line mapping_of(std::uintptr_t address) {
  maps_line found;
  FILE* f = std::fopen("/proc/self/maps", "r");
  if (f == nullptr) return found;
  char line[512];
  while (std::fgets(line, sizeof line, f)) {
    unsigned long low, high;
    char perms[8];
    if (std::sscanf(line, "%lx-%lx %7s", &low, &high, perms) != 3) continue;
    if (address >= low && address < high) {
      found.low = low;
      found.high = high;
      std::memcpy(found.perms, perms, sizeof perms);
      found.is_stack = std::strstr(line, "[stack]") != nullptr;
    }
  }
  std::fclose(f);
  return found;
}

std::uintptr_t as_int(void* p) { return reinterpret_cast<std::uintptr_t>(p); }

struct seen_bounds {
  std::uintptr_t low = 0, high = 0, frame = 0;
  bool ok = false;
};

void record(seen_bounds& s) {
  auto b = this_thread::stack_bounds();
  s.frame = as_int(__builtin_frame_address(0));
  if (!b) return;
  s.ok = true;
  s.low = as_int(b->low);
  s.high = as_int(b->high);
}

}  // namespace

TEST_CASE("the main thread's stack bounds are its [stack] mapping") {
  seen_bounds s;
  record(s);
  REQUIRE(s.ok);
  CHECK(s.low < s.frame);
  CHECK(s.frame < s.high);
  const maps_line m = mapping_of(s.frame);
  // Valgrind runs the program on a stack of its own making, which the kernel does not label.
  if (!test::under_valgrind()) CHECK(m.is_stack);
  CHECK(m.low == s.low);
  CHECK(m.high == s.high);
}

TEST_CASE("a spawned thread's stack bounds lie inside its read-write mapping, around its frames") {
  // The last: with an alternate signal stack, whose own guard bounds the stack from above.
  const struct {
    std::size_t stack, signal_stack;
  } cases[] = {{0, 0}, {64 << 10, 0}, {64 << 10, 16 << 10}};
  for (const auto& c : cases) {
    const std::size_t size = c.stack;
    seen_bounds s;
    thread_options opts;
    opts.stack_size = size;
    opts.signal_stack_size = c.signal_stack;
    auto t = spawn([&s] { record(s); }, opts);
    REQUIRE(t.has_value());
    REQUIRE(t->join().has_value());
    REQUIRE(s.ok);
    CHECK(s.low < s.frame);
    CHECK(s.frame < s.high);
    const std::size_t asked = size == 0 ? thread_options::default_stack_size : size;
    // The usable stack, above the key table at its bottom: at least what was asked.
    CHECK(s.high - s.low >= asked);
    // Both ends in one read-write mapping (the guard below is a mapping of its own).
    const maps_line low = mapping_of(s.low);
    CHECK(std::strncmp(low.perms, "rw", 2) == 0);
    CHECK(mapping_of(s.high - 1).low == low.low);
    // Just below: the guard, or at least not this mapping's usable part.
    CHECK(s.low - low.low < 4096);
  }
}

TEST_CASE("the stack bounds of a thread on a caller-supplied stack lie in that memory") {
  alignas(16) static char memory[64 * 1024];
  thread_options opts;
  opts.stack_memory = memory;
  opts.stack_memory_size = sizeof memory;
  seen_bounds s;
  auto t = spawn([&s] { record(s); }, opts);
  REQUIRE(t.has_value());
  REQUIRE(t->join().has_value());
  REQUIRE(s.ok);
  CHECK(s.low >= as_int(memory));
  CHECK(s.high <= as_int(memory) + sizeof memory);
  CHECK(s.low < s.frame);
  CHECK(s.frame < s.high);
  CHECK(s.high - s.low >= thread_options::min_stack_size);
}
