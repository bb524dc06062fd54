// 100 threads at once, each computing something of its own, joined with their results; plus
// this_thread::id() against the kernel's tid, in threads that spawn threads themselves. The one
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
  return test::verdict();
}
