/* cpu.h: the CPU device's parts: a pool of worker threads that run the
 * blocks of a launch (pool.c), per-thread block memory (CpuSlot), and the
 * device properties read from the host (props.c). cpu_device.c ties them
 * to the device interface. Nothing here is visible outside src/runtime. */
#ifndef CUWA_RUNTIME_CPU_H
#define CUWA_RUNTIME_CPU_H

#include <stddef.h>

#include "runtime/device.h"

/* Memory one block-running thread reuses from block to block. */
typedef struct CpuSlot {
  char *shared;         /* static + dynamic __shared__ of the block */
  size_t shared_cap;
  char *scratch;        /* back end's per-thread arrays */
  size_t scratch_cap;
} CpuSlot;

/* Makes slot big enough for launch l; 0, or -1 when out of memory. */
int cpu_slot_reserve(CpuSlot *slot, const DeviceLaunch *l);
void cpu_slot_free(CpuSlot *slot);
/* Runs blocks [begin, end) of l on the calling thread using slot. */
void cpu_run_blocks(const DeviceLaunch *l, CpuSlot *slot, uint64_t begin,
                    uint64_t end);

typedef struct CpuPool CpuPool;
/* workers: threads besides the caller, at least 1. NULL on failure. */
CpuPool *cpu_pool_new(int workers);
void cpu_pool_free(CpuPool *p);
/* Runs every block of l on the workers and the calling thread (which
 * uses slot); several threads may call it at once. */
cudaError_t cpu_pool_run(CpuPool *p, const DeviceLaunch *l, CpuSlot *slot);

/* fiber.c: the grid barrier of a cooperative launch (cuwa_grid_sync):
 * cpu_device.c registers the launch while its blocks run and says when
 * each block is done (one that is done can never arrive: a deadlock). */
typedef struct CpuGrid {
  struct CuwaLaunch *launch;
  uint64_t blocks, arrived, done;
  unsigned long long generation;
  int failed;
  const char *file;       /* the last grid.sync() reached, for messages */
  uint32_t line;
  struct CpuGrid *next;
} CpuGrid;
void cpu_grid_begin(CpuGrid *g, struct CuwaLaunch *launch, uint64_t blocks);
void cpu_grid_block_done(struct CuwaLaunch *launch);
void cpu_grid_end(CpuGrid *g);

/* cdp.c: dynamic parallelism. After the blocks of l ran (e: how the
 * launch went), runs the grids they launched, each through launch
 * (which calls this again for the child); nothing to do for a grid that
 * launched none. */
void cdp_finish_grid(Device *dev, const DeviceLaunch *l, cudaError_t e,
                     cudaError_t (*launch)(Device *, const DeviceLaunch *));

/* props.c */
int cpu_count_threads(void);  /* CUWA_CPU_THREADS, else online cores */
void cpu_fill_properties(struct cudaDeviceProp *prop, int threads);
size_t cpu_available_memory(void);

#endif
