// SPDX-License-Identifier: MIT
// The program's PT_TLS segment, found through the program headers the aux vector points to.
#pragma once

#include <cstddef>

#include <rawthread/result.hpp>

#include "../thread/tls.hpp"
#include "state.hpp"

namespace rawthread::detail {

// The TLS image of the running program, from its program headers (`aux`: the aux vector's
// entries by type, see state.hpp): empty (sizes 0) when it has no PT_TLS or AT_PHDR/AT_PHNUM.
// EINVAL: AT_PHENT does not match this ABI's program header size, or the PT_TLS segment is
// malformed (.tdata larger than the segment, alignment not a power of two or above `page_size`).
result<tls_image> find_tls_image(const startup_aux& aux, std::size_t page_size);

}  // namespace rawthread::detail
