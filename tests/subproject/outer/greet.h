// SPDX-License-Identifier: MIT
/* A user library between the program and rawthread: it needs rawthread's symbols, so a linker
 * that saw rawthread's archives before it would leave them unresolved. */
#ifndef GREET_H
#define GREET_H
int greet(const char* who);
#endif
