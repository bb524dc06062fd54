// SPDX-License-Identifier: MIT
/* The seed's hello thread in C: a raw clone thread started and joined through <rawthread.h>.
 * main is an ordinary libc program; the thread shares libc's thread pointer with it, so it must
 * not call libc and prints with rawthread_printf instead. */
#include <stdio.h>

#include <rawthread.h>

static int hello(void* arg) {
  const char* who = arg;
  return rawthread_printf(1, "Look ma! I'm a thread! (%s, tid %d)\n", who, rawthread_self());
}

int main(void) {
  rawthread_t t;
  int code = rawthread_create(&t, NULL, hello, "written in C");
  if (code != 0) {
    fprintf(stderr, "rawthread_create: %s\n", rawthread_error_name(code));
    return 1;
  }
  printf("I launched a thread!\n");
  fflush(stdout);
  int result = -1;
  code = rawthread_join(t, &result);
  if (code != 0 || result != 0) {
    fprintf(stderr, "rawthread_join: %s, thread result %d\n", rawthread_error_name(code), result);
    return 1;
  }
  return 0;
}
