// SPDX-License-Identifier: MIT
// Times beyond 32-bit seconds through the system-call layer (hosted): 32-bit targets reach them
// only through the 64-bit-time calls, and each case here fails on a 32-bit time_t path.
#include <doctest.h>

#include <atomic>
#include <csignal>
#include <cstdint>
#include <ctime>

#include <rawthread/sync.hpp>
#include <rawthread/syscall.hpp>
#include <rawthread/thread.hpp>
#include <rawthread/time.hpp>

using namespace rawthread;

namespace {

constexpr std::int64_t two_to_32 = std::int64_t{1} << 32;

void ignore_signal(int) {}

}  // namespace

TEST_CASE("clock_gettime agrees with libc's wall clock") {
  sys::timespec now{};
  REQUIRE(sys::clock_gettime(sys::clock_realtime, now).has_value());
  const std::int64_t libc_now = std::time(nullptr);
  CHECK(now.tv_sec >= libc_now - 2);
  CHECK(now.tv_sec <= libc_now + 2);
  CHECK(now.tv_nsec >= 0);
  CHECK(now.tv_nsec < 1000000000);
}

TEST_CASE("a sleep of more than 2^32 seconds, cut short by a signal, reports what is left") {
  struct sigaction action {};
  struct sigaction previous {};
  action.sa_handler = ignore_signal;  // no SA_RESTART: the sleep ends with EINTR
  REQUIRE(sigaction(SIGUSR1, &action, &previous) == 0);
  std::atomic<bool> done{false};
  const int main_tid = sys::gettid();
  // Signals until the sleep is over, so one lands while it sleeps wherever the first one lands.
  auto interrupter = spawn([&] {
    while (!done.load()) {
      (void)sys::tgkill(sys::getpid(), main_tid, SIGUSR1);
      this_thread::sleep_for(milliseconds(10));
    }
  });
  REQUIRE(interrupter.has_value());
  const sys::timespec request{two_to_32 + 7, 0};
  sys::timespec left{};
  auto slept = sys::clock_nanosleep(sys::clock_monotonic, 0, request, &left);
  done.store(true);
  REQUIRE(interrupter->join().has_value());
  sigaction(SIGUSR1, &previous, nullptr);
  REQUIRE_FALSE(slept.has_value());
  CHECK(slept.error() == errc::eintr);
  // Cut to 32 bits, the request would have been 7 seconds.
  CHECK(left.tv_sec > two_to_32);
  CHECK(left.tv_sec <= two_to_32 + 7);
}

TEST_CASE("a futex deadline 2^32 seconds away is the future, not 1970") {
  std::atomic<int> word{0};
  auto waker = spawn([&] {
    this_thread::sleep_for(milliseconds(20));
    word.store(1);
    (void)futex_wake(word, 1);
  });
  REQUIRE(waker.has_value());
  const monotonic_time far = monotonic_now() + seconds(two_to_32);
  const monotonic_time start = monotonic_now();
  bool timed_out = false;
  while (word.load() == 0) {
    auto r = futex_wait_until(word, 0, far);
    if (!r && r.error() == errc::etimedout) {
      timed_out = true;
      break;
    }
  }
  REQUIRE(waker->join().has_value());
  CHECK_FALSE(timed_out);
  CHECK(monotonic_now() - start < seconds(60));
}
