// SPDX-License-Identifier: MIT
// Helpers shared by the hosted tests. Assertions only ever run in the main thread: doctest is
// not safe in a rawthread child (hosted children must not call libc).
#pragma once

#include <sys/types.h>

#include <cstddef>

namespace test {

// What main does before the first test. In an AddressSanitizer build: has a thread leave through
// this_thread::exit, which makes ASan print its once-per-process warning (docs/debugging.md), and
// its first message maps a buffer for ASan's messages. Mapped now, that buffer is in every leak
// check's baseline, rather than new to whichever test ends a thread that way first. In every
// build: runs a thread on each kind of memory the tests give threads, so that the stack map's
// one-time leaves (docs/threads.md) are in every baseline too.
void before_the_first_test();

// True when the suite runs under an emulator (qemu-user) or a binary instrumenter (valgrind),
// where a thread costs ~1 ms: RAWTHREAD_EMULATED=1.
bool emulated();
// `native` when running natively, else `native / divisor` (at least 1).
int scaled(int native, int divisor = 20);
// The address ranges mapped at one moment, the baseline of the leak checks below. Read from
// /proc/self/maps into the object itself: taking one allocates nothing, so maps nothing.
class mapped_ranges {
 public:
  mapped_ranges();
  // False when /proc/self/maps could not be read or held more ranges than fit here.
  bool ok() const { return ok_; }
  // Whether every address in [low, high) was mapped.
  bool cover(unsigned long low, unsigned long high) const;

 private:
  struct range {
    unsigned long low, high;
  };
  range ranges_[4096];
  int count_ = 0;
  bool ok_ = false;
};
// Mappings now in /proc/self/maps that could be a leaked thread mapping and are new since
// `before`: anonymous, private and not executable ones (not valgrind's own) holding an address
// that was not mapped then. A thread's mapping comes from mmap at no fixed address, so from a
// hole in the address space: it always adds one, even merged into a neighbour. An allocator
// that grows into address space it had already reserved (AddressSanitizer's heap splitting its
// PROT_NONE reservation) adds none. -1 when `before` or the maps now cannot be read.
int new_mappings(const mapped_ranges& before);
// True when valgrind runs the process (its files are mapped in it).
bool under_valgrind();
// Whether thread `tid` of this process is asleep in the kernel (state S in
// /proc/self/task/<tid>/stat; false once it has ended); wait_until_asleep gives it about five
// seconds to get there. gone: the thread has ended (its /proc/self/task entry is gone).
bool asleep(int tid);
bool wait_until_asleep(int tid);
bool gone(int tid);
// The same, of mappings that can be read or written (not ---p). qemu-user's own listing for a
// 32-bit guest (qemu 7) leaves out a PROT_NONE mapping whenever it lies next to unmapped guest
// memory, so PROT_NONE lines (thread guards) are counted reliably only natively.
int new_accessible_mappings(const mapped_ranges& before);
// Entries in /proc/self/task: the process's threads, -1 when it cannot be read.
int count_tasks();
// count_tasks() once it is back to `before` at most, or after about two seconds: the kernel
// clears a thread's exit word a little before the task leaves /proc (longer under qemu).
int tasks_once_settled(int before);
// fork(), once the threads earlier tests left (a detached thread still on its way out) are gone,
// or after about two seconds: the tests fork only from a process down to the threads it had
// when the first test began. Under qemu-user a child forked while another thread was alive
// aborts when it creates a thread (docs/cross.md).
pid_t fork_alone();
// Runs fn in a child made by fork_alone and returns its raw wait status.
int wait_status_of_child(void (*fn)());
// For a forked child only (it leaves the address space full): reserves, PROT_NONE, every hole of
// at least half of `size` bytes, so that no mapping of `size` bytes can be made any more. On a
// 64-bit target a size near unmappable needs no reservation; on a 32-bit one it takes a few.
// Returns how many reservations were made.
int fill_address_space_against(std::size_t size);

}  // namespace test
