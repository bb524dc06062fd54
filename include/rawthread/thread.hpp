// SPDX-License-Identifier: MIT
// <rawthread/thread.hpp>: threads made with the raw clone system call.
//
// Each thread lives in one anonymous mapping: a PROT_NONE guard at the bottom, the stack above
// it, and at the top the thread's control block, its callable, and (freestanding) its TLS block.
// Nothing is allocated on any heap.
//
// What a child thread may do:
// - hosted (linked into a glibc or musl program): libc owns the thread pointer, so the child
//   shares its creator's TLS. It must not call libc (printf, malloc, errno-setting wrappers,
//   anything touching `thread_local` or locale state). It may call everything in rawthread:
//   sys::*, io::*, sync primitives, spawn/join, this_thread::*.
// - freestanding (rawthread's _start or rawthread::init ran): the child has its own static TLS,
//   so `thread_local` works; everything in rawthread is available.
#pragma once

#include <cstddef>
#include <cstdint>
#include <new>
#include <type_traits>
#include <utility>

#include <rawthread/result.hpp>
#include <rawthread/syscall.hpp>
#include <rawthread/time.hpp>

namespace rawthread {

// A set of CPUs, as the kernel's affinity bitmask (bit n: CPU n), for thread_options::affinity.
// Holds CPUs 0..1023, like glibc's cpu_set_t.
struct cpu_set {
  static constexpr std::size_t max_cpus = 1024;
  std::uint64_t bits[max_cpus / 64] = {};

  // Adds `cpu`; false (and no change) when cpu >= max_cpus.
  constexpr bool add(std::size_t cpu) {
    if (cpu >= max_cpus) return false;
    bits[cpu / 64] |= bit_in_word(cpu);
    return true;
  }
  // Whether `cpu` is in the set (false for cpu >= max_cpus).
  constexpr bool contains(std::size_t cpu) const {
    return cpu < max_cpus && (bits[cpu / 64] & bit_in_word(cpu)) != 0;
  }
  // True when no CPU is in the set.
  constexpr bool empty() const {
    for (std::uint64_t word : bits)
      if (word != 0) return false;
    return true;
  }

 private:
  // cpu's bit within its word. Shifted in 32 bits: a 64-bit shift by a variable is a call into
  // the compiler's run-time library on 32-bit arm (clang, -Oz), which freestanding programs lack.
  static constexpr std::uint64_t bit_in_word(std::size_t cpu) {
    const std::uint32_t bit = std::uint32_t{1} << (cpu % 32);
    return cpu % 64 < 32 ? bit : std::uint64_t{bit} << 32;
  }
};

// How a new thread is scheduled (thread_options::scheduling). The values are rawthread's own
// (0 is `inherit`, so zeroed options mean "the creator's"), the same in the C API.
enum class sched_policy : int {
  inherit = 0,  // the creator's policy, priority and nice value, as the kernel gives them
  other = 1,    // SCHED_OTHER, the normal time-sharing policy, with `nice`
  fifo = 2,     // SCHED_FIFO, real time, with `priority`
  rr = 3,       // SCHED_RR, real time with time slices, with `priority`
  batch = 4,    // SCHED_BATCH: time-sharing, treated as CPU-bound, with `nice`
  idle = 5,     // SCHED_IDLE: runs only when nothing else would, with `nice`
};

struct thread_scheduling {
  sched_policy policy = sched_policy::inherit;
  // fifo and rr: 1..99 (else EINVAL). Must be 0 with every other policy (else EINVAL).
  int priority = 0;
  // other, batch and idle: -20..19 (else EINVAL). Ignored for inherit, fifo and rr.
  int nice = 0;
};

// Sizes are rounded up to whole pages. Defaults are fixed, not taken from RLIMIT_STACK, so a
// program behaves the same everywhere.
struct thread_options {
  // Usable stack in bytes; 0 means default_stack_size. Below min_stack_size: EINVAL. Sizes
  // beyond an eighth of the address space (here and in guard_size) are EINVAL; smaller ones the
  // system cannot map are ENOMEM.
  std::size_t stack_size = 0;
  // PROT_NONE bytes below the stack; overflowing into them raises SIGSEGV. 0 means no guard.
  std::size_t guard_size = default_guard_size;
  // Thread name (at most 15 bytes, else EINVAL), visible in /proc/self/task/<tid>/comm.
  // Null keeps the creator's name, as the kernel does.
  const char* name = nullptr;
  // CPUs the thread may run on, in force before its entry runs (the creator applies it with
  // sched_setaffinity on the new thread, which waits for that at its start); null inherits the
  // creator's. Read only during spawn. EINVAL: an empty set (checked before anything is made),
  // or one holding no CPU this process may use (the kernel's verdict: the new thread then ends
  // without running its entry, and nothing is left behind). Costs one more system call.
  const cpu_set* affinity = nullptr;
  // An alternate signal stack of at least this many bytes (0: none), in the thread's mapping with
  // a guard page of its own. The thread installs it before its entry runs (one more system call)
  // and handlers installed with sa_onstack run on it, so a handler still runs after the thread's
  // own stack overflowed. Raised to the kernel's minimum (AT_MINSIGSTKSZ), rounded up to pages.
  // Beyond an eighth of the address space: EINVAL. (With report_stack_overflows on, a thread
  // that asks for none gets a small one anyway.)
  std::size_t signal_stack_size = 0;
  // The signal mask the thread starts with; null: the creator's. Read only during spawn. The
  // creator runs with this mask for the moment of the clone, which the thread inherits, so the
  // thread needs no system call for it; the creator's own mask is restored before spawn returns.
  // SIGKILL and SIGSTOP are never blocked (the kernel drops them from any mask).
  const sys::sigset* signal_mask = nullptr;
  // Start the thread detached: spawn returns a thread that is not joinable, and the thread frees
  // (or caches) its own mapping when it ends, as after detach(). EINVAL with stack_memory.
  bool detached = false;
  // A stack of the caller's own: stack_memory_size bytes at stack_memory (both set, or both
  // null/0). rawthread puts the thread's control block, its callable and (freestanding) its TLS
  // at the top and the stack below them; it makes no guard (stack_size and guard_size are
  // ignored: make a PROT_NONE page below the memory yourself if you want one) and it never
  // unmaps, caches or otherwise keeps the memory. The caller may reuse or free it once join()
  // (or a successful try_join/join_for/join_until) has returned; until then it is the thread's.
  // Such a thread cannot be detached (detached = true: EINVAL; detach(): EINVAL, and the thread
  // stays joinable), since the kernel's last write to it (the exit word) would come at a moment
  // nobody could see. It gets no alternate signal stack (signal_stack_size must be 0, and
  // report_stack_overflows gives it none). EINVAL: stack_memory not 16-byte aligned or its size
  // not a multiple of 16, only one of the two set, memory smaller than min_stack_size (POSIX's
  // PTHREAD_STACK_MIN: 16 KiB is enough), or what goes at its top leaving less than
  // min_caller_stack_left of it for the stack (a large freestanding TLS block can).
  void* stack_memory = nullptr;
  std::size_t stack_memory_size = 0;
  // The scheduling policy with its priority or nice value, applied by the creator to the new
  // thread before its entry runs (the thread waits for it at its start, as for affinity; one or
  // two more system calls). EINVAL: a value outside the ranges above (checked before anything is
  // made). EPERM: the kernel refuses it (a real-time policy without CAP_SYS_NICE or
  // RLIMIT_RTPRIO, a nice value below what RLIMIT_NICE allows): the new thread then ends without
  // running its entry, and nothing is left behind.
  thread_scheduling scheduling{};

  static constexpr std::size_t default_stack_size = std::size_t{1} << 20;  // 1 MiB
  static constexpr std::size_t min_stack_size = std::size_t{16} << 10;     // 16 KiB
  // The least stack a caller-supplied memory must leave below its top (see stack_memory).
  static constexpr std::size_t min_caller_stack_left = std::size_t{8} << 10;  // 8 KiB
  static constexpr std::size_t default_guard_size = std::size_t{4} << 10;  // one 4 KiB page
};

namespace detail {
struct control;

// How spawn handles one callable type without knowing it: move it into the thread's mapping, run
// it there, and destroy it as the thread ends (by returning or through this_thread::exit).
struct callable_ops {
  std::size_t size;
  std::size_t align;
  void (*construct)(void* dst, void* src);
  int (*run)(void* storage);
  void (*destroy)(void* storage);
  // After a failed spawn: returns what construct took from src (moving it back) and destroys the
  // copy in storage, so the caller's object holds what it held before the call.
  void (*give_back)(void* storage, void* src);
};

template <class F>
struct callable_ops_for {
  using stored = std::decay_t<F>;
  static void construct(void* dst, void* src) {
    ::new (dst) stored(std::forward<F>(*static_cast<std::remove_reference_t<F>*>(src)));
  }
  static int run(void* storage) {
    stored& f = *static_cast<stored*>(storage);
    int code = 0;
    if constexpr (std::is_void_v<std::invoke_result_t<stored&>>) {
      f();
    } else {
      code = static_cast<int>(f());
    }
    return code;
  }
  static void destroy(void* storage) { static_cast<stored*>(storage)->~stored(); }
  static void give_back(void* storage, void* src) {
    stored& copy = *static_cast<stored*>(storage);
    // Only a construct that moved took anything; a copy leaves the source as it was.
    if constexpr (std::is_rvalue_reference_v<F> && !std::is_const_v<std::remove_reference_t<F>>) {
      stored* source = static_cast<stored*>(src);
      source->~stored();
      ::new (source) stored(std::move(copy));
    }
    copy.~stored();
  }
  static constexpr callable_ops ops{sizeof(stored), alignof(stored), construct, run, destroy,
                                    give_back};
};
}  // namespace detail

// A thread's name: at most 15 bytes and a terminating NUL.
struct thread_name {
  char text[16] = {};
  const char* c_str() const { return text; }
};

class thread;

namespace detail {
result<thread> spawn_erased(const callable_ops& ops, void* callable, const thread_options& opts);
// The same with default options, in a separate function so that programs that never pass
// options link no code handling them.
result<thread> spawn_erased(const callable_ops& ops, void* callable);
}

// A handle to one thread. Move-only. A joinable thread is joined by its destructor (and by
// move-assignment over it), like std::jthread.
class thread {
 public:
  constexpr thread() = default;
  thread(thread&& other) noexcept : block_(std::exchange(other.block_, nullptr)) {}
  thread& operator=(thread&& other) noexcept {
    if (this != &other) {
      if (joinable()) (void)join();
      block_ = std::exchange(other.block_, nullptr);
    }
    return *this;
  }
  thread(const thread&) = delete;
  thread& operator=(const thread&) = delete;
  // Inline, so that destroying a moved-from or joined handle costs no call.
  ~thread() {
    if (joinable()) (void)join();
  }

  // True until the thread is joined, detached, released or moved from.
  bool joinable() const { return block_ != nullptr; }

  // Waits for the thread to end and returns what its entry returned (0 for a callable returning
  // void, the argument of this_thread::exit). Frees or caches the thread's mapping. A signal
  // handler that runs meanwhile does not end the wait (never EINTR).
  // EINVAL: not joinable. EDEADLK: a thread joining itself.
  result<int> join();

  // join() if the thread has already ended, else EBUSY at once (the thread stays joinable).
  // EINVAL: not joinable. EDEADLK: a thread joining itself.
  result<int> try_join();
  // join(), giving up after `timeout` (CLOCK_MONOTONIC) or at `deadline`: ETIMEDOUT then, and
  // the thread stays joinable. A zero or negative timeout, or a past deadline, is try_join()
  // answering ETIMEDOUT instead of EBUSY. Signal handlers do not end the wait early.
  // EINVAL: not joinable. EDEADLK: a thread joining itself.
  result<int> join_for(nanoseconds timeout);
  result<int> join_until(monotonic_time deadline);

  // Waits until one of threads[0..count) has ended and returns its index; that thread is not
  // joined (its join() then returns at once with its code), so calling join_any again without
  // joining it returns the same index or another finished one. Handles that are not joinable
  // are skipped. One futex_waitv(2) sleep on every thread's exit word (Linux 5.16+, at most 128
  // threads); on older kernels, under emulators that lack it, and for more than 128 threads it
  // polls the exit words every millisecond instead. Signal handlers do not end the wait.
  // EINVAL: no joinable handle among them. EDEADLK: the caller is one of them.
  static result<std::size_t> join_any(thread* threads, std::size_t count);
  template <std::size_t N>
  static result<std::size_t> join_any(thread (&threads)[N]) {
    return join_any(threads, N);
  }

  // Lets the thread run on alone; it frees or caches its own mapping when it ends.
  // EINVAL: not joinable.
  result<void> detach();

  // The kernel thread id (comparable with gettid()); 0 when not joinable.
  int id() const;

  // Sends signo to this thread alone (tgkill): a handler runs in it, or signo's action applies to
  // the process (a default that terminates ends every thread, as with pthread_kill). 0 only checks
  // that the thread still runs. EINVAL: signo outside 0..64, or not joinable. ESRCH: the thread
  // has ended (it may still need its join). Safe from any thread in both modes, and from handlers.
  result<void> signal(int signo) const;

  // Renames the thread (what /proc/self/task/<tid>/comm shows): at most 15 bytes, else EINVAL.
  // From the thread itself one prctl; from another thread a write to that comm file (so /proc
  // must be mounted: else the kernel's error, ENOENT say). EINVAL: not joinable. ESRCH: the
  // thread has ended. Safe from any thread in both modes.
  result<void> set_name(const char* name) const;
  // The thread's name as the kernel has it (read from /proc/self/task/<tid>/comm, or by prctl
  // from the thread itself). Errors as for set_name.
  result<thread_name> name() const;

  // For bindings to other languages (the C API): release() gives up the handle as an opaque
  // pointer without joining or detaching (null when not joinable), adopt() makes a thread of it
  // again. Each released handle must be adopted exactly once.
  void* release() { return std::exchange(block_, nullptr); }
  static thread adopt(void* handle) { return thread(static_cast<detail::control*>(handle)); }

 private:
  explicit thread(detail::control* block) : block_(block) {}
  detail::control* block_ = nullptr;
};

// Starts fn(arg) in a new thread; join() returns fn's result.
// EINVAL: null fn, stack_size below the minimum, name longer than 15 bytes, sizes beyond an
// eighth of the address space.
// ENOMEM: the mapping could not be made (or, hosted, the map by which threads find themselves
// from their stack could not grow: see <rawthread/sync/thread_key.hpp>). EAGAIN: the kernel refused another thread
// (RLIMIT_NPROC, threads-max). (The C API's rawthread_create reports both as EAGAIN, as
// pthread_create does.) On any error nothing is left behind.
result<thread> spawn(int (*fn)(void*), void* arg, const thread_options& opts);
result<thread> spawn(int (*fn)(void*), void* arg);

// Starts a copy of `f` (moved when given an rvalue; for a function, a pointer to it) in a new
// thread. `f` takes no arguments and returns void or something convertible to int. The copy
// lives in the thread's own mapping and is destroyed in the thread after it returns. Errors as above. On every error `f` holds what it held
// before the call: a copy was never taken from it, and a moved-from `f` gets its value moved back
// (destroyed, then move-constructed from the copy that never ran), so a move-only callable keeps
// what it owns and can be spawned again (after EAGAIN, say).
template <class F>
  requires std::is_invocable_v<std::decay_t<F>&> &&
           (!std::is_convertible_v<F, int (*)(void*)>)
result<thread> spawn(F&& f, const thread_options& opts) {
  if constexpr (std::is_function_v<std::remove_reference_t<F>>) {
    return spawn(&f, opts);  // a function runs through a pointer to it
  } else {
    void* source = const_cast<void*>(static_cast<const void*>(__builtin_addressof(f)));
    return detail::spawn_erased(detail::callable_ops_for<F&&>::ops, source, opts);
  }
}
template <class F>
  requires std::is_invocable_v<std::decay_t<F>&> &&
           (!std::is_convertible_v<F, int (*)(void*)>)
result<thread> spawn(F&& f) {
  if constexpr (std::is_function_v<std::remove_reference_t<F>>) {
    return spawn(&f);  // a function runs through a pointer to it
  } else {
    void* source = const_cast<void*>(static_cast<const void*>(__builtin_addressof(f)));
    return detail::spawn_erased(detail::callable_ops_for<F&&>::ops, source);
  }
}

// The cache of dead threads' mappings. A joined or detached thread's mapping (guard, stack,
// TLS, control block) is kept for the next spawn asking for the same mapping size and guard,
// which then needs no mmap, mprotect or page faults; it is reused only once the kernel has
// cleared the old thread's exit word. A cached stack keeps resident what its thread touched
// (there is no madvise: see docs/performance.md). Beyond the limits, mappings are
// unmapped as before. All of this is safe from any thread, in both modes; the cache is
// process-wide and lock-free.
//
// Across fork(): the child inherits the cache. A mapping whose detached thread was still
// leaving in the parent is never reused in the child; release_thread_cache() there unmaps it.
struct thread_cache_limits {
  // How many mappings the cache may hold, at most max_mappings; 0 disables caching.
  std::size_t mappings = 32;
  // Their total size. The default (40 MiB) holds 32 default-sized (1 MiB) stacks.
  std::size_t bytes = std::size_t{40} << 20;

  static constexpr std::size_t max_mappings = 64;
};

// What the cache holds now.
struct thread_cache_usage {
  std::size_t mappings;
  std::size_t bytes;
};

// Sets the limits; lowering them unmaps the cached mappings that no longer fit (waiting for any
// detached thread still leaving one). EINVAL: mappings > max_mappings (nothing changes).
result<void> set_thread_cache_limits(const thread_cache_limits& limits);
// The limits in force.
thread_cache_limits get_thread_cache_limits();
// What the cache holds now (a snapshot: other threads may change it at once).
thread_cache_usage get_thread_cache_usage();
// Unmaps every cached mapping; returns how many there were.
std::size_t release_thread_cache();

namespace this_thread {
// The calling thread's kernel thread id, in any thread: spawn's, main, a pthread, and threads and
// processes made with sys::clone. Freestanding it is read through the thread pointer (no system
// call) while every thread owns its thread pointer; once sys::clone has made a thread without
// CLONE_SETTLS (it runs on its creator's) or a process without CLONE_VM (its memory, thread
// pointer included, is a copy), it is asked of the kernel (gettid) in that process from then on.
// Not covered: a thread made outside rawthread (a clone instruction of your own) with no thread
// pointer of its own, in a freestanding program; use sys::gettid() there.
int id();
// Gives up the CPU (sched_yield).
void yield();
// Sleeps at least `d` (CLOCK_MONOTONIC), resuming after signal interruptions. Negative: no sleep.
void sleep_for(nanoseconds d);
// The calling thread's signal mask (bit n-1: signal n blocked).
sys::sigset signal_mask();
// Changes the calling thread's mask as rt_sigprocmask does (how: sys::sig_block, sig_unblock,
// sig_setmask) and returns the mask it had before. EINVAL: another how. Both are one system call,
// safe in any thread in both modes and in handlers.
result<sys::sigset> set_signal_mask(int how, sys::sigset set);
// Ends the calling thread with `code` as its join() result. In a thread spawn made, the callable
// (the copy in the thread's mapping, with everything it captured) is destroyed and the mapping
// released, as on return, joined or detached. The frames on the thread's own stack are not
// unwound: destructors of their locals do not run (the callable's operator() frame included),
// so what they own stays owned. Called from a thread rawthread did not create (the main thread,
// a pthread) it ends just that thread with SYS_exit, destroying nothing.
[[noreturn]] void exit(int code);
// The lowest and highest usable address of the calling thread's stack: [low, high).
struct stack_range {
  void* low;
  void* high;
};
// In a thread spawn made (its own mapping or stack_memory): from below the top pieces down to
// just above the guard and the thread's key table. Freestanding, the main thread: from its
// initial stack and RLIMIT_STACK (ENOENT when that is unlimited). Hosted, the main thread and
// threads libc made: the mapping holding the stack pointer, from /proc/self/maps (ENOENT when
// that cannot be read). No system call in rawthread's threads.
result<stack_range> stack_bounds();
// Renames the calling thread (prctl PR_SET_NAME), in any thread. EINVAL: more than 15 bytes, or
// null.
result<void> set_name(const char* name);
// The calling thread's name (prctl PR_GET_NAME), in any thread.
thread_name name();
}  // namespace this_thread

}  // namespace rawthread
