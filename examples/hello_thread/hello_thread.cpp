// SPDX-License-Identifier: MIT
// The seed's first program, on a real clone thread: main launches a thread, both print a line,
// main joins. The child prints through rawthread::io (never printf: in a hosted program a
// rawthread child must not call libc).
#include <rawthread/io.hpp>
#include <rawthread/thread.hpp>

namespace io = rawthread::io;

int main() {
  auto worker = rawthread::spawn([] { io::println(1, "Look ma! I'm a thread!"); });
  if (!worker) {
    io::println(2, "spawn failed: ", rawthread::error_name(worker.error()));
    return 1;
  }
  io::println(1, "I launched a thread!");
  auto joined = worker->join();
  return joined && *joined == 0 ? 0 : 1;
}
