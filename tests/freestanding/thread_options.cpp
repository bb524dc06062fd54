// SPDX-License-Identifier: MIT
// thread_options in a freestanding program: a caller-supplied stack reused run after run with
// the thread's own TLS at its top, a thread started detached, scheduling in force at the entry,
// names after creation, and the errors for bad stacks and bad scheduling.
#include <atomic>
#include <cstdint>

#include <rawthread/start.hpp>
#include <rawthread/sync.hpp>
#include <rawthread/syscall.hpp>
#include <rawthread/thread.hpp>

#include "check.hpp"

namespace {

bool emulated() {
  const char* v = rawthread::getenv("RAWTHREAD_EMULATED");
  return v != nullptr && v[0] == '1';
}

thread_local int per_thread = 11;

alignas(16) char stack_memory[64 * 1024];

bool same(const char* a, const char* b) {
  for (; *a == *b; ++a, ++b)
    if (*a == '\0') return true;
  return false;
}

}  // namespace

int main() {
  using namespace rawthread;
  thread_options own;
  own.stack_memory = stack_memory;
  own.stack_memory_size = sizeof stack_memory;
  const auto low = reinterpret_cast<std::uintptr_t>(stack_memory);
  const int rounds = emulated() ? 50 : 1000;
  int good = 0;
  for (int i = 0; i < rounds; ++i) {
    auto t = spawn(
        [i, low] {
          const auto here = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
          const auto tls = reinterpret_cast<std::uintptr_t>(&per_thread);
          const bool inside = here - low < sizeof stack_memory && tls - low < sizeof stack_memory;
          const bool fresh = per_thread == 11;
          per_thread = i;
          return inside && fresh ? i : -1;
        },
        own);
    if (!CHECK(t.has_value())) return test::verdict();
    auto code = t->join();
    if (code && *code == i) ++good;
    __builtin_memset(stack_memory, 0x5a, sizeof stack_memory);  // the caller's again
  }
  CHECK(good == rounds);
  CHECK(per_thread == 11);  // main's own copy
  CHECK(get_thread_cache_usage().mappings == 0);

  // The smallest memory accepted, min_stack_size (as PTHREAD_STACK_MIN), with the TLS at its top.
  thread_options smallest = own;
  smallest.stack_memory_size = thread_options::min_stack_size;
  auto small = spawn([] { return per_thread; }, smallest);
  CHECK(small.has_value() && *small->join() == 11);
  smallest.stack_memory_size -= 16;
  CHECK(spawn([] {}, smallest).error() == errc::einval);

  thread_options bad = own;
  bad.stack_memory = stack_memory + 8;
  bad.stack_memory_size -= 16;
  CHECK(spawn([] {}, bad).error() == errc::einval);
  bad = own;
  bad.detached = true;
  CHECK(spawn([] {}, bad).error() == errc::einval);

  std::atomic<int> detached_ran{0};
  thread_options detach;
  detach.detached = true;
  auto d = spawn(
      [&detached_ran] {
        detached_ran.store(1);
        (void)futex_wake(detached_ran, 1);
      },
      detach);
  CHECK(d.has_value() && !d->joinable());
  while (detached_ran.load() == 0) (void)futex_wait(detached_ran, 0);

  std::atomic<int> policy{-1}, nice{-100};
  thread_options batch;
  batch.scheduling = {sched_policy::batch, 0, 4};
  auto b = spawn(
      [&] {
        policy.store(sys::sched_getscheduler(0).value_or(-2));
        nice.store(sys::getpriority(0).value_or(-99));
      },
      batch);
  CHECK(b.has_value() && b->join().has_value());
  CHECK(policy.load() == sys::sched_batch);
  CHECK(nice.load() == 4);
  thread_options wrong;
  wrong.scheduling = {sched_policy::fifo, 0, 0};
  CHECK(spawn([] {}, wrong).error() == errc::einval);

  std::atomic<int> go{0};
  auto named = spawn([&go] {
    while (go.load() == 0) (void)futex_wait(go, 0);
  });
  CHECK(named.has_value());
  CHECK(named->set_name("fs-worker").has_value());
  auto name = named->name();
  CHECK(name.has_value() && same(name->c_str(), "fs-worker"));
  CHECK(named->set_name("sixteen-chars-xx").error() == errc::einval);
  go.store(1);
  (void)futex_wake(go, 1);
  CHECK(named->join().has_value());
  // Stack bounds: main's from its initial stack, a thread's from its own memory.
  auto mine = this_thread::stack_bounds();
  const auto frame = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
  CHECK(mine.has_value() && reinterpret_cast<std::uintptr_t>(mine->low) < frame &&
        frame < reinterpret_cast<std::uintptr_t>(mine->high));
  std::atomic<int> inside{0};
  auto bounded = spawn(
      [&inside, low] {
        auto b = this_thread::stack_bounds();
        const auto here = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
        if (b && reinterpret_cast<std::uintptr_t>(b->low) >= low &&
            reinterpret_cast<std::uintptr_t>(b->high) <= low + sizeof stack_memory &&
            reinterpret_cast<std::uintptr_t>(b->low) < here &&
            here < reinterpret_cast<std::uintptr_t>(b->high))
          inside.store(1);
      },
      own);
  CHECK(bounded.has_value() && bounded->join().has_value());
  CHECK(inside.load() == 1);
  CHECK(this_thread::set_name("fs-main").has_value());
  CHECK(same(this_thread::name().c_str(), "fs-main"));
  return test::verdict();
}
