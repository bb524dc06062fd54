// The parts of a sink that run only when the window is short of room.
#include <rawthread/io/sink.hpp>

namespace rawthread::io::detail {

void sink::fill(char c, std::size_t n) {
  if (n <= room()) {
    for (std::size_t i = 0; i < n; ++i) pos_[i] = c;
    pos_ += n;
    return;
  }
  char block[64];
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
  s.lost_ += n - fits;
}

}  // namespace rawthread::io::detail
