// SPDX-License-Identifier: MIT
// spawn with the default options: nothing to check, so a program that never passes options links
// no option handling (name, affinity, sizes from the caller).
#include <rawthread/thread.hpp>

#include "create.hpp"

namespace rawthread::detail {

result<thread> spawn_erased(const callable_ops& ops, void* callable) {
  auto planned = plan_layout(thread_options{}, ops.size, ops.align);
  if (!planned) return failure(planned.error());
  auto created = create_thread(ops, callable, *planned, nullptr, false, nullptr);
  if (!created) return failure(created.error());
  return thread::adopt(*created);
}

}  // namespace rawthread::detail

namespace rawthread {

result<thread> spawn(int (*fn)(void*), void* arg) {
  if (fn == nullptr) return failure(errc::einval);
  detail::function_call call{fn, arg};
  return detail::spawn_erased(detail::callable_ops_for<detail::function_call&>::ops, &call);
}

}  // namespace rawthread
