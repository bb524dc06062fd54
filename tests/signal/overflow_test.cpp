// SPDX-License-Identifier: MIT
// report_stack_overflows: a thread that recurses without end prints exactly one line and the
// process dies by SIGSEGV; other faults reach the handler installed before, or the default action.
// Each case runs in a forked child whose fd 2 is a pipe the test reads.
#include <doctest.h>

#include <atomic>
#include <cstdio>
#include <cstring>
#include <string>
#include <sys/mman.h>
#include <sys/wait.h>
#include <unistd.h>

#include <rawthread/signal.hpp>
#include <rawthread/thread.hpp>

#include "../support.hpp"

using namespace rawthread;

namespace {

struct child_result {
  int status = 0;
  std::string err;  // fd 2, minus what qemu-user says about the signal that ended its guest
};

// Runs fn in a forked child with fd 2 redirected to a pipe.
child_result run_child(void (*fn)()) {
  int fds[2];
  child_result r;
  if (pipe(fds) != 0) return r;
  std::fflush(nullptr);
  const pid_t pid = test::fork_alone();
  if (pid == 0) {
    dup2(fds[1], 2);
    close(fds[0]);
    close(fds[1]);
    fn();
    _exit(0);
  }
  close(fds[1]);
  char buf[512];
  std::string all;
  for (ssize_t n; (n = read(fds[0], buf, sizeof buf)) > 0;) all.append(buf, static_cast<std::size_t>(n));
  close(fds[0]);
  waitpid(pid, &r.status, 0);
  std::size_t at = 0;
  while (at < all.size()) {
    std::size_t end = all.find('\n', at);
    end = end == std::string::npos ? all.size() : end + 1;
    std::string line = all.substr(at, end - at);
    if (line.rfind("qemu:", 0) != 0) r.err += line;
    at = end;
  }
  return r;
}

// Where the child tells the test what it cannot learn otherwise: the overflowing thread's tid.
std::atomic<int>* shared_tid() {
  static std::atomic<int>* word = static_cast<std::atomic<int>*>(
      mmap(nullptr, sizeof(std::atomic<int>), PROT_READ | PROT_WRITE, MAP_SHARED | MAP_ANONYMOUS,
           -1, 0));
  return word;
}

volatile int recursion_limit = 1 << 30;  // never reached: the guard page stops the recursion

int recurse(int depth) {
  volatile char pad[512];
  pad[0] = static_cast<char>(depth);
  if (depth >= recursion_limit) return pad[0];
  return recurse(depth + 1) + pad[0];
}

void overflow_named_thread() {
  if (!report_stack_overflows()) _exit(3);
  thread_options opts;
  opts.stack_size = 64 * 1024;
  opts.name = "deep";
  auto t = spawn(
      [] {
        shared_tid()->store(this_thread::id());
        return recurse(0);
      },
      opts);
  if (!t) _exit(4);
  (void)t->join();
  _exit(5);
}

std::string expected_line(int tid, const char* name, int kib) {
  char line[128];
  std::snprintf(line, sizeof line, "rawthread: thread %d \"%s\" overflowed its %d KiB stack\n",
                tid, name, kib);
  return line;
}

}  // namespace

TEST_CASE("an overflowing thread prints exactly one line and the process dies by SIGSEGV") {
  shared_tid()->store(0);
  const child_result r = run_child(overflow_named_thread);
  REQUIRE(WIFSIGNALED(r.status));
  CHECK(WTERMSIG(r.status) == SIGSEGV);
  CHECK(shared_tid()->load() != 0);
  CHECK(r.err == expected_line(shared_tid()->load(), "deep", 64));
}

namespace {
void overflow_unnamed_default_thread() {
  if (!report_stack_overflows() || !report_stack_overflows()) _exit(3);  // twice: no harm
  (void)sys::prctl(sys::pr_set_name, reinterpret_cast<unsigned long>("creator"));
  auto t = spawn([] {
    shared_tid()->store(this_thread::id());
    return recurse(0);
  });
  if (!t) _exit(4);
  (void)t->join();
  _exit(5);
}
}  // namespace

TEST_CASE("the report names a thread by the name it inherited, and the default 1 MiB stack") {
  shared_tid()->store(0);
  const child_result r = run_child(overflow_unnamed_default_thread);
  REQUIRE(WIFSIGNALED(r.status));
  CHECK(WTERMSIG(r.status) == SIGSEGV);
  CHECK(r.err == expected_line(shared_tid()->load(), "creator", 1024));
}

namespace {
void note_and_exit(int, sys::siginfo* info, void*) {
  // No libc here: this may run in a rawthread thread.
  static constexpr char null_line[] = "mine null\n";
  static constexpr char other_line[] = "mine other\n";
  if (info->fault_address() == nullptr) (void)sys::write(2, null_line, sizeof null_line - 1);
  else (void)sys::write(2, other_line, sizeof other_line - 1);
  sys::exit_group(42);
}

// The fault is the point, so UBSan's null check must not stop the store first.
__attribute__((no_sanitize("null"))) void store_through_null() {
  volatile int* nothing = nullptr;
  *nothing = 1;
}

// A thread writes through a null pointer; the process is not meant to get past the join.
[[noreturn]] void null_fault_in_a_thread() {
  auto t = spawn(store_through_null);
  if (!t) _exit(4);
  (void)t->join();
  _exit(5);
}

void null_fault_with_earlier_handler() {
  if (!set_signal_handler(sys::sigsegv, note_and_exit)) _exit(3);
  if (!report_stack_overflows()) _exit(3);
  null_fault_in_a_thread();
}

void null_fault_with_default_action() {
  // The default, not doctest's handler, is what comes before here.
  if (!reset_signal_handler(sys::sigsegv) || !report_stack_overflows()) _exit(3);
  null_fault_in_a_thread();
}

void sent_sigsegv_with_earlier_handler() {
  if (!set_signal_handler(sys::sigsegv, note_and_exit)) _exit(3);
  if (!report_stack_overflows()) _exit(3);
  (void)sys::tgkill(sys::getpid(), sys::gettid(), sys::sigsegv);
  _exit(5);
}
}  // namespace

TEST_CASE("a null-pointer fault is no overflow: it reaches the handler installed before") {
  const child_result r = run_child(null_fault_with_earlier_handler);
  REQUIRE(WIFEXITED(r.status));
  CHECK(WEXITSTATUS(r.status) == 42);
  CHECK(r.err == "mine null\n");
}

TEST_CASE("a null-pointer fault with no earlier handler gets the default action, unreported") {
  const child_result r = run_child(null_fault_with_default_action);
  REQUIRE(WIFSIGNALED(r.status));
  CHECK(WTERMSIG(r.status) == SIGSEGV);
  CHECK(r.err.empty());
}

TEST_CASE("a SIGSEGV sent with tgkill is no fault: it reaches the earlier handler") {
  const child_result r = run_child(sent_sigsegv_with_earlier_handler);
  REQUIRE(WIFEXITED(r.status));
  CHECK(WEXITSTATUS(r.status) == 42);
  CHECK(r.err.rfind("mine ", 0) == 0);
}
