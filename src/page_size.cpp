// SPDX-License-Identifier: MIT
#include "page_size.hpp"

#include <atomic>

#include "arch.hpp"
#include "no_canary.hpp"
#include "sys/raw.hpp"

namespace rawthread::detail {

constinit std::atomic<std::size_t> recorded_page_size{0};

#if !RAWTHREAD_STARTS_THE_PROCESS
namespace {

// Hosted programs: libc holds the aux vector. mprotect rejects an address that is not page
// aligned with EINVAL before anything else, and an aligned empty range never gives EINVAL (Linux
// succeeds at once, qemu-user says ENOMEM when nothing is mapped there), so the smallest power of
// two it does not reject as an address is the page size: a system call or two, no memory touched,
// no /proc needed. No Linux port has pages below 4 KiB.
std::size_t probe() {
  for (std::size_t p = 4096; p <= (std::size_t{1} << 30); p <<= 1) {
    auto r = sys::raw::mprotect(reinterpret_cast<void*>(p), 0, sys::prot_none);
    if (r || r.error() != errc::einval) return p;
  }
  return arch::default_page_size;
}
}  // namespace

std::size_t page_size() {
  std::size_t p = recorded_page_size.load(std::memory_order_relaxed);
  if (p == 0) {
    p = probe();
    recorded_page_size.store(p, std::memory_order_relaxed);
  }
  return p;
}
#endif

// Called by init, before the main thread has a thread pointer.
RAWTHREAD_NO_CANARY void set_page_size(std::size_t bytes) {
  recorded_page_size.store(bytes, std::memory_order_relaxed);
}

}  // namespace rawthread::detail
