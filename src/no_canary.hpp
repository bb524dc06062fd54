// SPDX-License-Identifier: MIT
// For code that runs before the calling thread has a thread pointer: rawthread::init and what it
// calls, and the program's entry before init. The stack-protector canary lives behind the thread
// pointer (x86_64) or is set by init (aarch64), so a check there would read nothing or a wrong
// value; whatever -fstack-protector flags the build uses, these functions carry no check.
#pragma once

#define RAWTHREAD_NO_CANARY __attribute__((no_stack_protector))
