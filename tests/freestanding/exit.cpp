// process::exit and main's return value as the exit status, the bounded atexit table, and
// this_thread::exit, each seen from the outside: the checks run in child processes (sys::clone
// without CLONE_VM: a copy of this program) and wait4 reports how they ended.
#include <rawthread/start.hpp>
#include <rawthread/syscall.hpp>
#include <rawthread/thread.hpp>

#include "check.hpp"

extern "C" int atexit(void (*function)());

namespace {

bool exited_with(int status, int code) {
  return status != -1 && rawthread::sys::exited(status) &&
         rawthread::sys::exit_status(status) == code;
}

int handler_runs = 0;
void count_run() { ++handler_runs; }
void exit_with_count() { rawthread::sys::exit_group(100 + handler_runs); }

// A thread ends the process: the status is its code, whatever main is doing.
int exit_from_thread(void*) {
  auto t = rawthread::spawn([] { rawthread::process::exit(42); });
  if (t) (void)t->join();  // never returns: the process ends first
  return 1;
}

// The table takes exactly atexit_capacity registrations; the handlers run at exit (the first
// registered, which runs last, reports how many ran before it).
int fill_atexit_table(void*) {
  if (atexit(exit_with_count) != 0) return 1;
  for (int i = 1; i < rawthread::process::atexit_capacity; ++i)
    if (atexit(count_run) != 0) return 2;
  if (atexit(count_run) == 0) return 3;  // one too many
  rawthread::process::exit(0);
}

// this_thread::exit in a spawned thread: join sees its code; in main it ends only main, and the
// process lives on until the last thread is gone (its status is then that thread's code).
int thread_exit_codes(void*) {
  auto t = rawthread::spawn([] {
    rawthread::this_thread::exit(17);
    return 0;
  });
  if (!t) return 1;
  auto joined = t->join();
  if (!joined || *joined != 17) return 2;
  auto survivor = rawthread::spawn([] {
    rawthread::this_thread::sleep_for(rawthread::milliseconds(20));
    rawthread::process::exit(9);
  });
  if (!survivor) return 3;
  (void)survivor->detach();
  rawthread::this_thread::exit(4);
}

}  // namespace

int main() {
  CHECK(exited_with(test::status_of_child(exit_from_thread), 42));
  CHECK(exited_with(test::status_of_child(fill_atexit_table),
                    100 + rawthread::process::atexit_capacity - 1));
  CHECK(exited_with(test::status_of_child(thread_exit_codes), 9));
  return test::verdict();
}
