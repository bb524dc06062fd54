// SPDX-License-Identifier: MIT
// Creating threads and getting their results back.
#include <doctest.h>

#include <atomic>
#include <cstdio>
#include <string_view>
#include <unistd.h>

#include <rawthread/thread.hpp>

#include "support.hpp"

using namespace rawthread;

namespace {
int times_three(void* arg) { return 3 * *static_cast<int*>(arg); }
std::atomic<int> plain_function_runs{0};
void count_a_run() { plain_function_runs.fetch_add(1); }
int answer() { return 42; }
}  // namespace

TEST_CASE("one thread runs fn(arg) and join returns its result") {
  int input = 14;
  auto t = spawn(times_three, &input);
  REQUIRE(t.has_value());
  CHECK(t->joinable());
  auto r = t->join();
  REQUIRE(r.has_value());
  CHECK(*r == 42);
  CHECK_FALSE(t->joinable());
}

TEST_CASE("a thousand threads created and joined one after another") {
  const int n = test::scaled(1000);
  long sum = 0;
  for (int i = 0; i < n; ++i) {
    auto t = spawn([i] { return i % 251; });
    REQUIRE(t.has_value());
    auto r = t->join();
    REQUIRE(r.has_value());
    sum += *r;
  }
  long expected = 0;
  for (int i = 0; i < n; ++i) expected += i % 251;
  CHECK(sum == expected);
}

TEST_CASE("closures keep their captures, by value and by reference") {
  std::atomic<int> seen{0};
  int base = 1000;
  struct big {
    long values[64];
  } payload{};
  for (int i = 0; i < 64; ++i) payload.values[i] = i;
  auto t = spawn([&seen, base, payload] {
    long s = 0;
    for (long v : payload.values) s += v;
    seen.store(base + static_cast<int>(s));
  });
  REQUIRE(t.has_value());
  REQUIRE(t->join().has_value());
  CHECK(seen.load() == 1000 + 63 * 64 / 2);
}

TEST_CASE("a void callable joins as 0, and an int one as its value") {
  auto a = spawn([] {});
  auto b = spawn([] { return -7; });
  REQUIRE(a.has_value());
  REQUIRE(b.has_value());
  CHECK(*a->join() == 0);
  CHECK(*b->join() == -7);
}

TEST_CASE("a function, named or as a pointer, with or without options, runs as itself") {
  auto named = spawn(count_a_run);
  auto pointer = spawn(&count_a_run);
  auto with_options = spawn(answer, thread_options{});
  REQUIRE(named.has_value());
  REQUIRE(pointer.has_value());
  REQUIRE(with_options.has_value());
  CHECK(named->join().value_or(-1) == 0);
  CHECK(pointer->join().value_or(-1) == 0);
  CHECK(with_options->join().value_or(-1) == 42);
  CHECK(plain_function_runs.load() == 2);
}

TEST_CASE("move-only callables are moved into the thread and destroyed there") {
  struct owner {
    std::atomic<int>* destroyed;
    int value;
    owner(std::atomic<int>* d, int v) : destroyed(d), value(v) {}
    owner(owner&& o) noexcept : destroyed(o.destroyed), value(o.value) { o.destroyed = nullptr; }
    owner(const owner&) = delete;
    ~owner() {
      if (destroyed) destroyed->fetch_add(1);
    }
    int operator()() { return value; }
  };
  std::atomic<int> destroyed{0};
  {
    auto t = spawn(owner(&destroyed, 5));
    REQUIRE(t.has_value());
    CHECK(*t->join() == 5);
  }
  CHECK(destroyed.load() == 1);
}

TEST_CASE("thread ids are kernel tids, distinct, and not the creator's") {
  const int n = 16;
  std::atomic<int> ids[n] = {};
  thread threads[n];
  for (int i = 0; i < n; ++i) {
    auto t = spawn([&ids, i] { ids[i].store(this_thread::id()); });
    REQUIRE(t.has_value());
    threads[i] = std::move(*t);
  }
  int handle_ids[n];
  for (int i = 0; i < n; ++i) {
    handle_ids[i] = threads[i].id();
    REQUIRE(threads[i].join().has_value());
  }
  for (int i = 0; i < n; ++i) {
    CHECK(ids[i].load() == handle_ids[i]);
    CHECK(ids[i].load() != gettid());
    CHECK(ids[i].load() > 0);
    for (int j = 0; j < i; ++j) CHECK(ids[i].load() != ids[j].load());
  }
  CHECK(this_thread::id() == gettid());
}

TEST_CASE("64 concurrent threads all increment one atomic") {
  const int n = 64;
  const int per_thread = test::scaled(10000, 10);
  std::atomic<long> counter{0};
  std::atomic<int> running{0}, peak{0};
  std::atomic<bool> go{false};
  thread threads[n];
  for (int i = 0; i < n; ++i) {
    auto t = spawn([&] {
      int now = running.fetch_add(1) + 1;
      int p = peak.load();
      while (now > p && !peak.compare_exchange_weak(p, now)) {}
      while (!go.load()) this_thread::yield();
      for (int k = 0; k < per_thread; ++k) counter.fetch_add(1, std::memory_order_relaxed);
    });
    REQUIRE(t.has_value());
    threads[i] = std::move(*t);
  }
  while (running.load() < n) this_thread::yield();
  go.store(true);
  for (auto& t : threads) REQUIRE(t.join().has_value());
  CHECK(counter.load() == long{n} * per_thread);
  CHECK(peak.load() == n);  // all 64 were alive at once
}

TEST_CASE("null entry function is EINVAL") {
  auto t = spawn(static_cast<int (*)(void*)>(nullptr), nullptr);
  REQUIRE_FALSE(t.has_value());
  CHECK(t.error() == errc::einval);
}

TEST_CASE("thread names show in /proc/self/task/<tid>/comm; too long is EINVAL") {
  std::atomic<bool> release{false};
  thread_options opts;
  opts.name = "raw-worker-15ch";  // exactly 15 bytes
  auto t = spawn(
      [&] {
        while (!release.load()) this_thread::yield();
      },
      opts);
  REQUIRE(t.has_value());
  char path[64], comm[32] = {};
  snprintf(path, sizeof path, "/proc/self/task/%d/comm", t->id());
  // The child sets its own name first thing; poll briefly for it.
  for (int tries = 0; tries < 2000; ++tries) {
    FILE* f = fopen(path, "r");
    REQUIRE(f != nullptr);
    size_t got = fread(comm, 1, sizeof comm - 1, f);
    fclose(f);
    comm[got] = '\0';
    if (got > 0 && comm[0] == 'r') break;
    usleep(1000);
  }
  release.store(true);
  REQUIRE(t->join().has_value());
  CHECK(std::string_view(comm) == "raw-worker-15ch\n");

  opts.name = "sixteen-chars-xx";
  const test::mapped_ranges before;
  auto bad = spawn([] {}, opts);
  REQUIRE_FALSE(bad.has_value());
  CHECK(bad.error() == errc::einval);
  CHECK(test::new_mappings(before) == 0);
}
