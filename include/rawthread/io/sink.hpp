// SPDX-License-Identifier: MIT
// <rawthread/io/sink.hpp>: where formatted bytes go (internal to the output layer).
//
// A sink is a window of memory being filled plus one function that runs when a put does not fit:
// a bounded buffer counts what it cannot hold, an fd sink writes its buffer out, a writer flushes
// whole lines. The common case (the bytes fit) is inline and makes no call.
#pragma once

#include <cstddef>

namespace rawthread::io {

// Bytes one write(2) to a pipe carries without interleaving with other writers (Linux PIPE_BUF).
inline constexpr std::size_t pipe_buf = 4096;

namespace detail {

class sink {
 public:
  sink(const sink&) = delete;
  sink& operator=(const sink&) = delete;

  void put(const char* s, std::size_t n) {
    if (n <= room()) {
      __builtin_memcpy(pos_, s, n);
      pos_ += n;
    } else {
      overflow_(*this, s, n);
    }
  }
  void put(char c) {
    if (pos_ != end_) *pos_++ = c;
    else overflow_(*this, &c, 1);
  }
  // n copies of c.
  void fill(char c, std::size_t n);
  // The next n bytes of the window when that many are free, else null; the caller then formats
  // into scratch space and uses put().
  char* reserve(std::size_t n) { return n <= room() ? pos_ : nullptr; }
  void commit(char* new_pos) { pos_ = new_pos; }

 protected:
  // Takes the bytes that did not fit (n > room()); may drain the window and move pos_.
  using overflow_fn = void (*)(sink&, const char* s, std::size_t n);
  sink(char* begin, char* end, overflow_fn overflow)
      : begin_(begin), pos_(begin), end_(end), overflow_(overflow) {}
  ~sink() = default;

  std::size_t room() const { return static_cast<std::size_t>(end_ - pos_); }
  std::size_t used() const { return static_cast<std::size_t>(pos_ - begin_); }

  char* begin_;
  char* pos_;
  char* end_;
  overflow_fn overflow_;
};

// A caller's buffer of fixed capacity: keeps what fits, counts the rest.
class bounded_sink : public sink {
 public:
  bounded_sink(char* buf, std::size_t cap)
      : sink(cap != 0 ? buf : &none_, cap != 0 ? buf + cap : &none_, spill) {}
  // The length the whole output has, stored or not; SIZE_MAX when that does not fit a size_t
  // (a few * widths of INT_MIN on a 32-bit target), rather than a wrapped-around small count.
  std::size_t length() const {
    return lost_ > ~std::size_t{0} - used() ? ~std::size_t{0} : used() + lost_;
  }
  std::size_t stored() const { return used(); }

 private:
  static void spill(sink& s, const char* bytes, std::size_t n);
  std::size_t lost_ = 0;
  char none_ = 0;  // a valid empty window when the caller gives no buffer
};

}  // namespace detail
}  // namespace rawthread::io
