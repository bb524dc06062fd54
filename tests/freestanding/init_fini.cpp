// SPDX-License-Identifier: MIT
// Start-up and exit order: .preinit_array, then .init_array (constructor functions by priority,
// then global objects), then main; at exit the atexit functions and global destructors, latest
// first, then .fini_array in reverse. The last .fini_array entry to run checks the whole sequence
// and ends the process with the verdict; main returns 3, the status seen if it never ran.
#include <rawthread/start.hpp>
#include <rawthread/syscall.hpp>

#include "check.hpp"

extern "C" int atexit(void (*function)());

namespace {

char events[32];
int event_count = 0;
void record(char event) {
  if (event_count < static_cast<int>(sizeof events)) events[event_count++] = event;
}

int seen_argc = -1;
void preinit(int argc, char**, char**) {
  seen_argc = argc;
  record('p');
}
__attribute__((section(".preinit_array"), used)) void (*preinit_entry)(int, char**, char**) =
    preinit;

// The volatile read keeps it a run-time constructor: clang 19's optimiser otherwise evaluates a
// constructor that only stores constants at compile time, as if it had run before everything,
// .preinit_array included (clang 14 and gcc leave it to run in its place).
volatile char constructor_mark = 'c';
__attribute__((constructor(101))) void early_constructor() { record(constructor_mark); }

struct global_object {
  int value;
  global_object() : value(7) { record('o'); }
  ~global_object() { record(value == 7 ? 'O' : '?'); }
};
global_object object;

void registered_in_main() { record('a'); }

__attribute__((destructor)) void late_destructor() { record('d'); }

// Destructors with a smaller priority run later: this one is last.
__attribute__((destructor(101))) void check_everything() {
  record('z');
  static constexpr char expected[] = "pcomaOdz";
  bool same = event_count == static_cast<int>(sizeof expected - 1);
  for (int i = 0; same && i < event_count; ++i) same = events[i] == expected[i];
  if (!CHECK(same)) {
    test::write_text(2, "events: ");
    (void)rawthread::sys::write(2, events, static_cast<unsigned long>(event_count));
    test::write_text(2, ", expected pcomaOdz\n");
  }
  CHECK(seen_argc >= 1);
  rawthread::sys::exit_group(test::verdict());
}

}  // namespace

int main() {
  record('m');
  CHECK(atexit(registered_in_main) == 0);
  return 3;
}
