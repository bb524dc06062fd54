// SPDX-License-Identifier: MIT
// SA_RESTART: a blocked futex wait and a blocked pipe read are restarted after a handler that was
// installed with it; without it they fail with EINTR.
#include <doctest.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <unistd.h>

#include <rawthread/signal.hpp>
#include <rawthread/sync.hpp>
#include <rawthread/thread.hpp>

#include "../support.hpp"
#include "signal_support.hpp"

using namespace rawthread;

namespace {
std::atomic<int> handled{0};
void count(int, sys::siginfo*, void*) { handled.fetch_add(1); }

void wait_until_sleeping(int tid) {
  for (int i = 0; i < 20000 && !test::asleep(tid); ++i) this_thread::sleep_for(microseconds(50));
}

// The blocking call under test, run in a child until it returns something other than EINTR or
// `done` is set; reports whether any call failed with EINTR and the final result.
struct outcome {
  std::atomic<int> eintr{0};
  std::atomic<int> finished{0};
};

// Interrupts the child's blocked call `signals` times, waiting for each handler to run and for
// the child to block again; stops early once the child saw EINTR.
void interrupt(thread& t, outcome& o, int signals) {
  for (int i = 0; i < signals && o.eintr.load() == 0; ++i) {
    wait_until_sleeping(t.id());
    const int before = handled.load();
    auto sent = t.signal(sys::sigusr1);
    if (!sent) {  // the thread saw EINTR and left while we looked
      REQUIRE(sent.error() == errc::esrch);
      break;
    }
    while (handled.load() == before) this_thread::yield();
  }
}
}  // namespace

TEST_CASE("futex wait: restarted under SA_RESTART, EINTR without") {
  for (const bool restart : {true, false}) {
    CAPTURE(restart);
    test::scoped_handler handler(sys::sigusr1, count, restart ? sys::sa_restart : 0);
    REQUIRE(handler.ok());
    std::atomic<int> word{0};
    outcome o;
    auto t = spawn([&] {
      while (word.load() == 0) {
        auto r = futex_wait(word, 0);
        if (!r && r.error() == errc::eintr) {
          o.eintr.store(1);
          break;
        }
      }
      o.finished.store(1);
    });
    REQUIRE(t.has_value());
    interrupt(*t, o, restart ? 5 : 50);
    word.store(1);
    (void)futex_wake(word, 1);
    REQUIRE(t->join().has_value());
    CHECK(o.eintr.load() == (restart ? 0 : 1));
  }
}

TEST_CASE("pipe read: restarted under SA_RESTART, EINTR without") {
  for (const bool restart : {true, false}) {
    CAPTURE(restart);
    test::scoped_handler handler(sys::sigusr1, count, restart ? sys::sa_restart : 0);
    REQUIRE(handler.ok());
    int fds[2];
    REQUIRE(pipe(fds) == 0);
    outcome o;
    std::atomic<int> got{-1};
    auto t = spawn([&] {
      char byte = 0;
      for (;;) {
        auto r = sys::read(fds[0], &byte, 1);
        if (r) {
          got.store(byte);
          break;
        }
        if (r.error() == errc::eintr) {
          o.eintr.store(1);
          break;
        }
      }
    });
    REQUIRE(t.has_value());
    interrupt(*t, o, restart ? 5 : 50);
    REQUIRE(write(fds[1], "x", 1) == 1);
    REQUIRE(t->join().has_value());
    CHECK(o.eintr.load() == (restart ? 0 : 1));
    if (restart) CHECK(got.load() == 'x');
    close(fds[0]);
    close(fds[1]);
  }
}
