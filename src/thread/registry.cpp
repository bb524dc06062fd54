// SPDX-License-Identifier: MIT
#include "registry.hpp"

#include <rawthread/sync.hpp>

namespace rawthread::detail {
namespace {
constinit mutex lock;
constinit control* head = nullptr;

std::uintptr_t low_of(const control* c) { return reinterpret_cast<std::uintptr_t>(c->map_base); }
}  // namespace

bool registry_add(control* c) {
  lock_guard guard(lock);
  if (!stack_map::mark(low_of(c), low_of(c) + c->map_size, c)) return false;
  c->prev = nullptr;
  c->next = head;
  if (head) head->prev = c;
  head = c;
  return true;
}

void registry_remove(control* c) {
  lock_guard guard(lock);
  stack_map::clear(low_of(c), low_of(c) + c->map_size);
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

control* registry_find_covering(std::uintptr_t address) {
  lock_guard guard(lock);
  for (control* c = head; c; c = c->next)
    if (address - low_of(c) < c->map_size) return c;
  return nullptr;
}

}  // namespace rawthread::detail
