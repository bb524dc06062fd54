// SPDX-License-Identifier: MIT
// <rawthread/sync/thread_key.hpp> (included by <rawthread/sync.hpp>): thread-specific data, one
// pointer per thread and key, in both modes. It is what hosted children need in place of
// `thread_local`, which they share with their creator there.
//
// Where each thread's values live:
// - a thread spawn made: at the bottom of its stack, just above the guard (the lowest
//   thread_key_table_size bytes of the stack, this_thread::stack_bounds() excludes them);
// - freestanding, the main thread: a static table;
// - hosted, the main thread and threads libc made: a `thread_local` table (libc's TLS is theirs).
// A hosted child of rawthread runs on its creator's thread pointer, so it finds its own control
// block from its stack pointer instead, in a map of the live hosted threads' memory (one entry
// per 4 KiB, written as each thread is created and cleared as it ends).
// So get and set make no system call and take no lock in any thread, however many run, with one
// exception: on the partial end pages of a caller-supplied stack that is not page aligned
// (which may be shared with other memory), the look-up walks the thread registry under a lock.
// A thread running on a stack outside the memory rawthread knows of (say a sigaltstack of its own)
// is taken for its creator.
#pragma once

#include <cstddef>

#include <rawthread/result.hpp>

namespace rawthread {

// A key: create one, give each thread its own value for it with set(), read it with get().
class thread_key {
 public:
  // How many keys may exist at once (POSIX's minimum, _POSIX_THREAD_KEYS_MAX).
  static constexpr std::size_t max_keys = 128;
  // Rounds of destructors at a thread's end (PTHREAD_DESTRUCTOR_ITERATIONS).
  static constexpr int destructor_rounds = 4;

  // A new key, whose value is null in every thread. `destructor` (may be null) runs in each
  // thread spawn made, as it ends (returning from its entry or through this_thread::exit), on
  // that thread's value when the value is not null; the value is set to null first. Destructors
  // run key by key in creation-slot order; while a round leaves some value non-null (a
  // destructor set one), another round follows, at most destructor_rounds in all. They do not
  // run in the main thread or in threads rawthread did not create.
  // EAGAIN: max_keys keys exist already.
  static result<thread_key> create(void (*destructor)(void*) = nullptr);

  constexpr thread_key() = default;

  // Ends the key: its destructor no longer runs and no thread can reach the values any more
  // (free them yourself if they need it). A later key may reuse its slot; it starts null in
  // every thread. EINVAL: not a live key.
  result<void> destroy();

  // The calling thread's value (null when it set none, or the key is not live). No system call,
  // a few loads (docs/performance.md compares it with pthread_getspecific).
  void* get() const;
  // Sets the calling thread's value. EINVAL: not a live key. No system call.
  result<void> set(void* value) const;

  // The key's number (0..max_keys-1), for the C API; from_index makes a key of it again.
  unsigned index() const { return index_; }
  static thread_key from_index(unsigned index) { return thread_key(index); }

 private:
  explicit constexpr thread_key(unsigned index) : index_(index) {}
  unsigned index_ = max_keys;
};

}  // namespace rawthread
