// SPDX-License-Identifier: MIT
// The type-safe path for floating point: print/format_to of double and float against
// std::to_chars (byte for byte, so never longer) and strtod/strtof (reads back to the same
// bits), and io::fixed/sci/general against glibc's %.*f %.*e %.*g.
#include <doctest.h>

#include <cfloat>
#include <charconv>
#include <cmath>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <limits>
#include <random>
#include <string>

#include <rawthread/io.hpp>

#include "io/sinks.hpp"
#include "support.hpp"

using namespace rawthread;

namespace {

template <class T>
std::string ours(T v) {
  char buf[64];
  std::size_t n = io::format_to(buf, sizeof buf, v);
  REQUIRE(n < sizeof buf);
  return std::string(buf, n);
}

template <class T>
std::string to_chars_text(T v) {
  char buf[64];
  auto r = std::to_chars(buf, buf + sizeof buf, v);
  return std::string(buf, r.ptr);
}

int mismatches = 0;

template <class T, class Bits>
void check_shortest(T v) {
  std::string text = ours(v);
  std::string expected = to_chars_text(v);
  bool same = text == expected;
  if (std::isfinite(v)) {
    T back = sizeof(T) == 8 ? static_cast<T>(std::strtod(text.c_str(), nullptr))
                            : static_cast<T>(std::strtof(text.c_str(), nullptr));
    Bits a, b;
    std::memcpy(&a, &v, sizeof a);
    std::memcpy(&b, &back, sizeof b);
    same = same && a == b;
  }
  if (!same && ++mismatches <= 10)
    MESSAGE("value " << static_cast<double>(v) << ": to_chars \"" << expected << "\", ours \""
                     << text << '"');
}

template <class T, class Bits>
T from_bits(Bits bits) {
  T v;
  std::memcpy(&v, &bits, sizeof v);
  return v;
}

std::string printf_text(const char* fmt, int precision, double v) {
  char buf[2048];
  int n = std::snprintf(buf, sizeof buf, fmt, precision, v);
  return std::string(buf, static_cast<std::size_t>(n));
}

template <class Spec>
std::string spec_text(Spec spec) {
  char buf[2048];
  std::size_t n = io::format_to(buf, sizeof buf, spec);
  return std::string(buf, n);
}

}  // namespace

TEST_CASE("print of a double or float: the shortest text, as std::to_chars writes it") {
  CHECK(ours(0.1) == "0.1");
  CHECK(ours(0.1f) == "0.1");
  CHECK(ours(1.0) == "1");
  CHECK(ours(-0.0) == "-0");
  CHECK(ours(100000.0) == "1e+05");
  CHECK(ours(123456.0) == "123456");
  CHECK(ours(1e22) == "1e+22");
  CHECK(ours(5e-324) == "5e-324");
  CHECK(ours(DBL_MAX) == "1.7976931348623157e+308");
  CHECK(ours(std::numeric_limits<double>::infinity()) == "inf");
  CHECK(ours(-std::numeric_limits<float>::infinity()) == "-inf");
  CHECK(ours(std::numeric_limits<double>::quiet_NaN()) == "nan");
  CHECK(ours(-std::numeric_limits<double>::quiet_NaN()) == "-nan");
  // An integer the fixed form writes in full: every digit of the exact value.
  CHECK(ours(0x1.16b92ac9f3456p+55) == "39226818476745392");

  mismatches = 0;
  long runs = test::emulated() ? 20000 : 100000;
  if (const char* env = std::getenv("RAWTHREAD_FLOAT_RUNS")) runs = std::atol(env);
  std::mt19937_64 rng(16);
  for (long i = 0; i < runs; ++i) {
    std::uint64_t bits = rng();
    check_shortest<double, std::uint64_t>(from_bits<double>(bits));
    check_shortest<float, std::uint32_t>(from_bits<float>(static_cast<std::uint32_t>(bits)));
    double magnitude =
        std::ldexp(static_cast<double>(rng() >> 11), static_cast<int>(rng() % 120) - 80);
    check_shortest<double, std::uint64_t>(magnitude);
    check_shortest<float, std::uint32_t>(static_cast<float>(magnitude));
  }
  // The smallest subnormals, where the decimal has only a digit or two.
  for (std::uint64_t c = 1; c < 5000; ++c) {
    check_shortest<double, std::uint64_t>(from_bits<double>(c));
    check_shortest<float, std::uint32_t>(from_bits<float>(static_cast<std::uint32_t>(c)));
  }
  // Powers of two and ten and their neighbours, the lowest value of each binade included.
  for (int e = -1074; e <= 1023; ++e) {
    double p = std::ldexp(1.0, e);
    check_shortest<double, std::uint64_t>(p);
    check_shortest<double, std::uint64_t>(std::nextafter(p, 0.0));
    check_shortest<float, std::uint32_t>(static_cast<float>(p));
  }
  for (int e = -323; e <= 308; ++e) {
    double p = std::pow(10.0, e);
    check_shortest<double, std::uint64_t>(p);
    check_shortest<double, std::uint64_t>(std::nextafter(p, 0.0));
    check_shortest<double, std::uint64_t>(std::nextafter(p, DBL_MAX));
  }
  CHECK(mismatches == 0);
}

TEST_CASE("io::fixed, io::sci and io::general print what %.*f, %.*e and %.*g print") {
  const double values[] = {0.0, -0.0, 0.5, 2.5, 1.0 / 3, -1234.5678, 1e-7, 9.9999995, 1e300,
                           DBL_TRUE_MIN, std::numeric_limits<double>::infinity()};
  for (double v : values)
    for (int p : {0, 1, 2, 3, 6, 10, 17, 30, 60}) {
      CHECK(spec_text(io::fixed(v, p)) == printf_text("%.*f", p, v));
      CHECK(spec_text(io::sci(v, p)) == printf_text("%.*e", p, v));
      CHECK(spec_text(io::general(v, p)) == printf_text("%.*g", p, v));
    }
  // The default precision is printf's 6, and a negative one means the same.
  CHECK(spec_text(io::fixed(3.0)) == "3.000000");
  CHECK(spec_text(io::sci(3.0, -2)) == "3.000000e+00");
  CHECK(spec_text(io::general(0.0001)) == "0.0001");
}

TEST_CASE("println of floating-point values reaches the fd in one write") {
  test::packet_pair p;
  auto r = io::println(p.write_end, "x=", 0.3, " y=", 2.5f, " z=", io::fixed(2.0 / 3, 3),
                       " w=", io::sci(-1e-10, 1), " v=", io::general(1e20, 4));
  REQUIRE(r);
  CHECK(*r == 39);
  auto messages = p.messages();
  REQUIRE(messages.size() == 1);
  CHECK(messages[0] == "x=0.3 y=2.5 z=0.667 w=-1.0e-10 v=1e+20\n");
}
