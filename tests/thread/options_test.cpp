// SPDX-License-Identifier: MIT
// thread_options: detached, caller-supplied stacks, scheduling; names after creation. Every bad
// option is refused with nothing left behind: no mapping, no thread, the callable as it was.
#include <doctest.h>

#include <atomic>
#include <cstdint>
#include <cstdio>
#include <cstring>
#include <string_view>
#include <sys/mman.h>
#include <sys/prctl.h>
#include <sys/resource.h>
#include <sys/wait.h>
#include <unistd.h>
#include <utility>

#include <rawthread/sync.hpp>
#include <rawthread/syscall.hpp>
#include <rawthread/thread.hpp>

#include "mappings.hpp"
#include "move_only.hpp"
#include "support.hpp"

using namespace rawthread;

namespace {

// Memory for a stack of the caller's own: `size` bytes above a PROT_NONE page of its own
// making, unmapped by the destructor.
struct own_stack {
  std::size_t size;
  char* region = nullptr;
  explicit own_stack(std::size_t s) : size(s) {
    void* p = mmap(nullptr, size + 4096, PROT_READ | PROT_WRITE, MAP_PRIVATE | MAP_ANONYMOUS,
                   -1, 0);
    if (p == MAP_FAILED) return;
    region = static_cast<char*>(p);
    if (mprotect(region, 4096, PROT_NONE) != 0) {
      munmap(region, size + 4096);
      region = nullptr;
    }
  }
  ~own_stack() {
    if (region) munmap(region, size + 4096);
  }
  char* memory() const { return region + 4096; }
};

// Waits in a child until the main thread says go.
struct gate {
  std::atomic<int> word{0};
  void wait() {
    while (word.load() == 0) (void)futex_wait(word, 0);
  }
  void open() {
    word.store(1);
    (void)futex_wake(word, 1 << 30);
  }
};

// strcmp's answer without libc, for the children.
bool same(const char* a, const char* b) {
  for (; *a == *b; ++a, ++b)
    if (*a == '\0') return true;
  return false;
}

// The kernel's record of a thread's name, newline stripped; "" when unreadable.
std::string_view comm_of(int tid, char (&buf)[32]) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/self/task/%d/comm", tid);
  FILE* f = std::fopen(path, "r");
  if (f == nullptr) return {};
  std::size_t n = std::fread(buf, 1, sizeof buf - 1, f);
  std::fclose(f);
  if (n > 0 && buf[n - 1] == '\n') --n;
  return {buf, n};
}

}  // namespace

TEST_CASE("a thread started detached runs alone and leaves nothing behind") {
  release_thread_cache();
  const test::mapped_ranges before;
  std::atomic<int> ran{0};
  thread_options opts;
  opts.detached = true;
  for (int i = 0; i < test::scaled(50, 10); ++i) {
    auto t = spawn(
        [&ran] {
          ran.fetch_add(1);
          (void)futex_wake(ran, 1);
        },
        opts);
    REQUIRE(t.has_value());
    CHECK_FALSE(t->joinable());
    CHECK(t->join().error() == errc::einval);
  }
  for (int seen; (seen = ran.load()) < test::scaled(50, 10);) (void)futex_wait(ran, seen);
  CHECK(test::mappings_once_settled(before) == 0);
}

TEST_CASE("a caller-supplied stack carries the thread and stays the caller's, run after run") {
  own_stack stack(64 * 1024);
  REQUIRE(stack.region != nullptr);
  release_thread_cache();
  const test::mapped_ranges mappings;
  thread_options opts;
  opts.stack_memory = stack.memory();
  opts.stack_memory_size = stack.size;
  const auto low = reinterpret_cast<std::uintptr_t>(stack.memory());
  const auto high = low + stack.size;
  const int rounds = test::scaled(1000);
  int on_the_stack = 0;
  for (int i = 0; i < rounds; ++i) {
    std::uintptr_t frame = 0;
    int squares = 0;
    auto t = spawn(
        [&frame, &squares, i] {
          frame = reinterpret_cast<std::uintptr_t>(__builtin_frame_address(0));
          volatile int local[256];  // some real stack use
          for (int k = 0; k < 256; ++k) local[k] = k * i;
          squares = local[255] + i;
          return i;
        },
        opts);
    REQUIRE(t.has_value());
    auto code = t->join();
    REQUIRE(code.has_value());
    CHECK(*code == i);
    CHECK(squares == 255 * i + i);
    if (frame >= low && frame < high) ++on_the_stack;
    // The caller's again: scribble over all of it between runs.
    std::memset(stack.memory(), 0xa5, stack.size);
  }
  CHECK(on_the_stack == rounds);
  CHECK(get_thread_cache_usage().mappings == 0);
  CHECK(test::new_mappings(mappings) == 0);
}

TEST_CASE("a thread on a caller-supplied stack cannot be detached and stays joinable") {
  own_stack stack(32 * 1024);
  REQUIRE(stack.region != nullptr);
  thread_options opts;
  opts.stack_memory = stack.memory();
  opts.stack_memory_size = stack.size;
  gate go;
  auto t = spawn([&go] { go.wait(); return 5; }, opts);
  REQUIRE(t.has_value());
  CHECK(t->detach().error() == errc::einval);
  CHECK(t->joinable());
  go.open();
  auto code = t->join();
  REQUIRE(code.has_value());
  CHECK(*code == 5);
}

TEST_CASE("bad caller-supplied stacks are EINVAL with the callable untouched") {
  own_stack stack(64 * 1024);
  REQUIRE(stack.region != nullptr);
  release_thread_cache();
  const test::mapped_ranges mappings;
  const int tasks = test::count_tasks();
  thread_options cases[7];
  for (auto& o : cases) {
    o.stack_memory = stack.memory();
    o.stack_memory_size = stack.size;
  }
  cases[0].stack_memory = stack.memory() + 8;  // misaligned
  cases[0].stack_memory_size -= 16;
  cases[1].stack_memory_size -= 8;  // a size not a multiple of 16
  cases[2].stack_memory_size = thread_options::min_stack_size - 16;  // below the minimum
  cases[3].stack_memory = nullptr;  // a size without memory
  cases[4].stack_memory_size = 0;   // memory without a size
  cases[5].signal_stack_size = 8192;
  cases[6].detached = true;
  test::token_owner owner(42);
  for (const thread_options& opts : cases)
    CHECK(test::refusal_of(owner, errc::einval, opts) == test::refused);
  CHECK(owner.token == 42);
  CHECK(test::new_mappings(mappings) == 0);
  CHECK(test::tasks_once_settled(tasks) <= tasks);
  // The smallest memory that works is min_stack_size, as PTHREAD_STACK_MIN is for pthreads; the
  // thread has at least min_caller_stack_left of it as stack, and can use it.
  thread_options fits;
  fits.stack_memory = stack.memory();
  fits.stack_memory_size = thread_options::min_stack_size;
  std::atomic<std::size_t> stack_size{0};
  auto t = spawn(
      [owned = std::move(owner), &stack_size]() mutable {
        auto bounds = this_thread::stack_bounds();
        if (bounds)
          stack_size.store(static_cast<std::size_t>(static_cast<char*>(bounds->high) -
                                                    static_cast<char*>(bounds->low)));
        volatile char used[6 * 1024];
        for (std::size_t i = 0; i < sizeof used; i += 512) used[i] = 1;
        return owned.token;
      },
      fits);
  REQUIRE(t.has_value());
  CHECK(owner.token == -1);
  CHECK(*t->join() == 42);
  CHECK(stack_size.load() >= thread_options::min_caller_stack_left);
  CHECK(stack_size.load() < thread_options::min_stack_size);
}

namespace {

struct seen_scheduling {
  std::atomic<int> policy{-1}, priority{-1}, nice{-100};
};

// What the thread finds as its very first act.
void record_scheduling(seen_scheduling& seen) {
  seen.policy.store(sys::sched_getscheduler(0).value_or(-2));
  seen.priority.store(sys::sched_getpriority(0).value_or(-2));
  seen.nice.store(sys::getpriority(0).value_or(-99));
}

}  // namespace

TEST_CASE("a thread's policy, priority and nice value are in force when its entry starts") {
  struct expectation {
    thread_scheduling asked;
    int policy, priority, nice;
  };
  const int creator_nice = sys::getpriority(0).value_or(0);
  const expectation cases[] = {
      {{sched_policy::batch, 0, 7}, sys::sched_batch, 0, 7},
      {{sched_policy::idle, 0, 2}, sys::sched_idle, 0, 2},
      {{sched_policy::other, 0, 3}, sys::sched_other, 0, 3},
      {{sched_policy::fifo, 1, 0}, sys::sched_fifo, 1, creator_nice},
      {{sched_policy::rr, 2, 0}, sys::sched_rr, 2, creator_nice},
  };
  for (const expectation& e : cases) {
    CAPTURE(e.policy);
    seen_scheduling seen;
    thread_options opts;
    opts.scheduling = e.asked;
    auto t = spawn([&seen] { record_scheduling(seen); }, opts);
    REQUIRE(t.has_value());
    REQUIRE(t->join().has_value());
    CHECK(seen.policy.load() == e.policy);
    CHECK(seen.priority.load() == e.priority);
    CHECK(seen.nice.load() == e.nice);
  }
  // The creator's own scheduling is untouched.
  CHECK(sys::sched_getscheduler(0).value_or(-1) == sys::sched_other);
  CHECK(sys::getpriority(0).value_or(-99) == creator_nice);
}

TEST_CASE("scheduling values no thread can have are EINVAL before anything is made") {
  release_thread_cache();
  const test::mapped_ranges mappings;
  const int tasks = test::count_tasks();
  const thread_scheduling bad[] = {
      {sched_policy::fifo, 0, 0},    {sched_policy::fifo, 100, 0},
      {sched_policy::rr, -1, 0},     {sched_policy::other, 0, 20},
      {sched_policy::batch, 0, -21}, {sched_policy::other, 1, 0},
      {sched_policy::idle, 5, 0},    {static_cast<sched_policy>(9), 0, 0},
  };
  test::token_owner owner(7);
  for (const thread_scheduling& s : bad) {
    thread_options opts;
    opts.scheduling = s;
    CHECK(test::refusal_of(owner, errc::einval, opts) == test::refused);
  }
  CHECK(owner.token == 7);
  CHECK(test::new_mappings(mappings) == 0);
  CHECK(test::tasks_once_settled(tasks) <= tasks);
}

namespace {

constexpr uid_t unprivileged_uid = 65534;  // "nobody"

// In a forked child, as an unprivileged user with RLIMIT_RTPRIO and RLIMIT_NICE at 0 (so no
// real-time policy and no nice value below the current one): the kernel refuses both, and each
// refusal leaves no mapping, no thread and the callable as it was. Exit codes: 0 passed, 40+n a
// failed step.
void refused_scheduling() {
  const rlimit none{0, 0};
  if (setrlimit(RLIMIT_RTPRIO, &none) != 0 || setrlimit(RLIMIT_NICE, &none) != 0) _exit(40);
  if (setresgid(unprivileged_uid, unprivileged_uid, unprivileged_uid) != 0) _exit(41);
  if (setresuid(unprivileged_uid, unprivileged_uid, unprivileged_uid) != 0) _exit(42);
  // Changing credentials made the process undumpable, which gives /proc/self/* to root: the
  // leak checks below (and a sanitizer's runtime) read /proc/self/maps.
  if (prctl(PR_SET_DUMPABLE, 1) != 0) _exit(39);
  release_thread_cache();
  const int nice_now = sys::getpriority(0).value_or(0);
  const thread_scheduling refused[] = {
      {sched_policy::fifo, 1, 0},
      {sched_policy::rr, 50, 0},
      {sched_policy::other, 0, nice_now - 5},
  };
  test::token_owner owner(9);
  // Exit codes 43 to 45: the refusal's kind (move_only.hpp), in its order there.
  auto refuse_each = [&] {
    for (const thread_scheduling& s : refused) {
      thread_options opts;
      opts.scheduling = s;
      const test::refusal r = test::refusal_of(owner, errc::eperm, opts);
      if (r != test::refused) _exit(42 + r.what);
    }
    if (owner.token != 9) _exit(45);
  };
  // Once before counting: a sanitizer's runtime maps memory of its own the first time round.
  refuse_each();
  const test::mapped_ranges mappings;
  const int tasks = test::count_tasks();
  refuse_each();
  if (get_thread_cache_usage().mappings != 0) _exit(46);
  if (test::mappings_once_settled(mappings) != 0) _exit(47);
  if (test::tasks_once_settled(tasks) > tasks) _exit(48);
  // What an unprivileged thread may have still works, with the same callable.
  thread_options allowed;
  allowed.scheduling = {sched_policy::batch, 0, nice_now + 1};
  auto t = spawn(std::move(owner), allowed);
  if (!t) _exit(49);
  auto code = t->join();
  _exit(code && *code == 9 ? 0 : 50);
}

}  // namespace

TEST_CASE("a policy the kernel refuses is EPERM and leaves nothing behind") {
  const int status = test::wait_status_of_child(refused_scheduling);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}

TEST_CASE("threads are renamed after creation, by others and by themselves") {
  gate go;
  gate renamed;
  gate finish;
  std::atomic<int> own_name_ok{0};
  auto t = spawn([&] {
    go.wait();
    if (this_thread::set_name("by-itself") &&
        same(this_thread::name().c_str(), "by-itself"))
      own_name_ok.store(1);
    if (!this_thread::set_name("sixteen-chars-xx") &&
        same(this_thread::name().c_str(), "by-itself"))
      own_name_ok.fetch_add(1);
    renamed.open();
    finish.wait();
  });
  REQUIRE(t.has_value());
  char buf[32];
  REQUIRE(t->set_name("renamed").has_value());
  CHECK(comm_of(t->id(), buf) == "renamed");
  auto name = t->name();
  REQUIRE(name.has_value());
  CHECK(std::string_view(name->c_str()) == "renamed");
  CHECK(t->set_name("sixteen-chars-xx").error() == errc::einval);
  CHECK(t->set_name(nullptr).error() == errc::einval);
  CHECK(comm_of(t->id(), buf) == "renamed");
  go.open();
  renamed.wait();
  CHECK(own_name_ok.load() == 2);
  CHECK(comm_of(t->id(), buf) == "by-itself");
  CHECK(std::string_view(t->name()->c_str()) == "by-itself");
  finish.open();
  REQUIRE(t->join().has_value());
  CHECK(t->set_name("late").error() == errc::einval);
  CHECK(t->name().error() == errc::einval);
}

TEST_CASE("an ended thread not yet joined cannot be renamed: ESRCH") {
  auto t = spawn([] {});
  REQUIRE(t.has_value());
  while (t->signal(0)) this_thread::sleep_for(milliseconds(1));
  CHECK(t->set_name("too-late").error() == errc::esrch);
  CHECK(t->name().error() == errc::esrch);
  CHECK(t->join().has_value());
}
