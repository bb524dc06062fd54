// SPDX-License-Identifier: MIT
#include "registry.hpp"

#include <rawthread/sync.hpp>

namespace rawthread::detail {
namespace {
constinit mutex lock;
constinit control* head = nullptr;
}  // namespace

void registry_add(control* c) {
  lock_guard guard(lock);
  c->prev = nullptr;
  c->next = head;
  if (head) head->prev = c;
  head = c;
}

void registry_remove(control* c) {
  lock_guard guard(lock);
  if (c->prev) c->prev->next = c->next;
  else head = c->next;
  if (c->next) c->next->prev = c->prev;
}

control* registry_find(int tid) {
  lock_guard guard(lock);
  for (control* c = head; c; c = c->next)
    if (c->exit_word.load(std::memory_order_relaxed) == tid) return c;
  return nullptr;
}

}  // namespace rawthread::detail
