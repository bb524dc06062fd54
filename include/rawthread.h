/* <rawthread.h>: the C API of rawthread, usable from C11 and C++.
 *
 * Conventions:
 * - Functions that can fail return 0 on success or a positive errno code (the kernel's numbers:
 *   EINVAL is 22 and so on); rawthread_error_name(code) gives its name. errno is never touched.
 * - Handles (rawthread_t) are opaque pointers. Sync objects are plain structs of fixed size with
 *   static initializers; they need no destroy call and may be copied only before first use.
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

#define RAWTHREAD_PRINTF_LIKE(fmt, args) __attribute__((format(printf, fmt, args)))
#ifdef __cplusplus
#define RAWTHREAD_NORETURN [[noreturn]]
extern "C" {
#else
#define RAWTHREAD_NORETURN _Noreturn
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

/* Creation options. Zero-initialise and set what you need ({0} gives every default):
 *   stack_size  usable stack in bytes, rounded up to pages; 0: RAWTHREAD_DEFAULT_STACK_SIZE.
 *               Below RAWTHREAD_MIN_STACK_SIZE: EINVAL.
 *   guard_size  PROT_NONE bytes below the stack (an overflow into them raises SIGSEGV), rounded
 *               up to pages; 0: RAWTHREAD_DEFAULT_GUARD_SIZE; RAWTHREAD_NO_GUARD: none.
 *   name        at most 15 bytes (else EINVAL), shown in /proc/self/task/<tid>/comm; NULL keeps
 *               the creator's name. Copied: the string need not outlive the call.
 *   affinity    the CPUs the thread may run on, in force before fn starts; NULL inherits the
 *               creator's. EINVAL: an empty set, or one with no CPU this process may use. Read
 *               only during the call. */
typedef struct rawthread_options {
  size_t stack_size;
  size_t guard_size;
  const char* name;
  const rawthread_cpu_set_t* affinity;
} rawthread_options_t;

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

/* Gives up the CPU (sched_yield). */
void rawthread_yield(void);

/* Sleeps at least ns nanoseconds (CLOCK_MONOTONIC), resuming after signal interruptions.
 * EINVAL: ns is negative. */
int rawthread_sleep_ns(int64_t ns);

/* Ends the calling thread; its joiner gets code. In a thread rawthread did not create (main, a
 * pthread) it ends just that thread with SYS_exit, running no libc clean-up. */
RAWTHREAD_NORETURN void rawthread_exit(int code);

/* ---- time ------------------------------------------------------------------------------ */

/* Now on CLOCK_MONOTONIC, in nanoseconds: the clock of every deadline below. */
int64_t rawthread_now_ns(void);

/* ---- synchronisation ------------------------------------------------------------------- */
/* Built on futex(2), private to this process. Each object is usable as soon as it holds its
 * static initializer (or after its _init function, for memory obtained at run time), needs no
 * destroy call, and must not be copied or moved while in use. The fields are private: their
 * layout is the C++ object's (<rawthread/sync.hpp>), which static_asserts check.
 * Every function returns EINVAL for a NULL object. Timed waits take an absolute deadline on
 * CLOCK_MONOTONIC (rawthread_now_ns() + a timeout) and return ETIMEDOUT once it has passed, never
 * before. Misuse that sync.hpp traps on (unlocking a mutex nobody holds, waiting on a condition
 * with a mutex the caller does not hold) traps here too. As in POSIX, only the semaphore waits
 * report a signal handler interrupting them (EINTR, see rawthread_sem_wait); mutex locks,
 * condition waits (which may return 0 spuriously, as ever), latch and barrier waits and
 * rawthread_join resume after a handler. */

/* A non-recursive lock; uncontended lock and unlock make no system call. */
typedef struct rawthread_mutex {
  int32_t private_word;
} rawthread_mutex_t;
#define RAWTHREAD_MUTEX_INIT { 0 }
int rawthread_mutex_init(rawthread_mutex_t* m);
int rawthread_mutex_lock(rawthread_mutex_t* m);
/* EBUSY: the mutex is held (by another thread, or by the caller). */
int rawthread_mutex_trylock(rawthread_mutex_t* m);
int rawthread_mutex_unlock(rawthread_mutex_t* m);

/* A condition variable for a rawthread_mutex_t. Waits may return spuriously: wait in a loop
 * that re-checks the condition. signal wakes one waiter, broadcast all of them. */
typedef struct rawthread_cond {
  int32_t private_words[3];
  void* private_mutex;
} rawthread_cond_t;
#define RAWTHREAD_COND_INIT { { 0, 0, 0 }, 0 }
int rawthread_cond_init(rawthread_cond_t* c);
/* Releases m (which the caller holds), sleeps until signalled, locks m again. */
int rawthread_cond_wait(rawthread_cond_t* c, rawthread_mutex_t* m);
/* As rawthread_cond_wait, giving up at deadline_ns: ETIMEDOUT (m is held again either way). */
int rawthread_cond_timedwait(rawthread_cond_t* c, rawthread_mutex_t* m, int64_t deadline_ns);
int rawthread_cond_signal(rawthread_cond_t* c);
int rawthread_cond_broadcast(rawthread_cond_t* c);

/* Runs fn(arg) exactly once per flag however many threads race; the others wait until it has
 * returned. Calling rawthread_once on the same flag from inside fn deadlocks. fn must return
 * normally: from C++, no exception may leave it (rawthread's own frames cannot be unwound; C++
 * code wanting a retry after an exception uses rawthread::call_once). EINVAL: fn NULL. */
typedef struct rawthread_once {
  int32_t private_state;
} rawthread_once_t;
#define RAWTHREAD_ONCE_INIT { 0 }
int rawthread_once(rawthread_once_t* once, void (*fn)(void* arg), void* arg);

/* A counting semaphore. */
typedef struct rawthread_sem {
  int32_t private_count;
  int32_t private_sleepers;
} rawthread_sem_t;
/* value must be a constant >= 0. */
#define RAWTHREAD_SEM_INIT(value) { (value), 0 }
/* EINVAL: value negative. */
int rawthread_sem_init(rawthread_sem_t* s, int value);
/* Takes one unit, sleeping while there is none. EINTR (no unit taken): a signal handler installed
 * without SA_RESTART interrupted the sleep (with SA_RESTART the kernel resumes it), as sem_wait. */
int rawthread_sem_wait(rawthread_sem_t* s);
/* EAGAIN: no unit available right now. */
int rawthread_sem_trywait(rawthread_sem_t* s);
/* ETIMEDOUT: still no unit at deadline_ns. EINTR (no unit taken): a signal handler interrupted
 * the sleep, SA_RESTART or not (the kernel never resumes a timed sleep; so does sem_timedwait). */
int rawthread_sem_timedwait(rawthread_sem_t* s, int64_t deadline_ns);
/* Adds n units and wakes up to n sleepers. EINVAL: n negative. EOVERFLOW: the count would pass
 * INT32_MAX. Nothing changes on error. */
int rawthread_sem_post(rawthread_sem_t* s, int n);
/* The units available now, in *value (a snapshot). */
int rawthread_sem_getvalue(const rawthread_sem_t* s, int* value);

/* A single-use countdown: waiters are released once the count reaches zero. */
typedef struct rawthread_latch {
  int32_t private_count;
} rawthread_latch_t;
/* count must be a constant >= 0. */
#define RAWTHREAD_LATCH_INIT(count) { (count) }
/* EINVAL: count negative. */
int rawthread_latch_init(rawthread_latch_t* l, int count);
/* Takes n from the count. EINVAL: n negative or more than remains (nothing changes). */
int rawthread_latch_count_down(rawthread_latch_t* l, int n);
/* Blocks until the count is zero. */
int rawthread_latch_wait(rawthread_latch_t* l);
/* EAGAIN: the count is not zero yet. Never blocks. */
int rawthread_latch_trywait(const rawthread_latch_t* l);

/* A reusable barrier: each phase ends when `parties` threads have called wait. */
typedef struct rawthread_barrier {
  int32_t private_words[4];
} rawthread_barrier_t;
/* parties must be a constant > 0. */
#define RAWTHREAD_BARRIER_INIT(parties) { { (parties), (parties), 0, 0 } }
/* EINVAL: parties <= 0. */
int rawthread_barrier_init(rawthread_barrier_t* b, int parties);
/* Waits for the phase to fill. Returns RAWTHREAD_BARRIER_SERIAL_THREAD in exactly one thread
 * per phase and 0 in the others (as pthread_barrier_wait does), or EINVAL. */
int rawthread_barrier_wait(rawthread_barrier_t* b);
#define RAWTHREAD_BARRIER_SERIAL_THREAD (-1)

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
int rawthread_vprintf(int fd, const char* fmt, va_list ap);

/* Formats into buf as C's snprintf does: at most cap - 1 bytes and a NUL (buf may be NULL when
 * cap is 0). Returns the length the whole output has, so a result >= cap means it was cut; -1
 * when fmt is NULL, buf is NULL with cap > 0, or the length does not fit an int (as glibc, for
 * example with a * width of INT_MIN: 2^31 columns); the bytes that fit are stored even then. */
int rawthread_snprintf(char* buf, size_t cap, const char* fmt, ...) RAWTHREAD_PRINTF_LIKE(3, 4);
int rawthread_vsnprintf(char* buf, size_t cap, const char* fmt, va_list ap);

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
