// SPDX-License-Identifier: MIT
// mutex, condition_variable, barrier and call_once from rawthread threads in a -nostdlib
// program: constinit globals (no constructor runs), per-thread state in thread_local.
#include <atomic>

#include <rawthread/start.hpp>
#include <rawthread/sync.hpp>
#include <rawthread/thread.hpp>

#include "check.hpp"

namespace {

constexpr int crew = 4;
constinit rawthread::mutex counter_lock;
long counter = 0;  // guarded by counter_lock

// A one-slot mailbox between a producer and a consumer.
constinit rawthread::mutex box_lock;
constinit rawthread::condition_variable box_changed;
int box = 0;  // 0: empty; else the item
bool box_full = false;

constinit rawthread::once_flag setup_once;
int setups = 0;

thread_local long my_phases = 0;  // each thread's own count: freestanding TLS

bool emulated() {
  const char* v = rawthread::getenv("RAWTHREAD_EMULATED");
  return v != nullptr && v[0] == '1';
}

}  // namespace

int main() {
  const int increments = emulated() ? 5000 : 100000;
  const int items = emulated() ? 1000 : 20000;
  const int rounds = emulated() ? 100 : 1000;

  {
    rawthread::thread threads[crew];
    for (auto& slot : threads) {
      auto t = rawthread::spawn([increments] {
        rawthread::call_once(setup_once, [] { ++setups; });
        for (int i = 0; i < increments; ++i) {
          rawthread::lock_guard g(counter_lock);
          ++counter;
        }
      });
      if (!CHECK(t.has_value())) return test::verdict();
      slot = static_cast<rawthread::thread&&>(*t);
    }
    for (auto& t : threads) CHECK(t.join().has_value());
    CHECK(counter == static_cast<long>(crew) * increments);
    CHECK(setups == 1);
  }

  {
    long received_sum = 0;
    auto consumer = rawthread::spawn([&] {
      for (int i = 0; i < items; ++i) {
        rawthread::unique_lock l(box_lock);
        box_changed.wait(l, [] { return box_full; });
        received_sum += box;
        box_full = false;
        box_changed.notify_one();
      }
    });
    if (!CHECK(consumer.has_value())) return test::verdict();
    for (int i = 1; i <= items; ++i) {
      rawthread::unique_lock l(box_lock);
      box_changed.wait(l, [] { return !box_full; });
      box = i;
      box_full = true;
      box_changed.notify_one();
    }
    CHECK(consumer->join().has_value());
    CHECK(received_sum == static_cast<long>(items) * (items + 1) / 2);
  }

  {
    std::atomic<int> completed{0};
    std::atomic<int> out_of_step{0};
    std::atomic<long> phases_seen{0};
    rawthread::barrier phase_end(crew, [&] { completed.fetch_add(1); });
    rawthread::thread threads[crew];
    for (auto& slot : threads) {
      auto t = rawthread::spawn([&] {
        for (int r = 0; r < rounds; ++r) {
          (void)phase_end.arrive_and_wait();
          ++my_phases;
          if (completed.load() != r + 1) out_of_step.fetch_add(1);
        }
        phases_seen.fetch_add(my_phases);
      });
      if (!CHECK(t.has_value())) return test::verdict();
      slot = static_cast<rawthread::thread&&>(*t);
    }
    for (auto& t : threads) CHECK(t.join().has_value());
    CHECK(completed.load() == rounds);
    CHECK(out_of_step.load() == 0);
    CHECK(phases_seen.load() == static_cast<long>(crew) * rounds);
    CHECK(my_phases == 0);  // the main thread's copy was never touched
  }
  return test::verdict();
}
