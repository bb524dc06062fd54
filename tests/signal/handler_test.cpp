// SPDX-License-Identifier: MIT
// sys::sigaction and the handler helpers: errors, what is reported back, handlers on a thread's
// alternate stack with the siginfo the kernel gave, and returning through the restorer.
#include <doctest.h>

#include <atomic>
#include <cstdint>
#include <string_view>
#include <unistd.h>

#include <rawthread/signal.hpp>
#include <rawthread/thread.hpp>

#include "../support.hpp"
#include "signal_support.hpp"

using namespace rawthread;

namespace {
void ignore_all(int, sys::siginfo*, void*) {}
}  // namespace

TEST_CASE("sigaction refuses bad signal numbers and SIGKILL/SIGSTOP handlers with EINVAL") {
  const sys::sigaction_t act{ignore_all, sys::sa_siginfo, 0};
  for (int bad : {0, -1, 65, 1000}) {
    auto r = sys::sigaction(bad, &act, nullptr);
    REQUIRE_FALSE(r.has_value());
    CHECK(r.error() == errc::einval);
    CHECK(set_signal_handler(bad, ignore_all).error() == errc::einval);
    CHECK(reset_signal_handler(bad).error() == errc::einval);
    CHECK(ignore_signal(bad).error() == errc::einval);
  }
  for (int fixed : {sys::sigkill, sys::sigstop}) {
    CHECK(sys::sigaction(fixed, &act, nullptr).error() == errc::einval);
    CHECK(set_signal_handler(fixed, ignore_all).error() == errc::einval);
    CHECK(ignore_signal(fixed).error() == errc::einval);
    sys::sigaction_t now{};
    REQUIRE(sys::sigaction(fixed, nullptr, &now).has_value());  // reading is fine
    CHECK((now.handler == sys::sig_default()));
  }
  CHECK(set_signal_handler(sys::sigusr1, nullptr).error() == errc::einval);
}

TEST_CASE("sigaction reports back the handler, flags and mask installed before") {
  sys::sigaction_t saved{};
  REQUIRE(sys::sigaction(sys::sigusr2, nullptr, &saved).has_value());
  const sys::sigset mask = sys::sigmask_of(sys::sigterm) | sys::sigmask_of(50);
  const sys::sigaction_t act{ignore_all, sys::sa_siginfo | sys::sa_restart, mask};
  REQUIRE(sys::sigaction(sys::sigusr2, &act, nullptr).has_value());
  sys::sigaction_t now{};
  REQUIRE(sys::sigaction(sys::sigusr2, nullptr, &now).has_value());
  CHECK((now.handler == &ignore_all));
  CHECK(now.flags == (sys::sa_siginfo | sys::sa_restart));  // the restorer flag stays internal
  CHECK(now.mask == mask);

  REQUIRE(set_signal_handler(sys::sigusr2, ignore_all).has_value());
  REQUIRE(sys::sigaction(sys::sigusr2, nullptr, &now).has_value());
  CHECK(now.flags == (sys::sa_siginfo | sys::sa_restart | sys::sa_onstack));
  REQUIRE(ignore_signal(sys::sigusr2).has_value());
  REQUIRE(sys::sigaction(sys::sigusr2, nullptr, &now).has_value());
  CHECK((now.handler == sys::sig_ignore()));
  // Ignored: sending it to ourselves does nothing.
  REQUIRE(sys::tgkill(sys::getpid(), sys::gettid(), sys::sigusr2).has_value());
  REQUIRE(reset_signal_handler(sys::sigusr2).has_value());
  REQUIRE(sys::sigaction(sys::sigusr2, nullptr, &now).has_value());
  CHECK((now.handler == sys::sig_default()));
  REQUIRE(sys::sigaction(sys::sigusr2, &saved, nullptr).has_value());
}

namespace {
std::atomic<sys::sigset> mask_in_handler{0};
void record_mask(int, sys::siginfo*, void*) { mask_in_handler.store(this_thread::signal_mask()); }

// Installs act for SIGUSR1, raises it at the calling thread and returns the mask its handler ran
// with (the signal is delivered as tgkill returns).
sys::sigset mask_while_handling(const sys::sigaction_t& act) {
  mask_in_handler.store(0);
  REQUIRE(sys::sigaction(sys::sigusr1, &act, nullptr).has_value());
  REQUIRE(sys::tgkill(sys::getpid(), sys::gettid(), sys::sigusr1).has_value());
  return mask_in_handler.load();
}
}  // namespace

// The kernel reads the mask from its own struct sigaction layout, which differs between ports
// (riscv64 has no restorer field; and qemu-riscv64 7.2 reads it one word further on): reading the
// action back is no proof that the kernel blocks what was asked, running the handler is.
TEST_CASE("the action's mask, and the signal itself unless sa_nodefer, are blocked in the handler") {
  sys::sigaction_t saved{};
  REQUIRE(sys::sigaction(sys::sigusr1, nullptr, &saved).has_value());
  const sys::sigset extra = sys::sigmask_of(sys::sigterm) | sys::sigmask_of(50);
  const sys::sigset outside = this_thread::signal_mask();
  REQUIRE((outside & (extra | sys::sigmask_of(sys::sigusr1))) == 0);

  CHECK(mask_while_handling({record_mask, sys::sa_siginfo, extra}) ==
        (outside | extra | sys::sigmask_of(sys::sigusr1)));
  CHECK(this_thread::signal_mask() == outside);  // restored by the return through rt_sigreturn
  const sys::sigset nodefer = mask_while_handling({record_mask, sys::sa_siginfo | sys::sa_nodefer,
                                                    extra});
  CHECK((nodefer & sys::sigmask_of(sys::sigusr1)) == 0);
  // Valgrind (3.19) runs an SA_NODEFER handler with none of the action's mask blocked; the
  // kernel blocks the mask all the same.
  if (!test::under_valgrind()) CHECK(nodefer == (outside | extra));
  CHECK(mask_while_handling({record_mask, sys::sa_siginfo, 0}) ==
        (outside | sys::sigmask_of(sys::sigusr1)));
  CHECK(this_thread::signal_mask() == outside);
  REQUIRE(sys::sigaction(sys::sigusr1, &saved, nullptr).has_value());
}

namespace {
struct seen_t {
  std::atomic<int> count{0};
  std::atomic<int> signo{0}, code{0}, pid{0}, tid{0};
  std::atomic<std::uint32_t> uid{0};
  std::atomic<std::uintptr_t> sp{0}, fault{0};
};
seen_t seen;

void record(int signo, sys::siginfo* info, void*) {
  volatile char here = 0;
  seen.sp.store(reinterpret_cast<std::uintptr_t>(&here));
  seen.signo.store(signo);
  seen.code.store(info->code);
  seen.pid.store(info->sender_pid());
  seen.uid.store(info->sender_uid());
  seen.fault.store(reinterpret_cast<std::uintptr_t>(info->fault_address()));
  seen.tid.store(sys::gettid());
  seen.count.fetch_add(1);
}

void reset_seen() {
  seen.count = 0;
  seen.signo = seen.code = seen.pid = seen.tid = 0;
  seen.sp = seen.fault = 0;
}
}  // namespace

TEST_CASE("a handler sent by thread::signal runs on the child's alternate stack and returns") {
  reset_seen();
  test::scoped_handler handler(sys::sigusr1, record, sys::sa_onstack | sys::sa_restart);
  REQUIRE(handler.ok());
  std::atomic<std::uintptr_t> alt_low{0}, alt_size{0};
  std::atomic<bool> go_on{false};
  std::atomic<int> after{0};
  thread_options opts;
  opts.signal_stack_size = 64 * 1024;
  auto t = spawn(
      [&] {
        sys::signal_stack now{};
        if (sys::sigaltstack(nullptr, &now) && (now.flags & sys::ss_disable) == 0) {
          alt_size.store(now.size);
          alt_low.store(reinterpret_cast<std::uintptr_t>(now.base));
        } else {
          alt_size.store(1);
        }
        while (seen.count.load() == 0) this_thread::yield();
        while (!go_on.load()) this_thread::yield();
        after.store(6 * 7);  // the thread goes on after its handler returned
      },
      opts);
  REQUIRE(t.has_value());
  while (alt_size.load() == 0) this_thread::yield();
  REQUIRE(t->signal(sys::sigusr1).has_value());
  while (seen.count.load() == 0) this_thread::yield();
  const std::uintptr_t low = alt_low.load();
  CHECK(alt_size.load() >= 64 * 1024);
  CHECK(seen.sp.load() >= low);
  CHECK(seen.sp.load() < low + alt_size.load());
  CHECK(seen.signo.load() == sys::sigusr1);
  CHECK(seen.code.load() == sys::si_tkill);
  CHECK(seen.pid.load() == getpid());
  CHECK(seen.uid.load() == getuid());
  CHECK(seen.tid.load() == t->id());
  // The alternate stack has a guard page of its own right below it, in the thread's mapping.
  const test::mapping_at m = test::find_mapping(low);
  CHECK(m.found);
  CHECK(m.low == low);
  CHECK(std::string_view(m.below_perms).substr(0, 3) == "---");
  CHECK(m.below_high == low);
  go_on.store(true);
  REQUIRE(t->join().has_value());
  CHECK(after.load() == 42);
  CHECK(seen.count.load() == 1);
}

TEST_CASE("a thread without signal_stack_size has no alternate stack") {
  std::atomic<int> flags{0};
  auto t = spawn([&] {
    sys::signal_stack now{};
    flags.store(sys::sigaltstack(nullptr, &now) ? now.flags : -1);
  });
  REQUIRE(t.has_value());
  REQUIRE(t->join().has_value());
  CHECK(flags.load() == sys::ss_disable);
}

namespace {
std::atomic<std::uintptr_t> unlock_page{0};
std::atomic<std::size_t> unlock_size{0};

// Opens the page that faulted, so the faulting load runs again and succeeds.
void open_faulting_page(int signo, sys::siginfo* info, void* context) {
  record(signo, info, context);
  const auto page = reinterpret_cast<std::uintptr_t>(info->fault_address()) &
                    ~(unlock_size.load() - 1);
  unlock_page.store(page);
  (void)sys::mprotect(reinterpret_cast<void*>(page), unlock_size.load(),
                      sys::prot_read | sys::prot_write);
}
}  // namespace

TEST_CASE("a guard hit gives SEGV_ACCERR with the fault address, on the alternate stack") {
  reset_seen();
  test::scoped_handler handler(sys::sigsegv, open_faulting_page, sys::sa_onstack);
  REQUIRE(handler.ok());
  unlock_size.store(static_cast<std::size_t>(sysconf(_SC_PAGESIZE)));
  std::atomic<std::uintptr_t> target{0}, alt_low{0}, alt_size{0};
  std::atomic<bool> loaded{false};
  std::atomic<char> read_back{0};
  thread_options opts;
  opts.signal_stack_size = 32 * 1024;
  auto t = spawn(
      [&] {
        sys::signal_stack now{};
        (void)sys::sigaltstack(nullptr, &now);
        alt_low.store(reinterpret_cast<std::uintptr_t>(now.base));
        alt_size.store(now.size);
        // The byte in the middle of the alternate stack's own guard page (PROT_NONE).
        auto* guard = static_cast<volatile char*>(now.base) - unlock_size.load() / 2;
        target.store(reinterpret_cast<std::uintptr_t>(guard));
        // Faults once; the handler opens the page; the load reruns. What it reads is not the
        // point (a cached mapping may hold anything there), but it is kept: valgrind drops a
        // load whose value nobody uses, and with it the fault.
        read_back.store(*guard);
        loaded.store(true);
        (void)sys::mprotect(const_cast<char*>(guard) - unlock_size.load() / 2, unlock_size.load(),
                            sys::prot_none);
      },
      opts);
  REQUIRE(t.has_value());
  REQUIRE(t->join().has_value());
  CHECK(seen.count.load() == 1);
  CHECK(seen.signo.load() == sys::sigsegv);
  CHECK(seen.code.load() == sys::segv_accerr);
  CHECK(seen.fault.load() == target.load());
  CHECK(loaded.load());
  CHECK(seen.sp.load() >= alt_low.load());
  CHECK(seen.sp.load() < alt_low.load() + alt_size.load());
}

TEST_CASE("a handler on the main thread returns through the restorer and execution resumes") {
  reset_seen();
  test::scoped_handler handler(sys::sigusr1, record, sys::sa_restart);
  REQUIRE(handler.ok());
  volatile int before = 5;
  REQUIRE(sys::tgkill(sys::getpid(), sys::gettid(), sys::sigusr1).has_value());
  // The signal is delivered as tgkill returns: the handler has run by now.
  CHECK(seen.count.load() == 1);
  CHECK(seen.tid.load() == sys::gettid());
  CHECK(before == 5);
}

TEST_CASE("signal_stack_size: absurd sizes are EINVAL and map nothing; small ones are raised") {
  const test::mapped_ranges before;
  thread_options opts;
  opts.signal_stack_size = ~std::size_t{0} / 4;
  auto t = spawn([] {}, opts);
  REQUIRE_FALSE(t.has_value());
  CHECK(t.error() == errc::einval);
  CHECK(test::new_mappings(before) == 0);

  opts.signal_stack_size = 1;
  std::atomic<std::size_t> size{0};
  auto small = spawn(
      [&] {
        sys::signal_stack now{};
        (void)sys::sigaltstack(nullptr, &now);
        size.store(now.size);
      },
      opts);
  REQUIRE(small.has_value());
  REQUIRE(small->join().has_value());
  CHECK(size.load() >= static_cast<std::size_t>(sysconf(_SC_PAGESIZE)));
}
