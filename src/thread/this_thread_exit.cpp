// SPDX-License-Identifier: MIT
// this_thread::exit, alone in its file: it is the one reader of the live-thread registry, so a
// program that never calls it links no registry (see registry.hpp).
#include <rawthread/thread.hpp>

#include "../sys/raw.hpp"
#include "entry.hpp"
#include "registry.hpp"
#include "tls.hpp"

namespace rawthread::this_thread {

void exit(int code) {
  const int tid = sys::raw::gettid();
  // Hosted, the thread pointer is libc's: the registry maps the tid to the control block.
  detail::control* c =
      detail::tls_enabled() ? detail::tls_current_control() : detail::registry_find(tid);
  // The main thread's static block (no mapping) has nothing to free. A thread someone made with
  // sys::clone and no TLS of its own finds its creator's block: the tid tells them apart.
  if (c != nullptr && c->map_base != nullptr &&
      c->exit_word.load(std::memory_order_relaxed) == tid)
    detail::thread_finish(c, code);
  sys::raw::exit(code);
}

}  // namespace rawthread::this_thread
