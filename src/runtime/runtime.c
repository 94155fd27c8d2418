/* runtime.c: the process-wide Runtime (one, like libcudart's primary
 * context), device selection from CUWA_DEVICE, the per-thread last error
 * and the sticky error, and cudaDeviceReset's clean-up. The global below
 * is the only mutable global of libcuwa besides per-thread state; every
 * field is guarded by its mutex or atomic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runtime/runtime.h"
#include "runtime/cuda/cuda.h"
#include "runtime/webgpu/webgpu.h"

static Runtime g_runtime = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .once = PTHREAD_ONCE_INIT,
};

static _Thread_local cudaError_t tls_last_error;

/* CUDA 13 defaults on an H100, indexed by enum cudaLimit. */
static const size_t default_limits[RT_LIMIT_COUNT] = {
    1024,    /* cudaLimitStackSize */
    8650752, /* cudaLimitPrintfFifoSize */
    8388608, /* cudaLimitMallocHeapSize */
    2,       /* cudaLimitDevRuntimeSyncDepth */
    2048,    /* cudaLimitDevRuntimePendingLaunchCount */
    32,      /* cudaLimitMaxL2FetchGranularity */
    0,       /* cudaLimitPersistingL2CacheSize */
};

Runtime *rt_global(void) { return &g_runtime; }

static void reset_settings(Runtime *rt) {
  rt->device_flags = cudaDeviceMapHost; /* what CUDA reports by default */
  rt->cache_config = cudaFuncCachePreferNone;
  memcpy(rt->limits, default_limits, sizeof rt->limits);
}

/* CUWA_DEVICE names the device; unset means the best one present: a GPU
 * when the driver works and every module has PTX, else the CPU. */
static Device *select_device(const char *want, char *why, size_t why_size) {
  Device *gpu = NULL;
  if (!want || !*want) /* a GPU that runs every module */
    gpu = cuda_device_new(why, why_size, true);
  if (gpu)
    return gpu;
  if (!want || !*want || strcmp(want, "cpu") == 0)
    return cpu_device_new(why, why_size);
  if (strcmp(want, "cuda") == 0)
    return cuda_device_new(why, why_size, false);
  if (strcmp(want, "webgpu") == 0)
    return webgpu_device_new(why, why_size);
  snprintf(why, why_size, "unknown device (expected cpu, webgpu or cuda)");
  return NULL;
}

static void rt_init(void) {
  Runtime *rt = &g_runtime;
  char why[256] = "";
  const char *want = getenv("CUWA_DEVICE");
  reset_settings(rt);
  rt->device = select_device(want, why, sizeof why);
  if (!rt->device) {
    fprintf(stderr, "cuwa: device '%s' is not available: %s\n",
            want && *want ? want : "cpu", why);
    rt->init_error = cudaErrorNoDevice;
    return;
  }
  rt->device->ops->properties(rt->device, &rt->props);
}

cudaError_t rt_init_checked(Runtime **out) {
  pthread_once(&g_runtime.once, rt_init);
  *out = &g_runtime;
  return g_runtime.init_error;
}

cudaError_t rt_enter(Runtime **out) {
  cudaError_t e = rt_init_checked(out);
  if (e != cudaSuccess)
    return e;
  if (atomic_load_explicit(&g_runtime.pending, memory_order_relaxed)) {
    int p = atomic_exchange(&g_runtime.pending, 0);
    int none = 0;
    if (p)
      atomic_compare_exchange_strong(&g_runtime.sticky, &none, p);
  }
  return (cudaError_t)atomic_load_explicit(&g_runtime.sticky,
                                           memory_order_relaxed);
}

cudaError_t rt_return(cudaError_t e) {
  if (e != cudaSuccess)
    tls_last_error = e;
  return e;
}

cudaError_t rt_take_last_error(void) {
  cudaError_t e = tls_last_error;
  tls_last_error = cudaSuccess;
  return e;
}

cudaError_t rt_peek_last_error(void) { return tls_last_error; }

void rt_raise_async(Runtime *rt, cudaError_t e) {
  int none = 0;
  atomic_compare_exchange_strong(&rt->pending, &none, (int)e);
}

/* cudaDeviceReset: frees what the context owned (memory, streams, events,
 * settings) and clears the sticky error, so a program can go on. */
void rt_reset(Runtime *rt) {
  pthread_mutex_lock(&rt->lock);
  for (size_t i = 0; i < rt->allocs.count; i++) {
    Allocation *a = &rt->allocs.items[i];
    if (a->kind == ALLOC_DEVICE || a->kind == ALLOC_MANAGED)
      rt->device->ops->free(rt->device, a->base);
    else if (a->kind == ALLOC_HOST)
      free(a->base);
  }
  alloc_table_free(&rt->allocs);
  while (rt->streams) {
    struct CUstream_st *s = rt->streams;
    rt->streams = s->next;
    free(s);
  }
  while (rt->events) {
    struct CUevent_st *ev = rt->events;
    rt->events = ev->next;
    free(ev);
  }
  registry_reset_attributes(&rt->reg);
  reset_settings(rt);
  atomic_store(&rt->pending, 0);
  atomic_store(&rt->sticky, 0);
  pthread_mutex_unlock(&rt->lock);
}

double rt_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}
