// SPDX-License-Identifier: MIT
#include "support.hpp"

#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <fcntl.h>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rawthread/thread.hpp>

#include "asan_build.hpp"

namespace test {
namespace {
int tasks_at_start = 1;
}  // namespace

void before_the_first_test() {
  tasks_at_start = count_tasks();
#if RAWTHREAD_ASAN_BUILD
  auto t = rawthread::spawn([] { rawthread::this_thread::exit(0); });
  if (t) (void)t->join();
#endif
  // The stack map by which hosted threads find themselves (src/thread/stack_map.hpp) grows by a
  // leaf the first time a thread's memory lies in a 4 GiB region, and keeps it: once per
  // region, not a leak, but a new mapping to the leak checks. One thread on each kind of memory
  // the tests give threads (rawthread's own mappings, static memory, this thread's stack) makes
  // those leaves before any check takes its baseline.
  alignas(16) static char static_memory[64 * 1024];
  alignas(16) char stack_memory[64 * 1024];
  for (char* memory : {static_cast<char*>(nullptr), static_memory, stack_memory}) {
    rawthread::thread_options opts;
    opts.stack_memory = memory;
    opts.stack_memory_size = memory != nullptr ? sizeof static_memory : 0;
    auto warm = rawthread::spawn([] {}, opts);
    if (warm) (void)warm->join();
  }
  rawthread::release_thread_cache();
}

bool emulated() {
  const char* v = std::getenv("RAWTHREAD_EMULATED");
  return v != nullptr && std::strcmp(v, "1") == 0;
}

int scaled(int native, int divisor) {
  if (!emulated()) return native;
  int n = native / divisor;
  return n < 1 ? 1 : n;
}

namespace {

struct mapping {
  unsigned long low = 0, high = 0;
  char perms[5] = "";
  bool anonymous = false;
  bool valgrinds_file = false;
};

// /proc/self/maps, read whole with open(2) and read(2) into static memory, then line by line:
// no malloc, so that counting mappings makes none (a sanitizer's allocator maps more memory as
// its heap grows). One reader at a time: the tests count from one thread.
class maps_text {
 public:
  maps_text() {
    const int fd = ::open("/proc/self/maps", O_RDONLY | O_CLOEXEC);
    if (fd < 0) return;
    ok_ = true;
    for (;;) {
      const ssize_t got = ::read(fd, text_ + size_, sizeof text_ - 1 - size_);
      if (got <= 0) break;
      size_ += static_cast<std::size_t>(got);
    }
    ::close(fd);
  }
  bool ok() const { return ok_; }
  void rewind() { at_ = 0; }
  // The next line's mapping; false after the last.
  bool next(mapping& m) {
    if (at_ >= size_) return false;
    char line[4096];
    std::size_t n = 0;
    while (at_ < size_ && text_[at_] != '\n') {
      if (n < sizeof line - 1) line[n++] = text_[at_];
      ++at_;
    }
    ++at_;
    line[n] = '\0';
    char path[4096] = "";
    unsigned long inode = 0;
    m = mapping{};
    (void)std::sscanf(line, "%lx-%lx %4s %*s %*s %lu %4095s", &m.low, &m.high, m.perms, &inode,
                      path);
    m.anonymous = inode == 0 && path[0] == '\0';
    m.valgrinds_file = std::strstr(path, "/valgrind/") != nullptr;
    return true;
  }

 private:
  static inline char text_[1 << 20];
  std::size_t size_ = 0, at_ = 0;
  bool ok_ = false;
};

bool anonymous_with(const mapping& m, const char* perms) {
  return m.anonymous && std::strncmp(m.perms, perms, 3) == 0;
}

// Valgrind lives in the process it checks: its tool and preloads are files in a valgrind folder,
// and what it maps for itself as it runs (translation caches, a stack with guard pages for each
// thread slot) is anonymous and executable, or a guard touching such a mapping. The programs
// tested here never map executable memory, and a guard of theirs lies right below the
// read-write stack it guards.
bool valgrinds_own(const mapping& below, const mapping& m, const mapping& above) {
  if (m.anonymous && m.perms[2] == 'x') return true;
  if (!anonymous_with(m, "---")) return false;
  if (anonymous_with(above, "rw-") && above.low == m.high) return false;
  return (below.anonymous && below.perms[2] == 'x' && below.high == m.low) ||
         (above.anonymous && above.perms[2] == 'x' && above.low == m.high);
}

bool maps_hold_valgrind(maps_text& maps) {
  bool found = false;
  for (mapping m; maps.next(m);) found = found || m.valgrinds_file;
  maps.rewind();
  return found;
}

// What a thread mapping can look like: rawthread maps them anonymous, private and never
// executable.
bool could_be_a_threads(const mapping& m) {
  return m.anonymous && m.perms[3] == 'p' && m.perms[2] != 'x';
}

// A leaf of the stack map (src/thread/stack_map.hpp: 2^20 entries of a word, read-write,
// kept for good) is made the first time a thread's memory lies in a new 4 GiB region: when
// the mappings of many threads reach down across such a boundary, mid-test. Not a leak; no
// thread's read-write part is a whole number of leaves (its size is a stack plus a page or
// two), while neighbouring leaves may merge into one line.
bool a_stack_map_leaf(const mapping& m) {
  constexpr unsigned long leaf_bytes = (1ul << 20) * sizeof(void*);
  return std::strncmp(m.perms, "rw-", 3) == 0 && (m.high - m.low) % leaf_bytes == 0;
}

// Mappings of /proc/self/maps that could be a thread's, hold an address `before` did not, and
// are not valgrind's own (when it runs) nor stack-map leaves; not PROT_NONE ones either when
// `accessible_only`. Nor the counting thread's own stack, which grows as deeper calls reach
// into it: natively that is the kernel's [stack], but the stack valgrind makes for the main
// thread is anonymous.
int count_new(const mapped_ranges& before, bool accessible_only) {
  if (!before.ok()) return -1;
  maps_text maps;
  if (!maps.ok()) return -1;
  const bool under_valgrind = maps_hold_valgrind(maps);
  const auto here = reinterpret_cast<unsigned long>(__builtin_frame_address(0));
  int lines = 0;
  mapping below, m, above;
  bool more = maps.next(m);
  while (more) {
    more = maps.next(above);
    if (!more) above = mapping{};
    const bool counted = could_be_a_threads(m) && !(m.low <= here && here < m.high) &&
                         !before.cover(m.low, m.high) &&
                         !(under_valgrind && valgrinds_own(below, m, above)) &&
                         !(accessible_only && std::strncmp(m.perms, "---", 3) == 0) &&
                         !a_stack_map_leaf(m);
    if (counted) ++lines;
    below = m;
    m = above;
  }
  return lines;
}

}  // namespace

mapped_ranges::mapped_ranges() {
  maps_text maps;
  if (!maps.ok()) return;
  ok_ = true;
  for (mapping m; maps.next(m);) {
    if (count_ == static_cast<int>(sizeof ranges_ / sizeof ranges_[0])) {
      ok_ = false;
      return;
    }
    ranges_[count_++] = {m.low, m.high};
  }
}

bool mapped_ranges::cover(unsigned long low, unsigned long high) const {
  // The ranges come in address order, as /proc/self/maps lists them; neighbours may touch.
  for (int i = 0; i < count_ && low < high; ++i) {
    if (ranges_[i].high <= low) continue;
    if (ranges_[i].low > low) return false;  // a hole at `low`
    low = ranges_[i].high;
  }
  return low >= high;
}

int new_mappings(const mapped_ranges& before) { return count_new(before, false); }

int new_accessible_mappings(const mapped_ranges& before) { return count_new(before, true); }

bool under_valgrind() {
  maps_text maps;
  return maps.ok() && maps_hold_valgrind(maps);
}

bool gone(int tid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/self/task/%d", tid);
  return access(path, F_OK) != 0;
}

bool asleep(int tid) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/self/task/%d/stat", tid);
  FILE* f = std::fopen(path, "r");
  if (f == nullptr) return false;
  char line[512];
  const bool read = std::fgets(line, sizeof line, f) != nullptr;
  std::fclose(f);
  // "tid (comm) S ...": the name may hold spaces and parentheses, the last ')' ends it.
  const char* end = read ? std::strrchr(line, ')') : nullptr;
  return end != nullptr && end[1] == ' ' && end[2] == 'S';
}

bool wait_until_asleep(int tid) {
  for (int tries = 0; tries < 5000; ++tries) {
    if (asleep(tid)) return true;
    usleep(1000);
  }
  return false;
}

int count_tasks() {
  DIR* d = opendir("/proc/self/task");
  if (d == nullptr) return -1;
  int n = 0;
  while (dirent* e = readdir(d))
    if (e->d_name[0] != '.') ++n;
  closedir(d);
  return n;
}

int tasks_once_settled(int before) {
  int now = count_tasks();
  for (int tries = 0; now > before && tries < 2000; ++tries) {
    usleep(1000);
    now = count_tasks();
  }
  return now;
}

pid_t fork_alone() {
  (void)tasks_once_settled(tasks_at_start);
  return fork();
}

int wait_status_of_child(void (*fn)()) {
  std::fflush(nullptr);
  pid_t pid = fork_alone();
  if (pid == 0) {
    fn();
    _exit(0);
  }
  int status = 0;
  waitpid(pid, &status, 0);
  return status;
}

int fill_address_space_against(std::size_t size) {
  // mmap fails only when no hole of that size is left anywhere, so halving from the largest
  // size tried ends with every hole smaller than the floor.
  const std::size_t floor = size / 2;
  int reserved = 0;
  for (std::size_t piece = ~std::size_t{0} / 2 + 1; piece >= floor && piece != 0;) {
    void* p = mmap(nullptr, piece, PROT_NONE, MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
    if (p == MAP_FAILED) piece /= 2;
    else ++reserved;
  }
  return reserved;
}

}  // namespace test
