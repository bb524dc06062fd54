// SPDX-License-Identifier: MIT
// The rawthread peer: spawn and join with default options, except the stack size when asked.
// Built a second time with RAWTHREAD_BENCH_UNCACHED, which turns the cache of dead threads'
// mappings off, to show what the cache is worth.
#include <cerrno>
#include <climits>
#include <new>

#include <rawthread/sync.hpp>
#include <rawthread/thread.hpp>

#include "peer.h"

namespace {
rawthread::thread& thread_in(peer_handle* h) {
  return *std::launder(reinterpret_cast<rawthread::thread*>(h->bytes));
}

// The benchmark's futex words are plain ints touched only through atomic builtins.
std::atomic<int>& as_atomic(int* word) {
  static_assert(sizeof(std::atomic<int>) == sizeof(int));
  return *reinterpret_cast<std::atomic<int>*>(word);
}
}  // namespace

extern "C" {

#ifdef RAWTHREAD_BENCH_UNCACHED
const char peer_name[] = "rawthread, no cache";
#else
const char peer_name[] = "rawthread";
#endif

int peer_start(peer_handle* h, size_t stack_size, int (*fn)(void*), void* arg) {
  static_assert(sizeof(rawthread::thread) <= sizeof(peer_handle));
#ifdef RAWTHREAD_BENCH_UNCACHED
  static const bool uncached = rawthread::set_thread_cache_limits({0, 0}).has_value();
  if (!uncached) return EINVAL;
#endif
  rawthread::thread_options opts;
  opts.stack_size = stack_size;
  auto t = rawthread::spawn(fn, arg, opts);
  if (!t) return t.error();
  ::new (h->bytes) rawthread::thread(std::move(*t));
  return 0;
}

int peer_join(peer_handle* h) {
  auto r = thread_in(h).join();
  thread_in(h).~thread();
  return r ? 0 : r.error();
}

void peer_wait(int* word, int value) { (void)rawthread::futex_wait(as_atomic(word), value); }

void peer_wake_all(int* word) { (void)rawthread::futex_wake(as_atomic(word), INT_MAX); }
}
