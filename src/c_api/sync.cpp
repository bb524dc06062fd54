// The C API's synchronisation: each C struct is storage for the C++ object of <rawthread/sync.hpp>
// (same size and alignment, checked below), and each function forwards to that object.
#include <rawthread.h>

#include <new>

#include <rawthread/errno.hpp>
#include <rawthread/sync.hpp>

namespace rawthread {
namespace {

template <class C, class Cpp>
constexpr bool same_shape = sizeof(C) == sizeof(Cpp) && alignof(C) == alignof(Cpp);
static_assert(same_shape<rawthread_mutex_t, mutex>);
static_assert(same_shape<rawthread_cond_t, condition_variable>);
static_assert(same_shape<rawthread_once_t, once_flag>);
static_assert(same_shape<rawthread_sem_t, semaphore>);
static_assert(same_shape<rawthread_latch_t, latch>);
static_assert(same_shape<rawthread_barrier_t, barrier<>>);
static_assert(semaphore::max == INT32_MAX);

template <class Cpp, class C>
Cpp& as(C* c) {
  return *std::launder(reinterpret_cast<Cpp*>(c));
}

template <class Cpp, class C>
const Cpp& as(const C* c) {
  return *std::launder(reinterpret_cast<const Cpp*>(c));
}

}  // namespace
}  // namespace rawthread

using namespace rawthread;

extern "C" {

int rawthread_mutex_init(rawthread_mutex_t* m) {
  if (m == nullptr) return errc::einval;
  ::new (m) mutex();
  return 0;
}

int rawthread_mutex_lock(rawthread_mutex_t* m) {
  if (m == nullptr) return errc::einval;
  as<mutex>(m).lock();
  return 0;
}

int rawthread_mutex_trylock(rawthread_mutex_t* m) {
  if (m == nullptr) return errc::einval;
  return as<mutex>(m).try_lock() ? 0 : errc::ebusy;
}

int rawthread_mutex_unlock(rawthread_mutex_t* m) {
  if (m == nullptr) return errc::einval;
  as<mutex>(m).unlock();
  return 0;
}

int rawthread_cond_init(rawthread_cond_t* c) {
  if (c == nullptr) return errc::einval;
  ::new (c) condition_variable();
  return 0;
}

int rawthread_cond_wait(rawthread_cond_t* c, rawthread_mutex_t* m) {
  if (c == nullptr || m == nullptr) return errc::einval;
  // The caller holds m and keeps holding it afterwards: lend it to a unique_lock for the wait.
  unique_lock<mutex> lock(as<mutex>(m), adopt_lock);
  as<condition_variable>(c).wait(lock);
  (void)lock.release();
  return 0;
}

int rawthread_cond_timedwait(rawthread_cond_t* c, rawthread_mutex_t* m, int64_t deadline_ns) {
  if (c == nullptr || m == nullptr) return errc::einval;
  unique_lock<mutex> lock(as<mutex>(m), adopt_lock);
  const cv_status status = as<condition_variable>(c).wait_until(lock, {deadline_ns});
  (void)lock.release();
  return status == cv_status::timeout ? errc::etimedout : 0;
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

int rawthread_sem_init(rawthread_sem_t* s, int value) {
  if (s == nullptr || value < 0) return errc::einval;
  ::new (s) semaphore(value);
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

int rawthread_sem_timedwait(rawthread_sem_t* s, int64_t deadline_ns) {
  if (s == nullptr) return errc::einval;
  auto r = as<semaphore>(s).acquire_interruptible_until({deadline_ns});
  return r ? 0 : r.error();
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

int rawthread_barrier_init(rawthread_barrier_t* b, int parties) {
  if (b == nullptr || parties <= 0) return errc::einval;
  ::new (b) barrier<>(parties);
  return 0;
}

int rawthread_barrier_wait(rawthread_barrier_t* b) {
  if (b == nullptr) return errc::einval;
  return as<barrier<>>(b).arrive_and_wait() ? RAWTHREAD_BARRIER_SERIAL_THREAD : 0;
}

}  // extern "C"
