// SPDX-License-Identifier: MIT
// The C API of freestanding programs. It calls into the start-up code (src/start), which only
// librawthread_freestanding.a holds, so only programs linked with rawthread_freestanding_dep can
// use it.
#include <rawthread.h>

#include <rawthread/start.hpp>

#include "../no_canary.hpp"

using namespace rawthread;

extern "C" {

// The canary changes inside init (and before it, on x86_64, there is no thread pointer to read
// one from).
RAWTHREAD_NO_CANARY int rawthread_init(int argc, char** argv, char** envp) {
  auto r = init(argc, argv, envp);
  return r ? 0 : r.error();
}

int rawthread_initialized(void) { return initialized() ? 1 : 0; }

const char* rawthread_getenv(const char* name) { return rawthread::getenv(name); }

void rawthread_process_exit(int code) { process::exit(code); }

}  // extern "C"
