// SPDX-License-Identifier: MIT
// hello_printf's program printing doubles as well: printf's %f %e %g %a and print's shortest
// form, so both floating-point paths are linked in.
#include <rawthread/io.hpp>
#include <rawthread/thread.hpp>

namespace io = rawthread::io;

int main(int argc, char**) {
  double x = argc / 3.0;
  auto worker = rawthread::spawn([x] { io::printf(1, "%.3f %e %g %a\n", x, x, x, x); });
  if (!worker) return 2;
  io::println(1, "main ", argc, ' ', x);
  auto joined = worker->join();
  return joined && *joined == 0 ? 0 : 1;
}
