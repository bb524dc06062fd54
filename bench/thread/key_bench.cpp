// SPDX-License-Identifier: MIT
// thread_key get and set against pthread_getspecific and pthread_setspecific, in one run: ns per
// call, medians of interleaved rounds, with the rounds' min-max ratios below the table. Three
// places a thread can be, since rawthread finds the calling thread's values differently in each:
//   - the main thread before any thread exists (its libc TLS table; the stack map is empty);
//   - the main thread while a rawthread child runs (the stack map's look-up misses first);
//   - a rawthread child (found through the stack map) against a pthread (glibc's own path).
// The process pins itself to one CPU, so both sides run on the same core.
#include <pthread.h>

#include <atomic>
#include <chrono>
#include <cstdio>
#include <vector>

#include <rawthread/sync.hpp>
#include <rawthread/thread.hpp>

#include "../io/measure.hpp"
#include "pin.h"

namespace {

constexpr int calls = 1 << 20;
constexpr int rounds = 15;

rawthread::thread_key raw_key;
pthread_key_t glibc_key;

enum class op { get, set, get_set };
constexpr op ops[] = {op::get, op::set, op::get_set};
constexpr const char* op_names[] = {"get", "set", "get + set"};

// ns per call (per pair for get_set). The values read are folded into `sink` so that no loop
// is dropped.
std::atomic<std::uintptr_t> sink{0};

double raw_ns(op o) {
  const auto start = std::chrono::steady_clock::now();
  std::uintptr_t folded = 0;
  for (int i = 0; i < calls; ++i) {
    if (o != op::set) folded += reinterpret_cast<std::uintptr_t>(raw_key.get());
    if (o != op::get) (void)raw_key.set(reinterpret_cast<void*>(folded + i));
  }
  sink.fetch_add(folded, std::memory_order_relaxed);
  return bench::seconds_since(start) * 1e9 / calls;
}

double glibc_ns(op o) {
  const auto start = std::chrono::steady_clock::now();
  std::uintptr_t folded = 0;
  for (int i = 0; i < calls; ++i) {
    if (o != op::set) folded += reinterpret_cast<std::uintptr_t>(pthread_getspecific(glibc_key));
    if (o != op::get) pthread_setspecific(glibc_key, reinterpret_cast<void*>(folded + i));
  }
  sink.fetch_add(folded, std::memory_order_relaxed);
  return bench::seconds_since(start) * 1e9 / calls;
}

// Each op's times over the rounds, rawthread's and glibc's.
struct samples {
  std::vector<double> raw[3], glibc[3];
};

void measure_in_this_thread(samples& s, bool raw) {
  for (int k = 0; k < 3; ++k) (raw ? s.raw[k] : s.glibc[k]).push_back(raw ? raw_ns(ops[k]) : glibc_ns(ops[k]));
}

void report(const char* where, const samples& s) {
  char measure[96];
  for (int k = 0; k < 3; ++k) {
    std::snprintf(measure, sizeof measure, "ns per %s, %s", op_names[k], where);
    const char* peer = k == 0 ? "pthread_getspecific" : k == 1 ? "pthread_setspecific" : "both";
    bench::row(measure, peer, bench::median(s.raw[k]), bench::median(s.glibc[k]), "ns", false);
  }
}

void report_spread(const char* where, const samples& s) {
  for (int k = 0; k < 3; ++k) {
    std::vector<double> ratio;
    for (std::size_t r = 0; r < s.raw[k].size(); ++r) ratio.push_back(s.glibc[k][r] / s.raw[k][r]);
    std::sort(ratio.begin(), ratio.end());
    std::printf("ns per %s, %s: rounds' ratios %.2f-%.2fx\n", op_names[k], where, ratio.front(),
                ratio.back());
  }
}

}  // namespace

int main() {
  pin_to_one_cpu();  // children inherit it
  raw_key = *rawthread::thread_key::create();
  pthread_key_create(&glibc_key, nullptr);
  const char* places[] = {"main thread, no other thread", "main thread, a child running",
                          "rawthread child vs pthread"};
  samples alone, beside, child;

  for (int r = 0; r < rounds; ++r) {
    measure_in_this_thread(alone, true);
    measure_in_this_thread(alone, false);
  }

  std::atomic<bool> done{false};
  auto sleeper = rawthread::spawn([&done] {
    while (!done.load(std::memory_order_acquire))
      rawthread::this_thread::sleep_for(rawthread::milliseconds(1));
  });
  for (int r = 0; r < rounds; ++r) {
    measure_in_this_thread(beside, true);
    measure_in_this_thread(beside, false);
  }
  done.store(true, std::memory_order_release);
  (void)sleeper->join();

  for (int r = 0; r < rounds; ++r) {
    // steady_clock reads the vDSO and touches neither errno nor TLS: safe in a hosted child.
    auto t = rawthread::spawn([&child] { measure_in_this_thread(child, true); });
    (void)t->join();
    pthread_t p;
    pthread_create(&p, nullptr, [](void* s) -> void* {
      measure_in_this_thread(*static_cast<samples*>(s), false);
      return nullptr;
    }, &child);
    pthread_join(p, nullptr);
  }

  std::printf("thread-specific data, ns per call (lower is better), medians of %d interleaved "
              "rounds of %d calls, pinned to one CPU\n", rounds, calls);
  bench::header();
  report(places[0], alone);
  report(places[1], beside);
  report(places[2], child);
  report_spread(places[0], alone);
  report_spread(places[1], beside);
  report_spread(places[2], child);
  return 0;
}
