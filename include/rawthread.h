// SPDX-License-Identifier: MIT
/* <rawthread.h>: the C API of rawthread, usable from C and C++.
 *
 * C99 or later (C11 adds nothing needed here); the header also compiles as C++.
 *
 * Conventions:
 * - Functions that can fail return 0 on success or a positive errno code (the kernel's numbers:
 *   EINVAL is 22 and so on); rawthread_error_name(code) gives its name. errno is never touched.
 * - Handles (rawthread_t) are opaque pointers. Sync objects are plain structs of fixed size with
 *   static initializers; they need no destroy call (the _destroy functions, for ported code,
 *   only check) and may be copied only before first use.
 * - Nothing here allocates from a heap, and no function calls libc.
 *
 * What a child thread may call:
 * - hosted (rawthread linked into a glibc or musl program): libc owns the thread pointer and the
 *   child shares its creator's TLS, so it must not call libc (printf, malloc, anything setting
 *   errno, _Thread_local). Every function of this header is safe in it.
 * - freestanding (rawthread's _start ran, or the runtime called rawthread_init): every thread
 *   has its own static TLS, so _Thread_local works too; every function here is safe.
 * The few exceptions are stated at the function.
 */
#ifndef RAWTHREAD_H
#define RAWTHREAD_H

#include <stdarg.h>
#include <stddef.h>
#include <stdint.h>

#include <rawthread/arch/syscall_numbers.h>
#include <rawthread/version.hpp>

#define RAWTHREAD_PRINTF_LIKE(fmt, args) __attribute__((format(printf, fmt, args)))
/* [[noreturn]] in C++ and C23, _Noreturn in C11 and C17, the GNU attribute in C99. */
#if defined(__cplusplus) || (defined(__STDC_VERSION__) && __STDC_VERSION__ >= 202311L)
#define RAWTHREAD_NORETURN [[noreturn]]
#elif defined(__STDC_VERSION__) && __STDC_VERSION__ >= 201112L
#define RAWTHREAD_NORETURN _Noreturn
#else
#define RAWTHREAD_NORETURN __attribute__((noreturn))
#endif
#ifdef __cplusplus
extern "C" {
#endif

/* ---- errors ---------------------------------------------------------------------------- */

/* "EAGAIN" for 11 and so on; "E?" for a code it does not know. Never NULL. */
const char* rawthread_error_name(int code);

/* ---- threads --------------------------------------------------------------------------- */

/* A joinable thread. Each handle is given to exactly one rawthread_join or rawthread_detach;
 * using it after that is undefined (as with pthread_t). */
typedef struct rawthread_handle* rawthread_t;

/* A set of CPUs 0..1023 (bit n of the kernel's affinity mask: CPU n), for thread affinity.
 * {0} is the empty set; rawthread_cpu_set_add fills it. */
typedef struct rawthread_cpu_set {
  uint64_t bits[16];
} rawthread_cpu_set_t;

/* Adds cpu to set. EINVAL: set NULL, or cpu above 1023 (nothing changes). */
int rawthread_cpu_set_add(rawthread_cpu_set_t* set, unsigned cpu);

/* Creation options. Start from all defaults, then set what you need:
 *   C:    rawthread_options_t opts = RAWTHREAD_OPTIONS_INIT;    (or {0})
 *   C++:  rawthread_options_t opts = RAWTHREAD_OPTIONS_INIT;    or  rawthread_options_t opts{};
 *   any:  rawthread_options_init(&opts);                        (memory obtained at run time)
 * ({0} works in C++ too but warns under -Wmissing-field-initializers, part of -Wextra.)
 *   stack_size  usable stack in bytes, rounded up to pages; 0: RAWTHREAD_DEFAULT_STACK_SIZE.
 *               Below RAWTHREAD_MIN_STACK_SIZE: EINVAL.
 *   guard_size  PROT_NONE bytes below the stack (an overflow into them raises SIGSEGV), rounded
 *               up to pages; 0: RAWTHREAD_DEFAULT_GUARD_SIZE; RAWTHREAD_NO_GUARD: none.
 *   name        at most 15 bytes (else EINVAL), shown in /proc/self/task/<tid>/comm; NULL keeps
 *               the creator's name. Copied: the string need not outlive the call.
 *   affinity    the CPUs the thread may run on, in force before fn starts; NULL inherits the
 *               creator's. EINVAL: an empty set, or one with no CPU this process may use. Read
 *               only during the call.
 *   signal_stack_size  an alternate signal stack of at least this many bytes in the thread's
 *               mapping, with its own guard page, installed before fn starts; 0: none. Raised to
 *               the kernel's minimum. Handlers installed with RAWTHREAD_SA_ONSTACK run on it.
 *   signal_mask the signal mask fn starts with (bit n-1: signal n); NULL: the creator's. Read
 *               only during the call; the creator's own mask is unchanged afterwards.
 *   detached    non-zero: the thread starts detached and *out is set to NULL (there is nothing
 *               to join). EINVAL together with stack_memory.
 *   stack_memory, stack_memory_size  a stack of the caller's own (both set, or NULL and 0):
 *               the thread's control block, fn's call and (freestanding) its TLS go at its top,
 *               the stack below. No guard is made (stack_size and guard_size are ignored) and
 *               rawthread never unmaps or caches it: it is the caller's again once rawthread_join
 *               (or a successful tryjoin/timedjoin) has returned. Such a thread cannot be
 *               detached (rawthread_detach: EINVAL, it stays joinable). EINVAL: not 16-byte
 *               aligned, a size not a multiple of 16 or below RAWTHREAD_MIN_STACK_SIZE (which,
 *               as PTHREAD_STACK_MIN, is enough), less than 8 KiB of it left for the stack
 *               under what goes at its top (a large freestanding TLS block), or a
 *               signal_stack_size as well.
 *   sched_policy, sched_priority, sched_nice  RAWTHREAD_SCHED_INHERIT (0: the creator's), or
 *               OTHER/BATCH/IDLE with sched_nice -20..19 (sched_priority 0), or FIFO/RR with
 *               sched_priority 1..99; else EINVAL. Applied to the thread before fn starts.
 *               EPERM when the kernel refuses (no CAP_SYS_NICE, RLIMIT_RTPRIO, RLIMIT_NICE):
 *               nothing is left behind. */
typedef struct rawthread_options {
  size_t stack_size;
  size_t guard_size;
  const char* name;
  const rawthread_cpu_set_t* affinity;
  size_t signal_stack_size;
  const uint64_t* signal_mask;
  int detached;
  void* stack_memory;
  size_t stack_memory_size;
  int sched_policy;
  int sched_priority;
  int sched_nice;
} rawthread_options_t;

/* Every member zero: every default. */
#define RAWTHREAD_OPTIONS_INIT { 0, 0, NULL, NULL, 0, NULL, 0, NULL, 0, 0, 0, 0 }

/* rawthread_options_t::sched_policy (rawthread's numbers, not the kernel's SCHED_*). */
#define RAWTHREAD_SCHED_INHERIT 0
#define RAWTHREAD_SCHED_OTHER 1
#define RAWTHREAD_SCHED_FIFO 2
#define RAWTHREAD_SCHED_RR 3
#define RAWTHREAD_SCHED_BATCH 4
#define RAWTHREAD_SCHED_IDLE 5
/* Sets every member of *opts to its default (RAWTHREAD_OPTIONS_INIT). EINVAL: opts NULL. */
int rawthread_options_init(rawthread_options_t* opts);

#define RAWTHREAD_DEFAULT_STACK_SIZE ((size_t)1 << 20)
#define RAWTHREAD_MIN_STACK_SIZE ((size_t)16 << 10)
#define RAWTHREAD_DEFAULT_GUARD_SIZE ((size_t)4 << 10)
#define RAWTHREAD_NO_GUARD SIZE_MAX

/* Starts fn(arg) in a new thread and stores its handle in *out (untouched on failure).
 * opts may be NULL (all defaults).
 * EINVAL: out or fn NULL, or a bad option (see rawthread_options_t). EAGAIN, as pthread_create
 * says for any lack of resources: no memory or address space for the thread's mapping, or the
 * kernel refused another thread (RLIMIT_NPROC, threads-max). (C++'s spawn tells the first apart
 * as ENOMEM.) On failure nothing is left behind. */
int rawthread_create(rawthread_t* out, const rawthread_options_t* opts, int (*fn)(void*),
                     void* arg);

/* Waits for t to end, frees its stack and stores fn's return value (or rawthread_exit's code)
 * in *result unless result is NULL. EINVAL: t is NULL. EDEADLK: t is the calling thread (t stays
 * joinable). */
int rawthread_join(rawthread_t t, int* result);

/* Lets t run on alone; it frees its own stack when it ends. EINVAL: t is NULL. */
/* rawthread_join if t has already ended, else EBUSY at once (t stays joinable). */
int rawthread_tryjoin(rawthread_t t, int* result);
/* rawthread_join, giving up when CLOCK_MONOTONIC (rawthread_now_ns) reaches deadline_ns:
 * ETIMEDOUT, and t stays joinable. */
int rawthread_timedjoin(rawthread_t t, int64_t deadline_ns, int* result);
/* Waits until one of threads[0..count) has ended and stores its index in *index; that thread is
 * not joined (rawthread_join on it then returns at once). Null handles are skipped. EINVAL: no
 * non-null handle (or a null threads/index). EDEADLK: the caller is one of them. */
int rawthread_join_any(rawthread_t* threads, size_t count, size_t* index);
int rawthread_detach(rawthread_t t);

/* The cache of dead threads' stacks (see <rawthread/thread.hpp>): a joined or detached thread's
 * mapping is kept for the next create asking for the same sizes, which then needs no mmap. By
 * default it holds up to 32 mappings and 40 MiB. */

/* Sets its bounds; lowering them unmaps what no longer fits. 0 mappings disables it.
 * EINVAL: more than 64 mappings (nothing changes). */
int rawthread_cache_set_limits(size_t mappings, size_t bytes);
/* What it holds now; either pointer may be NULL. */
void rawthread_cache_usage(size_t* mappings, size_t* bytes);
/* Unmaps every cached mapping; returns how many there were. */
size_t rawthread_cache_release(void);

/* The kernel thread id of t (what gettid() returns inside it); 0 for NULL. Valid until t is
 * joined or detached. */
int rawthread_id(rawthread_t t);

/* The calling thread's kernel thread id, in any thread: rawthread's, main, a pthread, and those
 * made with rawthread::sys::clone with or without TLS of their own (as this_thread::id() in
 * <rawthread/thread.hpp> says). In a freestanding program, a thread made outside rawthread (a
 * clone instruction of your own) on its creator's thread pointer gets its creator's id: ask the
 * kernel (gettid) there. */
int rawthread_self(void);

/* Renames t (at most 15 bytes: else EINVAL), as /proc/self/task/<tid>/comm shows it. ESRCH: t
 * has ended. EINVAL: t or name NULL. From another thread this writes t's comm file in /proc. */
int rawthread_setname(rawthread_t t, const char* name);
/* Renames the calling thread, any thread (prctl). EINVAL: name NULL or longer than 15 bytes. */
int rawthread_setname_self(const char* name);
/* Copies t's name with its NUL into buf. ERANGE: size below 16. EINVAL: t or buf NULL. ESRCH: t
 * has ended. */
int rawthread_getname(rawthread_t t, char* buf, size_t size);

/* The calling thread's usable stack, [*low, *high), as this_thread::stack_bounds() in
 * <rawthread/thread.hpp> finds it, in any thread. ENOENT: not known (a main thread whose
 * RLIMIT_STACK is unlimited, freestanding; /proc unreadable, hosted). EINVAL: low or high NULL. */
int rawthread_stack_bounds(void** low, void** high);

/* Gives up the CPU (sched_yield). */
void rawthread_yield(void);

/* Sleeps at least ns nanoseconds (CLOCK_MONOTONIC), resuming after signal interruptions.
 * EINVAL: ns is negative. */
int rawthread_sleep_ns(int64_t ns);

/* Ends the calling thread; its joiner gets code. In a thread rawthread did not create (main, a
 * pthread) it ends just that thread with SYS_exit, running no libc clean-up. */
RAWTHREAD_NORETURN void rawthread_exit(int code);

/* ---- signals --------------------------------------------------------------------------- */
/* Handlers, masks and signals aimed at one thread, with the kernel's numbers (1..64; no libc
 * reserves any real-time signal here) and without libc: rawthread supplies the return trampoline
 * a handler needs. Every function here is a system call or two: safe in any thread in both modes
 * and inside handlers. Masks are the kernel's 64-bit sets, bit n-1 for signal n. */

#define RAWTHREAD_SIGSET_OF(signo) ((uint64_t)1 << ((signo) - 1))
#define RAWTHREAD_SIG_BLOCK 0
#define RAWTHREAD_SIG_UNBLOCK 1
#define RAWTHREAD_SIG_SETMASK 2

#define RAWTHREAD_SA_NOCLDSTOP 0x00000001UL
#define RAWTHREAD_SA_NOCLDWAIT 0x00000002UL
#define RAWTHREAD_SA_SIGINFO 0x00000004UL
#define RAWTHREAD_SA_ONSTACK 0x08000000UL
#define RAWTHREAD_SA_RESTART 0x10000000UL
#define RAWTHREAD_SA_NODEFER 0x40000000UL
#define RAWTHREAD_SA_RESETHAND 0x80000000UL
/* The flags set_signal_handler defaults to in C++: pass them to rawthread_signal_handler. */
#define RAWTHREAD_SA_DEFAULT (RAWTHREAD_SA_RESTART | RAWTHREAD_SA_ONSTACK)

/* si_code values: sent by kill, by rawthread_kill (tgkill); a fault at an unmapped address, or
 * at one the mapping forbids (a guard page). */
#define RAWTHREAD_SI_USER 0
#define RAWTHREAD_SI_TKILL (-6)
#define RAWTHREAD_SEGV_MAPERR 1
#define RAWTHREAD_SEGV_ACCERR 2

typedef union rawthread_sigval {
  int integer;
  void* pointer;
} rawthread_sigval_t;

/* The kernel's siginfo (128 bytes); `fields` is valid according to signo and code. The same
 * layout as rawthread::sys::siginfo. */
typedef struct rawthread_siginfo {
  int signo;
  int error_number;
  int code;
  union {
    struct {
      int pid;
      uint32_t uid;
      rawthread_sigval_t value;
    } sender; /* kill, rawthread_kill, sigqueue */
    struct {
      int timer_id;
      int overrun;
      rawthread_sigval_t value;
    } timer;
    struct {
      int pid;
      uint32_t uid;
      int status;
      long user_time;
      long system_time;
    } child; /* SIGCHLD */
    struct {
      void* address;
    } fault; /* SIGSEGV, SIGBUS, SIGILL, SIGFPE, SIGTRAP */
    struct {
      long band;
      int fd;
    } poll;
    int padding[(128 - (sizeof(void*) == 8 ? 16 : 12)) / sizeof(int)];
  } fields;
} rawthread_siginfo_t;

typedef void (*rawthread_signal_handler_t)(int signo, rawthread_siginfo_t* info, void* ucontext);
#define RAWTHREAD_SIG_DFL ((rawthread_signal_handler_t)0)
#define RAWTHREAD_SIG_IGN ((rawthread_signal_handler_t)1)

typedef struct rawthread_sigaction {
  rawthread_signal_handler_t handler; /* or RAWTHREAD_SIG_DFL / RAWTHREAD_SIG_IGN */
  unsigned long flags;                /* RAWTHREAD_SA_* */
  uint64_t mask;                      /* blocked while the handler runs */
} rawthread_sigaction_t;

/* The raw rt_sigaction with rawthread's restorer: installs *act unless NULL, stores the earlier
 * action in *old unless NULL. EINVAL: signo outside 1..64, or an action for SIGKILL/SIGSTOP. */
int rawthread_sigaction(int signo, const rawthread_sigaction_t* act, rawthread_sigaction_t* old);

/* Runs handler for signo in every thread, with RAWTHREAD_SA_SIGINFO added to flags (usually
 * RAWTHREAD_SA_DEFAULT: restart interrupted calls, run on the alternate stack). RAWTHREAD_SIG_DFL
 * and RAWTHREAD_SIG_IGN restore the default action or ignore signo (flags unused). EINVAL as
 * rawthread_sigaction. */
int rawthread_signal_handler(int signo, rawthread_signal_handler_t handler, unsigned long flags);

/* Sends signo to thread t alone (tgkill); 0 checks that t still runs. EINVAL: t NULL or signo
 * outside 0..64. ESRCH: t has ended (it still needs its join or detach). */
int rawthread_kill(rawthread_t t, int signo);

/* The calling thread's mask, as rt_sigprocmask: how is RAWTHREAD_SIG_BLOCK, _UNBLOCK or _SETMASK;
 * set NULL only reads. *old (unless NULL) gets the mask before. EINVAL: another how with a set. */
int rawthread_sigmask(int how, const uint64_t* set, uint64_t* old);

/* From now on, a thread that overflows into its guard page prints
 *   rawthread: thread <tid> "<name>" overflowed its <N> KiB stack
 * on fd 2 and the process dies by SIGSEGV; other faults go to the handler installed before. See
 * report_stack_overflows in <rawthread/signal.hpp>. ENOMEM: no memory for the main thread's
 * alternate stack (freestanding). */
int rawthread_report_stack_overflows(void);

/* ---- time ------------------------------------------------------------------------------ */

/* Now on CLOCK_MONOTONIC, in nanoseconds: the clock of every deadline below. */
int64_t rawthread_now_ns(void);

/* ---- synchronisation ------------------------------------------------------------------- */
/* Built on futex(2). Each object is usable as soon as it holds its static initializer (or after
 * its _init function, for memory obtained at run time) and must not be copied or moved while in
 * use. The fields are private: their layout is the C++ object's (<rawthread/sync.hpp>), which
 * static_asserts check. Every function returns EINVAL for a NULL object.
 * Deadlines: the _timed functions take an absolute deadline in nanoseconds on CLOCK_MONOTONIC
 * (rawthread_now_ns() + a timeout; a condition variable's own clock for it), the _ts forms the
 * same instant as a rawthread_timespec_t (EINVAL when tv_nsec is outside [0, 999999999], as
 * POSIX says). POSIX's timed waits count on CLOCK_REALTIME instead: the _clock forms (POSIX
 * 2024's pthread_mutex_clocklock, sem_clockwait ... by name) take the clock as well,
 * RAWTHREAD_CLOCK_REALTIME or RAWTHREAD_CLOCK_MONOTONIC (EINVAL for any other). A deadline on a
 * clock other than the wait's own (CLOCK_MONOTONIC; a condition variable's own clock) is
 * converted once, when the call begins: a change of the system clock during the wait is not
 * followed, except by a condition variable made with RAWTHREAD_COND_CLOCK_REALTIME and waited
 * on with a CLOCK_REALTIME deadline. Timed waits return ETIMEDOUT once the deadline has passed,
 * never before (on the clock the wait counts on).
 * Process-shared objects: pass RAWTHREAD_PROCESS_SHARED to an _init function and place the object
 * in memory every process maps (MAP_SHARED); objects set up any other way are private to one
 * process. Misuse that sync.hpp traps on (unlocking a normal mutex nobody holds, waiting on a
 * condition with a mutex the caller does not hold) traps here too.
 * _destroy: returns EBUSY for an object in use where POSIX lets destroy fail so (a held mutex or
 * rwlock, a condition variable or semaphore with sleepers, a barrier mid-phase), else 0; it frees
 * nothing (there is nothing to free) and the object may be _init'ed again.
 * As in POSIX, only the semaphore waits report a signal handler interrupting them (EINTR, see
 * rawthread_sem_wait); mutex locks, condition waits (which may return 0 spuriously, as ever),
 * latch and barrier waits and rawthread_join resume after a handler. */

/* An absolute time (deadlines) or a duration: seconds and nanoseconds, like struct timespec but
 * in the kernel's 64-bit layout on every architecture (no year-2038 limit on 32-bit arm). */
typedef struct rawthread_timespec {
  int64_t tv_sec;
  int64_t tv_nsec;
} rawthread_timespec_t;

/* Flag for every _init_attr / _init_kind: usable by several processes (shared futex ops). */
#define RAWTHREAD_PROCESS_SHARED 0x100

/* A mutex. The default kind is normal: non-recursive, unchecked, uncontended lock and unlock
 * make no system call. Kinds for rawthread_mutex_init_kind (one of the first three, optionally
 * with the flags):
 *   RAWTHREAD_MUTEX_NORMAL      as the default.
 *   RAWTHREAD_MUTEX_RECURSIVE   its owner may lock it again; each lock needs an unlock. A lock
 *                               past depth 2^31 - 1 returns EAGAIN.
 *   RAWTHREAD_MUTEX_ERRORCHECK  relock by its owner returns EDEADLK.
 *   | RAWTHREAD_MUTEX_ROBUST    when the owner dies holding it the next locker gets EOWNERDEAD
 *                               (holding it), then calls rawthread_mutex_consistent or, if it
 *                               unlocks without, every later lock returns ENOTRECOVERABLE.
 *                               Error-checking unless RECURSIVE. See <rawthread/sync.hpp>'s
 *                               robust_mutex (and its limit under qemu-user).
 *   | RAWTHREAD_PROCESS_SHARED
 * Every kind but normal knows its owner: unlock by another thread returns EPERM, and in a
 * hosted program each lock and unlock costs a gettid system call. */
typedef struct rawthread_mutex {
  int32_t private_kind;
  void* private_link;
  int32_t private_words[4];
} rawthread_mutex_t;
#define RAWTHREAD_MUTEX_INIT { 0, 0, { 0, 0, 0, 0 } }
#define RAWTHREAD_MUTEX_INITIALIZER RAWTHREAD_MUTEX_INIT
#define RAWTHREAD_MUTEX_NORMAL 0
#define RAWTHREAD_MUTEX_RECURSIVE 1
#define RAWTHREAD_MUTEX_ERRORCHECK 2
#define RAWTHREAD_MUTEX_ROBUST 4
/* Makes *m an unlocked normal mutex, as RAWTHREAD_MUTEX_INIT does. */
int rawthread_mutex_init(rawthread_mutex_t* m);
/* EINVAL: an unknown kind or flag, or RECURSIVE with ERRORCHECK (nothing changes). */
int rawthread_mutex_init_kind(rawthread_mutex_t* m, int kind);
/* Takes the lock, sleeping while another thread holds it (a normal mutex relocked by its holder
 * deadlocks). 0, or (not normal): EDEADLK, EAGAIN; (robust): EOWNERDEAD, ENOTRECOVERABLE, EAGAIN. */
int rawthread_mutex_lock(rawthread_mutex_t* m);
/* EBUSY: the mutex is held (by another thread, or by the caller unless recursive). */
int rawthread_mutex_trylock(rawthread_mutex_t* m);
/* As lock, giving up at the deadline: ETIMEDOUT. */
int rawthread_mutex_timedlock(rawthread_mutex_t* m, int64_t deadline_ns);
int rawthread_mutex_timedlock_ts(rawthread_mutex_t* m, const rawthread_timespec_t* deadline);
/* As timedlock_ts, the deadline on `clock` (pthread_mutex_timedlock is
 * rawthread_mutex_clocklock(m, RAWTHREAD_CLOCK_REALTIME, ts)). */
int rawthread_mutex_clocklock(rawthread_mutex_t* m, int clock,
                              const rawthread_timespec_t* deadline);
/* Releases the lock and wakes one sleeper if there may be one. A normal mutex traps if it is not
 * locked; EPERM (not normal): the caller does not hold it. */
int rawthread_mutex_unlock(rawthread_mutex_t* m);
/* After EOWNERDEAD: the protected state is repaired. EINVAL: not robust, not held by the
 * caller, or not taken with EOWNERDEAD. */
int rawthread_mutex_consistent(rawthread_mutex_t* m);
/* EBUSY: held. */
int rawthread_mutex_destroy(rawthread_mutex_t* m);

/* A condition variable for a rawthread_mutex_t of any kind. Waits may return spuriously: wait in
 * a loop that re-checks the condition. signal wakes one waiter, broadcast all of them. */
typedef struct rawthread_cond {
  int32_t private_words[4];
  void* private_mutex;
} rawthread_cond_t;
#define RAWTHREAD_COND_INIT { { 0, 0, 0, 0 }, 0 }
#define RAWTHREAD_COND_INITIALIZER RAWTHREAD_COND_INIT
/* Flag for rawthread_cond_init_attr: deadlines are on CLOCK_REALTIME (default CLOCK_MONOTONIC). */
#define RAWTHREAD_COND_CLOCK_REALTIME 0x1
/* Makes *c a condition variable nobody waits on, as RAWTHREAD_COND_INIT does. */
int rawthread_cond_init(rawthread_cond_t* c);
/* flags: RAWTHREAD_COND_CLOCK_REALTIME, RAWTHREAD_PROCESS_SHARED. EINVAL: another bit. */
int rawthread_cond_init_attr(rawthread_cond_t* c, int flags);
/* Releases m (which the caller holds), sleeps until signalled, locks m again. With a robust m
 * the relock may report EOWNERDEAD (m held) or ENOTRECOVERABLE (m not held). */
int rawthread_cond_wait(rawthread_cond_t* c, rawthread_mutex_t* m);
/* As rawthread_cond_wait, giving up at the deadline, on the condition's clock: ETIMEDOUT (m is
 * held again either way). */
int rawthread_cond_timedwait(rawthread_cond_t* c, rawthread_mutex_t* m, int64_t deadline_ns);
int rawthread_cond_timedwait_ts(rawthread_cond_t* c, rawthread_mutex_t* m,
                                const rawthread_timespec_t* deadline);
/* As timedwait_ts, the deadline on `clock`, whatever the condition's own clock. */
int rawthread_cond_clockwait(rawthread_cond_t* c, rawthread_mutex_t* m, int clock,
                             const rawthread_timespec_t* deadline);
/* Wakes one waiter / every waiter; with nobody waiting they make no system call. */
int rawthread_cond_signal(rawthread_cond_t* c);
int rawthread_cond_broadcast(rawthread_cond_t* c);
/* Waits (up to about a second) for the waiters a signal or broadcast released to leave the
 * wait, so the condition may be destroyed and its memory reused right after a broadcast (call
 * it with the mutex unlocked: they need it to leave). EBUSY: a waiter is still inside then
 * (blocked, nobody woke it). */
int rawthread_cond_destroy(rawthread_cond_t* c);

/* Runs fn(arg) exactly once per flag however many threads race; the others wait until it has
 * returned. Calling rawthread_once on the same flag from inside fn deadlocks. fn must return
 * normally: from C++, no exception may leave it (rawthread's own frames cannot be unwound; C++
 * code wanting a retry after an exception uses rawthread::call_once). EINVAL: fn NULL. */
typedef struct rawthread_once {
  int32_t private_state;
} rawthread_once_t;
#define RAWTHREAD_ONCE_INIT { 0 }
#define RAWTHREAD_ONCE_INITIALIZER RAWTHREAD_ONCE_INIT
int rawthread_once(rawthread_once_t* once, void (*fn)(void* arg), void* arg);

/* A counting semaphore. */
typedef struct rawthread_sem {
  int32_t private_count;
  int32_t private_sleepers;
  int32_t private_scope;
} rawthread_sem_t;
/* value must be a constant >= 0. */
#define RAWTHREAD_SEM_INIT(value) { (value), 0, 0 }
#define RAWTHREAD_SEM_INITIALIZER(value) RAWTHREAD_SEM_INIT(value)
/* EINVAL: value negative. */
int rawthread_sem_init(rawthread_sem_t* s, int value);
/* flags: RAWTHREAD_PROCESS_SHARED or 0. EINVAL: value negative, another flag. */
int rawthread_sem_init_attr(rawthread_sem_t* s, int value, int flags);
/* Takes one unit, sleeping while there is none. EINTR (no unit taken): a signal handler installed
 * without SA_RESTART interrupted the sleep (with SA_RESTART the kernel resumes it), as sem_wait. */
int rawthread_sem_wait(rawthread_sem_t* s);
/* EAGAIN: no unit available right now. */
int rawthread_sem_trywait(rawthread_sem_t* s);
/* ETIMEDOUT: still no unit at deadline_ns. EINTR (no unit taken): a signal handler interrupted
 * the sleep, SA_RESTART or not (the kernel never resumes a timed sleep; so does sem_timedwait). */
int rawthread_sem_timedwait(rawthread_sem_t* s, int64_t deadline_ns);
int rawthread_sem_timedwait_ts(rawthread_sem_t* s, const rawthread_timespec_t* deadline);
/* As timedwait_ts, the deadline on `clock` (sem_timedwait's is CLOCK_REALTIME). */
int rawthread_sem_clockwait(rawthread_sem_t* s, int clock, const rawthread_timespec_t* deadline);
/* Adds n units and wakes up to n sleepers. EINVAL: n negative. EOVERFLOW: the count would pass
 * INT32_MAX. Nothing changes on error. */
int rawthread_sem_post(rawthread_sem_t* s, int n);
/* The units available now, in *value (a snapshot). */
int rawthread_sem_getvalue(const rawthread_sem_t* s, int* value);
/* Waits (up to about a second) for the waiters a post let through to leave their wait, so the
 * semaphore may be destroyed and its memory reused right after that post (or by the thread
 * whose wait took the last unit: a post never touches the semaphore after publishing its
 * units). EBUSY: a thread still waits then (no unit came for it). */
int rawthread_sem_destroy(rawthread_sem_t* s);

/* A single-use countdown: waiters are released once the count reaches zero. */
typedef struct rawthread_latch {
  int32_t private_count;
} rawthread_latch_t;
/* count must be a constant >= 0. */
#define RAWTHREAD_LATCH_INIT(count) { (count) }
#define RAWTHREAD_LATCH_INITIALIZER(count) RAWTHREAD_LATCH_INIT(count)
/* EINVAL: count negative. */
int rawthread_latch_init(rawthread_latch_t* l, int count);
/* Takes n from the count. EINVAL: n negative or more than remains (nothing changes). */
int rawthread_latch_count_down(rawthread_latch_t* l, int n);
/* Blocks until the count is zero. */
int rawthread_latch_wait(rawthread_latch_t* l);
/* EAGAIN: the count is not zero yet. Never blocks. */
int rawthread_latch_trywait(const rawthread_latch_t* l);
/* Nothing to do: 0 (EINVAL for NULL). */
int rawthread_latch_destroy(rawthread_latch_t* l);

/* A reusable barrier: each phase ends when `parties` threads have called wait. */
typedef struct rawthread_barrier {
  int32_t private_words[6];
} rawthread_barrier_t;
/* parties must be a constant > 0. */
#define RAWTHREAD_BARRIER_INIT(parties) { { (parties), (parties), 0, 0, 0, 0 } }
#define RAWTHREAD_BARRIER_INITIALIZER(parties) RAWTHREAD_BARRIER_INIT(parties)
/* EINVAL: parties <= 0. */
int rawthread_barrier_init(rawthread_barrier_t* b, int parties);
/* flags: RAWTHREAD_PROCESS_SHARED or 0. EINVAL: parties <= 0, another flag. */
int rawthread_barrier_init_attr(rawthread_barrier_t* b, int parties, int flags);
/* Waits for the phase to fill. Returns RAWTHREAD_BARRIER_SERIAL_THREAD in exactly one thread
 * per phase and 0 in the others (as pthread_barrier_wait does), or EINVAL. */
int rawthread_barrier_wait(rawthread_barrier_t* b);
#define RAWTHREAD_BARRIER_SERIAL_THREAD (-1)
/* EBUSY: some parties have arrived in the current phase. Otherwise waits (up to about a
 * second) for the parties the last phase released to leave rawthread_barrier_wait, so that
 * the thread that got RAWTHREAD_BARRIER_SERIAL_THREAD may destroy it and reuse its memory at
 * once; EBUSY if one is still inside then. */
int rawthread_barrier_destroy(rawthread_barrier_t* b);

/* A reader-writer lock (<rawthread/sync.hpp>'s shared_mutex): many readers or one writer. By
 * default a waiting writer keeps new readers out, so writers never starve (and a thread taking
 * the read side twice may deadlock against a writer that came in between);
 * RAWTHREAD_RWLOCK_PREFER_READERS lets readers in whenever no writer holds it. Not recursive
 * for writers; unlocking a lock nobody holds is EPERM (see rawthread_rwlock_unlock). */
typedef struct rawthread_rwlock {
  int32_t private_words[3];
} rawthread_rwlock_t;
#define RAWTHREAD_RWLOCK_INIT { { 0, 0, 0 } }
#define RAWTHREAD_RWLOCK_INITIALIZER RAWTHREAD_RWLOCK_INIT
#define RAWTHREAD_RWLOCK_PREFER_READERS 0x1
int rawthread_rwlock_init(rawthread_rwlock_t* rw);
/* flags: RAWTHREAD_RWLOCK_PREFER_READERS, RAWTHREAD_PROCESS_SHARED. EINVAL: another bit. */
int rawthread_rwlock_init_attr(rawthread_rwlock_t* rw, int flags);
int rawthread_rwlock_rdlock(rawthread_rwlock_t* rw);
/* EBUSY: a writer holds it, or (preferring writers) waits for it. */
int rawthread_rwlock_tryrdlock(rawthread_rwlock_t* rw);
/* ETIMEDOUT: not taken by the deadline. */
int rawthread_rwlock_timedrdlock(rawthread_rwlock_t* rw, int64_t deadline_ns);
int rawthread_rwlock_timedrdlock_ts(rawthread_rwlock_t* rw, const rawthread_timespec_t* deadline);
/* As timedrdlock_ts, the deadline on `clock` (pthread_rwlock_timedrdlock's is CLOCK_REALTIME). */
int rawthread_rwlock_clockrdlock(rawthread_rwlock_t* rw, int clock,
                                 const rawthread_timespec_t* deadline);
int rawthread_rwlock_wrlock(rawthread_rwlock_t* rw);
/* EBUSY: anyone holds it. */
int rawthread_rwlock_trywrlock(rawthread_rwlock_t* rw);
int rawthread_rwlock_timedwrlock(rawthread_rwlock_t* rw, int64_t deadline_ns);
int rawthread_rwlock_timedwrlock_ts(rawthread_rwlock_t* rw, const rawthread_timespec_t* deadline);
/* As timedwrlock_ts, the deadline on `clock`. */
int rawthread_rwlock_clockwrlock(rawthread_rwlock_t* rw, int clock,
                                 const rawthread_timespec_t* deadline);
/* Releases the caller's hold, read or write. EPERM, changing nothing, when nobody holds it
 * (POSIX's "may fail"); readers are not recorded, so an unlock by a thread that holds nothing
 * while others read releases one of their holds, as glibc's does. */
int rawthread_rwlock_unlock(rawthread_rwlock_t* rw);
/* EBUSY: held. */
int rawthread_rwlock_destroy(rawthread_rwlock_t* rw);

/* ---- thread-specific data --------------------------------------------------------------- */
/* One pointer per thread and key, in both modes (see rawthread::thread_key in
 * <rawthread/sync/thread_key.hpp>): get and set make no system call. Destructors run in threads
 * rawthread created as they end (return or rawthread_exit), up to RAWTHREAD_DESTRUCTOR_ITERATIONS
 * rounds, in key order; not in the main thread or threads libc made. */
typedef unsigned rawthread_key_t;
#define RAWTHREAD_KEYS_MAX 128
#define RAWTHREAD_DESTRUCTOR_ITERATIONS 4
/* EAGAIN: RAWTHREAD_KEYS_MAX keys exist. EINVAL: key NULL. */
int rawthread_key_create(rawthread_key_t* key, void (*destructor)(void*));
/* EINVAL: not a live key. The values are not freed and no destructor runs. */
int rawthread_key_delete(rawthread_key_t key);
/* The calling thread's value for key; NULL when none (or not a live key). */
void* rawthread_getspecific(rawthread_key_t key);
/* EINVAL: not a live key. */
int rawthread_setspecific(rawthread_key_t key, const void* value);

/* ---- output ---------------------------------------------------------------------------- */
/* What threads print with instead of stdio (<rawthread/io.hpp>): no locks, no buffers shared
 * between threads, no libc, so every function here is safe in any thread in both modes and in
 * signal handlers. Each call's output up to 4096 bytes (PIPE_BUF) leaves in one write(2), so lines
 * from different threads never tear. Short writes are resumed and EINTR retried; other errors
 * (EBADF, EPIPE, EAGAIN on a full non-blocking fd, ...) end the call and are returned. */

/* Writes all len bytes of buf to fd. *written (unless NULL) gets the bytes the kernel took, also
 * on error. EINVAL: buf NULL with len > 0. */
int rawthread_write(int fd, const void* buf, size_t len, size_t* written);

/* Writes the string s (without its NUL). EINVAL: s NULL. */
int rawthread_print(int fd, const char* s);

/* printf to fd. Returns 0 or an errno code like every function here, not a count (ask
 * rawthread_snprintf(NULL, 0, ...) for the length). The format language is the subset of
 * <rawthread/io/printf.hpp>: %d %i %u %x %X %o %c %s %p %%, flags - 0 + space #, width,
 * precision, *, length modifiers hh h l ll z j t, byte-identical to glibc's output; anything
 * else (%f, %n, ...) is printed literally and consumes no argument. EINVAL: fmt NULL. */
int rawthread_printf(int fd, const char* fmt, ...) RAWTHREAD_PRINTF_LIKE(2, 3);
/* rawthread_printf with a va_list. */
int rawthread_vprintf(int fd, const char* fmt, va_list ap);

/* Formats into buf as C's snprintf does: at most cap - 1 bytes and a NUL (buf may be NULL when
 * cap is 0). Returns the length the whole output has, so a result >= cap means it was cut; -1
 * when fmt is NULL, buf is NULL with cap > 0, or the length does not fit an int (as glibc, for
 * example with a * width of INT_MIN: 2^31 columns); the bytes that fit are stored even then. */
int rawthread_snprintf(char* buf, size_t cap, const char* fmt, ...) RAWTHREAD_PRINTF_LIKE(3, 4);
/* rawthread_snprintf with a va_list. */
int rawthread_vsnprintf(char* buf, size_t cap, const char* fmt, va_list ap);

/* ---- system calls ---------------------------------------------------------------------- */
/* Thin wrappers over Linux system calls, the C side of <rawthread/syscall.hpp>'s rawthread::sys.
 * Each makes exactly one system call (none when its arguments are refused first) and returns 0 or
 * the kernel's positive errno code; results come back through out parameters, which are written
 * only on success (the byte counts of read and write: 0 on error). errno is never touched.
 * Every one is safe from any thread in both modes and async-signal-safe. Times use the kernel's
 * 64-bit timespec on every architecture. */

/* rawthread_timespec_t (above, with the synchronisation functions) is the kernel's timespec. */

#define RAWTHREAD_PROT_NONE 0x0
#define RAWTHREAD_PROT_READ 0x1
#define RAWTHREAD_PROT_WRITE 0x2
#define RAWTHREAD_PROT_EXEC 0x4
#define RAWTHREAD_MAP_SHARED 0x01
#define RAWTHREAD_MAP_PRIVATE 0x02
#define RAWTHREAD_MAP_FIXED 0x10
#define RAWTHREAD_MAP_ANONYMOUS 0x20
#define RAWTHREAD_MAP_NORESERVE 0x4000
#define RAWTHREAD_MAP_STACK 0x20000
#define RAWTHREAD_AT_FDCWD (-100)
#define RAWTHREAD_O_RDONLY 0
#define RAWTHREAD_O_WRONLY 1
#define RAWTHREAD_O_RDWR 2
#define RAWTHREAD_O_CREAT 0100
#define RAWTHREAD_O_TRUNC 01000
#define RAWTHREAD_O_APPEND 02000
#define RAWTHREAD_O_NONBLOCK 04000
#define RAWTHREAD_O_CLOEXEC 02000000
#define RAWTHREAD_CLOCK_REALTIME 0
#define RAWTHREAD_CLOCK_MONOTONIC 1
#define RAWTHREAD_TIMER_ABSTIME 1

/* read(2), one call: up to len bytes into buf; *nread (unless NULL) gets the count (0 at end of
 * file).
 * EBADF, EFAULT, EINTR, EAGAIN ... as the kernel says. */
int rawthread_sys_read(int fd, void* buf, size_t len, size_t* nread);
/* write(2), one call: *written (unless NULL) gets what the kernel took, which may be less than
 * len (rawthread_write resumes short writes; this does not). */
int rawthread_sys_write(int fd, const void* buf, size_t len, size_t* written);
/* openat(2): *fd gets the new descriptor. EINVAL: fd NULL (nothing is opened). ENOENT, EACCES ...
 * from the kernel. */
int rawthread_sys_openat(int dirfd, const char* path, int flags, int mode, int* fd);
int rawthread_sys_close(int fd);

/* mmap(2): *addr_out gets the mapping's address. EINVAL: addr_out NULL (nothing is mapped), or
 * the kernel's EINVAL (length 0, bad flags); ENOMEM, EBADF ... from the kernel. offset is in
 * bytes and a multiple of the page size. */
int rawthread_sys_mmap(void* addr, size_t len, int prot, int flags, int fd, int64_t offset,
                       void** addr_out);
int rawthread_sys_munmap(void* addr, size_t len);
int rawthread_sys_mprotect(void* addr, size_t len, int prot);

/* clock_gettime(2). EINVAL: now NULL, or a clock the kernel does not know. */
int rawthread_sys_clock_gettime(int clock, rawthread_timespec_t* now);
/* clock_nanosleep(2): sleeps until *request (flags RAWTHREAD_TIMER_ABSTIME) or for it. EINTR
 * when a signal handler interrupted a relative sleep; *remaining (unless NULL) then gets what was
 * left. EINVAL: request NULL, tv_nsec outside [0, 999999999], or a bad clock. */
int rawthread_sys_clock_nanosleep(int clock, int flags, const rawthread_timespec_t* request,
                                  rawthread_timespec_t* remaining);
/* nanosleep(2) as Linux does it: a relative clock_nanosleep on CLOCK_MONOTONIC. */
int rawthread_sys_nanosleep(const rawthread_timespec_t* request, rawthread_timespec_t* remaining);

/* These cannot fail: they return the process id and the calling thread's kernel thread id. */
int rawthread_sys_getpid(void);
int rawthread_sys_gettid(void);
/* kill(2) and tgkill(2). ESRCH: no such process or thread. EINVAL: a bad signal number. EPERM. */
int rawthread_sys_kill(int pid, int signo);
int rawthread_sys_tgkill(int tgid, int tid, int signo);

/* exit(2) ends the calling thread only (as the kernel's exit does, running nothing: use
 * rawthread_exit in a thread rawthread made, so its stack is released), exit_group(2) the whole
 * process with status & 0xff, running no atexit function (rawthread_process_exit does). */
RAWTHREAD_NORETURN void rawthread_sys_exit(int status);
RAWTHREAD_NORETURN void rawthread_sys_exit_group(int status);

/* Raw system calls: nr is a RAWTHREAD_SYS_<name> of <rawthread/arch/syscall_numbers.h> (any
 * number of the kernel's table works). They return what the kernel returns: a value, or a
 * negated errno code in [-4095, -1]. Nothing is checked or retried. */
long rawthread_syscall0(long nr);
long rawthread_syscall1(long nr, long a1);
long rawthread_syscall2(long nr, long a1, long a2);
long rawthread_syscall3(long nr, long a1, long a2, long a3);
long rawthread_syscall4(long nr, long a1, long a2, long a3, long a4);
long rawthread_syscall5(long nr, long a1, long a2, long a3, long a4, long a5);
long rawthread_syscall6(long nr, long a1, long a2, long a3, long a4, long a5, long a6);

/* ---- freestanding programs ------------------------------------------------------------- */
/* For programs linked with nothing but rawthread (-nostdlib -static: Meson's
 * rawthread_freestanding_dep, or `pkg-config --cflags --libs rawthread-freestanding`). With
 * rawthread's _start the program just defines main(argc, argv, envp); see <rawthread/start.hpp>.
 * These functions exist only there: a hosted program that calls them fails to link, which is
 * the point (libc owns the thread pointer in a hosted program, and init must never run). */

/* For a runtime with its own entry point: sets rawthread up from the initial stack's argc, argv
 * and envp (the aux vector follows envp): page size, stack-protector canary, static TLS for the
 * main thread and from then on for every new thread. Call it once, first, on the main thread,
 * from code built with -fno-stack-protector. It does not run .init_array (rawthread's _start
 * does). EINVAL: argc negative, argv or envp NULL, or a malformed PT_TLS. EBUSY: it ran already.
 * ENOMEM: no memory for the main thread's TLS. On error nothing has changed. */
int rawthread_init(int argc, char** argv, char** envp);

/* 1 once rawthread_init (or rawthread's _start) has run, else 0. */
int rawthread_initialized(void);

/* The environment variable `name` as init found it; NULL when not set, before init, or when name
 * is NULL, empty or contains '='. Safe from any thread. */
const char* rawthread_getenv(const char* name);

/* Ends the process with status code & 0xff: registered atexit functions and global destructors
 * (latest first), then .fini_array, then exit_group. Other threads stop where they are. Safe from
 * any thread. */
RAWTHREAD_NORETURN void rawthread_process_exit(int code);

#ifdef __cplusplus
}
#endif

#endif /* RAWTHREAD_H */
