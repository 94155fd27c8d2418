/* api_launch.c: kernel launches: the <<<>>> path (cuwaPushCallConfiguration
 * then the stub's cuwa_launch_stub), cudaLaunchKernel through the stub
 * registry, the launch checks of CUDA 13 on an H100 (bad configurations
 * return cudaErrorInvalidValue, do not run, are not sticky), parameter
 * packing, and the cudaFunc* / occupancy queries. It does not run blocks:
 * the device does. */
#include <stdalign.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/runtime.h"

#define CONFIG_DEPTH 16   /* nested <<<>>> in launch arguments */
#define PARAM_STACK 4096  /* parameter buffers up to this stay on the stack */

typedef struct CallConfig {
  dim3 grid, block;
  size_t shared;
  cudaStream_t stream;
} CallConfig;

static _Thread_local CallConfig tls_configs[CONFIG_DEPTH];
static _Thread_local int tls_config_depth;

int cuwaPushCallConfiguration(dim3 gridDim, dim3 blockDim, size_t sharedMem,
                              cudaStream_t stream) {
  if (tls_config_depth == CONFIG_DEPTH) {
    rt_return(cudaErrorInvalidConfiguration); /* the launch is skipped */
    return 1;
  }
  CallConfig c = {gridDim, blockDim, sharedMem, stream};
  tls_configs[tls_config_depth++] = c;
  return 0;
}

static cudaError_t check_dims(dim3 g, dim3 b) {
  unsigned long long threads = (unsigned long long)b.x * b.y * b.z;
  if (!g.x || !g.y || !g.z || !b.x || !b.y || !b.z)
    return cudaErrorInvalidValue;
  if (b.x > RT_MAX_BLOCK_X || b.y > RT_MAX_BLOCK_Y || b.z > RT_MAX_BLOCK_Z ||
      threads > RT_MAX_THREADS_PER_BLOCK)
    return cudaErrorInvalidValue;
  if (g.x > RT_MAX_GRID_X || g.y > RT_MAX_GRID_YZ || g.z > RT_MAX_GRID_YZ)
    return cudaErrorInvalidValue;
  return cudaSuccess;
}

/* Dynamic shared memory above the default needs the kernel's opt-in
 * (cudaFuncAttributeMaxDynamicSharedMemorySize), looked up only then. */
static cudaError_t check_shared(Runtime *rt, const CuwaKernelDesc *k,
                                size_t dyn) {
  size_t fixed = k->static_shared_size;
  if (fixed + dyn <= RT_SHARED_PER_BLOCK)
    return cudaSuccess;
  pthread_mutex_lock(&rt->lock);
  KernelEntry *ke = registry_find_desc(&rt->reg, k);
  size_t max = ke ? (size_t)ke->max_dyn_shared : 0;
  pthread_mutex_unlock(&rt->lock);
  if (fixed <= RT_SHARED_PER_BLOCK_OPTIN && dyn <= max)
    return cudaSuccess;
  return cudaErrorInvalidValue;
}

static cudaError_t run_launch(Runtime *rt, const CuwaKernelDesc *k, dim3 g,
                              dim3 b, size_t dyn, void **args,
                              void *param_buf) {
  if (k->param_count > 0 && !args)
    return cudaErrorInvalidValue;
  for (int i = 0; i < k->param_count; i++)
    memcpy((char *)param_buf + k->param_offsets[i], args[i],
           k->param_sizes[i]);
  struct CuwaLaunch state;
  atomic_init(&state.error, 0);
  DeviceLaunch l = {k, {g.x, g.y, g.z}, {b.x, b.y, b.z}, dyn, param_buf,
                    &state};
  cudaError_t e = rt->device->ops->launch(rt->device, &l);
  int raised = atomic_load(&state.error);
  if (raised)
    rt_raise_async(rt, (cudaError_t)raised); /* reported by the next call */
  return e;
}

/* Checks a launch, packs its parameters and hands it to the device. */
static cudaError_t launch(const CuwaKernelDesc *k, dim3 g, dim3 b, size_t dyn,
                          cudaStream_t stream, void **args) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess)
    e = check_dims(g, b);
  if (e == cudaSuccess)
    e = check_shared(rt, k, dyn);
  if (e == cudaSuccess && stream && !stream_is_valid(rt, stream))
    e = cudaErrorInvalidResourceHandle;
  if (e != cudaSuccess)
    return e;
  size_t align = k->param_buffer_align ? k->param_buffer_align : 1;
  if (k->param_buffer_size <= PARAM_STACK && align <= 64) {
    alignas(64) unsigned char buf[PARAM_STACK];
    return run_launch(rt, k, g, b, dyn, args, buf);
  }
  size_t size = (k->param_buffer_size + align - 1) / align * align;
  void *heap = aligned_alloc(align < sizeof(void *) ? sizeof(void *) : align,
                             size);
  if (!heap)
    return cudaErrorMemoryAllocation;
  e = run_launch(rt, k, g, b, dyn, args, heap);
  free(heap);
  return e;
}

int cuwa_launch_stub(const CuwaKernelDesc *k, void **args) {
  if (tls_config_depth == 0)
    return rt_return(cudaErrorMissingConfiguration);
  CallConfig c = tls_configs[--tls_config_depth];
  return rt_return(launch(k, c.grid, c.block, c.shared, c.stream, args));
}

/* The registry entry of a stub, copied out under the lock. */
static cudaError_t find_kernel(Runtime *rt, const void *func,
                               KernelEntry *out) {
  pthread_mutex_lock(&rt->lock);
  KernelEntry *ke = func ? registry_find_stub(&rt->reg, func) : NULL;
  if (ke)
    *out = *ke;
  pthread_mutex_unlock(&rt->lock);
  return ke ? cudaSuccess : cudaErrorInvalidResourceHandle; /* as CUDA 13 */
}

cudaError_t cudaLaunchKernel(const void *func, dim3 gridDim, dim3 blockDim,
                             void **args, size_t sharedMem,
                             cudaStream_t stream) {
  Runtime *rt;
  KernelEntry ke;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess)
    e = find_kernel(rt, func, &ke);
  if (e == cudaSuccess)
    e = launch(ke.desc, gridDim, blockDim, sharedMem, stream, args);
  return rt_return(e);
}

cudaError_t cudaFuncGetAttributes(struct cudaFuncAttributes *attr,
                                  const void *func) {
  Runtime *rt;
  KernelEntry ke;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && !attr)
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    e = find_kernel(rt, func, &ke);
  if (e != cudaSuccess)
    return rt_return(e);
  memset(attr, 0, sizeof *attr);
  attr->sharedSizeBytes = ke.desc->static_shared_size;
  attr->localSizeBytes = ke.desc->scratch_per_thread;
  attr->maxThreadsPerBlock = RT_MAX_THREADS_PER_BLOCK;
  attr->ptxVersion = rt->props.major * 10 + rt->props.minor;
  attr->binaryVersion = attr->ptxVersion;
  attr->maxDynamicSharedSizeBytes = ke.max_dyn_shared;
  attr->preferredShmemCarveout = ke.carveout;
  return cudaSuccess;
}

cudaError_t cudaFuncSetAttribute(const void *func, enum cudaFuncAttribute attr,
                                 int value) {
  Runtime *rt;
  cudaError_t e = rt_enter(&rt);
  if (e != cudaSuccess)
    return rt_return(e);
  pthread_mutex_lock(&rt->lock);
  KernelEntry *ke = func ? registry_find_stub(&rt->reg, func) : NULL;
  if (!ke) {
    e = cudaErrorInvalidResourceHandle;
  } else if (attr == cudaFuncAttributeMaxDynamicSharedMemorySize) {
    long max = RT_SHARED_PER_BLOCK_OPTIN - (long)ke->desc->static_shared_size;
    if (value < 0 || value > max)
      e = cudaErrorInvalidValue;
    else
      ke->max_dyn_shared = value;
  } else if (attr == cudaFuncAttributePreferredSharedMemoryCarveout) {
    if (value < -1 || value > 100)
      e = cudaErrorInvalidValue;
    else
      ke->carveout = value;
  } else if (attr < cudaFuncAttributeMaxDynamicSharedMemorySize ||
             attr >= cudaFuncAttributeMax) {
    e = cudaErrorInvalidValue;
  } /* cluster attributes: accepted; cuwa launches no clusters */
  pthread_mutex_unlock(&rt->lock);
  return rt_return(e);
}

cudaError_t cudaFuncSetCacheConfig(const void *func,
                                   enum cudaFuncCache cacheConfig) {
  Runtime *rt;
  KernelEntry ke;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess)
    e = find_kernel(rt, func, &ke);
  if (e == cudaSuccess && ((int)cacheConfig < 0 ||
                           cacheConfig > cudaFuncCachePreferEqual))
    e = cudaErrorInvalidValue;
  return rt_return(e); /* a preference; nothing to change on a CPU */
}

/* Blocks of this size that fit one "multiprocessor" at once, by the same
 * thread, block and shared-memory limits the properties report. */
cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
    int *numBlocks, const void *func, int blockSize, size_t dynamicSMemSize,
    unsigned int flags) {
  Runtime *rt;
  KernelEntry ke;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && (!numBlocks || blockSize <= 0 ||
                           (flags & ~(unsigned)cudaOccupancyDisableCachingOverride)))
    e = cudaErrorInvalidValue;
  if (e == cudaSuccess)
    e = find_kernel(rt, func, &ke);
  if (e != cudaSuccess)
    return rt_return(e);
  const struct cudaDeviceProp *p = &rt->props;
  if (blockSize > p->maxThreadsPerBlock) {
    *numBlocks = 0;
    return cudaSuccess;
  }
  int n = p->maxThreadsPerMultiProcessor / blockSize;
  if (n > p->maxBlocksPerMultiProcessor)
    n = p->maxBlocksPerMultiProcessor;
  size_t shared = ke.desc->static_shared_size + dynamicSMemSize;
  if (shared && (size_t)n * shared > p->sharedMemPerMultiprocessor)
    n = (int)(p->sharedMemPerMultiprocessor / shared);
  *numBlocks = n;
  return cudaSuccess;
}

cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessor(
    int *numBlocks, const void *func, int blockSize, size_t dynamicSMemSize) {
  return cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
      numBlocks, func, blockSize, dynamicSMemSize, cudaOccupancyDefault);
}
