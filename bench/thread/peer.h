// SPDX-License-Identifier: MIT
/* What each peer of the thread benchmarks provides: start a thread, join it, and a way for its
 * threads to sleep and be woken. One implementation per peer (rawthread, glibc pthread, musl
 * pthread, std::thread, the floor); the scenarios in scenarios.c are written once against it.
 * Thread bodies only use peer_wait and atomics, so they are safe in a hosted rawthread thread,
 * which must not call libc. */
#ifndef RAWTHREAD_BENCH_PEER_H
#define RAWTHREAD_BENCH_PEER_H

#include <stddef.h>

#ifdef __cplusplus
extern "C" {
#endif

/* Room for one peer's thread handle plus what its trampoline needs; it stays in place from
 * peer_start to peer_join, so a thread may read it meanwhile. */
typedef union {
  unsigned char bytes[48];
  long double align; /* 16-byte alignment, in C and C++ alike */
} peer_handle;

/* The name printed in tables. */
extern const char peer_name[];

/* Starts fn(arg) on a thread with `stack_size` bytes of stack (0: the peer's default).
 * Returns 0, or the errno value that refused the thread. */
int peer_start(peer_handle* h, size_t stack_size, int (*fn)(void*), void* arg);
/* Waits for the thread and releases it; returns 0 or an errno value. */
int peer_join(peer_handle* h);

/* Sleeps while *word == value (a futex wait); returns on any wake-up. */
void peer_wait(int* word, int value);
/* Wakes every thread sleeping on word. */
void peer_wake_all(int* word);

#ifdef __cplusplus
}
#endif

#endif
