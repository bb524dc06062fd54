// Hosted mode: libc owns the thread pointer, so threads get no TLS area of their own.
#include "tls.hpp"

namespace rawthread::detail {

tls_area tls_area_needed() { return {0, 1}; }

void* tls_prepare(void*, control*) { return nullptr; }

}  // namespace rawthread::detail
