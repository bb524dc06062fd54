// SPDX-License-Identifier: MIT
// Process-shared objects in MAP_SHARED memory used by a forked child and its parent, and robust
// mutexes whose owner (a process killed with SIGKILL, or a thread) dies holding them.
#include <doctest.h>

#include <atomic>
#include <csignal>
#include <new>
#include <sys/mman.h>
#include <sys/syscall.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rawthread/errno.hpp>
#include <rawthread/sync.hpp>
#include <rawthread/thread.hpp>

#include "crew.hpp"
#include "support.hpp"

using namespace rawthread;

namespace {

// One shared anonymous page holding a T, unmapped at scope end.
template <class T>
class shared_page {
 public:
  template <class... Args>
  explicit shared_page(Args&&... args) {
    void* p = mmap(nullptr, sizeof(T), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS, -1, 0);
    REQUIRE(p != MAP_FAILED);
    object_ = ::new (p) T(static_cast<Args&&>(args)...);
  }
  ~shared_page() { munmap(object_, sizeof(T)); }
  T* operator->() { return object_; }
  T& operator*() { return *object_; }

 private:
  T* object_;
};

// Forks a child running body() (its return value is the exit status) and returns the pid.
template <class Body>
pid_t fork_child(Body body) {
  pid_t pid = test::fork_alone();
  if (pid == 0) _exit(body());
  REQUIRE(pid > 0);
  return pid;
}

// The child's exit status, or -1 if it did not exit normally.
int exit_status(pid_t pid) {
  int status = 0;
  if (waitpid(pid, &status, 0) != pid || !WIFEXITED(status)) return -1;
  return WEXITSTATUS(status);
}

int code_of(const result<void>& r) { return r ? 0 : r.error(); }

// Whether the kernel keeps robust lists for us: qemu-user refuses set_robust_list (ENOSYS).
bool robust_lists_work() {
  void* head = nullptr;
  size_t size = 0;
  return syscall(SYS_get_robust_list, 0, &head, &size) == 0;
}

struct counted {
  mutex lock{futex_scope::shared};
  long count = 0;
};

}  // namespace

TEST_CASE("a shared mutex keeps two processes' increments exact") {
  const int per_process = test::scaled(100000);
  shared_page<counted> page;
  auto work = [&] {
    for (int i = 0; i < per_process; ++i) {
      lock_guard g(page->lock);
      ++page->count;
    }
  };
  pid_t child = fork_child([&] {
    work();
    return 0;
  });
  work();
  CHECK(exit_status(child) == 0);
  CHECK(page->count == 2L * per_process);
}

namespace {
struct mailbox {
  mutex lock{futex_scope::shared};
  condition_variable changed{futex_scope::shared};
  int value = 0;  // the parent writes odd numbers, the child answers with the next even one
};
}  // namespace

TEST_CASE("a shared condition variable carries a ping-pong between two processes") {
  const int rounds = test::scaled(2000);
  shared_page<mailbox> box;
  pid_t child = fork_child([&] {
    for (int r = 0; r < rounds; ++r) {
      unique_lock l(box->lock);
      box->changed.wait(l, [&] { return box->value % 2 == 1; });
      ++box->value;
      box->changed.notify_all();
    }
    return 0;
  });
  for (int r = 0; r < rounds; ++r) {
    unique_lock l(box->lock);
    box->changed.wait(l, [&] { return box->value % 2 == 0; });
    ++box->value;
    box->changed.notify_one();
  }
  {
    unique_lock l(box->lock);
    CHECK(box->changed.wait_for(l, seconds(20), [&] { return box->value == 2 * rounds; }));
  }
  CHECK(exit_status(child) == 0);
}

namespace {
struct semaphores {
  semaphore items{0, futex_scope::shared};
  semaphore done{0, futex_scope::shared};
  std::atomic<long> sum{0};
};
struct phases {
  barrier<> both{2, futex_scope::shared};
  std::atomic<int> arrivals[2] = {0, 0};
};
struct rw_pair {
  shared_mutex lock{futex_scope::shared};
  long a = 0;
  long b = 0;
};
}  // namespace

TEST_CASE("a shared semaphore hands units from one process to another") {
  const int items = test::scaled(5000);
  shared_page<semaphores> s;
  pid_t child = fork_child([&] {
    for (int i = 1; i <= items; ++i) {
      s->items.acquire();
      s->sum.fetch_add(i);
    }
    return s->done.release().has_value() ? 0 : 1;
  });
  for (int i = 0; i < items; ++i) REQUIRE(s->items.release());
  CHECK(s->done.try_acquire_for(seconds(20)));
  CHECK(exit_status(child) == 0);
  CHECK(s->sum.load() == static_cast<long>(items) * (items + 1) / 2);
  CHECK(s->items.available() == 0);
}

TEST_CASE("a shared barrier keeps two processes in step") {
  const int rounds = test::scaled(2000);
  shared_page<phases> p;
  auto run = [&](int me) {
    int out_of_step = 0;
    for (int r = 0; r < rounds; ++r) {
      p->arrivals[me].fetch_add(1);
      (void)p->both.arrive_and_wait();
      // Both have arrived r + 1 times by now, and the other cannot be past r + 2.
      int other = p->arrivals[1 - me].load();
      if (other < r + 1 || other > r + 2) ++out_of_step;
    }
    return out_of_step;
  };
  pid_t child = fork_child([&] { return run(1) == 0 ? 0 : 1; });
  CHECK(run(0) == 0);
  CHECK(exit_status(child) == 0);
}

TEST_CASE("a shared rwlock: two processes write, readers never see a torn pair") {
  const int rounds = test::scaled(20000);
  shared_page<rw_pair> p;
  auto run = [&] {
    int torn = 0;
    for (int r = 0; r < rounds; ++r) {
      if (r % 4 == 0) {
        lock_guard g(p->lock);
        ++p->a;
        ++p->b;
      } else {
        shared_lock l(p->lock);
        if (p->a != p->b) ++torn;
      }
    }
    return torn;
  };
  pid_t child = fork_child([&] { return run() == 0 ? 0 : 1; });
  CHECK(run() == 0);
  CHECK(exit_status(child) == 0);
  CHECK(p->a == 2L * ((rounds + 3) / 4));
}

namespace {
struct robust_page {
  robust_mutex lock{futex_scope::shared};
  robust_mutex second{futex_scope::shared};
  std::atomic<int> owner_ready{0};
  int protected_value = 0;
};

// Forks a child that takes the page's locks (both when `both`), reports ready and sleeps until
// it is killed; kills it with SIGKILL and checks it died of that.
void kill_child_holding(robust_page& page, bool both) {
  pid_t child = fork_child([&] {
    if (!page.lock.lock()) return 1;
    if (both && !page.second.lock()) return 1;
    page.protected_value = 42;
    page.owner_ready.store(1);
    (void)futex_wake(page.owner_ready, 1, futex_scope::shared);
    for (;;) pause();
  });
  while (page.owner_ready.load() == 0) (void)futex_wait(page.owner_ready, 0, futex_scope::shared);
  REQUIRE(kill(child, SIGKILL) == 0);
  int status = 0;
  REQUIRE(waitpid(child, &status, 0) == child);
  REQUIRE(WIFSIGNALED(status));
  CHECK(WTERMSIG(status) == SIGKILL);
}
}  // namespace

TEST_CASE("robust mutex: the owner process is killed, the next locker gets EOWNERDEAD") {
  if (!robust_lists_work()) {
    MESSAGE("the kernel (or qemu-user) keeps no robust lists: owner death goes unnoticed");
    return;
  }
  shared_page<robust_page> page;
  kill_child_holding(*page, true);
  // Taken from the dead owner, with what it left behind.
  CHECK(code_of(page->lock.lock()) == errc::eownerdead);
  CHECK(page->protected_value == 42);
  CHECK(code_of(page->second.try_lock()) == errc::eownerdead);
  CHECK(page->second.make_consistent());
  CHECK(page->second.unlock());
  CHECK(page->lock.make_consistent());
  CHECK(code_of(page->lock.make_consistent()) == errc::einval);  // consistent already
  CHECK(page->lock.unlock());
  CHECK(page->lock.lock());  // an ordinary mutex again
  CHECK(page->lock.unlock());
  CHECK(page->second.lock());
  CHECK(page->second.unlock());
}

TEST_CASE("robust mutex unlocked without make_consistent becomes ENOTRECOVERABLE") {
  if (!robust_lists_work()) {
    MESSAGE("the kernel (or qemu-user) keeps no robust lists: owner death goes unnoticed");
    return;
  }
  shared_page<robust_page> page;
  kill_child_holding(*page, false);
  CHECK(code_of(page->lock.lock()) == errc::eownerdead);
  CHECK(page->lock.unlock());
  CHECK(code_of(page->lock.lock()) == errc::enotrecoverable);
  CHECK(code_of(page->lock.try_lock()) == errc::enotrecoverable);
  CHECK(code_of(page->lock.try_lock_for(milliseconds(1))) == errc::enotrecoverable);
  CHECK(code_of(page->lock.unlock()) == errc::eperm);
}

TEST_CASE("robust mutex: a thread that ends holding it hands EOWNERDEAD to the next locker") {
  if (!robust_lists_work()) {
    MESSAGE("the kernel (or qemu-user) keeps no robust lists: owner death goes unnoticed");
    return;
  }
  robust_mutex m(futex_scope::this_process);
  std::atomic<int> took{-1};
  auto t = spawn([&] { took.store(code_of(m.lock())); });
  REQUIRE(t.has_value());
  REQUIRE(t->join().has_value());
  CHECK(took.load() == 0);
  CHECK(code_of(m.lock()) == errc::eownerdead);
  CHECK(m.make_consistent());
  CHECK(m.unlock());
}

TEST_CASE("robust mutex errors: EDEADLK, EPERM, EINVAL; recursive when asked; libc's list kept") {
  void* libc_head = nullptr;
  size_t libc_size = 0;
  const bool lists = robust_lists_work();
  if (lists) REQUIRE(syscall(SYS_get_robust_list, 0, &libc_head, &libc_size) == 0);

  robust_mutex m(futex_scope::shared);
  CHECK(code_of(m.make_consistent()) == errc::einval);  // not held
  REQUIRE(m.lock());
  CHECK(code_of(m.lock()) == errc::edeadlk);
  CHECK(code_of(m.try_lock()) == errc::ebusy);
  CHECK(code_of(m.make_consistent()) == errc::einval);  // held, but consistent
  std::atomic<int> other{-1};
  auto t = spawn([&] { other.store(code_of(m.unlock())); });
  REQUIRE(t.has_value());
  REQUIRE(t->join().has_value());
  CHECK(other.load() == errc::eperm);
  if (lists) {
    void* head = nullptr;
    size_t size = 0;
    REQUIRE(syscall(SYS_get_robust_list, 0, &head, &size) == 0);
    CHECK(head != libc_head);  // rawthread's list is registered while it holds one
  }
  CHECK(m.unlock());
  if (lists) {
    void* head = nullptr;
    size_t size = 0;
    REQUIRE(syscall(SYS_get_robust_list, 0, &head, &size) == 0);
    CHECK(head == libc_head);  // and libc's is back once it holds none
  }

  robust_mutex nested(futex_scope::this_process, true);
  for (int i = 0; i < 1000; ++i) REQUIRE(nested.lock());
  for (int i = 0; i < 1000; ++i) REQUIRE(nested.unlock());
  CHECK(code_of(nested.unlock()) == errc::eperm);
}

TEST_CASE("robust mutexes held by 64 threads at once use every list head: the next gets EAGAIN") {
  constexpr int holders = 64;
  struct private_robust {
    robust_mutex m{futex_scope::this_process};
  };
  static private_robust locks[holders + 1];
  latch all_hold(holders);
  latch let_go(1);
  std::atomic<int> failures{0};
  rawthread::thread threads[holders];
  for (int i = 0; i < holders; ++i) {
    auto t = spawn([&, i] {
      // A slot left by a thread of an earlier test that died holding one is taken back here.
      if (!locks[i].m.lock()) failures.fetch_add(1);
      (void)all_hold.count_down();
      let_go.wait();
      if (!locks[i].m.unlock()) failures.fetch_add(1);
    });
    REQUIRE(t.has_value());
    threads[i] = std::move(*t);
  }
  all_hold.wait();
  CHECK(code_of(locks[holders].m.lock()) == errc::eagain);
  CHECK(code_of(locks[holders].m.try_lock()) == errc::eagain);
  REQUIRE(let_go.count_down());
  for (auto& t : threads) REQUIRE(t.join().has_value());
  CHECK(failures.load() == 0);
  CHECK(locks[holders].m.lock());  // the heads came back with the last unlocks
  CHECK(locks[holders].m.unlock());
}

TEST_CASE("robust mutex: a thread asleep on it wakes with EOWNERDEAD when the owner thread ends") {
  if (!robust_lists_work()) {
    MESSAGE("the kernel (or qemu-user) keeps no robust lists: owner death goes unnoticed");
    return;
  }
  robust_mutex m(futex_scope::this_process);
  latch owner_holds(1);
  latch owner_may_end(1);
  std::atomic<int> waiter_got{-1};
  auto owner = spawn([&] {
    if (m.lock()) (void)owner_holds.count_down();
    owner_may_end.wait();
  });
  REQUIRE(owner.has_value());
  owner_holds.wait();
  test::crew waiter(1, [&](int) {
    const int code = code_of(m.lock());
    if (code == errc::eownerdead) (void)m.make_consistent();
    if (code == 0 || code == errc::eownerdead) (void)m.unlock();
    waiter_got.store(code);
  });
  REQUIRE(waiter.await_all_blocked());  // asleep on the mutex's word
  REQUIRE(owner_may_end.count_down());
  REQUIRE(owner->join().has_value());
  REQUIRE(waiter.join());
  CHECK(waiter_got.load() == errc::eownerdead);
}
