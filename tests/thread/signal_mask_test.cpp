// SPDX-License-Identifier: MIT
// Signals around thread creation: the child starts with its creator's mask.
#include <doctest.h>

#include <atomic>
#include <csignal>
#include <cstdint>

#include <rawthread/syscall.hpp>
#include <rawthread/thread.hpp>

using namespace rawthread;

TEST_CASE("the child's signal mask equals the creator's, and the creator's is unchanged") {
  sys::sigset custom = sys::sigmask_of(sys::sigusr1) | sys::sigmask_of(sys::sigterm) |
                       sys::sigmask_of(40);
  sys::sigset saved = 0;
  REQUIRE(sys::rt_sigprocmask(sys::sig_setmask, &custom, &saved).has_value());
  std::atomic<std::uint64_t> child_mask{0};
  auto t = spawn([&] {
    sys::sigset now = 0;
    (void)sys::rt_sigprocmask(sys::sig_block, nullptr, &now);
    child_mask.store(now);
  });
  sys::sigset creator_after = 0;
  REQUIRE(sys::rt_sigprocmask(sys::sig_setmask, &saved, &creator_after).has_value());
  REQUIRE(t.has_value());
  REQUIRE(t->join().has_value());
  CHECK(child_mask.load() == custom);
  CHECK(creator_after == custom);
}

TEST_CASE("a signal sent to the thread group while threads start reaches a handler") {
  static std::atomic<int> hits{0};
  struct sigaction sa {};
  sa.sa_handler = [](int) { hits.fetch_add(1); };
  sigemptyset(&sa.sa_mask);
  struct sigaction old {};
  REQUIRE(sigaction(SIGUSR2, &sa, &old) == 0);
  for (int i = 0; i < 20; ++i) {
    auto t = spawn([] { this_thread::sleep_for(microseconds(100)); });
    REQUIRE(t.has_value());
    REQUIRE(sys::kill(sys::getpid(), sys::sigusr2).has_value());
    REQUIRE(t->join().has_value());
    for (int wait = 0; hits.load() <= i && wait < 1000; ++wait) this_thread::yield();
  }
  sigaction(SIGUSR2, &old, nullptr);
  CHECK(hits.load() == 20);
}
