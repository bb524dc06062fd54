// SPDX-License-Identifier: MIT
// The std::thread peer (libstdc++ over glibc's pthread). std::thread has no stack size: it always
// gets the default.
#include <linux/futex.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <climits>
#include <new>
#include <thread>

#include "peer.h"

namespace {
std::thread& thread_in(peer_handle* h) { return *std::launder(reinterpret_cast<std::thread*>(h->bytes)); }
}  // namespace

extern "C" {

const char peer_name[] = "std::thread";

int peer_start(peer_handle* h, size_t, int (*fn)(void*), void* arg) {
  static_assert(sizeof(std::thread) <= sizeof(peer_handle));
  ::new (h->bytes) std::thread([fn, arg] { fn(arg); });
  return 0;
}

int peer_join(peer_handle* h) {
  thread_in(h).join();
  thread_in(h).~thread();
  return 0;
}

void peer_wait(int* word, int value) {
  syscall(SYS_futex, word, FUTEX_WAIT_PRIVATE, value, nullptr, nullptr, 0);
}

void peer_wake_all(int* word) { syscall(SYS_futex, word, FUTEX_WAKE_PRIVATE, INT_MAX, nullptr, nullptr, 0); }
}
