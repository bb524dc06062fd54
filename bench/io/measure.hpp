// SPDX-License-Identifier: MIT
// Shared by the io benchmarks: timing, medians of interleaved rounds, and the result rows
// script/bench gathers (| measure | peer | rawthread | peer | ratio |).
#pragma once

#include <algorithm>
#include <chrono>
#include <cstdio>
#include <vector>

namespace bench {

inline double seconds_since(std::chrono::steady_clock::time_point start) {
  return std::chrono::duration<double>(std::chrono::steady_clock::now() - start).count();
}

inline double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// One row; `higher_is_better` says whether the ratio is rawthread/peer or peer/rawthread, so a
// ratio above 1 always means rawthread is ahead.
inline void row(const char* measure, const char* peer, double ours, double theirs,
                const char* unit, bool higher_is_better) {
  double ratio = higher_is_better ? ours / theirs : theirs / ours;
  std::printf("| %s | %s | %.1f %s | %.1f %s | %.2fx |\n", measure, peer, ours, unit, theirs, unit,
              ratio);
}

inline void header() {
  std::printf("| measure | peer | rawthread | peer | ratio |\n| --- | --- | ---: | ---: | ---: |\n");
}

}  // namespace bench
