// SPDX-License-Identifier: MIT
/* The C API in a freestanding C program: rawthread's _start, no libc at all. _Thread_local works
 * in every thread, output goes through rawthread_printf, and the exit status is the verdict. */
#include <stdatomic.h>
#include <stddef.h>

#include <rawthread.h>

static _Thread_local int per_thread = 7;
static atomic_int wrong;

static void expect(int ok, const char* what) {
  if (ok) return;
  atomic_fetch_add(&wrong, 1);
  rawthread_printf(2, "freestanding C: failed: %s\n", what);
}

static int child(void* arg) {
  const int id = *(const int*)arg;
  expect(per_thread == 7, "a new thread starts with the initial _Thread_local value");
  per_thread = 100 + id;
  rawthread_sleep_ns(1000000);
  expect(per_thread == 100 + id, "_Thread_local is per thread");
  return rawthread_printf(1, "thread %d: per_thread %d\n", id, per_thread);
}

/* The system calls with no libc: a file, a mapping, a clock, ids, and their errors. */
static void system_calls(void) {
  int fd = -1;
  expect(rawthread_sys_openat(RAWTHREAD_AT_FDCWD, "/proc/self/comm", RAWTHREAD_O_RDONLY, 0, &fd) ==
             0,
         "openat");
  char name[32];
  size_t got = 0;
  expect(rawthread_sys_read(fd, name, sizeof name, &got) == 0 && got > 1 && name[got - 1] == '\n',
         "read a line");
  expect(rawthread_sys_close(fd) == 0 && rawthread_sys_close(fd) == 9 /* EBADF */, "close");
  void* p = NULL;
  expect(rawthread_sys_mmap(NULL, 4096, RAWTHREAD_PROT_READ | RAWTHREAD_PROT_WRITE,
                            RAWTHREAD_MAP_PRIVATE | RAWTHREAD_MAP_ANONYMOUS, -1, 0, &p) == 0 &&
             p != NULL,
         "mmap");
  if (p != NULL) {
    *(volatile int*)p = 42;
    expect(rawthread_sys_munmap(p, 4096) == 0, "munmap");
  }
  rawthread_timespec_t now = { 0, 0 };
  expect(rawthread_sys_clock_gettime(RAWTHREAD_CLOCK_MONOTONIC, &now) == 0 &&
             now.tv_sec + now.tv_nsec > 0,
         "clock_gettime");
  expect(rawthread_sys_getpid() == rawthread_sys_gettid(), "the main thread's tid is the pid");
  expect(rawthread_syscall0(RAWTHREAD_SYS_getpid) == rawthread_sys_getpid(), "a raw getpid");
  expect(rawthread_sys_kill(rawthread_sys_getpid(), 0) == 0, "kill with signal 0");
}

int main(int argc, char** argv, char** envp) {
  expect(rawthread_initialized() == 1, "_start ran init");
  expect(rawthread_init(argc, argv, envp) == 16 /* EBUSY */, "a second init is refused");
  expect(rawthread_init(-1, argv, envp) == 22 /* EINVAL */, "a bad argc is refused");
  expect(rawthread_getenv("RAWTHREAD_C_TEST") != NULL, "the environment is there");
  expect(rawthread_getenv(NULL) == NULL, "a NULL name has no value");
  per_thread = 1;
  enum { n = 4 };
  rawthread_t threads[n];
  int ids[n];
  for (int i = 0; i < n; ++i) {
    ids[i] = i;
    expect(rawthread_create(&threads[i], NULL, child, &ids[i]) == 0, "create");
  }
  for (int i = 0; i < n; ++i) {
    int result = -1;
    expect(rawthread_join(threads[i], &result) == 0 && result == 0, "join and a clean result");
  }
  expect(per_thread == 1, "main's _Thread_local is its own");
  system_calls();
  rawthread_process_exit(atomic_load(&wrong) == 0 ? 0 : 1);
}
