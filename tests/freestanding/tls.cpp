// SPDX-License-Identifier: MIT
// thread_local in a freestanding program: initial values from .tdata, zeroes from .tbss, the
// segment's alignment, and a distinct copy in the main thread and in each of 32 threads.
#include <atomic>
#include <cstdint>

#include <rawthread/syscall.hpp>
#include <rawthread/thread.hpp>

#include "check.hpp"

namespace {

thread_local int counter = 42;                       // .tdata
thread_local char text[8] = "tdata";                 // .tdata
thread_local long zeros[16];                         // .tbss
alignas(64) thread_local unsigned char aligned[64];  // raises the segment's alignment to 64

constexpr int thread_count = 32;

struct report {
  std::uintptr_t counter_address;
  std::uintptr_t aligned_address;
  bool initial_values_ok;
  bool own_value_kept;
  int id;
  int gettid;
};
report reports[thread_count + 1];  // the last one is the main thread's
std::atomic<int> arrived{0};

bool initial_values_ok() {
  bool ok = counter == 42 && text[0] == 't' && text[4] == 'a' && text[5] == '\0';
  for (long z : zeros) ok = ok && z == 0;
  for (unsigned char a : aligned) ok = ok && a == 0;
  return ok;
}

int visit(int index) {
  report& r = reports[index];
  r.initial_values_ok = initial_values_ok();
  // Scribble over this thread's copies, wait until every thread has done the same, then check
  // that nobody else's writes landed here.
  counter = 1000 + index;
  text[0] = static_cast<char>('A' + index % 26);
  zeros[15] = index;
  for (unsigned char& a : aligned) a = static_cast<unsigned char>(index);
  arrived.fetch_add(1);
  while (arrived.load() < thread_count + 1) rawthread::this_thread::yield();
  bool kept = counter == 1000 + index && text[0] == 'A' + index % 26 && zeros[15] == index;
  for (unsigned char a : aligned) kept = kept && a == static_cast<unsigned char>(index);
  r.own_value_kept = kept;
  r.counter_address = reinterpret_cast<std::uintptr_t>(&counter);
  r.aligned_address = reinterpret_cast<std::uintptr_t>(&aligned);
  r.id = rawthread::this_thread::id();
  r.gettid = rawthread::sys::gettid();
  return index;
}

}  // namespace

int main() {
  rawthread::thread threads[thread_count];
  for (int i = 0; i < thread_count; ++i) {
    auto t = rawthread::spawn([i] { return visit(i); });
    if (!CHECK(t.has_value())) return 1;
    threads[i] = static_cast<rawthread::thread&&>(*t);
  }
  visit(thread_count);
  for (int i = 0; i < thread_count; ++i) {
    auto joined = threads[i].join();
    CHECK(joined.has_value() && *joined == i);
  }
  for (int i = 0; i <= thread_count; ++i) {
    const report& r = reports[i];
    CHECK(r.initial_values_ok);
    CHECK(r.own_value_kept);
    CHECK(r.aligned_address % 64 == 0);
    CHECK(r.id == r.gettid);  // this_thread::id() through the thread pointer is the kernel's tid
    for (int j = 0; j < i; ++j) {
      CHECK(reports[j].counter_address != r.counter_address);
      CHECK(reports[j].id != r.id);
    }
  }
  return test::verdict();
}
