// SPDX-License-Identifier: MIT
// Single thread: nanoseconds to format one line of integers and hex into memory, rawthread
// (io::format_to, and io::snprintf for the printf style) against glibc's snprintf and {fmt}'s
// format_to when it is available. Rounds of each are interleaved and medians compared.
// Goal (issue 4): at least 3x snprintf, within 1.2x of {fmt}. Usage: format_bench [scale].
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <random>
#include <vector>

#include <rawthread/io.hpp>

#include "measure.hpp"

#ifdef RAWTHREAD_BENCH_FMT
#include <fmt/format.h>
#endif

namespace {

struct values {
  int id;
  long long value;
  unsigned mask;
  unsigned count;
};

std::vector<values> make_inputs(std::size_t n) {
  std::mt19937_64 rng(7);
  std::vector<values> v(n);
  for (auto& x : v) {
    int shift = static_cast<int>(rng() % 60);
    x.id = static_cast<int>(rng() % 100000);
    x.value = static_cast<long long>(rng() >> shift) * ((rng() & 1) ? 1 : -1);
    x.mask = static_cast<unsigned>(rng());
    x.count = static_cast<unsigned>(rng() % 1000);
  }
  return v;
}

// Formats every input `rounds` times with `f`; returns ns per line. The byte sum keeps the
// compiler from dropping the work.
template <class F>
double ns_per_line(const std::vector<values>& in, int rounds, unsigned long& sink, F f) {
  char buf[128];
  auto start = std::chrono::steady_clock::now();
  for (int r = 0; r < rounds; ++r)
    for (const values& v : in) {
      std::size_t n = f(buf, sizeof buf, v);
      sink += n + static_cast<unsigned char>(buf[n / 2]);
    }
  return bench::seconds_since(start) * 1e9 / (static_cast<double>(in.size()) * rounds);
}

}  // namespace

int main(int argc, char** argv) {
  double scale = argc > 1 ? std::atof(argv[1]) : 1.0;
  const auto inputs = make_inputs(4096);
  const int rounds = std::max(1, static_cast<int>(100 * scale));
  const int repeats = 7;
  unsigned long sink = 0;

  auto ours = [](char* buf, std::size_t cap, const values& v) {
    return rawthread::io::format_to(buf, cap, "id ", v.id, " value ", v.value, " mask 0x",
                                    rawthread::io::hex(v.mask), " count ", v.count, '\n');
  };
  auto ours_printf = [](char* buf, std::size_t cap, const values& v) {
    return rawthread::io::snprintf(buf, cap, "id %d value %lld mask 0x%x count %u\n", v.id,
                                   v.value, v.mask, v.count);
  };
  auto libc = [](char* buf, std::size_t cap, const values& v) {
    return static_cast<std::size_t>(std::snprintf(
        buf, cap, "id %d value %lld mask 0x%x count %u\n", v.id, v.value, v.mask, v.count));
  };
#ifdef RAWTHREAD_BENCH_FMT
  auto fmtlib = [](char* buf, std::size_t, const values& v) {
    return static_cast<std::size_t>(
        fmt::format_to(buf, "id {} value {} mask 0x{:x} count {}\n", v.id, v.value, v.mask,
                       v.count) -
        buf);
  };
#endif

  std::vector<double> t_ours, t_ours_printf, t_libc, t_fmt;
  for (int i = 0; i < repeats; ++i) {
    t_ours.push_back(ns_per_line(inputs, rounds, sink, ours));
    t_ours_printf.push_back(ns_per_line(inputs, rounds, sink, ours_printf));
    t_libc.push_back(ns_per_line(inputs, rounds, sink, libc));
#ifdef RAWTHREAD_BENCH_FMT
    t_fmt.push_back(ns_per_line(inputs, rounds, sink, fmtlib));
#endif
  }

  std::printf("one line of 4 integers (one in hex) formatted into memory, single thread;\n"
              "medians of %d interleaved rounds of %zu lines (checksum %lu)\n",
              repeats, inputs.size() * static_cast<std::size_t>(rounds), sink % 1000);
  bench::header();
  const char* m = "ns/line, format_to";
  bench::row(m, "glibc snprintf", bench::median(t_ours), bench::median(t_libc), "ns", false);
#ifdef RAWTHREAD_BENCH_FMT
  bench::row(m, "{fmt} format_to", bench::median(t_ours), bench::median(t_fmt), "ns", false);
#else
  std::printf("({fmt} not found: its row is left out)\n");
#endif
  bench::row("ns/line, io::snprintf", "glibc snprintf", bench::median(t_ours_printf),
             bench::median(t_libc), "ns", false);
  return 0;
}
