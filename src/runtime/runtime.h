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

#define RT_MAX_DEVICES 8  /* devices one process shows (ordinals 0..7) */

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
  int device;        /* ordinal of the device that owns it */
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
  atomic_size_t managed_count;  /* vars with space CUWA_VAR_MANAGED */
} Registry;

/* One piece of work a stream, a graph or the caller runs (work.c). */
typedef enum WorkKind {
  WORK_KERNEL,       /* a launch, parameters packed */
  WORK_COPY,         /* a 2D copy (1D: height 1) */
  WORK_MEMSET,       /* a 2D memset of 1-, 2- or 4-byte elements */
  WORK_HOST_FN,      /* cudaLaunchHostFunc, host node */
  WORK_CALLBACK,     /* cudaStreamAddCallback */
  WORK_EVENT_RECORD, /* completes the event's record number gen */
  WORK_EVENT_WAIT,   /* waits until the event completed record gen */
  WORK_GRAPH,        /* an instantiated graph */
  WORK_EMPTY         /* a graph's empty node */
} WorkKind;

typedef struct Work {
  WorkKind kind;
  int device;                    /* ordinal that runs kernels and memsets */
  struct Work *next;             /* stream queue link */
  union {
    struct {
      const CuwaKernelDesc *desc;
      const void *func;          /* the stub (graph kernel nodes) */
      CuwaDim3 grid, block;
      size_t shared;
      void *params;              /* packed buffer, owned (aligned_alloc) */
      int cooperative;           /* cudaLaunchCooperativeKernel */
    } kernel;
    struct {
      void *dst;
      const void *src;
      size_t width, height, dpitch, spitch; /* bytes */
      enum cudaMemcpyKind kind;
    } copy;
    struct {
      void *dst;
      size_t pitch, width, height; /* width in elements */
      unsigned value, elem;
    } memset;
    struct {
      cudaHostFn_t fn;
      void *data;
    } host;
    struct {
      cudaStreamCallback_t fn;
      void *data;
      struct CUstream_st *stream;
    } callback;
    struct {
      struct CUevent_st *event;  /* holds a reference (refs) */
      unsigned long long gen;
    } event;
    struct {
      struct CUgraphExec_st *exec;
    } graph;
  } u;
} Work;

struct Capture; /* a stream capture in progress (api_graph.c) */

struct CUstream_st {
  unsigned flags;               /* cudaStreamNonBlocking */
  int priority;
  int device;                   /* ordinal it was created on */
  int per_thread;               /* a host thread's cudaStreamPerThread */
  unsigned long long id;        /* cudaStreamGetId */
  /* under Runtime.work_lock: */
  Work *head, *tail;            /* queued, not started */
  unsigned long long submitted, completed; /* work counts */
  pthread_cond_t wake;          /* work queued, or stopping */
  pthread_t thread;             /* runs the queue; started on first work */
  int has_thread, stopping;
  /* under Runtime.lock: */
  struct Capture *capture;      /* non-NULL while capturing */
  struct CUgraphNode_st **cap_deps; /* what its next captured work follows */
  size_t cap_ndeps, cap_cap;
  struct CUstream_st *next;     /* Runtime.streams list */
};

struct CUevent_st {
  unsigned flags;               /* cudaEventDisableTiming, ... */
  int device;
  /* under Runtime.work_lock: */
  unsigned long long gen;       /* records requested (cudaEventRecord) */
  unsigned long long done;      /* the last record that completed */
  double time_ms;               /* CLOCK_MONOTONIC when it completed */
  int refs;                     /* queued work naming it */
  int destroyed;                /* freed when refs drops to 0 */
  /* under Runtime.lock: recorded in a capturing stream */
  struct Capture *capture;
  struct CUgraphNode_st **cap_deps;
  size_t cap_ndeps;
  struct CUevent_st *next;      /* Runtime.events list (under lock) */
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

/* A device the process shows: ordinal = index in Runtime.devs. */
typedef struct RtDevice {
  Device *dev;                  /* the backend */
  struct cudaDeviceProp props;  /* read once, when opened */
  unsigned peers;               /* bit d: peer access to d enabled */
} RtDevice;

typedef struct Runtime {
  pthread_mutex_t lock;         /* guards every field not atomic */
  pthread_once_t once;          /* device selection, on first API call */
  cudaError_t init_error;       /* cudaErrorNoDevice when none usable */
  RtDevice devs[RT_MAX_DEVICES];/* devs[0] opened at init; others later */
  atomic_int device_count;      /* devices opened so far */
  pthread_once_t all_once;      /* opens the devices after the first */
  const char *kinds[RT_MAX_DEVICES]; /* the kinds to open, in order */
  int kind_count;
  atomic_int per_thread_default;/* stream 0 is cudaStreamPerThread */
  pthread_mutex_t work_lock;    /* stream queues and event states */
  pthread_cond_t work_done;     /* some work completed */
  unsigned long long next_stream_id;
  atomic_int deferred;          /* error of asynchronous work, reported
                                   once by the next synchronisation */
  atomic_int legacy_blockers;   /* captures that forbid the legacy stream */
  atomic_long queued;           /* stream work queued and not finished */
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
  struct cudaArray *arrays;     /* live CUDA arrays (api_array.c) */
  struct TexObject *tex_objects;/* live texture/surface objects (api_texture.c) */
} Runtime;

/* The calling thread's current device (cudaSetDevice), its backend and
 * properties. Ordinals other functions take are checked with
 * rt_check_device, which opens the other devices on first need. */
int rt_current(void);
void rt_set_current(int device);
Device *rt_device(Runtime *rt, int device);
const struct cudaDeviceProp *rt_props(Runtime *rt, int device);
cudaError_t rt_check_device(Runtime *rt, int device);
int rt_device_count(Runtime *rt); /* opens every device */
/* 1 when the device's pointers are host pointers (the CPU device). */
int rt_host_memory(Runtime *rt, int device);

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

/* work.c: running work, stream queues and synchronisation. */
Work *work_new(WorkKind kind, int device);
void work_free(Work *w);        /* and what it owns (params, refs) */
cudaError_t work_run(Runtime *rt, Work *w);
/* Submits w to stream s (0, legacy, per-thread, or a live stream): the
 * legacy stream runs it at once on the caller after the blocking streams
 * of its device have drained; a capturing stream adds it to its graph;
 * others queue it. Takes w in every case. */
cudaError_t stream_submit(Runtime *rt, cudaStream_t s, Work *w);
/* Is s the legacy stream with nothing to wait for (no queued work, no
 * capture)? Launches then run at once, without a Work. */
int stream_is_idle_legacy(Runtime *rt, cudaStream_t s);
/* Resolves 0 / cudaStreamLegacy / cudaStreamPerThread: NULL for the
 * legacy stream, else the stream object (the per-thread one created on
 * first use); *bad set when s is not a live stream. */
struct CUstream_st *stream_resolve(Runtime *rt, cudaStream_t s, int *bad);
/* Waits until s (an object) has run everything queued so far. */
void stream_wait_idle(Runtime *rt, struct CUstream_st *s);
/* Waits for every stream of device (-1: all) to drain; blocking_only
 * leaves out cudaStreamNonBlocking streams (the legacy stream's rule). */
void stream_wait_device(Runtime *rt, int device, int blocking_only);
/* Stops s's thread after its work and frees it (not in the list). */
void stream_free(Runtime *rt, struct CUstream_st *s);
/* An error asynchronous work returned, once (cudaSuccess if none). */
cudaError_t rt_take_deferred(Runtime *rt);
/* Event refcounting under work_lock (work.c). */
void event_release_locked(Runtime *rt, struct CUevent_st *ev);

/* api_memory.c: one copy in any direction, kind already checked; the
 * owning devices are found from the allocations (host staging between
 * two devices). memory_set: bytes on the device owning dst. */
cudaError_t memory_copy(Runtime *rt, void *dst, const void *src, size_t n,
                        enum cudaMemcpyKind kind);
cudaError_t memory_set(Runtime *rt, void *dst, int value, size_t n);
/* cudaFree without waiting for the device (stream-ordered frees). */
cudaError_t memory_free_now(void *devPtr);
/* The device owning p (an allocation), else -1. */
int memory_device_of(Runtime *rt, const void *p);
/* Managed __managed__ variables: host shadow -> device before a launch,
 * back after synchronisation (api_memory.c). */
void memory_managed_to_device(Runtime *rt, int device);
void memory_managed_to_host(Runtime *rt, int device);

/* api_launch.c: a checked launch packed into work (w->kind WORK_KERNEL). */
cudaError_t launch_prepare(Runtime *rt, const CuwaKernelDesc *k, dim3 g,
                           dim3 b, size_t dyn, void **args, int device,
                           Work **out);

/* api_graph.c: adds w to the capture of s (under nothing); takes w. */
cudaError_t graph_capture_add(Runtime *rt, struct CUstream_st *s, Work *w);
/* Under rt->lock: a record of ev in s (NULL: legacy) during capture
 * stores the capture point in ev; 1 if it did. */
int graph_capture_record_locked(Runtime *rt, struct CUstream_st *s,
                                struct CUevent_st *ev);
/* Under rt->lock: s waits for ev recorded during a capture: s joins that
 * capture (1), or -1 when s is the legacy stream; 0: not a capture. */
int graph_capture_join_locked(Runtime *rt, struct CUstream_st *s,
                              struct CUevent_st *ev);
/* Runs an instantiated graph on the calling thread. */
cudaError_t graph_exec_run(Runtime *rt, struct CUgraphExec_st *x);
/* Is any stream capturing in global/thread-local mode (the legacy stream
 * and synchronous calls are then refused)? */
int graph_capture_blocks_legacy(Runtime *rt);
/* Under rt->lock: an unsupported call during the capture of s ends that
 * capture in error (cudaStreamEndCapture: cudaErrorStreamCaptureInvalidated). */
void graph_capture_invalidate_locked(struct CUstream_st *s);

#endif
