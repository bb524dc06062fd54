// SPDX-License-Identifier: MIT
/* <rawthread.h> from C99 (built with -std=c99 -pedantic -Werror: no C11 keyword may leak out of
 * the header), using the documented option idiom, a noreturn function and the version macros,
 * which must say meson.build's version (EXPECTED_VERSION, from tests/c_api/meson.build). */
#include <stdio.h>
#include <string.h>

#include <rawthread.h>

static int twice(void* arg) { return 2 * *(int*)arg; }

static int ends_early(void* arg) {
  (void)arg;
  rawthread_exit(5); /* declared noreturn: no "control reaches end" warning here */
}

int main(void) {
  int failures = 0;
  rawthread_options_t opts = RAWTHREAD_OPTIONS_INIT;
  opts.stack_size = 64 << 10;
  opts.name = "c99";
  int n = 21;
  rawthread_t t;
  int result = -1;
  if (rawthread_create(&t, &opts, twice, &n) != 0 || rawthread_join(t, &result) != 0 ||
      result != 42) {
    fprintf(stderr, "c99: create/join with RAWTHREAD_OPTIONS_INIT failed\n");
    ++failures;
  }
  if (rawthread_create(&t, NULL, ends_early, NULL) != 0 || rawthread_join(t, &result) != 0 ||
      result != 5) {
    fprintf(stderr, "c99: rawthread_exit's code did not reach join\n");
    ++failures;
  }
  char expected[32];
  snprintf(expected, sizeof expected, "%d.%d.%d", RAWTHREAD_VERSION_MAJOR, RAWTHREAD_VERSION_MINOR,
           RAWTHREAD_VERSION_PATCH);
  if (strcmp(expected, RAWTHREAD_VERSION_STRING) != 0 ||
      strcmp(EXPECTED_VERSION, RAWTHREAD_VERSION_STRING) != 0 ||
      RAWTHREAD_VERSION_NUMBER != RAWTHREAD_VERSION_MAJOR * 10000 + RAWTHREAD_VERSION_MINOR * 100 +
                                      RAWTHREAD_VERSION_PATCH) {
    fprintf(stderr, "c99: version %s, parts say %s\n", RAWTHREAD_VERSION_STRING, expected);
    ++failures;
  }
  return failures == 0 ? 0 : 1;
}
