// SPDX-License-Identifier: MIT
// The futex(2) wrappers: scope flag, timeout conversion, argument checks.
#include <limits>

#include <rawthread/sync.hpp>

#include "../sys/raw.hpp"
#include "../sys/timespec_of.hpp"

namespace rawthread {
namespace {

int with_scope(int op, futex_scope scope) {
  return scope == futex_scope::this_process ? op | sys::futex_private_flag : op;
}

// The kernel only reads the word; its interface simply has no const.
volatile void* address_of(const std::atomic<int>& word) {
  return const_cast<std::atomic<int>*>(&word);
}

}  // namespace

result<void> futex_wait(const std::atomic<int>& word, int expected, futex_scope scope) {
  auto r = sys::raw::futex(address_of(word), with_scope(sys::futex_wait, scope), expected);
  if (!r) return failure(r.error());
  return {};
}

result<void> futex_wait_for(const std::atomic<int>& word, int expected, nanoseconds timeout,
                            futex_scope scope) {
  // A zero timeout still asks the kernel, so the answer says whether the word matched.
  sys::timespec relative = sys::timespec_of(timeout.count > 0 ? timeout.count : 0);
  auto r =
      sys::raw::futex(address_of(word), with_scope(sys::futex_wait, scope), expected, &relative);
  if (!r) return failure(r.error());
  return {};
}

namespace {

// An absolute wait: `clock_flag` 0 puts the deadline on CLOCK_MONOTONIC, FUTEX_CLOCK_REALTIME
// on CLOCK_REALTIME.
result<void> wait_until_ns(const std::atomic<int>& word, int expected, std::int64_t deadline,
                           int clock_flag, futex_scope scope) {
  // The kernel rejects negative instants with EINVAL; they are long past, so report that.
  if (deadline < 0) return failure(errc::etimedout);
  sys::timespec absolute = sys::timespec_of(deadline);
  auto r = sys::raw::futex(address_of(word), with_scope(sys::futex_wait_bitset, scope) | clock_flag,
                           expected, &absolute, nullptr, sys::futex_bitset_match_any);
  if (!r) return failure(r.error());
  return {};
}

}  // namespace

result<void> futex_wait_until(const std::atomic<int>& word, int expected, monotonic_time deadline,
                              futex_scope scope) {
  return wait_until_ns(word, expected, deadline.count, 0, scope);
}

result<void> futex_wait_until(const std::atomic<int>& word, int expected, realtime_time deadline,
                              futex_scope scope) {
  return wait_until_ns(word, expected, deadline.count, sys::futex_clock_realtime, scope);
}

result<int> futex_wake(const std::atomic<int>& word, int count, futex_scope scope) {
  if (count < 0) return failure(errc::einval);
  if (count == 0) return 0;
  return sys::raw::futex(address_of(word), with_scope(sys::futex_wake, scope), count);
}

result<int> futex_requeue(const std::atomic<int>& word, int expected, int wake_count,
                          int requeue_count, const std::atomic<int>& target, futex_scope scope) {
  if (wake_count < 0 || requeue_count < 0) return failure(errc::einval);
  // FUTEX_CMP_REQUEUE carries the requeue limit in the timeout argument's slot.
  auto* limit = reinterpret_cast<const sys::timespec*>(static_cast<std::uintptr_t>(requeue_count));
  return sys::raw::futex(address_of(word), with_scope(sys::futex_cmp_requeue, scope), wake_count,
                         limit, address_of(target), expected);
}

}  // namespace rawthread
