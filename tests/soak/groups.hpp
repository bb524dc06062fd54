// SPDX-License-Identifier: MIT
// The soak test's workloads, one per primitive, each with the bodies of its threads (rawthread
// children: no libc) and the checks the main thread runs once they are all joined.
#pragma once

#include <atomic>
#include <cstddef>
#include <cstdint>
#include <cstdio>

#include <rawthread/sync.hpp>

#include "worker.hpp"

namespace soak {

// A primitive whose words the watchdog prints when the run stalls.
struct watched {
  const char* name;
  const void* at;
  std::size_t size;
};

// Set by the main thread when the run's time is up: every loop below ends at its next turn.
extern std::atomic<bool> stop;

// A 4-slot queue under one mutex with two condition variables; 3 producers, 4 consumers.
// Notifies are notify_one or notify_all, inside or outside the lock, and waits untimed or timed
// (short timeouts, some already expired), all chosen at random. Every item is consumed exactly
// once, and each consumer sees each producer's items in the order they were made.
class queue_group {
 public:
  static constexpr int producers = 3;
  static constexpr int consumers = 4;
  static constexpr int capacity = 4;

  void produce(worker& w, int producer, rng& r);
  void consume(worker& w, int consumer, rng& r);
  // Once every producer has finished: consumers drain the queue and end.
  void close();
  bool check(std::FILE* out) const;
  std::uint64_t items() const;
  void watch(watched* list, int& n) const;

 private:
  struct item {
    int producer;
    std::uint64_t sequence;  // 1, 2, ... per producer
  };
  void wait(rawthread::condition_variable& cv, rawthread::unique_lock<rawthread::mutex>& lock,
            rng& r);
  static void notify(rawthread::condition_variable& cv, bool all);

  rawthread::mutex lock_;
  rawthread::condition_variable not_full_, not_empty_;
  item slots_[capacity] = {};
  int head_ = 0, count_ = 0;
  bool closed_ = false;
  // Written by each thread for itself; read by the main thread after the joins.
  std::uint64_t made_[producers] = {};
  std::uint64_t taken_[consumers][producers] = {};
  std::uint64_t taken_sum_[consumers][producers] = {};
  std::uint64_t out_of_order_[consumers] = {};
};

// A semaphore of 3 units shared by 6 threads: never more than 3 holders at once.
class semaphore_group {
 public:
  static constexpr int units = 3;
  static constexpr int threads = 6;

  void run(worker& w, int index, rng& r);
  bool check(std::FILE* out) const;
  std::uint64_t acquisitions() const;
  void watch(watched* list, int& n) const;

 private:
  rawthread::semaphore semaphore_{units};
  std::atomic<int> holders_{0};
  std::atomic<int> most_holders_{0};
  std::uint64_t acquired_[threads] = {};
};

// A 5-party barrier over as many phases as the time allows: the completion runs once per phase,
// after all five arrived and before any leaves; exactly one arrival per phase is told it was
// the serial one; all parties stop at the same phase.
class barrier_group {
 public:
  static constexpr int parties = 5;

  void run(worker& w, int index, rng& r);
  bool check(std::FILE* out) const;
  std::uint64_t phases() const { return completed_.load(); }
  void watch(watched* list, int& n) const;

 private:
  struct completion {
    barrier_group* group;
    void operator()() const { group->complete_phase(); }
  };
  void complete_phase();

  std::atomic<int> arrivals_{0};      // parties counted into the current phase
  std::atomic<std::uint64_t> completed_{0};
  std::atomic<std::uint64_t> bad_completions_{0};  // a completion that saw not all 5 arrivals
  std::atomic<bool> last_phase_{false};
  rawthread::barrier<completion> barrier_{parties, completion{this}};
  std::uint64_t serial_[parties] = {};
  std::uint64_t wrong_phase_[parties] = {};  // released into a phase not the next one
};

// 4 threads incrementing one plain counter under a mutex (lock or try_lock).
class mutex_group {
 public:
  static constexpr int threads = 4;

  void run(worker& w, int index, rng& r);
  bool check(std::FILE* out) const;
  std::uint64_t increments() const { return counter_; }
  void watch(watched* list, int& n) const;

 private:
  rawthread::mutex lock_;
  std::uint64_t counter_ = 0;
  std::uint64_t mine_[threads] = {};
};

}  // namespace soak
