// Waiting until the kernel is done with a thread's mapping.
#pragma once

#include "control.hpp"

namespace rawthread::detail {

// Blocks until the kernel has cleared c->exit_word, which it does only once the thread has left
// user mode for good: from then on its mapping may be reused or unmapped.
void wait_for_exit(control* c);

// As wait_for_exit, but also returns at once when the thread is not one of this process's: a
// mapping inherited through fork() whose thread lives on only in the parent, where nothing will
// ever clear this copy of the word.
void wait_until_gone(control* c);

}  // namespace rawthread::detail
