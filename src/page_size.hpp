// SPDX-License-Identifier: MIT
// The system page size, from the aux vector (AT_PAGESZ).
#pragma once

#include <atomic>
#include <cstddef>

#include "no_canary.hpp"

namespace rawthread::detail {

// Used by freestanding start-up, which has the aux vector in hand.
void set_page_size(std::size_t bytes);

#if RAWTHREAD_STARTS_THE_PROCESS
// The freestanding library: its init records the page size before any other code runs, so
// there is nothing to find out later, and a program links no probe for it.
extern constinit std::atomic<std::size_t> recorded_page_size;
inline std::size_t page_size() { return recorded_page_size.load(std::memory_order_relaxed); }
#else
// What set_page_size recorded, else found once by asking the kernel (see page_size.cpp).
std::size_t page_size();
#endif

// round_up(n, a) for a power-of-two a; returns 0 when the result would overflow. init calls it
// before the thread pointer exists, and a copy made out of line (-Oz) serves every caller.
RAWTHREAD_NO_CANARY constexpr std::size_t round_up(std::size_t n, std::size_t a) {
  if (n > ~std::size_t{0} - (a - 1)) return 0;
  return (n + a - 1) & ~(a - 1);
}

}  // namespace rawthread::detail
