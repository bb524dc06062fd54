// SPDX-License-Identifier: MIT
// The cache of dead threads' mappings: reuse, limits, and that nothing leaks.
#include <doctest.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <unistd.h>

#include <rawthread/syscall.hpp>
#include <rawthread/thread.hpp>

#include "mappings.hpp"
#include "support.hpp"

using namespace rawthread;

namespace {

// Restores the default limits and an empty cache when a test ends, whatever it changed.
struct fresh_cache {
  fresh_cache() { release_thread_cache(); }
  ~fresh_cache() {
    (void)set_thread_cache_limits(thread_cache_limits{});
    release_thread_cache();
  }
};

// One lambda type, so every thread it starts has the same code and the same frame layout: equal
// addresses then mean the same mapping.
auto record_stack_address(std::atomic<std::uintptr_t>& out) {
  return [&out] {
    volatile int local = 0;
    out.store(reinterpret_cast<std::uintptr_t>(&local));
  };
}

std::uintptr_t stack_address_of_one_thread(const thread_options& opts = {}) {
  std::atomic<std::uintptr_t> at{0};
  auto t = spawn(record_stack_address(at), opts);
  REQUIRE(t.has_value());
  REQUIRE(t->join().has_value());
  return at.load();
}

// Starts `n` threads that wait for `go`, then lets them all finish and joins them.
void run_concurrently(int n, const thread_options& opts = {}) {
  std::atomic<bool> go{false};
  std::atomic<int> done{0};
  thread threads[16];
  REQUIRE(n <= 16);
  for (int i = 0; i < n; ++i) {
    auto t = spawn(
        [&] {
          while (!go.load()) this_thread::yield();
          done.fetch_add(1);
        },
        opts);
    REQUIRE(t.has_value());
    threads[i] = std::move(*t);
  }
  go.store(true);
  for (int i = 0; i < n; ++i) REQUIRE(threads[i].join().has_value());
  CHECK(done.load() == n);
}

}  // namespace

TEST_CASE("a joined thread's mapping is handed to the next spawn") {
  fresh_cache guard;
  const std::uintptr_t first = stack_address_of_one_thread();
  thread_cache_usage usage = get_thread_cache_usage();
  CHECK(usage.mappings == 1);
  CHECK(usage.bytes > thread_options::default_stack_size);
  const test::mapped_ranges before;
  CHECK(stack_address_of_one_thread() == first);
  CHECK(test::new_mappings(before) == 0);  // no new mapping was made
  CHECK(get_thread_cache_usage().mappings == 1);
}

TEST_CASE("a detached thread's mapping is reused once it has gone") {
  fresh_cache guard;
  std::atomic<std::uintptr_t> at{0};
  auto t = spawn(record_stack_address(at));
  REQUIRE(t.has_value());
  char task[64];
  std::snprintf(task, sizeof task, "/proc/self/task/%d", t->id());
  REQUIRE(t->detach().has_value());
  while (get_thread_cache_usage().mappings == 0) this_thread::yield();
  // The thread cached its mapping just before leaving. The kernel clears its exit word before it
  // forgets the task, so once the task is gone the mapping is free for reuse.
  while (access(task, F_OK) == 0) this_thread::sleep_for(milliseconds(1));
  CHECK(stack_address_of_one_thread() == at.load());
}

TEST_CASE("a detached thread leaving through this_thread::exit caches its mapping too") {
  fresh_cache guard;
  const test::mapped_ranges before;
  std::atomic<int> reached{0};
  auto t = spawn([&] {
    reached.store(1);
    this_thread::exit(3);
  });
  REQUIRE(t.has_value());
  REQUIRE(t->detach().has_value());
  while (get_thread_cache_usage().mappings == 0) this_thread::yield();
  CHECK(reached.load() == 1);
  CHECK(test::mappings_once_settled(before) == 0);
}

TEST_CASE("only a mapping of the same size and guard is reused") {
  fresh_cache guard;
  thread_options small;
  small.stack_size = thread_options::min_stack_size;
  const std::uintptr_t small_stack = stack_address_of_one_thread(small);
  // A default thread must not get the small mapping: it touches far more than 16 KiB of stack.
  std::atomic<int> touched{0};
  auto big = spawn([&] {
    volatile char deep[512 * 1024];
    for (std::size_t i = 0; i < sizeof deep; i += 4096) deep[i] = 1;
    touched.store(deep[0] + deep[sizeof deep - 4096]);
  });
  REQUIRE(big.has_value());
  REQUIRE(big->join().has_value());
  CHECK(touched.load() == 2);
  thread_options unguarded = small;
  unguarded.guard_size = 0;
  CHECK(stack_address_of_one_thread(unguarded) != small_stack);
  CHECK(stack_address_of_one_thread(small) == small_stack);
}

TEST_CASE("the cache holds at most the configured number of mappings") {
  fresh_cache guard;
  const test::mapped_ranges before;
  thread_cache_limits limits;
  limits.mappings = 3;
  REQUIRE(set_thread_cache_limits(limits).has_value());
  CHECK(get_thread_cache_limits().mappings == 3);
  run_concurrently(10);
  CHECK(get_thread_cache_usage().mappings == 3);
  // Lowering the limit gives back what no longer fits.
  limits.mappings = 1;
  REQUIRE(set_thread_cache_limits(limits).has_value());
  CHECK(get_thread_cache_usage().mappings == 1);
  limits.mappings = 0;  // caching off
  REQUIRE(set_thread_cache_limits(limits).has_value());
  CHECK(get_thread_cache_usage().mappings == 0);
  run_concurrently(4);
  CHECK(get_thread_cache_usage().mappings == 0);
  CHECK(test::new_mappings(before) == 0);
}

TEST_CASE("the cache holds at most the configured number of bytes") {
  fresh_cache guard;
  (void)stack_address_of_one_thread();
  const std::size_t one = get_thread_cache_usage().bytes;
  REQUIRE(one > 0);
  thread_cache_limits limits;
  limits.bytes = 2 * one + one / 2;
  REQUIRE(set_thread_cache_limits(limits).has_value());
  run_concurrently(6);
  thread_cache_usage usage = get_thread_cache_usage();
  CHECK(usage.mappings == 2);
  CHECK(usage.bytes == 2 * one);
  // A mapping bigger than the whole budget is never cached.
  limits.bytes = one - 1;
  REQUIRE(set_thread_cache_limits(limits).has_value());
  CHECK(get_thread_cache_usage().mappings == 0);
  (void)stack_address_of_one_thread();
  CHECK(get_thread_cache_usage().bytes == 0);
}

TEST_CASE("a limit above max_mappings is EINVAL and changes nothing") {
  fresh_cache guard;
  thread_cache_limits limits;
  limits.mappings = thread_cache_limits::max_mappings + 1;
  limits.bytes = 1;
  auto r = set_thread_cache_limits(limits);
  REQUIRE_FALSE(r.has_value());
  CHECK(r.error() == errc::einval);
  CHECK(get_thread_cache_limits().mappings == thread_cache_limits{}.mappings);
  CHECK(get_thread_cache_limits().bytes == thread_cache_limits{}.bytes);
}

TEST_CASE("a full cache makes room for the size in use now") {
  fresh_cache guard;
  thread_options small;
  small.stack_size = thread_options::min_stack_size;
  thread_cache_limits limits;
  limits.mappings = 2;
  REQUIRE(set_thread_cache_limits(limits).has_value());
  run_concurrently(2, small);  // fills both slots with small mappings
  (void)stack_address_of_one_thread();
  const std::uintptr_t big = stack_address_of_one_thread();
  CHECK(stack_address_of_one_thread() == big);
  CHECK(get_thread_cache_usage().mappings == 2);
}

TEST_CASE("100,000 threads created and joined leave no mapping behind") {
  fresh_cache guard;
  const int n = test::scaled(100000, 100);
  const test::mapped_ranges before;
  // On one CPU a create+join is a few microseconds; across CPUs the wake-ups cost several times
  // that, so the loop runs pinned (the threads inherit the mask).
  cpu_set all, one;
  REQUIRE(sys::sched_getaffinity(0, sizeof all.bits, all.bits).has_value());
  for (std::size_t cpu = 0; one.empty(); ++cpu)
    if (all.contains(cpu)) one.add(cpu);
  REQUIRE(sys::sched_setaffinity(0, sizeof one.bits, one.bits).has_value());
  long sum = 0;
  for (int i = 0; i < n; ++i) {
    auto t = spawn([i] { return i & 7; });
    REQUIRE(t.has_value());
    sum += *t->join();
  }
  REQUIRE(sys::sched_setaffinity(0, sizeof all.bits, all.bits).has_value());
  CHECK(sum == long{n / 8} * 28 + (n % 8) * ((n % 8) - 1) / 2);
  CHECK(get_thread_cache_usage().mappings == 1);  // one thread at a time: one mapping reused
  CHECK(test::mappings_once_settled(before) == 0);
}

TEST_CASE("10,000 detached threads leave no mapping behind") {
  fresh_cache guard;
  const int n = test::scaled(10000, 100);
  const test::mapped_ranges before;
  std::atomic<int> finished{0};
  for (int i = 0; i < n; ++i) {
    auto t = spawn([&] { finished.fetch_add(1); });
    REQUIRE(t.has_value());
    REQUIRE(t->detach().has_value());
  }
  while (finished.load() < n) this_thread::yield();
  CHECK(get_thread_cache_usage().mappings <= thread_cache_limits{}.mappings);
  CHECK(test::mappings_once_settled(before) == 0);
}
