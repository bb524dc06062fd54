// SPDX-License-Identifier: MIT
#include "memory_checkers.hpp"

// Which tools this build can talk to. Valgrind's header brings its client requests: marker
// instruction sequences that do nothing on a real CPU and that valgrind's translator recognises;
// on an architecture the header does not know, every request is an empty expression.
#if __has_include(<valgrind/memcheck.h>)
#include <valgrind/memcheck.h>
#define RAWTHREAD_TELL_VALGRIND 1
#endif

#include "../sanitizers/asan_build.hpp"
#if RAWTHREAD_ASAN_BUILD
#include <sanitizer/asan_interface.h>
#include <sanitizer/lsan_interface.h>
#endif

namespace rawthread::detail {
namespace {

// Clears any poison in the `size` bytes at `begin`. The check only reads the shadow (the
// unpoisoning writes it, which makes it resident: an eighth of the range).
void clear_poison(char* begin, std::size_t size) {
#if RAWTHREAD_ASAN_BUILD
  if (__asan_region_is_poisoned(begin, size) != nullptr) __asan_unpoison_memory_region(begin, size);
#else
  (void)begin;
  (void)size;
#endif
}

// One client request, out of line: each request inlined is a few dozen bytes of argument block
// and marker sequence, and a freestanding program would carry one per call site.
#ifdef RAWTHREAD_TELL_VALGRIND
[[gnu::noinline]] void tell_memcheck([[maybe_unused]] unsigned request,
                                   [[maybe_unused]] const void* p,
                                   [[maybe_unused]] std::size_t size) {
  (void)VALGRIND_DO_CLIENT_REQUEST_EXPR(0, request, p, size, 0, 0, 0);
}
#endif

#if RAWTHREAD_ASAN_BUILD
// What a thread and its creator use of its mapping: all of it but the guard.
char* usable_begin(const control* c) { return static_cast<char*>(c->map_base) + c->guard_size; }
std::size_t usable_size(const control* c) { return c->map_size - c->guard_size; }
#endif

}  // namespace

void mapping_handed_out(void* base, const thread_layout& layout) {
  char* const begin = static_cast<char*>(base) + layout.guard_size;
  const std::size_t size = layout.map_size - layout.guard_size;
  // Clear already when the last thread here left through thread_leaving; this also covers
  // memory someone else left poisoned where the kernel maps this one.
  clear_poison(begin, size);
#ifdef RAWTHREAD_TELL_VALGRIND
  // Addressable, contents undefined. Not unaddressable below the stack top, though no frame is
  // there yet: memcheck takes the ABI's red zone below a new thread's stack pointer as
  // addressable already, and makes only what lies below it addressable as the stack grows.
  tell_memcheck(VG_USERREQ__MAKE_MEM_UNDEFINED, begin, size);
#endif
}

void reading_whatever_is_there([[maybe_unused]] const void* p, [[maybe_unused]] std::size_t size) {
#ifdef RAWTHREAD_TELL_VALGRIND
  tell_memcheck(VG_USERREQ__MAKE_MEM_DEFINED_IF_ADDRESSABLE, p, size);
#endif
}

void caller_memory_given_back([[maybe_unused]] void* base, [[maybe_unused]] std::size_t size) {
#ifdef RAWTHREAD_TELL_VALGRIND
  tell_memcheck(VG_USERREQ__MAKE_MEM_DEFINED, base, size);
#endif
}

void thread_running([[maybe_unused]] const control* c) {
#if RAWTHREAD_ASAN_BUILD
  __lsan_register_root_region(usable_begin(c), usable_size(c));
#endif
}

void thread_leaving([[maybe_unused]] const control* c) {
#if RAWTHREAD_ASAN_BUILD
  __lsan_unregister_root_region(usable_begin(c), usable_size(c));
  // The frames still live lie above this one (the stack grows down); those below it have all
  // returned, clearing their own poison. What lies above the stack top was never poisoned, so
  // clearing it too costs a little and saves knowing the layout.
  char* const end = usable_begin(c) + usable_size(c);
  char* here = static_cast<char*>(__builtin_frame_address(0));
  // Leaving from a signal handler on another stack: all of it, then.
  if (here < usable_begin(c) || here >= end) here = usable_begin(c);
  __asan_unpoison_memory_region(here, static_cast<std::size_t>(end - here));
#endif
}

}  // namespace rawthread::detail
