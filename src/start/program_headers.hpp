// The program's PT_TLS segment, found through the program headers the aux vector points to.
#pragma once

#include <cstddef>

#include <rawthread/result.hpp>

#include "../thread/tls.hpp"

namespace rawthread::detail {

// The TLS image of the running program: empty (sizes 0) when it has no PT_TLS.
// EINVAL: AT_PHENT does not match this ABI's program header size, or the PT_TLS segment is
// malformed (.tdata larger than the segment, alignment not a power of two or above `page_size`).
result<tls_image> find_tls_image(const unsigned long* auxv, std::size_t page_size);

}  // namespace rawthread::detail
