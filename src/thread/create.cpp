// SPDX-License-Identifier: MIT
// Thread creation: one mapping, the callable moved into it, the clone trampoline; on failure the
// callable is moved back.
#include "create.hpp"

#include "../signal/alt_stack.hpp"
#include "../sys/raw.hpp"
#include "arch.hpp"
#include "entry.hpp"
#include "exit_wait.hpp"
#include "registry.hpp"
#include "start_gate.hpp"
#include "tls.hpp"

namespace rawthread::detail {
namespace {

// What makes a clone a thread: shared memory, filesystem information, descriptors, signal
// handlers, thread group and SysV semaphore undo lists; the tid lands in exit_word for the
// creator and is cleared there (with a futex wake) when the thread is gone.
constexpr unsigned long thread_flags = sys::clone_vm | sys::clone_fs | sys::clone_files |
                                       sys::clone_sighand | sys::clone_thread |
                                       sys::clone_sysvsem | sys::clone_parent_settid |
                                       sys::clone_child_cleartid;

}  // namespace

// Inlined into create_thread, so that the default spawn pays no call for the split; spawn on a
// caller's stack calls the out-of-line copy.
[[gnu::always_inline]] inline result<control*> start_thread_in(
    char* base, const callable_ops& ops, void* callable, const thread_layout& layout,
    const char* name, bool held, const sys::sigset* start_mask) {
  auto* c = ::new (base + layout.control_offset) control{};
  c->map_base = base;
  c->map_size = layout.map_size;
  c->guard_size = layout.guard_size;
  if (layout.signal_stack_size != 0) {
    c->signal_stack = base + layout.signal_stack_offset;
    c->signal_stack_size = layout.signal_stack_size;
    const auto guard = reinterpret_cast<std::uintptr_t>(base);
    label_signal_stack(c->signal_stack, guard, guard + layout.guard_size,
                       layout.stack_size);
  }
  if (held) c->start_gate.store(gate_closed, std::memory_order_relaxed);
  c->run = ops.run;
  c->destroy = ops.destroy;
  c->storage = base + layout.callable_offset;
  if (name != nullptr) __builtin_memcpy(c->name, name, sizeof c->name);
  // In place before the clone, so the thread never waits for it; given back if the clone fails.
  ops.construct(c->storage, callable);

  void* tp = tls_prepare(base + layout.tls_offset, c);
  const unsigned long flags = thread_flags | (tp ? sys::clone_settls : 0);

  // Hosted, the thread is findable by its stack (stack_map.hpp) and its tid (this_thread::exit)
  // from its first instruction: the kernel writes the tid into exit_word before the thread runs.
  const bool registered = registry_add != nullptr && !tls_enabled();
  if (registered && !registry_add(c)) {
    ops.give_back(c->storage, callable);
    return failure(errc::enomem);
  }

  // No signal-mask system call otherwise: the thread starts with its creator's mask, on its own
  // valid stack, with a complete control block, so a handler that runs in it before its entry
  // sees nothing half-made. A mask of its own is the creator's for the moment of the clone.
  sys::sigset creator_mask = 0;
  if (start_mask != nullptr)
    (void)sys::raw::rt_sigprocmask(sys::sig_setmask, start_mask, &creator_mask);
  int* word = reinterpret_cast<int*>(&c->exit_word);
  long tid = arch::clone(flags, base + layout.stack_top, held ? held_thread_entry : thread_entry,
                         c, word, tp, word);
  if (start_mask != nullptr)
    (void)sys::raw::rt_sigprocmask(sys::sig_setmask, &creator_mask, nullptr);

  if (tid < 0) {
    if (registered) registry_remove(c);
    ops.give_back(c->storage, callable);
    return failure(static_cast<int>(-tid));
  }
  c->tid = static_cast<int>(tid);
  return c;
}

result<control*> create_thread(const callable_ops& ops, void* callable,
                               const thread_layout& layout, const char* name, bool held,
                               const sys::sigset* start_mask) {
  auto mapped = map_thread(layout);
  if (!mapped) return failure(mapped.error());
  auto started = start_thread_in(static_cast<char*>(*mapped), ops, callable, layout, name, held,
                                 start_mask);
  if (!started) unmap_thread(*mapped, layout.map_size);
  return started;
}

result<control*> start_thread_in_caller_memory(char* base, const callable_ops& ops,
                                               void* callable, const thread_layout& layout,
                                               const char* name, bool held,
                                               const sys::sigset* start_mask) {
  return start_thread_in(base, ops, callable, layout, name, held, start_mask);
}

void discard_held_thread(const callable_ops& ops, control* c, void* callable) {
  // The thread is held at its start gate: let it end, then take everything back.
  cancel_start_gate(c);
  wait_for_exit(c);
  // It left without thread_finish, which would have unregistered it.
  if (registry_remove != nullptr && !tls_enabled()) registry_remove(c);
  ops.give_back(c->storage, callable);
  if (!c->caller_memory) unmap_thread(c->map_base, c->map_size);
}

}  // namespace rawthread::detail
