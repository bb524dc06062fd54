#include <rawthread/time.hpp>

#include "../sys/raw.hpp"

namespace rawthread {

monotonic_time monotonic_now() {
  sys::timespec now{};
  // CLOCK_MONOTONIC always exists and `now` is valid memory, so this cannot fail.
  (void)sys::raw::clock_gettime(sys::clock_monotonic, now);
  return {now.tv_sec * 1000000000 + now.tv_nsec};
}

}  // namespace rawthread
