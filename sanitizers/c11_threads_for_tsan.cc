// Linked into every executable of the tsan preset (cmake/Sanitizers.cmake). librdkafka starts its
// threads with C11 thrd_create, which glibc implements with its internal pthread functions, not
// the pthread_create ThreadSanitizer intercepts (clang 14's runtime has no C11 thread
// interceptors): such a thread has no ThreadSanitizer state and crashes on its first allocation.
// Its mtx_* and cnd_* calls are equally invisible, so a record handed by one of our threads to
// librdkafka's queues and reported back on another (delivery reports) looked like a race. These
// definitions take precedence over glibc's for every library and route the C11 calls through the
// intercepted pthread functions (glibc's mtx_t and cnd_t are its pthread_mutex_t and
// pthread_cond_t). Creating and destroying a lock ignores the write ThreadSanitizer would record on
// its memory: librdkafka allocates and publishes the objects that hold them with its own atomics,
// which ThreadSanitizer cannot see (sanitizers/tsan.supp).

#include <pthread.h>
#include <threads.h>

#include <cerrno>
#include <cstdint>
#include <new>

extern "C" {
// ThreadSanitizer's dynamic annotations (its runtime defines them).
void AnnotateIgnoreWritesBegin(const char* file, int line);
void AnnotateIgnoreWritesEnd(const char* file, int line);
}

namespace {

static_assert(sizeof(mtx_t) == sizeof(pthread_mutex_t));
static_assert(sizeof(cnd_t) == sizeof(pthread_cond_t));

struct Start {
  thrd_start_t function;
  void* argument;
};

void* RunStart(void* raw) {
  const Start start = *static_cast<Start*>(raw);
  delete static_cast<Start*>(raw);
  return reinterpret_cast<void*>(static_cast<intptr_t>(start.function(start.argument)));
}

int FromPthread(int status) {
  switch (status) {
    case 0:
      return thrd_success;
    case ENOMEM:
      return thrd_nomem;
    case ETIMEDOUT:
      return thrd_timedout;
    case EBUSY:
      return thrd_busy;
    default:
      return thrd_error;
  }
}

pthread_mutex_t* AsPthread(mtx_t* mutex) { return reinterpret_cast<pthread_mutex_t*>(mutex); }
pthread_cond_t* AsPthread(cnd_t* condition) { return reinterpret_cast<pthread_cond_t*>(condition); }

// Runs `operation` without recording its writes.
template <typename Operation>
int IgnoringWrites(Operation operation) {
  AnnotateIgnoreWritesBegin(__FILE__, __LINE__);
  const int status = operation();
  AnnotateIgnoreWritesEnd(__FILE__, __LINE__);
  return status;
}

}  // namespace

extern "C" {

int thrd_create(thrd_t* thread, thrd_start_t function, void* argument) {
  auto* start = new (std::nothrow) Start{function, argument};
  if (start == nullptr) return thrd_nomem;
  const int status = pthread_create(thread, nullptr, &RunStart, start);
  if (status != 0) delete start;
  return FromPthread(status);
}

int thrd_join(thrd_t thread, int* result) {
  void* value = nullptr;
  const int status = pthread_join(thread, &value);
  if (status == 0 && result != nullptr) {
    *result = static_cast<int>(reinterpret_cast<intptr_t>(value));
  }
  return FromPthread(status);
}

int mtx_init(mtx_t* mutex, int type) {
  pthread_mutexattr_t attributes;
  pthread_mutexattr_init(&attributes);
  if ((type & mtx_recursive) != 0) pthread_mutexattr_settype(&attributes, PTHREAD_MUTEX_RECURSIVE);
  const int status =
      IgnoringWrites([&] { return pthread_mutex_init(AsPthread(mutex), &attributes); });
  pthread_mutexattr_destroy(&attributes);
  return FromPthread(status);
}

int mtx_lock(mtx_t* mutex) { return FromPthread(pthread_mutex_lock(AsPthread(mutex))); }
int mtx_trylock(mtx_t* mutex) { return FromPthread(pthread_mutex_trylock(AsPthread(mutex))); }
int mtx_unlock(mtx_t* mutex) { return FromPthread(pthread_mutex_unlock(AsPthread(mutex))); }
void mtx_destroy(mtx_t* mutex) {
  IgnoringWrites([&] { return pthread_mutex_destroy(AsPthread(mutex)); });
}

int cnd_init(cnd_t* condition) {
  return FromPthread(
      IgnoringWrites([&] { return pthread_cond_init(AsPthread(condition), nullptr); }));
}
int cnd_signal(cnd_t* condition) { return FromPthread(pthread_cond_signal(AsPthread(condition))); }
int cnd_broadcast(cnd_t* condition) {
  return FromPthread(pthread_cond_broadcast(AsPthread(condition)));
}
int cnd_wait(cnd_t* condition, mtx_t* mutex) {
  return FromPthread(pthread_cond_wait(AsPthread(condition), AsPthread(mutex)));
}
int cnd_timedwait(cnd_t* condition, mtx_t* mutex, const struct timespec* deadline) {
  return FromPthread(pthread_cond_timedwait(AsPthread(condition), AsPthread(mutex), deadline));
}
void cnd_destroy(cnd_t* condition) {
  IgnoringWrites([&] { return pthread_cond_destroy(AsPthread(condition)); });
}

}  // extern "C"
