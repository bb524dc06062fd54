// SPDX-License-Identifier: MIT
#include "watchdog.hpp"

#include <cstdlib>
#include <cstring>
#include <dirent.h>
#include <unistd.h>

namespace soak {
namespace {

double seconds_between(rawthread::monotonic_time from, rawthread::monotonic_time to) {
  return static_cast<double>((to - from).count) / 1e9;
}

// Prints /proc/self/task/<tid>/<file> on one line: `stat` (state and counters), `wchan` (where
// in the kernel it sleeps), `syscall` (the call it is in and its arguments: for a futex wait,
// the word's address).
void print_task_file(std::FILE* out, int tid, const char* file) {
  char path[64];
  std::snprintf(path, sizeof path, "/proc/self/task/%d/%s", tid, file);
  std::FILE* f = std::fopen(path, "r");
  if (f == nullptr) {
    std::fprintf(out, "      %-8s (unreadable: the thread has gone?)\n", file);
    return;
  }
  char text[1024] = {};
  const std::size_t n = std::fread(text, 1, sizeof text - 1, f);
  std::fclose(f);
  text[n] = '\0';
  for (char* c = text; *c != '\0'; ++c)
    if (*c == '\n') *c = ' ';
  std::fprintf(out, "      %-8s %s\n", file, text);
}

void print_task(std::FILE* out, int tid) {
  print_task_file(out, tid, "stat");
  print_task_file(out, tid, "wchan");
  print_task_file(out, tid, "syscall");
}

// Each 32-bit word of the primitive, as it is now (the threads may still be changing them).
void print_words(std::FILE* out, const watched& w) {
  std::fprintf(out, "  %-16s at %p:", w.name, w.at);
  const auto* words = static_cast<const volatile int*>(w.at);
  for (std::size_t i = 0; i < w.size / sizeof(int); ++i)
    std::fprintf(out, " %d", words[i]);
  std::fprintf(out, "\n");
}

}  // namespace

watchdog::watchdog(const worker* workers, int count, rawthread::nanoseconds stall)
    : workers_(workers), count_(count < most_workers ? count : most_workers), stall_(stall) {
  const rawthread::monotonic_time now = rawthread::monotonic_now();
  for (int i = 0; i < count_; ++i) moved_at_[i] = now;
}

void watchdog::watch(const watched& w) {
  if (watched_count_ < most_watched) watched_[watched_count_++] = w;
}

bool watchdog::all_moving(rawthread::monotonic_time now, std::FILE* out) {
  for (int i = 0; i < count_; ++i) {
    if (workers_[i].finished.load()) continue;
    const unsigned long long progress = workers_[i].progress.load();
    if (progress != seen_[i]) {
      seen_[i] = progress;
      moved_at_[i] = now;
    } else if (now - moved_at_[i] >= stall_) {
      report(i, now, out);
      return false;
    }
  }
  return true;
}

void watchdog::report(int stuck, rawthread::monotonic_time now, std::FILE* out) const {
  std::fprintf(out, "soak: STALL: %s (tid %d) has made no progress for %.1f s; last step: %s\n",
               workers_[stuck].name, workers_[stuck].tid, seconds_between(moved_at_[stuck], now),
               workers_[stuck].doing.load());
  std::fprintf(out, "soak: the threads (state, kernel wait channel, system call):\n");
  for (int i = 0; i < count_; ++i) {
    const worker& w = workers_[i];
    std::fprintf(out, "  %-14s tid %-7d progress %-10llu %s, %.1f s since its last step: %s\n",
                 w.name, w.tid, static_cast<unsigned long long>(w.progress.load()),
                 w.finished.load() ? "finished" : "running", seconds_between(moved_at_[i], now),
                 w.doing.load());
    if (!w.finished.load()) print_task(out, w.tid);
  }
  // Whatever else lives in the process: the main thread, and any task not in the list.
  if (DIR* tasks = opendir("/proc/self/task")) {
    while (dirent* e = readdir(tasks)) {
      const int tid = std::atoi(e->d_name);
      bool listed = tid == 0;
      for (int i = 0; i < count_ && !listed; ++i) listed = workers_[i].tid == tid;
      if (listed) continue;
      std::fprintf(out, "  %-14s tid %d\n", tid == getpid() ? "main" : "(not a worker)", tid);
      print_task(out, tid);
    }
    closedir(tasks);
  }
  std::fprintf(out, "soak: the primitives' words (see <rawthread/sync.hpp> for their order):\n");
  for (int i = 0; i < watched_count_; ++i) print_words(out, watched_[i]);
  std::fflush(out);
}

}  // namespace soak
