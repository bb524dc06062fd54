// SPDX-License-Identifier: MIT
// The C API's option idioms in C++, built with -Wmissing-field-initializers -Werror: each must
// compile without a warning there (`= {0}` would not) and give every default.
#include <rawthread.h>

#include <cstdio>
#include <cstring>

namespace {

int twice(void* arg) { return 2 * *static_cast<int*>(arg); }

bool all_defaults(const rawthread_options_t& o) {
  return o.stack_size == 0 && o.guard_size == 0 && o.name == nullptr && o.affinity == nullptr;
}

bool runs_with(const rawthread_options_t& opts) {
  int n = 21;
  rawthread_t t;
  int result = -1;
  return rawthread_create(&t, &opts, twice, &n) == 0 && rawthread_join(t, &result) == 0 &&
         result == 42;
}

}  // namespace

int main() {
  int failures = 0;
  auto expect = [&](bool ok, const char* what) {
    if (ok) return;
    std::fprintf(stderr, "options_idiom: failed: %s\n", what);
    ++failures;
  };

  rawthread_options_t from_macro = RAWTHREAD_OPTIONS_INIT;
  rawthread_options_t value_initialised{};
  rawthread_options_t from_function;
  std::memset(&from_function, 0xa5, sizeof from_function);
  expect(rawthread_options_init(&from_function) == 0, "rawthread_options_init succeeds");
  expect(rawthread_options_init(nullptr) == 22, "rawthread_options_init(NULL) is EINVAL");
  expect(all_defaults(from_macro), "RAWTHREAD_OPTIONS_INIT gives every default");
  expect(all_defaults(value_initialised), "value-initialised options give every default");
  expect(all_defaults(from_function), "rawthread_options_init gives every default");
  from_macro.name = "idiom";
  expect(runs_with(from_macro), "a thread starts with the macro's options");
  expect(runs_with(value_initialised), "a thread starts with value-initialised options");
  expect(runs_with(from_function), "a thread starts with rawthread_options_init's options");
  return failures == 0 ? 0 : 1;
}
