/* api_stream.c: streams and events of the CUDA Runtime API. Streams
 * queue their work (work.c runs it, one thread per stream); an event
 * counts the records asked for and the last one completed, with the
 * CLOCK_MONOTONIC time at which it completed. Capture (api_graph.c)
 * takes over what is submitted to a capturing stream. Error codes follow
 * CUDA 13: unknown handles give cudaErrorInvalidResourceHandle, work not
 * finished cudaErrorNotReady. */
#include <stdlib.h>
#include <string.h>

#include "runtime/runtime.h"

void stream_attr_forget(const struct CUstream_st *s); /* api_attr.c */

int stream_is_valid(Runtime *rt, cudaStream_t s) {
  if (s == NULL || s == cudaStreamLegacy || s == cudaStreamPerThread)
    return 1;
  pthread_mutex_lock(&rt->lock);
  struct CUstream_st *it = rt->streams;
  while (it && it != s)
    it = it->next;
  pthread_mutex_unlock(&rt->lock);
  return it != NULL;
}

/* Caller holds rt->lock. */
static struct CUevent_st *find_event(Runtime *rt, cudaEvent_t ev) {
  struct CUevent_st *it = rt->events;
  while (it && it != ev)
    it = it->next;
  return it;
}

cudaError_t cudaStreamCreateWithPriority(cudaStream_t *pStream,
                                         unsigned int flags, int priority) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && (!pStream || (flags & ~(unsigned)cudaStreamNonBlocking)))
    e = cudaErrorInvalidValue;
  if (e != cudaSuccess)
    return rt_return(e);
  struct CUstream_st *s = calloc(1, sizeof *s);
  if (!s)
    return rt_return(cudaErrorMemoryAllocation);
  s->flags = flags;
  s->priority = priority > 0 ? 0 : priority < -5 ? -5 : priority; /* clamp */
  s->device = rt_current();
  pthread_cond_init(&s->wake, NULL);
  pthread_mutex_lock(&rt->lock);
  s->id = ++rt->next_stream_id;
  s->next = rt->streams;
  rt->streams = s;
  pthread_mutex_unlock(&rt->lock);
  *pStream = s;
  return cudaSuccess;
}

cudaError_t cudaStreamCreateWithFlags(cudaStream_t *pStream,
                                      unsigned int flags) {
  return cudaStreamCreateWithPriority(pStream, flags, 0);
}

cudaError_t cudaStreamCreate(cudaStream_t *pStream) {
  return cudaStreamCreateWithPriority(pStream, cudaStreamDefault, 0);
}

/* Work queued before the call still runs (CUDA releases the stream once
 * it is done); here the call waits for it. */
cudaError_t cudaStreamDestroy(cudaStream_t stream) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e != cudaSuccess)
    return rt_return(e);
  pthread_mutex_lock(&rt->lock);
  struct CUstream_st **link = &rt->streams;
  while (*link && *link != stream)
    link = &(*link)->next;
  if (*link && stream && !stream->per_thread)
    *link = stream->next;
  else
    e = cudaErrorInvalidResourceHandle;
  pthread_mutex_unlock(&rt->lock);
  if (e == cudaSuccess) {
    free(stream->cap_deps);
    stream_attr_forget(stream);
    stream_free(rt, stream);
  }
  return rt_return(e);
}

/* The start of calls that only need a valid stream: *obj is NULL for the
 * legacy stream. */
static cudaError_t enter_stream(Runtime **rt, cudaStream_t s,
                                struct CUstream_st **obj) {
  int bad = 0;
  cudaError_t e = rt_enter(rt);
  if (e == cudaSuccess)
    *obj = stream_resolve(*rt, s, &bad);
  if (e == cudaSuccess && bad)
    e = cudaErrorInvalidResourceHandle;
  return e;
}

/* Synchronising a capturing stream ends its capture in error, as CUDA. */
static cudaError_t refuse_if_capturing(Runtime *rt, struct CUstream_st *s) {
  pthread_mutex_lock(&rt->lock);
  int capturing = s && s->capture;
  graph_capture_invalidate_locked(s);
  pthread_mutex_unlock(&rt->lock);
  if (capturing)
    return cudaErrorStreamCaptureUnsupported;
  if (!s && graph_capture_blocks_legacy(rt))
    return cudaErrorStreamCaptureImplicit;
  return cudaSuccess;
}

cudaError_t cudaStreamSynchronize(cudaStream_t stream) {
  Runtime *rt;
  struct CUstream_st *s = NULL;
  cudaError_t e = enter_stream(&rt, stream, &s);
  if (e == cudaSuccess)
    e = refuse_if_capturing(rt, s);
  if (e != cudaSuccess)
    return rt_return(e);
  int device = s ? s->device : rt_current();
  if (s)
    stream_wait_idle(rt, s);
  else
    stream_wait_device(rt, device, 1);
  e = rt_device(rt, device)->ops->synchronize(rt_device(rt, device));
  if (e == cudaSuccess)
    e = rt_take_deferred(rt);
  if (e == cudaSuccess)
    e = rt_enter(&rt);
  return rt_return(e);
}

static int stream_busy(Runtime *rt, struct CUstream_st *s, int device) {
  int busy = 0;
  pthread_mutex_lock(&rt->lock);
  pthread_mutex_lock(&rt->work_lock);
  for (struct CUstream_st *it = rt->streams; it; it = it->next)
    if (s ? it == s : it->device == device && !(it->flags & cudaStreamNonBlocking))
      busy |= it->completed != it->submitted;
  pthread_mutex_unlock(&rt->work_lock);
  pthread_mutex_unlock(&rt->lock);
  return busy;
}

cudaError_t cudaStreamQuery(cudaStream_t stream) {
  Runtime *rt;
  struct CUstream_st *s = NULL;
  cudaError_t e = enter_stream(&rt, stream, &s);
  if (e == cudaSuccess)
    e = refuse_if_capturing(rt, s);
  if (e == cudaSuccess && stream_busy(rt, s, rt_current()))
    return cudaErrorNotReady; /* not recorded as an error, as CUDA */
  if (e == cudaSuccess)
    e = rt_take_deferred(rt);
  return rt_return(e);
}

cudaError_t cudaStreamWaitEvent(cudaStream_t stream, cudaEvent_t event,
                                unsigned int flags) {
  Runtime *rt;
  struct CUstream_st *s = NULL;
  cudaError_t e = enter_stream(&rt, stream, &s);
  if (e == cudaSuccess && (flags & ~(unsigned)cudaEventWaitExternal))
    e = cudaErrorInvalidValue;
  if (e != cudaSuccess)
    return rt_return(e);
  pthread_mutex_lock(&rt->lock);
  struct CUevent_st *ev = find_event(rt, event);
  int joined = ev ? graph_capture_join_locked(rt, s, ev) : 0;
  pthread_mutex_lock(&rt->work_lock);
  unsigned long long gen = ev ? ev->gen : 0;
  if (ev && gen > ev->done && !joined)
    ev->refs++; /* the wait's reference */
  else
    gen = 0;    /* nothing to wait for */
  pthread_mutex_unlock(&rt->work_lock);
  pthread_mutex_unlock(&rt->lock);
  if (!ev)
    return rt_return(cudaErrorInvalidResourceHandle);
  if (gen == 0 || joined < 0)
    return rt_return(joined < 0 ? cudaErrorStreamCaptureIsolation : cudaSuccess);
  Work *w = work_new(WORK_EVENT_WAIT, s ? s->device : rt_current());
  if (!w) {
    pthread_mutex_lock(&rt->work_lock);
    event_release_locked(rt, ev);
    pthread_mutex_unlock(&rt->work_lock);
    return rt_return(cudaErrorMemoryAllocation);
  }
  w->u.event.event = ev;
  w->u.event.gen = gen;
  return rt_return(stream_submit(rt, stream, w));
}

static unsigned stream_flags(cudaStream_t s) {
  return s == NULL || s == cudaStreamLegacy || s == cudaStreamPerThread
             ? cudaStreamDefault
             : s->flags;
}

cudaError_t cudaStreamGetFlags(cudaStream_t hStream, unsigned int *flags) {
  Runtime *rt;
  struct CUstream_st *s;
  cudaError_t e = enter_stream(&rt, hStream, &s);
  if (e == cudaSuccess && !flags)
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    *flags = stream_flags(hStream);
  return rt_return(e);
}

cudaError_t cudaStreamGetPriority(cudaStream_t hStream, int *priority) {
  Runtime *rt;
  struct CUstream_st *s;
  cudaError_t e = enter_stream(&rt, hStream, &s);
  if (e == cudaSuccess && !priority)
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    *priority = s ? s->priority : 0;
  return rt_return(e);
}

cudaError_t cudaStreamGetDevice(cudaStream_t hStream, int *device) {
  Runtime *rt;
  struct CUstream_st *s;
  cudaError_t e = enter_stream(&rt, hStream, &s);
  if (e == cudaSuccess && !device)
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    *device = s ? s->device : rt_current();
  return rt_return(e);
}

cudaError_t cudaStreamGetId(cudaStream_t hStream, unsigned long long *streamId) {
  Runtime *rt;
  struct CUstream_st *s;
  cudaError_t e = enter_stream(&rt, hStream, &s);
  if (e == cudaSuccess && !streamId)
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    *streamId = s ? s->id : 0;
  return rt_return(e);
}

/* Runs on the stream's thread once the work before it is done. */
cudaError_t cudaStreamAddCallback(cudaStream_t stream,
                                  cudaStreamCallback_t callback,
                                  void *userData, unsigned int flags) {
  Runtime *rt;
  struct CUstream_st *s;
  cudaError_t e = enter_stream(&rt, stream, &s);
  if (e == cudaSuccess && (!callback || flags != 0))
    e = cudaErrorInvalidValue;
  if (e != cudaSuccess)
    return rt_return(e);
  Work *w = work_new(WORK_CALLBACK, s ? s->device : rt_current());
  if (!w)
    return rt_return(cudaErrorMemoryAllocation);
  w->u.callback.fn = callback;
  w->u.callback.data = userData;
  w->u.callback.stream = stream;
  return rt_return(stream_submit(rt, stream, w));
}

cudaError_t cudaLaunchHostFunc(cudaStream_t stream, cudaHostFn_t fn,
                               void *userData) {
  Runtime *rt;
  struct CUstream_st *s;
  cudaError_t e = enter_stream(&rt, stream, &s);
  if (e == cudaSuccess && !fn)
    e = cudaErrorInvalidValue;
  if (e != cudaSuccess)
    return rt_return(e);
  Work *w = work_new(WORK_HOST_FN, s ? s->device : rt_current());
  if (!w)
    return rt_return(cudaErrorMemoryAllocation);
  w->u.host.fn = fn;
  w->u.host.data = userData;
  return rt_return(stream_submit(rt, stream, w));
}

cudaError_t cudaStreamAttachMemAsync(cudaStream_t stream, void *devPtr,
                                     size_t length, unsigned int flags) {
  Runtime *rt;
  struct CUstream_st *s;
  return rt_return(enter_stream(&rt, stream, &s)); /* nothing to migrate */
}

cudaError_t cudaEventCreateWithFlags(cudaEvent_t *event, unsigned int flags) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  unsigned all = cudaEventBlockingSync | cudaEventDisableTiming |
                 cudaEventInterprocess;
  if (e == cudaSuccess && (!event || (flags & ~all)))
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess && (flags & cudaEventInterprocess) &&
      !(flags & cudaEventDisableTiming))
    e = cudaErrorInvalidValue;
  if (e != cudaSuccess)
    return rt_return(e);
  struct CUevent_st *ev = calloc(1, sizeof *ev);
  if (!ev)
    return rt_return(cudaErrorMemoryAllocation);
  ev->flags = flags;
  ev->device = rt_current();
  pthread_mutex_lock(&rt->lock);
  ev->next = rt->events;
  rt->events = ev;
  pthread_mutex_unlock(&rt->lock);
  *event = ev;
  return cudaSuccess;
}

cudaError_t cudaEventCreate(cudaEvent_t *event) {
  return cudaEventCreateWithFlags(event, cudaEventDefault);
}

cudaError_t cudaEventRecordWithFlags(cudaEvent_t event, cudaStream_t stream,
                                     unsigned int flags) {
  Runtime *rt;
  struct CUstream_st *s = NULL;
  cudaError_t e = enter_stream(&rt, stream, &s);
  if (e == cudaSuccess && (flags & ~(unsigned)cudaEventRecordExternal))
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess && !s && graph_capture_blocks_legacy(rt))
    e = cudaErrorStreamCaptureImplicit; /* before the record is counted */
  if (e != cudaSuccess)
    return rt_return(e);
  pthread_mutex_lock(&rt->lock);
  struct CUevent_st *ev = find_event(rt, event);
  int captured = ev && graph_capture_record_locked(rt, s, ev);
  unsigned long long gen = 0;
  if (ev && !captured) {
    pthread_mutex_lock(&rt->work_lock);
    gen = ++ev->gen;
    ev->refs++;
    pthread_mutex_unlock(&rt->work_lock);
  }
  pthread_mutex_unlock(&rt->lock);
  if (!ev)
    return rt_return(cudaErrorInvalidResourceHandle);
  if (captured)
    return cudaSuccess;
  Work *w = work_new(WORK_EVENT_RECORD, s ? s->device : rt_current());
  if (!w) {
    pthread_mutex_lock(&rt->work_lock);
    ev->done = gen; /* as if it completed: nobody waits forever */
    event_release_locked(rt, ev);
    pthread_mutex_unlock(&rt->work_lock);
    return rt_return(cudaErrorMemoryAllocation);
  }
  w->u.event.event = ev;
  w->u.event.gen = gen;
  return rt_return(stream_submit(rt, stream, w));
}

cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream) {
  return cudaEventRecordWithFlags(event, stream, cudaEventRecordDefault);
}

/* The event's record and completion counts; 0 when it is not live. */
static int event_state(Runtime *rt, cudaEvent_t event,
                       unsigned long long *gen, unsigned long long *done) {
  pthread_mutex_lock(&rt->lock);
  struct CUevent_st *ev = find_event(rt, event);
  if (ev) {
    pthread_mutex_lock(&rt->work_lock);
    *gen = ev->gen;
    *done = ev->done;
    pthread_mutex_unlock(&rt->work_lock);
  }
  pthread_mutex_unlock(&rt->lock);
  return ev != NULL;
}

/* Complete when its last record completed, or when never recorded. */
cudaError_t cudaEventQuery(cudaEvent_t event) {
  Runtime *rt;
  unsigned long long gen = 0, done = 0;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && !event_state(rt, event, &gen, &done))
    e = cudaErrorInvalidResourceHandle;
  if (e == cudaSuccess && done < gen)
    return cudaErrorNotReady;
  return rt_return(e);
}

cudaError_t cudaEventSynchronize(cudaEvent_t event) {
  Runtime *rt;
  unsigned long long gen = 0, done = 0;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && !event_state(rt, event, &gen, &done))
    e = cudaErrorInvalidResourceHandle;
  if (e != cudaSuccess)
    return rt_return(e);
  pthread_mutex_lock(&rt->work_lock);
  while (event->done < gen)
    pthread_cond_wait(&rt->work_done, &rt->work_lock);
  pthread_mutex_unlock(&rt->work_lock);
  e = rt_take_deferred(rt);
  if (e == cudaSuccess)
    e = rt_enter(&rt);
  return rt_return(e);
}

cudaError_t cudaEventElapsedTime(float *ms, cudaEvent_t start,
                                 cudaEvent_t end) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && !ms)
    e = cudaErrorInvalidValue;
  if (e != cudaSuccess)
    return rt_return(e);
  pthread_mutex_lock(&rt->lock);
  struct CUevent_st *a = find_event(rt, start), *b = find_event(rt, end);
  pthread_mutex_lock(&rt->work_lock);
  if (!a || !b || !a->gen || !b->gen ||
      ((a->flags | b->flags) & cudaEventDisableTiming))
    e = cudaErrorInvalidResourceHandle;
  else if (a->done < a->gen || b->done < b->gen)
    e = cudaErrorNotReady;
  else
    *ms = (float)(b->time_ms - a->time_ms);
  pthread_mutex_unlock(&rt->work_lock);
  pthread_mutex_unlock(&rt->lock);
  return e == cudaErrorNotReady ? e : rt_return(e); /* a state, as in queries */
}

/* Work still naming the event keeps it alive (refs) until it is done. */
cudaError_t cudaEventDestroy(cudaEvent_t event) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e != cudaSuccess)
    return rt_return(e);
  pthread_mutex_lock(&rt->lock);
  struct CUevent_st **link = &rt->events;
  while (*link && *link != event)
    link = &(*link)->next;
  if (*link) {
    *link = event->next;
    pthread_mutex_lock(&rt->work_lock);
    event->destroyed = 1;
    event->refs++;
    event_release_locked(rt, event);
    pthread_mutex_unlock(&rt->work_lock);
  } else {
    e = cudaErrorInvalidResourceHandle;
  }
  pthread_mutex_unlock(&rt->lock);
  return rt_return(e);
}
