/* runtime.h: libcuwa's internal state, shared by the api_*.c files.
 * There is one Runtime per process (as libcudart has one context per
 * device): the registry of kernels and variables, the chosen Device, the
 * allocation table, streams, events and the sticky error, guarded by one
 * mutex. The last error and the <<<>>> configuration are per host thread,
 * as in CUDA. Not for user programs; the device side is device.h. */
#ifndef CUWA_RUNTIME_RUNTIME_H
#define CUWA_RUNTIME_RUNTIME_H

#include <pthread.h>
#include <stdatomic.h>
#include <stddef.h>

#include "cuda_runtime_api.h"
#include "cuwa/kernel_abi.h"
#include "runtime/device.h"

/* Values CUDA 13 reports on an H100 that cuwa reports too (checked). */
#define RT_MAX_THREADS_PER_BLOCK 1024
#define RT_MAX_BLOCK_X 1024
#define RT_MAX_BLOCK_Y 1024
#define RT_MAX_BLOCK_Z 64
#define RT_MAX_GRID_X 2147483647u
#define RT_MAX_GRID_YZ 65535u
#define RT_SHARED_PER_BLOCK 49152         /* without opt-in */
#define RT_SHARED_PER_BLOCK_OPTIN 232448  /* cudaFuncSetAttribute maximum */
#define RT_LIMIT_COUNT 7                  /* enum cudaLimit values */

/* Per-launch state that device code can reach (CuwaBlockCtx.launch). */
struct CuwaLaunch {
  atomic_int error; /* cudaError_t raised by device code, 0 if none */
};

typedef enum AllocKind {
  ALLOC_DEVICE,     /* cudaMalloc, cudaMallocPitch */
  ALLOC_MANAGED,    /* cudaMallocManaged */
  ALLOC_HOST,       /* cudaMallocHost, cudaHostAlloc */
  ALLOC_REGISTERED  /* cudaHostRegister: the user owns the memory */
} AllocKind;

typedef struct Allocation {
  char *base;        /* first byte */
  size_t size;       /* bytes (at least 1, so ranges are never empty) */
  AllocKind kind;
  unsigned flags;    /* cudaHostAlloc / cudaHostRegister flags */
} Allocation;

/* Allocations sorted by base, for exact frees and pointer lookups. */
typedef struct AllocTable {
  Allocation *items;
  size_t count, cap;
} AllocTable;

int alloc_table_insert(AllocTable *t, Allocation a);      /* 0, or -1 OOM */
Allocation *alloc_table_find(AllocTable *t, const void *p); /* containing */
void alloc_table_remove(AllocTable *t, Allocation *a);
void alloc_table_free(AllocTable *t);

typedef struct KernelEntry {
  const void *stub;             /* host stub address (cudaLaunchKernel key) */
  const CuwaKernelDesc *desc;   /* the device side's description */
  int max_dyn_shared;           /* cudaFuncAttributeMaxDynamicSharedMemorySize */
  int carveout;                 /* cudaFuncAttributePreferredSharedMemoryCarveout */
} KernelEntry;

typedef struct VarEntry {
  const void *shadow;           /* host shadow address (symbol key) */
  const CuwaVarDesc *desc;
} VarEntry;

/* Filled by constructors before main, in any order across units. */
typedef struct Registry {
  const CuwaModuleDesc **modules;
  size_t module_count, module_cap;
  KernelEntry *kernels;
  size_t kernel_count, kernel_cap;
  VarEntry *vars;
  size_t var_count, var_cap;
} Registry;

struct CUstream_st {
  unsigned flags;               /* cudaStreamNonBlocking */
  int priority;
  struct CUstream_st *next;     /* Runtime.streams list */
};

struct CUevent_st {
  unsigned flags;               /* cudaEventDisableTiming, ... */
  int recorded;                 /* cudaEventRecord was called */
  double time_ms;               /* CLOCK_MONOTONIC when recorded */
  struct CUevent_st *next;      /* Runtime.events list */
};

/* A memory pool (api_pool.c). The CPU device allocates and frees at once,
 * so reserved memory equals used memory; the pool keeps the statistics
 * and settings CUDA programs query. */
struct CUmemPoolHandle_st {
  unsigned long long release_threshold; /* cudaMemPoolAttrReleaseThreshold */
  int reuse_off[3];             /* cudaMemPoolReuse* flags turned off (on by default) */
  unsigned long long used, used_high; /* bytes live from this pool, peak */
  struct CUmemPoolHandle_st *next; /* Runtime.pools (created pools) */
};

typedef struct PoolAlloc {      /* a live cudaMallocAsync block */
  void *ptr;
  size_t size;
  struct CUmemPoolHandle_st *pool;
} PoolAlloc;

typedef struct Runtime {
  pthread_mutex_t lock;         /* guards every field not atomic */
  pthread_once_t once;          /* device selection, on first API call */
  cudaError_t init_error;       /* cudaErrorNoDevice when none usable */
  Device *device;               /* the one device (ordinal 0) */
  struct cudaDeviceProp props;  /* its properties, read once */
  atomic_int sticky;            /* error every later call returns */
  atomic_int pending;           /* device-code error not yet reported */
  unsigned device_flags;        /* cudaSetDeviceFlags */
  int cache_config;             /* cudaDeviceSetCacheConfig */
  size_t limits[RT_LIMIT_COUNT];/* cudaDeviceSetLimit */
  AllocTable allocs;
  struct CUstream_st *streams;  /* live streams */
  struct CUevent_st *events;    /* live events */
  Registry reg;
  struct CUmemPoolHandle_st default_pool;  /* device 0's default pool */
  struct CUmemPoolHandle_st *current_pool; /* cudaDeviceSetMemPool; NULL = default */
  struct CUmemPoolHandle_st *pools;        /* created by cudaMemPoolCreate */
  PoolAlloc *pool_allocs;       /* live stream-ordered allocations */
  size_t pool_alloc_count, pool_alloc_cap;
} Runtime;

/* The process's Runtime, without initialising the device (registration
 * runs before main and must not). */
Runtime *rt_global(void);
/* Initialises on first use; returns the init error, if any. */
cudaError_t rt_init_checked(Runtime **out);
/* As rt_init_checked, then reports a pending device error and returns the
 * sticky error: the start of every call that needs a working context. */
cudaError_t rt_enter(Runtime **out);
/* Records e as the thread's last error when it is not cudaSuccess. */
cudaError_t rt_return(cudaError_t e);
cudaError_t rt_take_last_error(void);
cudaError_t rt_peek_last_error(void);
/* Device code raised e (an assert): the next API call reports it. */
void rt_raise_async(Runtime *rt, cudaError_t e);
void rt_reset(Runtime *rt);
double rt_now_ms(void);

/* registry.c (callers hold rt->lock) */
KernelEntry *registry_find_stub(Registry *r, const void *stub);
KernelEntry *registry_find_desc(Registry *r, const CuwaKernelDesc *desc);
VarEntry *registry_find_var(Registry *r, const void *shadow);
void registry_reset_attributes(Registry *r);
void registry_free(Registry *r);

/* api_stream.c: is s usable for work (0, legacy, per-thread or live)? */
int stream_is_valid(Runtime *rt, cudaStream_t s);

/* api_memory.c: one copy in any direction, kind already checked. */
cudaError_t memory_copy(Runtime *rt, void *dst, const void *src, size_t n,
                        enum cudaMemcpyKind kind);

#endif
