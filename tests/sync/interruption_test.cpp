// SPDX-License-Identifier: MIT
// Which waits a signal handler interrupts. As POSIX has it: a semaphore wait reports EINTR when
// a handler installed without SA_RESTART interrupts its sleep (the untimed one resumes with
// SA_RESTART; the timed one reports EINTR either way, as the kernel and glibc's sem_timedwait
// do); mutex lock, condition-variable waits, latch waits and join resume and never report it.
// Handlers are installed with libc's sigaction: these tests run in a hosted program, and the
// handler only touches an atomic.
#include <doctest.h>

#include <atomic>
#include <csignal>

#include <rawthread/sync.hpp>
#include <rawthread/syscall.hpp>
#include <rawthread/thread.hpp>

#include "support.hpp"

using namespace rawthread;

namespace {

std::atomic<int> handled{0};
void count_signal(int) { handled.fetch_add(1); }

// count_signal on SIGUSR1 for the scope, with or without SA_RESTART.
class usr1_handler {
 public:
  explicit usr1_handler(bool restart) {
    struct sigaction sa {};
    sa.sa_handler = count_signal;
    sa.sa_flags = restart ? SA_RESTART : 0;
    sigemptyset(&sa.sa_mask);
    sigaction(SIGUSR1, &sa, &old_);
  }
  ~usr1_handler() { sigaction(SIGUSR1, &old_, nullptr); }
  usr1_handler(const usr1_handler&) = delete;
  usr1_handler& operator=(const usr1_handler&) = delete;

 private:
  struct sigaction old_ {};
};

constexpr int pending = -1;

// A thread blocked in `wait` (which returns 0 or an errno code): it reports its tid first, its
// outcome last. Joined by its destructor.
class waiter {
 public:
  template <class Wait>
  explicit waiter(Wait wait) {
    auto made = spawn([this, wait] {
      tid_.store(this_thread::id());
      outcome_.store(wait());
    });
    REQUIRE(made.has_value());
    thread_ = std::move(*made);
    while (tid_.load() == 0) this_thread::yield();
  }

  // Once the thread sleeps in its wait, sends it SIGUSR1; true once the handler has run.
  bool interrupt() {
    const int before = handled.load();
    if (!test::wait_until_asleep(tid_.load())) return false;
    if (!sys::tgkill(sys::getpid(), tid_.load(), SIGUSR1)) return false;
    for (int tries = 0; tries < 5000; ++tries) {
      if (handled.load() != before) return true;
      this_thread::sleep_for(milliseconds(1));
    }
    return false;
  }
  // True when the thread went back to sleep in its wait, still without an outcome.
  bool waits_on() { return test::wait_until_asleep(tid_.load()) && outcome_.load() == pending; }
  // The outcome, waiting up to about five seconds for it (`pending` if it never came).
  int outcome() {
    for (int tries = 0; outcome_.load() == pending && tries < 5000; ++tries)
      this_thread::sleep_for(milliseconds(1));
    return outcome_.load();
  }

 private:
  std::atomic<int> tid_{0};
  std::atomic<int> outcome_{pending};
  thread thread_;
};

int code_of(const result<void>& r) { return r ? 0 : r.error(); }

// Runs `wait` (returning 0 or an errno code) in a thread, interrupts it with SIGUSR1, and checks
// that it went back to waiting, then that `release` lets it through with 0.
template <class Wait, class Release>
void check_resumes(Wait wait, Release release) {
  waiter w(wait);
  REQUIRE(w.interrupt());
  CHECK(w.waits_on());
  release();
  CHECK(w.outcome() == 0);
}

}  // namespace

TEST_CASE("acquire_interruptible: EINTR from a handler without SA_RESTART, no unit taken") {
  usr1_handler handler(false);
  semaphore s(0);
  waiter w([&] { return code_of(s.acquire_interruptible()); });
  REQUIRE(w.interrupt());
  CHECK(w.outcome() == errc::eintr);
  if (w.outcome() == pending) (void)s.release();  // do not leave it blocked on failure
  CHECK(s.available() == 0);
}

TEST_CASE("acquire_interruptible with SA_RESTART: the kernel resumes the wait") {
  usr1_handler handler(true);
  semaphore s(0);
  check_resumes([&] { return code_of(s.acquire_interruptible()); },
                [&] { REQUIRE(s.release().has_value()); });
  CHECK(s.available() == 0);
}

TEST_CASE("the timed interruptible waits: EINTR with or without SA_RESTART, else as timed") {
  for (bool restart : {false, true}) {
    CAPTURE(restart);
    usr1_handler handler(restart);
    semaphore s(0);
    waiter w([&] { return code_of(s.acquire_interruptible_for(seconds(30))); });
    REQUIRE(w.interrupt());
    CHECK(w.outcome() == errc::eintr);
    if (w.outcome() == pending) (void)s.release();
  }
  semaphore s(1);
  CHECK(code_of(s.acquire_interruptible_until(monotonic_now() + milliseconds(20))) == 0);
  CHECK(code_of(s.acquire_interruptible_for(milliseconds(20))) == errc::etimedout);
  CHECK(code_of(s.acquire_interruptible_until(monotonic_now() - seconds(1))) == errc::etimedout);
}

TEST_CASE("semaphore acquire and try_acquire_for resume after a handler without SA_RESTART") {
  usr1_handler handler(false);
  semaphore s(0);
  auto release = [&] { REQUIRE(s.release().has_value()); };
  check_resumes(
      [&] {
        s.acquire();
        return 0;
      },
      release);
  check_resumes([&] { return s.try_acquire_for(seconds(30)) ? 0 : errc::etimedout; }, release);
}

TEST_CASE("mutex lock, condition waits, latch wait and join resume after a handler") {
  usr1_handler handler(false);
  mutex m;
  m.lock();
  check_resumes(
      [&] {
        m.lock();
        m.unlock();
        return 0;
      },
      [&] { m.unlock(); });

  condition_variable cv;
  bool ready = false;
  check_resumes(
      [&] {
        unique_lock<mutex> lock(m);
        cv.wait(lock, [&] { return ready; });
        return 0;
      },
      [&] {
        {
          unique_lock<mutex> lock(m);
          ready = true;
        }
        cv.notify_all();
      });

  latch l(1);
  check_resumes(
      [&] {
        l.wait();
        return 0;
      },
      [&] { REQUIRE(l.count_down().has_value()); });

  std::atomic<int> go{0};
  auto busy = spawn([&] {
    while (go.load() == 0) (void)futex_wait(go, 0);
    return 7;
  });
  REQUIRE(busy.has_value());
  check_resumes(
      [&] {
        auto code = busy->join();
        return code && *code == 7 ? 0 : 1;
      },
      [&] {
        go.store(1);
        (void)futex_wake(go, 1);
      });
}
