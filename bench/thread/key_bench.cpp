// SPDX-License-Identifier: MIT
// thread_key get/set against pthread_getspecific/setspecific, in one run: interleaved rounds,
// medians with min-max, ns per call. Measured in the main thread (rawthread's thread_local table
// there), in a rawthread child (found through the stack-range table: the hosted child's path) and
// in a pthread (glibc's own). Run it pinned: taskset -c 0 key_bench.
#include <algorithm>
#include <cstdio>
#include <pthread.h>
#include <time.h>

#include <rawthread/sync.hpp>
#include <rawthread/thread.hpp>

namespace {

constexpr int calls = 1 << 20;
constexpr int rounds = 15;

double now_ns() {
  timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return t.tv_sec * 1e9 + t.tv_nsec;
}

rawthread::thread_key raw_key;
pthread_key_t glibc_key;

// Each returns ns per get+set pair.
double raw_pairs() {
  const double start = now_ns();
  for (int i = 0; i < calls; ++i) {
    void* v = raw_key.get();
    (void)raw_key.set(static_cast<char*>(v) + 1);
  }
  return (now_ns() - start) / calls;
}
double glibc_pairs() {
  const double start = now_ns();
  for (int i = 0; i < calls; ++i) {
    void* v = pthread_getspecific(glibc_key);
    pthread_setspecific(glibc_key, static_cast<char*>(v) + 1);
  }
  return (now_ns() - start) / calls;
}

struct figures {
  double median, low, high;
};
figures of(double (&x)[rounds]) {
  std::sort(x, x + rounds);
  return {x[rounds / 2], x[0], x[rounds - 1]};
}

void report(const char* where, double (&raw)[rounds], double (&glibc)[rounds]) {
  double ratio[rounds];
  for (int r = 0; r < rounds; ++r) ratio[r] = glibc[r] / raw[r];
  const figures a = of(raw), b = of(glibc), q = of(ratio);
  std::printf("%-22s rawthread %.2f ns (%.2f-%.2f)  glibc %.2f ns (%.2f-%.2f)  "
              "glibc/rawthread %.2fx (%.2f-%.2f)\n",
              where, a.median, a.low, a.high, b.median, b.low, b.high, q.median, q.low, q.high);
}

}  // namespace

int main() {
  raw_key = *rawthread::thread_key::create();
  pthread_key_create(&glibc_key, nullptr);
  double raw[rounds], glibc[rounds];
  for (int r = 0; r < rounds; ++r) {
    raw[r] = raw_pairs();
    glibc[r] = glibc_pairs();
  }
  report("main thread", raw, glibc);
  // Children: a rawthread child for rawthread's figure, a pthread for glibc's, alternately.
  for (int r = 0; r < rounds; ++r) {
    // clock_gettime through the vDSO touches no TLS or errno on success: safe in a hosted child.
    auto t = rawthread::spawn([&raw, r] { raw[r] = raw_pairs(); });
    (void)t->join();
    pthread_t p;
    pthread_create(&p, nullptr, [](void* slot) -> void* {
      *static_cast<double*>(slot) = glibc_pairs();
      return nullptr;
    }, &glibc[r]);
    pthread_join(p, nullptr);
  }
  report("child thread", raw, glibc);
  return 0;
}
