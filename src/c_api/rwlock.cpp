// SPDX-License-Identifier: MIT
// The C API's reader-writer lock: rawthread::shared_mutex.
#include "sync_storage.hpp"

using namespace rawthread;
using namespace rawthread::c_api;

namespace {

static_assert(same_shape<rawthread_rwlock_t, shared_mutex>);

shared_mutex& rwlock_of(rawthread_rwlock_t* rw) { return as<shared_mutex>(rw); }

// Runs take(deadline) for a timespec deadline on `clock`, after checking it.
template <class Take>
int with_deadline(rawthread_rwlock_t* rw, int clock, const rawthread_timespec_t* deadline,
                  Take take) {
  std::int64_t ns = 0;
  if (rw == nullptr) return errc::einval;
  if (int bad = deadline_on(wait_clock::monotonic, clock, deadline, &ns)) return bad;
  return take(monotonic_time{ns}) ? 0 : errc::etimedout;
}

int shared_until(rawthread_rwlock_t* rw, int clock, const rawthread_timespec_t* deadline) {
  return with_deadline(rw, clock, deadline,
                       [rw](monotonic_time at) { return rwlock_of(rw).try_lock_shared_until(at); });
}

int exclusive_until(rawthread_rwlock_t* rw, int clock, const rawthread_timespec_t* deadline) {
  return with_deadline(rw, clock, deadline,
                       [rw](monotonic_time at) { return rwlock_of(rw).try_lock_until(at); });
}

}  // namespace

extern "C" {

int rawthread_rwlock_init(rawthread_rwlock_t* rw) { return rawthread_rwlock_init_attr(rw, 0); }

int rawthread_rwlock_init_attr(rawthread_rwlock_t* rw, int flags) {
  if (rw == nullptr ||
      (flags & ~(RAWTHREAD_RWLOCK_PREFER_READERS | RAWTHREAD_PROCESS_SHARED)) != 0)
    return errc::einval;
  ::new (rw) shared_mutex(scope_of(flags), (flags & RAWTHREAD_RWLOCK_PREFER_READERS) != 0
                                               ? rwlock_preference::readers
                                               : rwlock_preference::writers);
  return 0;
}

int rawthread_rwlock_rdlock(rawthread_rwlock_t* rw) {
  if (rw == nullptr) return errc::einval;
  rwlock_of(rw).lock_shared();
  return 0;
}

int rawthread_rwlock_tryrdlock(rawthread_rwlock_t* rw) {
  if (rw == nullptr) return errc::einval;
  return rwlock_of(rw).try_lock_shared() ? 0 : errc::ebusy;
}

int rawthread_rwlock_timedrdlock(rawthread_rwlock_t* rw, int64_t deadline) {
  if (rw == nullptr) return errc::einval;
  return rwlock_of(rw).try_lock_shared_until({deadline}) ? 0 : errc::etimedout;
}

int rawthread_rwlock_timedrdlock_ts(rawthread_rwlock_t* rw, const rawthread_timespec_t* deadline) {
  return shared_until(rw, RAWTHREAD_CLOCK_MONOTONIC, deadline);
}

int rawthread_rwlock_clockrdlock(rawthread_rwlock_t* rw, int clock,
                                 const rawthread_timespec_t* deadline) {
  return shared_until(rw, clock, deadline);
}

int rawthread_rwlock_wrlock(rawthread_rwlock_t* rw) {
  if (rw == nullptr) return errc::einval;
  rwlock_of(rw).lock();
  return 0;
}

int rawthread_rwlock_trywrlock(rawthread_rwlock_t* rw) {
  if (rw == nullptr) return errc::einval;
  return rwlock_of(rw).try_lock() ? 0 : errc::ebusy;
}

int rawthread_rwlock_timedwrlock(rawthread_rwlock_t* rw, int64_t deadline) {
  if (rw == nullptr) return errc::einval;
  return rwlock_of(rw).try_lock_until({deadline}) ? 0 : errc::etimedout;
}

int rawthread_rwlock_timedwrlock_ts(rawthread_rwlock_t* rw, const rawthread_timespec_t* deadline) {
  return exclusive_until(rw, RAWTHREAD_CLOCK_MONOTONIC, deadline);
}

int rawthread_rwlock_clockwrlock(rawthread_rwlock_t* rw, int clock,
                                 const rawthread_timespec_t* deadline) {
  return exclusive_until(rw, clock, deadline);
}

int rawthread_rwlock_unlock(rawthread_rwlock_t* rw) {
  if (rw == nullptr) return errc::einval;
  return rwlock_of(rw).unlock_held() ? 0 : errc::eperm;
}

int rawthread_rwlock_destroy(rawthread_rwlock_t* rw) {
  if (rw == nullptr) return errc::einval;
  return rwlock_of(rw).held() ? errc::ebusy : 0;
}

}  // extern "C"
