// SPDX-License-Identifier: MIT
// <rawthread/io/writer.hpp>: a buffered writer owned by one thread.
//
//   io::writer out(1);                        // 4096 bytes, fully buffered
//   out.println("thread ", id, " done");      // same arguments as io::println
//   out.printf("%5d|%-8s|\n", n, name);       // same formats as io::printf
//
// A writer holds no lock and shares nothing: give each thread (or each signal handler) its own.
// Its buffer sits inside the object (basic_writer<N> for another size), so one on the stack of
// a thread or a signal handler allocates nothing; every member is async-signal-safe as long as a
// handler never uses a writer that the code it interrupted was using.
//
// Whole lines only: when the buffer fills, the writer writes out everything up to its last
// newline in one write(2) and keeps the unfinished line. With a buffer of at most pipe_buf bytes
// each of those writes reaches a pipe or file in one piece, so lines from many threads, each with
// its own writer on one fd, never tear. A line longer than the buffer cannot be kept whole: it
// goes out in as few writes as possible: the buffer ending with the line's start, then each
// further piece of text that does not fit straight from the caller's memory (println's final
// newline, a piece of its own, waits for the next write). Other writers' lines may land between.
// flush() and the destructor write everything, an unfinished line included.
//
// Policies: buffering::full (the default) writes when the buffer fills, on flush() and at
// destruction; buffering::line also writes out the whole lines at the end of every call.
//
// Errors: print/println/printf return the bytes of the call that the writer took (buffered or
// written). When a write fails in the middle of a call, the call stops there: it returns the
// error (EBADF, EPIPE, EAGAIN, ...) and nothing after the failed write is taken, not even pieces
// that would fit. What the call did take is a prefix of its output, and written() counts exactly
// that prefix: the bytes that reached the fd, plus its whole lines still buffered. The call's
// unfinished line is not kept (its rest is lost, so no later write may send it as a fragment);
// bytes buffered by earlier calls stay. So a line shorter than the buffer is never written in
// part; of a longer one, which goes out in several writes anyway, the fd may have received a
// head when a later piece fails, and written() says how long. An error while writing out a call
// that was taken whole (buffering::line) keeps all of it buffered. Bytes buffered stay for a
// later flush(), which returns the bytes it wrote or the error with that count. The destructor's
// flush cannot report: call flush() first when the outcome matters.
#pragma once

#include <cstdarg>
#include <cstddef>

#include <rawthread/io/format.hpp>
#include <rawthread/io/printf.hpp>
#include <rawthread/io/sink.hpp>
#include <rawthread/io/write_result.hpp>

namespace rawthread::io {

enum class buffering : unsigned char { full, line };

namespace detail {

// Everything a writer does, over a buffer it is given.
class writer_core : private sink {
 public:
  writer_core(const writer_core&) = delete;
  writer_core& operator=(const writer_core&) = delete;

  template <class... Args>
  write_result print(const Args&... args) {
    std::size_t start = begin_call();
    (put_arg(as_sink(), args), ...);
    return end_call(start);
  }

  template <class... Args>
  write_result println(const Args&... args) {
    std::size_t start = begin_call();
    (put_arg(as_sink(), args), ...);
    as_sink().put('\n');
    return end_call(start);
  }

  write_result printf(const char* fmt, ...) RAWTHREAD_PRINTF_FORMAT(2, 3);
  write_result vprintf(const char* fmt, va_list ap);

  // Writes everything buffered; returns the bytes written.
  write_result flush();

  // The file descriptor it writes to.
  int fd() const { return fd_; }
  // Bytes buffered and not yet written.
  std::size_t pending() const { return used(); }
  // The size of its buffer (N of basic_writer<N>).
  std::size_t capacity() const { return static_cast<std::size_t>(limit_ - begin_); }

 protected:
  writer_core(int fd, char* buffer, std::size_t capacity, buffering policy)
      : sink(buffer, buffer + capacity, spill), limit_(buffer + capacity), fd_(fd),
        policy_(policy) {}
  ~writer_core() { (void)flush(); }

 private:
  sink& as_sink() { return *this; }
  // Bytes ever taken in, a running count a call's share is measured against.
  std::size_t taken() const { return sent_ + used(); }
  std::size_t begin_call() {
    error_ = 0;
    end_ = limit_;  // open again, if an error had closed it
    return taken();
  }
  write_result end_call(std::size_t start);

  static void spill(sink& s, const char* bytes, std::size_t n);
  std::size_t unfinished_line() const;
  void send(const char* bytes, std::size_t n);
  void write_front(std::size_t n);
  void stop(int error);
  void give_back_unfinished_line(std::size_t start);

  char* limit_;  // the buffer's end; end_ is pulled back to pos_ to stop a failed call
  int fd_;
  buffering policy_;
  int error_ = 0;          // the first write error of the current call
  std::size_t sent_ = 0;   // bytes taken in that have left the buffer
};

template <std::size_t N>
struct writer_storage {
  char bytes[N];
};

}  // namespace detail

// A writer with an N-byte buffer inside it. Not copyable or movable: its buffer is part of it.
template <std::size_t N = pipe_buf>
class basic_writer : private detail::writer_storage<N>, public detail::writer_core {
  static_assert(N > 0, "a writer needs a buffer");

 public:
  explicit basic_writer(int fd, buffering policy = buffering::full)
      : writer_core(fd, this->bytes, N, policy) {}
};

using writer = basic_writer<>;

}  // namespace rawthread::io
