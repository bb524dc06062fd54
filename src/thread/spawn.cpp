// SPDX-License-Identifier: MIT
// spawn with options: checks them, plans the mapping (or the caller's memory), creates the
// thread and applies what only a running thread can be given (CPU affinity, scheduling).
#include <rawthread/thread.hpp>

#include "../sys/raw.hpp"
#include "create.hpp"
#include "name_copy.hpp"
#include "scheduling.hpp"
#include "start_gate.hpp"

namespace rawthread::detail {
namespace {

// What the creator applies while the new thread waits at its start gate; the kernel's error
// when it refuses.
result<void> apply_held_options(int tid, const thread_options& opts) {
  if (opts.affinity != nullptr) {
    auto pinned = sys::raw::sched_setaffinity(tid, sizeof opts.affinity->bits, opts.affinity->bits);
    if (!pinned) return pinned;
  }
  return apply_scheduling(tid, opts.scheduling);
}

// Where the thread lives: a mapping of rawthread's, or the caller's own memory.
result<control*> create_for(const callable_ops& ops, void* callable, const thread_options& opts,
                            const char* name, bool held) {
  if (opts.stack_memory == nullptr && opts.stack_memory_size == 0) {
    auto planned = plan_layout(opts, ops.size, ops.align);
    if (!planned) return failure(planned.error());
    return create_thread(ops, callable, *planned, name, held, opts.signal_mask);
  }
  if (opts.stack_memory == nullptr || opts.detached) return failure(errc::einval);
  auto planned = plan_caller_layout(opts, ops.size, ops.align);
  if (!planned) return failure(planned.error());
  auto started = start_thread_in_caller_memory(static_cast<char*>(opts.stack_memory), ops,
                                               callable, *planned, name, held, opts.signal_mask);
  // Before anyone can join or detach it; the thread itself never reads the flag.
  if (started) (*started)->caller_memory = true;
  return started;
}

}  // namespace

result<thread> spawn_erased(const callable_ops& ops, void* callable, const thread_options& opts) {
  char name[16] = {};
  if (opts.name != nullptr && !copy_name(name, opts.name)) return failure(errc::einval);
  if (opts.affinity != nullptr && opts.affinity->empty()) return failure(errc::einval);
  if (auto checked = check_scheduling(opts.scheduling); !checked) return failure(checked.error());
  const bool held = opts.affinity != nullptr || opts.scheduling.policy != sched_policy::inherit;
  auto created = create_for(ops, callable, opts, opts.name ? name : nullptr, held);
  if (!created) return failure(created.error());
  control* c = *created;
  if (held) {
    if (auto applied = apply_held_options(c->tid, opts); !applied) {
      discard_held_thread(ops, c, callable);
      return failure(applied.error());
    }
    open_start_gate(c);
  }
  thread t = thread::adopt(c);
  if (opts.detached) (void)t.detach();
  return t;
}

}  // namespace rawthread::detail

namespace rawthread {

result<thread> spawn(int (*fn)(void*), void* arg, const thread_options& opts) {
  if (fn == nullptr) return failure(errc::einval);
  detail::function_call call{fn, arg};
  return detail::spawn_erased(detail::callable_ops_for<detail::function_call&>::ops, &call, opts);
}

}  // namespace rawthread
