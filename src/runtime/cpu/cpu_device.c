/* cpu_device.c: the CPU device. Device memory is host memory (256-byte
 * aligned, as cudaMalloc guarantees); copies are memcpy; a launch runs
 * before it returns, a one-block launch on the calling thread (no
 * wake-up, a tenth of a microsecond) and larger ones on the thread pool,
 * which is created on the first such launch. Launches from several
 * threads (the runtime's stream threads) run concurrently and share the
 * pool. CUWA_CPU_THREADS sets how many threads run blocks (caller
 * included); the default is the number of cores. */
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/cpu/cpu.h"
#include "runtime/runtime.h"

#define SPARE_SLOTS 16 /* launcher slots kept for reuse */

typedef struct CpuDevice {
  Device base;
  pthread_mutex_t lock;   /* guards the fields below */
  int threads;            /* threads that run blocks, caller included */
  CpuPool *pool;          /* NULL until the first multi-block launch */
  CpuSlot *spare[SPARE_SLOTS]; /* launchers' block memory, for reuse */
  int spare_count;
  _Atomic(CpuSlot *) cached;   /* one more, taken without the lock */
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

/* Block memory for one launcher thread, reused across launches. */
static CpuSlot *take_slot(CpuDevice *cd) {
  CpuSlot *c = atomic_exchange(&cd->cached, NULL);
  if (c)
    return c; /* one launcher at a time: no lock */
  pthread_mutex_lock(&cd->lock);
  CpuSlot *s = cd->spare_count ? cd->spare[--cd->spare_count] : NULL;
  pthread_mutex_unlock(&cd->lock);
  return s ? s : calloc(1, sizeof *s);
}

static void give_slot(CpuDevice *cd, CpuSlot *s) {
  CpuSlot *none = NULL;
  if (atomic_compare_exchange_strong(&cd->cached, &none, s))
    return;
  pthread_mutex_lock(&cd->lock);
  if (cd->spare_count < SPARE_SLOTS) {
    cd->spare[cd->spare_count++] = s;
    s = NULL;
  }
  pthread_mutex_unlock(&cd->lock);
  if (s) {
    cpu_slot_free(s);
    free(s);
  }
}

static CpuPool *get_pool(CpuDevice *cd) {
  pthread_mutex_lock(&cd->lock);
  if (!cd->pool)
    cd->pool = cpu_pool_new(cd->threads - 1);
  CpuPool *p = cd->pool;
  pthread_mutex_unlock(&cd->lock);
  return p;
}

static cudaError_t cpu_launch(Device *dev, const DeviceLaunch *l);

typedef struct CoopBlock {
  const DeviceLaunch *launch;
  uint64_t index;           /* the block it runs */
  CpuSlot slot;
} CoopBlock;

static void *run_coop_block(void *arg) {
  CoopBlock *b = arg;
  cpu_run_blocks(b->launch, &b->slot, b->index, b->index + 1);
  cpu_grid_block_done(b->launch->state); /* grid.sync(): fiber.c */
  return NULL;
}

/* One OS thread per block (the caller runs block 0), so that blocks can
 * wait for each other; the runtime bounded the grid by the occupancy. */
static cudaError_t cpu_launch_cooperative(Device *dev, const DeviceLaunch *l) {
  if (!l->kernel->cpu_block)
    return cudaErrorNoKernelImageForDevice;
  uint64_t n = (uint64_t)l->grid.x * l->grid.y * l->grid.z;
  CoopBlock *blocks = calloc(n, sizeof *blocks);
  pthread_t *threads = calloc(n, sizeof *threads);
  cudaError_t e = blocks && threads ? cudaSuccess : cudaErrorMemoryAllocation;
  uint64_t started = 1;
  CpuGrid grid; /* grid.sync() waits for the blocks (fiber.c) */
  cpu_grid_begin(&grid, l->state, n);
  for (uint64_t i = 0; e == cudaSuccess && i < n; i++) {
    blocks[i] = (CoopBlock){l, i, {0}};
    if (cpu_slot_reserve(&blocks[i].slot, l) != 0)
      e = cudaErrorMemoryAllocation;
  }
  for (; e == cudaSuccess && started < n; started++)
    if (pthread_create(&threads[started], NULL, run_coop_block, &blocks[started]) != 0) {
      e = cudaErrorLaunchOutOfResources; /* started blocks are joined; a
                                            grid barrier in them fails: the
                                            OS refused threads */
      break;
    }
  if (e == cudaSuccess)
    run_coop_block(&blocks[0]);
  else
    for (uint64_t i = started; i <= n; i++) /* never run: no grid.sync() waits for them */
      cpu_grid_block_done(l->state);
  for (uint64_t i = 1; i < started && threads; i++)
    pthread_join(threads[i], NULL);
  cpu_grid_end(&grid);
  for (uint64_t i = 0; blocks && i < n; i++)
    cpu_slot_free(&blocks[i].slot);
  free(blocks);
  free(threads);
  cdp_finish_grid(dev, l, e, cpu_launch); /* the grids it launched: cdp.c */
  return e;
}

static cudaError_t cpu_check_launch(Device *dev, const DeviceLaunch *l) {
  return l->kernel->cpu_block ? cudaSuccess : cudaErrorNoKernelImageForDevice;
}

static cudaError_t cpu_launch(Device *dev, const DeviceLaunch *l) {
  CpuDevice *cd = dev->impl;
  if (!l->kernel->cpu_block)
    return cudaErrorNoKernelImageForDevice;
  uint64_t blocks = (uint64_t)l->grid.x * l->grid.y * l->grid.z;
  CpuSlot *slot = take_slot(cd);
  if (!slot)
    return cudaErrorMemoryAllocation;
  CpuPool *pool = blocks == 1 || cd->threads == 1 ? NULL : get_pool(cd);
  cudaError_t e = cudaSuccess;
  if (pool) {
    e = cpu_pool_run(pool, l, slot);
  } else if (cpu_slot_reserve(slot, l) != 0) {
    e = cudaErrorMemoryAllocation;
  } else {
    cpu_run_blocks(l, slot, 0, blocks);
  }
  give_slot(cd, slot);
  cdp_finish_grid(dev, l, e, cpu_launch); /* the grids it launched: cdp.c */
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
  prop->cooperativeLaunch = 1; /* cpu_launch_cooperative */
}

static void cpu_destroy(Device *dev) {
  CpuDevice *cd = dev->impl;
  cpu_pool_free(cd->pool);
  CpuSlot *c = atomic_load(&cd->cached);
  if (c) {
    cpu_slot_free(c);
    free(c);
  }
  for (int i = 0; i < cd->spare_count; i++) {
    cpu_slot_free(cd->spare[i]);
    free(cd->spare[i]);
  }
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
    .check_launch = cpu_check_launch,
    .caps = DEVICE_CAP_HOST_MEMORY,
    .launch_cooperative = cpu_launch_cooperative,
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
