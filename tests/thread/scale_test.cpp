// SPDX-License-Identifier: MIT
// Many threads at once, and running out of them: EAGAIN under RLIMIT_NPROC with nothing leaked.
#include <doctest.h>

#include <atomic>
#include <sys/resource.h>
#include <unistd.h>

#include <rawthread/sync.hpp>
#include <rawthread/thread.hpp>

#include "support.hpp"

using namespace rawthread;

TEST_CASE("10,000 threads run at once") {
  // Under qemu-user every guest thread is a host thread with its own emulator state: keep the
  // count modest there.
  const int n = test::scaled(10000, 20);
  thread_options opts;
  opts.stack_size = thread_options::min_stack_size;
  static thread threads[10000];
  std::atomic<int> started{0};
  std::atomic<int> go{0};
  for (int i = 0; i < n; ++i) {
    auto t = spawn(
        [&, i] {
          started.fetch_add(1);
          while (go.load() == 0) (void)futex_wait(go, 0);
          return i % 3;
        },
        opts);
    REQUIRE(t.has_value());
    threads[i] = std::move(*t);
  }
  while (started.load() < n) this_thread::yield();
  go.store(1);
  (void)futex_wake(go, n);
  long sum = 0;
  for (int i = 0; i < n; ++i) sum += *threads[i].join();
  long expected = 0;
  for (int i = 0; i < n; ++i) expected += i % 3;
  CHECK(sum == expected);
}

namespace {

constexpr int nproc_limit = 8;
constexpr uid_t unprivileged_uid = 65534;  // "nobody"

// In a forked child: lower RLIMIT_NPROC, become an unprivileged user (root and holders of
// CAP_SYS_RESOURCE or CAP_SYS_ADMIN are exempt from the limit), then spawn until the kernel
// refuses. Exit codes: 0 passed, 10+n a failed step.
void spawn_until_refused() {
  rlimit limit{nproc_limit, nproc_limit};
  if (setrlimit(RLIMIT_NPROC, &limit) != 0) _exit(10);
  if (setresgid(unprivileged_uid, unprivileged_uid, unprivileged_uid) != 0) _exit(11);
  if (setresuid(unprivileged_uid, unprivileged_uid, unprivileged_uid) != 0) _exit(12);
  release_thread_cache();
  const test::mapped_ranges before;
  std::atomic<int> go{0};
  thread threads[nproc_limit + 1];
  int made = 0;
  int error = 0;
  for (; made <= nproc_limit; ++made) {
    auto t = spawn([&] {
      while (go.load() == 0) (void)futex_wait(go, 0);
    });
    if (!t) {
      error = t.error();
      break;
    }
    threads[made] = std::move(*t);
  }
  // The refused spawn must have given its mapping back already, before anything is joined.
  const int accessible_at_refusal = test::new_accessible_mappings(before);
  go.store(1);
  (void)futex_wake(go, nproc_limit + 1);
  for (int i = 0; i < made; ++i)
    if (!threads[i].join()) _exit(13);
  if (error != errc::eagain) _exit(14);
  if (made >= nproc_limit) _exit(15);  // the limit counts this process too
  release_thread_cache();
  // One stack per live thread and none more; guards are PROT_NONE, which is not counted here
  // (see support.hpp), but one left behind would show in the final count.
  if (accessible_at_refusal != made) _exit(16);
  if (test::new_mappings(before) != 0) _exit(17);
  _exit(0);
}

}  // namespace

TEST_CASE("spawn under a lowered RLIMIT_NPROC fails with EAGAIN and leaks nothing") {
  int status = test::wait_status_of_child(spawn_until_refused);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}
