// SPDX-License-Identifier: MIT
#include "groups.hpp"

#include <rawthread/thread.hpp>

namespace soak {

std::atomic<bool> stop{false};

namespace {

bool stopping() { return stop.load(std::memory_order_relaxed); }

// A timeout for a timed wait: mostly a few tens of microseconds, sometimes none at all (a
// deadline already passed when the wait begins).
rawthread::nanoseconds short_timeout(rng& r) {
  if (r.one_in(8)) return rawthread::nanoseconds{0};
  return rawthread::microseconds(r.below(200));
}

// A little work outside any lock, so that threads interleave in different ways each turn. (The
// fence keeps the compiler from deleting the empty loop.)
void dawdle(rng& r) {
  for (std::uint32_t i = r.below(64); i > 0; --i)
    std::atomic_signal_fence(std::memory_order_seq_cst);
  if (r.one_in(16)) rawthread::this_thread::yield();
}

template <std::size_t N>
std::uint64_t total(const std::uint64_t (&counts)[N]) {
  std::uint64_t sum = 0;
  for (std::uint64_t c : counts) sum += c;
  return sum;
}

void add(watched* list, int& n, const char* name, const void* at, std::size_t size) {
  list[n++] = watched{name, at, size};
}

}  // namespace

// ----- queue

void queue_group::wait(rawthread::condition_variable& cv,
                       rawthread::unique_lock<rawthread::mutex>& lock, rng& r) {
  if (r.coin()) cv.wait(lock);
  else (void)cv.wait_for(lock, short_timeout(r));
}

void queue_group::notify(rawthread::condition_variable& cv, bool all) {
  if (all) cv.notify_all();
  else cv.notify_one();
}

void queue_group::produce(worker& w, int producer, rng& r) {
  for (std::uint64_t sequence = 1; !stopping(); ++sequence) {
    rawthread::unique_lock<rawthread::mutex> lock(lock_);
    while (count_ == capacity) {
      w.step("producer: waiting on not_full");
      wait(not_full_, lock, r);
    }
    slots_[(head_ + count_) % capacity] = item{producer, sequence};
    ++count_;
    made_[producer] = sequence;
    const bool inside = r.coin();
    const bool all = r.one_in(4);
    if (inside) notify(not_empty_, all);
    lock.unlock();
    if (!inside) notify(not_empty_, all);
    w.step("producer: making the next item");
    dawdle(r);
  }
}

void queue_group::consume(worker& w, int consumer, rng& r) {
  std::uint64_t last_seen[producers] = {};
  for (;;) {
    rawthread::unique_lock<rawthread::mutex> lock(lock_);
    while (count_ == 0 && !closed_) {
      w.step("consumer: waiting on not_empty");
      wait(not_empty_, lock, r);
    }
    if (count_ == 0) return;  // closed and drained
    const item got = slots_[head_];
    head_ = (head_ + 1) % capacity;
    --count_;
    const bool inside = r.coin();
    const bool all = r.one_in(4);
    if (inside) notify(not_full_, all);
    lock.unlock();
    if (!inside) notify(not_full_, all);
    if (got.sequence <= last_seen[got.producer]) ++out_of_order_[consumer];
    last_seen[got.producer] = got.sequence;
    ++taken_[consumer][got.producer];
    taken_sum_[consumer][got.producer] += got.sequence;
    w.step("consumer: taking the next item");
    dawdle(r);
  }
}

void queue_group::close() {
  rawthread::lock_guard<rawthread::mutex> guard(lock_);
  closed_ = true;
  not_empty_.notify_all();
}

std::uint64_t queue_group::items() const { return total(made_); }

bool queue_group::check(std::FILE* out) const {
  bool ok = true;
  for (int p = 0; p < producers; ++p) {
    std::uint64_t taken = 0, sum = 0;
    for (int c = 0; c < consumers; ++c) {
      taken += taken_[c][p];
      sum += taken_sum_[c][p];
    }
    // Each of 1..made taken exactly once: as many items, and the same sum.
    const std::uint64_t made = made_[p];
    if (taken != made || sum != made * (made + 1) / 2) {
      std::fprintf(out, "soak: queue: producer %d made %llu items; %llu taken, sum %llu\n", p,
                   static_cast<unsigned long long>(made), static_cast<unsigned long long>(taken),
                   static_cast<unsigned long long>(sum));
      ok = false;
    }
  }
  for (int c = 0; c < consumers; ++c)
    if (out_of_order_[c] != 0) {
      std::fprintf(out, "soak: queue: consumer %d saw %llu items out of order\n", c,
                   static_cast<unsigned long long>(out_of_order_[c]));
      ok = false;
    }
  return ok;
}

void queue_group::watch(watched* list, int& n) const {
  add(list, n, "queue mutex", &lock_, sizeof lock_);
  add(list, n, "queue not_full", &not_full_, sizeof not_full_);
  add(list, n, "queue not_empty", &not_empty_, sizeof not_empty_);
}

// ----- semaphore

void semaphore_group::run(worker& w, int index, rng& r) {
  while (!stopping()) {
    bool got = true;
    w.step("semaphore: acquiring");
    if (r.coin()) semaphore_.acquire();
    else got = semaphore_.try_acquire_for(short_timeout(r));
    w.step("semaphore: holding or giving up");
    if (!got) continue;
    const int now = holders_.fetch_add(1) + 1;
    for (int most = most_holders_.load(); now > most;)
      if (most_holders_.compare_exchange_weak(most, now)) break;
    dawdle(r);
    holders_.fetch_sub(1);
    (void)semaphore_.release();
    ++acquired_[index];
    dawdle(r);
  }
}

std::uint64_t semaphore_group::acquisitions() const { return total(acquired_); }

bool semaphore_group::check(std::FILE* out) const {
  bool ok = true;
  if (most_holders_.load() > units) {
    std::fprintf(out, "soak: semaphore: %d holders at once, of %d units\n", most_holders_.load(),
                 units);
    ok = false;
  }
  if (semaphore_.available() != units) {
    std::fprintf(out, "soak: semaphore: %d units left at the end, not %d\n",
                 semaphore_.available(), units);
    ok = false;
  }
  return ok;
}

void semaphore_group::watch(watched* list, int& n) const {
  add(list, n, "semaphore", &semaphore_, sizeof semaphore_);
}

// ----- barrier

void barrier_group::complete_phase() {
  if (arrivals_.load() != parties) bad_completions_.fetch_add(1);
  arrivals_.store(0);
  completed_.fetch_add(1);
  if (stopping()) last_phase_.store(true);
}

void barrier_group::run(worker& w, int index, rng& r) {
  for (std::uint64_t phase = 0;; ++phase) {
    dawdle(r);
    arrivals_.fetch_add(1);
    w.step("barrier: arrive_and_wait");
    if (barrier_.arrive_and_wait()) ++serial_[index];
    w.step("barrier: between phases");
    // Released from this phase, and the next cannot complete without us.
    if (completed_.load() != phase + 1) ++wrong_phase_[index];
    if (last_phase_.load()) return;
  }
}

bool barrier_group::check(std::FILE* out) const {
  bool ok = true;
  const std::uint64_t serial = total(serial_);
  for (int i = 0; i < parties; ++i) {
    if (wrong_phase_[i] != 0) {
      std::fprintf(out, "soak: barrier: party %d was released into the wrong phase %llu times\n",
                   i, static_cast<unsigned long long>(wrong_phase_[i]));
      ok = false;
    }
  }
  if (serial != completed_.load()) {
    std::fprintf(out, "soak: barrier: %llu serial arrivals in %llu phases\n",
                 static_cast<unsigned long long>(serial),
                 static_cast<unsigned long long>(completed_.load()));
    ok = false;
  }
  if (bad_completions_.load() != 0) {
    std::fprintf(out, "soak: barrier: %llu completions ran before all %d parties arrived\n",
                 static_cast<unsigned long long>(bad_completions_.load()), parties);
    ok = false;
  }
  return ok;
}

void barrier_group::watch(watched* list, int& n) const {
  add(list, n, "barrier", &barrier_, sizeof barrier_);
}

// ----- mutex

void mutex_group::run(worker& w, int index, rng& r) {
  while (!stopping()) {
    w.step("mutex: locking");
    if (r.one_in(4)) {
      while (!lock_.try_lock()) rawthread::this_thread::yield();
    } else {
      lock_.lock();
    }
    ++counter_;
    lock_.unlock();
    ++mine_[index];
    if (r.one_in(8)) dawdle(r);
  }
}

bool mutex_group::check(std::FILE* out) const {
  const std::uint64_t sum = total(mine_);
  if (sum == counter_) return true;
  std::fprintf(out, "soak: mutex: counter %llu after %llu increments\n",
               static_cast<unsigned long long>(counter_), static_cast<unsigned long long>(sum));
  return false;
}

void mutex_group::watch(watched* list, int& n) const {
  add(list, n, "mutex", &lock_, sizeof lock_);
}

}  // namespace soak
