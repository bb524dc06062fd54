// The C API of freestanding programs. It calls into the start library (src/start), so only
// programs linked with rawthread_freestanding_dep can use it; being its own archive member, it is
// never pulled into a hosted program that does not call it.
#include <rawthread.h>

#include <rawthread/start.hpp>

using namespace rawthread;

extern "C" {

// No stack protector: the canary changes inside init (and before it, on x86_64, there is no
// thread pointer to read one from).
__attribute__((no_stack_protector)) int rawthread_init(int argc, char** argv, char** envp) {
  auto r = init(argc, argv, envp);
  return r ? 0 : r.error();
}

int rawthread_initialized(void) { return initialized() ? 1 : 0; }

const char* rawthread_getenv(const char* name) { return getenv(name); }

void rawthread_process_exit(int code) { process::exit(code); }

}  // extern "C"
