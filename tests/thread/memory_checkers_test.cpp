// SPDX-License-Identifier: MIT
// Memory checkers see rawthread's mappings as they are (src/thread/memory_checkers.hpp). The
// first test is what valgrind's memcheck and AddressSanitizer reported false errors on before
// rawthread told them about reused mappings: it is checked by running the suite under them
// (script/test's valgrind-native and asan-native suites), and by its results everywhere. The
// others need AddressSanitizer's own interface and exist only in a build with it.
#include <doctest.h>

#include <atomic>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <memory>
#include <sys/wait.h>
#include <unistd.h>

#include <rawthread/sync.hpp>
#include <rawthread/thread.hpp>

#include "asan_build.hpp"
#include "support.hpp"

#if RAWTHREAD_ASAN_BUILD
#include <sanitizer/asan_interface.h>
#endif

using namespace rawthread;

namespace {

// Leaves the thread from `depth` frames down, each with an array on the stack (redzones around
// it under AddressSanitizer), so that the frames the thread never returns from cover a good
// part of its stack. Records the lowest frame's address.
[[gnu::noinline]] int leave_from_deep(int depth, std::atomic<std::uintptr_t>* lowest) {
  volatile char buffer[96];
  buffer[0] = static_cast<char>(depth);
  if (depth == 0) {
    lowest->store(reinterpret_cast<std::uintptr_t>(&buffer[0]));
    this_thread::exit(buffer[0] + 40);
  }
  return depth < 0 ? 0 : leave_from_deep(depth - 1, lowest) + buffer[0];
}

struct restore_cache_limits {
  ~restore_cache_limits() {
    (void)set_thread_cache_limits(thread_cache_limits{});
    release_thread_cache();
  }
};

}  // namespace

TEST_CASE("a reused mapping is clean for the next thread, whatever its callable's size") {
  release_thread_cache();
  for (int round = 0; round < 3; ++round) {
    // A thread that leaves from deep inside its stack (AddressSanitizer: frames never returned
    // from)...
    std::atomic<std::uintptr_t> lowest{0};
    auto deep = spawn([&lowest] { return leave_from_deep(40, &lowest); });
    REQUIRE(deep.has_value());
    CHECK(*deep->join() == 40);
    // ...then one that returns from a shallow stack (memcheck: below its last stack pointer,
    // the mapping is unaddressable)...
    auto shallow = spawn([round] { return round + 1; });
    REQUIRE(shallow.has_value());
    CHECK(*shallow->join() == round + 1);
    // ...then, in the same mapping, one whose large callable moves the control block and the
    // callable down into what was the earlier threads' stack, and which uses its stack afresh.
    struct payload {
      long values[256];
    } big{};
    for (int i = 0; i < 256; ++i) big.values[i] = i + round;
    auto wide = spawn([big] {
      volatile long scratch[64];
      long sum = 0;
      for (int i = 0; i < 64; ++i) scratch[i] = big.values[i * 4];
      for (long v : big.values) sum += v;
      for (int i = 0; i < 64; ++i) sum += scratch[i] - big.values[i * 4];
      return static_cast<int>(sum % 100000);
    });
    REQUIRE(wide.has_value());
    const long expected = 255 * 256 / 2 + 256L * round;
    CHECK(*wide->join() == expected % 100000);
  }
}

#if RAWTHREAD_ASAN_BUILD

TEST_CASE("a detached thread that unmaps itself leaves no poison in its memory") {
  // No cache: the thread unmaps its own mapping as it leaves. Whatever is mapped there next
  // (through libc or not) must not inherit the redzones of the frames it never returned from.
  restore_cache_limits restore;
  REQUIRE(set_thread_cache_limits(thread_cache_limits{0, 0}).has_value());
  std::atomic<std::uintptr_t> lowest{0}, highest{0};
  auto t = spawn([&lowest, &highest] {
    volatile char top = 0;
    highest.store(reinterpret_cast<std::uintptr_t>(&top));
    return leave_from_deep(40, &lowest) + top;
  });
  REQUIRE(t.has_value());
  const int tid = t->id();
  REQUIRE(t->detach().has_value());
  while (lowest.load() == 0) this_thread::yield();
  char task[64];
  std::snprintf(task, sizeof task, "/proc/self/task/%d", tid);
  while (access(task, F_OK) == 0) this_thread::sleep_for(milliseconds(1));
  // The frames it never returned from: the callable's and those below it.
  const std::uintptr_t low = lowest.load() - 256;
  const std::uintptr_t high = highest.load() + 256;
  REQUIRE(high - low < 64 * 1024);
  CHECK(__asan_region_is_poisoned(reinterpret_cast<void*>(low), high - low) == nullptr);
}

namespace {
std::atomic<int> holder_running{0};
std::atomic<int> holder_release{0};

// A detached thread holding the only pointer to a heap block, moved into its callable.
[[gnu::noinline]] void start_holder() {
  auto block = std::make_unique<int[]>(100);
  block[0] = 7;
  auto t = spawn([owned = std::move(block)] {
    holder_running.store(owned[0]);
    while (holder_release.load() == 0) (void)futex_wait(holder_release, 0);
  });
  if (!t) _exit(10);
  while (holder_running.load() == 0) this_thread::yield();
  (void)t->detach();
}

// Overwrites the stack start_holder used, where stale copies of the pointer may lie: the exit
// handlers' frames will sit there when LeakSanitizer scans this thread's stack.
[[gnu::noinline]] void scrub_stack() {
  volatile char junk[64 * 1024];
  for (std::size_t i = 0; i < sizeof junk; ++i) junk[i] = 0;
}

// In a forked child: the thread is still running when the process exits, which is when
// LeakSanitizer looks.
void exit_while_a_thread_holds_memory() {
  start_holder();
  scrub_stack();
  std::exit(0);
}
}  // namespace

TEST_CASE("memory held by a thread still running at exit is not reported as leaked") {
  const char* options = std::getenv("ASAN_OPTIONS");
  if (options != nullptr && std::strstr(options, "detect_leaks=0") != nullptr) {
    MESSAGE("LeakSanitizer is off (ASAN_OPTIONS): nothing to check");
    return;
  }
  const int status = test::wait_status_of_child(exit_while_a_thread_holds_memory);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);  // LeakSanitizer's exit code on a report is 23
}

#endif  // RAWTHREAD_ASAN_BUILD
