// SPDX-License-Identifier: MIT
// Signals with no libc at all: handlers return through rawthread's own restorer (on x86_64 the
// kernel has no other), on the main thread and on a child's alternate stack, with the siginfo
// the kernel gave; a guard hit reports SEGV_ACCERR and its address; masks, thread::signal, and
// SA_RESTART for a futex wait.
#include <atomic>
#include <cstdint>

#include <rawthread/signal.hpp>
#include <rawthread/start.hpp>
#include <rawthread/sync.hpp>
#include <rawthread/thread.hpp>

#include "check.hpp"

using namespace rawthread;

namespace {

std::atomic<int> count{0};
std::atomic<int> signo_seen{0}, code_seen{0}, pid_seen{0}, tid_seen{0};
std::atomic<std::uintptr_t> sp_seen{0}, fault_seen{0};

void record(int signo, sys::siginfo* info, void*) {
  volatile char here = 0;
  sp_seen.store(reinterpret_cast<std::uintptr_t>(&here));
  signo_seen.store(signo);
  code_seen.store(info->code);
  pid_seen.store(info->sender_pid());
  fault_seen.store(reinterpret_cast<std::uintptr_t>(info->fault_address()));
  tid_seen.store(sys::gettid());
  count.fetch_add(1);
}

void main_thread_handler_returns() {
  count = 0;
  CHECK(set_signal_handler(sys::sigusr1, record).has_value());
  volatile int kept = 11;
  CHECK(sys::tgkill(sys::getpid(), sys::gettid(), sys::sigusr1).has_value());
  CHECK(count.load() == 1);
  CHECK(signo_seen.load() == sys::sigusr1);
  CHECK(code_seen.load() == sys::si_tkill);
  CHECK(pid_seen.load() == sys::getpid());
  CHECK(kept == 11);
  // Twice: the first return left everything as it was.
  CHECK(sys::tgkill(sys::getpid(), sys::gettid(), sys::sigusr1).has_value());
  CHECK(count.load() == 2);
}

void child_handler_on_alternate_stack() {
  count = 0;
  CHECK(set_signal_handler(sys::sigusr1, record).has_value());
  std::atomic<std::uintptr_t> low{0}, size{0};
  std::atomic<int> after{0};
  thread_options opts;
  opts.signal_stack_size = 32 * 1024;
  auto t = spawn(
      [&] {
        sys::signal_stack now{};
        (void)sys::sigaltstack(nullptr, &now);
        low.store(reinterpret_cast<std::uintptr_t>(now.base));
        size.store(now.size);
        while (count.load() == 0) this_thread::yield();
        after.store(1);
        return 5;
      },
      opts);
  if (!CHECK(t.has_value())) return;
  while (size.load() == 0) this_thread::yield();
  CHECK(t->signal(sys::sigusr1).has_value());
  auto joined = t->join();
  CHECK(joined.has_value() && *joined == 5);
  CHECK(after.load() == 1);
  CHECK(size.load() >= 32 * 1024);
  CHECK(sp_seen.load() >= low.load() && sp_seen.load() < low.load() + size.load());
  CHECK(pid_seen.load() == sys::getpid());
  CHECK(code_seen.load() == sys::si_tkill);
}

std::atomic<std::size_t> page{0};

void open_page(int signo, sys::siginfo* info, void* context) {
  record(signo, info, context);
  const auto at = reinterpret_cast<std::uintptr_t>(info->fault_address()) & ~(page.load() - 1);
  (void)sys::mprotect(reinterpret_cast<void*>(at), page.load(), sys::prot_read | sys::prot_write);
}

void guard_hit_reports_accerr() {
  count = 0;
  page.store(static_cast<std::size_t>(*auxv(at::pagesz)));
  CHECK(set_signal_handler(sys::sigsegv, open_page, sys::sa_onstack).has_value());
  std::atomic<std::uintptr_t> target{0};
  std::atomic<int> value{-1};
  thread_options opts;
  opts.signal_stack_size = 16 * 1024;
  auto t = spawn(
      [&] {
        sys::signal_stack now{};
        (void)sys::sigaltstack(nullptr, &now);
        auto* guard = static_cast<volatile char*>(now.base) - 8;  // its own guard page
        target.store(reinterpret_cast<std::uintptr_t>(guard));
        value.store(*guard);
        (void)sys::mprotect(static_cast<char*>(now.base) - page.load(), page.load(),
                            sys::prot_none);
      },
      opts);
  if (!CHECK(t.has_value())) return;
  CHECK(t->join().has_value());
  CHECK(count.load() == 1);
  CHECK(signo_seen.load() == sys::sigsegv);
  CHECK(code_seen.load() == sys::segv_accerr);
  CHECK(fault_seen.load() == target.load());
  CHECK(value.load() == 0);
  CHECK(reset_signal_handler(sys::sigsegv).has_value());
}

void masks_and_errors() {
  const sys::sigset wanted = sys::sigmask_of(sys::sigterm) | sys::sigmask_of(60);
  const sys::sigset creator = this_thread::signal_mask();
  std::atomic<std::uint64_t> child{0};
  thread_options opts;
  opts.signal_mask = &wanted;
  auto t = spawn([&] { child.store(this_thread::signal_mask()); }, opts);
  if (!CHECK(t.has_value())) return;
  // Ended, not joined: ESRCH (the kernel cleared the exit word).
  while (t->signal(0)) this_thread::yield();
  CHECK(t->signal(sys::sigusr1).error() == errc::esrch);
  CHECK(t->signal(65).error() == errc::einval);
  CHECK(t->join().has_value());
  CHECK(child.load() == wanted);
  CHECK(this_thread::signal_mask() == creator);
  CHECK(sys::sigaction(sys::sigkill, nullptr, nullptr).has_value());
  const sys::sigaction_t act{record, sys::sa_siginfo, 0};
  CHECK(sys::sigaction(sys::sigstop, &act, nullptr).error() == errc::einval);
}

// Whether thread `tid` sleeps in the kernel now: state S in /proc/self/task/<tid>/stat.
bool sleeping(int tid) {
  char path[48] = "/proc/self/task/";
  char* p = path + 16;
  char digits[12];
  int n = 0;
  do digits[n++] = static_cast<char>('0' + tid % 10);
  while ((tid /= 10) != 0);
  while (n > 0) *p++ = digits[--n];
  for (const char* tail = "/stat"; *tail != '\0';) *p++ = *tail++;
  *p = '\0';
  auto fd = sys::openat(sys::at_fdcwd, path, sys::o_rdonly | sys::o_cloexec);
  if (!fd) return false;
  char line[256] = {};
  auto got = sys::read(*fd, line, sizeof line - 1);
  (void)sys::close(*fd);
  if (!got) return false;
  const char* close = nullptr;
  for (const char* c = line; *c != '\0'; ++c)
    if (*c == ')') close = c;
  return close != nullptr && close[1] == ' ' && close[2] == 'S';
}

std::atomic<int> handled{0};
void count_it(int, sys::siginfo*, void*) { handled.fetch_add(1); }

// A futex wait in a child, interrupted by handlers installed with and without sa_restart: EINTR
// only without.
void futex_wait_restarts_only_with_sa_restart() {
  for (const bool restart : {true, false}) {
    CHECK(set_signal_handler(sys::sigusr2, count_it, restart ? sys::sa_restart : 0).has_value());
    std::atomic<int> word{0};
    std::atomic<int> eintr{0};
    auto t = spawn([&] {
      while (word.load() == 0) {
        auto r = futex_wait(word, 0);
        if (!r && r.error() == errc::eintr) {
          eintr.store(1);
          return;
        }
      }
    });
    if (!CHECK(t.has_value())) return;
    for (int i = 0; i < (restart ? 3 : 50) && eintr.load() == 0; ++i) {
      for (int wait = 0; wait < 20000 && !sleeping(t->id()); ++wait)
        this_thread::sleep_for(microseconds(50));
      const int before = handled.load();
      if (!t->signal(sys::sigusr2)) break;  // it saw EINTR and left
      while (handled.load() == before) this_thread::yield();
    }
    word.store(1);
    (void)futex_wake(word, 1);
    CHECK(t->join().has_value());
    CHECK(eintr.load() == (restart ? 0 : 1));
  }
  CHECK(reset_signal_handler(sys::sigusr2).has_value());
}

}  // namespace

int main() {
  main_thread_handler_returns();
  child_handler_on_alternate_stack();
  guard_hit_reports_accerr();
  masks_and_errors();
  futex_wait_restarts_only_with_sa_restart();
  return test::verdict();
}
