// SPDX-License-Identifier: MIT
// Counting new mappings once detached threads are gone and the cache of dead threads' mappings
// has been emptied: what is left over then is a leak.
#pragma once

#include <rawthread/thread.hpp>

#include "support.hpp"

namespace test {

// new_mappings(before) once it is back to 0, or after about five seconds: a detached thread may
// still be leaving after its last store the test saw.
inline int mappings_once_settled(const mapped_ranges& before) {
  int left = 0;
  for (int tries = 0; tries < 5000; ++tries) {
    rawthread::release_thread_cache();
    left = new_mappings(before);
    if (left == 0) break;
    rawthread::this_thread::sleep_for(rawthread::milliseconds(1));
  }
  return left;
}

}  // namespace test
