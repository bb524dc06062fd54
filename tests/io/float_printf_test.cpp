// SPDX-License-Identifier: MIT
// %f %e %g %a (and upper-case) of io::snprintf against glibc's snprintf: special values, every
// flag set with widths and precisions, hard values at every precision to 40 and beyond 1,000,
// and random doubles of uniform bits and uniform magnitude across random formats.
// RAWTHREAD_FLOAT_RUNS=<n> sets the random count (default 100,000; the long run uses 1,000,000).
#include <doctest.h>

#include <cfloat>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>
#include <vector>

#include <rawthread/io.hpp>

#include "support.hpp"

using namespace rawthread;

namespace {

std::string glibc_text(const char* fmt, double v) {
  int n = std::snprintf(nullptr, 0, fmt, v);
  std::string out(static_cast<std::size_t>(n) + 1, '\0');
  std::snprintf(out.data(), out.size(), fmt, v);
  out.resize(static_cast<std::size_t>(n));
  return out;
}

std::string our_text(const char* fmt, double v) {
  std::size_t n = io::snprintf(nullptr, 0, fmt, v);
  std::string out(n + 1, '\x7f');
  std::size_t again = io::snprintf(out.data(), out.size(), fmt, v);
  REQUIRE(again == n);
  REQUIRE(out[n] == '\0');
  out.resize(n);
  return out;
}

int mismatches = 0;

// Counts a difference and shows the first few (a full corpus of CHECKs would be unreadable).
void compare(const char* fmt, double v) {
  std::string expected = glibc_text(fmt, v);
  std::string got = our_text(fmt, v);
  if (got != expected && ++mismatches <= 10)
    MESSAGE("format \"" << fmt << "\" value " << glibc_text("%a", v) << ": glibc \"" << expected
                        << "\", io::snprintf \"" << got << '"');
}

double from_bits(std::uint64_t bits) {
  double v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

const double inf = std::numeric_limits<double>::infinity();
const double nan_value = std::numeric_limits<double>::quiet_NaN();

// Powers of ten and two, halfway cases, the extremes, and their neighbours.
std::vector<double> hard_values() {
  std::vector<double> v = {0.0,       1.0,     0.5,     0.05,    0.15,         0.25,
                           0.35,      2.5,     9.5,     99.5,    0.125,        1e22,
                           1e23,      DBL_MAX, DBL_MIN, DBL_TRUE_MIN, 999999.5, 9.9999995,
                           0.000099999995,     1.0 / 3, 2.0 / 3, 123456789012345678.0,
                           4503599627370496.5, 9007199254740993.0, 5e-324, 1e-300,
                           1e300,     0.1,     0.7};
  for (int e = -30; e <= 30; ++e) v.push_back(std::pow(10.0, e));
  for (int e = -1074; e <= 1023; e += 37) v.push_back(std::ldexp(1.0, e));
  for (int e = -20; e <= 20; ++e) v.push_back((2 * e + 1) * 0.5);  // exact halves
  std::size_t base = v.size();
  for (std::size_t i = 0; i < base; ++i) {
    v.push_back(std::nextafter(v[i], 0.0));
    v.push_back(std::nextafter(v[i], inf));
  }
  return v;
}

const char* const conversions = "feEgGaAF";

}  // namespace

TEST_CASE("float conversions: infinities, NaNs and zeros as glibc prints them") {
  mismatches = 0;
  const double specials[] = {inf, -inf, nan_value, -nan_value, 0.0, -0.0};
  const char* formats[] = {"%f", "%F", "%e", "%E", "%g",  "%G",   "%a",    "%A",     "%+f",
                           "% e", "%010g", "%-8G|", "%08.3f", "%#.0e", "%+.0a", "%#g", "%5.1A"};
  for (double v : specials)
    for (const char* f : formats) compare(f, v);
  CHECK(mismatches == 0);
  char four[32];
  io::snprintf(four, sizeof four, "%f|%F|%e|%G", inf, inf, inf, -inf);
  CHECK(std::string(four) == "inf|INF|inf|-INF");
  CHECK(our_text("%f", -nan_value) == "-nan");
  CHECK(our_text("%08.2f", -inf) == "    -inf");
  CHECK(our_text("%+.1f", -0.0) == "-0.0");
}

TEST_CASE("float conversions: every flag set with widths and precisions") {
  mismatches = 0;
  const double values[] = {0.0, -0.0, 1.5, -2.25e-7, 123456.789, 9.999999e22, 0.1, DBL_TRUE_MIN,
                           -DBL_MAX, 1.0, 1e-5, 100000.0};
  const char* widths[] = {"", "1", "9", "25"};
  const char* precisions[] = {"", ".", ".0", ".1", ".4", ".17"};
  for (int flags = 0; flags < 32; ++flags) {
    std::string f = "%";
    for (int bit = 0; bit < 5; ++bit)
      if (flags & (1 << bit)) f += "-+ #0"[bit];
    for (const char* w : widths)
      for (const char* p : precisions)
        for (const char* c = conversions; *c; ++c) {
          std::string fmt = "[" + f + w + p + *c + "]";
          for (double v : values) compare(fmt.c_str(), v);
        }
  }
  CHECK(mismatches == 0);
}

TEST_CASE("float conversions: hard values at precisions 0..40 and up to 1,100") {
  mismatches = 0;
  std::vector<double> values = hard_values();
  for (double v : values)
    for (const char* c = conversions; *c; ++c)
      for (int p = 0; p <= 40; ++p) {
        char fmt[16];
        std::snprintf(fmt, sizeof fmt, "%%.%d%c", p, *c);
        compare(fmt, v);
        compare(fmt, -v);
      }
  for (double v : {DBL_TRUE_MIN, DBL_MIN, DBL_MAX, 0.1, 1.0 / 3, std::nextafter(DBL_MIN, 0.0)})
    for (int p = 41; p <= 1100; p += test::emulated() ? 97 : 13)
      for (const char* c = conversions; *c; ++c) {
        char fmt[16];
        std::snprintf(fmt, sizeof fmt, "%%.%d%c", p, *c);
        compare(fmt, v);
      }
  CHECK(mismatches == 0);
  // The smallest subnormal, every one of its digits.
  CHECK(our_text("%.1074f", DBL_TRUE_MIN) == glibc_text("%.1074f", DBL_TRUE_MIN));
  CHECK(our_text("%.1080e", DBL_TRUE_MIN) == glibc_text("%.1080e", DBL_TRUE_MIN));
  CHECK(our_text("%.3000f", 0.5).size() == 3002);
}

TEST_CASE("float conversions: random doubles in random formats") {
  mismatches = 0;
  long runs = 100000;
  if (const char* env = std::getenv("RAWTHREAD_FLOAT_RUNS")) runs = std::atol(env);
  else if (test::emulated()) runs = 20000;
  std::mt19937_64 rng(15);
  for (long i = 0; i < runs; ++i) {
    // Half uniform over the bit patterns (mostly huge or tiny), half uniform in magnitude.
    double v = (i & 1) ? from_bits(rng())
                       : std::ldexp(static_cast<double>(rng() >> 11),
                                    static_cast<int>(rng() % 160) - 110);
    std::string fmt = "%";
    std::uint64_t r = rng();
    for (int bit = 0; bit < 5; ++bit)
      if (r & (1u << bit)) fmt += "-+ #0"[bit];
    if ((r >> 5) & 1) fmt += std::to_string((r >> 6) % 30);
    switch ((r >> 11) % 4) {
      case 0: break;
      case 1: fmt += "." + std::to_string((r >> 13) % 8); break;
      case 2: fmt += "." + std::to_string((r >> 13) % 25); break;
      default: fmt += "." + std::to_string((r >> 13) % 120); break;
    }
    fmt += conversions[(r >> 20) % 8];
    compare(fmt.c_str(), v);
  }
  CHECK(mismatches == 0);
}

TEST_CASE("float conversions: * width and precision, l, truncation, several in one format") {
  char ours[64], theirs[64];
  std::size_t n = io::snprintf(ours, sizeof ours, "%*.*f|%-*.*e|%.*g|%lf|%*a", 12, 3, 3.14159, -11,
                               2, -1.5e-10, -1, 0.1, 2.5, 9, 1.0);
  int m = std::snprintf(theirs, sizeof theirs, "%*.*f|%-*.*e|%.*g|%lf|%*a", 12, 3, 3.14159, -11, 2,
                        -1.5e-10, -1, 0.1, 2.5, 9, 1.0);
  CHECK(n == static_cast<std::size_t>(m));
  CHECK(std::string(ours) == theirs);
  CHECK(std::string(ours) == "       3.142|-1.50e-10  |0.1|2.500000|   0x1p+0");
  // Cut at the buffer's end like any other output, the full length still returned.
  char small[6];
  CHECK(io::snprintf(small, sizeof small, "%.3f|%d", 2.0 / 3, 7) == 7);
  CHECK(std::string(small) == "0.667");
}
