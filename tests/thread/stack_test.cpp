// SPDX-License-Identifier: MIT
// Stacks: sizes, alignment, the guard page and what bad sizes do.
#include <doctest.h>

#include <atomic>
#include <csignal>
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <string_view>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rawthread/thread.hpp>

#include "support.hpp"

using namespace rawthread;

namespace {

// Whether one mapping of `bytes` fits in this address space right now.
bool address_space_holds(std::size_t bytes) {
  void* p = mmap(nullptr, bytes, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (p == MAP_FAILED) return false;
  munmap(p, bytes);
  return true;
}

}  // namespace

TEST_CASE("absurd stack sizes fail cleanly with EINVAL or ENOMEM and map nothing") {
  const test::mapped_ranges before;
  struct {
    std::size_t stack, guard;
    int expected;
  } cases[] = {
      {1, thread_options::default_guard_size, errc::einval},                  // below minimum
      {~std::size_t{0}, thread_options::default_guard_size, errc::einval},    // would overflow
      {~std::size_t{0} / 2, ~std::size_t{0} / 2, errc::einval},               // sum would overflow
      // Beyond an eighth of the address space: refused before anything is asked of the kernel.
      {~std::size_t{0} / 8 + 1, thread_options::default_guard_size, errc::einval},
      // The largest size accepted, which goes to the kernel: ENOMEM unless the address space
      // can hold it (a 64-bit one cannot hold 2^61 bytes; a 32-bit one may hold 512 MiB).
      {~std::size_t{0} / 8, thread_options::default_guard_size, errc::enomem},
      {std::size_t{1} << 20, ~std::size_t{0} - 100, errc::einval},            // guard overflows
  };
  for (auto& c : cases) {
    thread_options opts;
    opts.stack_size = c.stack;
    opts.guard_size = c.guard;
    std::atomic<bool> ran{false};
    auto t = spawn([&] { ran.store(true); }, opts);
    if (c.expected == errc::enomem && address_space_holds(c.stack + c.guard + (1 << 20))) {
      REQUIRE(t.has_value());
      REQUIRE(t->join().has_value());
      CHECK(ran.load());
      continue;
    }
    REQUIRE_FALSE(t.has_value());
    CHECK(t.error() == c.expected);
  }
  CHECK(test::new_mappings(before) == 0);
}

TEST_CASE("a small custom stack works and the stack is aligned as the ABI requires") {
  thread_options opts;
  opts.stack_size = thread_options::min_stack_size;
  std::atomic<std::uintptr_t> address{1};
  auto t = spawn(
      [&] {
        // The compiler aligns a local of the most aligned fundamental type from the stack
        // pointer, trusting the ABI's stack alignment (16 bytes on x86_64, aarch64 and riscv64,
        // 8 on arm, which is also what max_align_t needs on each), so it is only aligned if the
        // incoming stack was.
        std::max_align_t probe;
        address.store(reinterpret_cast<std::uintptr_t>(&probe));
      },
      opts);
  REQUIRE(t.has_value());
  REQUIRE(t->join().has_value());
  CHECK(address.load() % alignof(std::max_align_t) == 0);
}

namespace {
volatile int recursion_limit = 1 << 30;  // far beyond any stack: the guard page stops us first

int recurse_deep(int depth) {
  volatile char pad[1024];
  pad[0] = static_cast<char>(depth);
  if (depth >= recursion_limit) return pad[0];
  return recurse_deep(depth + 1) + pad[0];
}

void overflow_in_thread() {
  thread_options opts;
  opts.stack_size = 64 * 1024;
  auto t = spawn([] { return recurse_deep(0); }, opts);
  if (!t) _exit(3);
  (void)t->join();
  _exit(4);  // not reached: the guard page stops the recursion
}
}  // namespace

TEST_CASE("a thread that overflows its stack dies by SIGSEGV on the guard page") {
  int status = test::wait_status_of_child(overflow_in_thread);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGSEGV);
}

namespace {
void overflow_on_a_reused_mapping() {
  thread_options opts;
  opts.stack_size = 64 * 1024;
  release_thread_cache();  // what the parent had cached
  for (int i = 0; i < 3; ++i) {
    auto warm = spawn([] {}, opts);
    if (!warm || !warm->join()) _exit(3);
  }
  if (get_thread_cache_usage().mappings != 1) _exit(5);  // the next thread reuses that mapping
  overflow_in_thread();
}
}  // namespace

TEST_CASE("a mapping reused from the cache keeps its guard page") {
  int status = test::wait_status_of_child(overflow_on_a_reused_mapping);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGSEGV);
}

TEST_CASE("the mapping has a PROT_NONE guard right below the stack") {
  std::atomic<std::uintptr_t> sp{0};
  std::atomic<bool> release{false};
  auto t = spawn([&] {
    volatile int local = 0;
    sp.store(reinterpret_cast<std::uintptr_t>(&local));
    while (!release.load()) this_thread::yield();
  });
  REQUIRE(t.has_value());
  while (sp.load() == 0) this_thread::yield();
  // Find the mapping holding the stack and the one right below it.
  FILE* f = fopen("/proc/self/maps", "r");
  REQUIRE(f != nullptr);
  unsigned long lo, hi, prev_lo = 0, prev_hi = 0;
  char perms[8], prev_perms[8] = "";
  bool found = false;
  char line[512];
  while (fgets(line, sizeof line, f)) {
    if (sscanf(line, "%lx-%lx %7s", &lo, &hi, perms) != 3) continue;
    if (sp.load() >= lo && sp.load() < hi) {
      found = true;
      CHECK(std::string_view(perms).substr(0, 3) == "rw-");
      const std::size_t guard = thread_options::default_guard_size;
      if (prev_hi == lo) {
        CHECK(std::string_view(prev_perms).substr(0, 3) == "---");
        CHECK(prev_hi - prev_lo == guard);
      } else {
        // No line for the guard: qemu-user's listing for 32-bit guests can leave PROT_NONE out
        // (support.hpp). Then nothing else may be listed in its place.
        CHECK(prev_hi <= lo - guard);
      }
      // Either way it is mapped: mprotect of memory that is not mapped fails with ENOMEM.
      CHECK(mprotect(reinterpret_cast<void*>(lo - guard), guard, PROT_NONE) == 0);
      break;
    }
    prev_lo = lo;
    prev_hi = hi;
    for (int i = 0; i < 8; ++i) prev_perms[i] = perms[i];
  }
  fclose(f);
  release.store(true);
  REQUIRE(t->join().has_value());
  CHECK(found);
}
