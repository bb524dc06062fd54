// SPDX-License-Identifier: MIT
// thread_key: values per thread in hosted children (where thread_local is shared with the
// creator), in the main thread and in caller-supplied stacks; destructors in order and in rounds.
#include <doctest.h>

#include <atomic>

#include <rawthread/sync.hpp>
#include <rawthread/thread.hpp>

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
