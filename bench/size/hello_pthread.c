// SPDX-License-Identifier: MIT
/* The seed's hello-thread program the usual way, pthread and printf, for bench/size to build
   statically with glibc and with musl and set beside rawthread's examples/hello_freestanding. */
#include <pthread.h>
#include <stdio.h>

static void* work(void* arg) {
  (void)arg;
  printf("Look ma! I'm a thread!\n");
  return NULL;
}

int main(void) {
  pthread_t thread;
  if (pthread_create(&thread, NULL, work, NULL) != 0) return 1;
  printf("I launched a thread!\n");
  return pthread_join(thread, NULL) == 0 ? 0 : 1;
}
