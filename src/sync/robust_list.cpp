// SPDX-License-Identifier: MIT
// The table of robust list heads (see robust_list.hpp).
#include "robust_list.hpp"

#include "../sys/raw.hpp"

namespace rawthread::detail {
namespace {

struct slot {
  std::atomic<int> tid;  // 0: free
  robust_head head;
  void* previous;  // what the kernel had registered before ours, restored on leaving
  std::size_t previous_size;
  bool registered;  // false when the kernel (or qemu) refused set_robust_list
};

constexpr int slot_count = 64;
constinit slot slots[slot_count]{};

robust_link* sentinel(robust_head* head) { return reinterpret_cast<robust_link*>(head); }

slot* slot_of(robust_head* head) {
  return reinterpret_cast<slot*>(reinterpret_cast<char*>(head) - __builtin_offsetof(slot, head));
}

// A slot whose thread is gone: it died holding a robust mutex (the kernel has dealt with its
// list), or it belonged to the parent of this forked process.
bool abandoned(int tid) {
  auto r = sys::raw::tgkill(sys::raw::getpid(), tid, 0);
  return !r && r.error() == errc::esrch;
}

slot* claim(int tid) {
  for (auto& s : slots) {
    int expected = 0;
    if (s.tid.compare_exchange_strong(expected, tid, std::memory_order_acquire)) return &s;
  }
  for (auto& s : slots) {
    int owner = s.tid.load(std::memory_order_relaxed);
    if (owner != 0 && abandoned(owner) &&
        s.tid.compare_exchange_strong(owner, tid, std::memory_order_acquire))
      return &s;
  }
  return nullptr;
}

}  // namespace

robust_head* robust_find(int tid) {
  for (auto& s : slots)
    if (s.tid.load(std::memory_order_relaxed) == tid) return &s.head;
  return nullptr;
}

robust_head* robust_enter(int tid, long futex_offset) {
  if (robust_head* head = robust_find(tid)) return head;
  slot* s = claim(tid);
  if (s == nullptr) return nullptr;
  s->head = {sentinel(&s->head), futex_offset, nullptr};
  s->previous = nullptr;
  s->previous_size = sizeof(robust_head);
  (void)sys::raw::get_robust_list(0, &s->previous, &s->previous_size);
  s->registered = sys::raw::set_robust_list(&s->head, sizeof(robust_head)).has_value();
  return &s->head;
}

void robust_push(robust_head* head, robust_link* link) {
  link->next = head->list;
  head->list = link;
}

void robust_remove(robust_head* head, robust_link* link) {
  // Threads hold few robust mutexes at once, usually one: a walk beats a second pointer.
  for (robust_link** at = &head->list; *at != sentinel(head); at = &(*at)->next)
    if (*at == link) {
      *at = link->next;
      return;
    }
}

void robust_leave(robust_head* head) {
  if (head->list != sentinel(head)) return;
  slot* s = slot_of(head);
  if (s->registered) (void)sys::raw::set_robust_list(s->previous, s->previous_size);
  s->tid.store(0, std::memory_order_release);
}

}  // namespace rawthread::detail
