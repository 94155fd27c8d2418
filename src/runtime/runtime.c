/* runtime.c: the process-wide Runtime (one, like libcudart's primary
 * context), device selection from CUWA_DEVICE, the per-thread last error
 * and the sticky error, the list of devices (CUWA_DEVICE) with each host
 * thread's current one, and cudaDeviceReset's clean-up. The global below
 * is the only mutable global of libcuwa besides per-thread state; every
 * field is guarded by its mutex or atomic. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "runtime/runtime.h"
#include "runtime/memcheck.h"
#include "runtime/cuda/cuda.h"
#include "runtime/webgpu/webgpu.h"

static Runtime g_runtime = {
    .lock = PTHREAD_MUTEX_INITIALIZER,
    .once = PTHREAD_ONCE_INIT,
    .all_once = PTHREAD_ONCE_INIT,
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

static _Thread_local int tls_device; /* cudaSetDevice, per host thread */

/* "cuda:K": GPU K alone; K, or -1 when kind is not of that form. */
static int cuda_ordinal(const char *kind) {
  if (strncmp(kind, "cuda:", 5) != 0 || kind[5] < '0' || kind[5] > '9')
    return -1;
  char *end = NULL;
  long k = strtol(kind + 5, &end, 10);
  return *end || k > 1000 ? -1 : (int)k;
}

/* One device of kind; gpu: which GPU "cuda" (all GPUs) opens. */
static Device *open_kind(const char *kind, int gpu, char *why,
                         size_t why_size) {
  if (strcmp(kind, "cpu") == 0)
    return cpu_device_new(why, why_size);
  if (strcmp(kind, "cuda") == 0)
    return cuda_device_open(gpu, why, why_size, false);
  if (cuda_ordinal(kind) >= 0)
    return cuda_device_open(cuda_ordinal(kind), why, why_size, false);
  if (strcmp(kind, "webgpu") == 0)
    return webgpu_device_new(why, why_size);
  snprintf(why, why_size, "unknown device (expected cpu, webgpu, cuda or cuda:N)");
  return NULL;
}

/* CUWA_DEVICE is a comma-separated list of kinds: exactly those devices,
 * in that order (one name: that device alone); "cuda" is every GPU the
 * driver shows, "cuda:K" GPU K. Unset, device 0 is the best one (a GPU
 * when the driver works and every module has PTX, else the CPU) and every
 * other kind follows (cpu, webgpu, cuda; with a GPU first: cuda, webgpu,
 * cpu). */
static void plan_devices(Runtime *rt, const char *want) {
  static char list[256];
  static const char *const all[] = {"cpu", "webgpu", "cuda"};
  if (want && *want) {
    snprintf(list, sizeof list, "%s", want);
    char *save = NULL;
    for (char *k = strtok_r(list, ",", &save); k && rt->kind_count < RT_MAX_DEVICES;
         k = strtok_r(NULL, ",", &save))
      rt->kinds[rt->kind_count++] = k;
    return;
  }
  for (int i = 0; i < 3; i++)
    rt->kinds[rt->kind_count++] = all[i];
}

static void add_device(Runtime *rt, Device *d) {
  int n = atomic_load(&rt->device_count);
  rt->devs[n].dev = d;
  d->ops->properties(d, &rt->devs[n].props);
  atomic_store(&rt->device_count, n + 1);
}

static void rt_init(void) {
  Runtime *rt = &g_runtime;
  char why[256] = "";
  const char *want = getenv("CUWA_DEVICE");
  if (memcheck_init() && (!want || !*want))
    want = "cpu"; /* CUWA_CHECK checks kernels on the cpu device */
  reset_settings(rt);
  pthread_mutex_init(&rt->work_lock, NULL);
  pthread_cond_init(&rt->work_done, NULL);
  plan_devices(rt, want);
  Device *first = NULL;
  if (!want || !*want) { /* a GPU that runs every module, else the CPU */
    first = cuda_device_open(0, why, sizeof why, true);
    if (first)
      rt->kinds[2] = "cpu", rt->kinds[0] = "cuda"; /* cuda, webgpu, cpu */
    else
      first = cpu_device_new(why, sizeof why);
  } else if (rt->kind_count > 0) {
    first = open_kind(rt->kinds[0], 0, why, sizeof why);
  }
  if (!first) {
    fprintf(stderr, "cuwa: device '%s' is not available: %s\n",
            rt->kind_count ? rt->kinds[0] : "cpu", why);
    rt->init_error = cudaErrorNoDevice;
    return;
  }
  add_device(rt, first);
}

static void open_one(Runtime *rt, const char *kind, int gpu) {
  char why[256] = "";
  Device *d = open_kind(kind, gpu, why, sizeof why);
  if (d)
    add_device(rt, d);
  else if (getenv("CUWA_DEVICE") && *getenv("CUWA_DEVICE"))
    fprintf(stderr, "cuwa: device '%s' is not available: %s\n", kind, why);
}

/* The devices after the first, opened when a program first asks about
 * them (cudaGetDeviceCount, an ordinal above 0): a program that uses one
 * device never pays for opening the others. "cuda" opens every GPU (the
 * first one already, when it is device 0). */
static void open_rest(void) {
  Runtime *rt = &g_runtime;
  for (int i = 0; i < rt->kind_count; i++) {
    if (strcmp(rt->kinds[i], "cuda") != 0) {
      if (i > 0 && rt->device_count < RT_MAX_DEVICES)
        open_one(rt, rt->kinds[i], 0);
      continue;
    }
    char why[256] = "";
    int gpus = cuda_device_count(why, sizeof why);
    if (gpus == 0 && i > 0 && getenv("CUWA_DEVICE") && *getenv("CUWA_DEVICE"))
      fprintf(stderr, "cuwa: device 'cuda' is not available: %s\n", why);
    for (int g = i == 0 ? 1 : 0; g < gpus && rt->device_count < RT_MAX_DEVICES; g++)
      open_one(rt, "cuda", g);
  }
}

int rt_device_count(Runtime *rt) {
  if (rt->init_error == cudaSuccess)
    pthread_once(&rt->all_once, open_rest);
  return atomic_load(&rt->device_count);
}

int rt_current(void) { return tls_device; }

void rt_set_current(int device) { tls_device = device; }

Device *rt_device(Runtime *rt, int device) { return rt->devs[device].dev; }

const struct cudaDeviceProp *rt_props(Runtime *rt, int device) {
  return &rt->devs[device].props;
}

cudaError_t rt_check_device(Runtime *rt, int device) {
  if (device < 0)
    return cudaErrorInvalidDevice;
  if (device < atomic_load(&rt->device_count))
    return cudaSuccess;
  return device < rt_device_count(rt) ? cudaSuccess : cudaErrorInvalidDevice;
}

int rt_host_memory(Runtime *rt, int device) {
  return (rt->devs[device].dev->ops->caps & DEVICE_CAP_HOST_MEMORY) != 0;
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
  stream_wait_device(rt, -1, 0);
  pthread_mutex_lock(&rt->lock);
  struct CUstream_st *streams = rt->streams;
  rt->streams = NULL;
  pthread_mutex_unlock(&rt->lock);
  while (streams) { /* outside the lock: their threads may need it */
    struct CUstream_st *s = streams;
    streams = s->next;
    stream_free(rt, s);
  }
  pthread_mutex_lock(&rt->lock);
  for (size_t i = 0; i < rt->allocs.count; i++) {
    Allocation *a = &rt->allocs.items[i];
    Device *d = rt->devs[a->device].dev;
    if (a->kind == ALLOC_DEVICE || a->kind == ALLOC_MANAGED)
      d->ops->free(d, a->base);
    else if (a->kind == ALLOC_HOST)
      free(a->base);
  }
  alloc_table_free(&rt->allocs);
  pthread_mutex_lock(&rt->work_lock);
  while (rt->events) {
    struct CUevent_st *ev = rt->events;
    rt->events = ev->next;
    ev->destroyed = 1;
    ev->refs++;
    event_release_locked(rt, ev); /* frees it unless work still names it */
  }
  pthread_mutex_unlock(&rt->work_lock);
  for (int d = 0; d < rt->device_count; d++)
    rt->devs[d].peers = 0;
  registry_reset_attributes(&rt->reg);
  reset_settings(rt);
  atomic_store(&rt->pending, 0);
  atomic_store(&rt->sticky, 0);
  atomic_store(&rt->deferred, 0);
  pthread_mutex_unlock(&rt->lock);
}

double rt_now_ms(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (double)ts.tv_sec * 1e3 + (double)ts.tv_nsec / 1e6;
}
