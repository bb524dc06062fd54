// SPDX-License-Identifier: MIT
/* Signals through the C API: handlers with siginfo, rawthread_kill, masks, the option fields and
 * the errors. Children only touch rawthread and C11 atomics; checks run in main. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <stdatomic.h>
#include <stdint.h>
#include <unistd.h>

#include <rawthread.h>

#include "check.h"

static atomic_int handled;
static atomic_int sender;
static atomic_int code;
static atomic_uintptr_t handler_sp;

static void on_usr1(int signo, rawthread_siginfo_t* info, void* context) {
  (void)context;
  volatile char here = 0;
  atomic_store(&handler_sp, (uintptr_t)&here);
  atomic_store(&sender, info->fields.sender.pid);
  atomic_store(&code, info->code);
  if (signo == 10) atomic_fetch_add(&handled, 1);
}

struct probe {
  atomic_int ready;
  atomic_int leave;
  atomic_uint_least64_t mask;
  atomic_uintptr_t frame;
};

static int wait_for_leave(void* arg) {
  struct probe* p = arg;
  uint64_t now = 0;
  rawthread_sigmask(RAWTHREAD_SIG_BLOCK, NULL, &now);
  atomic_store(&p->mask, now);
  volatile char here = 0;
  atomic_store(&p->frame, (uintptr_t)&here);
  atomic_store(&p->ready, 1);
  while (!atomic_load(&p->leave)) rawthread_yield();
  return 7;
}

static void handler_runs_on_the_alternate_stack(void) {
  rawthread_sigaction_t saved;
  REQUIRE_CODE(rawthread_sigaction(10, NULL, &saved), 0);
  REQUIRE_CODE(rawthread_signal_handler(10, on_usr1, RAWTHREAD_SA_DEFAULT), 0);
  rawthread_sigaction_t now;
  REQUIRE_CODE(rawthread_sigaction(10, NULL, &now), 0);
  CHECK(now.handler == on_usr1);
  CHECK(now.flags == (RAWTHREAD_SA_DEFAULT | RAWTHREAD_SA_SIGINFO));

  const uint64_t mask = RAWTHREAD_SIGSET_OF(12) | RAWTHREAD_SIGSET_OF(50);
  struct probe p = {0};
  rawthread_options_t opts = {0};
  opts.signal_stack_size = 64 * 1024;
  opts.signal_mask = &mask;
  rawthread_t t;
  atomic_store(&handled, 0);
  REQUIRE_CODE(rawthread_create(&t, &opts, wait_for_leave, &p), 0);
  while (!atomic_load(&p.ready)) rawthread_yield();
  CHECK(atomic_load(&p.mask) == mask);
  CHECK_CODE(rawthread_kill(t, 10), 0);
  while (atomic_load(&handled) == 0) rawthread_yield();
  CHECK(atomic_load(&sender) == (int)getpid());
  CHECK(atomic_load(&code) == RAWTHREAD_SI_TKILL);
  /* The handler's frame is not on the thread's stack: the alternate stack lies above it. */
  CHECK(atomic_load(&handler_sp) > atomic_load(&p.frame));
  CHECK_CODE(rawthread_kill(t, 65), EINVAL);
  CHECK_CODE(rawthread_kill(NULL, 10), EINVAL);
  atomic_store(&p.leave, 1);
  int result = 0;
  CHECK_CODE(rawthread_join(t, &result), 0);
  CHECK(result == 7);

  CHECK_CODE(rawthread_signal_handler(10, RAWTHREAD_SIG_IGN, 0), 0);
  REQUIRE_CODE(rawthread_sigaction(10, NULL, &now), 0);
  CHECK(now.handler == RAWTHREAD_SIG_IGN);
  CHECK_CODE(rawthread_sigaction(10, &saved, NULL), 0);
}

static void errors_and_masks(void) {
  rawthread_sigaction_t act = {on_usr1, RAWTHREAD_SA_SIGINFO, 0};
  CHECK_CODE(rawthread_sigaction(0, &act, NULL), EINVAL);
  CHECK_CODE(rawthread_sigaction(65, NULL, NULL), EINVAL);
  CHECK_CODE(rawthread_sigaction(9, &act, NULL), EINVAL);
  CHECK_CODE(rawthread_sigaction(19, &act, NULL), EINVAL);
  CHECK_CODE(rawthread_signal_handler(9, on_usr1, RAWTHREAD_SA_DEFAULT), EINVAL);
  CHECK_CODE(rawthread_signal_handler(9, RAWTHREAD_SIG_IGN, 0), EINVAL);

  uint64_t original = 0;
  REQUIRE_CODE(rawthread_sigmask(RAWTHREAD_SIG_BLOCK, NULL, &original), 0);
  const uint64_t usr2 = RAWTHREAD_SIGSET_OF(12);
  uint64_t before = 1;
  CHECK_CODE(rawthread_sigmask(RAWTHREAD_SIG_BLOCK, &usr2, &before), 0);
  CHECK(before == original);
  uint64_t now = 0;
  CHECK_CODE(rawthread_sigmask(RAWTHREAD_SIG_SETMASK, &original, &now), 0);
  CHECK(now == (original | usr2));
  CHECK_CODE(rawthread_sigmask(9, &usr2, NULL), EINVAL);

  rawthread_options_t opts = {0};
  opts.signal_stack_size = SIZE_MAX / 2;
  rawthread_t t;
  CHECK_CODE(rawthread_create(&t, &opts, wait_for_leave, NULL), EINVAL);
}

void signal_tests(void) {
  handler_runs_on_the_alternate_stack();
  errors_and_masks();
}
