// SPDX-License-Identifier: MIT
// The C API's thread-specific data: rawthread_key_t is thread_key's index.
#include <rawthread.h>

#include <rawthread/errno.hpp>
#include <rawthread/sync.hpp>

using namespace rawthread;

static_assert(RAWTHREAD_KEYS_MAX == thread_key::max_keys);
static_assert(RAWTHREAD_DESTRUCTOR_ITERATIONS == thread_key::destructor_rounds);

extern "C" {

int rawthread_key_create(rawthread_key_t* key, void (*destructor)(void*)) {
  if (key == nullptr) return errc::einval;
  auto k = thread_key::create(destructor);
  if (!k) return k.error();
  *key = k->index();
  return 0;
}

int rawthread_key_delete(rawthread_key_t key) {
  auto r = thread_key::from_index(key).destroy();
  return r ? 0 : r.error();
}

void* rawthread_getspecific(rawthread_key_t key) { return thread_key::from_index(key).get(); }

int rawthread_setspecific(rawthread_key_t key, const void* value) {
  auto r = thread_key::from_index(key).set(const_cast<void*>(value));
  return r ? 0 : r.error();
}

}  // extern "C"
