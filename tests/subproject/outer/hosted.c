// SPDX-License-Identifier: MIT
/* Hosted C: threads add under a statically initialised mutex and print with rawthread_printf. */
#include <rawthread.h>

static rawthread_mutex_t lock = RAWTHREAD_MUTEX_INIT;
static long total;

static int add(void* arg) {
  const long n = *(const long*)arg;
  for (long i = 0; i < n; ++i) {
    rawthread_mutex_lock(&lock);
    ++total;
    rawthread_mutex_unlock(&lock);
  }
  return rawthread_printf(1, "thread %d added %ld\n", rawthread_self(), n);
}

int main(void) {
  long counts[3] = { 1000, 2000, 3000 };
  rawthread_t threads[3];
  for (int i = 0; i < 3; ++i)
    if (rawthread_create(&threads[i], NULL, add, &counts[i]) != 0) return 1;
  for (int i = 0; i < 3; ++i) {
    int result = -1;
    if (rawthread_join(threads[i], &result) != 0 || result != 0) return 1;
  }
  return total == 6000 ? 0 : 1;
}
