// SPDX-License-Identifier: MIT
#include "signal_support.hpp"

#include <cstdio>
#include <cstring>

namespace test {

mapping_at find_mapping(std::uintptr_t address) {
  mapping_at m;
  FILE* f = std::fopen("/proc/self/maps", "r");
  if (f == nullptr) return m;
  char line[512];
  unsigned long prev_lo = 0, prev_hi = 0;
  char prev_perms[5] = "";
  while (std::fgets(line, sizeof line, f) != nullptr) {
    unsigned long lo = 0, hi = 0;
    char perms[5] = "";
    if (std::sscanf(line, "%lx-%lx %4s", &lo, &hi, perms) != 3) continue;
    if (address >= lo && address < hi) {
      m.found = true;
      m.low = lo;
      m.high = hi;
      std::memcpy(m.perms, perms, sizeof perms);
      m.below_low = prev_lo;
      m.below_high = prev_hi;
      std::memcpy(m.below_perms, prev_perms, sizeof prev_perms);
      break;
    }
    prev_lo = lo;
    prev_hi = hi;
    std::memcpy(prev_perms, perms, sizeof perms);
  }
  std::fclose(f);
  return m;
}

}  // namespace test
