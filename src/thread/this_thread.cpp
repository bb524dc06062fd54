#include <rawthread/syscall.hpp>
#include <rawthread/thread.hpp>

#include "entry.hpp"
#include "registry.hpp"

namespace rawthread::this_thread {

int id() { return sys::gettid(); }

void yield() { (void)sys::sched_yield(); }

void sleep_for(nanoseconds d) {
  if (d.count <= 0) return;
  sys::timespec left{d.count / 1000000000, d.count % 1000000000};
  // A relative sleep reports the remainder when a signal cuts it short; sleep that remainder.
  while (true) {
    sys::timespec request = left;
    auto r = sys::clock_nanosleep(sys::clock_monotonic, 0, request, &left);
    if (r || r.error() != errc::eintr) return;
  }
}

void exit(int code) {
  if (detail::control* c = detail::registry_find(sys::gettid())) detail::thread_finish(c, code);
  sys::exit(code);
}

}  // namespace rawthread::this_thread
