// SPDX-License-Identifier: MIT
// The parts of a sink that run only when the window is short of room.
#include <rawthread/io/sink.hpp>

namespace rawthread::io::detail {

void sink::fill(char c, std::size_t n) {
  if (n <= room()) {
    for (std::size_t i = 0; i < n; ++i) pos_[i] = c;
    pos_ += n;
    return;
  }
  // 256 bytes a piece: the 2^31 columns of a * width of INT_MIN are then 8 million puts.
  char block[256];
  for (char& b : block) b = c;
  while (n != 0) {
    std::size_t piece = n < sizeof block ? n : sizeof block;
    put(block, piece);
    n -= piece;
  }
}

void bounded_sink::spill(sink& base, const char* bytes, std::size_t n) {
  auto& s = static_cast<bounded_sink&>(base);
  std::size_t fits = s.room();
  __builtin_memcpy(s.pos_, bytes, fits);
  s.pos_ += fits;
  const std::size_t lost = n - fits;
  s.lost_ = lost > ~std::size_t{0} - s.lost_ ? ~std::size_t{0} : s.lost_ + lost;
}

}  // namespace rawthread::io::detail
