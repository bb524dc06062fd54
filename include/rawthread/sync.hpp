// SPDX-License-Identifier: MIT
// <rawthread/sync.hpp>: synchronisation built directly on futex(2).
//
// Every type here is constant-initialisable (a `constinit` global needs no constructor to run),
// trivially destructible and heap-free. All of it is safe in every thread rawthread creates, in
// both modes (hosted children included: nothing here calls libc), and in threads libc created.
// By default an object is private to one process. Constructed with futex_scope::shared (mutex,
// recursive_mutex, checked_mutex, robust_mutex, condition_variable, semaphore, barrier,
// shared_mutex) it works in memory that several processes map (MAP_SHARED, also across fork):
// its sleeps and wakes then use shared futex operations, which cost a little more.
// Also here: the mutex kinds with an owner (<rawthread/sync/mutex_kinds.hpp>) and the
// reader-writer lock (<rawthread/sync/shared_mutex.hpp>).
//
// Timed waits measure on CLOCK_MONOTONIC (see <rawthread/time.hpp>): relative timeouts take a
// `nanoseconds`, absolute deadlines a `monotonic_time` (condition variables also take a
// `realtime_time`, on CLOCK_REALTIME). A wait never returns "timed out" before its deadline has
// passed.
//
// Signal handlers: the waits that report one interrupting them (EINTR) are futex_wait* and the
// semaphore's _interruptible waits (see semaphore). Every other wait here resumes after a
// handler, whatever its SA_RESTART: mutex lock, condition_variable waits (which may return
// spuriously, as ever), latch and barrier waits, semaphore acquire and try_acquire_for/until;
// so do thread::join and this_thread::sleep_for. This is POSIX's split: sem_wait may fail with
// EINTR, mutex locks, condition waits and joins never do.
//
// Misuse, and how it is reported:
// - lock-state errors (unlocking a mutex nobody holds, unique_lock::unlock without owning,
//   waiting on a condition_variable with a unique_lock that owns nothing, constructing a
//   semaphore, latch or barrier with a negative or zero-party count) trap at once
//   (__builtin_trap: SIGILL or SIGTRAP by architecture and compiler: SIGILL on x86_64, SIGTRAP
//   on aarch64, on riscv64 SIGTRAP from gcc and SIGILL from clang). In a constant-initialised
//   global the bad count is a compile error instead. These checks reuse a value the operation
//   already has in a register, so they cost nothing measurable.
// - bad counts passed at run time (semaphore::release(n) with n < 0 or past `max`,
//   latch::count_down(n) with n < 0 or more than remains) return EINVAL or EOVERFLOW and change
//   nothing.
// - what is not detected: unlock of a `mutex` by a thread that does not hold it, relocking a
//   `mutex` the caller holds (deadlock; checked_mutex reports both), call_once re-entering its
//   own flag (deadlock), concurrent condition_variable waits with different mutexes.
#pragma once

#include <atomic>
#include <limits>
#include <type_traits>
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
// The same against CLOCK_REALTIME (FUTEX_CLOCK_REALTIME): the wait follows clock changes.
result<void> futex_wait_until(const std::atomic<int>& word, int expected, realtime_time deadline,
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
// system call. A contended lock sleeps on the futex at once; unlock wakes one sleeper only when
// someone may be asleep. Not fair: a running thread may overtake a sleeper.
// futex_scope::shared makes it usable by several processes from memory they all map
// (MAP_SHARED): its sleeps and wakes then use shared futex operations. Every mutex is also a
// timed mutex (try_lock_for, try_lock_until); `timed_mutex` is another name for it.
class mutex {
 public:
  constexpr mutex() = default;
  constexpr explicit mutex(futex_scope scope) : scope_(scope) {}
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
  // Takes the lock, waiting at most `timeout` / until `deadline` (CLOCK_MONOTONIC); false when
  // the time ran out first. Never "times out" a lock that was free.
  bool try_lock_for(nanoseconds timeout) { return try_lock_until(monotonic_now() + timeout); }
  bool try_lock_until(monotonic_time deadline) { return try_lock() || lock_until(deadline); }
  // Releases the lock. Traps if the mutex was not locked.
  void unlock() {
    int previous = word_.exchange(unlocked, std::memory_order_release);
    if (previous != locked) unlock_slow(previous);
  }
  futex_scope scope() const { return scope_; }
  // True while someone holds it (a snapshot).
  bool held() const { return word_.load(std::memory_order_relaxed) != unlocked; }

 private:
  friend class condition_variable;
  bool lock_until(monotonic_time deadline);
  // unlocked: free; locked: held, nobody sleeps; contended: held, someone may sleep on the word.
  enum : int { unlocked = 0, locked = 1, contended = 2 };
  void lock_contended();
  // Locks leaving the word marked contended, for a thread that may have been moved onto this
  // futex by condition_variable::notify_all while others still sleep here.
  void lock_as_contended();
  void unlock_slow(int previous);
  std::atomic<int> word_{unlocked};
  futex_scope scope_ = futex_scope::this_process;
};

// std::timed_mutex's name for a mutex: rawthread's mutex has the timed operations already.
using timed_mutex = mutex;

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

// The clock a condition variable's deadlines are read on when they come as plain numbers (the C
// API's nanoseconds and timespecs). C++ deadlines carry their clock in their type.
enum class wait_clock : unsigned char { monotonic, realtime };

// Waits for a condition protected by a rawthread::mutex (or, through the template forms, any
// lockable: recursive_mutex, checked_mutex, ...). No wake-up is lost: of the threads whose
// wait() had released the mutex when a notify began, notify_one wakes at least one and
// notify_all wakes all. Waits may also return spuriously (a waiter still in its brief spin sees
// any notify), so wait in a loop or use the predicate forms. notify_one wakes one sleeper, never
// all. notify_all wakes one and moves the rest onto the mutex's futex (FUTEX_CMP_REQUEUE), so
// they are woken one by one as the mutex is handed on rather than all at once; with another kind
// of lock, or a process-shared condition variable, it wakes them all. A notify with no sleeper
// makes no system call. Notifying with or without the mutex held are both correct.
//
// futex_scope::shared makes it usable by several processes from memory they all map; its mutex
// must then be process-shared too. `clock` is what clock_of() reports (see wait_clock).
class condition_variable {
 public:
  constexpr condition_variable() = default;
  constexpr explicit condition_variable(futex_scope scope, wait_clock clock = wait_clock::monotonic)
      : options_((scope == futex_scope::shared ? shared : 0) |
                 (clock == wait_clock::realtime ? realtime : 0)) {}
  condition_variable(const condition_variable&) = delete;
  condition_variable& operator=(const condition_variable&) = delete;

  // Wakes one waiter (none when nobody waits), or all of them; see above.
  void notify_one();
  void notify_all();

  // Releases the lock, sleeps until notified (or spuriously), relocks. Traps if `lock` does not
  // own its mutex.
  void wait(unique_lock<mutex>& lock);
  template <class Lockable>
  void wait(unique_lock<Lockable>& lock) {
    int seen = begin_any(lock.owns_lock());
    lock.mutex()->unlock();
    (void)sleep(seen, nullptr);
    lock.mutex()->lock();
  }
  template <class Lock, class Predicate>
  void wait(Lock& lock, Predicate pred) {
    while (!pred()) wait(lock);
  }

  // As wait, giving up at `deadline` (on the clock of its type). cv_status::timeout when the
  // deadline passed; the lock is held again on return either way.
  cv_status wait_until(unique_lock<mutex>& lock, monotonic_time deadline) {
    return wait_until_ns(lock, {deadline.count, false});
  }
  cv_status wait_until(unique_lock<mutex>& lock, realtime_time deadline) {
    return wait_until_ns(lock, {deadline.count, true});
  }
  template <class Lockable, class Deadline>
  cv_status wait_until(unique_lock<Lockable>& lock, Deadline deadline) {
    int seen = begin_any(lock.owns_lock());
    lock.mutex()->unlock();
    const instant at{deadline.count, std::is_same_v<Deadline, realtime_time>};
    const wake how = sleep(seen, &at);
    lock.mutex()->lock();
    return how == wake::timed_out ? cv_status::timeout : cv_status::no_timeout;
  }
  template <class Lock>
  cv_status wait_for(Lock& lock, nanoseconds timeout) {
    return wait_until(lock, monotonic_now() + timeout);
  }
  // Waits until pred() holds or the deadline passes; returns pred()'s last value, so false
  // means "timed out with the condition still false".
  template <class Lock, class Deadline, class Predicate>
  bool wait_until(Lock& lock, Deadline deadline, Predicate pred) {
    while (!pred())
      if (wait_until(lock, deadline) == cv_status::timeout) return pred();
    return true;
  }
  template <class Lock, class Predicate>
  bool wait_for(Lock& lock, nanoseconds timeout, Predicate pred) {
    return wait_until(lock, monotonic_now() + timeout, std::move(pred));
  }

  futex_scope scope() const {
    return (options_ & shared) != 0 ? futex_scope::shared : futex_scope::this_process;
  }
  wait_clock clock_of() const {
    return (options_ & realtime) != 0 ? wait_clock::realtime : wait_clock::monotonic;
  }
  // True while a waiter sleeps in the kernel (a snapshot).
  bool has_sleepers() const { return sleepers_.load(std::memory_order_relaxed) != 0; }
  // Waits, yielding, at most `limit` until no thread is inside a wait any more: those a notify
  // released have left and touch the object no more (they need their mutex to leave: wait
  // with it unlocked). False if one is still inside then (still blocked, or not yet run). Lets
  // the object's lifetime end right after a notify_all, as pthread_cond_destroy allows.
  bool wait_for_leavers(nanoseconds limit) const;

 private:
  // A deadline in nanoseconds on CLOCK_MONOTONIC, or CLOCK_REALTIME when `realtime`.
  struct instant {
    std::int64_t ns;
    bool realtime;
  };
  // How a sleep ended: the kernel woke the waiter (from the sequence, or from the mutex a
  // notify_all moved it onto), the deadline passed, or anything else (the sequence moved before
  // it slept, a signal interrupted it).
  enum class wake { woken, timed_out, other };
  // Returns the sequence seen under the mutex, then unlocks it.
  int wait_begin(unique_lock<mutex>& lock);
  void wait_end(unique_lock<mutex>& lock, wake how);
  cv_status wait_until_ns(unique_lock<mutex>& lock, instant deadline);
  // For a lock notify_all cannot requeue onto: traps unless `owns`; returns the sequence seen.
  int begin_any(bool owns);
  // Spins, then sleeps while the sequence reads `seen`.
  wake sleep(int seen, const instant* deadline);

  std::atomic<int> sequence_{0};    // bumped by every notify; the futex word waiters sleep on
  std::atomic<int> sleepers_{0};    // waiters inside futex_wait (or about to be): notify's cue
  // Waiters from wait's start (before the mutex is released) to their last access, in the
  // word C's rawthread_cond_t has always had for it.
  std::atomic<int> inside_{0};
  // shared: shared futex operations and no requeue; realtime: wait_clock::realtime. One int, so
  // that the object has no padding before the pointer (C's initializer writes every byte).
  enum : int { shared = 1, realtime = 2 };
  int options_ = 0;
  // The latest waiter's mutex: where notify_all requeues (null: wake everyone instead).
  std::atomic<mutex*> mutex_{nullptr};
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
  // The function exited by an exception: back to idle, and a waiter (if any) takes over.
  void abandon();
  std::atomic<int> state_{idle};
};

// Calls f(args...) exactly once per flag, however many threads race here; the others wait until
// it has returned, and see everything it wrote. If f exits by an exception (in code built with
// exceptions; this template is compiled with its caller's flags), the exception reaches the
// caller and the flag is left as if never called: one of the waiting threads, or the next
// caller, runs f instead, as with std::call_once. Calling it again for the same flag from inside
// f deadlocks.
template <class F, class... Args>
void call_once(once_flag& flag, F&& f, Args&&... args) {
  if (flag.state_.load(std::memory_order_acquire) == once_flag::done) return;
  if (!flag.begin()) return;
  // Gives the flag back unless f returned; without exceptions there is no other way out of f,
  // and this compiles to nothing.
  struct give_back_unless_done {
    once_flag* flag;
    ~give_back_unless_done() {
      if (flag != nullptr) flag->abandon();
    }
  } guard{&flag};
  std::forward<F>(f)(std::forward<Args>(args)...);
  guard.flag = nullptr;
  flag.finish();
}

// ---------------------------------------------------------------------------------------------
// semaphore

// A counting semaphore. acquire takes one unit, sleeping while there is none; release(n) adds n
// units and wakes up to n sleepers. A release with no sleeper makes no system call.
//
// Signals: acquire, try_acquire_for and try_acquire_until resume their wait after a signal
// handler runs, whatever its flags. The _interruptible waits behave like POSIX sem_wait and
// sem_timedwait on Linux instead, so that a handler can break a thread out of its wait: they
// return EINTR, having taken no unit, when a handler interrupts their sleep. The untimed one only
// for a handler installed without SA_RESTART (with it the kernel resumes the sleep); the timed
// ones for any handler (the kernel never resumes a timed futex sleep; glibc's sem_timedwait
// reports EINTR there too). A handler that runs while they are still spinning, before their
// sleep, interrupts nothing.
class semaphore {
 public:
  static constexpr int max = std::numeric_limits<int>::max();

  // Traps (a compile error when constant-evaluated) if `initial` is negative.
  // futex_scope::shared: usable by several processes from memory they all map.
  constexpr explicit semaphore(int initial, futex_scope scope = futex_scope::this_process)
      : count_(initial), scope_(scope) {
    if (initial < 0) __builtin_trap();
  }
  semaphore(const semaphore&) = delete;
  semaphore& operator=(const semaphore&) = delete;

  void acquire() {
    if (!try_acquire()) (void)acquire_slow(nullptr, false);
  }
  // As acquire, but EINTR (no unit taken) when a signal handler installed without SA_RESTART
  // interrupts the sleep.
  result<void> acquire_interruptible() {
    if (try_acquire()) return {};
    return outcome(acquire_slow(nullptr, true));
  }
  // Takes a unit if one is there; never blocks.
  bool try_acquire() {
    int w = count_.load(std::memory_order_relaxed);
    while (units(w) > 0)
      if (count_.compare_exchange_weak(w, w - 1, std::memory_order_acquire,
                                       std::memory_order_relaxed))
        return true;
    return false;
  }
  // Takes a unit, waiting at most `timeout` / until `deadline`; false when the time ran out.
  bool try_acquire_for(nanoseconds timeout) { return try_acquire_until(monotonic_now() + timeout); }
  bool try_acquire_until(monotonic_time deadline) {
    return try_acquire() || acquire_slow(&deadline, false) == 0;
  }
  // As try_acquire_until / try_acquire_for, with the outcome as a code: ETIMEDOUT when the time
  // ran out, EINTR (no unit taken) when a signal handler interrupted the sleep.
  result<void> acquire_interruptible_until(monotonic_time deadline) {
    if (try_acquire()) return {};
    return outcome(acquire_slow(&deadline, true));
  }
  result<void> acquire_interruptible_for(nanoseconds timeout) {
    return acquire_interruptible_until(monotonic_now() + timeout);
  }
  // Adds n units. EINVAL: n < 0. EOVERFLOW: the count would pass `max`. Nothing changes then.
  result<void> release(int n = 1);
  // The units available right now (a snapshot, stale as soon as it is read).
  int available() const { return units(count_.load(std::memory_order_relaxed)); }
  // True while a thread waits in acquire, past its first try (a snapshot).
  bool has_sleepers() const { return waiters_.load(std::memory_order_relaxed) != 0; }
  // Waits, yielding, at most `limit` until no thread waits in acquire any more: one a release
  // let through has left and touches the semaphore no more. False if one is still waiting then.
  bool wait_for_leavers(nanoseconds limit) const;

 private:
  // Spins, then sleeps until a unit can be taken (0), `deadline` (if any) passes (ETIMEDOUT) or,
  // when `interruptible`, a signal handler interrupts the sleep (EINTR).
  int acquire_slow(const monotonic_time* deadline, bool interruptible);
  static result<void> outcome(int code) {
    if (code != 0) return failure(code);
    return {};
  }
  // count_, the futex word: the units in its low 31 bits (max fits), and `may_sleep` set by a
  // waiter before it sleeps. release learns from the very exchange that publishes its units
  // whether to wake anyone, so it never touches the semaphore after a unit is taken: the thread
  // that takes it may destroy the semaphore at once.
  static constexpr unsigned may_sleep = 0x80000000u;
  static constexpr int units(int word) { return static_cast<int>(static_cast<unsigned>(word) & ~may_sleep); }
  std::atomic<int> count_;
  std::atomic<int> waiters_{0};  // threads in acquire_slow: whether release may clear may_sleep
  futex_scope scope_;
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
  constexpr explicit barrier_core(int parties, futex_scope scope)
      : parties_(parties), remaining_(parties), phase_(0), sleepers_(0), scope_(scope),
        inside_(0) {
    if (parties <= 0) __builtin_trap();
  }
  // Counts the caller in; returns the phase it arrived in and whether it was the last. A caller
  // that will wait_past (will_wait) is counted inside until it has left.
  struct arrival {
    int phase;
    bool last;
  };
  arrival arrive(bool will_wait);
  // For the last arriver: opens the next phase and wakes everyone waiting on this one.
  void open_next_phase();
  // Blocks until the phase after `phase` has opened; the caller's last access to the barrier.
  void wait_past(int phase) const;
  // Waits, yielding, at most `limit` for every released waiter to have left; false if one is
  // still inside then.
  bool wait_for_leavers(nanoseconds limit) const;
  // Leaves for good: later phases expect one party fewer.
  void drop() { parties_.fetch_sub(1, std::memory_order_relaxed); }
  // True once a party has arrived in the current phase (a snapshot).
  bool mid_phase() const {
    return remaining_.load(std::memory_order_relaxed) != parties_.load(std::memory_order_relaxed);
  }

 private:
  std::atomic<int> parties_;
  std::atomic<int> remaining_;
  std::atomic<int> phase_;             // the futex word: bumped as each phase opens
  mutable std::atomic<int> sleepers_;  // threads inside futex_wait (or about to be)
  futex_scope scope_;
  // Waiters from their arrival until their last access: so that the barrier can be destroyed
  // as soon as a phase opens (the serial thread's idiom) without a waiter still touching it.
  mutable std::atomic<int> inside_;
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
      : completion_(std::move(completion)), core_(parties, futex_scope::this_process) {}
  // futex_scope::shared: usable by several processes from memory they all map; the completion
  // runs in the process of the last arriver.
  constexpr barrier(int parties, futex_scope scope, Completion completion = Completion())
      : completion_(std::move(completion)), core_(parties, scope) {}
  barrier(const barrier&) = delete;
  barrier& operator=(const barrier&) = delete;

  // Arrives and blocks until the phase is complete. Returns true in exactly one thread per
  // phase (the one that ran the completion), like PTHREAD_BARRIER_SERIAL_THREAD.
  bool arrive_and_wait() {
    detail::barrier_core::arrival a = core_.arrive(true);
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
    detail::barrier_core::arrival a = core_.arrive(false);
    if (a.last) {
      completion_();
      core_.open_next_phase();
    }
  }

  // True once a party has arrived in the current phase (a snapshot).
  bool mid_phase() const { return core_.mid_phase(); }
  // Waits, yielding, at most `limit` until the parties a phase released have all left
  // arrive_and_wait and touch the barrier no more; false if one is still inside then. Lets the
  // thread that got `true` (or anyone after the phase opened) end the barrier's lifetime at
  // once: as pthread_barrier_destroy allows.
  bool wait_for_leavers(nanoseconds limit) const { return core_.wait_for_leavers(limit); }

 private:
  [[no_unique_address]] Completion completion_;
  detail::barrier_core core_;
};

}  // namespace rawthread

#include <rawthread/sync/mutex_kinds.hpp>
#include <rawthread/sync/shared_mutex.hpp>
#include <rawthread/sync/thread_key.hpp>
