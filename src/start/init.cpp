// SPDX-License-Identifier: MIT
// rawthread::init: takes over a process that has no libc (freestanding mode).
// Everything here runs before the main thread has a thread pointer, so every function here and
// every function it calls carries no stack-protector check (RAWTHREAD_NO_CANARY).
#include <rawthread/start.hpp>

#include "../no_canary.hpp"
#include "../page_size.hpp"
#include "../sys/raw.hpp"
#include "../thread/control.hpp"
#include "../thread/tls.hpp"
#include "main_stack.hpp"
#include "arch.hpp"
#include "program_headers.hpp"
#include "stack_guard.hpp"
#include "state.hpp"
#include "take_over.hpp"

namespace rawthread {
namespace {

// The main thread's control block: no mapping, never joined; its exit_word holds its tid, which
// is what this_thread::id() reads through the thread pointer.
constinit detail::control main_thread{};

RAWTHREAD_NO_CANARY std::uintptr_t canary_from(const detail::startup_aux& aux,
                                               const unsigned long* auxv) {
  std::uintptr_t value = 0;
  if (const unsigned long random = aux.value[at::random])
    __builtin_memcpy(&value, reinterpret_cast<const void*>(random), sizeof value);
  else  // kernels before 2.6.29: no random bytes; the stack address at least varies (ASLR)
    value = reinterpret_cast<std::uintptr_t>(auxv) * 0x9e3779b97f4a7c15u;
  // A zero low byte: string functions neither read the canary out nor write it back.
  return value & ~std::uintptr_t{0xff};
}

}  // namespace

RAWTHREAD_NO_CANARY result<void> init(int argc, char** argv, char** envp) {
  if (argc < 0 || argv == nullptr || envp == nullptr) return failure(errc::einval);
  // Someone else's thread pointer (libc's) means someone else's TLS: taking it over would break
  // them, and hosted mode is what applies.
  if (detail::process_info.initialized || arch::thread_pointer_installed())
    return failure(errc::ebusy);
  return detail::take_over_process(argc, argv, envp);
}

namespace detail {

RAWTHREAD_NO_CANARY result<void> take_over_process(int argc, char** argv, char** envp) {
  char** end_of_env = envp;
  while (*end_of_env != nullptr) ++end_of_env;
  const auto* auxv = reinterpret_cast<const unsigned long*>(end_of_env + 1);

  const detail::startup_aux aux = detail::gather_startup_aux(auxv);

  // The page size is recorded from the aux vector, so page_size() never has to probe for it.
  const std::size_t page = aux.value[at::pagesz] != 0 ? aux.value[at::pagesz]
                                                      : arch::default_page_size;
  detail::set_page_size(page);
  auto image = detail::find_tls_image(aux, page);
  if (!image) return failure(image.error());
  const std::uintptr_t canary = canary_from(aux, auxv);

  detail::tls_enable(*image, canary);
  const std::size_t map_size = detail::round_up(detail::tls_area_needed().size, page);
  auto area = sys::raw::mmap(nullptr, map_size, sys::prot_read | sys::prot_write,
                             sys::map_private | sys::map_anonymous);
  if (!area) {
    detail::tls_disable();
    return failure(errc::enomem);
  }
  void* tp = detail::tls_prepare(*area, &main_thread);
  if (long err = arch::set_thread_pointer(tp); err < 0) {
    detail::tls_disable();
    (void)sys::raw::munmap(*area, map_size);
    return failure(static_cast<int>(-err));
  }
  __stack_chk_guard = canary;

  // The kernel clears this word (and wakes it) when the main thread ends alone, as for any thread.
  const int tid =
      sys::raw::set_tid_address(reinterpret_cast<volatile int*>(&main_thread.exit_word));
  main_thread.exit_word.store(tid, std::memory_order_relaxed);
  main_thread.tid = tid;
  detail::process_info = {argc, argv, envp, auxv, true};
  return {};
}

// Here rather than in a file of its own: only an object a freestanding program always links can
// answer the weak reference (main_stack.hpp). The stack's top is the page holding the end of the
// program's file name (AT_EXECFN), the last thing the kernel copies onto a new stack; the kernel
// lets the stack grow to RLIMIT_STACK below that and keeps a gap (stack_guard_gap, 1 MiB by
// default) between it and any mapping beneath.
bool find_main_stack(main_stack& out) {
  if (!process_info.initialized) return false;
  struct {
    std::uint64_t current, maximum;
  } limit{};
  constexpr long rlimit_stack = 3;
  if (arch::syscall4(arch::nr::prlimit64, 0, rlimit_stack, 0, reinterpret_cast<long>(&limit)) < 0 ||
      limit.current == ~std::uint64_t{0})
    return false;
  const unsigned long* execfn = aux_find(process_info.auxv, at::execfn);
  const auto* top_string =
      execfn != nullptr ? reinterpret_cast<const char*>(*execfn) : process_info.argv[0];
  if (top_string == nullptr) return false;
  while (*top_string != '\0') ++top_string;
  const std::uintptr_t top = round_up(reinterpret_cast<std::uintptr_t>(top_string) + 1, page_size());
  if (limit.current >= top) return false;
  constexpr std::uintptr_t gap = std::uintptr_t{1} << 20;
  const std::uintptr_t lowest = top - static_cast<std::uintptr_t>(limit.current);
  out = {lowest > gap ? lowest - gap : 0, lowest, static_cast<std::size_t>(limit.current)};
  return true;
}

}  // namespace detail
}  // namespace rawthread
