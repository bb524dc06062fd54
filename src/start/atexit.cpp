// SPDX-License-Identifier: MIT
// atexit and __cxa_atexit for freestanding programs: registered functions and global destructors
// in a fixed table, run latest first by process::exit. Only programs that register something link
// this file (and its mutex); exit.cpp reaches run_exit_handlers through a weak reference.
#include <rawthread/start.hpp>
#include <rawthread/sync.hpp>

#include "exit_handlers.hpp"

namespace rawthread::detail {
namespace {

// One registration: a destructor with its object (__cxa_atexit) or a plain atexit function.
struct exit_handler {
  void (*with_arg)(void*);
  void* arg;
  void (*plain)();
};

constinit mutex handlers_lock;
constinit exit_handler handlers[process::atexit_capacity]{};
constinit int handler_count = 0;

int add_handler(const exit_handler& h) {
  lock_guard guard(handlers_lock);
  if (handler_count == process::atexit_capacity) return -1;
  handlers[handler_count++] = h;
  return 0;
}

}  // namespace

// The lock is not held during a call: a destructor may register another handler (which then
// runs next) or take locks of its own.
void run_exit_handlers() {
  for (;;) {
    exit_handler h;
    {
      lock_guard guard(handlers_lock);
      if (handler_count == 0) return;
      h = handlers[--handler_count];
    }
    if (h.with_arg != nullptr) h.with_arg(h.arg);
    else h.plain();
  }
}

}  // namespace rawthread::detail

extern "C" {

// The handle compilers pass to __cxa_atexit for objects of this program (there are no shared
// objects to tell apart).
__attribute__((visibility("hidden"))) void* __dso_handle = nullptr;

int __cxa_atexit(void (*destructor)(void*), void* object, void*) {
  return rawthread::detail::add_handler({destructor, object, nullptr});
}

int atexit(void (*function)()) {
  return rawthread::detail::add_handler({nullptr, nullptr, function});
}

}  // extern "C"
