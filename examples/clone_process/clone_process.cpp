// SPDX-License-Identifier: MIT
// The other thing clone makes: a process. Without CLONE_VM the child gets a copy of the address
// space (like fork), and with SIGCHLD as its exit signal the parent reaps it with wait4.
#include <cstddef>

#include <rawthread/io.hpp>
#include <rawthread/syscall.hpp>

namespace io = rawthread::io;
namespace sys = rawthread::sys;

namespace {

int counter = 0;

int child_main(void* arg) {
  counter = 100;  // a private copy: the parent's counter stays 0
  io::println(1, "child: pid ", sys::getpid(), ", parent's argument ", *static_cast<int*>(arg));
  return 7;
}

}  // namespace

int main() {
  constexpr std::size_t stack_size = 64 * 1024;
  auto stack = sys::mmap(nullptr, stack_size, sys::prot_read | sys::prot_write,
                         sys::map_private | sys::map_anonymous | sys::map_stack);
  if (!stack) return 1;

  int argument = 42;
  auto pid = sys::clone(sys::sigchld, static_cast<char*>(*stack) + stack_size, child_main,
                        &argument);
  if (!pid) {
    io::println(2, "clone failed: ", rawthread::error_name(pid.error()));
    return 2;
  }
  int status = 0;
  auto reaped = sys::wait4(*pid, &status, 0);
  if (!reaped || !sys::exited(status)) return 3;
  io::println(1, "parent: child ", *pid, " exited with status ", sys::exit_status(status),
              "; my counter is still ", counter);
  (void)sys::munmap(*stack, stack_size);
  return 0;
}
