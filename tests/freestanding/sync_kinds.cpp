// SPDX-License-Identifier: MIT
// The mutex kinds, shared_mutex and process-shared robust mutexes in a -nostdlib program, where
// a thread's tid comes from its control block rather than a system call.
#include <atomic>
#include <new>

#include <rawthread/errno.hpp>
#include <rawthread/start.hpp>
#include <rawthread/sync.hpp>
#include <rawthread/syscall.hpp>
#include <rawthread/thread.hpp>

#include "check.hpp"

namespace {

constinit rawthread::recursive_mutex nested;
constinit rawthread::checked_mutex checked;
constinit rawthread::shared_mutex table_lock;
long table_a = 0, table_b = 0;  // guarded by table_lock

bool emulated() {
  const char* v = rawthread::getenv("RAWTHREAD_EMULATED");
  return v != nullptr && v[0] == '1';
}

int code_of(const rawthread::result<void>& r) { return r ? 0 : r.error(); }

template <class Body>
bool run_in_thread(Body body) {
  auto t = rawthread::spawn(body);
  return t.has_value() && t->join().has_value();
}

// Shared with the child process of the robust test (clone without CLONE_VM: a copy of this
// program, which sees this page and nothing else of ours).
struct robust_page {
  rawthread::robust_mutex lock{rawthread::futex_scope::shared};
  std::atomic<int> ready{0};
};
robust_page* page = nullptr;

int hold_and_hang(void*) {
  if (!page->lock.lock()) return 1;
  page->ready.store(1);
  (void)rawthread::futex_wake(page->ready, 1, rawthread::futex_scope::shared);
  for (;;) rawthread::this_thread::sleep_for(rawthread::seconds(1000));
}

// A child process's id is its own, not the parent thread's it was copied from.
int report_own_id(void*) {
  return rawthread::this_thread::id() == rawthread::sys::gettid() ? 0 : 1;
}

}  // namespace

int main() {
  const int status = test::status_of_child(report_own_id);
  CHECK(!rawthread::sys::signaled(status) && (status >> 8) == 0);
  // Recursive: 1,000 levels; another thread cannot take it until the last unlock.
  for (int i = 0; i < 1000; ++i) nested.lock();
  bool other_got = true;
  CHECK(run_in_thread([&] { other_got = nested.try_lock(); }));
  CHECK(!other_got);
  for (int i = 0; i < 1000; ++i) nested.unlock();
  CHECK(run_in_thread([&] {
    other_got = nested.try_lock();
    if (other_got) nested.unlock();
  }));
  CHECK(other_got);

  // Error-checking: EDEADLK, EPERM from a thread that does not hold it, ETIMEDOUT.
  CHECK(checked.lock());
  CHECK(code_of(checked.lock()) == rawthread::errc::edeadlk);
  int other_unlock = -1, other_timed = -1;
  CHECK(run_in_thread([&] {
    other_unlock = code_of(checked.unlock());
    other_timed = code_of(checked.try_lock_for(rawthread::milliseconds(5)));
  }));
  CHECK(other_unlock == rawthread::errc::eperm);
  CHECK(other_timed == rawthread::errc::etimedout);
  CHECK(checked.unlock());

  // shared_mutex: two writers and two readers; readers never see a torn pair.
  const int rounds = emulated() ? 2000 : 50000;
  std::atomic<int> torn{0};
  rawthread::thread crew[4];
  for (int i = 0; i < 4; ++i) {
    auto t = rawthread::spawn([i, rounds, &torn] {
      for (int r = 0; r < rounds; ++r) {
        if (i < 2) {
          rawthread::lock_guard g(table_lock);
          ++table_a;
          ++table_b;
        } else {
          rawthread::shared_lock l(table_lock);
          if (table_a != table_b) torn.fetch_add(1);
        }
      }
    });
    if (!CHECK(t.has_value())) return test::verdict();
    crew[i] = static_cast<rawthread::thread&&>(*t);
  }
  for (auto& t : crew) CHECK(t.join().has_value());
  CHECK(torn.load() == 0);
  CHECK(table_a == 2L * rounds);

  // Robust, process-shared: the owner process is killed holding it. qemu-user keeps no robust
  // lists, so there only the error-checking half can be seen.
  auto mem = rawthread::sys::mmap(nullptr, sizeof(robust_page),
                                  rawthread::sys::prot_read | rawthread::sys::prot_write,
                                  rawthread::sys::map_shared | rawthread::sys::map_anonymous);
  if (!CHECK(mem.has_value())) return test::verdict();
  page = ::new (*mem) robust_page();
  if (!emulated()) {
    alignas(16) static char child_stack[64 * 1024];
    auto pid = rawthread::sys::clone(rawthread::sys::sigchld, child_stack + sizeof child_stack,
                                     hold_and_hang, nullptr);
    if (!CHECK(pid.has_value())) return test::verdict();
    while (page->ready.load() == 0)
      (void)rawthread::futex_wait(page->ready, 0, rawthread::futex_scope::shared);
    CHECK(rawthread::sys::kill(*pid, rawthread::sys::sigkill).has_value());
    int status = 0;
    CHECK(rawthread::sys::wait4(*pid, &status, 0).has_value());
    CHECK(rawthread::sys::signaled(status) &&
          rawthread::sys::term_signal(status) == rawthread::sys::sigkill);
    CHECK(code_of(page->lock.lock()) == rawthread::errc::eownerdead);
    CHECK(page->lock.make_consistent());
    CHECK(page->lock.unlock());
  }
  CHECK(page->lock.lock());
  CHECK(code_of(page->lock.lock()) == rawthread::errc::edeadlk);
  CHECK(page->lock.unlock());
  CHECK(code_of(page->lock.unlock()) == rawthread::errc::eperm);
  (void)rawthread::sys::munmap(*mem, sizeof(robust_page));
  return test::verdict();
}
