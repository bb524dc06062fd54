// SPDX-License-Identifier: MIT
// A move-only callable, and the check every refused spawn of one must pass: the spawn made no
// thread, said why, and left the callable holding what it held (rawthread moves a callable only
// once nothing can fail any more). Usable in a forked child too: no doctest in here but the
// names it prints.
#pragma once

#include <utility>

#include <doctest.h>

#include <rawthread/thread.hpp>

namespace test {

// Owns a token, which a move takes along: moved from, it holds -1. Run, it returns the token.
struct token_owner {
  int token;
  explicit token_owner(int t) : token(t) {}
  token_owner(token_owner&& o) noexcept : token(std::exchange(o.token, -1)) {}
  token_owner& operator=(token_owner&&) = delete;
  int operator()() const { return token; }
  bool owns() const { return token != -1; }
};

// What a spawn that should have been refused did (a class, not an enum, so that doctest prints
// its name).
struct refusal {
  enum kind {
    as_expected,     // no thread, the error expected, the callable still the caller's
    made_a_thread,   // (joined before the verdict)
    another_error,
    callable_taken,  // refused with the error expected, but the callable was moved from
  };
  kind what;
  bool operator==(const refusal&) const = default;
};
inline constexpr refusal refused{refusal::as_expected};

// Spawns `owner` (moved), with `opts` if given (none: spawn's default path), where the spawn
// must fail with `expected`.
template <class Owner, class... Options>
refusal refusal_of(Owner& owner, int expected, const Options&... opts) {
  static_assert(sizeof...(Options) <= 1);
  auto t = rawthread::spawn(std::move(owner), opts...);
  if (t) {
    (void)t->join();
    return {refusal::made_a_thread};
  }
  if (t.error() != expected) return {refusal::another_error};
  return {owner.owns() ? refusal::as_expected : refusal::callable_taken};
}

}  // namespace test

template <>
struct doctest::StringMaker<test::refusal> {
  static doctest::String convert(test::refusal r) {
    switch (r.what) {
      case test::refusal::as_expected: return "refused as expected";
      case test::refusal::made_a_thread: return "made a thread";
      case test::refusal::another_error: return "refused with another error";
      case test::refusal::callable_taken: return "refused, but the callable was moved from";
    }
    return "?";
  }
};
