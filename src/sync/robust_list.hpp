// SPDX-License-Identifier: MIT
// Per-thread robust-futex list heads (the kernel's `struct robust_list_head`), kept in a table
// keyed by tid rather than in TLS: a hosted rawthread child shares its creator's TLS, so a table
// is the one place that serves every thread in both modes. A thread holds a slot only while it
// holds at least one robust mutex; meanwhile its head is registered with the kernel in place of
// whatever was registered before (libc's list, in a hosted program), which comes back when the
// thread's last robust mutex is unlocked.
#pragma once

#include <cstddef>

#include <rawthread/sync.hpp>

namespace rawthread::detail {

struct robust_head {
  robust_link* list;     // the kernel's circular list: an empty one points at the head itself
  long futex_offset;     // from each link to its futex word
  robust_link* pending;  // a link being added or removed (list_op_pending)
};

// The calling thread's head, registered with the kernel; null when all 64 slots are taken by
// live threads. `futex_offset` is filled in on first use.
robust_head* robust_enter(int tid, long futex_offset);
// Adds / removes a held mutex's link.
void robust_push(robust_head* head, robust_link* link);
void robust_remove(robust_head* head, robust_link* link);
// Call after an operation that may have left the list empty: gives the slot back then.
void robust_leave(robust_head* head);
// The head for `tid` if it holds a slot, else null (for unlock).
robust_head* robust_find(int tid);

}  // namespace rawthread::detail
