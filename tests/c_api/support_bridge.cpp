// Makes the shared test helpers (tests/support.hpp) callable from the C suite.
#include "support.hpp"

extern "C" int test_scaled(int native) { return test::scaled(native); }
extern "C" int test_count_mappings(void) { return test::count_mappings(); }
