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
constinit rawthread::mutex cpp_mutex;
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

int doubled(void* arg) { return 2 * *static_cast<int*>(arg); }

}  // namespace

TEST_CASE("C static initializers build the same objects as the C++ constructors") {
  CHECK(same_bytes(c_mutex, cpp_mutex));
  CHECK(same_bytes(c_cond, cpp_cond));
  CHECK(same_bytes(c_once, cpp_once));
  CHECK(same_bytes(c_sem, cpp_sem));
  CHECK(same_bytes(c_latch, cpp_latch));
  CHECK(same_bytes(c_barrier, cpp_barrier));
}

TEST_CASE("the _init functions build the same objects as the static initializers") {
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
