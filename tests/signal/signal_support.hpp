// SPDX-License-Identifier: MIT
// Helpers for the signal tests: a handler installed for one test case and put back after it, and
// what /proc/self/maps says about an address.
#pragma once

#include <cstdint>

#include <rawthread/signal.hpp>

namespace test {

// Installs `handler` for signo with `flags` (plus sa_siginfo) for its lifetime, then restores
// whatever was there before (doctest has its own SIGSEGV handler, for one).
class scoped_handler {
 public:
  scoped_handler(int signo, rawthread::sys::signal_handler handler, unsigned long flags)
      : signo_(signo) {
    const rawthread::sys::sigaction_t mine{handler, flags | rawthread::sys::sa_siginfo, 0};
    ok_ = rawthread::sys::sigaction(signo, &mine, &before_).has_value();
  }
  ~scoped_handler() { (void)rawthread::sys::sigaction(signo_, &before_, nullptr); }
  scoped_handler(const scoped_handler&) = delete;
  scoped_handler& operator=(const scoped_handler&) = delete;
  bool ok() const { return ok_; }

 private:
  int signo_;
  rawthread::sys::sigaction_t before_{};
  bool ok_ = false;
};

// The mapping holding `address` and the one right below it, as /proc/self/maps lists them.
struct mapping_at {
  bool found = false;
  std::uintptr_t low = 0, high = 0;
  char perms[5] = "";
  std::uintptr_t below_low = 0, below_high = 0;
  char below_perms[5] = "";
};
mapping_at find_mapping(std::uintptr_t address);

}  // namespace test
