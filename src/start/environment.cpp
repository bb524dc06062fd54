// SPDX-License-Identifier: MIT
// Environment and aux vector look-ups over the vectors init recorded. They answer before init too
// (nothing recorded), when a runtime with its own entry may have no thread pointer yet: hence
// RAWTHREAD_NO_CANARY on each.
#include <rawthread/start.hpp>

#include "../no_canary.hpp"
#include "state.hpp"

namespace rawthread {
namespace detail {

constinit process_state process_info{};

RAWTHREAD_NO_CANARY const unsigned long* aux_find(const unsigned long* auxv, unsigned long type) {
  for (; auxv[0] != 0; auxv += 2)
    if (auxv[0] == type) return &auxv[1];
  return nullptr;
}

// Called by init, before the main thread has a thread pointer.
RAWTHREAD_NO_CANARY startup_aux gather_startup_aux(const unsigned long* auxv) {
  startup_aux aux{};
  for (; auxv[0] != 0; auxv += 2)
    if (auxv[0] < sizeof aux.value / sizeof aux.value[0]) aux.value[auxv[0]] = auxv[1];
  return aux;
}

}  // namespace detail

RAWTHREAD_NO_CANARY bool initialized() { return detail::process_info.initialized; }

RAWTHREAD_NO_CANARY char* const* environment() { return detail::process_info.envp; }

RAWTHREAD_NO_CANARY const char* getenv(const char* name) {
  if (name == nullptr || *name == '\0' || detail::process_info.envp == nullptr) return nullptr;
  for (const char* c = name; *c != '\0'; ++c)
    if (*c == '=') return nullptr;
  for (char** entry = detail::process_info.envp; *entry != nullptr; ++entry) {
    const char* e = *entry;
    const char* n = name;
    while (*n != '\0' && *e == *n) ++e, ++n;
    if (*n == '\0' && *e == '=') return e + 1;
  }
  return nullptr;
}

RAWTHREAD_NO_CANARY result<unsigned long> auxv(unsigned long type) {
  if (type == 0) return failure(errc::einval);
  if (detail::process_info.auxv == nullptr) return failure(errc::enoent);
  const unsigned long* value = detail::aux_find(detail::process_info.auxv, type);
  if (value == nullptr) return failure(errc::enoent);
  return *value;
}

}  // namespace rawthread
