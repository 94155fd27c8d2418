/* api_memory.c: memory of the CUDA Runtime API: device, pinned host and
 * managed allocations (tracked in the runtime's table so bad frees fail
 * as in CUDA), copies in every direction, memset, and __device__ /
 * __constant__ symbols through their registered host shadows. Checks and
 * error codes are CUDA 13's (verified on an H100); the device does the
 * work. Async forms run synchronously: the CPU device is synchronous. */
#include <stdlib.h>
#include <string.h>

#include "runtime/runtime.h"

#define PITCH_ALIGNMENT 512 /* cudaMallocPitch rows, as on current GPUs */

static int is_device_memory(Runtime *rt, const void *p) {
  pthread_mutex_lock(&rt->lock);
  Allocation *a = alloc_table_find(&rt->allocs, p);
  int device = a && (a->kind == ALLOC_DEVICE || a->kind == ALLOC_MANAGED);
  pthread_mutex_unlock(&rt->lock);
  return device;
}

/* Adds base to the table; on failure releases it with release. */
static cudaError_t track(Runtime *rt, void *base, size_t size, AllocKind kind,
                         unsigned flags) {
  Allocation a = {base, size ? size : 1, kind, flags};
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
  void *p = NULL;
  e = rt->device->ops->malloc(rt->device, size, &p);
  if (e == cudaSuccess && track(rt, p, size, kind, flags) != cudaSuccess) {
    rt->device->ops->free(rt->device, p);
    e = cudaErrorMemoryAllocation;
  }
  if (e == cudaSuccess)
    *out = p;
  return e;
}

cudaError_t cudaMalloc(void **devPtr, size_t size) {
  return rt_return(device_alloc(devPtr, size, ALLOC_DEVICE, 0));
}

cudaError_t cudaMallocManaged(void **devPtr, size_t size, unsigned int flags) {
  if (size == 0 || (flags != cudaMemAttachGlobal && flags != cudaMemAttachHost))
    return rt_return(cudaErrorInvalidValue);
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
    alloc_table_remove(&rt->allocs, a);
    if (k == ALLOC_HOST)
      free(base);
    else
      rt->device->ops->free(rt->device, base);
  }
  pthread_mutex_unlock(&rt->lock);
  return e;
}

cudaError_t cudaFree(void *devPtr) {
  return rt_return(release(devPtr, ALLOC_DEVICE, ALLOC_MANAGED));
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
  e = track(rt, p, size, ALLOC_HOST, flags);
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
    if (a)
      *pFlags = a->flags;
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
    e = track(rt, ptr, size, ALLOC_REGISTERED, flags);
  return rt_return(e);
}

cudaError_t cudaHostUnregister(void *ptr) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e != cudaSuccess)
    return rt_return(e);
  pthread_mutex_lock(&rt->lock);
  Allocation *a = alloc_table_find(&rt->allocs, ptr);
  if (a && a->base == ptr && a->kind == ALLOC_REGISTERED)
    alloc_table_remove(&rt->allocs, a);
  else
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
    attributes->device = 0;
    attributes->devicePointer = (void *)ptr;
    if (a->kind != ALLOC_DEVICE)
      attributes->hostPointer = (void *)ptr;
  }
  pthread_mutex_unlock(&rt->lock);
  return cudaSuccess;
}

cudaError_t memory_copy(Runtime *rt, void *dst, const void *src, size_t n,
                        enum cudaMemcpyKind kind) {
  Device *d = rt->device;
  if (kind == cudaMemcpyDefault) {
    int dd = is_device_memory(rt, dst), sd = is_device_memory(rt, src);
    kind = dd ? (sd ? cudaMemcpyDeviceToDevice : cudaMemcpyHostToDevice)
              : (sd ? cudaMemcpyDeviceToHost : cudaMemcpyHostToHost);
  }
  switch (kind) {
  case cudaMemcpyHostToHost:
    memmove(dst, src, n);
    return cudaSuccess;
  case cudaMemcpyHostToDevice: return d->ops->memcpy_h2d(d, dst, src, n);
  case cudaMemcpyDeviceToHost: return d->ops->memcpy_d2h(d, dst, src, n);
  case cudaMemcpyDeviceToDevice: return d->ops->memcpy_d2d(d, dst, src, n);
  default: return cudaErrorInvalidMemcpyDirection;
  }
}

static cudaError_t check_copy(void *dst, const void *src, size_t count,
                              enum cudaMemcpyKind kind) {
  if ((unsigned)kind > cudaMemcpyDefault)
    return cudaErrorInvalidMemcpyDirection;
  if (count && (!dst || !src))
    return cudaErrorInvalidValue;
  return cudaSuccess;
}

cudaError_t cudaMemcpy(void *dst, const void *src, size_t count,
                       enum cudaMemcpyKind kind) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess)
    e = check_copy(dst, src, count, kind);
  if (e == cudaSuccess && count)
    e = memory_copy(rt, dst, src, count, kind);
  return rt_return(e);
}

cudaError_t cudaMemcpyAsync(void *dst, const void *src, size_t count,
                            enum cudaMemcpyKind kind, cudaStream_t stream) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && !stream_is_valid(rt, stream))
    e = cudaErrorInvalidResourceHandle;
  if (e != cudaSuccess)
    return rt_return(e);
  return cudaMemcpy(dst, src, count, kind);
}

cudaError_t cudaMemcpy2D(void *dst, size_t dpitch, const void *src,
                         size_t spitch, size_t width, size_t height,
                         enum cudaMemcpyKind kind) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && (width > dpitch || width > spitch))
    e = cudaErrorInvalidPitchValue;
  if (e == cudaSuccess && width && height)
    e = check_copy(dst, src, width, kind);
  for (size_t row = 0; e == cudaSuccess && width && row < height; row++)
    e = memory_copy(rt, (char *)dst + row * dpitch,
                    (const char *)src + row * spitch, width, kind);
  return rt_return(e);
}

cudaError_t cudaMemcpy2DAsync(void *dst, size_t dpitch, const void *src,
                              size_t spitch, size_t width, size_t height,
                              enum cudaMemcpyKind kind, cudaStream_t stream) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && !stream_is_valid(rt, stream))
    e = cudaErrorInvalidResourceHandle;
  if (e != cudaSuccess)
    return rt_return(e);
  return cudaMemcpy2D(dst, dpitch, src, spitch, width, height, kind);
}

cudaError_t cudaMemcpyPeer(void *dst, int dstDevice, const void *src,
                           int srcDevice, size_t count) {
  if (dstDevice != 0 || srcDevice != 0)
    return rt_return(cudaErrorInvalidDevice);
  return cudaMemcpy(dst, src, count, cudaMemcpyDeviceToDevice);
}

cudaError_t cudaMemset(void *devPtr, int value, size_t count) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && count && !devPtr)
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess && count)
    e = rt->device->ops->memset(rt->device, devPtr, value, count);
  return rt_return(e);
}

cudaError_t cudaMemsetAsync(void *devPtr, int value, size_t count,
                            cudaStream_t stream) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && !stream_is_valid(rt, stream))
    e = cudaErrorInvalidResourceHandle;
  if (e != cudaSuccess)
    return rt_return(e);
  return cudaMemset(devPtr, value, count);
}

cudaError_t cudaMemset2D(void *devPtr, size_t pitch, int value, size_t width,
                         size_t height) {
  if (width > pitch)
    return rt_return(cudaErrorInvalidPitchValue);
  cudaError_t e = cudaSuccess;
  for (size_t row = 0; e == cudaSuccess && row < height; row++)
    e = cudaMemset((char *)devPtr + row * pitch, value, width);
  return e;
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
                               int to) {
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
  if (e == cudaSuccess && count) {
    if (to)
      e = memory_copy(rt, addr + offset, mem, count, kind);
    else
      e = memory_copy(rt, mem, addr + offset, count, kind);
  }
  return rt_return(e);
}

cudaError_t cudaMemcpyToSymbol(const void *symbol, const void *src,
                               size_t count, size_t offset,
                               enum cudaMemcpyKind kind) {
  return symbol_copy(symbol, (void *)src, count, offset, kind, 1);
}

cudaError_t cudaMemcpyFromSymbol(void *dst, const void *symbol, size_t count,
                                 size_t offset, enum cudaMemcpyKind kind) {
  return symbol_copy(symbol, dst, count, offset, kind, 0);
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
  return symbol_copy(symbol, (void *)src, count, offset, kind, 1);
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
  return symbol_copy(symbol, dst, count, offset, kind, 0);
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
