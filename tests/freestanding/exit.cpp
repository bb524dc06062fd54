// SPDX-License-Identifier: MIT
// process::exit and main's return value as the exit status, the bounded atexit table, and
// this_thread::exit, each seen from the outside: the checks run in child processes (sys::clone
// without CLONE_VM: a copy of this program) and wait4 reports how they ended.
#include <atomic>

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

// this_thread::exit destroys the thread's callable (what it captured), but not the locals of the
// frames it abandons.
struct destruction_counter {
  std::atomic<int>* count;
  explicit destruction_counter(std::atomic<int>* c) : count(c) {}
  destruction_counter(destruction_counter&& o) noexcept : count(o.count) { o.count = nullptr; }
  ~destruction_counter() {
    if (count) count->fetch_add(1);
  }
};

bool exit_destroys_the_callable_only(bool detached) {
  std::atomic<int> callable_gone{0}, local_gone{0};
  auto t = rawthread::spawn([owned = destruction_counter(&callable_gone), &local_gone] {
    destruction_counter local(&local_gone);
    rawthread::this_thread::exit(6);
  });
  if (!t) return false;
  if (detached) {
    if (!t->detach()) return false;
    for (int tries = 0; callable_gone.load() == 0 && tries < 5000; ++tries)
      rawthread::this_thread::sleep_for(rawthread::milliseconds(1));
  } else {
    auto joined = t->join();
    if (!joined || *joined != 6) return false;
  }
  return callable_gone.load() == 1 && local_gone.load() == 0;
}

}  // namespace

int main() {
  CHECK(exit_destroys_the_callable_only(false));
  CHECK(exited_with(test::status_of_child(exit_from_thread), 42));
  CHECK(exited_with(test::status_of_child(fill_atexit_table),
                    100 + rawthread::process::atexit_capacity - 1));
  CHECK(exited_with(test::status_of_child(thread_exit_codes), 9));
  // Last, after the forks: the detached thread may still be leaving when this returns, and
  // qemu-user (7.2) aborts in a forked child's first thread creation if the parent forked while
  // another thread was alive (docs/cross.md).
  CHECK(exit_destroys_the_callable_only(true));
  return test::verdict();
}
