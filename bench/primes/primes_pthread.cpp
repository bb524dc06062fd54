// SPDX-License-Identifier: MIT
// parallel_primes (examples/parallel_primes) as people write it with libc: pthreads and printf.
// Same sieve, same work split, same output, so the two can be compared and timed side by side.
#include <pthread.h>
#include <sched.h>

#include <cstdint>
#include <cstdio>

#include "prime_sieve.hpp"

namespace {

primes::job the_job;
primes::tally results[primes::max_threads];

void* worker(void* slot) {
  *static_cast<primes::tally*>(slot) = primes::work(the_job);
  return nullptr;
}

int cpus_available() {
  cpu_set_t mask;
  return sched_getaffinity(0, sizeof mask, &mask) == 0 ? CPU_COUNT(&mask) : 0;
}

}  // namespace

int main(int argc, char** argv) {
  primes::settings run;
  if (!run.parse(argc, argv)) {
    std::fprintf(stderr, "%s\n", primes::usage);
    return 2;
  }
  run.default_threads(cpus_available());
  const std::uint64_t threads = run.threads;
  const std::uint64_t limit = run.limit;

  the_job.prepare(limit);
  pthread_t workers[primes::max_threads];
  for (std::uint64_t i = 0; i < threads; ++i) {
    if (pthread_create(&workers[i], nullptr, worker, &results[i]) != 0) {
      std::fprintf(stderr, "primes_pthread: no thread\n");
      return 1;
    }
  }
  primes::tally total;
  for (std::uint64_t i = 0; i < threads; ++i) {
    if (pthread_join(workers[i], nullptr) != 0) return 1;
    total.add(results[i]);
  }
  std::printf("primes below %llu: %llu, sum %llu, largest %llu\n",
              static_cast<unsigned long long>(limit), static_cast<unsigned long long>(total.count),
              static_cast<unsigned long long>(total.sum),
              static_cast<unsigned long long>(total.largest));
  std::printf("threads: %llu\n", static_cast<unsigned long long>(threads));
  return 0;
}
