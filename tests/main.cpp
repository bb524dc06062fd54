// SPDX-License-Identifier: MIT
#define DOCTEST_CONFIG_IMPLEMENT
#include <doctest.h>

#include "support.hpp"

int main(int argc, char** argv) {
  test::before_the_first_test();
  return doctest::Context(argc, argv).run();
}
