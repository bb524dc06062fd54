// SPDX-License-Identifier: MIT
// thread::signal's errors, this_thread's mask calls and thread_options::signal_mask.
#include <doctest.h>

#include <atomic>
#include <cstdint>

#include <rawthread/signal.hpp>
#include <rawthread/thread.hpp>

#include "signal_support.hpp"

using namespace rawthread;

TEST_CASE("thread::signal: EINVAL for bad numbers and empty handles, ESRCH once gone") {
  thread empty;
  CHECK(empty.signal(sys::sigusr1).error() == errc::einval);
  std::atomic<bool> leave{false};
  auto t = spawn([&] {
    while (!leave.load()) this_thread::yield();
  });
  REQUIRE(t.has_value());
  CHECK(t->signal(-1).error() == errc::einval);
  CHECK(t->signal(65).error() == errc::einval);
  CHECK(t->signal(0).has_value());  // alive
  leave.store(true);
  // Ended but not joined yet: the handle stays valid, the thread is gone.
  auto alive = t->signal(0);
  for (int i = 0; i < 100000 && alive; ++i) {
    this_thread::sleep_for(microseconds(20));
    alive = t->signal(0);
  }
  REQUIRE_FALSE(alive.has_value());
  CHECK(alive.error() == errc::esrch);
  CHECK(t->signal(sys::sigusr1).error() == errc::esrch);
  CHECK(t->join().has_value());
}

TEST_CASE("this_thread::set_signal_mask blocks, unblocks and reports the mask before") {
  const sys::sigset original = this_thread::signal_mask();
  const sys::sigset usr = sys::sigmask_of(sys::sigusr1) | sys::sigmask_of(sys::sigusr2);
  auto before = this_thread::set_signal_mask(sys::sig_block, usr);
  REQUIRE(before.has_value());
  CHECK(*before == original);
  CHECK(this_thread::signal_mask() == (original | usr));
  auto after_block = this_thread::set_signal_mask(sys::sig_unblock, sys::sigmask_of(sys::sigusr1));
  REQUIRE(after_block.has_value());
  CHECK(*after_block == (original | usr));
  CHECK(this_thread::signal_mask() == ((original | usr) & ~sys::sigmask_of(sys::sigusr1)));
  CHECK(this_thread::set_signal_mask(7, usr).error() == errc::einval);
  REQUIRE(this_thread::set_signal_mask(sys::sig_setmask, original).has_value());
  CHECK(this_thread::signal_mask() == original);
}

TEST_CASE("signal_mask option: the child starts with exactly it, the creator's mask is kept") {
  const sys::sigset creator = this_thread::signal_mask();
  const sys::sigset wanted =
      sys::sigmask_of(sys::sigterm) | sys::sigmask_of(sys::sigusr2) | sys::sigmask_of(45);
  const sys::sigset everything = sys::sigset_all;
  // What blocking everything really blocks: never SIGKILL or SIGSTOP, and under qemu-user not
  // the signals the emulator keeps for itself either.
  REQUIRE(this_thread::set_signal_mask(sys::sig_setmask, everything).has_value());
  const sys::sigset all_blockable = this_thread::signal_mask();
  REQUIRE(this_thread::set_signal_mask(sys::sig_setmask, creator).has_value());
  CHECK((all_blockable & (sys::sigmask_of(sys::sigkill) | sys::sigmask_of(sys::sigstop))) == 0);
  struct {
    const sys::sigset* option;
    sys::sigset expected;
  } cases[] = {
      {&wanted, wanted},
      {&everything, all_blockable},
      {nullptr, creator},
  };
  for (auto& c : cases) {
    std::atomic<std::uint64_t> child{~std::uint64_t{0}};
    thread_options opts;
    opts.signal_mask = c.option;
    auto t = spawn([&] { child.store(this_thread::signal_mask()); }, opts);
    REQUIRE(t.has_value());
    REQUIRE(t->join().has_value());
    CHECK(child.load() == c.expected);
    CHECK(this_thread::signal_mask() == creator);
  }
}

namespace {
std::atomic<int> blocked_hits{0};
void hit(int, sys::siginfo*, void*) { blocked_hits.fetch_add(1); }
}  // namespace

TEST_CASE("a signal blocked by the child's signal_mask stays pending until it unblocks it") {
  test::scoped_handler handler(sys::sigusr2, hit, sys::sa_restart);
  REQUIRE(handler.ok());
  blocked_hits = 0;
  const sys::sigset block_usr2 = sys::sigmask_of(sys::sigusr2);
  std::atomic<int> stage{0};
  std::atomic<int> hits_while_blocked{-1};
  thread_options opts;
  opts.signal_mask = &block_usr2;
  auto t = spawn(
      [&] {
        stage.store(1);
        while (stage.load() != 2) this_thread::yield();
        hits_while_blocked.store(blocked_hits.load());
        (void)this_thread::set_signal_mask(sys::sig_unblock, block_usr2);
      },
      opts);
  REQUIRE(t.has_value());
  while (stage.load() != 1) this_thread::yield();
  REQUIRE(t->signal(sys::sigusr2).has_value());
  stage.store(2);
  REQUIRE(t->join().has_value());
  CHECK(hits_while_blocked.load() == 0);
  CHECK(blocked_hits.load() == 1);
}
