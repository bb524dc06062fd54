// SPDX-License-Identifier: MIT
#include <doctest.h>

#include <atomic>

#include <rawthread/sync.hpp>

#include "crew.hpp"
#include "support.hpp"

using namespace rawthread;

namespace {
constinit once_flag global_once;
}

TEST_CASE("call_once runs its function once under 16 racing threads, and all see its result") {
  const int rounds = test::scaled(50, 25);
  for (int round = 0; round < rounds; ++round) {
    once_flag flag;
    int calls = 0;  // plain: call_once must order it
    int value = 0;
    std::atomic<bool> go{false};
    std::atomic<int> saw_value{0};
    {
      test::crew c(16, [&](int) {
        while (!go.load()) this_thread::yield();
        call_once(flag, [&](int v) {
          ++calls;
          this_thread::sleep_for(microseconds(200));  // keep the others waiting a while
          value = v;
        }, 42);
        if (value == 42) saw_value.fetch_add(1);
      });
      go.store(true);
      REQUIRE(c.join());
    }
    CHECK(calls == 1);
    CHECK(saw_value.load() == 16);
  }
}

TEST_CASE("a constinit once_flag runs once; later calls return at once") {
  int calls = 0;
  for (int i = 0; i < 3; ++i) call_once(global_once, [&] { ++calls; });
  CHECK(calls == 1);
}
