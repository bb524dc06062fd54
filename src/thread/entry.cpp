// SPDX-License-Identifier: MIT
#include "entry.hpp"

#include <utility>

#include "../signal/alt_stack.hpp"
#include "../sys/raw.hpp"
#include "arch.hpp"
#include "memory_checkers.hpp"
#include "registry.hpp"
#include "specific.hpp"
#include "stack_cache.hpp"
#include "start_gate.hpp"
#include "tls.hpp"

namespace rawthread::detail {

namespace {

[[noreturn]] RAWTHREAD_NO_ASAN void run_thread(control* c) {
  thread_running(c);
  // What only the thread itself can do, each one system call and only when asked for: the
  // creator did everything else (registry, mask) before the clone.
  if (c->signal_stack != nullptr) install_signal_stack(c->signal_stack, c->signal_stack_size);
  if (c->name[0] != '\0')
    (void)sys::raw::prctl(sys::pr_set_name, reinterpret_cast<unsigned long>(c->name));
  thread_finish(c, c->run(c->storage));
}

}  // namespace

RAWTHREAD_NO_ASAN int thread_entry(void* control_block) {
  run_thread(static_cast<control*>(control_block));
}

RAWTHREAD_NO_ASAN int held_thread_entry(void* control_block) {
  auto* c = static_cast<control*>(control_block);
  // Cancelled by a creator that could not finish setting the thread up: it takes everything back
  // once the kernel clears exit_word.
  if (!pass_start_gate(c)) sys::raw::exit(0);
  run_thread(c);
}

void thread_finish(control* c, int code) {
  // First, while the thread is still registered: a destructor that calls this_thread::exit
  // comes back here, finds nothing left to destroy and finishes the thread itself.
  if (auto destroy = std::exchange(c->destroy, nullptr)) destroy(c->storage);
  // Then the key destructors (while the thread can still find its table through the registry).
  if (run_key_destructors != nullptr) run_key_destructors(c);
  thread_leaving(c);
  if (registry_remove != nullptr && !tls_enabled()) registry_remove(c);
  c->exit_code = code;
  int expected = running;
  if (c->state.compare_exchange_strong(expected, finished, std::memory_order_acq_rel,
                                       std::memory_order_acquire)) {
    // The joiner (or a late detach) frees the mapping once the kernel clears exit_word.
    sys::raw::exit(code);
  }
  // Detached. Caching the mapping is safe while still running on it: nobody reuses it before the
  // kernel clears exit_word, after this thread has left user mode for good.
  if (cache_put(c)) sys::raw::exit(code);
  // Else this thread frees its own mapping. No signal handler may run on the stack once it
  // is gone, and the kernel must not write exit_word into memory that may be reused by then.
  const sys::sigset all = sys::sigset_all;
  (void)sys::raw::rt_sigprocmask(sys::sig_setmask, &all, nullptr);
  if (c->signal_stack != nullptr) remove_signal_stack();
  (void)sys::raw::set_tid_address(nullptr);
  arch::unmap_and_exit(c->map_base, c->map_size, code);
}

}  // namespace rawthread::detail
