// SPDX-License-Identifier: MIT
// spawn with options: checks them, plans the mapping, creates the thread and applies what only
// a running thread can be given (CPU affinity).
#include <rawthread/thread.hpp>

#include "../sys/raw.hpp"
#include "create.hpp"
#include "start_gate.hpp"

namespace rawthread::detail {
namespace {

bool copy_name(char (&dst)[16], const char* name) {
  for (std::size_t i = 0;; ++i) {
    if (i == sizeof dst) return false;
    dst[i] = name[i];
    if (name[i] == '\0') return true;
  }
}

}  // namespace

result<thread> spawn_erased(const callable_ops& ops, void* callable, const thread_options& opts) {
  char name[16] = {};
  if (opts.name != nullptr && !copy_name(name, opts.name)) return failure(errc::einval);
  if (opts.affinity != nullptr && opts.affinity->empty()) return failure(errc::einval);
  auto planned = plan_layout(opts, ops.size, ops.align);
  if (!planned) return failure(planned.error());
  const bool held = opts.affinity != nullptr;
  auto created = create_thread(ops, callable, *planned, opts.name ? name : nullptr, held,
                               opts.signal_mask);
  if (!created) return failure(created.error());
  control* c = *created;
  if (held) {
    auto pinned =
        sys::raw::sched_setaffinity(c->tid, sizeof opts.affinity->bits, opts.affinity->bits);
    if (!pinned) {
      discard_held_thread(ops, c, callable);
      return failure(pinned.error());
    }
    open_start_gate(c);
  }
  return thread::adopt(c);
}

}  // namespace rawthread::detail

namespace rawthread {

result<thread> spawn(int (*fn)(void*), void* arg, const thread_options& opts) {
  if (fn == nullptr) return failure(errc::einval);
  detail::function_call call{fn, arg};
  return detail::spawn_erased(detail::callable_ops_for<detail::function_call&>::ops, &call, opts);
}

}  // namespace rawthread
