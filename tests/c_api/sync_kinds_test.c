// SPDX-License-Identifier: MIT
/* The C API's mutex kinds, rwlock, condition clocks, timespec deadlines, _destroy, and objects
 * shared with a forked child. */
#define _DEFAULT_SOURCE /* MAP_ANONYMOUS, clock_gettime */
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdio.h>
#include <string.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <time.h>
#include <unistd.h>

#include <rawthread.h>

#include "check.h"

static const int64_t ms = 1000 * 1000;

static int64_t realtime_ns(void) {
  struct timespec now;
  clock_gettime(CLOCK_REALTIME, &now);
  return (int64_t)now.tv_sec * 1000000000 + now.tv_nsec;
}

/* Runs fn(arg) in a new thread and returns what it returned. */
static int in_thread(int (*fn)(void*), void* arg) {
  rawthread_t t;
  int r = -1;
  if (rawthread_create(&t, NULL, fn, arg) != 0) return -1;
  CHECK_CODE(rawthread_join(t, &r), 0);
  return r;
}

static int unlock_it(void* m) { return rawthread_mutex_unlock(m); }
static int trylock_it(void* m) { return rawthread_mutex_trylock(m); }
static int timedlock_it(void* m) {
  return rawthread_mutex_timedlock(m, rawthread_now_ns() + 20 * ms);
}

static void mutex_kinds_report_their_errors(void) {
  rawthread_mutex_t m;
  CHECK_CODE(rawthread_mutex_init_kind(&m, 8), EINVAL);
  CHECK_CODE(rawthread_mutex_init_kind(&m, RAWTHREAD_MUTEX_RECURSIVE | RAWTHREAD_MUTEX_ERRORCHECK),
             EINVAL);
  CHECK_CODE(rawthread_mutex_init_kind(NULL, 0), EINVAL);

  REQUIRE_CODE(rawthread_mutex_init_kind(&m, RAWTHREAD_MUTEX_RECURSIVE), 0);
  for (int i = 0; i < 1000; ++i) CHECK_CODE(rawthread_mutex_lock(&m), 0);
  CHECK_CODE(rawthread_mutex_trylock(&m), 0);
  CHECK(in_thread(trylock_it, &m) == EBUSY);
  CHECK(in_thread(unlock_it, &m) == EPERM);
  CHECK_CODE(rawthread_mutex_destroy(&m), EBUSY);
  for (int i = 0; i < 1001; ++i) CHECK_CODE(rawthread_mutex_unlock(&m), 0);
  CHECK_CODE(rawthread_mutex_unlock(&m), EPERM);
  CHECK_CODE(rawthread_mutex_destroy(&m), 0);

  REQUIRE_CODE(rawthread_mutex_init_kind(&m, RAWTHREAD_MUTEX_ERRORCHECK), 0);
  CHECK_CODE(rawthread_mutex_unlock(&m), EPERM);
  CHECK_CODE(rawthread_mutex_lock(&m), 0);
  CHECK_CODE(rawthread_mutex_lock(&m), EDEADLK);
  CHECK_CODE(rawthread_mutex_trylock(&m), EBUSY);
  CHECK(in_thread(unlock_it, &m) == EPERM);
  CHECK(in_thread(timedlock_it, &m) == ETIMEDOUT);
  CHECK_CODE(rawthread_mutex_consistent(&m), EINVAL); /* not robust */
  CHECK_CODE(rawthread_mutex_unlock(&m), 0);

  rawthread_mutex_t normal = RAWTHREAD_MUTEX_INITIALIZER;
  CHECK_CODE(rawthread_mutex_destroy(&normal), 0);
  CHECK_CODE(rawthread_mutex_lock(&normal), 0);
  CHECK_CODE(rawthread_mutex_destroy(&normal), EBUSY);
  const int64_t start = rawthread_now_ns();
  CHECK(in_thread(timedlock_it, &normal) == ETIMEDOUT);
  CHECK(rawthread_now_ns() - start >= 20 * ms);
  CHECK_CODE(rawthread_mutex_consistent(&normal), EINVAL);
  CHECK_CODE(rawthread_mutex_unlock(&normal), 0);
  CHECK_CODE(rawthread_mutex_timedlock(&normal, 0), 0); /* free: a past deadline still takes it */
  CHECK_CODE(rawthread_mutex_unlock(&normal), 0);
}

static void timespec_deadlines_are_checked(void) {
  rawthread_mutex_t m = RAWTHREAD_MUTEX_INIT;
  rawthread_timespec_t bad_low = { 0, -1 }, bad_high = { 0, 1000000000 }, past = { 0, 999999999 };
  CHECK_CODE(rawthread_mutex_timedlock_ts(&m, &bad_low), EINVAL);
  CHECK_CODE(rawthread_mutex_timedlock_ts(&m, &bad_high), EINVAL);
  CHECK_CODE(rawthread_mutex_timedlock_ts(&m, NULL), EINVAL);
  CHECK_CODE(rawthread_mutex_trylock(&m), 0); /* the refused calls did not take it */
  CHECK_CODE(rawthread_mutex_unlock(&m), 0);
  CHECK_CODE(rawthread_mutex_timedlock_ts(&m, &past), 0);

  rawthread_cond_t c = RAWTHREAD_COND_INITIALIZER;
  CHECK_CODE(rawthread_cond_timedwait_ts(&c, &m, &bad_high), EINVAL);
  CHECK_CODE(rawthread_cond_timedwait_ts(&c, &m, &past), ETIMEDOUT);
  CHECK_CODE(rawthread_mutex_unlock(&m), 0);

  rawthread_sem_t s = RAWTHREAD_SEM_INITIALIZER(0);
  CHECK_CODE(rawthread_sem_timedwait_ts(&s, &bad_low), EINVAL);
  CHECK_CODE(rawthread_sem_timedwait_ts(&s, &past), ETIMEDOUT);
  CHECK_CODE(rawthread_sem_post(&s, 1), 0);
  CHECK_CODE(rawthread_sem_timedwait_ts(&s, &past), 0);

  rawthread_rwlock_t rw = RAWTHREAD_RWLOCK_INITIALIZER;
  CHECK_CODE(rawthread_rwlock_timedrdlock_ts(&rw, &bad_high), EINVAL);
  CHECK_CODE(rawthread_rwlock_timedwrlock_ts(&rw, &bad_low), EINVAL);
  CHECK_CODE(rawthread_rwlock_timedwrlock_ts(&rw, &past), 0);
  CHECK_CODE(rawthread_rwlock_timedrdlock_ts(&rw, &past), ETIMEDOUT);
  CHECK_CODE(rawthread_rwlock_unlock(&rw), 0);
}

static rawthread_timespec_t timespec_of_ns(int64_t ns) {
  rawthread_timespec_t t = { ns / 1000000000, ns % 1000000000 };
  return t;
}

/* The _clock forms, for each clock: a deadline 20 ms ahead on it makes every wait last 20 ms on
 * the monotonic clock too (a realtime one read as monotonic would be decades ahead); any other
 * clock is EINVAL and takes nothing. */
static void clock_forms_wait_on_either_clock(void) {
  rawthread_mutex_t m = RAWTHREAD_MUTEX_INIT;
  rawthread_sem_t s = RAWTHREAD_SEM_INITIALIZER(0);
  rawthread_rwlock_t rw = RAWTHREAD_RWLOCK_INITIALIZER;
  rawthread_cond_t conds[2];
  REQUIRE_CODE(rawthread_cond_init_attr(&conds[0], 0), 0);
  REQUIRE_CODE(rawthread_cond_init_attr(&conds[1], RAWTHREAD_COND_CLOCK_REALTIME), 0);
  const int clocks[2] = { RAWTHREAD_CLOCK_REALTIME, RAWTHREAD_CLOCK_MONOTONIC };
  for (int k = 0; k < 2; ++k) {
    for (int wait = 0; wait < 6; ++wait) {
      const int64_t now = clocks[k] == RAWTHREAD_CLOCK_REALTIME ? realtime_ns() : rawthread_now_ns();
      const rawthread_timespec_t soon = timespec_of_ns(now + 20 * ms);
      const int64_t start = rawthread_now_ns();
      int code = -1;
      switch (wait) {
        case 0: /* a normal mutex the caller holds: no deadlock check, so it times out */
          CHECK_CODE(rawthread_mutex_lock(&m), 0);
          code = rawthread_mutex_clocklock(&m, clocks[k], &soon);
          CHECK_CODE(rawthread_mutex_unlock(&m), 0);
          break;
        case 1: code = rawthread_sem_clockwait(&s, clocks[k], &soon); break;
        case 2:
        case 3:
          CHECK_CODE(rawthread_rwlock_wrlock(&rw), 0);
          code = wait == 2 ? rawthread_rwlock_clockrdlock(&rw, clocks[k], &soon)
                           : rawthread_rwlock_clockwrlock(&rw, clocks[k], &soon);
          CHECK_CODE(rawthread_rwlock_unlock(&rw), 0);
          break;
        default: /* a monotonic and a realtime condition, each with either clock's deadline */
          CHECK_CODE(rawthread_mutex_lock(&m), 0);
          code = rawthread_cond_clockwait(&conds[wait - 4], &m, clocks[k], &soon);
          CHECK_CODE(rawthread_mutex_unlock(&m), 0);
      }
      const int64_t waited = rawthread_now_ns() - start;
      if (!check_code(code, ETIMEDOUT, "a _clock wait", __FILE__, __LINE__) ||
          !CHECK(waited >= 15 * ms && waited < 5000 * ms))
        printf("  (wait %d, clock %d: %lld ns)\n", wait, clocks[k], (long long)waited);
    }
  }
  const rawthread_timespec_t past = { 0, 0 };
  CHECK_CODE(rawthread_mutex_clocklock(&m, 2, &past), EINVAL);
  CHECK_CODE(rawthread_mutex_trylock(&m), 0); /* the refused call did not take it */
  CHECK_CODE(rawthread_cond_clockwait(&conds[0], &m, -1, &past), EINVAL);
  CHECK_CODE(rawthread_mutex_unlock(&m), 0);
  CHECK_CODE(rawthread_sem_clockwait(&s, 2, &past), EINVAL);
  CHECK_CODE(rawthread_rwlock_clockrdlock(&rw, 2, &past), EINVAL);
  CHECK_CODE(rawthread_rwlock_clockwrlock(&rw, 7, &past), EINVAL);
  CHECK_CODE(rawthread_rwlock_trywrlock(&rw), 0); /* nor did these */
  CHECK_CODE(rawthread_rwlock_unlock(&rw), 0);
  const rawthread_timespec_t bad = { 0, 1000000000 };
  CHECK_CODE(rawthread_mutex_clocklock(&m, RAWTHREAD_CLOCK_REALTIME, &bad), EINVAL);
  CHECK_CODE(rawthread_sem_clockwait(&s, RAWTHREAD_CLOCK_REALTIME, NULL), EINVAL);
  /* Free objects: a past deadline on either clock still takes them. */
  CHECK_CODE(rawthread_mutex_clocklock(&m, RAWTHREAD_CLOCK_REALTIME, &past), 0);
  CHECK_CODE(rawthread_mutex_unlock(&m), 0);
  CHECK_CODE(rawthread_sem_post(&s, 1), 0);
  CHECK_CODE(rawthread_sem_clockwait(&s, RAWTHREAD_CLOCK_MONOTONIC, &past), 0);
}

static void condition_clocks_are_chosen_per_condition(void) {
  rawthread_mutex_t m = RAWTHREAD_MUTEX_INIT;
  rawthread_cond_t wall, steady;
  CHECK_CODE(rawthread_cond_init_attr(&wall, 4), EINVAL);
  REQUIRE_CODE(rawthread_cond_init_attr(&wall, RAWTHREAD_COND_CLOCK_REALTIME), 0);
  REQUIRE_CODE(rawthread_cond_init_attr(&steady, 0), 0);
  CHECK_CODE(rawthread_mutex_lock(&m), 0);
  /* A wall-clock deadline 20 ms ahead: the realtime condition waits that long... */
  int64_t deadline = realtime_ns() + 20 * ms;
  CHECK_CODE(rawthread_cond_timedwait(&wall, &m, deadline), ETIMEDOUT);
  CHECK(realtime_ns() >= deadline);
  /* ...while to the monotonic one that number is decades ahead; and a monotonic deadline,
   * decades past on the wall clock, times out on the realtime one at once. */
  deadline = rawthread_now_ns() + 20 * ms;
  const int64_t start = rawthread_now_ns();
  CHECK_CODE(rawthread_cond_timedwait(&wall, &m, deadline), ETIMEDOUT);
  CHECK(rawthread_now_ns() - start < 15 * ms);
  CHECK_CODE(rawthread_cond_timedwait(&steady, &m, deadline), ETIMEDOUT);
  CHECK(rawthread_now_ns() >= deadline);
  CHECK_CODE(rawthread_mutex_unlock(&m), 0);
}

/* A waiter on a condition with a recursive mutex, woken by main. */
static struct {
  rawthread_mutex_t lock;
  rawthread_cond_t changed;
  int ready;
  atomic_int asleep;
} gate;

static int wait_at_gate(void* arg) {
  (void)arg;
  rawthread_mutex_lock(&gate.lock);
  atomic_store(&gate.asleep, 1);
  int code = 0;
  while (!gate.ready && code == 0) code = rawthread_cond_wait(&gate.changed, &gate.lock);
  rawthread_mutex_unlock(&gate.lock);
  return code;
}

static void conditions_work_with_every_kind_and_refuse_busy_destroy(void) {
  REQUIRE_CODE(rawthread_mutex_init_kind(&gate.lock, RAWTHREAD_MUTEX_RECURSIVE), 0);
  REQUIRE_CODE(rawthread_cond_init(&gate.changed), 0);
  rawthread_t t;
  REQUIRE_CODE(rawthread_create(&t, NULL, wait_at_gate, NULL), 0);
  /* Until the waiter sleeps in the kernel, destroy has nothing to refuse; then EBUSY. */
  int busy = 0;
  for (int i = 0; i < 20000 && !busy; ++i) {
    if (atomic_load(&gate.asleep)) {
      rawthread_mutex_lock(&gate.lock); /* the waiter has released it: it is in the wait */
      busy = rawthread_cond_destroy(&gate.changed) == EBUSY;
      rawthread_mutex_unlock(&gate.lock);
    }
    if (!busy) rawthread_sleep_ns(ms / 10);
  }
  CHECK(busy);
  rawthread_mutex_lock(&gate.lock);
  gate.ready = 1;
  rawthread_mutex_unlock(&gate.lock);
  CHECK_CODE(rawthread_cond_broadcast(&gate.changed), 0);
  int r = -1;
  CHECK_CODE(rawthread_join(t, &r), 0);
  CHECK(r == 0);
  CHECK_CODE(rawthread_cond_destroy(&gate.changed), 0);
}

static rawthread_barrier_t pair = RAWTHREAD_BARRIER_INITIALIZER(2);
static int arrive(void* arg) {
  (void)arg;
  return rawthread_barrier_wait(&pair);
}

static void barriers_and_semaphores_refuse_busy_destroy(void) {
  CHECK_CODE(rawthread_barrier_destroy(&pair), 0);
  rawthread_t t;
  REQUIRE_CODE(rawthread_create(&t, NULL, arrive, NULL), 0);
  int busy = 0;
  for (int i = 0; i < 20000 && !busy; ++i) {
    busy = rawthread_barrier_destroy(&pair) == EBUSY;
    if (!busy) rawthread_sleep_ns(ms / 10);
  }
  CHECK(busy);
  const int mine = rawthread_barrier_wait(&pair);
  int theirs = 1;
  CHECK_CODE(rawthread_join(t, &theirs), 0);
  CHECK(mine + theirs == RAWTHREAD_BARRIER_SERIAL_THREAD);
  CHECK_CODE(rawthread_barrier_destroy(&pair), 0);
  CHECK_CODE(rawthread_barrier_init_attr(&pair, 2, 1), EINVAL);

  rawthread_sem_t s;
  CHECK_CODE(rawthread_sem_init_attr(&s, 0, 1), EINVAL);
  CHECK_CODE(rawthread_sem_init_attr(&s, -1, 0), EINVAL);
  REQUIRE_CODE(rawthread_sem_init_attr(&s, 0, 0), 0);
  CHECK_CODE(rawthread_sem_destroy(&s), 0);
  rawthread_latch_t l = RAWTHREAD_LATCH_INITIALIZER(1);
  CHECK_CODE(rawthread_latch_destroy(&l), 0);
  CHECK_CODE(rawthread_latch_destroy(NULL), EINVAL);
}

static rawthread_rwlock_t table_lock = RAWTHREAD_RWLOCK_INITIALIZER;
static long table_a, table_b;
static atomic_int torn;
static int rw_rounds;

static int use_table(void* arg) {
  const int writer = arg != NULL;
  for (int r = 0; r < rw_rounds; ++r) {
    if (writer) {
      rawthread_rwlock_wrlock(&table_lock);
      ++table_a;
      ++table_b;
    } else {
      rawthread_rwlock_rdlock(&table_lock);
      if (table_a != table_b) atomic_fetch_add(&torn, 1);
    }
    rawthread_rwlock_unlock(&table_lock);
  }
  return 0;
}

/* Destroyed as soon as their waiters are released, as POSIX allows: a condition right after a
 * broadcast (the mutex unlocked), a barrier by the thread that got the serial result, a
 * semaphore right after the post its only (sleeping) waiter was waiting for. The
 * destroyed object is then overwritten; no released waiter may touch it again. */
enum { released_waiters = 4 };
static struct {
  rawthread_mutex_t lock;
  rawthread_cond_t cond;
  int waiting, go;
} released;
static rawthread_barrier_t last_phase;
static atomic_int serial_destroy_code;

static int wait_for_go(void* arg) {
  (void)arg;
  rawthread_mutex_lock(&released.lock);
  released.waiting++;
  int code = 0;
  while (!released.go && code == 0) code = rawthread_cond_wait(&released.cond, &released.lock);
  rawthread_mutex_unlock(&released.lock);
  return code;
}

static int arrive_then_destroy_if_serial(void* arg) {
  (void)arg;
  if (rawthread_barrier_wait(&last_phase) != RAWTHREAD_BARRIER_SERIAL_THREAD) return 0;
  atomic_store(&serial_destroy_code, rawthread_barrier_destroy(&last_phase));
  memset(&last_phase, 0xa5, sizeof last_phase);
  return 0;
}

static rawthread_sem_t handed;
static atomic_int about_to_wait;
static int take_the_unit(void* arg) {
  (void)arg;
  atomic_store(&about_to_wait, 1);
  return rawthread_sem_wait(&handed);
}

static int all_bytes(const void* p, size_t n, unsigned char value) {
  const unsigned char* b = (const unsigned char*)p;
  for (size_t i = 0; i < n; ++i)
    if (b[i] != value) return 0;
  return 1;
}

static void objects_can_be_destroyed_once_their_waiters_are_released(void) {
  const int rounds = test_scaled(100);
  int cond_destroyed = 0, cond_untouched = 0, barrier_destroyed = 0, barrier_untouched = 0;
  int sem_destroyed = 0, sem_untouched = 0;
  REQUIRE_CODE(rawthread_mutex_init(&released.lock), 0);
  for (int r = 0; r < rounds; ++r) {
    rawthread_t t[released_waiters];
    REQUIRE_CODE(rawthread_cond_init(&released.cond), 0);
    released.waiting = released.go = 0;
    for (int i = 0; i < released_waiters; ++i)
      REQUIRE_CODE(rawthread_create(&t[i], NULL, wait_for_go, NULL), 0);
    for (int all_in = 0; !all_in;) { /* each holds the mutex until it is inside the wait */
      rawthread_mutex_lock(&released.lock);
      all_in = released.waiting == released_waiters;
      released.go = all_in;
      if (all_in) CHECK_CODE(rawthread_cond_broadcast(&released.cond), 0);
      rawthread_mutex_unlock(&released.lock);
      if (!all_in) rawthread_yield();
    }
    cond_destroyed += rawthread_cond_destroy(&released.cond) == 0;
    memset(&released.cond, 0xa5, sizeof released.cond);
    int failed = 0;
    for (int i = 0; i < released_waiters; ++i) {
      int code = -1;
      CHECK_CODE(rawthread_join(t[i], &code), 0);
      failed |= code != 0;
    }
    CHECK(!failed);
    cond_untouched += all_bytes(&released.cond, sizeof released.cond, 0xa5);

    REQUIRE_CODE(rawthread_barrier_init(&last_phase, released_waiters), 0);
    atomic_store(&serial_destroy_code, -1);
    for (int i = 0; i < released_waiters; ++i)
      REQUIRE_CODE(rawthread_create(&t[i], NULL, arrive_then_destroy_if_serial, NULL), 0);
    for (int i = 0; i < released_waiters; ++i) CHECK_CODE(rawthread_join(t[i], NULL), 0);
    barrier_destroyed += atomic_load(&serial_destroy_code) == 0;
    barrier_untouched += all_bytes(&last_phase, sizeof last_phase, 0xa5);

    /* A semaphore destroyed by the thread whose post let its only waiter through. */
    REQUIRE_CODE(rawthread_sem_init(&handed, 0), 0);
    atomic_store(&about_to_wait, 0);
    REQUIRE_CODE(rawthread_create(&t[0], NULL, take_the_unit, NULL), 0);
    /* Blocked in its wait, asleep in the kernel (destroying a semaphore a thread has not begun
     * to wait on is the program's race, not the semaphore's). */
    while (!atomic_load(&about_to_wait)) rawthread_yield();
    CHECK(test_wait_until_asleep(rawthread_id(t[0])));
    CHECK_CODE(rawthread_sem_post(&handed, 1), 0);
    sem_destroyed += rawthread_sem_destroy(&handed) == 0;
    memset(&handed, 0xa5, sizeof handed);
    int took = -1;
    CHECK_CODE(rawthread_join(t[0], &took), 0);
    CHECK(took == 0);
    sem_untouched += all_bytes(&handed, sizeof handed, 0xa5);
  }
  CHECK(sem_destroyed == rounds);
  CHECK(sem_untouched == rounds);
  CHECK(cond_destroyed == rounds);
  CHECK(cond_untouched == rounds);
  CHECK(barrier_destroyed == rounds);
  CHECK(barrier_untouched == rounds);
  CHECK_CODE(rawthread_mutex_destroy(&released.lock), 0);
}

static void rwlocks_share_reading_and_exclude_writing(void) {
  rw_rounds = test_scaled(20000);
  rawthread_t t[4];
  for (int i = 0; i < 4; ++i)
    REQUIRE_CODE(rawthread_create(&t[i], NULL, use_table, i < 2 ? &table_a : NULL), 0);
  for (int i = 0; i < 4; ++i) CHECK_CODE(rawthread_join(t[i], NULL), 0);
  CHECK(atomic_load(&torn) == 0);
  CHECK(table_a == 2L * rw_rounds);

  rawthread_rwlock_t rw;
  CHECK_CODE(rawthread_rwlock_init_attr(&rw, 4), EINVAL);
  REQUIRE_CODE(rawthread_rwlock_init(&rw), 0);
  CHECK_CODE(rawthread_rwlock_rdlock(&rw), 0);
  CHECK_CODE(rawthread_rwlock_tryrdlock(&rw), 0);
  CHECK_CODE(rawthread_rwlock_trywrlock(&rw), EBUSY);
  CHECK_CODE(rawthread_rwlock_timedwrlock(&rw, rawthread_now_ns() + ms), ETIMEDOUT);
  CHECK_CODE(rawthread_rwlock_destroy(&rw), EBUSY);
  CHECK_CODE(rawthread_rwlock_unlock(&rw), 0);
  CHECK_CODE(rawthread_rwlock_unlock(&rw), 0);
  CHECK_CODE(rawthread_rwlock_wrlock(&rw), 0);
  CHECK_CODE(rawthread_rwlock_tryrdlock(&rw), EBUSY);
  CHECK_CODE(rawthread_rwlock_timedrdlock(&rw, rawthread_now_ns() + ms), ETIMEDOUT);
  CHECK_CODE(rawthread_rwlock_destroy(&rw), EBUSY);
  CHECK_CODE(rawthread_rwlock_unlock(&rw), 0);
  /* Held by nobody: refused, and the lock still works both ways. */
  CHECK_CODE(rawthread_rwlock_unlock(&rw), EPERM);
  CHECK_CODE(rawthread_rwlock_trywrlock(&rw), 0);
  CHECK_CODE(rawthread_rwlock_unlock(&rw), 0);
  CHECK_CODE(rawthread_rwlock_unlock(&rw), EPERM);
  CHECK_CODE(rawthread_rwlock_tryrdlock(&rw), 0);
  CHECK_CODE(rawthread_rwlock_unlock(&rw), 0);
  CHECK_CODE(rawthread_rwlock_destroy(&rw), 0);
  CHECK_CODE(rawthread_rwlock_init_attr(&rw, RAWTHREAD_RWLOCK_PREFER_READERS), 0);
  CHECK_CODE(rawthread_rwlock_timedrdlock(&rw, 0), 0);
  CHECK_CODE(rawthread_rwlock_unlock(&rw), 0);
}

/* A process-shared mutex, condition, semaphore, barrier and rwlock in one MAP_SHARED page. */
struct shared_objects {
  rawthread_mutex_t lock;
  rawthread_cond_t changed;
  rawthread_sem_t units;
  rawthread_barrier_t both;
  rawthread_rwlock_t rw;
  long count;
  int turn; /* 0: the parent's, 1: the child's */
};

static int child_side(struct shared_objects* s, int rounds) {
  int bad = 0;
  for (int r = 0; r < rounds; ++r) {
    bad |= rawthread_mutex_lock(&s->lock);
    while (s->turn != 1) bad |= rawthread_cond_wait(&s->changed, &s->lock);
    ++s->count;
    s->turn = 0;
    bad |= rawthread_cond_signal(&s->changed);
    bad |= rawthread_mutex_unlock(&s->lock);
    bad |= rawthread_sem_wait(&s->units);
    bad |= rawthread_rwlock_wrlock(&s->rw) | rawthread_rwlock_unlock(&s->rw);
  }
  return bad | (rawthread_barrier_wait(&s->both) > 0);
}

static void objects_shared_with_a_forked_child(void) {
  const int rounds = test_scaled(1000);
  struct shared_objects* s = mmap(NULL, sizeof *s, PROT_READ | PROT_WRITE,
                                  MAP_SHARED | MAP_ANONYMOUS, -1, 0);
  REQUIRE_CODE(s == MAP_FAILED, 0);
  REQUIRE_CODE(rawthread_mutex_init_kind(&s->lock, RAWTHREAD_MUTEX_ERRORCHECK |
                                                       RAWTHREAD_PROCESS_SHARED), 0);
  REQUIRE_CODE(rawthread_cond_init_attr(&s->changed, RAWTHREAD_PROCESS_SHARED), 0);
  REQUIRE_CODE(rawthread_sem_init_attr(&s->units, 0, RAWTHREAD_PROCESS_SHARED), 0);
  REQUIRE_CODE(rawthread_barrier_init_attr(&s->both, 2, RAWTHREAD_PROCESS_SHARED), 0);
  REQUIRE_CODE(rawthread_rwlock_init_attr(&s->rw, RAWTHREAD_PROCESS_SHARED), 0);
  s->count = 0;
  s->turn = 0;
  fflush(NULL);
  pid_t child = test_fork_alone();
  if (child == 0) _exit(child_side(s, rounds));
  REQUIRE_CODE(child < 0, 0);
  for (int r = 0; r < rounds; ++r) {
    CHECK_CODE(rawthread_mutex_lock(&s->lock), 0);
    while (s->turn != 0) CHECK_CODE(rawthread_cond_wait(&s->changed, &s->lock), 0);
    ++s->count;
    s->turn = 1;
    CHECK_CODE(rawthread_cond_signal(&s->changed), 0);
    CHECK_CODE(rawthread_mutex_unlock(&s->lock), 0);
    CHECK_CODE(rawthread_sem_post(&s->units, 1), 0);
    CHECK_CODE(rawthread_rwlock_rdlock(&s->rw), 0);
    CHECK_CODE(rawthread_rwlock_unlock(&s->rw), 0);
  }
  const int serial = rawthread_barrier_wait(&s->both);
  CHECK(serial == 0 || serial == RAWTHREAD_BARRIER_SERIAL_THREAD);
  int status = 0;
  CHECK(waitpid(child, &status, 0) == child);
  CHECK(WIFEXITED(status) && WEXITSTATUS(status) == 0);
  CHECK(s->count == 2L * rounds);
  munmap(s, sizeof *s);
}

void sync_kinds_tests(void) {
  mutex_kinds_report_their_errors();
  timespec_deadlines_are_checked();
  clock_forms_wait_on_either_clock();
  condition_clocks_are_chosen_per_condition();
  conditions_work_with_every_kind_and_refuse_busy_destroy();
  barriers_and_semaphores_refuse_busy_destroy();
  objects_can_be_destroyed_once_their_waiters_are_released();
  rwlocks_share_reading_and_exclude_writing();
  objects_shared_with_a_forked_child();
}
