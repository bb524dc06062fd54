// Brief busy-waiting before a futex sleep.
//
// Sleeping and being woken costs two system calls and a trip through the scheduler (tens of
// microseconds when the waker runs on another CPU), while the holder of a lock or the other
// side of a hand-off is usually done within a few hundred nanoseconds. So every blocking path
// first polls a little, and only then sleeps. The poll is short enough that on a single CPU,
// where it can never succeed, it costs well under a microsecond.
#pragma once

namespace rawthread::detail {

inline constexpr int spin_polls = 100;

// Calls ready() up to spin_polls times; true as soon as it returns true.
template <class Ready>
bool spin_until(Ready ready) {
  for (int i = 0; i < spin_polls; ++i)
    if (ready()) return true;
  return false;
}

}  // namespace rawthread::detail
