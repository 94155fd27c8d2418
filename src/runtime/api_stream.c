/* api_stream.c: streams and events of the CUDA Runtime API. The CPU
 * device finishes every operation before its call returns, so streams
 * are trivially ordered: a stream is a validated handle with its flags,
 * queries report completion, and an event records the CLOCK_MONOTONIC
 * time at which it was reached. Error codes follow CUDA 13 (checked on an
 * H100): unknown handles give cudaErrorInvalidResourceHandle. */
#include <stdlib.h>

#include "runtime/runtime.h"

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
  pthread_mutex_lock(&rt->lock);
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

cudaError_t cudaStreamDestroy(cudaStream_t stream) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e != cudaSuccess)
    return rt_return(e);
  pthread_mutex_lock(&rt->lock);
  struct CUstream_st **link = &rt->streams;
  while (*link && *link != stream)
    link = &(*link)->next;
  if (*link && stream) {
    *link = stream->next;
    free(stream);
  } else {
    e = cudaErrorInvalidResourceHandle;
  }
  pthread_mutex_unlock(&rt->lock);
  return rt_return(e);
}

/* The start of calls that only need a valid stream. */
static cudaError_t enter_stream(Runtime **rt, cudaStream_t s) {
  cudaError_t e = rt_enter(rt);
  if (e == cudaSuccess && !stream_is_valid(*rt, s))
    e = cudaErrorInvalidResourceHandle;
  return e;
}

cudaError_t cudaStreamSynchronize(cudaStream_t stream) {
  Runtime *rt;
  cudaError_t e = enter_stream(&rt, stream);
  if (e == cudaSuccess)
    e = rt->device->ops->synchronize(rt->device);
  if (e == cudaSuccess)
    e = rt_enter(&rt);
  return rt_return(e);
}

cudaError_t cudaStreamQuery(cudaStream_t stream) {
  Runtime *rt;
  return rt_return(enter_stream(&rt, stream));
}

cudaError_t cudaStreamWaitEvent(cudaStream_t stream, cudaEvent_t event,
                                unsigned int flags) {
  Runtime *rt;
  cudaError_t e = enter_stream(&rt, stream);
  if (e == cudaSuccess && (flags & ~(unsigned)cudaEventWaitExternal))
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess) {
    pthread_mutex_lock(&rt->lock);
    if (!find_event(rt, event))
      e = cudaErrorInvalidResourceHandle;
    pthread_mutex_unlock(&rt->lock);
  }
  return rt_return(e);
}

cudaError_t cudaStreamGetFlags(cudaStream_t hStream, unsigned int *flags) {
  Runtime *rt;
  cudaError_t e = enter_stream(&rt, hStream);
  if (e == cudaSuccess && !flags)
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    *flags = hStream == NULL || hStream == cudaStreamLegacy ||
                     hStream == cudaStreamPerThread
                 ? cudaStreamDefault
                 : hStream->flags;
  return rt_return(e);
}

cudaError_t cudaStreamGetPriority(cudaStream_t hStream, int *priority) {
  Runtime *rt;
  cudaError_t e = enter_stream(&rt, hStream);
  if (e == cudaSuccess && !priority)
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    *priority = hStream == NULL || hStream == cudaStreamLegacy ||
                        hStream == cudaStreamPerThread
                    ? 0
                    : hStream->priority;
  return rt_return(e);
}

/* Work before the callback is done, so it runs now, on this thread. */
cudaError_t cudaStreamAddCallback(cudaStream_t stream,
                                  cudaStreamCallback_t callback,
                                  void *userData, unsigned int flags) {
  Runtime *rt;
  cudaError_t e = enter_stream(&rt, stream);
  if (e == cudaSuccess && (!callback || flags != 0))
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    callback(stream, cudaSuccess, userData);
  return rt_return(e);
}

cudaError_t cudaLaunchHostFunc(cudaStream_t stream, cudaHostFn_t fn,
                               void *userData) {
  Runtime *rt;
  cudaError_t e = enter_stream(&rt, stream);
  if (e == cudaSuccess && !fn)
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    fn(userData);
  return rt_return(e);
}

cudaError_t cudaStreamAttachMemAsync(cudaStream_t stream, void *devPtr,
                                     size_t length, unsigned int flags) {
  Runtime *rt;
  return rt_return(enter_stream(&rt, stream)); /* one address space */
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
  cudaError_t e = enter_stream(&rt, stream);
  if (e == cudaSuccess && (flags & ~(unsigned)cudaEventRecordExternal))
    e = cudaErrorInvalidValue;
  if (e != cudaSuccess)
    return rt_return(e);
  double now = rt_now_ms();
  pthread_mutex_lock(&rt->lock);
  struct CUevent_st *ev = find_event(rt, event);
  if (ev) {
    ev->recorded = 1;
    ev->time_ms = now;
  } else {
    e = cudaErrorInvalidResourceHandle;
  }
  pthread_mutex_unlock(&rt->lock);
  return rt_return(e);
}

cudaError_t cudaEventRecord(cudaEvent_t event, cudaStream_t stream) {
  return cudaEventRecordWithFlags(event, stream, cudaEventRecordDefault);
}

/* Query and synchronize: an event is complete as soon as it is recorded
 * (or if it never was, as CUDA says). */
static cudaError_t event_check(cudaEvent_t event, int sync) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e != cudaSuccess)
    return rt_return(e);
  pthread_mutex_lock(&rt->lock);
  if (!find_event(rt, event))
    e = cudaErrorInvalidResourceHandle;
  pthread_mutex_unlock(&rt->lock);
  if (e == cudaSuccess && sync)
    e = rt->device->ops->synchronize(rt->device);
  return rt_return(e);
}

cudaError_t cudaEventQuery(cudaEvent_t event) { return event_check(event, 0); }

cudaError_t cudaEventSynchronize(cudaEvent_t event) {
  return event_check(event, 1);
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
  if (!a || !b || !a->recorded || !b->recorded ||
      ((a->flags | b->flags) & cudaEventDisableTiming))
    e = cudaErrorInvalidResourceHandle;
  else
    *ms = (float)(b->time_ms - a->time_ms);
  pthread_mutex_unlock(&rt->lock);
  return rt_return(e);
}

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
    free(event);
  } else {
    e = cudaErrorInvalidResourceHandle;
  }
  pthread_mutex_unlock(&rt->lock);
  return rt_return(e);
}
