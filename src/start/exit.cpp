// Process exit for freestanding programs: atexit functions and global destructors (registered
// through __cxa_atexit by compiler-generated code) in a fixed table, then .fini_array.
#include <atomic>
#include <cstdint>

#include <rawthread/start.hpp>
#include <rawthread/sync.hpp>
#include <rawthread/thread.hpp>

#include "../sys/raw.hpp"

using fini_function = void (*)();

extern "C" {
// Bounds of .fini_array, defined by the linker's default script.
__attribute__((visibility("hidden"))) extern const fini_function __fini_array_start[];
__attribute__((visibility("hidden"))) extern const fini_function __fini_array_end[];
}

namespace rawthread {
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
// The tid of the thread running exit, 0 before.
constinit std::atomic<int> exiting_tid{0};

int add_handler(const exit_handler& h) {
  lock_guard guard(handlers_lock);
  if (handler_count == process::atexit_capacity) return -1;
  handlers[handler_count++] = h;
  return 0;
}

// Latest first. The lock is not held during a call: a destructor may register another handler
// (which then runs next) or take locks of its own.
void run_handlers() {
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

void run_fini_array() {
  // Counted through integers: the two bounds are distinct symbols, and comparing pointers into
  // different arrays is something an optimiser may assume never yields equality.
  const std::size_t count = (reinterpret_cast<std::uintptr_t>(__fini_array_end) -
                             reinterpret_cast<std::uintptr_t>(__fini_array_start)) /
                            sizeof(fini_function);
  for (std::size_t i = count; i != 0; --i) __fini_array_start[i - 1]();
}

}  // namespace

namespace process {

void exit(int code) {
  const int me = this_thread::id();
  int running = 0;
  if (!exiting_tid.compare_exchange_strong(running, me, std::memory_order_acq_rel)) {
    if (running == me) sys::raw::exit_group(code);  // a destructor called exit: stop here
    // Another thread is ending the process: wait for the end with it.
    for (;;) (void)futex_wait(exiting_tid, running);
  }
  run_handlers();
  run_fini_array();
  sys::raw::exit_group(code);
}

}  // namespace process
}  // namespace rawthread

extern "C" {

// The handle compilers pass to __cxa_atexit for objects of this program (there are no shared
// objects to tell apart).
__attribute__((visibility("hidden"))) void* __dso_handle = nullptr;

int __cxa_atexit(void (*destructor)(void*), void* object, void*) {
  return rawthread::add_handler({destructor, object, nullptr});
}

int atexit(void (*function)()) { return rawthread::add_handler({nullptr, nullptr, function}); }

}  // extern "C"
