// rawthread::init: takes over a process that has no libc (freestanding mode).
// Everything here runs before the main thread has a thread pointer, so every function here and
// every function it calls carries no stack-protector check (RAWTHREAD_NO_CANARY).
#include <rawthread/start.hpp>

#include "../no_canary.hpp"
#include "../page_size.hpp"
#include "../sys/raw.hpp"
#include "../thread/control.hpp"
#include "../thread/tls.hpp"
#include "arch.hpp"
#include "program_headers.hpp"
#include "stack_guard.hpp"
#include "state.hpp"

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

}  // namespace rawthread
