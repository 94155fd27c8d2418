/* cdp.c: dynamic parallelism on the CPU device (CUDA 12+ "CDP2"
 * semantics; docs/dynamic-parallelism.md). A launch in device code
 * (cuwa_device_launch) copies the child grid into a queue of the grid
 * that launched it; when that grid's blocks are done, cpu_device.c calls
 * cdp_finish_grid, which runs the queued children one after the other,
 * each a whole grid on the pool whose own children queue the same way
 * (depth first), ordinary launches in launch order, then tail launches.
 * It does not check memory (CUWA_CHECK covers host-launched grids only). */
#include <stdatomic.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/cpu/cpu.h"
#include "runtime/runtime.h"

#define CDP_MAX_DEPTH 24            /* nested grids CUDA allows (host grid: 0) */
#define CDP_STREAM_TAIL_LAUNCH 0x3  /* cudaStreamTailLaunch's bits */

enum { CDP_GRID, CDP_COPY, CDP_SET };

/* A failed launch, for the thread's cudaGetLastError. */
typedef struct CdpError {
  struct CdpError *next;
  CuwaDim3 block;
  uint32_t tx, ty, tz;
  cudaError_t error;
} CdpError;

/* A grid that launches: a host-launched one (made at its first device
 * launch) or a queued child, which owns its launch. */
typedef struct CdpGrid {
  struct CdpGrid *next;         /* in the parent's queue */
  struct CdpGrid *next_active;  /* in cdp_active while its blocks run */
  const struct CuwaLaunch *key; /* the running grid's launch state */
  int depth;                    /* 0: launched by the host */
  int is_child;                 /* freed by the loop that ran it */
  int op;                       /* CDP_GRID, or a queued copy or memset */
  void *dst;                    /* CDP_COPY, CDP_SET: where */
  uint64_t src;                 /* the source address, or the byte */
  size_t bytes;
  DeviceLaunch launch;          /* a child: what to run */
  struct CuwaLaunch state;
  struct CdpGrid *first, **last; /* children, in launch order */
  struct CdpGrid *tail_first, **tail_last; /* tail launches, in launch order */
  CdpError *errors;
} CdpGrid;

static pthread_mutex_t cdp_lock = PTHREAD_MUTEX_INITIALIZER;
static CdpGrid *cdp_active;            /* grids whose blocks may launch */
static atomic_int cdp_active_count;    /* 0: no grid launched (fast path) */
static atomic_int cdp_error_count;     /* error records held */
static atomic_long cdp_pending;        /* launched, not yet started */

static CdpGrid *find_active_locked(const struct CuwaLaunch *key, CdpGrid ***link) {
  for (CdpGrid **p = &cdp_active; *p; p = &(*p)->next_active)
    if ((*p)->key == key) {
      if (link)
        *link = p;
      return *p;
    }
  return NULL;
}

static void add_active_locked(CdpGrid *g) {
  g->first = g->tail_first = NULL;
  g->last = &g->first;
  g->tail_last = &g->tail_first;
  g->next_active = cdp_active;
  cdp_active = g;
  atomic_fetch_add(&cdp_active_count, 1);
}

/* The grid of key; a host-launched grid gets its record now. */
static CdpGrid *grid_of_locked(const struct CuwaLaunch *key) {
  CdpGrid *g = find_active_locked(key, NULL);
  if (g || !(g = calloc(1, sizeof *g)))
    return g;
  g->key = key;
  add_active_locked(g);
  return g;
}

static void record_error_locked(CdpGrid *g, const CuwaBlockCtx *ctx, uint32_t tx, uint32_t ty,
                                uint32_t tz, cudaError_t e) {
  for (CdpError *r = g->errors; r; r = r->next)
    if (!memcmp(&r->block, &ctx->block_idx, sizeof r->block) && r->tx == tx && r->ty == ty &&
        r->tz == tz) {
      r->error = e;
      return;
    }
  CdpError *r = calloc(1, sizeof *r);
  if (!r)
    return; /* the error is lost, not the program */
  *r = (CdpError){g->errors, ctx->block_idx, tx, ty, tz, e};
  g->errors = r;
  atomic_fetch_add(&cdp_error_count, 1);
}

/* What a host launch checks (api_launch.c), with the same answers. */
static cudaError_t check_child(const CuwaKernelDesc *k, CuwaDim3 g, CuwaDim3 b, uint64_t shmem) {
  unsigned long long threads = (unsigned long long)b.x * b.y * b.z;
  if (!g.x || !g.y || !g.z || !b.x || !b.y || !b.z || b.x > RT_MAX_BLOCK_X ||
      b.y > RT_MAX_BLOCK_Y || b.z > RT_MAX_BLOCK_Z || threads > RT_MAX_THREADS_PER_BLOCK ||
      g.x > RT_MAX_GRID_X || g.y > RT_MAX_GRID_YZ || g.z > RT_MAX_GRID_YZ ||
      k->static_shared_size + shmem > RT_SHARED_PER_BLOCK_OPTIN)
    return cudaErrorInvalidValue;
  return k->cpu_block ? cudaSuccess : cudaErrorNoKernelImageForDevice;
}

static size_t pending_limit(void) {
  Runtime *rt = rt_global();
  pthread_mutex_lock(&rt->lock);
  size_t n = rt->limits[cudaLimitDevRuntimePendingLaunchCount];
  pthread_mutex_unlock(&rt->lock);
  return n;
}

static CdpGrid *new_child(const CuwaKernelDesc *k, CuwaDim3 grid, CuwaDim3 block,
                          uint64_t shmem, const void *params) {
  CdpGrid *c = calloc(1, sizeof *c);
  size_t align = k->param_buffer_align > 16 ? k->param_buffer_align : 16;
  size_t size = (k->param_buffer_size + align - 1) / align * align;
  void *copy = c ? aligned_alloc(align, size ? size : align) : NULL;
  if (!copy) {
    free(c);
    return NULL;
  }
  if (k->param_buffer_size && params)
    memcpy(copy, params, k->param_buffer_size);
  c->is_child = 1;
  c->launch = (DeviceLaunch){k, grid, block, (size_t)shmem, copy, &c->state};
  atomic_init(&c->state.error, 0);
  return c;
}

/* Queues c behind the grid of ctx (or says why not). */
static cudaError_t enqueue(const CuwaBlockCtx *ctx, CdpGrid *c, uint64_t stream, uint32_t tx,
                           uint32_t ty, uint32_t tz, cudaError_t e) {
  size_t limit = pending_limit();
  pthread_mutex_lock(&cdp_lock);
  CdpGrid *g = grid_of_locked(ctx->launch);
  if (!g && e == cudaSuccess)
    e = cudaErrorMemoryAllocation;
  else if (e == cudaSuccess && c->op == CDP_GRID && g->depth + 1 > CDP_MAX_DEPTH)
    e = cudaErrorLaunchMaxDepthExceeded;
  else if (e == cudaSuccess && (size_t)atomic_load(&cdp_pending) >= limit)
    e = cudaErrorLaunchPendingCountExceeded;
  if (e == cudaSuccess) {
    c->depth = g->depth + 1;
    if (stream == CDP_STREAM_TAIL_LAUNCH) {
      *g->tail_last = c;
      g->tail_last = &c->next;
    } else { /* fire-and-forget, created streams, the block's NULL stream */
      *g->last = c;
      g->last = &c->next;
    }
    atomic_fetch_add(&cdp_pending, 1);
  } else if (g) {
    record_error_locked(g, ctx, tx, ty, tz, e);
  }
  pthread_mutex_unlock(&cdp_lock);
  if (e != cudaSuccess && c) {
    free((void *)c->launch.params);
    free(c);
  }
  return e;
}

int cuwa_device_memcpy_async(const CuwaBlockCtx *ctx, uint64_t dst, uint64_t src, uint64_t bytes,
                             uint64_t stream, int is_set) {
  CdpGrid *c = calloc(1, sizeof *c);
  if (!c)
    return cudaErrorMemoryAllocation;
  c->is_child = 1;
  c->op = is_set ? CDP_SET : CDP_COPY;
  c->dst = (void *)(uintptr_t)dst;
  c->src = src;
  c->bytes = (size_t)bytes;
  /* no thread: a failed copy is the call's result, not a launch error */
  CuwaBlockCtx none = *ctx;
  none.block_idx = (CuwaDim3){UINT32_MAX, UINT32_MAX, UINT32_MAX};
  return enqueue(&none, c, stream, 0, 0, 0, cudaSuccess);
}

void cuwa_device_launch(const CuwaBlockCtx *ctx, const CuwaKernelDesc *k, CuwaDim3 grid,
                        CuwaDim3 block, uint64_t shmem, uint64_t stream, const void *params,
                        uint32_t tx, uint32_t ty, uint32_t tz) {
  cudaError_t e = check_child(k, grid, block, shmem);
  CdpGrid *c = e == cudaSuccess ? new_child(k, grid, block, shmem, params) : NULL;
  if (e == cudaSuccess && !c)
    e = cudaErrorMemoryAllocation;
  enqueue(ctx, c, stream, tx, ty, tz, e);
}

/* A kernel of another unit of the program, by name and argument bytes. */
static const CuwaKernelDesc *find_kernel_named(const char *name, uint64_t size) {
  Runtime *rt = rt_global();
  const CuwaKernelDesc *k = NULL;
  pthread_mutex_lock(&rt->lock);
  for (size_t i = 0; !k && i < rt->reg.kernel_count; i++) {
    const CuwaKernelDesc *d = rt->reg.kernels[i].desc;
    if (d && d->name && strcmp(d->name, name) == 0 && d->param_buffer_size == size)
      k = d;
  }
  pthread_mutex_unlock(&rt->lock);
  return k;
}

void cuwa_device_launch_named(const CuwaBlockCtx *ctx, const char *name, CuwaDim3 grid,
                              CuwaDim3 block, uint64_t shmem, uint64_t stream, const void *params,
                              uint64_t size, uint32_t tx, uint32_t ty, uint32_t tz) {
  const CuwaKernelDesc *k = find_kernel_named(name, size);
  if (k)
    cuwa_device_launch(ctx, k, grid, block, shmem, stream, params, tx, ty, tz);
  else
    enqueue(ctx, NULL, stream, tx, ty, tz, cudaErrorInvalidDeviceFunction);
}

int cuwa_device_last_error(const CuwaBlockCtx *ctx, uint32_t tx, uint32_t ty, uint32_t tz,
                           int take) {
  if (!atomic_load(&cdp_error_count))
    return cudaSuccess;
  cudaError_t e = cudaSuccess;
  pthread_mutex_lock(&cdp_lock);
  CdpGrid *g = find_active_locked(ctx->launch, NULL);
  for (CdpError **p = g ? &g->errors : NULL; p && *p; p = &(*p)->next) {
    CdpError *r = *p;
    if (memcmp(&r->block, &ctx->block_idx, sizeof r->block) || r->tx != tx || r->ty != ty ||
        r->tz != tz)
      continue;
    e = r->error;
    if (take) {
      *p = r->next;
      free(r);
      atomic_fetch_sub(&cdp_error_count, 1);
    }
    break;
  }
  pthread_mutex_unlock(&cdp_lock);
  return e;
}

static void free_errors(CdpGrid *g) {
  while (g->errors) {
    CdpError *r = g->errors;
    g->errors = r->next;
    free(r);
    atomic_fetch_sub(&cdp_error_count, 1);
  }
}

void cdp_finish_grid(Device *dev, const DeviceLaunch *l, cudaError_t e,
                     cudaError_t (*launch)(Device *, const DeviceLaunch *));

/* Runs (or, after an error, drops) the children in list, each with its
 * own children after it. A child's device error becomes the parent's. */
static void run_children(Device *dev, const DeviceLaunch *parent, CdpGrid *list,
                         cudaError_t (*launch)(Device *, const DeviceLaunch *)) {
  while (list) {
    CdpGrid *c = list;
    list = c->next;
    atomic_fetch_sub(&cdp_pending, 1);
    if (c->op == CDP_COPY && !atomic_load(&parent->state->error))
      memmove(c->dst, (const void *)(uintptr_t)c->src, c->bytes);
    else if (c->op == CDP_SET && !atomic_load(&parent->state->error))
      memset(c->dst, (int)c->src, c->bytes);
    else if (!atomic_load(&parent->state->error)) {
      c->key = &c->state;
      pthread_mutex_lock(&cdp_lock);
      add_active_locked(c);
      pthread_mutex_unlock(&cdp_lock);
      cudaError_t e = launch(dev, &c->launch); /* ends in cdp_finish_grid */
      cdp_finish_grid(dev, &c->launch, cudaErrorUnknown, launch); /* if it did not */
      int raised = atomic_load(&c->state.error);
      int none = 0;
      if (e != cudaSuccess || raised)
        atomic_compare_exchange_strong(&parent->state->error, &none, raised ? raised : (int)e);
    }
    free((void *)c->launch.params);
    free(c);
  }
}

static void drop_children(CdpGrid *list) {
  while (list) {
    CdpGrid *c = list;
    list = c->next;
    atomic_fetch_sub(&cdp_pending, 1);
    free((void *)c->launch.params);
    free(c);
  }
}

void cdp_finish_grid(Device *dev, const DeviceLaunch *l, cudaError_t e,
                     cudaError_t (*launch)(Device *, const DeviceLaunch *)) {
  if (!atomic_load(&cdp_active_count) || !l->state)
    return; /* no grid is launching: programs without device launches */
  CdpGrid **link = NULL;
  pthread_mutex_lock(&cdp_lock);
  CdpGrid *g = find_active_locked(l->state, &link);
  if (g) {
    *link = g->next_active;
    atomic_fetch_sub(&cdp_active_count, 1);
  }
  pthread_mutex_unlock(&cdp_lock);
  if (!g)
    return;
  free_errors(g);
  CdpGrid *children = g->first, *tails = g->tail_first;
  g->first = g->tail_first = NULL;
  if (e == cudaSuccess) {
    /* a tail launch runs after the grid and all its other work */
    run_children(dev, l, children, launch);
    run_children(dev, l, tails, launch);
  } else {
    drop_children(children);
    drop_children(tails);
  }
  if (!g->is_child)
    free(g);
}
