// SPDX-License-Identifier: MIT
/* The pthread peer: built against glibc, and as a static musl program (musl-gcc) from the same
 * source. */
#define _GNU_SOURCE
#include <pthread.h>
#include <stdint.h>
#include <sys/syscall.h>
#include <unistd.h>

#include "peer.h"

#ifdef __GLIBC__
const char peer_name[] = "glibc";
#else
const char peer_name[] = "musl";
#endif

/* futex(2) operations; musl-gcc has no kernel headers to take them from. */
enum { futex_wait_private = 128 | 0, futex_wake_private = 128 | 1 };

struct call {
  pthread_t thread;
  int (*fn)(void*);
  void* arg;
};
_Static_assert(sizeof(struct call) <= sizeof(peer_handle), "a handle holds the call");

static void* trampoline(void* p) {
  struct call* c = p;
  return (void*)(intptr_t)c->fn(c->arg);
}

int peer_start(peer_handle* h, size_t stack_size, int (*fn)(void*), void* arg) {
  struct call* c = (struct call*)h->bytes;
  c->fn = fn;
  c->arg = arg;
  if (stack_size == 0) return pthread_create(&c->thread, NULL, trampoline, c);
  pthread_attr_t attr;
  pthread_attr_init(&attr);
  int err = pthread_attr_setstacksize(&attr, stack_size);
  if (err == 0) err = pthread_create(&c->thread, &attr, trampoline, c);
  pthread_attr_destroy(&attr);
  return err;
}

int peer_join(peer_handle* h) { return pthread_join(((struct call*)h->bytes)->thread, NULL); }

void peer_wait(int* word, int value) {
  syscall(SYS_futex, word, futex_wait_private, value, NULL, NULL, 0);
}

void peer_wake_all(int* word) {
  syscall(SYS_futex, word, futex_wake_private, INT32_MAX, NULL, NULL, 0);
}
