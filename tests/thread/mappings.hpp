// SPDX-License-Identifier: MIT
// Counting mappings once detached threads are gone and the cache of dead threads' mappings has
// been emptied: what is left over then is a leak.
#pragma once

#include <rawthread/thread.hpp>

#include "support.hpp"

namespace test {

// The mapping count once it is back to `before` at most, or after about five seconds: a detached
// thread may still be leaving after its last store the test saw.
inline int mappings_once_settled(int before) {
  int after = 0;
  for (int tries = 0; tries < 5000; ++tries) {
    rawthread::release_thread_cache();
    after = count_mappings();
    if (after <= before) break;
    rawthread::this_thread::sleep_for(rawthread::milliseconds(1));
  }
  return after;
}

}  // namespace test
