// SPDX-License-Identifier: MIT
// thread_key: values per thread in hosted children (where thread_local is shared with the
// creator), in the main thread and in caller-supplied stacks; destructors in order and in rounds.
#include <doctest.h>

#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <cstdint>
#include <utility>

#include <rawthread/sync.hpp>
#include <rawthread/thread.hpp>

#include "move_only.hpp"
#include "support.hpp"

using namespace rawthread;

namespace {

// Destructor calls, in order: each records its value's tag.
std::atomic<int> calls{0};
std::atomic<long> order[32];
void record(void* value) {
  const int n = calls.fetch_add(1);
  if (n < 32) order[n].store(reinterpret_cast<long>(value));
}

thread_key* resetting_key = nullptr;
std::atomic<int> resets_left{0};
// Sets its own key again while resets_left lasts: forces further rounds.
void set_again(void* value) {
  record(value);
  if (resets_left.fetch_sub(1) > 0) (void)resetting_key->set(value);
}

void reset_calls() {
  calls.store(0);
  for (auto& o : order) o.store(0);
}

}  // namespace

TEST_CASE("each thread has its own value, the main thread and hosted children alike") {
  auto key = thread_key::create();
  REQUIRE(key.has_value());
  int main_value = 0;
  CHECK(key->get() == nullptr);
  REQUIRE(key->set(&main_value).has_value());
  constexpr int count = 16;
  int values[count];
  std::atomic<int> own{0};
  thread threads[count];
  for (int i = 0; i < count; ++i) {
    auto t = spawn([&, i] {
      if (key->get() != nullptr) return;  // a fresh thread starts with null
      for (int round = 0; round < 1000; ++round) {
        if (!key->set(&values[i])) return;
        this_thread::yield();
        if (key->get() != &values[i]) return;
      }
      own.fetch_add(1);
    });
    REQUIRE(t.has_value());
    threads[i] = std::move(*t);
  }
  for (auto& t : threads) REQUIRE(t.join().has_value());
  CHECK(own.load() == count);
  CHECK(key->get() == &main_value);
  REQUIRE(key->destroy().has_value());
  CHECK(key->set(&main_value).error() == errc::einval);
}

TEST_CASE("a deleted key's slot comes back empty in every thread") {
  auto first = thread_key::create();
  REQUIRE(first.has_value());
  int v = 0;
  REQUIRE(first->set(&v).has_value());
  const unsigned slot = first->index();
  REQUIRE(first->destroy().has_value());
  CHECK(first->destroy().error() == errc::einval);
  auto second = thread_key::create();
  REQUIRE(second.has_value());
  CHECK(second->index() == slot);
  CHECK(second->get() == nullptr);
  REQUIRE(second->destroy().has_value());
}

TEST_CASE("keys run out at max_keys with EAGAIN") {
  thread_key keys[thread_key::max_keys];
  std::size_t made = 0;
  for (; made < thread_key::max_keys; ++made) {
    auto k = thread_key::create();
    if (!k) break;
    keys[made] = *k;
  }
  CHECK(thread_key::create().error() == errc::eagain);
  CHECK(made >= thread_key::max_keys - 4);  // other tests' keys are destroyed; few if any live
  for (std::size_t i = 0; i < made; ++i) REQUIRE(keys[i].destroy().has_value());
}

TEST_CASE("destructors run in key order as a thread returns or exits, null values skipped") {
  thread_key keys[3];
  for (auto& k : keys) {
    auto made = thread_key::create(record);
    REQUIRE(made.has_value());
    k = *made;
  }
  REQUIRE(keys[0].index() < keys[1].index());
  REQUIRE(keys[1].index() < keys[2].index());
  for (int how = 0; how < 2; ++how) {
    reset_calls();
    thread_options own_stack;  // also on a stack of the caller's
    alignas(16) static char memory[64 * 1024];
    if (how == 1) {
      own_stack.stack_memory = memory;
      own_stack.stack_memory_size = sizeof memory;
    }
    auto t = spawn(
        [&keys, how] {
          (void)keys[2].set(reinterpret_cast<void*>(3));
          (void)keys[0].set(reinterpret_cast<void*>(1));
          (void)keys[1].set(nullptr);
          if (how == 1) this_thread::exit(0);
        },
        own_stack);
    REQUIRE(t.has_value());
    REQUIRE(t->join().has_value());
    CHECK(calls.load() == 2);
    CHECK(order[0].load() == 1);
    CHECK(order[1].load() == 3);
  }
  for (auto& k : keys) REQUIRE(k.destroy().has_value());
}

TEST_CASE("a destructor that sets a value again gets further rounds, at most four") {
  auto key = thread_key::create(set_again);
  REQUIRE(key.has_value());
  resetting_key = &*key;
  for (int resets : {1, 10}) {
    reset_calls();
    resets_left.store(resets);
    auto t = spawn([&key] { (void)key->set(reinterpret_cast<void*>(7)); });
    REQUIRE(t.has_value());
    REQUIRE(t->join().has_value());
    // One round plus one per reset, but never more than destructor_rounds.
    const int expected = resets + 1 < thread_key::destructor_rounds ? resets + 1
                                                                    : thread_key::destructor_rounds;
    CHECK(calls.load() == expected);
  }
  REQUIRE(key->destroy().has_value());
}

TEST_CASE("a reused mapping starts with no values") {
  auto key = thread_key::create();
  REQUIRE(key.has_value());
  std::atomic<int> fresh{0};
  for (int i = 0; i < test::scaled(100); ++i) {
    auto t = spawn([&] {
      if (key->get() == nullptr) fresh.fetch_add(1);
      (void)key->set(&fresh);
    });
    REQUIRE(t.has_value());
    REQUIRE(t->join().has_value());
  }
  CHECK(fresh.load() == test::scaled(100));
  REQUIRE(key->destroy().has_value());
}

TEST_CASE("300 threads alive at once each keep their own value") {
  // The look-up by stack has no limit on live threads (before, the 257th asked the kernel).
  auto key = thread_key::create();
  REQUIRE(key.has_value());
  constexpr int count = 300;
  static int values[count];
  std::atomic<int> arrived{0}, own{0};
  std::atomic<bool> go{false};
  static thread threads[count];
  thread_options small;
  small.stack_size = thread_options::min_stack_size;
  for (int i = 0; i < count; ++i) {
    auto t = spawn(
        [&, i] {
          if (key->get() != nullptr || !key->set(&values[i])) return;
          arrived.fetch_add(1);
          while (!go.load()) this_thread::sleep_for(milliseconds(1));  // all alive at once
          if (key->get() == &values[i]) own.fetch_add(1);
        },
        small);
    REQUIRE(t.has_value());
    threads[i] = std::move(*t);
  }
  while (arrived.load() < count) this_thread::sleep_for(milliseconds(1));
  go.store(true);
  for (auto& t : threads) REQUIRE(t.join().has_value());
  CHECK(own.load() == count);
  REQUIRE(key->destroy().has_value());
}

namespace {

// Caller memory that starts and ends half-way through a page, so that its end pages are shared
// with whatever lies beside it.
alignas(4096) char unaligned_memory[2 * 64 * 1024 + 4096];
constexpr std::size_t half_page = 2048;

std::uintptr_t page_of(const void* p) { return reinterpret_cast<std::uintptr_t>(p) / 4096; }

}  // namespace

TEST_CASE("a thread on a caller's stack that shares its pages finds its own values") {
  auto key = thread_key::create();
  REQUIRE(key.has_value());
  int main_value = 0;
  REQUIRE(key->set(&main_value).has_value());
  for (std::size_t half : {std::size_t{0}, std::size_t{1}}) {
    thread_options opts;
    opts.stack_memory = unaligned_memory + half * 64 * 1024 + half_page;
    opts.stack_memory_size = 64 * 1024;
    char* const end = static_cast<char*>(opts.stack_memory) + opts.stack_memory_size;
    int child_value = 0;
    bool in_shared_page = false, own = false;
    auto t = spawn(
        [&] {
          const char here = 0;
          in_shared_page = page_of(&here) == page_of(end - 1);
          own = key->get() == nullptr && key->set(&child_value) && key->get() == &child_value;
        },
        opts);
    REQUIRE(t.has_value());
    REQUIRE(t->join().has_value());
    CHECK(in_shared_page);  // the case under test: its frames are in the top, shared page
    CHECK(own);
    CHECK(key->get() == &main_value);
  }
  REQUIRE(key->destroy().has_value());
}

namespace {

// In a forked child: a caller-supplied stack in a 4 GiB region no thread has used, so its stack
// map leaf must be made, with the address space full so that it cannot be. Exit codes: 0 passed,
// 10+n a failed step.
void spawn_without_room_for_the_stack_map() {
  auto key = thread_key::create();  // links the registry, and so the stack map, into the check
  if (!key) _exit(10);
  // 2^32 on the 64-bit targets this runs on (the shift keeps 32-bit builds compiling).
  constexpr std::size_t four_gib = std::size_t{1} << (sizeof(std::size_t) * 4);
  void* reserved = mmap(nullptr, 2 * four_gib, PROT_NONE,
                        MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (reserved == MAP_FAILED) _exit(11);
  const auto region = (reinterpret_cast<std::uintptr_t>(reserved) + four_gib - 1) & ~(four_gib - 1);
  char* memory = reinterpret_cast<char*>(region);
  if (mprotect(memory, 64 * 1024, PROT_READ | PROT_WRITE) != 0) _exit(12);
  (void)test::fill_address_space_against(4096);
  const int tasks = test::count_tasks();
  thread_options opts;
  opts.stack_memory = memory;
  opts.stack_memory_size = 64 * 1024;
  test::token_owner owner(42);
  const test::refusal r = test::refusal_of(owner, errc::enomem, opts);
  if (r != test::refused) _exit(13 + r.what);  // 14: made a thread, 15: another error, 16: moved
  if (owner.token != 42 || test::count_tasks() != tasks) _exit(17);
  _exit(0);
}

}  // namespace

TEST_CASE("spawn reports ENOMEM and gives everything back when the stack map cannot grow") {
  if (sizeof(void*) < 8 || test::emulated() || test::under_valgrind())
    return;  // 8 GiB reserved, and the emulators' own address-space needs
  const int status = test::wait_status_of_child(spawn_without_room_for_the_stack_map);
  REQUIRE(WIFEXITED(status));
  CHECK(WEXITSTATUS(status) == 0);
}
