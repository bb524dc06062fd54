// SPDX-License-Identifier: MIT
// libFuzzer target: io::snprintf against glibc's snprintf, integers, strings, pointers and
// doubles (any bit pattern: NaNs, infinities, subnormals) alike.
//
// The input is read as a recipe, not as a format: each step picks one valid specification
// (flags, width, precision, length modifier, conversion, argument), wraps it in literal text,
// optionally puts a malformed specification in front, and a buffer size. Valid specifications
// must match glibc byte for byte, return value and truncated bytes included. A malformed one
// must come out literally and take no argument: the output is its text followed by what glibc
// prints for the rest. Any difference aborts with the format on stderr.
#include <cstddef>
#include <cstdint>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <sys/types.h>

#include <rawthread/io/printf.hpp>

namespace {

struct recipe {
  const std::uint8_t* data;
  std::size_t size;
  std::uint8_t byte() {
    if (size == 0) return 0;
    --size;
    return *data++;
  }
  std::uint64_t word() {
    std::uint64_t v = 0;
    for (int i = 0; i < 8; ++i) v = v << 8 | byte();
    return v;
  }
  std::string text(const char* alphabet) {
    std::string s;
    std::size_t n = std::strlen(alphabet);
    for (int len = byte() % 6; len > 0; --len) s += alphabet[byte() % n];
    return s;
  }
};

[[noreturn]] void mismatch(const std::string& fmt, std::size_t cap, const std::string& ours,
                           const std::string& expected) {
  std::fprintf(stderr, "format \"%s\" cap %zu:\n  io::snprintf \"%s\"\n  expected     \"%s\"\n",
               fmt.c_str(), cap, ours.c_str(), expected.c_str());
  std::abort();
}

// Runs both with the same arguments; `junk` is a malformed specification leading fmt.
template <class... Args>
void compare(const std::string& junk, const std::string& rest, std::size_t cap, Args... args) {
  std::string fmt = junk + rest;
  char expected_full[1024];
  int n = std::snprintf(expected_full, sizeof expected_full, rest.c_str(), args...);
  if (n < 0 || static_cast<std::size_t>(n) >= sizeof expected_full) return;
  std::string expected = junk + std::string(expected_full, static_cast<std::size_t>(n));

  char ours[1024];
  std::size_t len = rawthread::io::snprintf(ours, cap, fmt.c_str(), args...);
  std::string stored = cap == 0 ? std::string() : std::string(ours, std::strlen(ours));
  std::string expected_stored = expected.substr(0, cap == 0 ? 0 : cap - 1);
  // %c of NUL stores a NUL: compare the stored bytes by length, not by strlen.
  if (cap != 0) stored.assign(ours, expected_stored.size());
  if (len != expected.size() || stored != expected_stored ||
      (cap != 0 && ours[expected_stored.size()] != '\0'))
    mismatch(fmt, cap, std::string(ours, cap == 0 ? 0 : expected_stored.size()), expected);
}

template <class T>
void with_stars(recipe& r, const std::string& junk, const std::string& fmt, std::size_t cap,
                bool star_width, bool star_precision, T value) {
  int w = static_cast<std::int8_t>(r.byte()) % 64, p = static_cast<std::int8_t>(r.byte()) % 64;
  if (star_width && star_precision) compare(junk, fmt, cap, w, p, value);
  else if (star_width) compare(junk, fmt, cap, w, value);
  else if (star_precision) compare(junk, fmt, cap, p, value);
  else compare(junk, fmt, cap, value);
}

void one_step(recipe& r) {
  static const char* lengths[] = {"", "hh", "h", "l", "ll", "z", "j", "t"};
  static const char conversions[] = "diuxXocspfFeEgGaA";
  static const char* strings[] = {"", "x", "hello", "a longer piece of text", nullptr};

  std::string junk;
  if (r.byte() % 4 == 0) {
    // No conversion letter and no '%' inside, and a last character that converts nothing:
    // whatever the parser makes of it, every byte must come out as text.
    junk = "%" + r.text("-+ #0123456789.*hlzjt") + "yqLkn$!"[r.byte() % 7];
  }

  std::uint8_t shape = r.byte();
  std::string spec = "%";
  for (int bit = 0; bit < 5; ++bit)
    if (shape & (1 << bit)) spec += "-+ #0"[bit];
  bool star_width = false, star_precision = false;
  std::uint8_t sizes = r.byte();
  switch (sizes & 3) {
    case 0: break;
    case 1: star_width = true; spec += '*'; break;
    default: spec += std::to_string(r.byte() % 48); break;
  }
  switch ((sizes >> 2) & 3) {
    case 0: break;
    case 1: star_precision = true; spec += ".*"; break;
    case 2: spec += '.'; break;
    default: spec += '.' + std::to_string(r.byte() % 40); break;
  }
  char conversion = conversions[r.byte() % 17];
  bool integer = std::strchr("diuxXo", conversion) != nullptr;
  bool floating = std::strchr("fFeEgGaA", conversion) != nullptr;
  int length = integer ? r.byte() % 8 : 0;
  spec += lengths[length];
  if (floating && r.byte() % 4 == 0) spec += 'l';  // allowed and ignored, as in C
  spec += conversion;
  std::string fmt = r.text("ab -|.09\n") + (r.byte() % 8 == 0 ? "%%" : "") + spec + r.text("xy=:#");
  std::size_t cap = r.byte() % 80;
  std::uint64_t v = r.word();
  bool is_signed = conversion == 'd' || conversion == 'i';

  switch (conversion) {
    case 'c': return with_stars(r, junk, fmt, cap, star_width, star_precision, static_cast<int>(v));
    case 's': return with_stars(r, junk, fmt, cap, star_width, star_precision, strings[v % 5]);
    case 'p':
      return with_stars(r, junk, fmt, cap, star_width, star_precision,
                        reinterpret_cast<void*>(static_cast<std::uintptr_t>(v >> (v & 63))));
    default: break;
  }
  if (floating) {
    double x;
    std::memcpy(&x, &v, sizeof x);
    return with_stars(r, junk, fmt, cap, star_width, star_precision, x);
  }
  switch (length) {
    case 3:
      if (is_signed) return with_stars(r, junk, fmt, cap, star_width, star_precision, static_cast<long>(v));
      return with_stars(r, junk, fmt, cap, star_width, star_precision, static_cast<unsigned long>(v));
    case 4:
      if (is_signed) return with_stars(r, junk, fmt, cap, star_width, star_precision, static_cast<long long>(v));
      return with_stars(r, junk, fmt, cap, star_width, star_precision, static_cast<unsigned long long>(v));
    case 5:
      if (is_signed) return with_stars(r, junk, fmt, cap, star_width, star_precision, static_cast<ssize_t>(v));
      return with_stars(r, junk, fmt, cap, star_width, star_precision, static_cast<std::size_t>(v));
    case 6:
      if (is_signed) return with_stars(r, junk, fmt, cap, star_width, star_precision, static_cast<std::intmax_t>(v));
      return with_stars(r, junk, fmt, cap, star_width, star_precision, static_cast<std::uintmax_t>(v));
    case 7:
      if (is_signed) return with_stars(r, junk, fmt, cap, star_width, star_precision, static_cast<std::ptrdiff_t>(v));
      return with_stars(r, junk, fmt, cap, star_width, star_precision, static_cast<std::size_t>(v));
    default:
      if (is_signed) return with_stars(r, junk, fmt, cap, star_width, star_precision, static_cast<int>(v));
      return with_stars(r, junk, fmt, cap, star_width, star_precision, static_cast<unsigned>(v));
  }
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
  recipe r{data, size};
  do one_step(r);
  while (r.size != 0);
  return 0;
}
