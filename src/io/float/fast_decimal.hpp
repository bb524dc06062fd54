// SPDX-License-Identifier: MIT
// A fast path for the common precisions (at most 17 significant digits, or a value and
// precision whose digits fit 18): the value times a power of ten from 128-bit arithmetic, used
// only when its error provably cannot change the digits or the rounding; else the caller runs
// the exact expansion. Needs no table: the power is computed by repeated squaring.
#pragma once

#include "exact_decimal.hpp"

namespace rawthread::io::detail {

// round_to_place and round_to_digits when the fast path can settle them; false otherwise,
// `out` then unspecified.
bool fast_round_to_place(binary_value v, int places, decimal_digits& out);
bool fast_round_to_digits(binary_value v, int digits, decimal_digits& out);

}  // namespace rawthread::io::detail
