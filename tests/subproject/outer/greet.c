// SPDX-License-Identifier: MIT
#include "greet.h"

#include <rawthread.h>

int greet(const char* who) { return rawthread_printf(1, "own entry: hello, %s\n", who); }
