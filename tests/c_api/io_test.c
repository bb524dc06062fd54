// SPDX-License-Identifier: MIT
/* Output through the C API: exact bytes into pipes, snprintf's C contract, errors reported,
 * and whole lines from many threads at once. */
#define _POSIX_C_SOURCE 200809L
#include <errno.h>
#include <limits.h>
#include <signal.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>
#include <unistd.h>

#include <rawthread.h>

#include "check.h"

/* Reads what is in the pipe (the writer is done) into buf as a string. */
static void drain(int fd, char* buf, size_t cap) {
  size_t used = 0;
  for (;;) {
    const ssize_t n = read(fd, buf + used, cap - 1 - used);
    if (n <= 0) break;
    used += (size_t)n;
  }
  buf[used] = '\0';
}

static int forward_vprintf(int fd, const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  const int code = rawthread_vprintf(fd, fmt, ap);
  va_end(ap);
  return code;
}

static void printf_and_print_write_exact_bytes(void) {
  int p[2];
  if (!CHECK(pipe(p) == 0)) return;
  CHECK_CODE(rawthread_printf(p[1], "x=%d %#x %-4s|%05d %c%%", 42, 255u, "ab", -7, 'z'), 0);
  CHECK_CODE(rawthread_print(p[1], " plain"), 0);
  /* unsigned long is 32 bits on 32-bit targets: the 64-bit value goes through %llu. */
  CHECK_CODE(forward_vprintf(p[1], " %lu %llu %s", 4000000000ul, 123456789012ull, "v"), 0);
  size_t written = 0;
  CHECK_CODE(rawthread_write(p[1], "\0nul\n", 5, &written), 0);
  CHECK(written == 5);
  close(p[1]);
  char got[256];
  drain(p[0], got, sizeof got);
  close(p[0]);
  const char expected[] = "x=42 0xff ab  |-0007 z% plain 4000000000 123456789012 v\0nul\n";
  CHECK(memcmp(got, expected, sizeof expected) == 0);
}

static void snprintf_follows_c(void) {
  char buf[8];
  CHECK(rawthread_snprintf(buf, sizeof buf, "%s-%d", "abcdef", 12345) == 12);
  CHECK(strcmp(buf, "abcdef-") == 0);
  CHECK(rawthread_snprintf(NULL, 0, "%5d", 1) == 5);
  CHECK(rawthread_snprintf(buf, sizeof buf, "%u", 7u) == 1);
  CHECK(strcmp(buf, "7") == 0);
  /* Outside the subset: printed literally, no argument consumed. Called through a pointer, which
   * drops the format attribute that would (rightly) reject this format at compile time. */
  int (*unchecked)(char*, size_t, const char*, ...) = rawthread_snprintf;
  CHECK(unchecked(buf, sizeof buf, "%Lf|%d", 3) == 5);
  CHECK(strcmp(buf, "%Lf|3") == 0);
  CHECK(rawthread_snprintf(buf, sizeof buf, NULL) == -1);
  CHECK(rawthread_snprintf(NULL, 4, "x") == -1);
}

/* A * width of INT_MIN means 2^31 columns: the output would be longer than an int can count, so
 * the result is -1, as glibc's snprintf returns (with EOVERFLOW) for each of these formats. The
 * truncated bytes are still stored: those of any big left-justified width, which glibc gives for
 * -1000 (for INT_MIN itself glibc takes many seconds to count 2^31 bytes, so it is not called). */
struct wide_case {
  const char* format; /* one conversion, its width from a * */
  enum { an_int, a_string, a_double } kind;
  int i;
  const char* s;
  double d;
};

typedef int printer(char*, size_t, const char*, ...);

/* What `print` (rawthread's snprintf or glibc's) makes of c's format with this width. */
static int print_wide(printer* print, char* buf, size_t size, int width,
                      const struct wide_case* c) {
  switch (c->kind) {
    case an_int: return print(buf, size, c->format, width, c->i);
    case a_string: return print(buf, size, c->format, width, c->s);
    case a_double: return print(buf, size, c->format, width, c->d);
  }
  return -2;
}

static void a_length_beyond_int_max_is_minus_one(void) {
  static const struct wide_case cases[] = {
      {"%*d", an_int, 7, NULL, 0},      {"%-*d", an_int, -3, NULL, 0},
      {"%*s", a_string, 0, "ab", 0},    {"%*f", a_double, 0, NULL, 1.5},
      {"%0*e", a_double, 0, NULL, -2.0},
  };
  /* volatile: the compiler gets no view of these widths to warn about */
  volatile int int_min = INT_MIN;
  volatile int wide = -1000;
  char buf[16];
  char want[16];
  for (size_t k = 0; k < sizeof cases / sizeof cases[0]; ++k) {
    const struct wide_case* c = &cases[k];
    char what[128];
    buf[0] = '\0'; /* what a call that stores nothing leaves, not the last row's bytes */
    const int got = print_wide(rawthread_snprintf, buf, sizeof buf, int_min, c);
    snprintf(what, sizeof what, "\"%s\" with width INT_MIN gives -1 (gave %d)", c->format, got);
    check_that(got == -1, what, __FILE__, __LINE__);
    (void)print_wide(snprintf, want, sizeof want, wide, c);
    snprintf(what, sizeof what, "\"%s\" with width INT_MIN stores \"%s\" as glibc does (\"%s\")",
             c->format, buf, want);
    check_that(strcmp(buf, want) == 0, what, __FILE__, __LINE__);
  }
  /* Two of them: 2^32 columns, which a 32-bit size_t must not wrap around to a small count. */
  CHECK(rawthread_snprintf(NULL, 0, "%*d%*d", int_min, 1, int_min, 2) == -1);
  /* One column less fits: INT_MAX columns are a length an int holds, either side. glibc's
   * results for these, measured: INT_MAX, and "               " / "1.500000       " stored. */
  CHECK(rawthread_snprintf(buf, sizeof buf, "%*d", -INT_MAX, 7) == INT_MAX);
  CHECK(rawthread_snprintf(buf, sizeof buf, "%*f", -INT_MAX, 1.5) == INT_MAX);
  CHECK(strcmp(buf, "1.500000       ") == 0);
  CHECK(rawthread_snprintf(buf, sizeof buf, "%*f", INT_MAX, 1.5) == INT_MAX);
  CHECK(strcmp(buf, "               ") == 0);
}

static void errors_are_reported(void) {
  size_t written = 99;
  CHECK_CODE(rawthread_write(-1, "abc", 3, &written), EBADF);
  CHECK(written == 0);
  CHECK_CODE(rawthread_write(1, NULL, 3, &written), EINVAL);
  CHECK_CODE(rawthread_write(1, NULL, 0, NULL), 0);
  CHECK_CODE(rawthread_print(1, NULL), EINVAL);
  CHECK_CODE(rawthread_printf(1, NULL), EINVAL);
  CHECK_CODE(rawthread_printf(-1, "%d", 1), EBADF);

  int p[2];
  if (!CHECK(pipe(p) == 0)) return;
  close(p[0]);
  void (*previous)(int) = signal(SIGPIPE, SIG_IGN);
  CHECK_CODE(rawthread_print(p[1], "nobody reads this"), EPIPE);
  signal(SIGPIPE, previous);
  close(p[1]);
}

enum { writers = 8, lines_each = 200 };
static int line_fd;

static int print_lines(void* arg) {
  const int id = *(const int*)arg;
  for (int i = 0; i < lines_each; ++i) {
    const int code = rawthread_printf(line_fd, "writer %d line %03d of %d: %s\n", id, i,
                                      lines_each, "padding to make the line longer");
    if (code != 0) return code;
  }
  return 0;
}

static void lines_from_many_threads_never_tear(void) {
  int p[2];
  if (!CHECK(pipe(p) == 0)) return;
  line_fd = p[1];
  static int ids[writers];
  rawthread_t threads[writers];
  int started = 0;
  for (; started < writers; ++started) {
    ids[started] = started;
    if (rawthread_create(&threads[started], NULL, print_lines, &ids[started]) != 0) break;
  }
  CHECK(started == writers);

  /* Read while they write (the pipe holds less than they print). */
  static char text[writers * lines_each * 64];
  size_t used = 0;
  int newlines = 0;
  while (newlines < started * lines_each && used < sizeof text) {
    const ssize_t n = read(p[0], text + used, sizeof text - used);
    if (n <= 0) break;
    for (ssize_t i = 0; i < n; ++i) newlines += text[used + (size_t)i] == '\n';
    used += (size_t)n;
  }
  for (int i = 0; i < started; ++i) {
    int r = -1;
    CHECK_CODE(rawthread_join(threads[i], &r), 0);
    CHECK_CODE(r, 0);
  }
  close(p[0]);
  close(p[1]);

  static char seen[writers][lines_each];
  memset(seen, 0, sizeof seen);
  int good = 0;
  for (char* line = text; line < text + used;) {
    char* end = memchr(line, '\n', (size_t)(text + used - line));
    if (end == NULL) break;
    *end = '\0';
    int id = -1, i = -1, of = -1, consumed = 0;
    if (sscanf(line, "writer %d line %d of %d: padding to make the line longer%n", &id, &i, &of,
               &consumed) == 3 &&
        line + consumed == end && id >= 0 && id < writers && i >= 0 && i < lines_each &&
        !seen[id][i]) {
      seen[id][i] = 1;
      ++good;
    }
    line = end + 1;
  }
  CHECK(good == writers * lines_each);
}

void io_tests(void) {
  printf_and_print_write_exact_bytes();
  snprintf_follows_c();
  a_length_beyond_int_max_is_minus_one();
  errors_are_reported();
  lines_from_many_threads_never_tear();
}
