// SPDX-License-Identifier: MIT
#include <doctest.h>

#include <cerrno>
#include <string_view>

#include <rawthread/result.hpp>

using namespace rawthread;

TEST_CASE("result holds a value or an error code") {
  result<int> ok = 5;
  CHECK(ok.has_value());
  CHECK(static_cast<bool>(ok));
  CHECK(*ok == 5);
  CHECK(ok.value_or(9) == 5);

  result<int> bad = failure(errc::eagain);
  CHECK_FALSE(bad.has_value());
  CHECK(bad.error() == EAGAIN);
  CHECK(bad.value_or(9) == 9);

  result<void> fine;
  CHECK(fine.has_value());
  result<void> failed = failure(errc::einval);
  CHECK(failed.error() == EINVAL);
}

TEST_CASE("result works with move-only types and operator->") {
  struct handle {
    int v;
    explicit handle(int x) : v(x) {}
    handle(handle&& o) noexcept : v(o.v) { o.v = -1; }
    handle(const handle&) = delete;
  };
  result<handle> r = handle(3);
  CHECK(r->v == 3);
  result<handle> moved = std::move(r);
  CHECK(moved->v == 3);
}

TEST_CASE("errc constants match <errno.h> and error_name names them") {
  CHECK(errc::eagain == EAGAIN);
  CHECK(errc::einval == EINVAL);
  CHECK(errc::enomem == ENOMEM);
  CHECK(errc::etimedout == ETIMEDOUT);
  CHECK(errc::edeadlk == EDEADLK);
  CHECK(std::string_view(error_name(EAGAIN)) == "EAGAIN");
  CHECK(std::string_view(error_name(EINVAL)) == "EINVAL");
  CHECK(std::string_view(error_name(ETIMEDOUT)) == "ETIMEDOUT");
  CHECK(std::string_view(error_name(0)) == "E?");
  CHECK(std::string_view(error_name(100000)) == "E?");
}
