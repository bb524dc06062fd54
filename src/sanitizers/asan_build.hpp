// SPDX-License-Identifier: MIT
// RAWTHREAD_ASAN_BUILD: 1 when this translation unit is compiled with AddressSanitizer, else 0.
// GCC says so with __SANITIZE_ADDRESS__, clang through __has_feature (compiler feature tests, not
// architecture ones). The library (which tells ASan about thread mappings) and the tests (which
// check what ASan sees) include this one definition, so that they cannot disagree.
//
// Internal, not installed: what it answers is how the including file is compiled, which for a
// program using rawthread says nothing about how rawthread was. Its folder holds nothing else, so
// that the tests' include path to it opens no other part of src/.
#pragma once

#if defined(__SANITIZE_ADDRESS__)
#define RAWTHREAD_ASAN_BUILD 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define RAWTHREAD_ASAN_BUILD 1
#endif
#endif
#ifndef RAWTHREAD_ASAN_BUILD
#define RAWTHREAD_ASAN_BUILD 0
#endif
