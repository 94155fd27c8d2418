/* work.c: what streams order. A Work is one launch, copy, memset, host
 * function, event record or wait, or graph; work_run runs one on the
 * calling thread. Each created stream (and each host thread's
 * cudaStreamPerThread) has a FIFO queue run by its own thread, started on
 * its first work, so streams run concurrently; the legacy default stream
 * runs work at once on the caller, after the blocking streams of its
 * device have drained (CUDA's implicit synchronisation). Waiters sleep on
 * one condition variable. It does not check arguments (the api_*.c do). */
#include <stdlib.h>
#include <string.h>

#include "runtime/runtime.h"
#include "runtime/memcheck.h"

static _Thread_local struct CUstream_st *tls_per_thread; /* created lazily */
static pthread_key_t per_thread_key;
static pthread_once_t per_thread_once = PTHREAD_ONCE_INIT;

Work *work_new(WorkKind kind, int device) {
  Work *w = calloc(1, sizeof *w);
  if (w) {
    w->kind = kind;
    w->device = device;
  }
  return w;
}

void work_free(Work *w) {
  if (!w)
    return;
  if (w->kind == WORK_KERNEL)
    free(w->u.kernel.params);
  if (w->kind == WORK_EVENT_RECORD || w->kind == WORK_EVENT_WAIT) {
    Runtime *rt = rt_global();
    pthread_mutex_lock(&rt->work_lock);
    event_release_locked(rt, w->u.event.event);
    pthread_mutex_unlock(&rt->work_lock);
  }
  free(w);
}

/* Under work_lock: drops one reference; frees a destroyed event. */
void event_release_locked(Runtime *rt, struct CUevent_st *ev) {
  if (--ev->refs == 0 && ev->destroyed) {
    free(ev->cap_deps);
    free(ev);
  }
}

static void notify_locked(Runtime *rt) {
  pthread_cond_broadcast(&rt->work_done);
}

static cudaError_t run_kernel(Runtime *rt, Work *w) {
  Device *d = rt_device(rt, w->device);
  struct CuwaLaunch state;
  atomic_init(&state.error, 0);
  DeviceLaunch l = {w->u.kernel.desc, w->u.kernel.grid, w->u.kernel.block,
                    w->u.kernel.shared, w->u.kernel.params, &state};
  memory_managed_to_device(rt, w->device);
  CuwaKernelDesc checked; /* CUWA_CHECK: the checked variant's desc */
  int checking = memcheck_launch_begin(rt, d, &l, &checked);
  cudaError_t e = w->u.kernel.cooperative && d->ops->launch_cooperative
                      ? d->ops->launch_cooperative(d, &l)
                      : d->ops->launch(d, &l);
  if (checking)
    memcheck_launch_end(rt, &l);
  memory_managed_to_host(rt, w->device);
  int raised = atomic_load(&state.error);
  if (raised)
    rt_raise_async(rt, (cudaError_t)raised); /* reported by the next call */
  return e;
}

/* 2D copies row by row (one call when the rows are contiguous). */
static cudaError_t run_copy(Runtime *rt, Work *w) {
  char *dst = w->u.copy.dst;
  const char *src = w->u.copy.src;
  size_t width = w->u.copy.width, height = w->u.copy.height;
  if (height > 1 && w->u.copy.dpitch == width && w->u.copy.spitch == width) {
    width *= height;
    height = 1;
  }
  cudaError_t e = cudaSuccess;
  for (size_t r = 0; e == cudaSuccess && r < height; r++)
    e = memory_copy(rt, dst + r * w->u.copy.dpitch, src + r * w->u.copy.spitch,
                    width, w->u.copy.kind);
  return e;
}

/* Bytes: memory_set; 2- and 4-byte patterns: one row built on the host,
 * copied to each row. */
static cudaError_t run_memset(Runtime *rt, Work *w) {
  char *dst = w->u.memset.dst;
  unsigned elem = w->u.memset.elem ? w->u.memset.elem : 1;
  size_t row = w->u.memset.width * elem;
  cudaError_t e = cudaSuccess;
  if (elem == 1) {
    for (size_t r = 0; e == cudaSuccess && r < w->u.memset.height; r++)
      e = memory_set(rt, dst + r * w->u.memset.pitch, (int)w->u.memset.value, row);
    return e;
  }
  char *buf = malloc(row ? row : 1);
  if (!buf)
    return cudaErrorMemoryAllocation;
  for (size_t i = 0; i < w->u.memset.width; i++)
    memcpy(buf + i * elem, &w->u.memset.value, elem); /* little-endian */
  for (size_t r = 0; e == cudaSuccess && r < w->u.memset.height; r++)
    e = memory_copy(rt, dst + r * w->u.memset.pitch, buf, row,
                    cudaMemcpyHostToDevice);
  free(buf);
  return e;
}

static void complete_event_locked(struct CUevent_st *ev,
                                  unsigned long long gen, double now) {
  if (gen > ev->done) {
    ev->done = gen;
    ev->time_ms = now;
  }
}

static void complete_event(Runtime *rt, struct CUevent_st *ev,
                           unsigned long long gen) {
  double now = rt_now_ms();
  pthread_mutex_lock(&rt->work_lock);
  complete_event_locked(ev, gen, now);
  notify_locked(rt);
  pthread_mutex_unlock(&rt->work_lock);
}

static void wait_event(Runtime *rt, struct CUevent_st *ev,
                       unsigned long long gen) {
  pthread_mutex_lock(&rt->work_lock);
  while (ev->done < gen)
    pthread_cond_wait(&rt->work_done, &rt->work_lock);
  pthread_mutex_unlock(&rt->work_lock);
}

cudaError_t work_run(Runtime *rt, Work *w) {
  switch (w->kind) {
  case WORK_KERNEL: return run_kernel(rt, w);
  case WORK_COPY: return run_copy(rt, w);
  case WORK_MEMSET: return run_memset(rt, w);
  case WORK_HOST_FN:
    w->u.host.fn(w->u.host.data);
    return cudaSuccess;
  case WORK_CALLBACK:
    w->u.callback.fn(w->u.callback.stream, cudaSuccess, w->u.callback.data);
    return cudaSuccess;
  case WORK_EVENT_RECORD:
    complete_event(rt, w->u.event.event, w->u.event.gen);
    return cudaSuccess;
  case WORK_EVENT_WAIT:
    wait_event(rt, w->u.event.event, w->u.event.gen);
    return cudaSuccess;
  case WORK_GRAPH: return graph_exec_run(rt, w->u.graph.exec);
  case WORK_EMPTY: return cudaSuccess;
  }
  return cudaErrorUnknown;
}

cudaError_t rt_take_deferred(Runtime *rt) {
  if (!atomic_load_explicit(&rt->deferred, memory_order_relaxed))
    return cudaSuccess;
  return (cudaError_t)atomic_exchange(&rt->deferred, 0);
}

static void defer_error(Runtime *rt, cudaError_t e) {
  int none = 0;
  if (e != cudaSuccess)
    atomic_compare_exchange_strong(&rt->deferred, &none, (int)e);
}

/* ---- stream threads ------------------------------------------------------ */

static void *stream_main(void *arg) {
  struct CUstream_st *s = arg;
  Runtime *rt = rt_global();
  rt_set_current(s->device);
  pthread_mutex_lock(&rt->work_lock);
  for (;;) {
    while (!s->head && !s->stopping)
      pthread_cond_wait(&s->wake, &rt->work_lock);
    if (!s->head)
      break;
    Work *w = s->head;
    s->head = w->next;
    if (!s->head)
      s->tail = NULL;
    pthread_mutex_unlock(&rt->work_lock);
    /* a record completes with the stream's count, so that a stream
     * whose last event completed also queries as idle */
    int record = w->kind == WORK_EVENT_RECORD;
    double now = rt_now_ms();
    if (!record)
      defer_error(rt, work_run(rt, w));
    pthread_mutex_lock(&rt->work_lock);
    if (record)
      complete_event_locked(w->u.event.event, w->u.event.gen, now);
    s->completed++;
    atomic_fetch_sub(&rt->queued, 1);
    notify_locked(rt);
    pthread_mutex_unlock(&rt->work_lock);
    work_free(w);
    pthread_mutex_lock(&rt->work_lock);
  }
  pthread_mutex_unlock(&rt->work_lock);
  return NULL;
}

static cudaError_t enqueue(Runtime *rt, struct CUstream_st *s, Work *w) {
  pthread_mutex_lock(&rt->work_lock);
  if (!s->has_thread) {
    if (pthread_create(&s->thread, NULL, stream_main, s) != 0) {
      pthread_mutex_unlock(&rt->work_lock);
      work_free(w);
      return cudaErrorMemoryAllocation;
    }
    s->has_thread = 1;
  }
  w->next = NULL;
  if (s->tail)
    s->tail->next = w;
  else
    s->head = w;
  s->tail = w;
  s->submitted++;
  atomic_fetch_add(&rt->queued, 1);
  pthread_cond_signal(&s->wake);
  pthread_mutex_unlock(&rt->work_lock);
  return cudaSuccess;
}

void stream_wait_idle(Runtime *rt, struct CUstream_st *s) {
  pthread_mutex_lock(&rt->work_lock);
  unsigned long long target = s->submitted;
  while (s->completed < target)
    pthread_cond_wait(&rt->work_done, &rt->work_lock);
  pthread_mutex_unlock(&rt->work_lock);
}

/* Snapshots what each stream has been given, then waits for that: work
 * queued meanwhile (by other threads) is not waited for. */
void stream_wait_device(Runtime *rt, int device, int blocking_only) {
  if (atomic_load(&rt->queued) == 0)
    return; /* the common case: nothing queued anywhere */
  pthread_mutex_lock(&rt->lock);
  size_t n = 0, cap = 16;
  struct CUstream_st **list = malloc(cap * sizeof *list);
  unsigned long long *targets = malloc(cap * sizeof *targets);
  pthread_mutex_lock(&rt->work_lock);
  for (struct CUstream_st *s = rt->streams; s && list && targets; s = s->next) {
    if ((device >= 0 && s->device != device) ||
        (blocking_only && (s->flags & cudaStreamNonBlocking)) ||
        s->completed == s->submitted)
      continue;
    if (n == cap) {
      cap *= 2;
      void *l2 = realloc(list, cap * sizeof *list);
      void *t2 = l2 ? realloc(targets, cap * sizeof *targets) : NULL;
      if (l2)
        list = l2;
      if (!t2)
        break;
      targets = t2;
    }
    list[n] = s;
    targets[n++] = s->submitted;
  }
  pthread_mutex_unlock(&rt->lock);
  for (size_t i = 0; i < n; i++)
    while (list[i]->completed < targets[i])
      pthread_cond_wait(&rt->work_done, &rt->work_lock);
  pthread_mutex_unlock(&rt->work_lock);
  free(list);
  free(targets);
}

void stream_free(Runtime *rt, struct CUstream_st *s) {
  pthread_mutex_lock(&rt->work_lock);
  s->stopping = 1;
  pthread_cond_signal(&s->wake);
  int joined = s->has_thread;
  pthread_mutex_unlock(&rt->work_lock);
  if (joined)
    pthread_join(s->thread, NULL);
  pthread_cond_destroy(&s->wake);
  free(s);
}

/* ---- the per-thread default stream ---------------------------------------- */

/* A thread's per-thread stream ends with the thread. */
static void per_thread_exit(void *arg) {
  struct CUstream_st *s = arg;
  Runtime *rt = rt_global();
  pthread_mutex_lock(&rt->lock);
  struct CUstream_st **link = &rt->streams;
  while (*link && *link != s)
    link = &(*link)->next;
  int found = *link != NULL;
  if (found)
    *link = s->next;
  pthread_mutex_unlock(&rt->lock);
  if (found) /* cudaDeviceReset may have freed it already */
    stream_free(rt, s);
}

static void make_key(void) { pthread_key_create(&per_thread_key, per_thread_exit); }

static struct CUstream_st *per_thread_stream(Runtime *rt) {
  if (tls_per_thread) { /* still live? (cudaDeviceReset frees streams) */
    pthread_mutex_lock(&rt->lock);
    struct CUstream_st *it = rt->streams;
    while (it && it != tls_per_thread)
      it = it->next;
    pthread_mutex_unlock(&rt->lock);
    if (it)
      return it;
    tls_per_thread = NULL;
  }
  struct CUstream_st *s = calloc(1, sizeof *s);
  if (!s)
    return NULL;
  pthread_cond_init(&s->wake, NULL);
  s->per_thread = 1;
  s->device = rt_current();
  pthread_once(&per_thread_once, make_key);
  pthread_mutex_lock(&rt->lock);
  s->id = ++rt->next_stream_id;
  s->next = rt->streams;
  rt->streams = s;
  pthread_mutex_unlock(&rt->lock);
  pthread_setspecific(per_thread_key, s);
  tls_per_thread = s;
  return s;
}

void cuwaSetDefaultStreamPerThread(void) {
  atomic_store(&rt_global()->per_thread_default, 1);
}

int stream_is_idle_legacy(Runtime *rt, cudaStream_t s) {
  int legacy = s == cudaStreamLegacy ||
               (s == NULL && !atomic_load_explicit(&rt->per_thread_default,
                                                   memory_order_relaxed));
  return legacy && atomic_load(&rt->queued) == 0 &&
         !graph_capture_blocks_legacy(rt);
}

struct CUstream_st *stream_resolve(Runtime *rt, cudaStream_t s, int *bad) {
  *bad = 0;
  if (s == cudaStreamLegacy)
    return NULL;
  if (s == NULL && !atomic_load(&rt->per_thread_default))
    return NULL;
  if (s == NULL || s == cudaStreamPerThread) {
    struct CUstream_st *p = per_thread_stream(rt);
    *bad = p == NULL;
    return p;
  }
  pthread_mutex_lock(&rt->lock);
  struct CUstream_st *it = rt->streams;
  while (it && it != s)
    it = it->next;
  pthread_mutex_unlock(&rt->lock);
  *bad = it == NULL;
  return it;
}

cudaError_t stream_submit(Runtime *rt, cudaStream_t handle, Work *w) {
  int bad;
  struct CUstream_st *s = stream_resolve(rt, handle, &bad);
  if (bad) {
    work_free(w);
    return cudaErrorInvalidResourceHandle;
  }
  if (s) {
    pthread_mutex_lock(&rt->lock);
    int capturing = s->capture != NULL;
    pthread_mutex_unlock(&rt->lock);
    if (capturing)
      return graph_capture_add(rt, s, w);
    if (w->kind == WORK_KERNEL || w->kind == WORK_MEMSET)
      w->device = s->device;
    return enqueue(rt, s, w);
  }
  if (graph_capture_blocks_legacy(rt)) {
    work_free(w);
    return cudaErrorStreamCaptureImplicit;
  }
  stream_wait_device(rt, w->device, 1);
  cudaError_t e = work_run(rt, w);
  work_free(w);
  return e;
}
