// SPDX-License-Identifier: MIT
// argv, envp and the aux vector as _start found them, and init's errors. The test runs with the
// arguments "first", "two words" and "" and RAWTHREAD_TEST_VALUE=hello world,
// RAWTHREAD_TEST_EMPTY= in the environment (meson.build).
#include <rawthread/start.hpp>
#include <rawthread/syscall.hpp>

#include "check.hpp"

namespace {

bool same(const char* a, const char* b) {
  if (a == nullptr || b == nullptr) return a == b;
  while (*a != '\0' && *a == *b) ++a, ++b;
  return *a == *b;
}

}  // namespace

int main(int argc, char** argv, char** envp) {
  CHECK(rawthread::initialized());
  CHECK(argc == 4);
  if (argc == 4) {
    CHECK(argv[0] != nullptr && argv[0][0] != '\0');
    CHECK(same(argv[1], "first"));
    CHECK(same(argv[2], "two words"));
    CHECK(same(argv[3], ""));
  }
  CHECK(argv[argc] == nullptr);

  CHECK(rawthread::environment() == envp);
  CHECK(same(rawthread::getenv("RAWTHREAD_TEST_VALUE"), "hello world"));
  CHECK(same(rawthread::getenv("RAWTHREAD_TEST_EMPTY"), ""));
  CHECK(rawthread::getenv("RAWTHREAD_TEST_VALU") == nullptr);    // a prefix is not a match
  CHECK(rawthread::getenv("RAWTHREAD_TEST_VALUEX") == nullptr);  // nor a longer name
  CHECK(rawthread::getenv("RAWTHREAD_TEST_NOT_SET") == nullptr);
  CHECK(rawthread::getenv(nullptr) == nullptr);
  CHECK(rawthread::getenv("") == nullptr);
  CHECK(rawthread::getenv("RAWTHREAD_TEST_VALUE=hello") == nullptr);

  auto page = rawthread::auxv(rawthread::at::pagesz);
  CHECK(page.has_value() && *page >= 4096 && (*page & (*page - 1)) == 0);
  auto random = rawthread::auxv(rawthread::at::random);
  CHECK(random.has_value() && *random != 0);
  auto phnum = rawthread::auxv(rawthread::at::phnum);
  CHECK(phnum.has_value() && *phnum >= 2);
  auto null_entry = rawthread::auxv(0);
  CHECK(!null_entry && null_entry.error() == rawthread::errc::einval);
  auto unknown = rawthread::auxv(0x7fff);
  CHECK(!unknown && unknown.error() == rawthread::errc::enoent);

  // init already ran (from _start): bad arguments are reported first, then EBUSY.
  auto negative = rawthread::init(-1, argv, envp);
  CHECK(!negative && negative.error() == rawthread::errc::einval);
  auto no_argv = rawthread::init(argc, nullptr, envp);
  CHECK(!no_argv && no_argv.error() == rawthread::errc::einval);
  auto no_envp = rawthread::init(argc, argv, nullptr);
  CHECK(!no_envp && no_envp.error() == rawthread::errc::einval);
  auto again = rawthread::init(argc, argv, envp);
  CHECK(!again && again.error() == rawthread::errc::ebusy);
  CHECK(rawthread::getenv("RAWTHREAD_TEST_VALUE") != nullptr);  // the failed calls changed nothing
  return test::verdict();
}
