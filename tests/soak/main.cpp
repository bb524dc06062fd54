// SPDX-License-Identifier: MIT
// The sync soak test: 22 rawthread threads hammer a condition-variable queue, a semaphore, a
// barrier and a mutex with random choices for as long as asked, while the main thread watches
// that each keeps making progress. Exit status 0 when every check held, 1 when one failed or a
// thread stalled (the watchdog then prints every thread's state), 2 for bad arguments.
//
//   sync_soak [--seconds=S] [--stall=S] [--seed=N]
//     --seconds  how long to run (default: $RAWTHREAD_SOAK_SECONDS, else 10)
//     --stall    how long a thread may go without progress (default 10; 60 when emulated)
//     --seed     the random choices' seed (default: from the clock; printed either way)
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <ctime>

#include <rawthread/thread.hpp>

#include "groups.hpp"
#include "watchdog.hpp"
#include "worker.hpp"

namespace {

using namespace soak;

struct settings {
  double seconds = 10;
  double stall = 10;
  unsigned long long seed = 0;
};

bool parse_number(const char* arg, const char* name, double& out) {
  const std::size_t len = std::strlen(name);
  if (std::strncmp(arg, name, len) != 0) return false;
  char* end = nullptr;
  out = std::strtod(arg + len, &end);
  return end != arg + len && *end == '\0' && out > 0;
}

bool parse(int argc, char** argv, settings& s) {
  if (const char* v = std::getenv("RAWTHREAD_SOAK_SECONDS")) s.seconds = std::atof(v);
  const char* emulated = std::getenv("RAWTHREAD_EMULATED");
  if (emulated != nullptr && std::strcmp(emulated, "1") == 0) s.stall = 60;
  s.seed = static_cast<unsigned long long>(std::time(nullptr));
  for (int i = 1; i < argc; ++i) {
    double seed = 0;
    if (parse_number(argv[i], "--seconds=", s.seconds) ||
        parse_number(argv[i], "--stall=", s.stall))
      continue;
    if (parse_number(argv[i], "--seed=", seed)) {
      s.seed = static_cast<unsigned long long>(seed);
      continue;
    }
    std::fprintf(stderr, "sync_soak: unknown argument %s\n", argv[i]);
    return false;
  }
  return s.seconds > 0;
}

rawthread::nanoseconds from_seconds(double s) {
  return rawthread::nanoseconds{static_cast<std::int64_t>(s * 1e9)};
}

// The groups are large and shared by every thread: static storage.
queue_group queue;
semaphore_group semaphores;
barrier_group barrier;
mutex_group mutexes;

constexpr int worker_count = queue_group::producers + queue_group::consumers +
                             semaphore_group::threads + barrier_group::parties +
                             mutex_group::threads;
static_assert(worker_count <= watchdog::most_workers);
worker workers[worker_count];
rawthread::thread threads[worker_count];
int started = 0;

// Starts body(worker, rng) in a new thread named after the worker.
template <class Body>
bool start(const char* role, int index, unsigned long long seed, Body body) {
  worker& w = workers[started];
  std::snprintf(w.name, sizeof w.name, "%s %d", role, index);
  const std::uint64_t thread_seed = seed * 64 + static_cast<std::uint64_t>(started);
  auto t = rawthread::spawn([&w, thread_seed, body] {
    rng r(thread_seed);
    body(w, r);
    w.finished.store(true);
  });
  if (!t) {
    std::fprintf(stderr, "sync_soak: spawn failed: %s\n", rawthread::error_name(t.error()));
    return false;
  }
  w.tid = t->id();
  threads[started++] = std::move(*t);
  return true;
}

bool start_all(unsigned long long seed) {
  bool ok = true;
  for (int i = 0; i < queue_group::producers; ++i)
    ok = ok && start("producer", i, seed, [i](worker& w, rng& r) { queue.produce(w, i, r); });
  for (int i = 0; i < queue_group::consumers; ++i)
    ok = ok && start("consumer", i, seed, [i](worker& w, rng& r) { queue.consume(w, i, r); });
  for (int i = 0; i < semaphore_group::threads; ++i)
    ok = ok && start("semaphore", i, seed, [i](worker& w, rng& r) { semaphores.run(w, i, r); });
  for (int i = 0; i < barrier_group::parties; ++i)
    ok = ok && start("barrier", i, seed, [i](worker& w, rng& r) { barrier.run(w, i, r); });
  for (int i = 0; i < mutex_group::threads; ++i)
    ok = ok && start("mutex", i, seed, [i](worker& w, rng& r) { mutexes.run(w, i, r); });
  return ok;
}

bool producers_finished() {
  for (int i = 0; i < queue_group::producers; ++i)
    if (!workers[i].finished.load()) return false;
  return true;
}

bool all_finished() {
  for (int i = 0; i < started; ++i)
    if (!workers[i].finished.load()) return false;
  return true;
}

// Runs until the time is up, then winds everything down, watching all along. False on a stall.
bool run_watched(const settings& s) {
  watchdog dog(workers, started, from_seconds(s.stall));
  watched words[watchdog::most_watched];
  int n = 0;
  queue.watch(words, n);
  semaphores.watch(words, n);
  barrier.watch(words, n);
  mutexes.watch(words, n);
  for (int i = 0; i < n; ++i) dog.watch(words[i]);

  const rawthread::monotonic_time end = rawthread::monotonic_now() + from_seconds(s.seconds);
  bool closed = false;
  for (;;) {
    rawthread::this_thread::sleep_for(rawthread::milliseconds(20));
    const rawthread::monotonic_time now = rawthread::monotonic_now();
    if (!dog.all_moving(now, stderr)) return false;
    if (now >= end) stop.store(true);
    if (stop.load() && !closed && producers_finished()) {
      queue.close();
      closed = true;
    }
    if (closed && all_finished()) return true;
  }
}

}  // namespace

int main(int argc, char** argv) {
  settings s;
  if (!parse(argc, argv, s)) return 2;
  std::printf("sync_soak: %g s, stall after %g s, seed %llu\n", s.seconds, s.stall, s.seed);
  std::fflush(stdout);
  if (!start_all(s.seed)) return 1;
  if (!run_watched(s)) {
    // Stuck threads cannot be joined; leave without running anything of theirs again.
    std::fflush(nullptr);
    std::_Exit(1);
  }
  for (int i = 0; i < started; ++i)
    if (!threads[i].join()) return 1;
  // Every check runs and reports, whatever the others found.
  const bool checks[] = {queue.check(stderr), semaphores.check(stderr), barrier.check(stderr),
                         mutexes.check(stderr)};
  bool ok = true;
  for (bool held : checks) ok = ok && held;
  std::printf(
      "sync_soak: %llu queue items, %llu semaphore acquisitions, %llu barrier phases, %llu "
      "mutex increments: %s\n",
      static_cast<unsigned long long>(queue.items()),
      static_cast<unsigned long long>(semaphores.acquisitions()),
      static_cast<unsigned long long>(barrier.phases()),
      static_cast<unsigned long long>(mutexes.increments()), ok ? "all checks held" : "FAILED");
  return ok ? 0 : 1;
}
