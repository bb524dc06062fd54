// SPDX-License-Identifier: MIT
// thread_options::affinity: the CPU set is in force before the entry runs; bad sets are EINVAL.
#include <doctest.h>

#include <atomic>
#include <cstdint>

#include <rawthread/syscall.hpp>
#include <rawthread/thread.hpp>

#include "support.hpp"

using namespace rawthread;

namespace {

cpu_set allowed_cpus() {
  cpu_set set;
  REQUIRE(sys::sched_getaffinity(0, sizeof set.bits, set.bits).has_value());
  return set;
}

// A callable that counts its runs and its destructions, to prove a refused one never ran and was
// destroyed exactly once.
struct counted {
  std::atomic<int>* runs;
  std::atomic<int>* destroyed;
  counted(std::atomic<int>* r, std::atomic<int>* d) : runs(r), destroyed(d) {}
  counted(counted&& o) noexcept : runs(o.runs), destroyed(std::exchange(o.destroyed, nullptr)) {}
  ~counted() {
    if (destroyed) destroyed->fetch_add(1);
  }
  void operator()() { runs->fetch_add(1); }
};

}  // namespace

TEST_CASE("cpu_set adds, tests and bounds CPUs") {
  cpu_set set;
  CHECK(set.empty());
  CHECK(set.add(0));
  CHECK(set.add(65));
  CHECK(set.add(cpu_set::max_cpus - 1));
  CHECK_FALSE(set.add(cpu_set::max_cpus));
  CHECK(set.contains(0));
  CHECK(set.contains(65));
  CHECK_FALSE(set.contains(64));
  CHECK_FALSE(set.contains(cpu_set::max_cpus));
  CHECK_FALSE(set.empty());
}

TEST_CASE("a thread's first instruction already runs on its CPU set") {
  const cpu_set all = allowed_cpus();
  // Each allowed CPU in turn (at most 4 of them): the entry reads its own mask first thing.
  int tried = 0;
  for (std::size_t cpu = 0; cpu < cpu_set::max_cpus && tried < 4; ++cpu) {
    if (!all.contains(cpu)) continue;
    ++tried;
    cpu_set one;
    one.add(cpu);
    thread_options opts;
    opts.affinity = &one;
    std::atomic<std::uint64_t> seen[cpu_set::max_cpus / 64] = {};
    auto t = spawn(
        [&] {
          cpu_set now;
          (void)sys::sched_getaffinity(0, sizeof now.bits, now.bits);
          for (std::size_t w = 0; w < cpu_set::max_cpus / 64; ++w) seen[w].store(now.bits[w]);
        },
        opts);
    REQUIRE(t.has_value());
    REQUIRE(t->join().has_value());
    for (std::size_t w = 0; w < cpu_set::max_cpus / 64; ++w) CHECK(seen[w].load() == one.bits[w]);
  }
  CHECK(tried >= 1);
  // The creator's own set is untouched.
  const cpu_set after = allowed_cpus();
  for (std::size_t w = 0; w < cpu_set::max_cpus / 64; ++w) CHECK(after.bits[w] == all.bits[w]);
}

TEST_CASE("an empty or unusable CPU set is EINVAL and leaves nothing behind") {
  release_thread_cache();
  const test::mapped_ranges mappings;
  const int tasks = test::count_tasks();
  cpu_set empty;
  cpu_set nowhere;  // a CPU this machine does not have
  REQUIRE(nowhere.add(cpu_set::max_cpus - 1));
  REQUIRE_FALSE(allowed_cpus().contains(cpu_set::max_cpus - 1));
  for (const cpu_set* set : {&empty, &nowhere}) {
    std::atomic<int> runs{0}, destroyed{0};
    thread_options opts;
    opts.affinity = set;
    {
      auto t = spawn(counted(&runs, &destroyed), opts);
      REQUIRE_FALSE(t.has_value());
      CHECK(t.error() == errc::einval);
    }
    CHECK(runs.load() == 0);
    // One destruction: the temporary's own. A refused spawn never moves it anywhere.
    CHECK(destroyed.load() == 1);
  }
  CHECK(get_thread_cache_usage().mappings == 0);
  CHECK(test::new_mappings(mappings) == 0);
  const int now = test::tasks_once_settled(tasks);
  CHECK(now <= tasks);  // fewer if an earlier test's thread was still leaving
}
