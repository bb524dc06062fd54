// SPDX-License-Identifier: MIT
#include <rawthread/time.hpp>

#include "../sys/raw.hpp"

namespace rawthread {
namespace {
std::int64_t now_on(int clock) {
  sys::timespec now{};
  // Both clocks always exist and `now` is valid memory, so this cannot fail.
  (void)sys::raw::clock_gettime(clock, now);
  return now.tv_sec * 1000000000 + now.tv_nsec;
}
}  // namespace

monotonic_time monotonic_now() { return {now_on(sys::clock_monotonic)}; }

realtime_time realtime_now() { return {now_on(sys::clock_realtime)}; }

}  // namespace rawthread
