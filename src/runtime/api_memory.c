/* api_memory.c: memory of the CUDA Runtime API: device, pinned host and
 * managed allocations (tracked in the runtime's table so bad frees fail
 * as in CUDA), copies in every direction, memset, and __device__ /
 * __constant__ symbols through their registered host shadows. Checks and
 * error codes are CUDA 13's (verified on an H100); the device that owns
 * the memory does the work (copies between two devices: directly between
 * two GPUs, else through host memory). Async forms are stream work (work.c); the synchronous ones run
 * on the legacy stream, so they wait for the blocking streams first. */
#include <stdlib.h>
#include <string.h>

#include "runtime/runtime.h"
#include "runtime/memcheck.h"

#define PITCH_ALIGNMENT 512 /* cudaMallocPitch rows, as on current GPUs */

int memory_device_of(Runtime *rt, const void *p) {
  pthread_mutex_lock(&rt->lock);
  Allocation *a = alloc_table_find(&rt->allocs, p);
  int device = a && (a->kind == ALLOC_DEVICE || a->kind == ALLOC_MANAGED)
                   ? a->device : -1;
  pthread_mutex_unlock(&rt->lock);
  return device;
}

/* Adds base to the table, owned by the calling thread's device. */
static cudaError_t track(Runtime *rt, void *base, size_t size, AllocKind kind,
                         unsigned flags) {
  Allocation a = {base, size ? size : 1, kind, flags, rt_current()};
  pthread_mutex_lock(&rt->lock);
  int failed = alloc_table_insert(&rt->allocs, a);
  pthread_mutex_unlock(&rt->lock);
  return failed ? cudaErrorMemoryAllocation : cudaSuccess;
}

static cudaError_t device_alloc(void **out, size_t size, AllocKind kind,
                                unsigned flags) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e != cudaSuccess)
    return e;
  if (!out)
    return cudaErrorInvalidValue;
  if (size == 0) { /* CUDA: success and a null pointer */
    *out = NULL;
    return cudaSuccess;
  }
  /* Managed memory must be reachable from host code too: a device whose
   * memory is not host memory and that cannot map it (webgpu) refuses,
   * rather than hand out a pointer the host would crash on. */
  Device *d = rt_device(rt, rt_current());
  if (kind == ALLOC_MANAGED && !d->ops->malloc_managed &&
      !(d->ops->caps & DEVICE_CAP_HOST_MEMORY))
    return cudaErrorNotSupported;
  void *p = NULL;
  if (kind == ALLOC_MANAGED && d->ops->malloc_managed)
    e = d->ops->malloc_managed(d, size, &p);
  else
    e = d->ops->malloc(d, size, &p);
  if (e == cudaSuccess && track(rt, p, size, kind, flags) != cudaSuccess) {
    d->ops->free(d, p);
    e = cudaErrorMemoryAllocation;
  }
  if (e == cudaSuccess) {
    *out = p;
    memcheck_on_alloc(p, size, kind);
  }
  return e;
}

cudaError_t cudaMalloc(void **devPtr, size_t size) {
  return rt_return(device_alloc(devPtr, size, ALLOC_DEVICE, 0));
}

cudaError_t cudaMallocManaged(void **devPtr, size_t size, unsigned int flags) {
  if (flags != cudaMemAttachGlobal && flags != cudaMemAttachHost)
    return rt_return(cudaErrorInvalidValue); /* size 0: success, NULL */
  return rt_return(device_alloc(devPtr, size, ALLOC_MANAGED, flags));
}

cudaError_t cudaMallocPitch(void **devPtr, size_t *pitch, size_t width,
                            size_t height) {
  if (!pitch)
    return rt_return(cudaErrorInvalidValue);
  size_t p = (width + PITCH_ALIGNMENT - 1) / PITCH_ALIGNMENT * PITCH_ALIGNMENT;
  cudaError_t e = device_alloc(devPtr, p * height, ALLOC_DEVICE, 0);
  if (e == cudaSuccess)
    *pitch = p;
  return rt_return(e);
}

/* Host memory (pinned or registered) becomes reachable by kernels of the
 * devices that need it (the cuda device: cuMemHostRegister). */
static cudaError_t host_map(Runtime *rt, void *p, size_t size) {
  int n = atomic_load(&rt->device_count); /* opened ones: do not open webgpu here */
  for (int i = 0; i < n; i++) {
    Device *d = rt_device(rt, i);
    cudaError_t e = d && d->ops->host_register ? d->ops->host_register(d, p, size)
                                               : cudaSuccess;
    if (e != cudaSuccess) {
      while (i-- > 0)
        if ((d = rt_device(rt, i)) && d->ops->host_unregister)
          d->ops->host_unregister(d, p);
      return e;
    }
  }
  return cudaSuccess;
}

static void host_unmap(Runtime *rt, void *p) {
  int n = atomic_load(&rt->device_count); /* opened ones: do not open webgpu here */
  for (int i = 0; i < n; i++) {
    Device *d = rt_device(rt, i);
    if (d && d->ops->host_unregister)
      d->ops->host_unregister(d, p);
  }
}

/* Frees base if it starts an allocation of one of the two kinds. */
static cudaError_t release(void *base, AllocKind kind, AllocKind kind2) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e != cudaSuccess || !base)
    return e;
  pthread_mutex_lock(&rt->lock);
  Allocation *a = alloc_table_find(&rt->allocs, base);
  if (!a || a->base != base || (a->kind != kind && a->kind != kind2)) {
    e = cudaErrorInvalidValue;
  } else {
    AllocKind k = a->kind;
    Device *d = rt_device(rt, a->device);
    size_t size = a->size;
    alloc_table_remove(&rt->allocs, a);
    if (k == ALLOC_HOST) {
      host_unmap(rt, base);
      free(base);
    }
    else if (!memcheck_on_free(d, base, size)) /* CUWA_CHECK quarantine */
      d->ops->free(d, base);
  }
  pthread_mutex_unlock(&rt->lock);
  return e;
}

/* As in CUDA, freeing device memory first waits for the device's work
 * (work queued on streams may still use it). */
cudaError_t cudaFree(void *devPtr) {
  Runtime *rt;
  if (devPtr && rt_init_checked(&rt) == cudaSuccess &&
      !graph_capture_blocks_legacy(rt))
    stream_wait_device(rt, memory_device_of(rt, devPtr), 0);
  return rt_return(release(devPtr, ALLOC_DEVICE, ALLOC_MANAGED));
}

cudaError_t memory_free_now(void *devPtr) {
  return release(devPtr, ALLOC_DEVICE, ALLOC_MANAGED);
}

cudaError_t cudaFreeHost(void *ptr) {
  return rt_return(release(ptr, ALLOC_HOST, ALLOC_HOST));
}

cudaError_t cudaHostAlloc(void **pHost, size_t size, unsigned int flags) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && (!pHost || (flags & ~7u)))
    e = cudaErrorInvalidValue;
  if (e != cudaSuccess || size == 0) {
    if (e == cudaSuccess)
      *pHost = NULL;
    return rt_return(e);
  }
  void *p = NULL;
  if (posix_memalign(&p, 4096, size) != 0)
    return rt_return(cudaErrorMemoryAllocation);
  e = host_map(rt, p, size);
  if (e == cudaSuccess && (e = track(rt, p, size, ALLOC_HOST, flags)) != cudaSuccess)
    host_unmap(rt, p);
  if (e != cudaSuccess)
    free(p);
  else
    *pHost = p;
  return rt_return(e);
}

cudaError_t cudaMallocHost(void **ptr, size_t size) {
  return cudaHostAlloc(ptr, size, cudaHostAllocDefault);
}

/* Host memory the runtime knows (pinned or registered) containing p. */
static Allocation *find_host(Runtime *rt, const void *p) {
  Allocation *a = alloc_table_find(&rt->allocs, p);
  return a && (a->kind == ALLOC_HOST || a->kind == ALLOC_REGISTERED) ? a
                                                                     : NULL;
}

cudaError_t cudaHostGetDevicePointer(void **pDevice, void *pHost,
                                     unsigned int flags) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && (!pDevice || flags != 0))
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess) {
    pthread_mutex_lock(&rt->lock);
    if (!find_host(rt, pHost))
      e = cudaErrorInvalidValue;
    pthread_mutex_unlock(&rt->lock);
  }
  /* A device whose kernels reach neither host memory nor a mapping of it
   * (webgpu) has no device pointer to give: refused, not a host address. */
  Device *d = e == cudaSuccess ? rt_device(rt, rt_current()) : NULL;
  if (d && !(d->ops->caps & DEVICE_CAP_HOST_MEMORY) && !d->ops->host_register)
    e = cudaErrorNotSupported;
  if (e == cudaSuccess)
    *pDevice = pHost; /* one address space */
  return rt_return(e);
}

cudaError_t cudaHostGetFlags(unsigned int *pFlags, void *pHost) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && !pFlags)
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess) {
    pthread_mutex_lock(&rt->lock);
    Allocation *a = find_host(rt, pHost);
    if (a) /* as CUDA with unified addressing: all mapped, portable implied */
      *pFlags = (a->flags & ~(unsigned)cudaHostAllocPortable) | cudaHostAllocMapped;
    else
      e = cudaErrorInvalidValue;
    pthread_mutex_unlock(&rt->lock);
  }
  return rt_return(e);
}

cudaError_t cudaHostRegister(void *ptr, size_t size, unsigned int flags) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && (!ptr || size == 0 || (flags & ~15u)))
    e = cudaErrorInvalidValue;
  if (e != cudaSuccess)
    return rt_return(e);
  pthread_mutex_lock(&rt->lock);
  Allocation *first = alloc_table_find(&rt->allocs, ptr);
  Allocation *last = alloc_table_find(&rt->allocs, (char *)ptr + size - 1);
  if (first || last)
    e = cudaErrorHostMemoryAlreadyRegistered;
  pthread_mutex_unlock(&rt->lock);
  if (e == cudaSuccess)
    e = host_map(rt, ptr, size);
  if (e == cudaSuccess && (e = track(rt, ptr, size, ALLOC_REGISTERED, flags)) != cudaSuccess)
    host_unmap(rt, ptr);
  return rt_return(e);
}

cudaError_t cudaHostUnregister(void *ptr) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e != cudaSuccess)
    return rt_return(e);
  pthread_mutex_lock(&rt->lock);
  Allocation *a = alloc_table_find(&rt->allocs, ptr);
  if (a && a->base == ptr && a->kind == ALLOC_REGISTERED) {
    alloc_table_remove(&rt->allocs, a);
    host_unmap(rt, ptr);
  } else
    e = cudaErrorHostMemoryNotRegistered;
  pthread_mutex_unlock(&rt->lock);
  return rt_return(e);
}

cudaError_t cudaPointerGetAttributes(struct cudaPointerAttributes *attributes,
                                     const void *ptr) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && !attributes)
    e = cudaErrorInvalidValue;
  if (e != cudaSuccess)
    return rt_return(e);
  memset(attributes, 0, sizeof *attributes);
  attributes->type = cudaMemoryTypeUnregistered;
  attributes->device = cudaInvalidDeviceId;
  pthread_mutex_lock(&rt->lock);
  Allocation *a = alloc_table_find(&rt->allocs, ptr);
  if (a) {
    static const enum cudaMemoryType types[] = {
        cudaMemoryTypeDevice, cudaMemoryTypeManaged, cudaMemoryTypeHost,
        cudaMemoryTypeHost};
    attributes->type = types[a->kind];
    attributes->device = a->device;
    attributes->devicePointer = (void *)ptr;
    if (a->kind != ALLOC_DEVICE)
      attributes->hostPointer = (void *)ptr;
  }
  pthread_mutex_unlock(&rt->lock);
  return cudaSuccess;
}

/* Between two devices: directly when the backend copies between its
 * devices (two GPUs: cuMemcpyPeer) or when one of them has host memory
 * (the CPU device), else through host memory. */
static cudaError_t copy_between(Runtime *rt, int dd, void *dst, int sd,
                                const void *src, size_t n) {
  Device *dv = rt_device(rt, dd), *sv = rt_device(rt, sd);
  if (dv->ops == sv->ops && dv->ops->memcpy_peer)
    return dv->ops->memcpy_peer(dv, dst, sv, src, n);
  if (rt_host_memory(rt, sd))
    return dv->ops->memcpy_h2d(dv, dst, src, n);
  if (rt_host_memory(rt, dd))
    return sv->ops->memcpy_d2h(sv, dst, src, n);
  char *tmp = malloc(n);
  if (!tmp)
    return cudaErrorMemoryAllocation;
  cudaError_t e = sv->ops->memcpy_d2h(sv, tmp, src, n);
  if (e == cudaSuccess)
    e = dv->ops->memcpy_h2d(dv, dst, tmp, n);
  free(tmp);
  return e;
}

cudaError_t memory_copy(Runtime *rt, void *dst, const void *src, size_t n,
                        enum cudaMemcpyKind kind) {
  int one = atomic_load(&rt->device_count) == 1 && kind != cudaMemcpyDefault;
  int dd = one ? -1 : memory_device_of(rt, dst);
  int sd = one ? -1 : memory_device_of(rt, src);
  if (kind == cudaMemcpyDefault)
    kind = dd >= 0 ? (sd >= 0 ? cudaMemcpyDeviceToDevice : cudaMemcpyHostToDevice)
                   : (sd >= 0 ? cudaMemcpyDeviceToHost : cudaMemcpyHostToHost);
  int cur = rt_current();
  dd = dd >= 0 ? dd : cur; /* a symbol, or memory the table does not know */
  sd = sd >= 0 ? sd : cur;
  Device *d = rt_device(rt, kind == cudaMemcpyDeviceToHost ? sd : dd);
  switch (kind) {
  case cudaMemcpyHostToHost:
    memmove(dst, src, n);
    return cudaSuccess;
  case cudaMemcpyHostToDevice:
    memcheck_on_write(dst, n); /* initcheck */
    return d->ops->memcpy_h2d(d, dst, src, n);
  case cudaMemcpyDeviceToHost: return d->ops->memcpy_d2h(d, dst, src, n);
  case cudaMemcpyDeviceToDevice:
    memcheck_on_write(dst, n); /* initcheck */
    if (dd != sd)
      return copy_between(rt, dd, dst, sd, src, n);
    return d->ops->memcpy_d2d(d, dst, src, n);
  default: return cudaErrorInvalidMemcpyDirection;
  }
}

cudaError_t memory_set(Runtime *rt, void *dst, int value, size_t n) {
  int device = atomic_load(&rt->device_count) == 1 ? 0 : memory_device_of(rt, dst);
  Device *d = rt_device(rt, device >= 0 ? device : rt_current());
  memcheck_on_write(dst, n); /* initcheck */
  return d->ops->memset(d, dst, value, n);
}

static cudaError_t check_copy(void *dst, const void *src, size_t count,
                              enum cudaMemcpyKind kind) {
  if ((unsigned)kind > cudaMemcpyDefault)
    return cudaErrorInvalidMemcpyDirection;
  if (count && (!dst || !src))
    return cudaErrorInvalidValue;
  return cudaSuccess;
}

/* A 2D copy (1D: one row) as work for stream. */
static cudaError_t submit_copy(Runtime *rt, void *dst, size_t dpitch,
                               const void *src, size_t spitch, size_t width,
                               size_t height, enum cudaMemcpyKind kind,
                               cudaStream_t stream) {
  Work *w = work_new(WORK_COPY, rt_current());
  if (!w)
    return cudaErrorMemoryAllocation;
  w->u.copy.dst = dst;
  w->u.copy.src = src;
  w->u.copy.width = width;
  w->u.copy.height = height;
  w->u.copy.dpitch = dpitch;
  w->u.copy.spitch = spitch;
  w->u.copy.kind = kind;
  return stream_submit(rt, stream, w);
}

/* The synchronous calls use stream 0 and wait for it (with per-thread
 * default streams, stream 0 is a queue). */
static cudaError_t finish_sync(Runtime *rt, cudaError_t e) {
  int bad;
  struct CUstream_st *s = e == cudaSuccess ? stream_resolve(rt, NULL, &bad) : NULL;
  if (s)
    stream_wait_idle(rt, s);
  return e;
}

static cudaError_t copy_call(void *dst, size_t dpitch, const void *src,
                             size_t spitch, size_t width, size_t height,
                             enum cudaMemcpyKind kind, cudaStream_t stream,
                             int sync) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && height > 1 && (width > dpitch || width > spitch))
    e = cudaErrorInvalidPitchValue;
  if (e == cudaSuccess)
    e = check_copy(dst, src, width, kind);
  if (e == cudaSuccess && !stream_is_valid(rt, stream))
    e = cudaErrorInvalidResourceHandle;
  if (e == cudaSuccess && width && height)
    e = submit_copy(rt, dst, dpitch, src, spitch, width, height, kind, stream);
  return sync ? finish_sync(rt, e) : e;
}

cudaError_t cudaMemcpy(void *dst, const void *src, size_t count,
                       enum cudaMemcpyKind kind) {
  return rt_return(copy_call(dst, count, src, count, count, 1, kind, 0, 1));
}

cudaError_t cudaMemcpyAsync(void *dst, const void *src, size_t count,
                            enum cudaMemcpyKind kind, cudaStream_t stream) {
  return rt_return(copy_call(dst, count, src, count, count, 1, kind, stream, 0));
}

cudaError_t cudaMemcpy2D(void *dst, size_t dpitch, const void *src,
                         size_t spitch, size_t width, size_t height,
                         enum cudaMemcpyKind kind) {
  if (width > dpitch || width > spitch)
    return rt_return(cudaErrorInvalidPitchValue);
  return rt_return(copy_call(dst, dpitch, src, spitch, width, height, kind, 0, 1));
}

cudaError_t cudaMemcpy2DAsync(void *dst, size_t dpitch, const void *src,
                              size_t spitch, size_t width, size_t height,
                              enum cudaMemcpyKind kind, cudaStream_t stream) {
  if (width > dpitch || width > spitch)
    return rt_return(cudaErrorInvalidPitchValue);
  return rt_return(
      copy_call(dst, dpitch, src, spitch, width, height, kind, stream, 0));
}

/* Peer copies: the allocations say which device owns each side. */
static cudaError_t peer_call(void *dst, int dstDevice, const void *src,
                             int srcDevice, size_t count, cudaStream_t stream,
                             int sync) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess)
    e = rt_check_device(rt, dstDevice);
  if (e == cudaSuccess)
    e = rt_check_device(rt, srcDevice);
  if (e != cudaSuccess)
    return e;
  return copy_call(dst, count, src, count, count, 1, cudaMemcpyDeviceToDevice,
                   stream, sync);
}

cudaError_t cudaMemcpyPeer(void *dst, int dstDevice, const void *src,
                           int srcDevice, size_t count) {
  return rt_return(peer_call(dst, dstDevice, src, srcDevice, count, 0, 1));
}

cudaError_t cudaMemcpyPeerAsync(void *dst, int dstDevice, const void *src,
                                int srcDevice, size_t count,
                                cudaStream_t stream) {
  return rt_return(peer_call(dst, dstDevice, src, srcDevice, count, stream, 0));
}

static cudaError_t memset_call(void *devPtr, size_t pitch, int value,
                               size_t width, size_t height,
                               cudaStream_t stream, int sync) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && height > 1 && width > pitch)
    e = cudaErrorInvalidPitchValue;
  if (e == cudaSuccess && width && height && !devPtr)
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess && !stream_is_valid(rt, stream))
    e = cudaErrorInvalidResourceHandle;
  if (e == cudaSuccess && width && height) {
    Work *w = work_new(WORK_MEMSET, rt_current());
    if (!w)
      return cudaErrorMemoryAllocation;
    w->u.memset.dst = devPtr;
    w->u.memset.pitch = pitch;
    w->u.memset.width = width;
    w->u.memset.height = height;
    w->u.memset.value = (unsigned char)value;
    w->u.memset.elem = 1;
    e = stream_submit(rt, stream, w);
  }
  return sync ? finish_sync(rt, e) : e;
}

cudaError_t cudaMemset(void *devPtr, int value, size_t count) {
  return rt_return(memset_call(devPtr, count, value, count, 1, 0, 1));
}

cudaError_t cudaMemsetAsync(void *devPtr, int value, size_t count,
                            cudaStream_t stream) {
  return rt_return(memset_call(devPtr, count, value, count, 1, stream, 0));
}

cudaError_t cudaMemset2D(void *devPtr, size_t pitch, int value, size_t width,
                         size_t height) {
  if (width > pitch)
    return rt_return(cudaErrorInvalidPitchValue);
  return rt_return(memset_call(devPtr, pitch, value, width, height, 0, 1));
}

/* __managed__ variables: the host reads and writes the shadow, kernels
 * the device copy; the runtime copies the shadows in before each launch
 * and back after it (launches complete before the device's launch op
 * returns a result the host could see). */
static void managed_sync(Runtime *rt, int device, int to_device) {
  Registry *r = &rt->reg;
  if (!atomic_load_explicit(&r->managed_count, memory_order_relaxed))
    return;
  Device *d = rt_device(rt, device);
  pthread_mutex_lock(&rt->lock);
  size_t n = r->var_count;
  VarEntry *vars = malloc((n ? n : 1) * sizeof *vars);
  if (vars)
    memcpy(vars, r->vars, n * sizeof *vars);
  pthread_mutex_unlock(&rt->lock);
  for (size_t i = 0; vars && i < n; i++) {
    const CuwaVarDesc *v = vars[i].desc;
    if (v->space != CUWA_VAR_MANAGED)
      continue;
    if (to_device)
      d->ops->memcpy_h2d(d, v->cpu_addr, vars[i].shadow, v->size);
    else
      d->ops->memcpy_d2h(d, (void *)vars[i].shadow, v->cpu_addr, v->size);
  }
  free(vars);
}

void memory_managed_to_device(Runtime *rt, int device) {
  managed_sync(rt, device, 1);
}

void memory_managed_to_host(Runtime *rt, int device) {
  managed_sync(rt, device, 0);
}

/* The storage of symbol (a registered shadow) and its size. */
static cudaError_t find_symbol(Runtime *rt, const void *symbol, char **addr,
                               size_t *size) {
  pthread_mutex_lock(&rt->lock);
  VarEntry *v = symbol ? registry_find_var(&rt->reg, symbol) : NULL;
  if (v) {
    *addr = v->desc->cpu_addr;
    *size = v->desc->size;
  }
  pthread_mutex_unlock(&rt->lock);
  return v ? cudaSuccess : cudaErrorInvalidSymbol;
}

/* to: copy into the symbol (else out of it). */
static cudaError_t symbol_copy(const void *symbol, void *mem, size_t count,
                               size_t offset, enum cudaMemcpyKind kind,
                               int to, cudaStream_t stream, int sync) {
  Runtime *rt;
  char *addr = NULL;
  size_t size = 0;
  cudaError_t e = rt_enter(&rt);
  enum cudaMemcpyKind host = to ? cudaMemcpyHostToDevice
                                : cudaMemcpyDeviceToHost;
  if (e == cudaSuccess && kind != host && kind != cudaMemcpyDeviceToDevice &&
      kind != cudaMemcpyDefault)
    e = cudaErrorInvalidMemcpyDirection;
  if (e == cudaSuccess)
    e = find_symbol(rt, symbol, &addr, &size);
  if (e == cudaSuccess && (offset > size || count > size - offset))
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess && count && !mem)
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess && kind == cudaMemcpyDefault) /* the symbol is device memory */
    kind = memory_device_of(rt, mem) >= 0 ? cudaMemcpyDeviceToDevice : host;
  if (e == cudaSuccess && count) { /* stream work, like any copy */
    if (to)
      e = copy_call(addr + offset, count, mem, count, count, 1, kind, stream, sync);
    else
      e = copy_call(mem, count, addr + offset, count, count, 1, kind, stream, sync);
  }
  return rt_return(e);
}

cudaError_t cudaMemcpyToSymbol(const void *symbol, const void *src,
                               size_t count, size_t offset,
                               enum cudaMemcpyKind kind) {
  return symbol_copy(symbol, (void *)src, count, offset, kind, 1, 0, 1);
}

cudaError_t cudaMemcpyFromSymbol(void *dst, const void *symbol, size_t count,
                                 size_t offset, enum cudaMemcpyKind kind) {
  return symbol_copy(symbol, dst, count, offset, kind, 0, 0, 1);
}

cudaError_t cudaMemcpyToSymbolAsync(const void *symbol, const void *src,
                                    size_t count, size_t offset,
                                    enum cudaMemcpyKind kind,
                                    cudaStream_t stream) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && !stream_is_valid(rt, stream))
    e = cudaErrorInvalidResourceHandle;
  if (e != cudaSuccess)
    return rt_return(e);
  return symbol_copy(symbol, (void *)src, count, offset, kind, 1, stream, 0);
}

cudaError_t cudaMemcpyFromSymbolAsync(void *dst, const void *symbol,
                                      size_t count, size_t offset,
                                      enum cudaMemcpyKind kind,
                                      cudaStream_t stream) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && !stream_is_valid(rt, stream))
    e = cudaErrorInvalidResourceHandle;
  if (e != cudaSuccess)
    return rt_return(e);
  return symbol_copy(symbol, dst, count, offset, kind, 0, stream, 0);
}

cudaError_t cudaGetSymbolAddress(void **devPtr, const void *symbol) {
  Runtime *rt;
  char *addr = NULL;
  size_t size = 0;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && !devPtr)
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    e = find_symbol(rt, symbol, &addr, &size);
  if (e == cudaSuccess)
    *devPtr = addr;
  return rt_return(e);
}

cudaError_t cudaGetSymbolSize(size_t *size, const void *symbol) {
  Runtime *rt;
  char *addr = NULL;
  size_t n = 0;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && !size)
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    e = find_symbol(rt, symbol, &addr, &n);
  if (e == cudaSuccess)
    *size = n;
  return rt_return(e);
}
