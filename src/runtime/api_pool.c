/* api_pool.c: stream-ordered allocation (cudaMallocAsync/cudaFreeAsync),
 * memory pools (default, created, attributes and statistics), unified
 * memory hints (cudaMemPrefetchAsync/cudaMemAdvise) and the shared-memory
 * bank configuration calls. Streams complete work before their calls
 * return, so "stream-ordered" is immediate here; blocks are not cached. */
#include <stdlib.h>

#include "runtime/runtime.h"

/* Validates the device and stream the way every call here needs. */
static cudaError_t enter_with_stream(Runtime **rt, cudaStream_t stream) {
  cudaError_t e = rt_enter(rt);
  if (e == cudaSuccess && !stream_is_valid(*rt, stream))
    e = cudaErrorInvalidResourceHandle;
  return e;
}

static struct CUmemPoolHandle_st *pool_current(Runtime *rt) {
  return rt->current_pool ? rt->current_pool : &rt->default_pool;
}

/* Under rt->lock. NULL means the default pool. */
static int pool_is_valid(Runtime *rt, cudaMemPool_t pool) {
  if (pool == &rt->default_pool)
    return 1;
  for (struct CUmemPoolHandle_st *p = rt->pools; p; p = p->next)
    if (p == pool)
      return 1;
  return 0;
}

static cudaError_t pool_track(Runtime *rt, void *ptr, size_t size,
                              cudaMemPool_t pool) {
  if (rt->pool_alloc_count == rt->pool_alloc_cap) {
    size_t cap = rt->pool_alloc_cap ? rt->pool_alloc_cap * 2 : 64;
    PoolAlloc *items = realloc(rt->pool_allocs, cap * sizeof *items);
    if (!items)
      return cudaErrorMemoryAllocation;
    rt->pool_allocs = items;
    rt->pool_alloc_cap = cap;
  }
  rt->pool_allocs[rt->pool_alloc_count++] = (PoolAlloc){ptr, size, pool};
  pool->used += size;
  if (pool->used > pool->used_high)
    pool->used_high = pool->used;
  return cudaSuccess;
}

static void pool_untrack(Runtime *rt, void *ptr) {
  for (size_t i = 0; i < rt->pool_alloc_count; i++) {
    PoolAlloc *a = &rt->pool_allocs[i];
    if (a->ptr != ptr)
      continue;
    a->pool->used -= a->size;
    *a = rt->pool_allocs[--rt->pool_alloc_count];
    return;
  }
}

static cudaError_t malloc_from(void **ptr, size_t size, cudaMemPool_t pool,
                               cudaStream_t stream) {
  Runtime *rt;
  cudaError_t e = enter_with_stream(&rt, stream);
  if (e != cudaSuccess)
    return e;
  if (!ptr)
    return cudaErrorInvalidValue;
  pthread_mutex_lock(&rt->lock);
  if (!pool)
    pool = pool_current(rt);
  int ok = pool_is_valid(rt, pool);
  pthread_mutex_unlock(&rt->lock);
  if (!ok)
    return cudaErrorInvalidValue;
  e = cudaMalloc(ptr, size);
  if (e != cudaSuccess || !*ptr)
    return e;
  pthread_mutex_lock(&rt->lock);
  e = pool_track(rt, *ptr, size, pool);
  pthread_mutex_unlock(&rt->lock);
  if (e != cudaSuccess) {
    cudaFree(*ptr);
    *ptr = NULL;
  }
  return e;
}

cudaError_t cudaMallocAsync(void **devPtr, size_t size, cudaStream_t hStream) {
  return rt_return(malloc_from(devPtr, size, NULL, hStream));
}

cudaError_t cudaMallocFromPoolAsync(void **ptr, size_t size,
                                    cudaMemPool_t memPool,
                                    cudaStream_t stream) {
  if (!memPool)
    return rt_return(cudaErrorInvalidValue);
  return rt_return(malloc_from(ptr, size, memPool, stream));
}

/* Runs in stream order: the memory stays valid for the work before it. */
static void CUDART_CB free_in_order(void *ptr) {
  Runtime *rt = rt_global();
  if (memory_free_now(ptr) == cudaSuccess) {
    pthread_mutex_lock(&rt->lock);
    pool_untrack(rt, ptr);
    pthread_mutex_unlock(&rt->lock);
  }
}

/* Any cudaMalloc'ed pointer may be freed here, as in CUDA; a bad pointer
 * is reported by the call, the free itself happens in stream order. */
cudaError_t cudaFreeAsync(void *devPtr, cudaStream_t hStream) {
  Runtime *rt;
  cudaError_t e = enter_with_stream(&rt, hStream);
  if (e != cudaSuccess || !devPtr)
    return rt_return(e);
  pthread_mutex_lock(&rt->lock);
  Allocation *a = alloc_table_find(&rt->allocs, devPtr);
  if (!a || a->base != devPtr || (a->kind != ALLOC_DEVICE && a->kind != ALLOC_MANAGED))
    e = cudaErrorInvalidValue;
  pthread_mutex_unlock(&rt->lock);
  if (e == cudaSuccess)
    e = cudaLaunchHostFunc(hStream, free_in_order, devPtr);
  return rt_return(e);
}

static cudaError_t enter_device(Runtime **rt, int device) {
  cudaError_t e = rt_enter(rt);
  if (e == cudaSuccess)
    e = rt_check_device(*rt, device);
  return e;
}

cudaError_t cudaDeviceGetDefaultMemPool(cudaMemPool_t *memPool, int device) {
  Runtime *rt;
  cudaError_t e = enter_device(&rt, device);
  if (e == cudaSuccess && !memPool)
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    *memPool = &rt->default_pool;
  return rt_return(e);
}

cudaError_t cudaDeviceGetMemPool(cudaMemPool_t *memPool, int device) {
  Runtime *rt;
  cudaError_t e = enter_device(&rt, device);
  if (e == cudaSuccess && !memPool)
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess) {
    pthread_mutex_lock(&rt->lock);
    *memPool = pool_current(rt);
    pthread_mutex_unlock(&rt->lock);
  }
  return rt_return(e);
}

cudaError_t cudaDeviceSetMemPool(int device, cudaMemPool_t memPool) {
  Runtime *rt;
  cudaError_t e = enter_device(&rt, device);
  if (e != cudaSuccess)
    return rt_return(e);
  pthread_mutex_lock(&rt->lock);
  if (memPool && pool_is_valid(rt, memPool))
    rt->current_pool = memPool;
  else
    e = cudaErrorInvalidValue;
  pthread_mutex_unlock(&rt->lock);
  return rt_return(e);
}

cudaError_t cudaMemPoolCreate(cudaMemPool_t *memPool,
                              const struct cudaMemPoolProps *poolProps) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e != cudaSuccess)
    return rt_return(e);
  if (!memPool || !poolProps ||
      poolProps->allocType != cudaMemAllocationTypePinned)
    return rt_return(cudaErrorInvalidValue);
  const struct cudaMemLocation *loc = &poolProps->location;
  if (loc->type == cudaMemLocationTypeDevice && rt_check_device(rt, loc->id))
    return rt_return(cudaErrorInvalidDevice);
  if (loc->type != cudaMemLocationTypeDevice &&
      loc->type != cudaMemLocationTypeHost)
    return rt_return(cudaErrorInvalidValue);
  struct CUmemPoolHandle_st *p = calloc(1, sizeof *p);
  if (!p)
    return rt_return(cudaErrorMemoryAllocation);
  pthread_mutex_lock(&rt->lock);
  p->next = rt->pools;
  rt->pools = p;
  pthread_mutex_unlock(&rt->lock);
  *memPool = p;
  return cudaSuccess;
}

/* Blocks still allocated from the pool stay valid until freed (CUDA says
 * destroying a pool with live blocks frees them when they are freed). */
cudaError_t cudaMemPoolDestroy(cudaMemPool_t memPool) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e != cudaSuccess)
    return rt_return(e);
  pthread_mutex_lock(&rt->lock);
  struct CUmemPoolHandle_st **link = &rt->pools;
  while (*link && *link != memPool)
    link = &(*link)->next;
  if (memPool && *link) {
    *link = memPool->next;
    if (rt->current_pool == memPool)
      rt->current_pool = NULL;
    for (size_t i = 0; i < rt->pool_alloc_count; i++)
      if (rt->pool_allocs[i].pool == memPool)
        rt->pool_allocs[i].pool = &rt->default_pool; /* keeps stats sane */
    rt->default_pool.used += memPool->used;
    free(memPool);
  } else {
    e = cudaErrorInvalidValue;
  }
  pthread_mutex_unlock(&rt->lock);
  return rt_return(e);
}

static cudaError_t pool_set(struct CUmemPoolHandle_st *p,
                            enum cudaMemPoolAttr attr, const void *value) {
  switch (attr) {
  case cudaMemPoolReuseFollowEventDependencies:
  case cudaMemPoolReuseAllowOpportunistic:
  case cudaMemPoolReuseAllowInternalDependencies:
    p->reuse_off[attr - 1] = *(const int *)value == 0;
    return cudaSuccess;
  case cudaMemPoolAttrReleaseThreshold:
    p->release_threshold = *(const unsigned long long *)value;
    return cudaSuccess;
  case cudaMemPoolAttrReservedMemHigh:
  case cudaMemPoolAttrUsedMemHigh: /* only resetting (to 0) is allowed */
    if (*(const unsigned long long *)value != 0)
      return cudaErrorInvalidValue;
    p->used_high = p->used;
    return cudaSuccess;
  case cudaMemPoolAttrReservedMemCurrent:
  case cudaMemPoolAttrUsedMemCurrent:
  default:
    return cudaErrorInvalidValue;
  }
}

static cudaError_t pool_get(const struct CUmemPoolHandle_st *p,
                            enum cudaMemPoolAttr attr, void *value) {
  switch (attr) {
  case cudaMemPoolReuseFollowEventDependencies:
  case cudaMemPoolReuseAllowOpportunistic:
  case cudaMemPoolReuseAllowInternalDependencies:
    *(int *)value = !p->reuse_off[attr - 1];
    return cudaSuccess;
  case cudaMemPoolAttrReleaseThreshold:
    *(unsigned long long *)value = p->release_threshold;
    return cudaSuccess;
  case cudaMemPoolAttrReservedMemCurrent: /* nothing is kept in reserve */
  case cudaMemPoolAttrUsedMemCurrent:
    *(unsigned long long *)value = p->used;
    return cudaSuccess;
  case cudaMemPoolAttrReservedMemHigh:
  case cudaMemPoolAttrUsedMemHigh:
    *(unsigned long long *)value = p->used_high;
    return cudaSuccess;
  default:
    return cudaErrorInvalidValue;
  }
}

static cudaError_t pool_attr(cudaMemPool_t memPool, enum cudaMemPoolAttr attr,
                             void *value, int set) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e != cudaSuccess)
    return e;
  if (!value)
    return cudaErrorInvalidValue;
  pthread_mutex_lock(&rt->lock);
  if (!memPool || !pool_is_valid(rt, memPool))
    e = cudaErrorInvalidValue;
  else
    e = set ? pool_set(memPool, attr, value) : pool_get(memPool, attr, value);
  pthread_mutex_unlock(&rt->lock);
  return e;
}

cudaError_t cudaMemPoolSetAttribute(cudaMemPool_t memPool,
                                    enum cudaMemPoolAttr attr, void *value) {
  return rt_return(pool_attr(memPool, attr, value, 1));
}

cudaError_t cudaMemPoolGetAttribute(cudaMemPool_t memPool,
                                    enum cudaMemPoolAttr attr, void *value) {
  return rt_return(pool_attr(memPool, attr, value, 0));
}

cudaError_t cudaMemPoolTrimTo(cudaMemPool_t memPool, size_t minBytesToKeep) {
  (void)minBytesToKeep; /* nothing is cached */
  unsigned long long unused;
  return rt_return(
      pool_attr(memPool, cudaMemPoolAttrReleaseThreshold, &unused, 0));
}

/* One device, one memory: every location may access every pool. */
cudaError_t cudaMemPoolSetAccess(cudaMemPool_t memPool,
                                 const struct cudaMemAccessDesc *descList,
                                 size_t count) {
  unsigned long long unused;
  cudaError_t e = pool_attr(memPool, cudaMemPoolAttrReleaseThreshold, &unused, 0);
  if (e == cudaSuccess && count && !descList)
    e = cudaErrorInvalidValue;
  for (size_t i = 0; e == cudaSuccess && i < count; i++)
    if (descList[i].location.type == cudaMemLocationTypeDevice &&
        rt_check_device(rt_global(), descList[i].location.id))
      e = cudaErrorInvalidDevice;
  return rt_return(e);
}

cudaError_t cudaMemPoolGetAccess(enum cudaMemAccessFlags *flags,
                                 cudaMemPool_t memPool,
                                 struct cudaMemLocation *location) {
  unsigned long long unused;
  cudaError_t e = pool_attr(memPool, cudaMemPoolAttrReleaseThreshold, &unused, 0);
  if (e == cudaSuccess && (!flags || !location))
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    *flags = cudaMemAccessFlagsProtReadWrite;
  return rt_return(e);
}

/* A location is the host or device 0 (cudaMemLocationTypeHost ignores id). */
static cudaError_t check_location(struct cudaMemLocation loc) {
  switch (loc.type) {
  case cudaMemLocationTypeDevice:
    return rt_check_device(rt_global(), loc.id);
  case cudaMemLocationTypeHost:
  case cudaMemLocationTypeHostNuma:
  case cudaMemLocationTypeHostNumaCurrent:
    return cudaSuccess;
  case cudaMemLocationTypeInvalid:
  default:
    return cudaErrorInvalidValue;
  }
}

/* The CPU device's memory is the host's: prefetching has nothing to move. */
cudaError_t cudaMemPrefetchAsync(const void *devPtr, size_t count,
                                 struct cudaMemLocation location,
                                 unsigned int flags, cudaStream_t stream) {
  Runtime *rt;
  cudaError_t e = enter_with_stream(&rt, stream);
  if (e == cudaSuccess && (!devPtr || !count || flags))
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    e = check_location(location);
  return rt_return(e);
}

cudaError_t cudaMemAdvise(const void *devPtr, size_t count,
                          enum cudaMemoryAdvise advice,
                          struct cudaMemLocation location) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && (!devPtr || !count || advice < cudaMemAdviseSetReadMostly ||
                           advice > cudaMemAdviseUnsetAccessedBy))
    e = cudaErrorInvalidValue;
  /* read-mostly advice ignores the location, as in CUDA */
  if (e == cudaSuccess && advice != cudaMemAdviseSetReadMostly &&
      advice != cudaMemAdviseUnsetReadMostly)
    e = check_location(location);
  return rt_return(e);
}

static int bank_config_is_valid(enum cudaSharedMemConfig c) {
  return c == cudaSharedMemBankSizeDefault ||
         c == cudaSharedMemBankSizeFourByte ||
         c == cudaSharedMemBankSizeEightByte;
}

/* Accepted and ignored: a CPU has no shared-memory banks. */
cudaError_t cudaFuncSetSharedMemConfig(const void *func,
                                       enum cudaSharedMemConfig config) {
  struct cudaFuncAttributes attr;
  cudaError_t e = cudaFuncGetAttributes(&attr, func);
  if (e == cudaSuccess && !bank_config_is_valid(config))
    e = cudaErrorInvalidValue;
  return rt_return(e);
}

cudaError_t cudaDeviceSetSharedMemConfig(enum cudaSharedMemConfig config) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && !bank_config_is_valid(config))
    e = cudaErrorInvalidValue;
  return rt_return(e);
}

cudaError_t cudaDeviceGetSharedMemConfig(enum cudaSharedMemConfig *pConfig) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && !pConfig)
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    *pConfig = cudaSharedMemBankSizeFourByte; /* what current GPUs report */
  return rt_return(e);
}
