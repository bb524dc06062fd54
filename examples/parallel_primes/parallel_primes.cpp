// SPDX-License-Identifier: MIT
// parallel_primes: counts and sums the primes below a limit on N raw clone threads, in a
// freestanding program (no libc at all). N comes from argv, or is one thread per CPU of the
// affinity mask. bench/primes/primes_pthread.cpp is the same program on pthreads and printf.
//
//   parallel_primes [threads [limit]]
#include <cstdint>
#include <utility>

#include <rawthread/io.hpp>
#include <rawthread/result.hpp>
#include <rawthread/syscall.hpp>
#include <rawthread/thread.hpp>

#include "prime_sieve.hpp"

namespace {

primes::job the_job;
primes::tally results[primes::max_threads];

int cpus_available() {
  unsigned char mask[128];  // room for 1024 CPUs
  auto bytes = rawthread::sys::sched_getaffinity(0, sizeof mask, mask);
  return bytes ? primes::cpus_in_mask(mask, static_cast<std::size_t>(*bytes)) : 0;
}

}  // namespace

int main(int argc, char** argv) {
  primes::settings run;
  if (!run.parse(argc, argv)) {
    rawthread::io::println(2, primes::usage);
    return 2;
  }
  run.default_threads(cpus_available());
  const std::uint64_t threads = run.threads;
  const std::uint64_t limit = run.limit;

  the_job.prepare(limit);
  rawthread::thread workers[primes::max_threads];
  for (std::uint64_t i = 0; i < threads; ++i) {
    auto t = rawthread::spawn([i] { results[i] = primes::work(the_job); });
    if (!t) {
      rawthread::io::println(2, "parallel_primes: no thread: ", rawthread::error_name(t.error()));
      return 1;
    }
    workers[i] = std::move(*t);
  }
  primes::tally total;
  for (std::uint64_t i = 0; i < threads; ++i) {
    if (!workers[i].join()) return 1;
    total.add(results[i]);
  }
  rawthread::io::println(1, "primes below ", limit, ": ", total.count, ", sum ", total.sum,
                         ", largest ", total.largest);
  rawthread::io::println(1, "threads: ", threads);
  return 0;
}
