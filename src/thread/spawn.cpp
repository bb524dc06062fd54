// Thread creation: one mapping, the callable moved into it, then the clone trampoline.
#include <rawthread/thread.hpp>

#include "../sys/raw.hpp"
#include "arch.hpp"
#include "control.hpp"
#include "entry.hpp"
#include "exit_wait.hpp"
#include "mapping.hpp"
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

bool copy_name(char (&dst)[16], const char* name) {
  dst[0] = '\0';
  if (name == nullptr) return true;
  for (std::size_t i = 0;; ++i) {
    if (i == sizeof dst) return false;
    dst[i] = name[i];
    if (name[i] == '\0') return true;
  }
}

}  // namespace

result<thread> spawn_erased(const callable_ops& ops, void* callable, const thread_options& opts) {
  char name[16];
  if (!copy_name(name, opts.name)) return failure(errc::einval);
  if (opts.affinity != nullptr && opts.affinity->empty()) return failure(errc::einval);
  auto planned = plan_layout(opts, ops.size, ops.align);
  if (!planned) return failure(planned.error());
  const thread_layout& layout = *planned;
  auto mapped = map_thread(layout);
  if (!mapped) return failure(mapped.error());
  char* base = static_cast<char*>(*mapped);

  auto* c = ::new (base + layout.control_offset) control{};
  c->map_base = base;
  c->map_size = layout.map_size;
  c->guard_size = layout.guard_size;
  if (opts.affinity != nullptr) c->start_gate.store(gate_closed, std::memory_order_relaxed);
  c->run = ops.run;
  c->storage = base + layout.callable_offset;
  for (std::size_t i = 0; i < sizeof name; ++i) c->name[i] = name[i];
  ops.construct(c->storage, callable);

  void* tp = tls_prepare(base + layout.tls_offset, c);
  const unsigned long flags = thread_flags | (tp ? sys::clone_settls : 0);

  // Block every signal so none is delivered to the child before it has restored this mask.
  const sys::sigset all = sys::sigset_all;
  (void)sys::raw::rt_sigprocmask(sys::sig_setmask, &all, &c->creator_mask);
  int* word = reinterpret_cast<int*>(&c->exit_word);
  long tid = arch::clone(flags, base + layout.stack_top, thread_entry, c, word, tp, word);
  (void)sys::raw::rt_sigprocmask(sys::sig_setmask, &c->creator_mask, nullptr);

  if (tid < 0) {
    ops.destroy(c->storage);
    unmap_thread(base, layout.map_size);
    return failure(static_cast<int>(-tid));
  }
  c->tid = static_cast<int>(tid);
  if (opts.affinity != nullptr) {
    auto pinned =
        sys::raw::sched_setaffinity(c->tid, sizeof opts.affinity->bits, opts.affinity->bits);
    if (!pinned) {
      // The thread is held at its start gate: let it end, then take everything back.
      cancel_start_gate(c);
      wait_for_exit(c);
      ops.destroy(c->storage);
      unmap_thread(base, layout.map_size);
      return failure(pinned.error());
    }
    open_start_gate(c);
  }
  return thread(c);
}

}  // namespace rawthread

namespace rawthread {
namespace {
struct plain_entry {
  int (*fn)(void*);
  void* arg;
  int operator()() const { return fn(arg); }
};
}  // namespace

result<thread> spawn(int (*fn)(void*), void* arg, const thread_options& opts) {
  if (fn == nullptr) return failure(errc::einval);
  plain_entry entry{fn, arg};
  return detail::spawn_erased(detail::callable_ops_for<plain_entry&>::ops, &entry, opts);
}

}  // namespace rawthread
