// SPDX-License-Identifier: MIT
// io::writer: a buffer that leaves in whole lines.
#include <cstdarg>

#include <rawthread/io/fd_sink.hpp>
#include <rawthread/io/writer.hpp>

namespace rawthread::io::detail {

std::size_t writer_core::unfinished_line() const {
  const char* p = pos_;
  while (p != begin_ && p[-1] != '\n') --p;
  return static_cast<std::size_t>(pos_ - p);
}

// The first write error of a call: remembered, and the window closed, so that every later put
// of the call, even one that would fit, goes to spill, which drops it.
void writer_core::stop(int error) {
  error_ = error;
  end_ = pos_;
}

// Writes bytes that are not in the buffer; counts what got out, stops the call on an error.
void writer_core::send(const char* bytes, std::size_t n) {
  if (error_ != 0 || n == 0) return;
  write_result r = write_all(fd_, bytes, n);
  sent_ += r.written();
  if (!r) stop(r.error());
}

// Writes the first n buffered bytes and moves what follows them to the front. After an error
// whatever did not get out stays buffered.
void writer_core::write_front(std::size_t n) {
  if (error_ != 0 || n == 0) return;
  write_result r = write_all(fd_, begin_, n);
  std::size_t out = r.written();
  sent_ += out;
  __builtin_memmove(begin_, begin_ + out, used() - out);
  pos_ -= out;
  if (!r) stop(r.error());
}

// After a call lost the rest of its output: drops from the buffer the call's own bytes after its
// last newline, so what stays of the call is a prefix of it made of whole lines (or of what has
// already reached the fd). `start` is taken() as the call began; bytes of earlier calls stay.
void writer_core::give_back_unfinished_line(std::size_t start) {
  const std::size_t call_begins = start > sent_ ? start - sent_ : 0;  // its first buffered byte
  const std::size_t whole_lines = used() - unfinished_line();
  pos_ = begin_ + (whole_lines > call_begins ? whole_lines : call_begins);
  end_ = pos_;
}

void writer_core::spill(sink& base, const char* bytes, std::size_t n) {
  auto& w = static_cast<writer_core&>(base);
  const std::size_t cap = w.capacity();
  while (n > w.room()) {
    if (w.error_ != 0) return;  // the call has failed: the rest is dropped (and not counted)
    std::size_t tail = w.unfinished_line();
    std::size_t line = 0;  // the unfinished line's continuation in bytes, through its newline
    while (line < n && bytes[line++] != '\n') {
    }
    if (tail + line <= cap) {
      if (tail < w.used()) {
        w.write_front(w.used() - tail);  // whole lines out, the unfinished one to the front
      } else {
        // Only the unfinished line is buffered and it ends within reach: top the buffer up, so
        // the next write carries as many whole lines as fit.
        std::size_t fits = w.room();
        __builtin_memcpy(w.pos_, bytes, fits);
        w.pos_ += fits;
        bytes += fits;
        n -= fits;
        w.write_front(w.used() - w.unfinished_line());
      }
    } else {
      // A line longer than the buffer: everything buffered, then the rest of it directly.
      w.write_front(w.used());
      w.send(bytes, line);
      bytes += line;
      n -= line;
    }
  }
  __builtin_memcpy(w.pos_, bytes, n);
  w.pos_ += n;
}

write_result writer_core::end_call(std::size_t start) {
  // An error within the call always cost it the bytes it was making room for.
  if (error_ != 0) give_back_unfinished_line(start);
  else if (policy_ == buffering::line) write_front(used() - unfinished_line());
  std::size_t took = taken() - start;
  if (error_ != 0) return write_result(failure(error_), took);
  return write_result(took);
}

write_result writer_core::vprintf(const char* fmt, va_list ap) {
  std::size_t start = begin_call();
  vformat(*this, fmt, ap);
  return end_call(start);
}

write_result writer_core::printf(const char* fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  write_result r = vprintf(fmt, ap);
  va_end(ap);
  return r;
}

write_result writer_core::flush() {
  error_ = 0;
  std::size_t before = sent_;
  write_front(used());
  std::size_t out = sent_ - before;
  if (error_ != 0) return write_result(failure(error_), out);
  return write_result(out);
}

}  // namespace rawthread::io::detail
