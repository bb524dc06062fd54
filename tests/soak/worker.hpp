// SPDX-License-Identifier: MIT
// What the soak test's watchdog knows of each worker thread, and the workers' random numbers.
// Workers run in rawthread children of a hosted program: they call no libc, and report only
// through the atomics here.
#pragma once

#include <atomic>
#include <cstdint>

namespace soak {

struct worker {
  char name[24] = {};
  int tid = 0;  // set by the main thread once the worker runs
  // Bumped each time the worker gets past a step that may block (a wait that returns, for any
  // reason, counts): a worker whose count stands still is stuck inside one call.
  std::atomic<std::uint64_t> progress{0};
  // A static string: the step the worker is in, for the watchdog's report.
  std::atomic<const char*> doing{"starting"};
  std::atomic<bool> finished{false};

  void step(const char* what) {
    doing.store(what, std::memory_order_relaxed);
    progress.fetch_add(1, std::memory_order_relaxed);
  }
};

// xorshift64*: cheap, and the same sequence for the same seed, so a run can be repeated.
class rng {
 public:
  explicit rng(std::uint64_t seed) : state_(seed * 0x9E3779B97F4A7C15ull | 1) {}
  std::uint64_t next() {
    state_ ^= state_ >> 12;
    state_ ^= state_ << 25;
    state_ ^= state_ >> 27;
    return state_ * 0x2545F4914F6CDD1Dull;
  }
  // 0 <= result < n.
  std::uint32_t below(std::uint32_t n) { return static_cast<std::uint32_t>((next() >> 32) % n); }
  bool coin() { return below(2) == 0; }
  bool one_in(std::uint32_t n) { return below(n) == 0; }

 private:
  std::uint64_t state_;
};

}  // namespace soak
