// SPDX-License-Identifier: MIT
// The work of parallel_primes, shared with its pthread twin in bench/primes so that both compute
// exactly the same thing: a segmented sieve of Eratosthenes over [0, limit), cut into segments
// that worker threads claim one at a time from a shared counter (so a slow thread delays no one).
// Plain C++ with no library calls: it builds freestanding and hosted alike.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>

namespace primes {

// Numbers per segment: 2^18, sieved as 2^17 odd numbers in a byte array on the worker's stack.
inline constexpr std::uint64_t segment_span = std::uint64_t{1} << 18;
// The largest limit: base primes below 2^16 then cover every segment.
inline constexpr std::uint64_t max_limit = std::uint64_t{1} << 32;
inline constexpr std::uint32_t max_base = std::uint32_t{1} << 16;

// What the primes in a range add up to. Totals do not depend on how the range was split.
struct tally {
  std::uint64_t count = 0;
  std::uint64_t sum = 0;  // fits: the primes below 2^32 add up to about 4e17
  std::uint64_t largest = 0;

  void add(const tally& other) {
    count += other.count;
    sum += other.sum;
    if (other.largest > largest) largest = other.largest;
  }
};

// Everything the workers share: read-only primes and the next segment to claim.
struct job {
  std::uint64_t limit = 0;
  std::uint32_t base[6542];  // the odd primes below 2^16 (there are 6541, plus 2 set aside)
  int base_count = 0;
  std::atomic<std::uint64_t> next_segment{0};

  // Sets the job up for [0, limit); limit must be at most max_limit.
  void prepare(std::uint64_t new_limit) {
    limit = new_limit;
    next_segment.store(0, std::memory_order_relaxed);
    // Odd primes below min(2^16, sqrt(limit) + 1), by a plain sieve on odd numbers.
    std::uint32_t bound = 3;
    while (bound < max_base && std::uint64_t{bound} * bound < limit) ++bound;
    static bool composite[max_base / 2];
    for (auto& c : composite) c = false;
    base_count = 0;
    for (std::uint32_t n = 3; n < bound; n += 2) {
      if (composite[n / 2]) continue;
      base[base_count++] = n;
      for (std::uint32_t m = n * n; m < bound; m += 2 * n) composite[m / 2] = true;
    }
  }
  std::uint64_t segments() const { return (limit + segment_span - 1) / segment_span; }
};

// The primes in [lo, hi), hi - lo <= segment_span, lo even.
inline tally sieve_segment(const job& j, std::uint64_t lo, std::uint64_t hi) {
  bool composite[segment_span / 2];  // composite[i] stands for lo + 2i + 1
  const std::size_t odds = static_cast<std::size_t>((hi - lo) / 2);
  __builtin_memset(composite, 0, odds);
  for (int k = 0; k < j.base_count; ++k) {
    const std::uint64_t p = j.base[k];
    if (p * p >= hi) break;
    // The first odd multiple of p in the segment, and never p itself.
    std::uint64_t m = (lo + p - 1) / p * p;
    if (m < p * p) m = p * p;
    if (m % 2 == 0) m += p;
    for (; m < hi; m += 2 * p) composite[(m - lo) / 2] = true;
  }
  tally t;
  if (lo == 0 && hi > 2) t = {1, 2, 2};  // 2, the only even prime
  for (std::size_t i = 0; i < odds; ++i) {
    const std::uint64_t n = lo + 2 * i + 1;
    if (composite[i] || n == 1) continue;
    ++t.count;
    t.sum += n;
    t.largest = n;
  }
  return t;
}

// A worker's loop: claims segments until none is left; returns what it found.
inline tally work(job& j) {
  tally mine;
  const std::uint64_t total = j.segments();
  for (;;) {
    const std::uint64_t s = j.next_segment.fetch_add(1, std::memory_order_relaxed);
    if (s >= total) return mine;
    const std::uint64_t lo = s * segment_span;
    const std::uint64_t hi = lo + segment_span < j.limit ? lo + segment_span : j.limit;
    mine.add(sieve_segment(j, lo, hi));
  }
}

// Parses a decimal number; false for anything else (empty, signs, junk, overflow).
inline bool parse_number(const char* s, std::uint64_t& out) {
  if (s == nullptr || *s == '\0') return false;
  std::uint64_t v = 0;
  for (; *s != '\0'; ++s) {
    if (*s < '0' || *s > '9') return false;
    const std::uint64_t digit = static_cast<std::uint64_t>(*s - '0');
    if (v > (~std::uint64_t{0} - digit) / 10) return false;
    v = v * 10 + digit;
  }
  out = v;
  return true;
}

// CPUs set in a sched_getaffinity mask of `bytes` bytes. Not std::popcount: without a popcnt
// instruction GCC calls libgcc's __popcountdi2 for it, which a freestanding program lacks.
inline int cpus_in_mask(const unsigned char* mask, std::size_t bytes) {
  int n = 0;
  for (std::size_t i = 0; i < bytes; ++i)
    for (unsigned b = mask[i]; b != 0; b &= b - 1) ++n;
  return n;
}

inline constexpr int max_threads = 256;
inline constexpr const char* usage =
    "usage: parallel_primes [threads [limit]]  (threads: 1..256, 0 or none for one per CPU "
    "in the affinity mask; limit: at most 4294967296, default 100000000)";

// The command line, [threads [limit]]; threads 0 means one per CPU.
struct settings {
  std::uint64_t threads = 0;
  std::uint64_t limit = 100'000'000;

  // False (print `usage` then) for anything but up to two numbers in range.
  bool parse(int argc, char** argv) {
    return argc <= 3 && (argc <= 1 || parse_number(argv[1], threads)) &&
           (argc <= 2 || parse_number(argv[2], limit)) && threads <= max_threads &&
           limit <= max_limit;
  }
  // Picks one thread per CPU (at least 1, at most max_threads) when none was asked for.
  void default_threads(int cpus) {
    if (threads != 0) return;
    threads = cpus < 1 ? 1 : cpus > max_threads ? max_threads : static_cast<std::uint64_t>(cpus);
  }
};

}  // namespace primes
