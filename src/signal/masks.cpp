// SPDX-License-Identifier: MIT
// Signals aimed at one thread, and the calling thread's mask.
#include <rawthread/signal.hpp>
#include <rawthread/thread.hpp>

#include "../sys/raw.hpp"
#include "../thread/control.hpp"

namespace rawthread {

result<void> thread::signal(int signo) const {
  if (block_ == nullptr || signo < 0 || signo > sys::max_signal) return failure(errc::einval);
  // The kernel clears the exit word once the thread is gone, after which its tid may name
  // another thread: do not send then.
  const int tid = block_->exit_word.load(std::memory_order_acquire);
  if (tid == 0) return failure(errc::esrch);
  return sys::raw::tgkill(sys::raw::getpid(), tid, signo);
}

namespace this_thread {

sys::sigset signal_mask() {
  sys::sigset now = 0;
  (void)sys::raw::rt_sigprocmask(sys::sig_block, nullptr, &now);
  return now;
}

result<sys::sigset> set_signal_mask(int how, sys::sigset set) {
  sys::sigset before = 0;
  auto r = sys::raw::rt_sigprocmask(how, &set, &before);
  if (!r) return failure(r.error());
  return before;
}

}  // namespace this_thread
}  // namespace rawthread
