// SPDX-License-Identifier: MIT
/* Synchronisation through the C API: statically initialised objects, exact counts under
 * contention, every item delivered once, timeouts, semaphore waits a signal interrupts, and NULL
 * / bad counts refused. */
#define _GNU_SOURCE /* syscall(), for tgkill */
#include <errno.h>
#include <signal.h>
#include <stdatomic.h>
#include <stdint.h>
#include <string.h>
#include <sys/syscall.h>
#include <unistd.h>

#include <rawthread.h>

#include "check.h"

enum { workers = 4 };

/* Starts `workers` threads running fn(arg) and joins them; returns the sum of their results. */
static int run_workers(int (*fn)(void*), void* arg) {
  rawthread_t threads[workers];
  int started = 0;
  for (; started < workers; ++started)
    if (rawthread_create(&threads[started], NULL, fn, arg) != 0) break;
  CHECK(started == workers);
  int sum = 0;
  for (int i = 0; i < started; ++i) {
    int r = 0;
    CHECK_CODE(rawthread_join(threads[i], &r), 0);
    sum += r;
  }
  return sum;
}

static rawthread_mutex_t counter_lock = RAWTHREAD_MUTEX_INIT;
static long counter;
static int increments;

static int add_under_lock(void* arg) {
  (void)arg;
  for (int i = 0; i < increments; ++i) {
    rawthread_mutex_lock(&counter_lock);
    ++counter;
    rawthread_mutex_unlock(&counter_lock);
  }
  return 0;
}

static void a_static_mutex_keeps_counts_exact(void) {
  increments = test_scaled(50000);
  counter = 0;
  run_workers(add_under_lock, NULL);
  CHECK(counter == (long)workers * increments);

  CHECK_CODE(rawthread_mutex_trylock(&counter_lock), 0);
  CHECK_CODE(rawthread_mutex_trylock(&counter_lock), EBUSY);
  CHECK_CODE(rawthread_mutex_unlock(&counter_lock), 0);

  rawthread_mutex_t dynamic;
  CHECK_CODE(rawthread_mutex_init(&dynamic), 0);
  CHECK_CODE(rawthread_mutex_lock(&dynamic), 0);
  CHECK_CODE(rawthread_mutex_unlock(&dynamic), 0);
}

/* A bounded queue from a mutex and two condition variables: producers put 1..items, consumers
 * take until they see a 0 (one per consumer, sent by main once producers are done). */
enum { capacity = 4 };
static struct {
  rawthread_mutex_t lock;
  rawthread_cond_t not_full, not_empty;
  int slots[capacity];
  int head, size;
} queue = { RAWTHREAD_MUTEX_INIT, RAWTHREAD_COND_INIT, RAWTHREAD_COND_INIT, { 0 }, 0, 0 };
static int items;
static atomic_long taken_sum;
static atomic_int taken_count;

static void queue_put(int v) {
  rawthread_mutex_lock(&queue.lock);
  while (queue.size == capacity) rawthread_cond_wait(&queue.not_full, &queue.lock);
  queue.slots[(queue.head + queue.size++) % capacity] = v;
  rawthread_cond_signal(&queue.not_empty);
  rawthread_mutex_unlock(&queue.lock);
}

static int queue_take(void) {
  rawthread_mutex_lock(&queue.lock);
  while (queue.size == 0) rawthread_cond_wait(&queue.not_empty, &queue.lock);
  const int v = queue.slots[queue.head];
  queue.head = (queue.head + 1) % capacity;
  --queue.size;
  rawthread_cond_signal(&queue.not_full);
  rawthread_mutex_unlock(&queue.lock);
  return v;
}

static int produce(void* arg) {
  (void)arg;
  for (int i = 1; i <= items; ++i) queue_put(i);
  return 0;
}

static int consume(void* arg) {
  (void)arg;
  for (int v; (v = queue_take()) != 0;) {
    atomic_fetch_add(&taken_sum, v);
    atomic_fetch_add(&taken_count, 1);
  }
  return 0;
}

static void a_queue_on_conditions_delivers_every_item_once(void) {
  items = test_scaled(20000);
  rawthread_t producers[2], consumers[2];
  for (int i = 0; i < 2; ++i) {
    REQUIRE_CODE(rawthread_create(&producers[i], NULL, produce, NULL), 0);
    REQUIRE_CODE(rawthread_create(&consumers[i], NULL, consume, NULL), 0);
  }
  for (int i = 0; i < 2; ++i) CHECK_CODE(rawthread_join(producers[i], NULL), 0);
  for (int i = 0; i < 2; ++i) queue_put(0);
  for (int i = 0; i < 2; ++i) CHECK_CODE(rawthread_join(consumers[i], NULL), 0);
  CHECK(atomic_load(&taken_count) == 2 * items);
  CHECK(atomic_load(&taken_sum) == 2L * items * (items + 1) / 2);
}

static void timed_waits_time_out_no_earlier_than_asked(void) {
  rawthread_mutex_t m = RAWTHREAD_MUTEX_INIT;
  rawthread_cond_t c;
  CHECK_CODE(rawthread_cond_init(&c), 0);
  CHECK_CODE(rawthread_mutex_lock(&m), 0);
  const int64_t deadline = rawthread_now_ns() + 20 * 1000 * 1000;
  CHECK_CODE(rawthread_cond_timedwait(&c, &m, deadline), ETIMEDOUT);
  CHECK(rawthread_now_ns() >= deadline);
  CHECK_CODE(rawthread_mutex_trylock(&m), EBUSY); /* held again after the wait */
  CHECK_CODE(rawthread_mutex_unlock(&m), 0);
  CHECK_CODE(rawthread_cond_broadcast(&c), 0);

  rawthread_sem_t s = RAWTHREAD_SEM_INIT(0);
  const int64_t sem_deadline = rawthread_now_ns() + 10 * 1000 * 1000;
  CHECK_CODE(rawthread_sem_timedwait(&s, sem_deadline), ETIMEDOUT);
  CHECK(rawthread_now_ns() >= sem_deadline);
}

static rawthread_once_t once = RAWTHREAD_ONCE_INIT;
static atomic_int once_runs;
static void count_run(void* arg) { atomic_fetch_add((atomic_int*)arg, 1); }
static atomic_int once_seen_by;
static int race_for_once(void* arg) {
  (void)arg;
  rawthread_once(&once, count_run, &once_runs);
  /* Everyone returns only after the one run has finished. */
  if (atomic_load(&once_runs) == 1) atomic_fetch_add(&once_seen_by, 1);
  return 0;
}

static void once_runs_once(void) {
  run_workers(race_for_once, NULL);
  CHECK(atomic_load(&once_runs) == 1);
  CHECK(atomic_load(&once_seen_by) == workers);
  CHECK_CODE(rawthread_once(&once, NULL, NULL), EINVAL);
}

static rawthread_sem_t handoff = RAWTHREAD_SEM_INIT(0);
static int take_three(void* arg) {
  (void)arg;
  for (int i = 0; i < 3; ++i) rawthread_sem_wait(&handoff);
  return 3;
}

static void semaphores_count_units(void) {
  rawthread_sem_t s = RAWTHREAD_SEM_INIT(2);
  int value = -1;
  CHECK_CODE(rawthread_sem_getvalue(&s, &value), 0);
  CHECK(value == 2);
  CHECK_CODE(rawthread_sem_trywait(&s), 0);
  CHECK_CODE(rawthread_sem_trywait(&s), 0);
  CHECK_CODE(rawthread_sem_trywait(&s), EAGAIN);
  CHECK_CODE(rawthread_sem_post(&s, -1), EINVAL);
  CHECK_CODE(rawthread_sem_post(&s, 1), 0);
  CHECK_CODE(rawthread_sem_post(&s, INT32_MAX), EOVERFLOW);
  CHECK_CODE(rawthread_sem_getvalue(&s, &value), 0);
  CHECK(value == 1);
  CHECK_CODE(rawthread_sem_init(&s, -1), EINVAL);

  rawthread_t t;
  REQUIRE_CODE(rawthread_create(&t, NULL, take_three, NULL), 0);
  CHECK_CODE(rawthread_sem_post(&handoff, 2), 0);
  CHECK_CODE(rawthread_sem_post(&handoff, 1), 0);
  int r = 0;
  CHECK_CODE(rawthread_join(t, &r), 0);
  CHECK(r == 3);
}

static rawthread_latch_t start_line = RAWTHREAD_LATCH_INIT(workers);
static int count_down_once(void* arg) {
  (void)arg;
  return rawthread_latch_count_down(&start_line, 1);
}

static void latches_open_at_zero(void) {
  CHECK_CODE(rawthread_latch_trywait(&start_line), EAGAIN);
  CHECK(run_workers(count_down_once, NULL) == 0);
  CHECK_CODE(rawthread_latch_wait(&start_line), 0);
  CHECK_CODE(rawthread_latch_trywait(&start_line), 0);

  rawthread_latch_t l;
  CHECK_CODE(rawthread_latch_init(&l, -1), EINVAL);
  CHECK_CODE(rawthread_latch_init(&l, 2), 0);
  CHECK_CODE(rawthread_latch_count_down(&l, 3), EINVAL);
  CHECK_CODE(rawthread_latch_count_down(&l, -1), EINVAL);
  CHECK_CODE(rawthread_latch_count_down(&l, 2), 0);
  CHECK_CODE(rawthread_latch_trywait(&l), 0);
}

/* Each worker records the round it is in; after each barrier every worker must see all others
 * in the same round, and exactly one worker per round is the serial one. */
static rawthread_barrier_t phase = RAWTHREAD_BARRIER_INIT(workers);
static atomic_int arrivals[64];
static atomic_int serials;
static atomic_int out_of_order;
static int rounds;

static int run_rounds(void* arg) {
  (void)arg;
  for (int r = 0; r < rounds; ++r) {
    atomic_fetch_add(&arrivals[r % 64], 1);
    const int code = rawthread_barrier_wait(&phase);
    if (code == RAWTHREAD_BARRIER_SERIAL_THREAD) atomic_fetch_add(&serials, 1);
    else if (code != 0) atomic_fetch_add(&out_of_order, 1);
    if (atomic_load(&arrivals[r % 64]) < workers * (r / 64 + 1)) atomic_fetch_add(&out_of_order, 1);
  }
  return 0;
}

static void barriers_keep_phases_in_order(void) {
  rounds = test_scaled(500);
  run_workers(run_rounds, NULL);
  CHECK(atomic_load(&out_of_order) == 0);
  CHECK(atomic_load(&serials) == rounds);

  rawthread_barrier_t b;
  CHECK_CODE(rawthread_barrier_init(&b, 0), EINVAL);
  CHECK_CODE(rawthread_barrier_init(&b, 1), 0);
  CHECK_CODE(rawthread_barrier_wait(&b), RAWTHREAD_BARRIER_SERIAL_THREAD);
}

/* Semaphore waits and signals, with a SIGUSR1 handler installed by libc's sigaction (the handler
 * only counts). */
static atomic_int handled;
static void count_signal(int signo) {
  (void)signo;
  atomic_fetch_add(&handled, 1);
}

static rawthread_sem_t never_posted = RAWTHREAD_SEM_INIT(0);
static atomic_int waiter_tid;
static atomic_int waiter_code;
enum { still_waiting = -1 };
static int timed_marker; /* its address as the thread's argument: wait with a deadline */

static int wait_on_never_posted(void* timed) {
  atomic_store(&waiter_tid, rawthread_self());
  const int code = timed == &timed_marker
                       ? rawthread_sem_timedwait(&never_posted, rawthread_now_ns() + 30000000000)
                       : rawthread_sem_wait(&never_posted);
  atomic_store(&waiter_code, code);
  return 0;
}

/* Gives the waiter about five seconds to return or, if `asleep_will_do`, to sleep again. */
static void let_waiter_settle(int asleep_will_do) {
  for (int tries = 0; atomic_load(&waiter_code) == still_waiting && tries < 5000; ++tries) {
    if (asleep_will_do && test_asleep(atomic_load(&waiter_tid))) return;
    rawthread_sleep_ns(1000000);
  }
}

/* What the wait returned once never_posted was posted, in code_after_signal. */
static int code_after_post;

/* A thread waits on never_posted (timed or not) and is sent SIGUSR1, from a handler installed
 * with or without SA_RESTART, once it sleeps. Returns what its wait returned, or still_waiting
 * if it was still waiting (asleep again, or about five seconds after the handler ran): it is then
 * posted once, and what its wait returns then goes to code_after_post. */
static int code_after_signal(int timed, int restart) {
  struct sigaction sa;
  memset(&sa, 0, sizeof sa);
  sa.sa_handler = count_signal;
  sa.sa_flags = restart ? SA_RESTART : 0;
  sigemptyset(&sa.sa_mask);
  sigaction(SIGUSR1, &sa, NULL);
  atomic_store(&waiter_tid, 0);
  atomic_store(&waiter_code, still_waiting);
  rawthread_t t;
  int code = still_waiting;
  code_after_post = still_waiting;
  if (rawthread_create(&t, NULL, wait_on_never_posted, timed ? &timed_marker : NULL) != 0)
    return code;
  while (atomic_load(&waiter_tid) == 0) rawthread_yield();
  const int before = atomic_load(&handled);
  if (test_wait_until_asleep(atomic_load(&waiter_tid)) &&
      syscall(SYS_tgkill, (long)getpid(), (long)atomic_load(&waiter_tid), (long)SIGUSR1) == 0) {
    while (atomic_load(&handled) == before) rawthread_yield();
    /* A resumed wait sleeps again: then there is nothing more to wait for. */
    let_waiter_settle(restart);
    code = atomic_load(&waiter_code);
  }
  if (code == still_waiting) rawthread_sem_post(&never_posted, 1);
  rawthread_join(t, NULL);
  if (code == still_waiting) code_after_post = atomic_load(&waiter_code);
  signal(SIGUSR1, SIG_DFL);
  return code;
}

static void semaphore_waits_report_eintr(void) {
  CHECK(code_after_signal(0, 0) == EINTR);
  CHECK(code_after_signal(1, 0) == EINTR);
  /* The kernel restarts an untimed wait for SA_RESTART handlers (still waiting, then posted and
   * through), never a timed one (glibc's sem_timedwait reports EINTR there too). */
  CHECK(code_after_signal(0, 1) == still_waiting);
  CHECK(code_after_post == 0);
  CHECK(code_after_signal(1, 1) == EINTR);
  int value = -1;
  CHECK_CODE(rawthread_sem_getvalue(&never_posted, &value), 0);
  CHECK(value == 0);
}

static void null_objects_are_refused(void) {
  int value;
  CHECK_CODE(rawthread_mutex_init(NULL), EINVAL);
  CHECK_CODE(rawthread_mutex_lock(NULL), EINVAL);
  CHECK_CODE(rawthread_mutex_trylock(NULL), EINVAL);
  CHECK_CODE(rawthread_mutex_unlock(NULL), EINVAL);
  CHECK_CODE(rawthread_cond_init(NULL), EINVAL);
  CHECK_CODE(rawthread_cond_wait(NULL, NULL), EINVAL);
  CHECK_CODE(rawthread_cond_timedwait(NULL, NULL, 0), EINVAL);
  CHECK_CODE(rawthread_cond_signal(NULL), EINVAL);
  CHECK_CODE(rawthread_cond_broadcast(NULL), EINVAL);
  CHECK_CODE(rawthread_once(NULL, count_run, &value), EINVAL);
  CHECK_CODE(rawthread_sem_init(NULL, 0), EINVAL);
  CHECK_CODE(rawthread_sem_wait(NULL), EINVAL);
  CHECK_CODE(rawthread_sem_trywait(NULL), EINVAL);
  CHECK_CODE(rawthread_sem_timedwait(NULL, 0), EINVAL);
  CHECK_CODE(rawthread_sem_post(NULL, 1), EINVAL);
  CHECK_CODE(rawthread_sem_getvalue(NULL, &value), EINVAL);
  CHECK_CODE(rawthread_latch_init(NULL, 1), EINVAL);
  CHECK_CODE(rawthread_latch_count_down(NULL, 1), EINVAL);
  CHECK_CODE(rawthread_latch_wait(NULL), EINVAL);
  CHECK_CODE(rawthread_latch_trywait(NULL), EINVAL);
  CHECK_CODE(rawthread_barrier_init(NULL, 1), EINVAL);
  CHECK_CODE(rawthread_barrier_wait(NULL), EINVAL);
}

void sync_tests(void) {
  a_static_mutex_keeps_counts_exact();
  a_queue_on_conditions_delivers_every_item_once();
  timed_waits_time_out_no_earlier_than_asked();
  once_runs_once();
  semaphores_count_units();
  latches_open_at_zero();
  barriers_keep_phases_in_order();
  semaphore_waits_report_eintr();
  null_objects_are_refused();
}
