// SPDX-License-Identifier: MIT
/* The C system calls: what each does, checked against the kernel's view (pipes, /proc, fork and
 * wait), each error path, and the raw rawthread_syscall0..6 with the generated numbers. */
#define _GNU_SOURCE
#include <errno.h>
#include <stdbool.h>
#include <stdint.h>
#include <stdio.h>
#include <signal.h>
#include <string.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rawthread.h>

#include "check.h"

static void read_write_and_close(void) {
  int p[2];
  if (!CHECK(pipe(p) == 0)) return;
  size_t written = 99;
  CHECK_CODE(rawthread_sys_write(p[1], "hello", 5, &written), 0);
  CHECK(written == 5);
  char buf[8] = { 0 };
  size_t got = 99;
  CHECK_CODE(rawthread_sys_read(p[0], buf, sizeof buf, &got), 0);
  CHECK(got == 5 && memcmp(buf, "hello", 5) == 0);
  CHECK_CODE(rawthread_sys_write(p[1], "x", 1, NULL), 0); /* NULL count: allowed */
  CHECK_CODE(rawthread_sys_read(p[0], buf, 1, NULL), 0);
  CHECK(buf[0] == 'x');
  CHECK_CODE(rawthread_sys_close(p[1]), 0);
  got = 99;
  CHECK_CODE(rawthread_sys_read(p[0], buf, sizeof buf, &got), 0); /* end of file */
  CHECK(got == 0);
  CHECK_CODE(rawthread_sys_close(p[0]), 0);

  /* Errors: the descriptors are closed now. Counts are 0 on error. */
  written = 99;
  CHECK_CODE(rawthread_sys_write(p[1], "x", 1, &written), EBADF);
  CHECK(written == 0);
  got = 99;
  CHECK_CODE(rawthread_sys_read(p[0], buf, 1, &got), EBADF);
  CHECK(got == 0);
  CHECK_CODE(rawthread_sys_close(p[0]), EBADF);
  CHECK_CODE(rawthread_sys_close(-1), EBADF);

  /* EAGAIN from an empty non-blocking pipe, EFAULT from a bad buffer. */
  if (!CHECK(pipe(p) == 0)) return;
  int fd = -1;
  CHECK_CODE(rawthread_sys_openat(RAWTHREAD_AT_FDCWD, "/dev/null", RAWTHREAD_O_WRONLY, 0, &fd), 0);
  CHECK(fd >= 0);
  CHECK_CODE(rawthread_sys_close(fd), 0);
  char path[64];
  rawthread_snprintf(path, sizeof path, "/proc/self/fd/%d", p[0]);
  int nonblocking = -1;
  CHECK_CODE(rawthread_sys_openat(RAWTHREAD_AT_FDCWD, path,
                                  RAWTHREAD_O_RDONLY | RAWTHREAD_O_NONBLOCK, 0, &nonblocking),
             0);
  CHECK_CODE(rawthread_sys_read(nonblocking, buf, 1, NULL), EAGAIN);
  CHECK_CODE(rawthread_sys_write(p[1], (const void*)8, 1, NULL), EFAULT);
  rawthread_sys_close(nonblocking);
  rawthread_sys_close(p[0]);
  rawthread_sys_close(p[1]);
}

static void openat_errors(void) {
  int fd = 12345;
  CHECK_CODE(rawthread_sys_openat(RAWTHREAD_AT_FDCWD, "/nonexistent/rawthread", RAWTHREAD_O_RDONLY,
                                  0, &fd),
             ENOENT);
  CHECK(fd == 12345); /* untouched on error */
  CHECK_CODE(rawthread_sys_openat(-1, "relative", RAWTHREAD_O_RDONLY, 0, &fd), EBADF);
  /* No out parameter: refused before anything is opened. */
  CHECK_CODE(rawthread_sys_openat(RAWTHREAD_AT_FDCWD, "/dev/null", RAWTHREAD_O_RDONLY, 0, NULL),
             EINVAL);
  int probe = -1;
  CHECK_CODE(rawthread_sys_openat(RAWTHREAD_AT_FDCWD, "/dev/null", RAWTHREAD_O_RDONLY, 0, &probe),
             0);
  int next = -1;
  CHECK_CODE(rawthread_sys_openat(RAWTHREAD_AT_FDCWD, "/dev/null", RAWTHREAD_O_RDONLY, 0, &next),
             0);
  CHECK(next == probe + 1); /* the refused call left no descriptor behind to fill the gap */
  rawthread_sys_close(next);
  rawthread_sys_close(probe);
}

/* The permissions ("rw-p", "---p" ...) /proc/self/maps lists for the mapping holding addr, in
 * perms[5]; false when no mapping holds it. Asking about an address, not counting lines: qemu-user
 * lists a 32-bit guest's mappings in its own way (it may merge or leave out neighbours). */
static bool perms_at(const void* addr, char perms[5]) {
  FILE* f = fopen("/proc/self/maps", "r");
  if (f == NULL) return false;
  const uintptr_t a = (uintptr_t)addr;
  bool found = false;
  char line[512];
  while (!found && fgets(line, sizeof line, f) != NULL) {
    unsigned long long low = 0, high = 0;
    char p[5] = "";
    if (sscanf(line, "%llx-%llx %4s", &low, &high, p) == 3 && low <= a && a < high) {
      memcpy(perms, p, 5);
      found = true;
    }
  }
  fclose(f);
  return found;
}

static void mappings(void) {
  const long page = sysconf(_SC_PAGESIZE);
  void* p = NULL;
  CHECK_CODE(rawthread_sys_mmap(NULL, (size_t)page * 3, RAWTHREAD_PROT_READ | RAWTHREAD_PROT_WRITE,
                                RAWTHREAD_MAP_PRIVATE | RAWTHREAD_MAP_ANONYMOUS, -1, 0, &p),
             0);
  if (!CHECK(p != NULL)) return;
  memset(p, 0x5a, (size_t)page * 3);
  char perms[5] = "";
  CHECK(perms_at(p, perms) && strncmp(perms, "rw", 2) == 0);
  /* A PROT_NONE page in the middle: its neighbours stay readable and writable. */
  CHECK_CODE(rawthread_sys_mprotect((char*)p + page, (size_t)page, RAWTHREAD_PROT_NONE), 0);
  CHECK(perms_at((char*)p + page, perms) && strncmp(perms, "---", 3) == 0);
  CHECK(perms_at((char*)p + 2 * page, perms) && strncmp(perms, "rw", 2) == 0);
  CHECK_CODE(rawthread_sys_munmap(p, (size_t)page * 3), 0);
  CHECK(!perms_at(p, perms) && !perms_at((char*)p + 2 * page, perms));
  test_note_mappings();

  void* untouched = (void*)1;
  CHECK_CODE(rawthread_sys_mmap(NULL, 0, RAWTHREAD_PROT_READ,
                                RAWTHREAD_MAP_PRIVATE | RAWTHREAD_MAP_ANONYMOUS, -1, 0, &untouched),
             EINVAL);
  CHECK(untouched == (void*)1);
  CHECK_CODE(rawthread_sys_mmap(NULL, (size_t)page, RAWTHREAD_PROT_READ, RAWTHREAD_MAP_PRIVATE, -1,
                                0, &untouched),
             EBADF);
  CHECK_CODE(rawthread_sys_mmap(NULL, (size_t)page, RAWTHREAD_PROT_READ,
                                RAWTHREAD_MAP_PRIVATE | RAWTHREAD_MAP_ANONYMOUS, -1, 0, NULL),
             EINVAL);
  CHECK(test_new_mappings() == 0); /* nothing mapped by the refused calls */
  CHECK_CODE(rawthread_sys_munmap((char*)p + 1, (size_t)page), EINVAL); /* not page aligned */
  CHECK_CODE(rawthread_sys_mprotect((char*)p + 1, (size_t)page, RAWTHREAD_PROT_READ), EINVAL);
  CHECK_CODE(rawthread_sys_mprotect(p, (size_t)page, RAWTHREAD_PROT_READ), ENOMEM); /* unmapped */
}

static void clocks_and_sleeps(void) {
  rawthread_timespec_t a, b;
  CHECK_CODE(rawthread_sys_clock_gettime(RAWTHREAD_CLOCK_MONOTONIC, &a), 0);
  const rawthread_timespec_t nap = { 0, 2000000 }; /* 2 ms */
  CHECK_CODE(rawthread_sys_nanosleep(&nap, NULL), 0);
  CHECK_CODE(rawthread_sys_clock_gettime(RAWTHREAD_CLOCK_MONOTONIC, &b), 0);
  const int64_t slept = (b.tv_sec - a.tv_sec) * 1000000000 + (b.tv_nsec - a.tv_nsec);
  CHECK(slept >= 2000000);
  /* An absolute deadline on the monotonic clock, 2 ms ahead. */
  rawthread_timespec_t deadline = b;
  deadline.tv_nsec += 2000000;
  if (deadline.tv_nsec >= 1000000000) {
    deadline.tv_nsec -= 1000000000;
    deadline.tv_sec += 1;
  }
  CHECK_CODE(rawthread_sys_clock_nanosleep(RAWTHREAD_CLOCK_MONOTONIC, RAWTHREAD_TIMER_ABSTIME,
                                           &deadline, NULL),
             0);
  CHECK_CODE(rawthread_sys_clock_gettime(RAWTHREAD_CLOCK_MONOTONIC, &a), 0);
  CHECK(a.tv_sec > deadline.tv_sec ||
        (a.tv_sec == deadline.tv_sec && a.tv_nsec >= deadline.tv_nsec));
  rawthread_timespec_t wall;
  CHECK_CODE(rawthread_sys_clock_gettime(RAWTHREAD_CLOCK_REALTIME, &wall), 0);
  CHECK(wall.tv_sec > 1600000000); /* after 2020 */

  CHECK_CODE(rawthread_sys_clock_gettime(RAWTHREAD_CLOCK_MONOTONIC, NULL), EINVAL);
  CHECK_CODE(rawthread_sys_clock_gettime(12345, &a), EINVAL);
  const rawthread_timespec_t bad = { 0, 1000000000 };
  CHECK_CODE(rawthread_sys_nanosleep(&bad, NULL), EINVAL);
  CHECK_CODE(rawthread_sys_nanosleep(NULL, NULL), EINVAL);
  CHECK_CODE(rawthread_sys_clock_nanosleep(12345, 0, &nap, NULL), EINVAL);
}

static void ids_and_signals(void) {
  CHECK(rawthread_sys_getpid() == getpid());
  CHECK(rawthread_sys_gettid() == rawthread_self());
  CHECK(rawthread_sys_gettid() == getpid()); /* the main thread's tid is the pid */
  CHECK_CODE(rawthread_sys_kill(getpid(), 0), 0); /* signal 0: exists */
  CHECK_CODE(rawthread_sys_tgkill(getpid(), rawthread_sys_gettid(), 0), 0);
  CHECK_CODE(rawthread_sys_kill(getpid(), 12345), EINVAL);
  CHECK_CODE(rawthread_sys_tgkill(getpid(), 0x3fffffff, 0), ESRCH);
  CHECK_CODE(rawthread_sys_kill(0x3fffffff, 0), ESRCH);

  /* A signal really arrives: a child stops itself by tgkill and is killed by kill. */
  const pid_t child = test_fork_alone();
  if (child == 0) {
    rawthread_sys_tgkill(rawthread_sys_getpid(), rawthread_sys_gettid(), SIGSTOP);
    rawthread_sys_exit_group(3);
  }
  int status = 0;
  CHECK(waitpid(child, &status, WUNTRACED) == child && WIFSTOPPED(status) &&
        WSTOPSIG(status) == SIGSTOP);
  CHECK_CODE(rawthread_sys_kill(child, SIGKILL), 0);
  CHECK(waitpid(child, &status, 0) == child && WIFSIGNALED(status) && WTERMSIG(status) == SIGKILL);
}

static int exits_its_thread(void* arg) {
  (void)arg;
  rawthread_sys_exit(0); /* only this (forked, single) thread: the process ends with it */
}

static void exits(void) {
  pid_t child = test_fork_alone();
  if (child == 0) rawthread_sys_exit_group(7);
  int status = 0;
  CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 7);

  /* exit ends just the calling thread: the main thread lives on and exits with its own code. */
  child = test_fork_alone();
  if (child == 0) {
    rawthread_t t;
    if (rawthread_create(&t, NULL, exits_its_thread, NULL) != 0) rawthread_sys_exit_group(1);
    while (1) {
      rawthread_sys_nanosleep(&(rawthread_timespec_t){ 0, 1000000 }, NULL);
      char path[64];
      rawthread_snprintf(path, sizeof path, "/proc/self/task/%d", rawthread_id(t));
      int fd;
      if (rawthread_sys_openat(RAWTHREAD_AT_FDCWD, path, RAWTHREAD_O_RDONLY, 0, &fd) != 0) break;
      rawthread_sys_close(fd);
    }
    rawthread_sys_exit_group(5);
  }
  CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 5);
  /* The last thread's exit ends the process with its status. */
  child = test_fork_alone();
  if (child == 0) rawthread_sys_exit(9);
  CHECK(waitpid(child, &status, 0) == child && WIFEXITED(status) && WEXITSTATUS(status) == 9);
}

static void raw_system_calls(void) {
  CHECK(rawthread_syscall0(RAWTHREAD_SYS_getpid) == getpid());
  CHECK(rawthread_syscall1(RAWTHREAD_SYS_close, -1) == -EBADF);
  int p[2];
  if (!CHECK(pipe(p) == 0)) return;
  CHECK(rawthread_syscall3(RAWTHREAD_SYS_write, p[1], (long)"raw", 3) == 3);
  char buf[4] = { 0 };
  CHECK(rawthread_syscall3(RAWTHREAD_SYS_read, p[0], (long)buf, sizeof buf) == 3);
  CHECK(memcmp(buf, "raw", 3) == 0);
  close(p[0]);
  close(p[1]);
  CHECK(rawthread_syscall2(RAWTHREAD_SYS_kill, getpid(), 0) == 0);
  CHECK(rawthread_syscall4(RAWTHREAD_SYS_openat, RAWTHREAD_AT_FDCWD, (long)"/nonexistent/x",
                           RAWTHREAD_O_RDONLY, 0) == -ENOENT);
  /* prctl takes five arguments: PR_SET_NAME (15) names the thread, PR_GET_NAME (16) reads it. */
  char old_name[16] = { 0 }, name[16] = { 0 };
  CHECK(rawthread_syscall5(RAWTHREAD_SYS_prctl, 16, (long)old_name, 0, 0, 0) == 0);
  CHECK(rawthread_syscall5(RAWTHREAD_SYS_prctl, 15, (long)"raw-syscall5", 0, 0, 0) == 0);
  CHECK(rawthread_syscall5(RAWTHREAD_SYS_prctl, 16, (long)name, 0, 0, 0) == 0);
  CHECK(strcmp(name, "raw-syscall5") == 0);
  rawthread_syscall5(RAWTHREAD_SYS_prctl, 15, (long)old_name, 0, 0, 0);
  const long page = sysconf(_SC_PAGESIZE);
  const long mapped = rawthread_syscall6(RAWTHREAD_SYS_mmap, 0, page, RAWTHREAD_PROT_READ,
                                         RAWTHREAD_MAP_PRIVATE | RAWTHREAD_MAP_ANONYMOUS, -1, 0);
  CHECK(!(mapped < 0 && mapped > -4096) && (unsigned long)mapped % (unsigned long)page == 0);
  CHECK(rawthread_syscall2(RAWTHREAD_SYS_munmap, mapped, page) == 0);
  CHECK(RAWTHREAD_SYS_exit != RAWTHREAD_SYS_exit_group);
}

void sys_tests(void) {
  read_write_and_close();
  openat_errors();
  mappings();
  clocks_and_sleeps();
  ids_and_signals();
  exits();
  raw_system_calls();
}
