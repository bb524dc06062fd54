// SPDX-License-Identifier: MIT
// The link between process::exit (exit.cpp) and the atexit table (atexit.cpp).
#pragma once

namespace rawthread::detail {

// Runs and forgets every registered atexit function and global destructor, latest first. Weak:
// null in a program that registers nothing, which then carries no table.
[[gnu::weak]] void run_exit_handlers();

}  // namespace rawthread::detail
