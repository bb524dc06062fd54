// SPDX-License-Identifier: MIT
/* The thread benchmarks' scenarios, written once against peer.h and linked into every peer's
 * program. One run measures one scenario and prints its figures on one line; bench/thread's
 * compare program runs the peers alternately and turns the figures into ratios.
 *
 *   <peer> [--pin] create_join <iterations> [<KiB>]
 *                                             ns per create+join of a thread that touches <KiB>
 *                                             of its stack (default 0: an empty thread; median
 *                                             of 10 chunks, after a warm-up)
 *   <peer> [--pin] burst <threads> <repeats>  ns per burst: start <threads>, then join them all
 *                                             (median of <repeats> bursts after a warm-up one)
 *   <peer> memory <threads>                   resident bytes and mappings per sleeping thread
 *   <peer> scale <cap> <stack bytes>          how many sleeping threads start before the first
 *                                             refusal (or <cap>), and the errno of the refusal
 *
 * --pin runs everything on the first CPU the process may use. */
#define _GNU_SOURCE
#include <sched.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>
#include <unistd.h>

#include "peer.h"
#include "pin.h"

static double now_ns(void) {
  struct timespec t;
  clock_gettime(CLOCK_MONOTONIC, &t);
  return (double)t.tv_sec * 1e9 + (double)t.tv_nsec;
}

static int by_value(const void* a, const void* b) {
  double x = *(const double*)a, y = *(const double*)b;
  return (x > y) - (x < y);
}

static double median(double* v, int n) {
  qsort(v, (size_t)n, sizeof *v, by_value);
  return v[n / 2];
}

static void start_or_die(peer_handle* h, size_t stack, int (*fn)(void*), void* arg) {
  int err = peer_start(h, stack, fn, arg);
  if (err != 0) {
    fprintf(stderr, "%s: start failed: %s\n", peer_name, strerror(err));
    exit(1);
  }
}

static void join_or_die(peer_handle* h) {
  int err = peer_join(h);
  if (err != 0) {
    fprintf(stderr, "%s: join failed: %s\n", peer_name, strerror(err));
    exit(1);
  }
}

static int empty(void* arg) {
  (void)arg;
  return 0;
}

/* Touches (long)arg KiB of stack, one byte per page, as a thread with real work would. */
static int touch_stack(void* arg) {
  long kib = (long)arg;
  volatile char area[kib * 1024];
  for (long i = 0; i < kib * 1024; i += 4096) area[i] = 1;
  return area[0];
}

/* Threads that sleep until released, for the memory and scale scenarios. */
struct idle_group {
  int started;
  int go;
};

static int idle(void* arg) {
  struct idle_group* g = arg;
  __atomic_fetch_add(&g->started, 1, __ATOMIC_RELEASE);
  while (__atomic_load_n(&g->go, __ATOMIC_ACQUIRE) == 0) peer_wait(&g->go, 0);
  return 0;
}

static void release_and_join(struct idle_group* g, peer_handle* handles, long n) {
  __atomic_store_n(&g->go, 1, __ATOMIC_RELEASE);
  peer_wake_all(&g->go);
  for (long i = 0; i < n; ++i) join_or_die(&handles[i]);
}

static void create_join(long iterations, long touched_kib) {
  enum { chunks = 10 };
  long per_chunk = iterations / chunks > 0 ? iterations / chunks : 1;
  int (*fn)(void*) = touched_kib > 0 ? touch_stack : empty;
  void* arg = (void*)touched_kib;
  peer_handle h;
  for (long i = 0; i < per_chunk; ++i) {
    start_or_die(&h, 0, fn, arg);
    join_or_die(&h);
  }
  double ns[chunks];
  for (int c = 0; c < chunks; ++c) {
    double t0 = now_ns();
    for (long i = 0; i < per_chunk; ++i) {
      start_or_die(&h, 0, fn, arg);
      join_or_die(&h);
    }
    ns[c] = (now_ns() - t0) / (double)per_chunk;
  }
  printf("%.1f\n", median(ns, chunks));
}

static void burst(long threads, int repeats) {
  peer_handle* handles = calloc((size_t)threads, sizeof *handles);
  double* ns = calloc((size_t)repeats + 1, sizeof *ns);
  if (handles == NULL || ns == NULL) exit(2);
  for (int r = 0; r <= repeats; ++r) {
    double t0 = now_ns();
    for (long i = 0; i < threads; ++i) start_or_die(&handles[i], 0, empty, NULL);
    for (long i = 0; i < threads; ++i) join_or_die(&handles[i]);
    ns[r] = now_ns() - t0;
  }
  printf("%.1f\n", median(ns + 1, repeats)); /* burst 0 warmed up */
  free(ns);
  free(handles);
}

static long resident_pages(void) {
  long size = 0, resident = 0;
  FILE* f = fopen("/proc/self/statm", "r");
  if (f == NULL || fscanf(f, "%ld %ld", &size, &resident) != 2) exit(2);
  fclose(f);
  return resident;
}

static long mapping_count(void) {
  FILE* f = fopen("/proc/self/maps", "r");
  if (f == NULL) exit(2);
  long lines = 0;
  for (int ch; (ch = fgetc(f)) != EOF;)
    if (ch == '\n') ++lines;
  fclose(f);
  return lines;
}

static void memory(long threads) {
  peer_handle* handles = calloc((size_t)threads, sizeof *handles);
  if (handles == NULL) exit(2);
  memset(handles, 0, (size_t)threads * sizeof *handles); /* resident before the baseline */
  struct idle_group g = {0, 0};
  /* One thread first, so one-time set-up (a peer's first mapping, libc's lazy state) is not
   * charged to the others. */
  start_or_die(&handles[0], 0, idle, &g);
  while (__atomic_load_n(&g.started, __ATOMIC_ACQUIRE) < 1) sched_yield();
  long pages0 = resident_pages(), maps0 = mapping_count();
  for (long i = 1; i < threads; ++i) start_or_die(&handles[i], 0, idle, &g);
  while (__atomic_load_n(&g.started, __ATOMIC_ACQUIRE) < threads) sched_yield();
  long pages1 = resident_pages(), maps1 = mapping_count();
  release_and_join(&g, handles, threads);
  double per = (double)(threads - 1);
  printf("%.1f %.2f\n", (double)(pages1 - pages0) * (double)sysconf(_SC_PAGESIZE) / per, (double)(maps1 - maps0) / per);
  free(handles);
}

static void scale(long cap, size_t stack) {
  peer_handle* handles = calloc((size_t)cap, sizeof *handles);
  if (handles == NULL) exit(2);
  struct idle_group g = {0, 0};
  long n = 0;
  int err = 0;
  for (; n < cap; ++n) {
    err = peer_start(&handles[n], stack, idle, &g);
    if (err != 0) break;
  }
  release_and_join(&g, handles, n);
  printf("%ld %s\n", n, err == 0 ? "cap" : strerror(err));
  free(handles);
}

int main(int argc, char** argv) {
  int a = 1;
  if (a < argc && strcmp(argv[a], "--pin") == 0) {
    pin_to_one_cpu();
    ++a;
  }
  const char* what = a < argc ? argv[a] : "";
  long n = a + 1 < argc ? atol(argv[a + 1]) : 0;
  long m = a + 2 < argc ? atol(argv[a + 2]) : 0;
  if (strcmp(what, "create_join") == 0 && n > 0 && m >= 0 && m <= 512) create_join(n, m);
  else if (strcmp(what, "burst") == 0 && n > 0 && m > 0) burst(n, (int)m);
  else if (strcmp(what, "memory") == 0 && n > 1) memory(n);
  else if (strcmp(what, "scale") == 0 && n > 0) scale(n, (size_t)m);
  else {
    fprintf(stderr,
            "usage: %s [--pin] create_join N [KIB] | burst N R | memory N | scale CAP STACK\n",
            argv[0]);
    return 2;
  }
  return 0;
}
