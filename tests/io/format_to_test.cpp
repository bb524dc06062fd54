// SPDX-License-Identifier: MIT
// io::format_to: what each argument type looks like, and truncation.
#include <doctest.h>

#include <climits>
#include <cstdint>
#include <string>
#include <string_view>

#include <rawthread/io.hpp>

using namespace rawthread;

namespace {
template <class... Args>
std::string fmt(const Args&... args) {
  char buf[256];
  std::size_t n = io::format_to(buf, sizeof buf, args...);
  REQUIRE(n <= sizeof buf);
  return std::string(buf, n);
}
enum class colour : short { red = -3 };
}  // namespace

TEST_CASE("format_to writes every integer width in decimal") {
  CHECK(fmt(0) == "0");
  CHECK(fmt(static_cast<signed char>(-128), ' ', static_cast<unsigned char>(255)) == "-128 255");
  CHECK(fmt(static_cast<short>(-32768), ' ', static_cast<unsigned short>(65535)) ==
        "-32768 65535");
  CHECK(fmt(INT_MIN, ' ', UINT_MAX) == "-2147483648 4294967295");
  CHECK(fmt(LLONG_MIN, ' ', ULLONG_MAX) == "-9223372036854775808 18446744073709551615");
  CHECK(fmt(std::int64_t{-1}, ' ', std::uint64_t{10}) == "-1 10");
  CHECK(fmt(colour::red) == "-3");
  // Every power of ten and its neighbours: digit counting at each boundary.
  std::uint64_t p = 1;
  for (int i = 0; i < 20; ++i, p *= 10) {
    CHECK(fmt(p) == std::to_string(p));
    CHECK(fmt(p - 1) == std::to_string(p - 1));
    CHECK(fmt(p + 1) == std::to_string(p + 1));
  }
}

TEST_CASE("format_to: hex, dec with width, chars, bools, strings, pointers") {
  CHECK(fmt(io::hex(0)) == "0");
  CHECK(fmt(io::hex(0xdeadbeefu)) == "deadbeef");
  CHECK(fmt(io::hex(-1)) == "ffffffff");
  CHECK(fmt(io::hex(static_cast<std::int8_t>(-1))) == "ff");
  CHECK(fmt(io::hex(ULLONG_MAX)) == "ffffffffffffffff");
  CHECK(fmt(io::hex(0x2a, 8)) == "0000002a");
  CHECK(fmt(io::dec(42, 6)) == "    42");
  CHECK(fmt(io::dec(-42, 6, '0')) == "-00042");
  CHECK(fmt(io::dec(-42, 6, '.')) == "...-42");
  CHECK(fmt(io::dec(123456, 3)) == "123456");
  CHECK(fmt('x', true, false) == "xtruefalse");
  const char* null_text = nullptr;
  char array[8] = {'a', 'b', 'c', 0, 'z'};
  char full[3] = {'x', 'y', 'z'};  // no NUL: stops at the array's end
  CHECK(fmt("lit", null_text, array, full) == "lit(null)abcxyz");
  CHECK(fmt(std::string_view("view"), std::string("str")) == "viewstr");
  CHECK(fmt(reinterpret_cast<void*>(0x1234), ' ', nullptr) == "0x1234 0x0");
  int local = 0;
  char expected[32];
  std::snprintf(expected, sizeof expected, "%p", static_cast<void*>(&local));
  CHECK(fmt(&local) == expected);
}

TEST_CASE("format_to keeps what fits and returns the full length") {
  char buf[8] = "#######";
  CHECK(io::format_to(buf, 4, "hello ", 12345) == 11);
  CHECK(std::string_view(buf, 8) == std::string_view("hell###\0", 8));
  CHECK(io::format_to(nullptr, 0, "abc", 1) == 4);
  CHECK(io::format_to(buf, 5, io::dec(7, 20)) == 20);
  CHECK(std::string_view(buf, 5) == "     ");
}
