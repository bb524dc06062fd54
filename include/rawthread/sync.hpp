// <rawthread/sync.hpp>: synchronisation built directly on futex(2).
//
// Every type here is constant-initialisable (a `constinit` global needs no constructor to run),
// trivially destructible and heap-free. All of it is safe in every thread rawthread creates, in
// both modes (hosted children included: nothing here calls libc), and in threads libc created.
// The primitives are private to one process: placing them in memory shared with another process
// is not supported (the futex wrappers below take futex_scope::shared for that).
//
// Timed waits measure on CLOCK_MONOTONIC (see <rawthread/time.hpp>): relative timeouts take a
// `nanoseconds`, absolute deadlines a `monotonic_time`. A wait never returns "timed out" before
// its deadline has passed.
//
// Misuse, and how it is reported:
// - lock-state errors (unlocking a mutex nobody holds, unique_lock::unlock without owning,
//   waiting on a condition_variable with a unique_lock that owns nothing, constructing a
//   semaphore, latch or barrier with a negative or zero-party count) trap at once
//   (__builtin_trap: SIGILL on x86_64, SIGTRAP on aarch64). In a constant-initialised global
//   the bad count is a compile error instead. These checks reuse a value the operation already
//   has in a register, so they cost nothing measurable.
// - bad counts passed at run time (semaphore::release(n) with n < 0 or past `max`,
//   latch::count_down(n) with n < 0 or more than remains) return EINVAL or EOVERFLOW and change
//   nothing.
// - what is not detected: unlock by a thread that does not hold the mutex, relocking a mutex
//   the caller holds (deadlock), call_once re-entering its own flag (deadlock), concurrent
//   condition_variable waits with different mutexes.
#pragma once

#include <atomic>
#include <limits>
#include <utility>

#include <rawthread/result.hpp>
#include <rawthread/time.hpp>

namespace rawthread {

static_assert(sizeof(std::atomic<int>) == 4 && std::atomic<int>::is_always_lock_free,
              "futex words are plain 32-bit integers");

// ---------------------------------------------------------------------------------------------
// futex(2) wrappers
//
// `this_process` (FUTEX_PRIVATE_FLAG) is faster and right for memory only this process maps;
// `shared` is needed for a word in memory shared with other processes, and for the word the
// kernel clears at thread exit (CLONE_CHILD_CLEARTID), which it wakes as a shared futex.
enum class futex_scope { this_process, shared };

// Sleeps while `word` holds `expected`. Returns success when woken (possibly spuriously: callers
// re-check their condition). EAGAIN: `word` did not hold `expected`. EINTR: a signal handler ran.
result<void> futex_wait(const std::atomic<int>& word, int expected,
                        futex_scope scope = futex_scope::this_process);
// As futex_wait, for at most `timeout` (a zero or negative timeout only checks the word).
// ETIMEDOUT when the time ran out.
result<void> futex_wait_for(const std::atomic<int>& word, int expected, nanoseconds timeout,
                            futex_scope scope = futex_scope::this_process);
// As futex_wait, until CLOCK_MONOTONIC reaches `deadline`. ETIMEDOUT when it did.
result<void> futex_wait_until(const std::atomic<int>& word, int expected, monotonic_time deadline,
                              futex_scope scope = futex_scope::this_process);
// Wakes up to `count` threads sleeping on `word`; returns how many woke. EINVAL: count < 0.
result<int> futex_wake(const std::atomic<int>& word, int count,
                       futex_scope scope = futex_scope::this_process);
// If `word` still holds `expected`, wakes up to `wake_count` of its sleepers and moves up to
// `requeue_count` others, still asleep, to wait on `target` instead (FUTEX_CMP_REQUEUE); returns
// how many were woken or moved. EAGAIN: `word` changed. EINVAL: a negative count.
result<int> futex_requeue(const std::atomic<int>& word, int expected, int wake_count,
                          int requeue_count, const std::atomic<int>& target,
                          futex_scope scope = futex_scope::this_process);

// ---------------------------------------------------------------------------------------------
// mutex

// A non-recursive lock. Uncontended lock and unlock are one atomic instruction each and make no
// system call. A contended lock spins briefly, then sleeps on the futex; unlock wakes one
// sleeper only when someone may be asleep. Not fair: a running thread may overtake a sleeper.
class mutex {
 public:
  constexpr mutex() = default;
  mutex(const mutex&) = delete;
  mutex& operator=(const mutex&) = delete;

  // Takes the lock, sleeping while another thread holds it. Relocking from the holder deadlocks.
  void lock() {
    int expected = unlocked;
    if (!word_.compare_exchange_strong(expected, locked, std::memory_order_acquire,
                                       std::memory_order_relaxed))
      lock_contended();
  }
  // Takes the lock if it is free; never blocks. False when another thread holds it (or when the
  // caller holds it already).
  bool try_lock() {
    int expected = unlocked;
    return word_.compare_exchange_strong(expected, locked, std::memory_order_acquire,
                                         std::memory_order_relaxed);
  }
  // Releases the lock. Traps if the mutex was not locked.
  void unlock() {
    int previous = word_.exchange(unlocked, std::memory_order_release);
    if (previous != locked) unlock_slow(previous);
  }

 private:
  friend class condition_variable;
  // unlocked: free; locked: held, nobody sleeps; contended: held, someone may sleep on the word.
  enum : int { unlocked = 0, locked = 1, contended = 2 };
  void lock_contended();
  // Locks leaving the word marked contended, for a thread that may have been moved onto this
  // futex by condition_variable::notify_all while others still sleep here.
  void lock_as_contended();
  void unlock_slow(int previous);
  std::atomic<int> word_{unlocked};
};

// Tags choosing how a lock holder starts, as in <mutex>.
struct defer_lock_t {
  explicit defer_lock_t() = default;
};
struct try_to_lock_t {
  explicit try_to_lock_t() = default;
};
struct adopt_lock_t {
  explicit adopt_lock_t() = default;
};
inline constexpr defer_lock_t defer_lock{};
inline constexpr try_to_lock_t try_to_lock{};
inline constexpr adopt_lock_t adopt_lock{};

// Holds a lock for its scope.
template <class Lockable>
class lock_guard {
 public:
  explicit lock_guard(Lockable& m) : m_(m) { m_.lock(); }
  // Takes over a lock the caller already holds.
  lock_guard(Lockable& m, adopt_lock_t) : m_(m) {}
  ~lock_guard() { m_.unlock(); }
  lock_guard(const lock_guard&) = delete;
  lock_guard& operator=(const lock_guard&) = delete;

 private:
  Lockable& m_;
};

// A movable lock holder that may or may not own its lock; unlocks in its destructor if it
// does. lock() while owning, unlock() while not owning, and lock() with no mutex trap.
template <class Lockable>
class unique_lock {
 public:
  constexpr unique_lock() = default;
  explicit unique_lock(Lockable& m) : m_(&m), owns_(true) { m.lock(); }
  unique_lock(Lockable& m, defer_lock_t) : m_(&m) {}
  unique_lock(Lockable& m, try_to_lock_t) : m_(&m), owns_(m.try_lock()) {}
  unique_lock(Lockable& m, adopt_lock_t) : m_(&m), owns_(true) {}
  unique_lock(unique_lock&& o) noexcept
      : m_(std::exchange(o.m_, nullptr)), owns_(std::exchange(o.owns_, false)) {}
  unique_lock& operator=(unique_lock&& o) noexcept {
    if (this != &o) {
      if (owns_) m_->unlock();
      m_ = std::exchange(o.m_, nullptr);
      owns_ = std::exchange(o.owns_, false);
    }
    return *this;
  }
  unique_lock(const unique_lock&) = delete;
  unique_lock& operator=(const unique_lock&) = delete;
  ~unique_lock() {
    if (owns_) m_->unlock();
  }

  void lock() {
    if (m_ == nullptr || owns_) __builtin_trap();
    m_->lock();
    owns_ = true;
  }
  bool try_lock() {
    if (m_ == nullptr || owns_) __builtin_trap();
    owns_ = m_->try_lock();
    return owns_;
  }
  void unlock() {
    if (!owns_) __builtin_trap();
    m_->unlock();
    owns_ = false;
  }
  // Forgets the mutex without unlocking it; returns it (the caller now answers for the lock).
  Lockable* release() {
    owns_ = false;
    return std::exchange(m_, nullptr);
  }
  // Whether it holds the lock now (also as bool); the mutex it refers to, null if none.
  bool owns_lock() const { return owns_; }
  explicit operator bool() const { return owns_; }
  Lockable* mutex() const { return m_; }

 private:
  Lockable* m_ = nullptr;
  bool owns_ = false;
};

// ---------------------------------------------------------------------------------------------
// condition_variable

enum class cv_status { no_timeout, timeout };

// Waits for a condition protected by a rawthread::mutex. No wake-up is lost: of the threads
// whose wait() had released the mutex when a notify began, notify_one wakes at least one and
// notify_all wakes all. Waits may also return spuriously (a waiter still in its brief spin sees
// any notify), so wait in a loop or use the predicate forms. notify_one wakes one sleeper, never
// all. notify_all wakes one and moves the rest onto the mutex's futex (FUTEX_CMP_REQUEUE), so
// they are woken one by one as the mutex is handed on rather than all at once. A notify with no
// sleeper makes no system call. Notifying with or without the mutex held are both correct.
class condition_variable {
 public:
  constexpr condition_variable() = default;
  condition_variable(const condition_variable&) = delete;
  condition_variable& operator=(const condition_variable&) = delete;

  // Wakes one waiter (none when nobody waits), or all of them; see above.
  void notify_one();
  void notify_all();

  // Releases the lock, sleeps until notified (or spuriously), relocks. Traps if `lock` does not
  // own its mutex.
  void wait(unique_lock<mutex>& lock);
  template <class Predicate>
  void wait(unique_lock<mutex>& lock, Predicate pred) {
    while (!pred()) wait(lock);
  }

  // As wait, giving up at `deadline` (CLOCK_MONOTONIC). cv_status::timeout when the deadline
  // passed; the lock is held again on return either way.
  cv_status wait_until(unique_lock<mutex>& lock, monotonic_time deadline);
  cv_status wait_for(unique_lock<mutex>& lock, nanoseconds timeout) {
    return wait_until(lock, monotonic_now() + timeout);
  }
  // Waits until pred() holds or the deadline passes; returns pred()'s last value, so false
  // means "timed out with the condition still false".
  template <class Predicate>
  bool wait_until(unique_lock<mutex>& lock, monotonic_time deadline, Predicate pred) {
    while (!pred())
      if (wait_until(lock, deadline) == cv_status::timeout) return pred();
    return true;
  }
  template <class Predicate>
  bool wait_for(unique_lock<mutex>& lock, nanoseconds timeout, Predicate pred) {
    return wait_until(lock, monotonic_now() + timeout, std::move(pred));
  }

 private:
  // What a waiter saw as it released the mutex.
  struct ticket {
    int sequence;
    int broadcasts;
  };
  ticket wait_begin(unique_lock<mutex>& lock);
  void wait_end(unique_lock<mutex>& lock, ticket t);

  std::atomic<int> sequence_{0};    // bumped by every notify; the futex word waiters sleep on
  std::atomic<int> sleepers_{0};    // waiters inside futex_wait (or about to be): notify's cue
  std::atomic<int> broadcasts_{0};  // bumped by notify_all before it requeues sleepers
  std::atomic<mutex*> mutex_{nullptr};  // the latest waiter's mutex: where notify_all requeues
};

// ---------------------------------------------------------------------------------------------
// once_flag + call_once

class once_flag;
template <class F, class... Args>
void call_once(once_flag& flag, F&& f, Args&&... args);

// Remembers whether call_once has run. After the first completed call every later call returns
// at once (one atomic load).
class once_flag {
 public:
  constexpr once_flag() = default;
  once_flag(const once_flag&) = delete;
  once_flag& operator=(const once_flag&) = delete;

 private:
  template <class F, class... Args>
  friend void call_once(once_flag& flag, F&& f, Args&&... args);
  enum : int { idle = 0, running = 1, running_with_waiters = 2, done = 3 };
  // True when the caller must run the function; false once another thread has run it (after
  // waiting for it to finish).
  bool begin();
  void finish();
  std::atomic<int> state_{idle};
};

// Calls f(args...) exactly once per flag, however many threads race here; the others wait until
// it has returned, and see everything it wrote. Calling it again for the same flag from inside
// f deadlocks.
template <class F, class... Args>
void call_once(once_flag& flag, F&& f, Args&&... args) {
  if (flag.state_.load(std::memory_order_acquire) == once_flag::done) return;
  if (!flag.begin()) return;
  std::forward<F>(f)(std::forward<Args>(args)...);
  flag.finish();
}

// ---------------------------------------------------------------------------------------------
// semaphore

// A counting semaphore. acquire takes one unit, sleeping while there is none; release(n) adds n
// units and wakes up to n sleepers. A release with no sleeper makes no system call.
class semaphore {
 public:
  static constexpr int max = std::numeric_limits<int>::max();

  // Traps (a compile error when constant-evaluated) if `initial` is negative.
  constexpr explicit semaphore(int initial) : count_(initial) {
    if (initial < 0) __builtin_trap();
  }
  semaphore(const semaphore&) = delete;
  semaphore& operator=(const semaphore&) = delete;

  void acquire() {
    if (!try_acquire()) (void)acquire_slow(nullptr);
  }
  // Takes a unit if one is there; never blocks.
  bool try_acquire() {
    int c = count_.load(std::memory_order_relaxed);
    while (c > 0)
      if (count_.compare_exchange_weak(c, c - 1, std::memory_order_acquire,
                                       std::memory_order_relaxed))
        return true;
    return false;
  }
  // Takes a unit, waiting at most `timeout` / until `deadline`; false when the time ran out.
  bool try_acquire_for(nanoseconds timeout) { return try_acquire_until(monotonic_now() + timeout); }
  bool try_acquire_until(monotonic_time deadline) {
    return try_acquire() || acquire_slow(&deadline);
  }
  // Adds n units. EINVAL: n < 0. EOVERFLOW: the count would pass `max`. Nothing changes then.
  result<void> release(int n = 1);
  // The units available right now (a snapshot, stale as soon as it is read).
  int available() const { return count_.load(std::memory_order_relaxed); }

 private:
  // Spins, then sleeps until a unit can be taken or `deadline` (if any) passes.
  bool acquire_slow(const monotonic_time* deadline);
  std::atomic<int> count_;
  std::atomic<int> sleepers_{0};
};

// ---------------------------------------------------------------------------------------------
// latch

// A single-use countdown: wait() returns once count_down has taken the count to zero.
class latch {
 public:
  // Traps (a compile error when constant-evaluated) if `expected` is negative.
  constexpr explicit latch(int expected) : count_(expected) {
    if (expected < 0) __builtin_trap();
  }
  latch(const latch&) = delete;
  latch& operator=(const latch&) = delete;

  // Takes n from the count, waking every waiter when it reaches zero.
  // EINVAL: n < 0, or n larger than what remains; the count is left as it was.
  result<void> count_down(int n = 1);
  // True once the count is zero; never blocks.
  bool try_wait() const { return count_.load(std::memory_order_acquire) == 0; }
  // Blocks until the count is zero.
  void wait() const;
  // count_down(n), then wait(). Errors as count_down (without waiting).
  result<void> arrive_and_wait(int n = 1);

 private:
  std::atomic<int> count_;
};

// ---------------------------------------------------------------------------------------------
// barrier

namespace detail {
// The part of barrier that does not depend on the completion type.
class barrier_core {
 public:
  constexpr explicit barrier_core(int parties)
      : parties_(parties), remaining_(parties), phase_(0), sleepers_(0) {
    if (parties <= 0) __builtin_trap();
  }
  // Counts the caller in; returns the phase it arrived in and whether it was the last.
  struct arrival {
    int phase;
    bool last;
  };
  arrival arrive();
  // For the last arriver: opens the next phase and wakes everyone waiting on this one.
  void open_next_phase();
  // Blocks until the phase after `phase` has opened.
  void wait_past(int phase) const;
  // Leaves for good: later phases expect one party fewer.
  void drop() { parties_.fetch_sub(1, std::memory_order_relaxed); }

 private:
  std::atomic<int> parties_;
  std::atomic<int> remaining_;
  std::atomic<int> phase_;             // the futex word: bumped as each phase opens
  mutable std::atomic<int> sleepers_;  // threads inside futex_wait (or about to be)
};
}  // namespace detail

// The default barrier completion: nothing.
struct no_completion {
  constexpr void operator()() const {}
};

// A reusable barrier for a fixed number of parties. Each phase ends when all parties have
// arrived; the last to arrive runs `completion()` (before anyone is released), then all go on
// to the next phase. Completion must be invocable with no arguments and, to keep the barrier
// trivially destructible, trivially destructible itself (a lambda capturing references is).
template <class Completion = no_completion>
class barrier {
 public:
  // Traps (a compile error when constant-evaluated) unless parties > 0.
  constexpr explicit barrier(int parties, Completion completion = Completion())
      : completion_(std::move(completion)), core_(parties) {}
  barrier(const barrier&) = delete;
  barrier& operator=(const barrier&) = delete;

  // Arrives and blocks until the phase is complete. Returns true in exactly one thread per
  // phase (the one that ran the completion), like PTHREAD_BARRIER_SERIAL_THREAD.
  bool arrive_and_wait() {
    detail::barrier_core::arrival a = core_.arrive();
    if (a.last) {
      completion_();
      core_.open_next_phase();
      return true;
    }
    core_.wait_past(a.phase);
    return false;
  }
  // Arrives in this phase without waiting, and leaves: later phases need one party fewer.
  void arrive_and_drop() {
    core_.drop();
    detail::barrier_core::arrival a = core_.arrive();
    if (a.last) {
      completion_();
      core_.open_next_phase();
    }
  }

 private:
  [[no_unique_address]] Completion completion_;
  detail::barrier_core core_;
};

}  // namespace rawthread
