// SPDX-License-Identifier: MIT
#include <doctest.h>

#include <atomic>
#include <vector>

#include <rawthread/sync.hpp>

#include "crew.hpp"
#include "support.hpp"

using namespace rawthread;

namespace {
constinit barrier<> global_barrier{2};
}

TEST_CASE("8 threads pass 1,000 barrier phases in order, one completion and one serial each") {
  constexpr int parties = 8;
  const int rounds = test::scaled(1000, 10);
  std::vector<std::atomic<int>> arrived(static_cast<std::size_t>(rounds) + 1);
  std::vector<std::atomic<int>> serial(static_cast<std::size_t>(rounds));
  std::atomic<int> completions{0}, disorder{0};
  // The completion runs while every party of phase `completions` has arrived and none has
  // left: all arrivals counted, none for the next phase yet.
  auto completion = [&] {
    auto phase = static_cast<std::size_t>(completions.load());
    if (arrived[phase].load() != parties || arrived[phase + 1].load() != 0) disorder.fetch_add(1);
    completions.fetch_add(1);
  };
  barrier b(parties, completion);
  {
    test::crew c(parties, [&](int) {
      for (int r = 0; r < rounds; ++r) {
        auto i = static_cast<std::size_t>(r);
        arrived[i].fetch_add(1);
        if (b.arrive_and_wait()) serial[i].fetch_add(1);
        if (arrived[i].load() != parties || completions.load() < r + 1) disorder.fetch_add(1);
      }
    });
    REQUIRE(c.join());
  }
  CHECK(disorder.load() == 0);
  CHECK(completions.load() == rounds);
  int bad_serial = 0;
  for (auto& s : serial) bad_serial += s.load() != 1;
  CHECK(bad_serial == 0);
}

TEST_CASE("arrive_and_drop lets later phases complete with one party fewer") {
  barrier b(3);
  std::atomic<int> phases_done{0};
  test::crew c(3, [&](int me) {
    if (me == 2) {
      b.arrive_and_drop();
      return;
    }
    for (int r = 0; r < 5; ++r) (void)b.arrive_and_wait();
    phases_done.fetch_add(1);
  });
  REQUIRE(c.join());
  CHECK(phases_done.load() == 2);
}

TEST_CASE("a constinit barrier works with no constructor run") {
  std::atomic<int> serials{0};
  test::crew c(2, [&](int) {
    for (int r = 0; r < 10; ++r)
      if (global_barrier.arrive_and_wait()) serials.fetch_add(1);
  });
  REQUIRE(c.join());
  CHECK(serials.load() == 10);
}

TEST_CASE("a barrier for zero parties traps") {
  CHECK(test::died_of_trap(test::wait_status_of_child([] {
    test::let_traps_kill();
    volatile int parties = 0;
    barrier b(parties);
    (void)b.arrive_and_wait();
  })));
}
