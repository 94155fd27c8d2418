/* cpu_device.c: the CPU device. Device memory is host memory (256-byte
 * aligned, as cudaMalloc guarantees); copies are memcpy; launches run
 * synchronously, a one-block launch on the calling thread (no wake-up, a
 * tenth of a microsecond) and larger ones on the thread pool, which is
 * created on the first such launch. CUWA_CPU_THREADS sets how many threads
 * run blocks (caller included); the default is the number of cores. */
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/cpu/cpu.h"
#include "runtime/runtime.h"

typedef struct CpuDevice {
  Device base;
  pthread_mutex_t lock;   /* one launch at a time; guards the fields below */
  int threads;            /* threads that run blocks, caller included */
  CpuPool *pool;          /* NULL until the first multi-block launch */
  CpuSlot caller_slot;    /* for launches the caller runs alone */
} CpuDevice;

static cudaError_t cpu_malloc(Device *dev, size_t size, void **out) {
  void *p = NULL;
  if (posix_memalign(&p, 256, size ? size : 1) != 0)
    return cudaErrorMemoryAllocation;
  *out = p;
  return cudaSuccess;
}

static void cpu_free(Device *dev, void *ptr) { free(ptr); }

/* memmove: overlapping copies are undefined in CUDA; do not make them
 * worse on the CPU. */
static cudaError_t cpu_copy(Device *dev, void *dst, const void *src, size_t n) {
  memmove(dst, src, n);
  return cudaSuccess;
}

static cudaError_t cpu_memset(Device *dev, void *dst, int value, size_t n) {
  memset(dst, value, n);
  return cudaSuccess;
}

static cudaError_t run_on_caller(CpuDevice *cd, const DeviceLaunch *l,
                                 uint64_t blocks) {
  if (cpu_slot_reserve(&cd->caller_slot, l) != 0)
    return cudaErrorMemoryAllocation;
  cpu_run_blocks(l, &cd->caller_slot, 0, blocks);
  return cudaSuccess;
}

static cudaError_t cpu_launch(Device *dev, const DeviceLaunch *l) {
  CpuDevice *cd = dev->impl;
  if (!l->kernel->cpu_block)
    return cudaErrorNoKernelImageForDevice;
  uint64_t blocks = (uint64_t)l->grid.x * l->grid.y * l->grid.z;
  cudaError_t e;
  pthread_mutex_lock(&cd->lock);
  if (blocks == 1 || cd->threads == 1) {
    e = run_on_caller(cd, l, blocks);
  } else {
    if (!cd->pool)
      cd->pool = cpu_pool_new(cd->threads - 1);
    e = cd->pool ? cpu_pool_run(cd->pool, l) : run_on_caller(cd, l, blocks);
  }
  pthread_mutex_unlock(&cd->lock);
  return e;
}

/* Launches finish before cpu_launch returns: nothing is outstanding. */
static cudaError_t cpu_synchronize(Device *dev) { return cudaSuccess; }

static cudaError_t cpu_mem_info(Device *dev, size_t *free_bytes,
                                size_t *total) {
  struct cudaDeviceProp p;
  cpu_fill_properties(&p, 1);
  *free_bytes = cpu_available_memory();
  *total = p.totalGlobalMem;
  return cudaSuccess;
}

static void cpu_properties(Device *dev, struct cudaDeviceProp *prop) {
  CpuDevice *cd = dev->impl;
  cpu_fill_properties(prop, cd->threads);
}

static void cpu_destroy(Device *dev) {
  CpuDevice *cd = dev->impl;
  cpu_pool_free(cd->pool);
  cpu_slot_free(&cd->caller_slot);
  pthread_mutex_destroy(&cd->lock);
  free(cd);
}

static const DeviceOps cpu_ops = {
    .malloc = cpu_malloc,
    .free = cpu_free,
    .memcpy_h2d = cpu_copy,
    .memcpy_d2h = cpu_copy,
    .memcpy_d2d = cpu_copy,
    .memset = cpu_memset,
    .launch = cpu_launch,
    .synchronize = cpu_synchronize,
    .mem_info = cpu_mem_info,
    .properties = cpu_properties,
    .destroy = cpu_destroy,
};

Device *cpu_device_new(char *why, size_t why_size) {
  CpuDevice *cd = calloc(1, sizeof *cd);
  if (!cd) {
    snprintf(why, why_size, "out of memory");
    return NULL;
  }
  pthread_mutex_init(&cd->lock, NULL);
  cd->threads = cpu_count_threads();
  cd->base = (Device){"cpu", &cpu_ops, cd};
  return &cd->base;
}
