// SPDX-License-Identifier: MIT
// <rawthread/sync/mutex_kinds.hpp> (included by <rawthread/sync.hpp>): mutexes that know their
// owner: recursive_mutex, checked_mutex (error-checking) and robust_mutex.
//
// Their futex word holds the owner's kernel thread id, in the kernel's robust-futex format (tid
// in the low 30 bits, bit 31 "someone may sleep here", bit 30 "the owner died"). Knowing the
// caller's tid costs nothing in a freestanding program (it is in the thread's control block) and
// one gettid system call per lock and unlock in a hosted one, where rawthread's children share
// their creator's TLS and so have nowhere cheaper to keep it. The plain `mutex` needs no owner
// and stays one atomic instruction per operation.
//
// Like everything in <rawthread/sync.hpp>: constant-initialisable, trivially destructible, no
// heap, safe in every thread in both modes; futex_scope::shared makes one usable by several
// processes from memory they all map (MAP_SHARED).
#pragma once

#include <atomic>

#include <rawthread/sync.hpp>

namespace rawthread {
namespace detail {

// The kernel's `struct robust_list`: a robust mutex's link in its owner thread's list of the
// robust mutexes it holds, which the kernel walks when the thread dies.
struct robust_link {
  robust_link* next;
};

// The one implementation behind every mutex kind with an owner. Returns 0 or an errno code.
class owned_mutex {
 public:
  enum kind : unsigned char { recursive = 1, errorcheck = 2, robust = 4 };
  // A robust one always sleeps with shared futex operations: the kernel's wake for a dead
  // owner's waiters is a shared one, which a private sleeper would never hear.
  constexpr owned_mutex(unsigned char kinds, futex_scope scope)
      : scope_((kinds & robust) != 0 ? futex_scope::shared : scope), kinds_(kinds) {}
  owned_mutex(const owned_mutex&) = delete;
  owned_mutex& operator=(const owned_mutex&) = delete;

  // Takes the lock, waiting until `deadline` (null: for ever). 0, or: EAGAIN (recursive depth
  // at its limit), EDEADLK (the caller holds it, not recursive), ETIMEDOUT, EOWNERDEAD (robust:
  // taken from an owner that died; held now), ENOTRECOVERABLE (robust: given up for good), EAGAIN
  // as well when more threads hold robust mutexes at once than rawthread has list heads for (64).
  int lock(const monotonic_time* deadline);
  // As lock, never waiting: EBUSY while another thread holds it (or the caller, not recursive).
  int try_lock();
  // 0, or EPERM when the caller does not hold it.
  int unlock();
  // Robust, taken with EOWNERDEAD: marks the state it protects repaired. EINVAL otherwise.
  int make_consistent();
  // True while a thread holds it (a snapshot).
  bool held() const {
    const int owner = word_.load(std::memory_order_relaxed) & tid_mask;
    return owner != 0 && owner != not_recoverable;
  }

  // The word's layout (the kernel's FUTEX_TID_MASK, FUTEX_OWNER_DIED, FUTEX_WAITERS).
  static constexpr int tid_mask = 0x3fffffff;
  static constexpr int owner_died = 0x40000000;
  static constexpr int waiters = static_cast<int>(0x80000000u);
  // An owner no thread has: the robust mutex was unlocked without make_consistent.
  static constexpr int not_recoverable = tid_mask;

 private:
  int acquire(int tid, const monotonic_time* deadline, bool wait);
  int take(int tid, const monotonic_time* deadline, bool wait);

  robust_link link_{nullptr};  // the kernel finds word_ at this link's address + futex_offset
  std::atomic<int> word_{0};
  int depth_ = 0;  // recursive: how often the owner locked it beyond the first time
  futex_scope scope_;
  unsigned char kinds_;
  bool inconsistent_ = false;  // robust: taken with EOWNERDEAD, make_consistent not yet called
};

}  // namespace detail

// A mutex its owner may lock again: each lock needs its own unlock. Unlock by a thread that does
// not hold it traps, as does locking it 2^31 - 1 times over.
class recursive_mutex {
 public:
  constexpr recursive_mutex() : m_(detail::owned_mutex::recursive, futex_scope::this_process) {}
  constexpr explicit recursive_mutex(futex_scope scope)
      : m_(detail::owned_mutex::recursive, scope) {}

  void lock() {
    if (m_.lock(nullptr) != 0) __builtin_trap();
  }
  bool try_lock() { return m_.try_lock() == 0; }
  bool try_lock_for(nanoseconds timeout) { return try_lock_until(monotonic_now() + timeout); }
  bool try_lock_until(monotonic_time deadline) { return m_.lock(&deadline) == 0; }
  void unlock() {
    if (m_.unlock() != 0) __builtin_trap();
  }

 private:
  detail::owned_mutex m_;
};

// An error-checking mutex (POSIX's PTHREAD_MUTEX_ERRORCHECK): misuse comes back as an error code
// instead of a deadlock or a trap.
class checked_mutex {
 public:
  constexpr checked_mutex() : m_(detail::owned_mutex::errorcheck, futex_scope::this_process) {}
  constexpr explicit checked_mutex(futex_scope scope)
      : m_(detail::owned_mutex::errorcheck, scope) {}

  // EDEADLK: the caller holds it already.
  result<void> lock() { return as_result(m_.lock(nullptr)); }
  // EBUSY: held (by anyone, the caller included).
  result<void> try_lock() { return as_result(m_.try_lock()); }
  // ETIMEDOUT: still held at the deadline. EDEADLK: the caller holds it.
  result<void> try_lock_for(nanoseconds timeout) {
    return try_lock_until(monotonic_now() + timeout);
  }
  result<void> try_lock_until(monotonic_time deadline) { return as_result(m_.lock(&deadline)); }
  // EPERM: the caller does not hold it (nothing changes).
  result<void> unlock() { return as_result(m_.unlock()); }

 private:
  static result<void> as_result(int code) {
    if (code != 0) return failure(code);
    return {};
  }
  detail::owned_mutex m_;
};

// A robust error-checking mutex, usually process-shared: when its owner thread or process dies
// holding it, the kernel marks it, and the next locker gets EOWNERDEAD with the lock held. That
// locker repairs the protected state and calls make_consistent(), or unlocks without it, after
// which every lock returns ENOTRECOVERABLE. `recursive` lets the owner lock it again.
//
// Each thread registers a list of the robust mutexes it holds with the kernel
// (set_robust_list) on its first robust lock and takes its registration back when it holds none
// again, restoring whatever was registered before (libc's own list in a hosted program): threads
// that never take one pay nothing. The list heads live in a table of 64 inside rawthread, keyed
// by tid (a hosted child has no TLS of its own to keep one in); a head in use costs 3 system
// calls per outermost lock-unlock pair. Under qemu-user, which refuses set_robust_list, a robust
// mutex works as an error-checking one but an owner's death goes unnoticed.
class robust_mutex {
 public:
  constexpr explicit robust_mutex(futex_scope scope, bool recursive = false)
      : m_(static_cast<unsigned char>(detail::owned_mutex::robust |
                                      (recursive ? detail::owned_mutex::recursive : 0)),
           scope) {}

  // EOWNERDEAD: taken, from an owner that died. ENOTRECOVERABLE: not taken, never will be.
  // EDEADLK: the caller holds it (not recursive). EAGAIN: no list head free (64 threads hold
  // robust mutexes at once), not taken.
  result<void> lock() { return as_result(m_.lock(nullptr)); }
  // As lock, plus EBUSY while held.
  result<void> try_lock() { return as_result(m_.try_lock()); }
  // As lock, plus ETIMEDOUT.
  result<void> try_lock_until(monotonic_time deadline) { return as_result(m_.lock(&deadline)); }
  result<void> try_lock_for(nanoseconds timeout) {
    return try_lock_until(monotonic_now() + timeout);
  }
  // EPERM: the caller does not hold it.
  result<void> unlock() { return as_result(m_.unlock()); }
  // After EOWNERDEAD: the state is repaired, the mutex goes on normally. EINVAL otherwise.
  result<void> make_consistent() { return as_result(m_.make_consistent()); }

 private:
  static result<void> as_result(int code) {
    if (code != 0) return failure(code);
    return {};
  }
  detail::owned_mutex m_;
};

}  // namespace rawthread
