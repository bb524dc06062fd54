// SPDX-License-Identifier: MIT
// Timeouts, deadlines past 2038 and 64-bit numbers in a freestanding program, which links no
// compiler run-time library (the static check below proves it on every architecture): a 32-bit
// target gets there only through the 64-bit-time system calls and division by constants done in
// 32-bit steps.
//
// A deadline past 2038 (or past 2^32 seconds) really is one: a thread blocked until then is still
// blocked when another thread wakes it 20 ms later. Read through a 32-bit time_t those seconds
// are negative (EINVAL) or 1970 (ETIMEDOUT at once). It also prints 64-bit values, which
// run_and_check.py compares line by line.
#include <atomic>
#include <cstdint>

#include <rawthread/io.hpp>
#include <rawthread/sync.hpp>
#include <rawthread/syscall.hpp>
#include <rawthread/thread.hpp>
#include <rawthread/time.hpp>

#include "check.hpp"

namespace {

namespace io = rawthread::io;
namespace sys = rawthread::sys;
using rawthread::errc::etimedout;

constexpr std::int64_t year_2040 = 2208988800;  // 2040-01-01T00:00:00Z
constexpr std::int64_t two_to_32 = 4294967296;  // 2106-02-07, whose low 32 bits are 0

bool equal(const char* a, std::size_t n, const char* b) {
  std::size_t i = 0;
  for (; i < n; ++i)
    if (b[i] != a[i]) return false;
  return b[i] == '\0';
}

std::atomic<int> word{0};

// Waits on `word` with an absolute deadline of `seconds` on CLOCK_REALTIME while a thread sets
// and wakes it 20 ms in. True when the wait ended by that wake, not by its deadline.
bool woken_before(std::int64_t seconds) {
  word.store(0);
  auto waker = rawthread::spawn([] {
    rawthread::this_thread::sleep_for(rawthread::milliseconds(20));
    word.store(1);
    (void)rawthread::futex_wake(word, 1);
  });
  if (!CHECK(waker.has_value())) return false;
  const sys::timespec deadline{seconds, 0};
  bool ok = true;
  while (word.load() == 0) {
    auto r = sys::futex(&word, sys::futex_wait_bitset | sys::futex_private_flag |
                                   sys::futex_clock_realtime,
                        0, &deadline, nullptr, sys::futex_bitset_match_any);
    // Woken (0), or the word changed before the wait began (EAGAIN): both say the deadline was
    // accepted as the future. ETIMEDOUT or EINVAL would end the loop with a failure.
    if (!r && r.error() != rawthread::errc::eagain) {
      ok = false;
      break;
    }
  }
  (void)waker->join();
  return ok;
}

}  // namespace

int main() {
  // The wall clock read through clock_gettime: seconds since 1970 well past 2020 and below
  // 2^40, nanoseconds below a second (a 32-bit call would fill the 64-bit fields with halves).
  sys::timespec now{};
  CHECK(sys::clock_gettime(sys::clock_realtime, now).has_value());
  CHECK(now.tv_sec > 1577836800 && now.tv_sec < (std::int64_t{1} << 40));
  CHECK(now.tv_nsec >= 0 && now.tv_nsec < 1000000000);

  // A relative timeout and an absolute one on CLOCK_MONOTONIC run out no earlier than asked.
  std::atomic<int> never{0};
  const rawthread::monotonic_time start = rawthread::monotonic_now();
  auto timed = rawthread::futex_wait_for(never, 0, rawthread::milliseconds(30));
  CHECK(!timed && timed.error() == etimedout);
  CHECK(rawthread::monotonic_now() - start >= rawthread::milliseconds(30));
  const rawthread::monotonic_time deadline =
      rawthread::monotonic_now() + rawthread::milliseconds(20);
  timed = rawthread::futex_wait_until(never, 0, deadline);
  CHECK(!timed && timed.error() == etimedout);
  CHECK(rawthread::monotonic_now() >= deadline);
  // A sleep of 1.25 s in one call: seconds and nanoseconds split without a division helper.
  const rawthread::monotonic_time before_sleep = rawthread::monotonic_now();
  rawthread::this_thread::sleep_for(rawthread::milliseconds(1250));
  CHECK(rawthread::monotonic_now() - before_sleep >= rawthread::milliseconds(1250));

  // Deadlines in 2040 and 2106 on CLOCK_REALTIME are the future; one second ago is the past.
  CHECK(woken_before(year_2040));
  CHECK(woken_before(two_to_32));
  const sys::timespec past{now.tv_sec - 1, 0};
  auto late = sys::futex(&never, sys::futex_wait_bitset | sys::futex_private_flag |
                                     sys::futex_clock_realtime,
                         0, &past, nullptr, sys::futex_bitset_match_any);
  CHECK(!late && late.error() == etimedout);
  // And a sleep until one second ago on CLOCK_REALTIME returns at once.
  CHECK(sys::clock_nanosleep(sys::clock_realtime, sys::timer_abstime, past).has_value());

  // 64-bit values in decimal and hex: formatted exactly, then printed for the checker.
  // long long rather than the int64_t aliases, which are long on 64-bit ports: %ll wants these.
  constexpr unsigned long long max = ~0ull;
  constexpr unsigned long long above_32 = (1ull << 32) + 1;
  constexpr long long min = -9223372036854775807ll - 1;
  char buf[128];
  std::size_t n = io::format_to(buf, sizeof buf, max, ' ', io::hex(max));
  CHECK(equal(buf, n, "18446744073709551615 ffffffffffffffff"));
  n = io::format_to(buf, sizeof buf, above_32, ' ', io::hex(above_32), ' ', min);
  CHECK(equal(buf, n, "4294967297 100000001 -9223372036854775808"));
  n = io::snprintf(buf, sizeof buf, "%llu %llx %lld %020llu", max, max, min, above_32);
  CHECK(equal(buf, n, "18446744073709551615 ffffffffffffffff -9223372036854775808 "
                      "00000000004294967297"));
  // Every power of ten and its neighbours, against digits built one by one.
  unsigned long long power = 1;
  for (int digits = 1; digits <= 20; ++digits, power *= 10) {
    char expected[24];
    expected[0] = '1';
    for (int i = 1; i < digits; ++i) expected[i] = '0';
    expected[digits] = '\0';
    n = io::format_to(buf, sizeof buf, power);
    CHECK(equal(buf, n, expected));
    if (digits > 1) {
      for (int i = 0; i < digits - 1; ++i) expected[i] = '9';
      expected[digits - 1] = '\0';
      n = io::format_to(buf, sizeof buf, power - 1);
      CHECK(equal(buf, n, expected));
    }
    if (digits == 20) break;  // 10^20 does not fit
  }

  (void)io::println(1, max, ' ', io::hex(max));
  (void)io::println(1, above_32, ' ', io::hex(above_32), ' ', min);
  (void)io::printf(1, "%lld %lld\n", static_cast<long long>(year_2040),
                   static_cast<long long>(two_to_32));
  return test::verdict();
}
