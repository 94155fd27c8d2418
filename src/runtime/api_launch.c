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
#include "runtime/memcheck.h"

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

/* Checks a launch on device and packs its parameters into new work. */
cudaError_t launch_prepare(Runtime *rt, const CuwaKernelDesc *k, dim3 g,
                           dim3 b, size_t dyn, void **args, int device,
                           Work **out) {
  cudaError_t e = check_dims(g, b);
  if (e == cudaSuccess)
    e = check_shared(rt, k, dyn);
  if (e == cudaSuccess && k->param_count > 0 && !args)
    e = cudaErrorInvalidValue;
  if (e != cudaSuccess)
    return e;
  size_t align = k->param_buffer_align > sizeof(void *) ? k->param_buffer_align
                                                          : sizeof(void *);
  size_t size = (k->param_buffer_size + align - 1) / align * align;
  Work *w = work_new(WORK_KERNEL, device);
  void *params = w ? aligned_alloc(align, size ? size : align) : NULL;
  if (!params) {
    free(w);
    return cudaErrorMemoryAllocation;
  }
  for (int i = 0; i < k->param_count; i++)
    memcpy((char *)params + k->param_offsets[i], args[i], k->param_sizes[i]);
  w->u.kernel.desc = k;
  w->u.kernel.grid = (CuwaDim3){g.x, g.y, g.z};
  w->u.kernel.block = (CuwaDim3){b.x, b.y, b.z};
  w->u.kernel.shared = dyn;
  w->u.kernel.params = params;
  Device *d = rt_device(rt, device);
  if (d->ops->check_launch) {
    DeviceLaunch l = {k, w->u.kernel.grid, w->u.kernel.block, dyn, params,
                      NULL};
    e = d->ops->check_launch(d, &l);
  }
  if (e != cudaSuccess) {
    work_free(w);
    return e;
  }
  *out = w;
  return cudaSuccess;
}

/* The legacy stream with nothing queued: packs the parameters on the
 * stack and runs the launch at once (the launch-latency path). */
static cudaError_t launch_now(Runtime *rt, const CuwaKernelDesc *k, dim3 g,
                              dim3 b, size_t dyn, void **args) {
  alignas(64) unsigned char params[PARAM_STACK];
  cudaError_t e = check_dims(g, b);
  if (e == cudaSuccess)
    e = check_shared(rt, k, dyn);
  if (e == cudaSuccess && k->param_count > 0 && !args)
    e = cudaErrorInvalidValue;
  if (e != cudaSuccess)
    return e;
  for (int i = 0; i < k->param_count; i++)
    memcpy(params + k->param_offsets[i], args[i], k->param_sizes[i]);
  int device = rt_current();
  Device *d = rt_device(rt, device);
  struct CuwaLaunch state;
  atomic_init(&state.error, 0);
  DeviceLaunch l = {k, {g.x, g.y, g.z}, {b.x, b.y, b.z}, dyn, params, &state};
  memory_managed_to_device(rt, device);
  CuwaKernelDesc checked; /* CUWA_CHECK: the checked variant's desc */
  int checking = memcheck_launch_begin(rt, d, &l, &checked);
  e = d->ops->launch(d, &l);
  if (checking)
    memcheck_launch_end(rt, &l);
  memory_managed_to_host(rt, device);
  int raised = atomic_load(&state.error);
  if (raised)
    rt_raise_async(rt, (cudaError_t)raised); /* reported by the next call */
  return e;
}

/* Checks a launch, packs its parameters and submits it to the stream. */
static cudaError_t launch(const CuwaKernelDesc *k, dim3 g, dim3 b, size_t dyn,
                          cudaStream_t stream, void **args) {
  Runtime *rt;
  Work *w = NULL;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess && stream_is_idle_legacy(rt, stream) &&
      k->param_buffer_size <= PARAM_STACK && k->param_buffer_align <= 64)
    return launch_now(rt, k, g, b, dyn, args);
  if (e == cudaSuccess)
    e = launch_prepare(rt, k, g, b, dyn, args, rt_current(), &w);
  if (e == cudaSuccess)
    e = stream_submit(rt, stream, w);
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
  const struct cudaDeviceProp *p = rt_props(rt, rt_current());
  attr->ptxVersion = p->major * 10 + p->minor;
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
static int blocks_per_sm(const struct cudaDeviceProp *p,
                         const CuwaKernelDesc *k, int block_size, size_t dyn) {
  if (block_size > p->maxThreadsPerBlock)
    return 0;
  int n = p->maxThreadsPerMultiProcessor / block_size;
  if (n > p->maxBlocksPerMultiProcessor)
    n = p->maxBlocksPerMultiProcessor;
  size_t shared = k->static_shared_size + dyn;
  if (shared && (size_t)n * shared > p->sharedMemPerMultiprocessor)
    n = (int)(p->sharedMemPerMultiprocessor / shared);
  return n;
}

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
  *numBlocks = blocks_per_sm(rt_props(rt, rt_current()), ke.desc, blockSize,
                             dynamicSMemSize);
  return cudaSuccess;
}

/* Every block is live at once, so blocks may wait for each other: the grid
 * may have at most as many blocks as fit the device at once (occupancy
 * times multiprocessors), as in CUDA. */
cudaError_t cudaLaunchCooperativeKernel(const void *func, dim3 gridDim,
                                        dim3 blockDim, void **args,
                                        size_t sharedMem, cudaStream_t stream) {
  Runtime *rt;
  KernelEntry ke;
  Work *w = NULL;
  cudaError_t e = rt_enter(&rt);
  if (e == cudaSuccess)
    e = find_kernel(rt, func, &ke);
  int device = rt_current();
  if (e == cudaSuccess && !rt_device(rt, device)->ops->launch_cooperative)
    e = cudaErrorNotSupported;
  if (e == cudaSuccess)
    e = launch_prepare(rt, ke.desc, gridDim, blockDim, sharedMem, args, device, &w);
  if (e == cudaSuccess) {
    const struct cudaDeviceProp *p = rt_props(rt, device);
    unsigned long long blocks =
        (unsigned long long)gridDim.x * gridDim.y * gridDim.z;
    int threads = (int)(blockDim.x * blockDim.y * blockDim.z);
    unsigned long long max = (unsigned long long)blocks_per_sm(p, ke.desc, threads, sharedMem) *
                             (unsigned long long)p->multiProcessorCount;
    if (blocks > max) {
      work_free(w);
      e = cudaErrorCooperativeLaunchTooLarge;
    }
  }
  if (e == cudaSuccess) {
    w->u.kernel.cooperative = 1;
    e = stream_submit(rt, stream, w);
  }
  return rt_return(e);
}

cudaError_t cudaOccupancyMaxActiveBlocksPerMultiprocessor(
    int *numBlocks, const void *func, int blockSize, size_t dynamicSMemSize) {
  return cudaOccupancyMaxActiveBlocksPerMultiprocessorWithFlags(
      numBlocks, func, blockSize, dynamicSMemSize, cudaOccupancyDefault);
}
