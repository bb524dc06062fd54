// SPDX-License-Identifier: MIT
#include "program_headers.hpp"

#include <cstdint>
#include <type_traits>

#include <rawthread/start.hpp>

#include "../no_canary.hpp"
#include "state.hpp"

namespace rawthread::detail {
namespace {

// The ELF program header, as the ELF specification lays it out for 64- and 32-bit programs.
struct phdr64 {
  std::uint32_t type, flags;
  std::uint64_t offset, vaddr, paddr, filesz, memsz, align;
};
struct phdr32 {
  std::uint32_t type, offset, vaddr, paddr, filesz, memsz, flags, align;
};
using phdr = std::conditional_t<sizeof(void*) == 8, phdr64, phdr32>;

constexpr std::uint32_t pt_phdr = 6;
constexpr std::uint32_t pt_tls = 7;

}  // namespace

RAWTHREAD_NO_CANARY result<tls_image> find_tls_image(const startup_aux& aux,
                                                     std::size_t page_size) {
  tls_image image{nullptr, 0, 0, 1};
  const unsigned long at_phdr = aux.value[at::phdr];
  const unsigned long at_phnum = aux.value[at::phnum];
  if (at_phdr == 0 || at_phnum == 0) return image;
  const unsigned long at_phent = aux.value[at::phent];
  if (at_phent != 0 && at_phent != sizeof(phdr)) return failure(errc::einval);

  const auto* headers = reinterpret_cast<const phdr*>(at_phdr);
  // Addresses in the headers are link-time ones; a position-independent program runs displaced
  // by where PT_PHDR says the headers should be versus where the kernel says they are.
  std::uintptr_t bias = 0;
  const phdr* tls = nullptr;
  for (unsigned long i = 0; i < at_phnum; ++i) {
    if (headers[i].type == pt_phdr) bias = at_phdr - headers[i].vaddr;
    if (headers[i].type == pt_tls) tls = &headers[i];
  }
  if (tls == nullptr) return image;

  const std::size_t align = tls->align == 0 ? 1 : tls->align;
  if (tls->filesz > tls->memsz || (align & (align - 1)) != 0 || align > page_size)
    return failure(errc::einval);
  image.data = reinterpret_cast<const void*>(bias + tls->vaddr);
  image.file_size = tls->filesz;
  image.mem_size = tls->memsz;
  image.align = align;
  return image;
}

}  // namespace rawthread::detail
