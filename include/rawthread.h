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

#include <stddef.h>
#include <stdint.h>

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

/* Creation options. Zero-initialise and set what you need ({0} gives every default):
 *   stack_size  usable stack in bytes, rounded up to pages; 0: RAWTHREAD_DEFAULT_STACK_SIZE.
 *               Below RAWTHREAD_MIN_STACK_SIZE: EINVAL.
 *   guard_size  PROT_NONE bytes below the stack (an overflow into them raises SIGSEGV), rounded
 *               up to pages; 0: RAWTHREAD_DEFAULT_GUARD_SIZE; RAWTHREAD_NO_GUARD: none.
 *   name        at most 15 bytes (else EINVAL), shown in /proc/self/task/<tid>/comm; NULL keeps
 *               the creator's name. Copied: the string need not outlive the call. */
typedef struct rawthread_options {
  size_t stack_size;
  size_t guard_size;
  const char* name;
} rawthread_options_t;

#define RAWTHREAD_DEFAULT_STACK_SIZE ((size_t)1 << 20)
#define RAWTHREAD_MIN_STACK_SIZE ((size_t)16 << 10)
#define RAWTHREAD_DEFAULT_GUARD_SIZE ((size_t)4 << 10)
#define RAWTHREAD_NO_GUARD SIZE_MAX

/* Starts fn(arg) in a new thread and stores its handle in *out (untouched on failure).
 * opts may be NULL (all defaults).
 * EINVAL: out or fn NULL, or a bad option (see rawthread_options_t). ENOMEM: no memory for the
 * thread's mapping. EAGAIN: the kernel refused another thread (RLIMIT_NPROC, threads-max).
 * On failure nothing is left behind. */
int rawthread_create(rawthread_t* out, const rawthread_options_t* opts, int (*fn)(void*),
                     void* arg);

/* Waits for t to end, frees its stack and stores fn's return value (or rawthread_exit's code)
 * in *result unless result is NULL. EINVAL: t is NULL. EDEADLK: t is the calling thread (t stays
 * joinable). */
int rawthread_join(rawthread_t t, int* result);

/* Lets t run on alone; it frees its own stack when it ends. EINVAL: t is NULL. */
int rawthread_detach(rawthread_t t);

/* The kernel thread id of t (what gettid() returns inside it); 0 for NULL. Valid until t is
 * joined or detached. */
int rawthread_id(rawthread_t t);

/* The calling thread's kernel thread id. Works in any thread, rawthread's or not. */
int rawthread_self(void);

/* Gives up the CPU (sched_yield). */
void rawthread_yield(void);

/* Sleeps at least ns nanoseconds (CLOCK_MONOTONIC), resuming after signal interruptions.
 * EINVAL: ns is negative. */
int rawthread_sleep_ns(int64_t ns);

/* Ends the calling thread; its joiner gets code. In a thread rawthread did not create (main, a
 * pthread) it ends just that thread with SYS_exit, running no libc clean-up. */
RAWTHREAD_NORETURN void rawthread_exit(int code);

#ifdef __cplusplus
}
#endif

#endif /* RAWTHREAD_H */
