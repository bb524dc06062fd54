// SPDX-License-Identifier: MIT
// A runtime with its own entry point: this program defines _start itself (with the public entry
// stub of <rawthread/entry.hpp>, so no assembly here), so rawthread's _start is not linked, and
// it calls rawthread::init with what it found on the initial stack. After that, thread_local,
// spawn and the environment work as in any freestanding program; before it, nothing is recorded,
// and init refuses while a thread pointer of someone else's is installed.
#include <atomic>

#include <rawthread/entry.hpp>
#include <rawthread/start.hpp>
#include <rawthread/syscall.hpp>
#include <rawthread/thread.hpp>

#include "arch.hpp"
#include "check.hpp"

namespace {

thread_local int per_thread = 5;
std::atomic<int> child_saw{0};

// Everything up to and including init runs with no canary in place (and with a foreign thread
// pointer for a moment), so neither this function nor its caller may carry a stack-protector
// check, and what happens before init is only noted: CHECK may be protected in builds that
// protect by default (-fstack-protector-strong), and would fault there.
__attribute__((no_stack_protector)) int run(int argc, char** argv, char** envp) {
  // Before init: nothing recorded.
  const bool initialized_early = rawthread::initialized();
  char* const* environment_early = rawthread::environment();
  const char* path_early = rawthread::getenv("PATH");
  auto auxv_early = rawthread::auxv(rawthread::at::pagesz);

  // A thread pointer someone else installed (as libc would) makes init refuse, changing nothing.
  alignas(64) static void* foreign_tcb[8] = {foreign_tcb};
  const long foreign_installed = rawthread::arch::set_thread_pointer(foreign_tcb);
  auto refused = rawthread::init(argc, argv, envp);
  const bool initialized_after_refusal = rawthread::initialized();
  const long foreign_removed = rawthread::arch::set_thread_pointer(nullptr);

  auto started = rawthread::init(argc, argv, envp);
  if (!CHECK(started.has_value())) return test::verdict();
  CHECK(!initialized_early);
  CHECK(environment_early == nullptr);
  CHECK(path_early == nullptr);
  CHECK(!auxv_early && auxv_early.error() == rawthread::errc::enoent);
  CHECK(foreign_installed == 0 && foreign_removed == 0);
  CHECK(!refused && refused.error() == rawthread::errc::ebusy);
  CHECK(!initialized_after_refusal);

  CHECK(rawthread::initialized());
  CHECK(rawthread::environment() == envp);
  per_thread = 6;
  auto t = rawthread::spawn([] {
    child_saw.store(per_thread);  // the child's own copy, from .tdata
    per_thread = 7;
    return rawthread::this_thread::id() == rawthread::sys::gettid() ? 0 : 1;
  });
  CHECK(t.has_value() && *t->join() == 0);
  CHECK(child_saw.load() == 5);
  CHECK(per_thread == 6);
  return test::verdict();
}

}  // namespace

extern "C" [[noreturn, gnu::used]] __attribute__((no_stack_protector)) void runtime_entry(
    unsigned long* initial_sp) {
  const int argc = static_cast<int>(initial_sp[0]);
  char** argv = reinterpret_cast<char**>(initial_sp + 1);
  rawthread::process::exit(run(argc, argv, argv + argc + 1));
}

RAWTHREAD_ENTRY_POINT(_start, runtime_entry);
