// SPDX-License-Identifier: MIT
// The stack protector (this file is built with -fstack-protector-all): protected functions run
// normally in the main thread and in spawned threads, and a smashed buffer ends the process with
// SIGABRT, in the main thread and in a spawned thread (whose canary is its own TCB's copy on
// x86_64). Each smash happens in a child process (sys::clone without CLONE_VM). The canary
// itself comes from AT_RANDOM.
#include <cstdint>

#include <rawthread/start.hpp>
#include <rawthread/syscall.hpp>
#include <rawthread/thread.hpp>

#include "check.hpp"

extern "C" std::uintptr_t __stack_chk_guard;  // set by init on every architecture

namespace {

bool killed_by_abort(int status) {
  return status != -1 && rawthread::sys::signaled(status) &&
         rawthread::sys::term_signal(status) == rawthread::sys::sigabrt;
}

// Writes `length` bytes into a 16-byte buffer. The volatile pointer hides the overflow from the
// compiler, which would otherwise reject or optimise the out-of-bounds writes.
[[gnu::noinline]] int fill(int length) {
  char buffer[16];
  char* volatile target = buffer;
  for (int i = 0; i < length; ++i) target[i] = 'x';
  return target[0];
}

int smash_in_main(void*) {
  fill(64);
  return 0;  // not reached: the canary check aborts on the way out of fill
}

int smash_in_thread(void*) {
  auto t = rawthread::spawn([] { return fill(64); });
  if (t) (void)t->join();
  return 0;
}

}  // namespace

int main() {
  // The canary is the first word of the kernel's AT_RANDOM bytes with its low byte zeroed.
  auto random = rawthread::auxv(rawthread::at::random);
  std::uintptr_t seed = 0;
  if (CHECK(random.has_value()))
    __builtin_memcpy(&seed, reinterpret_cast<const void*>(*random), sizeof seed);
  CHECK(__stack_chk_guard == (seed & ~std::uintptr_t{0xff}));
  CHECK(__stack_chk_guard != 0);

  CHECK(fill(16) == 'x');
  auto t = rawthread::spawn([] { return fill(16); });
  CHECK(t.has_value() && *t->join() == 'x');
  CHECK(killed_by_abort(test::status_of_child(smash_in_main)));
  CHECK(killed_by_abort(test::status_of_child(smash_in_thread)));
  return test::verdict();
}
