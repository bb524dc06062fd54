// SPDX-License-Identifier: MIT
// report_stack_overflows in a freestanding program; check_overflow.py runs it and checks fd 2
// and how it ended. argv[1] says what to do:
//   thread   a thread named "deep" with a 64 KiB stack recurses without end
//   main     the main thread recurses without end
//   null     a thread writes through a null pointer, with a SIGSEGV handler installed before
#include <rawthread/signal.hpp>
#include <rawthread/thread.hpp>

#include "check.hpp"

using namespace rawthread;

namespace {

volatile int recursion_limit = 1 << 30;  // never reached: a guard stops the recursion first

int recurse(int depth) {
  volatile char pad[512];
  pad[0] = static_cast<char>(depth);
  if (depth >= recursion_limit) return pad[0];
  return recurse(depth + 1) + pad[0];
}

void say_mine(int, sys::siginfo* info, void*) {
  test::write_text(2, info->fault_address() == nullptr ? "mine null\n" : "mine other\n");
  sys::exit_group(42);
}

bool same(const char* a, const char* b) {
  while (*a != '\0' && *a == *b) ++a, ++b;
  return *a == *b;
}

}  // namespace

int main(int argc, char** argv) {
  if (argc < 2) return 2;
  if (same(argv[1], "null") && !set_signal_handler(sys::sigsegv, say_mine)) return 3;
  if (!report_stack_overflows()) return 3;
  if (same(argv[1], "main")) return recurse(0);
  thread_options opts;
  opts.stack_size = 64 * 1024;
  opts.name = "deep";
  auto t = spawn(
      [null = same(argv[1], "null")] {
        if (null) {
          volatile int* nothing = nullptr;
          *nothing = 1;
        }
        return recurse(0);
      },
      opts);
  if (!t) return 4;
  (void)t->join();
  return 5;
}
