// SPDX-License-Identifier: MIT
// The seed's first program as a freestanding program: no libc at all, only rawthread's _start.
// main launches a real clone thread, both print a line, main joins. Linked -nostdlib -static,
// stripped it is a few KiB where glibc's static build is 769 KB (bench/size compares them).
#include <rawthread/io.hpp>
#include <rawthread/thread.hpp>

namespace io = rawthread::io;

int main() {
  auto worker = rawthread::spawn([] { io::println(1, "Look ma! I'm a thread!"); });
  // A failed spawn shows in the exit status (2) rather than as a printed errno: formatting a
  // number would pull the integer formatter into a program that otherwise prints only text.
  if (!worker) return 2;
  io::println(1, "I launched a thread!");
  auto joined = worker->join();
  return joined && *joined == 0 ? 0 : 1;
}
