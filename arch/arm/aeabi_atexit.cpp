// SPDX-License-Identifier: MIT
// __aeabi_atexit: how compilers for ARM EABI targets register a global object's destructor. It is
// __cxa_atexit (src/start/atexit.cpp) with the object and the destructor in the other order.
// Part of the freestanding library only; a hosted program's C library has its own.
extern "C" int __cxa_atexit(void (*destructor)(void*), void* object, void* dso_handle);

extern "C" int __aeabi_atexit(void* object, void (*destructor)(void*), void* dso_handle) {
  return __cxa_atexit(destructor, object, dso_handle);
}
