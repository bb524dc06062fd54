// SPDX-License-Identifier: MIT
// The C API's mutex of every kind, and the condition-variable waits, which relock it.
#include "sync_storage.hpp"

using namespace rawthread;
using namespace rawthread::c_api;

namespace {

static_assert(RAWTHREAD_MUTEX_RECURSIVE == detail::owned_mutex::recursive);
static_assert(RAWTHREAD_MUTEX_ERRORCHECK == detail::owned_mutex::errorcheck);
static_assert(RAWTHREAD_MUTEX_ROBUST == detail::owned_mutex::robust);
static_assert(same_shape<rawthread_cond_t, condition_variable>);

c_mutex& mutex_of(rawthread_mutex_t* m) { return as<c_mutex>(m); }

int timedlock(rawthread_mutex_t* m, monotonic_time deadline) {
  c_mutex& cm = mutex_of(m);
  if (cm.kind == 0) return cm.normal().try_lock_until(deadline) ? 0 : errc::etimedout;
  return cm.owned().lock(&deadline);
}

// An owned mutex lent to a condition variable's wait: its relock's code is what the wait
// returns (EOWNERDEAD, ENOTRECOVERABLE for a robust one).
struct relocking {
  detail::owned_mutex& m;
  int code;
  void lock() { code = m.lock(nullptr); }
  void unlock() {
    if (m.unlock() != 0) __builtin_trap();  // waiting with a mutex the caller does not hold
  }
};

// Waits on `c` with `m`, until `deadline` (on the condition's clock) when there is one.
int cond_wait(rawthread_cond_t* c, rawthread_mutex_t* m, const std::int64_t* deadline) {
  auto& cv = as<condition_variable>(c);
  auto wait = [&](auto& lock) {
    if (deadline == nullptr) {
      cv.wait(lock);
      return cv_status::no_timeout;
    }
    if (cv.clock_of() == wait_clock::realtime) return cv.wait_until(lock, realtime_time{*deadline});
    return cv.wait_until(lock, monotonic_time{*deadline});
  };
  c_mutex& cm = mutex_of(m);
  cv_status status;
  int relocked = 0;
  if (cm.kind == 0) {
    // The caller holds m and keeps holding it afterwards: lend it to a unique_lock.
    unique_lock<mutex> lock(cm.normal(), adopt_lock);
    status = wait(lock);
    (void)lock.release();
  } else {
    relocking r{cm.owned(), 0};
    unique_lock<relocking> lock(r, adopt_lock);
    status = wait(lock);
    (void)lock.release();
    relocked = r.code;
  }
  if (relocked != 0) return relocked;
  return status == cv_status::timeout ? errc::etimedout : 0;
}

}  // namespace

extern "C" {

int rawthread_mutex_init(rawthread_mutex_t* m) { return rawthread_mutex_init_kind(m, 0); }

int rawthread_mutex_init_kind(rawthread_mutex_t* m, int kind) {
  const int kinds = kind & ~RAWTHREAD_PROCESS_SHARED;
  if (m == nullptr || (kinds & ~(RAWTHREAD_MUTEX_RECURSIVE | RAWTHREAD_MUTEX_ERRORCHECK |
                                 RAWTHREAD_MUTEX_ROBUST)) != 0 ||
      (kinds & RAWTHREAD_MUTEX_RECURSIVE & (kinds >> 1)) != 0)
    return errc::einval;
  c_mutex& cm = *::new (m) c_mutex{};
  cm.kind = kinds;
  if (kinds == 0) ::new (cm.storage) mutex(scope_of(kind));
  else ::new (cm.storage) detail::owned_mutex(static_cast<unsigned char>(kinds), scope_of(kind));
  return 0;
}

int rawthread_mutex_lock(rawthread_mutex_t* m) {
  if (m == nullptr) return errc::einval;
  c_mutex& cm = mutex_of(m);
  if (cm.kind != 0) return cm.owned().lock(nullptr);
  cm.normal().lock();
  return 0;
}

int rawthread_mutex_trylock(rawthread_mutex_t* m) {
  if (m == nullptr) return errc::einval;
  c_mutex& cm = mutex_of(m);
  if (cm.kind != 0) return cm.owned().try_lock();
  return cm.normal().try_lock() ? 0 : errc::ebusy;
}

int rawthread_mutex_timedlock(rawthread_mutex_t* m, int64_t deadline) {
  if (m == nullptr) return errc::einval;
  return timedlock(m, {deadline});
}

int rawthread_mutex_timedlock_ts(rawthread_mutex_t* m, const rawthread_timespec_t* deadline) {
  return rawthread_mutex_clocklock(m, RAWTHREAD_CLOCK_MONOTONIC, deadline);
}

int rawthread_mutex_clocklock(rawthread_mutex_t* m, int clock,
                              const rawthread_timespec_t* deadline) {
  std::int64_t ns = 0;
  if (m == nullptr) return errc::einval;
  if (int bad = deadline_on(wait_clock::monotonic, clock, deadline, &ns)) return bad;
  return timedlock(m, {ns});
}

int rawthread_mutex_unlock(rawthread_mutex_t* m) {
  if (m == nullptr) return errc::einval;
  c_mutex& cm = mutex_of(m);
  if (cm.kind != 0) return cm.owned().unlock();
  cm.normal().unlock();
  return 0;
}

int rawthread_mutex_consistent(rawthread_mutex_t* m) {
  if (m == nullptr) return errc::einval;
  c_mutex& cm = mutex_of(m);
  return cm.kind == 0 ? errc::einval : cm.owned().make_consistent();
}

int rawthread_mutex_destroy(rawthread_mutex_t* m) {
  if (m == nullptr) return errc::einval;
  c_mutex& cm = mutex_of(m);
  return (cm.kind == 0 ? cm.normal().held() : cm.owned().held()) ? errc::ebusy : 0;
}

int rawthread_cond_wait(rawthread_cond_t* c, rawthread_mutex_t* m) {
  if (c == nullptr || m == nullptr) return errc::einval;
  return cond_wait(c, m, nullptr);
}

int rawthread_cond_timedwait(rawthread_cond_t* c, rawthread_mutex_t* m, int64_t deadline) {
  if (c == nullptr || m == nullptr) return errc::einval;
  return cond_wait(c, m, &deadline);
}

int rawthread_cond_timedwait_ts(rawthread_cond_t* c, rawthread_mutex_t* m,
                                const rawthread_timespec_t* deadline) {
  std::int64_t ns = 0;
  if (c == nullptr || m == nullptr) return errc::einval;
  if (int bad = deadline_ns(deadline, &ns)) return bad;
  return cond_wait(c, m, &ns);  // on the condition's own clock: nothing to convert
}

int rawthread_cond_clockwait(rawthread_cond_t* c, rawthread_mutex_t* m, int clock,
                             const rawthread_timespec_t* deadline) {
  std::int64_t ns = 0;
  if (c == nullptr || m == nullptr) return errc::einval;
  if (int bad = deadline_on(as<condition_variable>(c).clock_of(), clock, deadline, &ns))
    return bad;
  return cond_wait(c, m, &ns);
}

}  // extern "C"
