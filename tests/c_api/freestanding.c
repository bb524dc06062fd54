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
  rawthread_process_exit(atomic_load(&wrong) == 0 ? 0 : 1);
}
