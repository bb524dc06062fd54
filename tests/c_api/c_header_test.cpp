// SPDX-License-Identifier: MIT
// rawthread.h seen from C++: it compiles as C++, and each C static initializer gives the bytes
// the C++ object's constructor gives, so a C-initialised object is a valid C++ one.
#include <rawthread.h>

#include <doctest.h>

#include <cstring>

#include <rawthread/sync.hpp>

namespace {

template <class C, class Cpp>
bool same_bytes(const C& c, const Cpp& cpp) {
  static_assert(sizeof(C) == sizeof(Cpp));
  return std::memcmp(&c, &cpp, sizeof c) == 0;
}

// Static storage on both sides, so padding bytes are zero in both.
constinit rawthread_mutex_t c_mutex = RAWTHREAD_MUTEX_INIT;
constinit rawthread_rwlock_t c_rwlock = RAWTHREAD_RWLOCK_INIT;
constinit rawthread::shared_mutex cpp_rwlock;
constinit rawthread_cond_t c_cond = RAWTHREAD_COND_INIT;
constinit rawthread::condition_variable cpp_cond;
constinit rawthread_once_t c_once = RAWTHREAD_ONCE_INIT;
constinit rawthread::once_flag cpp_once;
constinit rawthread_sem_t c_sem = RAWTHREAD_SEM_INIT(5);
constinit rawthread::semaphore cpp_sem(5);
constinit rawthread_latch_t c_latch = RAWTHREAD_LATCH_INIT(3);
constinit rawthread::latch cpp_latch(3);
constinit rawthread_barrier_t c_barrier = RAWTHREAD_BARRIER_INIT(4);
constinit rawthread::barrier<> cpp_barrier(4);

// The POSIX-style spellings are the same initializers.
constinit rawthread_mutex_t c_mutex_posix = RAWTHREAD_MUTEX_INITIALIZER;
constinit rawthread_rwlock_t c_rwlock_posix = RAWTHREAD_RWLOCK_INITIALIZER;
constinit rawthread_cond_t c_cond_posix = RAWTHREAD_COND_INITIALIZER;
constinit rawthread_once_t c_once_posix = RAWTHREAD_ONCE_INITIALIZER;
constinit rawthread_sem_t c_sem_posix = RAWTHREAD_SEM_INITIALIZER(5);
constinit rawthread_latch_t c_latch_posix = RAWTHREAD_LATCH_INITIALIZER(3);
constinit rawthread_barrier_t c_barrier_posix = RAWTHREAD_BARRIER_INITIALIZER(4);

template <class C>
bool same_c_bytes(const C& a, const C& b) {
  return std::memcmp(&a, &b, sizeof a) == 0;
}

int doubled(void* arg) { return 2 * *static_cast<int*>(arg); }

}  // namespace

TEST_CASE("C static initializers build the same objects as the C++ constructors") {
  CHECK(same_bytes(c_rwlock, cpp_rwlock));
  CHECK(same_bytes(c_cond, cpp_cond));
  CHECK(same_bytes(c_once, cpp_once));
  CHECK(same_bytes(c_sem, cpp_sem));
  CHECK(same_bytes(c_latch, cpp_latch));
  CHECK(same_bytes(c_barrier, cpp_barrier));
}

TEST_CASE("the _INITIALIZER spellings give the _INIT objects") {
  CHECK(same_c_bytes(c_mutex, c_mutex_posix));
  CHECK(same_c_bytes(c_rwlock, c_rwlock_posix));
  CHECK(same_c_bytes(c_cond, c_cond_posix));
  CHECK(same_c_bytes(c_once, c_once_posix));
  CHECK(same_c_bytes(c_sem, c_sem_posix));
  CHECK(same_c_bytes(c_latch, c_latch_posix));
  CHECK(same_c_bytes(c_barrier, c_barrier_posix));
}

TEST_CASE("the _init functions build the same objects as the static initializers") {
  rawthread_mutex_t mutex;
  std::memset(&mutex, 0xa5, sizeof mutex);
  REQUIRE(rawthread_mutex_init(&mutex) == 0);
  CHECK(same_c_bytes(mutex, c_mutex));
  std::memset(&mutex, 0xa5, sizeof mutex);
  REQUIRE(rawthread_mutex_init_kind(&mutex, RAWTHREAD_MUTEX_NORMAL) == 0);
  CHECK(same_c_bytes(mutex, c_mutex));
  rawthread_rwlock_t rwlock;
  std::memset(&rwlock, 0xa5, sizeof rwlock);
  REQUIRE(rawthread_rwlock_init(&rwlock) == 0);
  CHECK(same_bytes(rwlock, cpp_rwlock));
  rawthread_cond_t cond;
  std::memset(&cond, 0xa5, sizeof cond);
  REQUIRE(rawthread_cond_init(&cond) == 0);
  CHECK(same_bytes(cond, cpp_cond));
  rawthread_sem_t sem;
  std::memset(&sem, 0xa5, sizeof sem);
  REQUIRE(rawthread_sem_init(&sem, 5) == 0);
  CHECK(same_bytes(sem, cpp_sem));
  rawthread_barrier_t barrier;
  std::memset(&barrier, 0xa5, sizeof barrier);
  REQUIRE(rawthread_barrier_init(&barrier, 4) == 0);
  CHECK(same_bytes(barrier, cpp_barrier));
  rawthread_latch_t latch;
  REQUIRE(rawthread_latch_init(&latch, 3) == 0);
  CHECK(same_bytes(latch, cpp_latch));
}

TEST_CASE("the C API works from C++") {
  int input = 21;
  rawthread_t t = nullptr;
  REQUIRE(rawthread_create(&t, nullptr, doubled, &input) == 0);
  int result = 0;
  REQUIRE(rawthread_join(t, &result) == 0);
  CHECK(result == 42);
}
