// SPDX-License-Identifier: MIT
// The C API's threads: thin adapters from rawthread.h onto rawthread::spawn and thread.
#include <rawthread.h>

#include <rawthread/errno.hpp>
#include <rawthread/thread.hpp>
#include <rawthread/time.hpp>

namespace rawthread {
namespace {

static_assert(RAWTHREAD_DEFAULT_STACK_SIZE == thread_options::default_stack_size);
static_assert(RAWTHREAD_MIN_STACK_SIZE == thread_options::min_stack_size);
static_assert(RAWTHREAD_DEFAULT_GUARD_SIZE == thread_options::default_guard_size);
static_assert(sizeof(rawthread_cpu_set_t) == sizeof(cpu_set) &&
              alignof(rawthread_cpu_set_t) == alignof(cpu_set));
static_assert(sizeof(rawthread_cpu_set_t::bits) * 8 == cpu_set::max_cpus);
static_assert(RAWTHREAD_SCHED_INHERIT == int(sched_policy::inherit) &&
              RAWTHREAD_SCHED_OTHER == int(sched_policy::other) &&
              RAWTHREAD_SCHED_FIFO == int(sched_policy::fifo) &&
              RAWTHREAD_SCHED_RR == int(sched_policy::rr) &&
              RAWTHREAD_SCHED_BATCH == int(sched_policy::batch) &&
              RAWTHREAD_SCHED_IDLE == int(sched_policy::idle));

// C's options use 0 for "default" (so {0} means all defaults) and a sentinel for "no guard".
thread_options from_c(const rawthread_options_t* c) {
  thread_options o;
  if (c == nullptr) return o;
  o.stack_size = c->stack_size;
  if (c->guard_size == RAWTHREAD_NO_GUARD) o.guard_size = 0;
  else if (c->guard_size != 0) o.guard_size = c->guard_size;
  o.name = c->name;
  // The same bits in the same words (checked above): the C struct is a cpu_set.
  o.affinity = reinterpret_cast<const cpu_set*>(c->affinity);
  o.signal_stack_size = c->signal_stack_size;
  o.signal_mask = c->signal_mask;
  o.detached = c->detached != 0;
  o.stack_memory = c->stack_memory;
  o.stack_memory_size = c->stack_memory_size;
  o.scheduling.policy = static_cast<sched_policy>(c->sched_policy);
  o.scheduling.priority = c->sched_priority;
  o.scheduling.nice = c->sched_nice;
  return o;
}

// One of thread's joins on a C handle. On failure the thread is still joinable: the handle goes
// back untouched rather than being joined on scope exit.
template <class Join>
int join_handle(rawthread_t t, int* result, Join join) {
  if (t == nullptr) return errc::einval;
  thread owner = thread::adopt(t);
  auto code = join(owner);
  if (!code) {
    (void)owner.release();
    return code.error();
  }
  if (result != nullptr) *result = *code;
  return 0;
}

}  // namespace
}  // namespace rawthread

using namespace rawthread;

extern "C" {

const char* rawthread_error_name(int code) { return error_name(code); }

int rawthread_cpu_set_add(rawthread_cpu_set_t* set, unsigned cpu) {
  if (set == nullptr) return errc::einval;
  return reinterpret_cast<cpu_set*>(set)->add(cpu) ? 0 : errc::einval;
}

int rawthread_options_init(rawthread_options_t* opts) {
  if (opts == nullptr) return errc::einval;
  *opts = rawthread_options_t RAWTHREAD_OPTIONS_INIT;
  return 0;
}

int rawthread_create(rawthread_t* out, const rawthread_options_t* opts, int (*fn)(void*),
                     void* arg) {
  if (out == nullptr || fn == nullptr) return errc::einval;
  auto t = spawn(fn, arg, from_c(opts));
  // pthread_create's code for every shortage of resources, memory included; C++ keeps ENOMEM
  // apart from the kernel's refusal.
  if (!t) return t.error() == errc::enomem ? errc::eagain : t.error();
  *out = static_cast<rawthread_t>(t->release());
  return 0;
}

int rawthread_setname(rawthread_t t, const char* name) {
  if (t == nullptr) return errc::einval;
  thread view = thread::adopt(t);
  auto r = view.set_name(name);
  (void)view.release();
  return r ? 0 : r.error();
}

int rawthread_setname_self(const char* name) {
  auto r = this_thread::set_name(name);
  return r ? 0 : r.error();
}

int rawthread_getname(rawthread_t t, char* buf, size_t size) {
  if (t == nullptr || buf == nullptr) return errc::einval;
  if (size < sizeof(thread_name::text)) return errc::erange;
  thread view = thread::adopt(t);
  auto r = view.name();
  (void)view.release();
  if (!r) return r.error();
  __builtin_memcpy(buf, r->text, sizeof r->text);
  return 0;
}

int rawthread_stack_bounds(void** low, void** high) {
  if (low == nullptr || high == nullptr) return errc::einval;
  auto r = this_thread::stack_bounds();
  if (!r) return r.error();
  *low = r->low;
  *high = r->high;
  return 0;
}

int rawthread_join(rawthread_t t, int* result) {
  return join_handle(t, result, [](thread& owner) { return owner.join(); });
}

int rawthread_tryjoin(rawthread_t t, int* result) {
  return join_handle(t, result, [](thread& owner) { return owner.try_join(); });
}

int rawthread_timedjoin(rawthread_t t, int64_t deadline_ns, int* result) {
  return join_handle(t, result, [deadline_ns](thread& owner) {
    return owner.join_until(monotonic_time{deadline_ns});
  });
}

int rawthread_join_any(rawthread_t* threads, size_t count, size_t* index) {
  if (index == nullptr) return errc::einval;
  // A thread is one handle pointer, so the C array is an array of (borrowed) threads.
  static_assert(sizeof(thread) == sizeof(rawthread_t) && alignof(thread) == alignof(rawthread_t));
  auto r = thread::join_any(reinterpret_cast<thread*>(threads), count);
  if (!r) return r.error();
  *index = *r;
  return 0;
}

int rawthread_detach(rawthread_t t) {
  if (t == nullptr) return errc::einval;
  thread owner = thread::adopt(t);
  auto r = owner.detach();
  if (r) return 0;
  (void)owner.release();  // refused (a stack of the caller's): t stays joinable
  return r.error();
}

int rawthread_cache_set_limits(size_t mappings, size_t bytes) {
  auto r = set_thread_cache_limits({mappings, bytes});
  return r ? 0 : r.error();
}

void rawthread_cache_usage(size_t* mappings, size_t* bytes) {
  const thread_cache_usage usage = get_thread_cache_usage();
  if (mappings != nullptr) *mappings = usage.mappings;
  if (bytes != nullptr) *bytes = usage.bytes;
}

size_t rawthread_cache_release(void) { return release_thread_cache(); }

int rawthread_id(rawthread_t t) {
  if (t == nullptr) return 0;
  thread view = thread::adopt(t);
  const int tid = view.id();
  (void)view.release();
  return tid;
}

int rawthread_self(void) { return this_thread::id(); }

void rawthread_yield(void) { this_thread::yield(); }

int64_t rawthread_now_ns(void) { return monotonic_now().count; }

int rawthread_sleep_ns(int64_t ns) {
  if (ns < 0) return errc::einval;
  this_thread::sleep_for(nanoseconds{ns});
  return 0;
}

void rawthread_exit(int code) { this_thread::exit(code); }

}  // extern "C"
