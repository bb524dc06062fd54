// SPDX-License-Identifier: MIT
// The seed's raw clone example, done right: the thread is made with explicit clone flags through
// rawthread::sys::clone onto a stack we mmap ourselves, every write carries exactly the bytes of
// its string, and main waits for the thread (on the word the kernel clears when the thread is
// gone) before it unmaps the stack and returns.
#include <atomic>
#include <cstddef>

#include <rawthread/syscall.hpp>

namespace sys = rawthread::sys;

namespace {

template <std::size_t N>
void say(const char (&line)[N]) {
  (void)sys::write(1, line, N - 1);  // N - 1: the literal's bytes without its terminating NUL
}

int thread_work(void*) {
  say("running thread\n");
  say("finished thread\n");
  return 0;
}

}  // namespace

int main() {
  constexpr std::size_t stack_size = 64 * 1024;
  auto stack = sys::mmap(nullptr, stack_size, sys::prot_read | sys::prot_write,
                         sys::map_private | sys::map_anonymous | sys::map_stack);
  if (!stack) return 1;

  // A thread: same memory, files, fs info, signal handlers and thread group (the seed had only
  // VM|SIGHAND|THREAD). The kernel stores the tid in `tid_word` and clears it, with a futex
  // wake, once the thread has left for good.
  constexpr unsigned long flags = sys::clone_vm | sys::clone_fs | sys::clone_files |
                                  sys::clone_sighand | sys::clone_thread | sys::clone_sysvsem |
                                  sys::clone_parent_settid | sys::clone_child_cleartid;
  std::atomic<int> tid_word{0};
  int* word = reinterpret_cast<int*>(&tid_word);

  say("starting thread...\n");
  auto tid = sys::clone(flags, static_cast<char*>(*stack) + stack_size, thread_work, nullptr,
                        word, nullptr, word);
  if (!tid) return 2;

  // The kernel's wake-up at thread exit is a shared futex wake: wait without the private flag.
  for (int seen; (seen = tid_word.load()) != 0;) (void)sys::futex(word, sys::futex_wait, seen);
  (void)sys::munmap(*stack, stack_size);
  return 0;
}
