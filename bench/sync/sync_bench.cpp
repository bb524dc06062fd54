// SPDX-License-Identifier: MIT
// rawthread's sync primitives against glibc's (pthread, std::mutex, sem_t), each pair measured
// alternately in the same run; prints throughput ratios, never absolute verdicts.
//
// Each scenario runs the same workload with both, `repeats` times interleaved, and compares the
// medians. rawthread's side runs on rawthread threads, glibc's on pthreads: the threads only
// frame the timed loops. Usage: sync_bench [scale [filter]]: scale (default 1.0) multiplies the
// work, smaller runs shorter; filter keeps the scenarios whose name contains it.
#include <pthread.h>
#include <semaphore.h>

#include <algorithm>
#include <atomic>
#include <chrono>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include <rawthread/sync.hpp>
#include <rawthread/thread.hpp>

namespace {

constexpr int repeats = 7;
double scale = 1.0;
const char* filter = "";

long scaled(long n) { return std::max(1L, static_cast<long>(static_cast<double>(n) * scale)); }

using clock_type = std::chrono::steady_clock;

// Runs body(i) on `count` threads of one kind, released together; returns the seconds from
// the release until the last one finished.
template <class Spawn, class Body>
double timed_run(Spawn spawn, int count, Body body) {
  std::atomic<int> ready{0};
  std::atomic<bool> go{false};
  // Only the main thread reads the clock: rawthread children must not call libc.
  auto wrapped = [&](int i) {
    ready.fetch_add(1);
    while (!go.load()) {
    }
    body(i);
  };
  clock_type::time_point start;
  spawn(count, wrapped, ready, go, start);
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

// Spawners: start `count` threads, wait until all are ready, stamp the start, release, join.
struct rawthread_threads {
  template <class Body>
  void operator()(int count, Body& body, std::atomic<int>& ready, std::atomic<bool>& go,
                  clock_type::time_point& start) const {
    std::vector<rawthread::thread> threads;
    for (int i = 0; i < count; ++i) {
      auto t = rawthread::spawn([&body, i] { body(i); });
      if (!t) std::abort();
      threads.push_back(std::move(*t));
    }
    while (ready.load() != count) {
    }
    start = clock_type::now();
    go.store(true);
    for (auto& t : threads) (void)t.join();
  }
};

struct pthread_threads {
  template <class Body>
  void operator()(int count, Body& body, std::atomic<int>& ready, std::atomic<bool>& go,
                  clock_type::time_point& start) const {
    std::vector<std::thread> threads;
    for (int i = 0; i < count; ++i) threads.emplace_back([&body, i] { body(i); });
    while (ready.load() != count) {
    }
    start = clock_type::now();
    go.store(true);
    for (auto& t : threads) t.join();
  }
};

double median(std::vector<double> v) {
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

struct row {
  std::string scenario;
  const char* peer;
  double ours_per_s;
  double theirs_per_s;
  double ratio_min;  // of the per-round ratios: how noisy the comparison is
  double ratio_max;
};
std::vector<row> rows;

// Measures `ops` operations done by run_ours() and run_theirs() (each returns seconds), both
// `repeats` times interleaved, and records the medians as operations per second, with the
// lowest and highest ratio of one round's pair.
template <class Ours, class Theirs>
void compare(const std::string& scenario, const char* peer, long ops, Ours run_ours,
             Theirs run_theirs) {
  if (scenario.find(filter) == std::string::npos) return;
  std::vector<double> ours, theirs, ratios;
  for (int i = 0; i < repeats; ++i) {
    ours.push_back(static_cast<double>(ops) / run_ours());
    theirs.push_back(static_cast<double>(ops) / run_theirs());
    ratios.push_back(ours.back() / theirs.back());
  }
  auto [low, high] = std::minmax_element(ratios.begin(), ratios.end());
  rows.push_back({scenario, peer, median(ours), median(theirs), *low, *high});
  std::fprintf(stderr, "  %s vs %s done\n", scenario.c_str(), peer);
}

// --- the workloads, each generic over the lock / semaphore type ---

template <class Lock>
double uncontended(Lock& m, long n) {
  auto start = clock_type::now();
  for (long i = 0; i < n; ++i) {
    m.lock();
    std::atomic_signal_fence(std::memory_order_seq_cst);  // keep the pair in the loop
    m.unlock();
  }
  return std::chrono::duration<double>(clock_type::now() - start).count();
}

// The two layouts of a lock and the counter it guards: on one cache line (each increment then
// also moves the lock's line), or on lines of their own. alignas fixes the placement, which an
// unaligned pair on the stack left to chance (the ratio swung between runs).
template <class Lock>
struct alignas(64) same_line {
  Lock m;
  long counter = 0;
};
template <class Lock>
struct own_lines {
  alignas(64) Lock m;
  alignas(64) long counter = 0;
};

template <class Spawn, class Guarded>
double contended(Spawn spawn, Guarded& g, int threads, long per_thread) {
  g.counter = 0;
  double s = timed_run(spawn, threads, [&](int) {
    for (long i = 0; i < per_thread; ++i) {
      g.m.lock();
      ++g.counter;
      g.m.unlock();
    }
  });
  if (g.counter != threads * per_thread) std::abort();
  return s;
}

// `threads` threads on one reader-writer lock guarding a small table: one operation in
// `write_every` writes it, the others read it.
struct table {
  alignas(64) long a = 0;
  long b = 0;
};
template <class Spawn, class ReadLock, class ReadUnlock, class WriteLock, class WriteUnlock>
double rwlock_mix(Spawn spawn, int threads, long per_thread, int write_every, ReadLock rlock,
                  ReadUnlock runlock, WriteLock wlock, WriteUnlock wunlock) {
  table t;
  std::atomic<long> torn{0};
  double s = timed_run(spawn, threads, [&](int me) {
    long bad = 0;
    for (long i = 0; i < per_thread; ++i) {
      if ((i + me) % write_every == 0) {
        wlock();
        ++t.a;
        ++t.b;
        wunlock();
      } else {
        rlock();
        bad += t.a != t.b;
        runlock();
      }
    }
    torn.fetch_add(bad);
  });
  if (torn.load() != 0) std::abort();
  return s;
}

// Two threads taking turns through a mutex + condition variable; one round = one hand-over.
template <class Spawn, class Mutex, class Cond, class Wait, class Notify>
double ping_pong(Spawn spawn, Mutex& m, Cond& cv, Wait wait, Notify notify, long rounds) {
  long turn = 0;
  return timed_run(spawn, 2, [&](int me) {
    for (long i = 0; i < rounds; ++i) {
      m.lock();
      while (turn % 2 != me) wait(cv, m);
      ++turn;
      notify(cv);
      m.unlock();
    }
  });
}

// Two threads passing a token back and forth through two semaphores.
template <class Spawn, class Sem, class Post, class Wait>
double hand_off(Spawn spawn, Sem* sems, Post post, Wait wait, long rounds) {
  return timed_run(spawn, 2, [&](int me) {
    for (long i = 0; i < rounds; ++i) {
      if (me == 0) {
        post(sems[0]);
        wait(sems[1]);
      } else {
        wait(sems[0]);
        post(sems[1]);
      }
    }
  });
}

template <class Spawn, class Arrive>
double barrier_phases(Spawn spawn, int threads, Arrive arrive, long phases) {
  return timed_run(spawn, threads, [&](int) {
    for (long i = 0; i < phases; ++i) arrive();
  });
}

// Lock adaptor so pthread_mutex_t fits the generic workloads.
struct pthread_lock {
  pthread_mutex_t m = PTHREAD_MUTEX_INITIALIZER;
  void lock() { pthread_mutex_lock(&m); }
  void unlock() { pthread_mutex_unlock(&m); }
};

}  // namespace

int main(int argc, char** argv) {
  if (argc > 1) scale = std::atof(argv[1]);
  if (argc > 2) filter = argv[2];
  if (scale <= 0) scale = 1.0;
  rawthread_threads ours_t;
  pthread_threads theirs_t;
  // Until a process creates its first pthread, glibc's mutexes skip atomic instructions
  // altogether; real multi-threaded programs are past that point, so measure there.
  std::thread([] {}).join();

  {
    long n = scaled(20000000);
    rawthread::mutex ours;
    pthread_lock pt;
    std::mutex sm;
    compare("uncontended lock/unlock", "pthread_mutex", n, [&] { return uncontended(ours, n); },
            [&] { return uncontended(pt, n); });
    compare("uncontended lock/unlock", "std::mutex", n, [&] { return uncontended(ours, n); },
            [&] { return uncontended(sm, n); });
  }
  for (int threads : {2, 4, 8}) {
    long per = scaled(2000000) / threads;
    const std::string n = std::to_string(threads) + " threads, one counter";
    {
      same_line<rawthread::mutex> ours;
      same_line<pthread_lock> pt;
      compare(n + ", on the lock's line", "pthread_mutex", per * threads,
              [&] { return contended(ours_t, ours, threads, per); },
              [&] { return contended(theirs_t, pt, threads, per); });
    }
    {
      own_lines<rawthread::mutex> ours;
      own_lines<pthread_lock> pt;
      compare(n + ", on its own line", "pthread_mutex", per * threads,
              [&] { return contended(ours_t, ours, threads, per); },
              [&] { return contended(theirs_t, pt, threads, per); });
    }
  }
  for (int write_every : {20, 2}) {
    const int threads = 4;
    long per = scaled(2000000) / threads;
    rawthread::shared_mutex ours;
    pthread_rwlock_t theirs = PTHREAD_RWLOCK_INITIALIZER;
    compare(write_every == 20 ? "rwlock, 4 threads, 95% reads" : "rwlock, 4 threads, 50% reads",
            "pthread_rwlock", per * threads,
            [&] {
              return rwlock_mix(
                  ours_t, threads, per, write_every, [&] { ours.lock_shared(); },
                  [&] { ours.unlock_shared(); }, [&] { ours.lock(); }, [&] { ours.unlock(); });
            },
            [&] {
              return rwlock_mix(
                  theirs_t, threads, per, write_every, [&] { pthread_rwlock_rdlock(&theirs); },
                  [&] { pthread_rwlock_unlock(&theirs); }, [&] { pthread_rwlock_wrlock(&theirs); },
                  [&] { pthread_rwlock_unlock(&theirs); });
            });
  }
  {
    long rounds = scaled(200000);
    rawthread::mutex om;
    rawthread::condition_variable ocv;
    pthread_lock pm;
    pthread_cond_t pcv = PTHREAD_COND_INITIALIZER;
    compare("condvar ping-pong", "pthread_cond", 2 * rounds,
            [&] {
              return ping_pong(
                  ours_t, om, ocv,
                  [](rawthread::condition_variable& cv, rawthread::mutex& m) {
                    rawthread::unique_lock l(m, rawthread::adopt_lock);
                    cv.wait(l);
                    l.release();
                  },
                  [](rawthread::condition_variable& cv) { cv.notify_one(); }, rounds);
            },
            [&] {
              return ping_pong(
                  theirs_t, pm, pcv,
                  [](pthread_cond_t& cv, pthread_lock& m) { pthread_cond_wait(&cv, &m.m); },
                  [](pthread_cond_t& cv) { pthread_cond_signal(&cv); }, rounds);
            });
  }
  {
    long rounds = scaled(200000);
    rawthread::semaphore ours[2] = {rawthread::semaphore(0), rawthread::semaphore(0)};
    sem_t theirs[2];
    sem_init(&theirs[0], 0, 0);
    sem_init(&theirs[1], 0, 0);
    compare("semaphore hand-off", "sem_t", 2 * rounds,
            [&] {
              return hand_off(
                  ours_t, ours, [](rawthread::semaphore& s) { (void)s.release(); },
                  [](rawthread::semaphore& s) { s.acquire(); }, rounds);
            },
            [&] {
              return hand_off(
                  theirs_t, theirs, [](sem_t& s) { sem_post(&s); },
                  [](sem_t& s) {
                    while (sem_wait(&s) != 0) {
                    }
                  },
                  rounds);
            });
  }
  for (int threads : {2, 4}) {
    long phases = scaled(100000) / threads;
    rawthread::barrier<> ours(threads);
    pthread_barrier_t theirs;
    pthread_barrier_init(&theirs, nullptr, static_cast<unsigned>(threads));
    compare(threads == 2 ? "barrier, 2 threads" : "barrier, 4 threads", "pthread_barrier", phases,
            [&] { return barrier_phases(ours_t, threads, [&] { (void)ours.arrive_and_wait(); },
                                        phases); },
            [&] { return barrier_phases(theirs_t, threads,
                                        [&] { pthread_barrier_wait(&theirs); }, phases); });
    pthread_barrier_destroy(&theirs);
  }

  std::printf("| scenario | peer | rawthread ops/s | peer ops/s | ratio | ratio min-max |\n");
  std::printf("| --- | --- | ---: | ---: | ---: | ---: |\n");
  for (const row& r : rows)
    std::printf("| %s | %s | %.3g | %.3g | %.2fx | %.2f-%.2fx |\n", r.scenario.c_str(), r.peer,
                r.ours_per_s, r.theirs_per_s, r.ours_per_s / r.theirs_per_s, r.ratio_min,
                r.ratio_max);
  std::printf("(medians of %d interleaved runs; ratio > 1: rawthread is faster)\n", repeats);
  return 0;
}
