// SPDX-License-Identifier: MIT
// 100 threads at once, each computing something of its own, joined with their results; plus
// this_thread::id() against the kernel's tid, in threads that spawn threads themselves, in threads
// made with sys::clone and no TLS of their own, and in child processes. The one
// thread_local here is a plain int, so the TLS segment is only 4-byte aligned (tls.cpp has
// alignas(64)): the thread pointer must still land where the linker expects.
#include <atomic>

#include <rawthread/syscall.hpp>
#include <rawthread/thread.hpp>

#include "check.hpp"

namespace {

constexpr int thread_count = 100;

// Sum of the squares below n, the slow way, so each thread has real work.
int sum_of_squares(int n) {
  int sum = 0;
  for (int i = 0; i < n; ++i) sum += i * i;
  return sum;
}

std::atomic<int> ids_matching{0};
thread_local int initial = 3;

// A thread of the program's own making: sys::clone with a thread's flags but without
// CLONE_SETTLS, so it runs on its creator's thread pointer (and TLS).
constexpr unsigned long thread_flags =
    rawthread::sys::clone_vm | rawthread::sys::clone_fs | rawthread::sys::clone_files |
    rawthread::sys::clone_sighand | rawthread::sys::clone_thread | rawthread::sys::clone_sysvsem |
    rawthread::sys::clone_parent_settid | rawthread::sys::clone_child_cleartid;

std::atomic<int> reported_id{0};
int report_id(void*) {
  reported_id.store(rawthread::this_thread::id());
  return 0;
}

// What this_thread::id() said in such a thread, made by the caller, compared with its tid.
bool borrowed_thread_pointer_reports_own_id() {
  alignas(16) static char stack[64 * 1024];
  std::atomic<int> word{0};
  int* w = reinterpret_cast<int*>(&word);
  reported_id.store(0);
  auto tid = rawthread::sys::clone(thread_flags, stack + sizeof stack, report_id, nullptr, w,
                                   nullptr, w);
  if (!tid) return false;
  // The kernel's exit wake is a shared one: wait without the private flag.
  for (int seen; (seen = word.load()) != 0;)
    (void)rawthread::sys::futex(w, rawthread::sys::futex_wait, seen);
  return reported_id.load() == *tid;
}

// In a child process (sys::clone without CLONE_VM: a copy of the caller's memory, thread pointer
// included): its id is its own pid, not its parent's tid.
int child_reports_own_id(void*) {
  return rawthread::this_thread::id() == rawthread::sys::gettid() ? 0 : 1;
}

}  // namespace

int main() {
  static rawthread::thread threads[thread_count];
  for (int i = 0; i < thread_count; ++i) {
    auto t = rawthread::spawn([i] {
      if (rawthread::this_thread::id() == rawthread::sys::gettid() && initial == 3)
        ids_matching.fetch_add(1);
      initial = i;
      return sum_of_squares(i) % 100000;
    }, {.stack_size = 64 * 1024});
    if (!CHECK(t.has_value())) return test::verdict();
    threads[i] = static_cast<rawthread::thread&&>(*t);
  }
  for (int i = 0; i < thread_count; ++i) {
    auto joined = threads[i].join();
    CHECK(joined.has_value() && *joined == sum_of_squares(i) % 100000);
  }
  CHECK(ids_matching.load() == thread_count);

  // A thread that spawns and joins its own child: TLS set-up from a thread that has its own.
  auto parent = rawthread::spawn([] {
    auto child = rawthread::spawn([] { return rawthread::this_thread::id(); });
    if (!child) return -1;
    const int child_id = child->id();
    auto joined = child->join();
    return joined && *joined == child_id ? 1 : 0;
  });
  CHECK(parent.has_value() && *parent->join() == 1);

  // Made by main, and by a spawned thread (whose thread pointer it then borrows).
  CHECK(borrowed_thread_pointer_reports_own_id());
  auto maker = rawthread::spawn([] { return borrowed_thread_pointer_reports_own_id() ? 1 : 0; });
  CHECK(maker.has_value() && *maker->join() == 1);
  const int status = test::status_of_child(child_reports_own_id);
  CHECK(rawthread::sys::exited(status) && rawthread::sys::exit_status(status) == 0);
  auto forker = rawthread::spawn([] {
    const int s = test::status_of_child(child_reports_own_id);
    return rawthread::sys::exited(s) && rawthread::sys::exit_status(s) == 0 ? 1 : 0;
  });
  CHECK(forker.has_value() && *forker->join() == 1);
  // And main, as ever.
  CHECK(rawthread::this_thread::id() == rawthread::sys::gettid());
  return test::verdict();
}
