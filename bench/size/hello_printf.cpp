// SPDX-License-Identifier: MIT
// hello_freestanding's program with one printf of integers in each thread: what the printf
// engine costs a program that never formats a floating-point value.
#include <rawthread/io.hpp>
#include <rawthread/thread.hpp>

namespace io = rawthread::io;

int main(int argc, char**) {
  auto worker = rawthread::spawn([argc] { io::printf(1, "thread %d of %x\n", argc, 2u); });
  if (!worker) return 2;
  io::printf(1, "main %d\n", argc);
  auto joined = worker->join();
  return joined && *joined == 0 ? 0 : 1;
}
