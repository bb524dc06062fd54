// SPDX-License-Identifier: MIT
// <rawthread/result.hpp>: a value or a positive errno code, shaped like std::expected.
//
// No exceptions: value() and operator* on an error (or error() on a value) are contract
// violations and trap. Safe in every thread, in both modes: it is plain data.
#pragma once

#include <new>
#include <type_traits>
#include <utility>

#include <rawthread/errno.hpp>

namespace rawthread {

// Builds an error result, like std::unexpected: `return failure(errc::einval);`.
struct failure {
  int code;
  constexpr explicit failure(int c) : code(c) {}
};

namespace detail {
// The contract check of every result: one function whatever T is, so an optimiser that chooses
// not to inline it keeps a single copy.
constexpr void require(bool ok) {
  if (!ok) __builtin_trap();
}
}  // namespace detail

template <class T>
class [[nodiscard]] result {
 public:
  using value_type = T;

  constexpr result(const T& v) : ok_(true) { ::new (&value_) T(v); }
  constexpr result(T&& v) : ok_(true) { ::new (&value_) T(std::move(v)); }
  constexpr result(failure e) : ok_(false), code_(e.code) {}

  result(const result& o) requires std::is_copy_constructible_v<T> : ok_(o.ok_) {
    if (ok_) ::new (&value_) T(o.value_);
    else code_ = o.code_;
  }
  result(result&& o) noexcept : ok_(o.ok_) {
    if (ok_) ::new (&value_) T(std::move(o.value_));
    else code_ = o.code_;
  }
  result& operator=(const result&) = delete;
  result& operator=(result&&) = delete;
  ~result() {
    if (ok_) value_.~T();
  }

  // True when this holds a value; value(), * and -> trap otherwise, error() traps when true.
  constexpr bool has_value() const { return ok_; }
  constexpr explicit operator bool() const { return ok_; }

  T& value() & { detail::require(ok_); return value_; }
  const T& value() const& { detail::require(ok_); return value_; }
  T&& value() && { detail::require(ok_); return std::move(value_); }
  T& operator*() & { return value(); }
  const T& operator*() const& { return value(); }
  T&& operator*() && { return std::move(*this).value(); }
  T* operator->() { return &value(); }
  const T* operator->() const { return &value(); }

  // The positive errno code; only meaningful when !has_value().
  constexpr int error() const { detail::require(!ok_); return code_; }

  // The value, or `fallback` converted to T when this holds an error.
  template <class U>
  constexpr T value_or(U&& fallback) const& {
    return ok_ ? value_ : static_cast<T>(std::forward<U>(fallback));
  }

 private:
  bool ok_;
  union {
    T value_;
    int code_;
  };
};

template <>
class [[nodiscard]] result<void> {
 public:
  using value_type = void;
  constexpr result() = default;
  constexpr result(failure e) : code_(e.code) {}
  constexpr bool has_value() const { return code_ == 0; }
  constexpr explicit operator bool() const { return code_ == 0; }
  constexpr void value() const { detail::require(code_ == 0); }
  constexpr int error() const {
    detail::require(code_ != 0);
    return code_;
  }

 private:
  int code_ = 0;
};

// Turns a raw kernel return (negative errno on failure) into a result. Always inlined: freestanding
// start-up calls these before the thread pointer (and so the stack protector's canary) exists,
// where an out-of-line copy built with the protector would crash.
template <class T>
[[gnu::always_inline]] constexpr result<T> from_kernel(long ret) {
  if (ret < 0 && ret > -4096) return failure(static_cast<int>(-ret));
  if constexpr (std::is_pointer_v<T>) return reinterpret_cast<T>(ret);
  else return static_cast<T>(ret);
}

[[gnu::always_inline]] constexpr result<void> from_kernel_void(long ret) {
  if (ret < 0 && ret > -4096) return failure(static_cast<int>(-ret));
  return {};
}

}  // namespace rawthread
