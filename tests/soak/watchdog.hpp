// SPDX-License-Identifier: MIT
// The soak test's watchdog: runs in the main thread (libc is fine there), samples every worker's
// progress, and when one has stood still too long prints what each thread is doing, as the
// kernel sees it, and the words of every primitive.
#pragma once

#include <cstdio>

#include <rawthread/time.hpp>

#include "groups.hpp"
#include "worker.hpp"

namespace soak {

class watchdog {
 public:
  static constexpr int most_workers = 32;
  static constexpr int most_watched = 16;

  watchdog(const worker* workers, int count, rawthread::nanoseconds stall);
  void watch(const watched& w);

  // Samples every unfinished worker at `now`; false when one has made no progress for the
  // stall time (after printing the report to `out`).
  bool all_moving(rawthread::monotonic_time now, std::FILE* out);

 private:
  void report(int stuck, rawthread::monotonic_time now, std::FILE* out) const;

  const worker* workers_;
  int count_;
  rawthread::nanoseconds stall_;
  unsigned long long seen_[most_workers] = {};
  rawthread::monotonic_time moved_at_[most_workers] = {};
  watched watched_[most_watched] = {};
  int watched_count_ = 0;
};

}  // namespace soak
