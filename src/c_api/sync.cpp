// SPDX-License-Identifier: MIT
// The C API's condition-variable notifies, once, semaphore, latch and barrier: each function
// forwards to the C++ object its C struct holds (see sync_storage.hpp).
#include "sync_storage.hpp"

using namespace rawthread;
using namespace rawthread::c_api;

namespace {
static_assert(same_shape<rawthread_once_t, once_flag>);
static_assert(same_shape<rawthread_sem_t, semaphore>);
static_assert(same_shape<rawthread_latch_t, latch>);
static_assert(same_shape<rawthread_barrier_t, barrier<>>);
static_assert(semaphore::max == INT32_MAX);

// How long destroy waits for released waiters to leave (they need only a CPU, and for a
// condition the mutex): far more than they take, even under qemu or valgrind.
constexpr nanoseconds leavers_patience = seconds(1);
}  // namespace

extern "C" {

int rawthread_cond_init(rawthread_cond_t* c) { return rawthread_cond_init_attr(c, 0); }

int rawthread_cond_init_attr(rawthread_cond_t* c, int flags) {
  if (c == nullptr || (flags & ~(RAWTHREAD_COND_CLOCK_REALTIME | RAWTHREAD_PROCESS_SHARED)) != 0)
    return errc::einval;
  ::new (c) condition_variable(scope_of(flags), (flags & RAWTHREAD_COND_CLOCK_REALTIME) != 0
                                                    ? wait_clock::realtime
                                                    : wait_clock::monotonic);
  return 0;
}

int rawthread_cond_destroy(rawthread_cond_t* c) {
  if (c == nullptr) return errc::einval;
  return as<condition_variable>(c).wait_for_leavers(leavers_patience) ? 0 : errc::ebusy;
}

int rawthread_cond_signal(rawthread_cond_t* c) {
  if (c == nullptr) return errc::einval;
  as<condition_variable>(c).notify_one();
  return 0;
}

int rawthread_cond_broadcast(rawthread_cond_t* c) {
  if (c == nullptr) return errc::einval;
  as<condition_variable>(c).notify_all();
  return 0;
}

int rawthread_once(rawthread_once_t* once, void (*fn)(void*), void* arg) {
  if (once == nullptr || fn == nullptr) return errc::einval;
  call_once(as<once_flag>(once), fn, arg);
  return 0;
}

int rawthread_sem_init(rawthread_sem_t* s, int value) { return rawthread_sem_init_attr(s, value, 0); }

int rawthread_sem_init_attr(rawthread_sem_t* s, int value, int flags) {
  if (s == nullptr || value < 0 || (flags & ~RAWTHREAD_PROCESS_SHARED) != 0) return errc::einval;
  ::new (s) semaphore(value, scope_of(flags));
  return 0;
}

int rawthread_sem_wait(rawthread_sem_t* s) {
  if (s == nullptr) return errc::einval;
  auto r = as<semaphore>(s).acquire_interruptible();
  return r ? 0 : r.error();
}

int rawthread_sem_trywait(rawthread_sem_t* s) {
  if (s == nullptr) return errc::einval;
  return as<semaphore>(s).try_acquire() ? 0 : errc::eagain;
}

int rawthread_sem_timedwait(rawthread_sem_t* s, int64_t deadline) {
  if (s == nullptr) return errc::einval;
  auto r = as<semaphore>(s).acquire_interruptible_until({deadline});
  return r ? 0 : r.error();
}

int rawthread_sem_timedwait_ts(rawthread_sem_t* s, const rawthread_timespec_t* deadline) {
  return rawthread_sem_clockwait(s, RAWTHREAD_CLOCK_MONOTONIC, deadline);
}

int rawthread_sem_clockwait(rawthread_sem_t* s, int clock, const rawthread_timespec_t* deadline) {
  std::int64_t ns = 0;
  if (s == nullptr) return errc::einval;
  if (int bad = deadline_on(wait_clock::monotonic, clock, deadline, &ns)) return bad;
  return rawthread_sem_timedwait(s, ns);
}

int rawthread_sem_destroy(rawthread_sem_t* s) {
  if (s == nullptr) return errc::einval;
  return as<semaphore>(s).wait_for_leavers(leavers_patience) ? 0 : errc::ebusy;
}

int rawthread_sem_post(rawthread_sem_t* s, int n) {
  if (s == nullptr) return errc::einval;
  auto r = as<semaphore>(s).release(n);
  return r ? 0 : r.error();
}

int rawthread_sem_getvalue(const rawthread_sem_t* s, int* value) {
  if (s == nullptr || value == nullptr) return errc::einval;
  *value = as<semaphore>(s).available();
  return 0;
}

int rawthread_latch_init(rawthread_latch_t* l, int count) {
  if (l == nullptr || count < 0) return errc::einval;
  ::new (l) latch(count);
  return 0;
}

int rawthread_latch_count_down(rawthread_latch_t* l, int n) {
  if (l == nullptr) return errc::einval;
  auto r = as<latch>(l).count_down(n);
  return r ? 0 : r.error();
}

int rawthread_latch_wait(rawthread_latch_t* l) {
  if (l == nullptr) return errc::einval;
  as<latch>(l).wait();
  return 0;
}

int rawthread_latch_trywait(const rawthread_latch_t* l) {
  if (l == nullptr) return errc::einval;
  return as<latch>(l).try_wait() ? 0 : errc::eagain;
}

int rawthread_latch_destroy(rawthread_latch_t* l) { return l == nullptr ? errc::einval : 0; }

int rawthread_barrier_init(rawthread_barrier_t* b, int parties) {
  return rawthread_barrier_init_attr(b, parties, 0);
}

int rawthread_barrier_init_attr(rawthread_barrier_t* b, int parties, int flags) {
  if (b == nullptr || parties <= 0 || (flags & ~RAWTHREAD_PROCESS_SHARED) != 0) return errc::einval;
  ::new (b) barrier<>(parties, scope_of(flags));
  return 0;
}

int rawthread_barrier_destroy(rawthread_barrier_t* b) {
  if (b == nullptr) return errc::einval;
  const barrier<>& it = as<barrier<>>(b);
  return !it.mid_phase() && it.wait_for_leavers(leavers_patience) ? 0 : errc::ebusy;
}

int rawthread_barrier_wait(rawthread_barrier_t* b) {
  if (b == nullptr) return errc::einval;
  return as<barrier<>>(b).arrive_and_wait() ? RAWTHREAD_BARRIER_SERIAL_THREAD : 0;
}

}  // extern "C"
