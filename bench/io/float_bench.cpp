// SPDX-License-Identifier: MIT
// Single thread: nanoseconds to format one random double into memory, rawthread's io::snprintf
// against glibc's snprintf for "%.6f %.3e %g", "%.17g" and "%.30f", and io::format_to (shortest)
// against {fmt}'s format_to("{}") when it is available. Two sets of inputs: magnitudes uniform
// in their logarithm over 1e-8..1e8 (everyday data), and uniform bit patterns (finite ones,
// nearly all huge or tiny). Rounds are interleaved and medians compared; each round is timed in
// the thread's CPU time, so that time spent descheduled on a busy machine counts for neither.
// Goals (issue 15): "%.6f %.3e %g" >= 3x snprintf, %.17g and %.30f >= 2x, shortest >= {fmt}.
// Usage: float_bench [scale].
#include <cmath>
#include <cstdint>
#include <ctime>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <random>
#include <string>
#include <vector>

#include <rawthread/io.hpp>

#include "measure.hpp"

#ifdef RAWTHREAD_BENCH_FMT
#include <fmt/format.h>
#endif

namespace {

std::vector<double> everyday(std::size_t n) {
  std::mt19937_64 rng(15);
  std::uniform_real_distribution<double> exponent(-8.0, 8.0);
  std::vector<double> v(n);
  for (double& x : v) x = std::pow(10.0, exponent(rng)) * ((rng() & 1) ? 1 : -1);
  return v;
}

std::vector<double> any_bits(std::size_t n) {
  std::mt19937_64 rng(16);
  std::vector<double> v;
  while (v.size() < n) {
    std::uint64_t bits = rng();
    double x;
    std::memcpy(&x, &bits, sizeof x);
    if (std::isfinite(x)) v.push_back(x);
  }
  return v;
}

double cpu_seconds() {
  timespec t;
  clock_gettime(CLOCK_THREAD_CPUTIME_ID, &t);
  return static_cast<double>(t.tv_sec) + static_cast<double>(t.tv_nsec) * 1e-9;
}

template <class F>
double ns_per_value(const std::vector<double>& in, int rounds, unsigned long& sink, F f) {
  char buf[512];
  double start = cpu_seconds();
  for (int r = 0; r < rounds; ++r)
    for (double x : in) {
      std::size_t n = f(buf, sizeof buf, x);
      sink += n + static_cast<unsigned char>(buf[n / 2]);
    }
  return (cpu_seconds() - start) * 1e9 / (static_cast<double>(in.size()) * rounds);
}

struct side {
  const char* label;
  std::vector<double> ours, peer;
};

// The lowest and highest of the rounds' own ratios (peer time over ours, each round's pair
// measured back to back), printed beside the table: how far the median can be trusted.
// Kept until the table is done, so that its rows stay together.
std::vector<std::string> spreads;

void print_spread(const char* measure, const side& s) {
  double low = 0, high = 0;
  for (std::size_t i = 0; i < s.ours.size(); ++i) {
    double ratio = s.peer[i] / s.ours[i];
    low = i == 0 || ratio < low ? ratio : low;
    high = i == 0 || ratio > high ? ratio : high;
  }
  char line[160];
  std::snprintf(line, sizeof line, "%s: rounds' ratios %.2f-%.2fx", measure, low, high);
  spreads.emplace_back(line);
}

void run_set(const char* name, const std::vector<double>& in, int rounds, int repeats,
             unsigned long& sink) {
  side three{"\"%.6f %.3e %g\"", {}, {}}, g17{"\"%.17g\"", {}, {}}, f30{"\"%.30f\"", {}, {}};
  side shortest{"shortest", {}, {}};
  for (int i = 0; i < repeats; ++i) {
    three.ours.push_back(ns_per_value(in, rounds, sink, [](char* b, std::size_t c, double x) {
      return rawthread::io::snprintf(b, c, "%.6f %.3e %g", x, x, x);
    }));
    three.peer.push_back(ns_per_value(in, rounds, sink, [](char* b, std::size_t c, double x) {
      return static_cast<std::size_t>(std::snprintf(b, c, "%.6f %.3e %g", x, x, x));
    }));
    g17.ours.push_back(ns_per_value(in, rounds, sink, [](char* b, std::size_t c, double x) {
      return rawthread::io::snprintf(b, c, "%.17g", x);
    }));
    g17.peer.push_back(ns_per_value(in, rounds, sink, [](char* b, std::size_t c, double x) {
      return static_cast<std::size_t>(std::snprintf(b, c, "%.17g", x));
    }));
    f30.ours.push_back(ns_per_value(in, rounds, sink, [](char* b, std::size_t c, double x) {
      return rawthread::io::snprintf(b, c, "%.30f", x);
    }));
    f30.peer.push_back(ns_per_value(in, rounds, sink, [](char* b, std::size_t c, double x) {
      return static_cast<std::size_t>(std::snprintf(b, c, "%.30f", x));
    }));
    shortest.ours.push_back(ns_per_value(in, rounds, sink, [](char* b, std::size_t c, double x) {
      return rawthread::io::format_to(b, c, x);
    }));
#ifdef RAWTHREAD_BENCH_FMT
    shortest.peer.push_back(ns_per_value(in, rounds, sink, [](char* b, std::size_t, double x) {
      return static_cast<std::size_t>(fmt::format_to(b, "{}", x) - b);
    }));
#endif
  }
  char measure[96];
  for (const side* s : {&three, &g17, &f30}) {
    std::snprintf(measure, sizeof measure, "ns/value, io::snprintf %s, %s", s->label, name);
    bench::row(measure, "glibc snprintf", bench::median(s->ours), bench::median(s->peer), "ns",
               false);
    print_spread(measure, *s);
  }
  std::snprintf(measure, sizeof measure, "ns/value, format_to shortest, %s", name);
#ifdef RAWTHREAD_BENCH_FMT
  bench::row(measure, "{fmt} format_to \"{}\"", bench::median(shortest.ours),
             bench::median(shortest.peer), "ns", false);
  print_spread(measure, shortest);
#else
  std::printf("({fmt} not found: the shortest row is left out)\n");
#endif
}

}  // namespace

int main(int argc, char** argv) {
  double scale = argc > 1 ? std::atof(argv[1]) : 1.0;
  const int rounds = std::max(1, static_cast<int>(10 * scale));
  const int repeats = 11;
  unsigned long sink = 0;
  const auto a = everyday(2048), b = any_bits(2048);
  std::printf("one double formatted into memory, single thread; medians of %d interleaved rounds "
              "of %d values\n",
              repeats, 2048 * rounds);
  bench::header();
  run_set("magnitudes 1e-8..1e8", a, rounds, repeats, sink);
  run_set("uniform bits", b, rounds, repeats, sink);
  for (const std::string& line : spreads) std::printf("%s\n", line.c_str());
  std::printf("(checksum %lu)\n", sink % 1000);
  return 0;
}
