#include "page_size.hpp"

#include <atomic>
#include <cstdint>

#include <rawthread/syscall.hpp>

#include "arch.hpp"

namespace rawthread::detail {
namespace {
std::atomic<std::size_t> cached{0};
constexpr unsigned long at_null = 0;
constexpr unsigned long at_pagesz = 6;

std::size_t read_from_proc() {
  auto fd = sys::openat(sys::at_fdcwd, "/proc/self/auxv", sys::o_rdonly | sys::o_cloexec);
  if (!fd) return arch::default_page_size;
  std::size_t found = arch::default_page_size;
  unsigned long pair[2];
  // The file is a sequence of (type, value) word pairs ending with AT_NULL.
  for (;;) {
    auto n = sys::read(*fd, pair, sizeof pair);
    if (!n || *n != sizeof pair || pair[0] == at_null) break;
    if (pair[0] == at_pagesz) {
      found = pair[1];
      break;
    }
  }
  (void)sys::close(*fd);
  return found;
}
}  // namespace

std::size_t page_size() {
  std::size_t p = cached.load(std::memory_order_relaxed);
  if (p == 0) {
    p = read_from_proc();
    cached.store(p, std::memory_order_relaxed);
  }
  return p;
}

void set_page_size(std::size_t bytes) { cached.store(bytes, std::memory_order_relaxed); }

}  // namespace rawthread::detail
