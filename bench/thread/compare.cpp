// SPDX-License-Identifier: MIT
// Runs the thread benchmarks' peers (one program each, see scenarios.c) alternately, several
// rounds, and prints every figure as a ratio of rawthread's median to the peer's median from this
// same run: rows of the `| measure | peer | rawthread | peer | ratio |` table script/bench
// gathers. Exits non-zero when a peer program fails.
//
// Usage: compare name=path... (rawthread=..., "rawthread, no cache"=..., glibc=...,
// std::thread=..., musl=..., floor=...; a path of "-" marks a peer not built here). RAWTHREAD_BENCH_SCALE_CAP caps the scale run
// (default 12000 threads, so it cannot exhaust the machine's pids).
#include <spawn.h>
#include <sys/wait.h>
#include <unistd.h>

#include <algorithm>
#include <cstdio>
#include <cstdlib>
#include <cstring>
#include <string>
#include <vector>

extern char** environ;

namespace {

struct peer {
  std::string name;
  std::string path;
};

std::vector<peer> peers;
bool failed = false;

const peer* find(const std::string& name) {
  for (const peer& p : peers)
    if (p.name == name && p.path != "-") return &p;
  return nullptr;
}

// Runs one peer program and returns its output line, or "" if it failed.
std::string run(const peer& p, const std::vector<std::string>& args) {
  std::vector<char*> argv{const_cast<char*>(p.path.c_str())};
  for (const std::string& a : args) argv.push_back(const_cast<char*>(a.c_str()));
  argv.push_back(nullptr);
  int out[2];
  if (pipe(out) != 0) return "";
  posix_spawn_file_actions_t actions;
  posix_spawn_file_actions_init(&actions);
  posix_spawn_file_actions_adddup2(&actions, out[1], 1);
  posix_spawn_file_actions_addclose(&actions, out[0]);
  pid_t pid = 0;
  int err = posix_spawn(&pid, p.path.c_str(), &actions, nullptr, argv.data(), environ);
  posix_spawn_file_actions_destroy(&actions);
  close(out[1]);
  std::string text;
  char buf[256];
  for (ssize_t n; (n = read(out[0], buf, sizeof buf)) > 0;) text.append(buf, static_cast<size_t>(n));
  close(out[0]);
  int status = 0;
  if (err != 0 || waitpid(pid, &status, 0) != pid || !WIFEXITED(status) ||
      WEXITSTATUS(status) != 0) {
    std::fprintf(stderr, "compare: %s %s failed\n", p.name.c_str(), args.empty() ? "" : args[0].c_str());
    failed = true;
    return "";
  }
  return text;
}

double median(std::vector<double> v) {
  if (v.empty()) return 0;
  std::sort(v.begin(), v.end());
  return v[v.size() / 2];
}

// Medians over `rounds` runs of every named peer, rotating who goes first each round so that
// no peer always runs on a warmer (or busier) machine. field picks a number from the output.
std::vector<double> medians(const std::vector<std::string>& names, const std::vector<std::string>& args,
                            int rounds, int field = 0) {
  std::vector<std::vector<double>> samples(names.size());
  for (int r = 0; r < rounds; ++r) {
    for (size_t k = 0; k < names.size(); ++k) {
      size_t i = (k + static_cast<size_t>(r)) % names.size();
      const peer* p = find(names[i]);
      if (p == nullptr) continue;
      std::string out = run(*p, args);
      const char* s = out.c_str();
      char* end = nullptr;
      double v = 0;
      for (int f = 0; f <= field; ++f) {
        v = std::strtod(s, &end);
        s = end;
      }
      if (!out.empty()) samples[i].push_back(v);
    }
  }
  std::vector<double> result;
  for (auto& s : samples) result.push_back(median(s));
  return result;
}

// One table row: rawthread's figure against one peer's. `goal` (0: none) is the highest ratio
// the project aims for, or for higher_is_better rows the lowest.
void row(const char* measure, const std::vector<std::string>& names, const std::vector<double>& v,
         size_t peer_index, double goal = 0, bool higher_is_better = false, int decimals = 2) {
  if (v[0] <= 0 || v[peer_index] <= 0) {
    std::printf("| %s | %s | %.*f | not built here | - |\n", measure, names[peer_index].c_str(),
                decimals, v[0]);
    return;
  }
  double ratio = v[0] / v[peer_index];
  std::printf("| %s | %s | %.*f | %.*f | %.2fx", measure, names[peer_index].c_str(), decimals,
              v[0], decimals, v[peer_index], ratio);
  if (goal > 0) {
    bool met = higher_is_better ? ratio >= goal : ratio <= goal;
    std::printf(" (goal %s %.2fx: %s)", higher_is_better ? ">=" : "<=", goal, met ? "met" : "missed");
  }
  std::printf(" |\n");
}

std::vector<double> scaled(std::vector<double> v, double by) {
  for (double& x : v) x *= by;
  return v;
}

}  // namespace

int main(int argc, char** argv) {
  for (int i = 1; i < argc; ++i) {
    const char* eq = std::strchr(argv[i], '=');
    if (eq == nullptr) {
      std::fprintf(stderr, "compare: expected name=path, got %s\n", argv[i]);
      return 2;
    }
    peers.push_back({std::string(argv[i], static_cast<size_t>(eq - argv[i])), eq + 1});
  }
  if (find("rawthread") == nullptr) {
    std::fprintf(stderr, "compare: no rawthread peer\n");
    return 2;
  }
  const char* cap_env = std::getenv("RAWTHREAD_BENCH_SCALE_CAP");
  const std::string cap = cap_env ? cap_env : "12000";

  std::printf("| measure | peer | rawthread | peer | ratio |\n| --- | --- | ---: | ---: | ---: |\n");
  const std::vector<std::string> all{"rawthread", "glibc", "floor", "std::thread", "musl",
                                     "rawthread, no cache"};
  // create+join: the time per thread, lower is better.
  auto pinned = scaled(medians(all, {"--pin", "create_join", "4000"}, 9), 1e-3);
  row("create+join, pinned (us)", all, pinned, 1, 0.75);
  row("create+join, pinned (us)", all, pinned, 2, 1.15);
  for (size_t i = 3; i < all.size(); ++i) row("create+join, pinned (us)", all, pinned, i);
  auto unpinned = scaled(medians(all, {"create_join", "1500"}, 7), 1e-3);
  for (size_t i = 1; i < all.size(); ++i) row("create+join, unpinned (us)", all, unpinned, i);
  // A thread that uses 64 KiB of stack: what keeping a cached stack's pages (rawthread) is worth
  // against giving them back at exit (glibc's madvise) or never caching.
  const std::vector<std::string> deep{"rawthread", "glibc", "rawthread, no cache"};
  auto touching = scaled(medians(deep, {"--pin", "create_join", "2000", "64"}, 7), 1e-3);
  for (size_t i = 1; i < deep.size(); ++i)
    row("create+join, pinned, 64 KiB of stack used (us)", deep, touching, i);

  const std::vector<std::string> many{"rawthread", "glibc", "std::thread", "musl"};
  auto burst = scaled(medians(many, {"burst", "1000", "5"}, 5), 1e-6);
  row("burst: start 1,000, join all (ms)", many, burst, 1, 0.8);
  for (size_t i = 2; i < many.size(); ++i) row("burst: start 1,000, join all (ms)", many, burst, i);

  auto rss = scaled(medians(many, {"memory", "1000"}, 3, 0), 1.0 / 1024);
  auto maps = medians(many, {"memory", "1000"}, 3, 1);
  row("RSS per sleeping thread, 1,000 threads (KiB)", many, rss, 1, 1.0);
  for (size_t i = 2; i < many.size(); ++i)
    row("RSS per sleeping thread, 1,000 threads (KiB)", many, rss, i);
  for (size_t i = 1; i < many.size(); ++i)
    row("mappings per sleeping thread", many, maps, i);

  const std::vector<std::string> sized{"rawthread", "glibc", "musl"};
  auto most = medians(sized, {"scale", cap, "16384"}, 1);
  std::string measure = "threads alive at once, 16 KiB stacks (run stops at " + cap + ")";
  for (size_t i = 1; i < sized.size(); ++i) row(measure.c_str(), sized, most, i, 1.0, true, 0);

  std::printf("(rawthread's median over the peer's, from interleaved runs of this one run; for "
              "times and memory lower is better)\n");
  return failed ? 1 : 0;
}
