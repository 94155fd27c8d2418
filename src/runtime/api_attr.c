/* api_attr.c: stream attributes (cudaStreamSetAttribute/GetAttribute),
 * the persisting-L2 reset, graph memory attributes and inter-process
 * handles. Attributes are performance hints: they are stored per stream
 * and returned, with no effect on execution. IPC, graph memory nodes and
 * their memory accounting are refused with cudaErrorNotSupported. */
#include <pthread.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/runtime.h"

/* One stored attribute value of one stream (NULL: the legacy stream). */
typedef struct StreamAttr {
  const struct CUstream_st *stream;
  cudaLaunchAttributeID id;
  cudaLaunchAttributeValue val;
  struct StreamAttr *next;
} StreamAttr;

/* Runtime-wide like the stream list; its own lock keeps it out of rt->lock. */
static pthread_mutex_t attr_lock = PTHREAD_MUTEX_INITIALIZER;
static StreamAttr *attr_list;

/* The attributes CUDA 13 accepts on a stream. */
static int attr_valid_for_stream(cudaLaunchAttributeID id) {
  switch (id) {
  case cudaLaunchAttributeAccessPolicyWindow:
  case cudaLaunchAttributeSynchronizationPolicy:
  case cudaLaunchAttributePriority:
  case cudaLaunchAttributeMemSyncDomainMap:
  case cudaLaunchAttributeMemSyncDomain:
  case cudaLaunchAttributeNvlinkUtilCentricScheduling:
    return 1;
  default:
    return 0;
  }
}

/* Caller holds attr_lock. */
static StreamAttr *attr_find(const struct CUstream_st *s, cudaLaunchAttributeID id) {
  for (StreamAttr *a = attr_list; a; a = a->next)
    if (a->stream == s && a->id == id)
      return a;
  return NULL;
}

/* What a stream reports before any set (CUDA's defaults). */
static void attr_default(cudaLaunchAttributeID id, cudaLaunchAttributeValue *v) {
  memset(v, 0, sizeof *v);
  if (id == cudaLaunchAttributeSynchronizationPolicy)
    v->syncPolicy = cudaSyncPolicyAuto;
  if (id == cudaLaunchAttributeMemSyncDomainMap)
    v->memSyncDomainMap.remote = 1;
}

/* Called when a stream is destroyed, so that a new one at the same
 * address starts from the defaults. */
void stream_attr_forget(const struct CUstream_st *s) {
  pthread_mutex_lock(&attr_lock);
  StreamAttr **link = &attr_list;
  while (*link) {
    StreamAttr *a = *link;
    if (a->stream == s) {
      *link = a->next;
      free(a);
    } else {
      link = &a->next;
    }
  }
  pthread_mutex_unlock(&attr_lock);
}

static cudaError_t attr_enter(Runtime **rt, cudaStream_t hStream,
                              struct CUstream_st **s, cudaLaunchAttributeID id,
                              const void *value) {
  int bad = 0;
  cudaError_t e = rt_enter(rt);
  if (e == cudaSuccess)
    *s = stream_resolve(*rt, hStream, &bad);
  if (e == cudaSuccess && bad)
    e = cudaErrorInvalidResourceHandle;
  if (e == cudaSuccess && (!value || !attr_valid_for_stream(id)))
    e = cudaErrorInvalidValue;
  return e;
}

cudaError_t cudaStreamSetAttribute(cudaStream_t hStream, cudaLaunchAttributeID attr,
                                   const cudaLaunchAttributeValue *value) {
  Runtime *rt;
  struct CUstream_st *s = NULL;
  cudaError_t e = attr_enter(&rt, hStream, &s, attr, value);
  if (e == cudaSuccess && attr == cudaLaunchAttributeAccessPolicyWindow &&
      (value->accessPolicyWindow.hitRatio < 0.0f ||
       value->accessPolicyWindow.hitRatio > 1.0f ||
       (unsigned)value->accessPolicyWindow.hitProp > cudaAccessPropertyPersisting ||
       value->accessPolicyWindow.missProp == cudaAccessPropertyPersisting ||
       (unsigned)value->accessPolicyWindow.missProp > cudaAccessPropertyPersisting))
    e = cudaErrorInvalidValue;
  if (e != cudaSuccess)
    return rt_return(e);
  if (attr == cudaLaunchAttributePriority) { /* the stream's own priority */
    int p = value->priority;
    if (s)
      s->priority = p > 0 ? 0 : p < -5 ? -5 : p;
    return cudaSuccess;
  }
  pthread_mutex_lock(&attr_lock);
  StreamAttr *a = attr_find(s, attr);
  if (!a && (a = calloc(1, sizeof *a)) != NULL) {
    a->stream = s;
    a->id = attr;
    a->next = attr_list;
    attr_list = a;
  }
  if (a)
    a->val = *value;
  pthread_mutex_unlock(&attr_lock);
  return rt_return(a ? cudaSuccess : cudaErrorMemoryAllocation);
}

cudaError_t cudaStreamGetAttribute(cudaStream_t hStream, cudaLaunchAttributeID attr,
                                   cudaLaunchAttributeValue *value_out) {
  Runtime *rt;
  struct CUstream_st *s = NULL;
  cudaError_t e = attr_enter(&rt, hStream, &s, attr, value_out);
  if (e != cudaSuccess)
    return rt_return(e);
  attr_default(attr, value_out);
  if (attr == cudaLaunchAttributePriority) {
    value_out->priority = s ? s->priority : 0;
    return cudaSuccess;
  }
  pthread_mutex_lock(&attr_lock);
  StreamAttr *a = attr_find(s, attr);
  if (a)
    *value_out = a->val;
  pthread_mutex_unlock(&attr_lock);
  return cudaSuccess;
}

cudaError_t cudaStreamCopyAttributes(cudaStream_t dst, cudaStream_t src) {
  static const cudaLaunchAttributeID ids[] = {
      cudaLaunchAttributeAccessPolicyWindow, cudaLaunchAttributeSynchronizationPolicy,
      cudaLaunchAttributePriority, cudaLaunchAttributeMemSyncDomainMap,
      cudaLaunchAttributeMemSyncDomain, cudaLaunchAttributeNvlinkUtilCentricScheduling};
  for (size_t i = 0; i < sizeof ids / sizeof ids[0]; i++) {
    cudaLaunchAttributeValue v;
    cudaError_t e = cudaStreamGetAttribute(src, ids[i], &v);
    if (e == cudaSuccess)
      e = cudaStreamSetAttribute(dst, ids[i], &v);
    if (e != cudaSuccess)
      return e;
  }
  return cudaSuccess;
}

/* Persisting L2 lines are a hint nothing here acts on: nothing to reset. */
cudaError_t cudaCtxResetPersistingL2Cache(void) {
  Runtime *rt;
  return rt_return(rt_enter(&rt));
}

/* ---- graph memory (allocation nodes are not supported) ---------------- */

static cudaError_t refuse(void) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  return rt_return(e != cudaSuccess ? e : cudaErrorNotSupported);
}

cudaError_t cudaGraphAddMemAllocNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                     const cudaGraphNode_t *pDependencies,
                                     size_t numDependencies,
                                     struct cudaMemAllocNodeParams *nodeParams) {
  return refuse();
}

cudaError_t cudaGraphMemAllocNodeGetParams(cudaGraphNode_t node,
                                           struct cudaMemAllocNodeParams *params_out) {
  return refuse();
}

cudaError_t cudaGraphAddMemFreeNode(cudaGraphNode_t *pGraphNode, cudaGraph_t graph,
                                    const cudaGraphNode_t *pDependencies,
                                    size_t numDependencies, void *dptr) {
  return refuse();
}

cudaError_t cudaGraphMemFreeNodeGetParams(cudaGraphNode_t node, void *dptr_out) {
  return refuse();
}

cudaError_t cudaDeviceGraphMemTrim(int device) {
  return refuse();
}

cudaError_t cudaDeviceGetGraphMemAttribute(int device,
                                           enum cudaGraphMemAttributeType attr,
                                           void *value) {
  return refuse();
}

cudaError_t cudaDeviceSetGraphMemAttribute(int device,
                                           enum cudaGraphMemAttributeType attr,
                                           void *value) {
  return refuse();
}

/* ---- inter-process handles (not supported) ---------------------------- */

cudaError_t cudaIpcGetEventHandle(cudaIpcEventHandle_t *handle, cudaEvent_t event) {
  return refuse();
}

cudaError_t cudaIpcOpenEventHandle(cudaEvent_t *event, cudaIpcEventHandle_t handle) {
  return refuse();
}

cudaError_t cudaIpcGetMemHandle(cudaIpcMemHandle_t *handle, void *devPtr) {
  return refuse();
}

cudaError_t cudaIpcOpenMemHandle(void **devPtr, cudaIpcMemHandle_t handle,
                                 unsigned int flags) {
  return refuse();
}

cudaError_t cudaIpcCloseMemHandle(void *devPtr) {
  return refuse();
}
