/* pool.c: runs the blocks of a launch on a persistent pool of worker
 * threads plus the launching threads. Blocks are handed out dynamically
 * in chunks from an atomic counter; the launcher waits for the blocks, not
 * for every worker, so a worker the OS has not scheduled costs nothing.
 * Launches from several threads (streams) run at once and share the
 * workers; each launcher runs its own blocks too, so every launch makes
 * progress. Idle threads spin ~50 us, then sleep. It does not check
 * launches (api_launch.c does). */
#include <sched.h>
#include <stdalign.h>
#include <stdatomic.h>
#include <stdint.h>
#include <stdlib.h>
#include <time.h>

#include "runtime/cpu/cpu.h"
#include "runtime/runtime.h"

#if defined(__x86_64__) || defined(__i386__)
#include <immintrin.h>
#define cpu_relax() _mm_pause()
#else
#define cpu_relax() ((void)0)
#endif

#define SPIN_NS 50000 /* how long an idle thread spins before sleeping */

/* One launch. Lives on the stack of the thread that launched it, in the
 * pool's list of open jobs while its blocks are handed out; the launcher
 * takes it out and waits until no worker is inside before returning. */
typedef struct CpuJob {
  const DeviceLaunch *launch;
  uint64_t blocks;              /* grid size */
  uint64_t chunk;               /* blocks taken per counter increment */
  int max_helpers;              /* workers that may join (small grids) */
  int helpers;                  /* workers inside (under the pool lock) */
  int closing;                  /* out of the list: the launcher waits */
  struct CpuJob *next_job;      /* the pool's open jobs */
  alignas(64) atomic_uint_fast64_t next; /* first block not yet taken */
  alignas(64) atomic_uint_fast64_t done; /* blocks finished */
} CpuJob;

typedef struct WorkerArg {
  CpuPool *pool;
  int index;                    /* its slot */
} WorkerArg;

/* The atomics each threads polls get their own cache line: 16 spinning
 * threads on one line cost more than the launch itself. Several jobs
 * (launches from different streams) may be open at once; workers take
 * blocks from the oldest one that still has blocks and room. */
struct CpuPool {
  int workers;                  /* threads besides the launchers */
  pthread_t *threads;
  WorkerArg *args;
  CpuSlot *slots;               /* one per worker */
  pthread_mutex_t lock;         /* the job list and the condition variables */
  pthread_cond_t wake;          /* a job was published, or stopping */
  pthread_cond_t finished;      /* a job's last block, or its last helper */
  CpuJob *jobs;                 /* open jobs, oldest first */
  alignas(64) atomic_uint epoch;/* bumped on every publish */
  atomic_int stopping;
  atomic_int jobs_open;         /* length of jobs (read without the lock) */
  alignas(64) atomic_int sleepers;    /* workers waiting on wake */
  atomic_int callers_waiting;   /* launchers waiting on finished */
};

static uint64_t now_ns(void) {
  struct timespec ts;
  clock_gettime(CLOCK_MONOTONIC, &ts);
  return (uint64_t)ts.tv_sec * 1000000000u + (uint64_t)ts.tv_nsec;
}

/* Spins up to SPIN_NS for cond(p, arg) to hold; 1 if it did. Threads
 * that wait longer sleep, so an oversubscribed machine is not starved. */
static int spin_until(CpuPool *p, int (*cond)(CpuPool *, unsigned),
                      unsigned arg) {
  uint64_t start = now_ns();
  for (unsigned i = 1;; i++) {
    if (cond(p, arg))
      return 1;
    cpu_relax();
    if ((i & 63) == 0 && now_ns() - start > SPIN_NS)
      return 0;
  }
}

static size_t round_up16(size_t n) { return (n + 15) & ~(size_t)15; }

static int reserve(char **buf, size_t *cap, size_t need) {
  if (need <= *cap)
    return 0;
  void *p = NULL;
  if (posix_memalign(&p, 64, need) != 0)
    return -1;
  free(*buf);
  *buf = p;
  *cap = need;
  return 0;
}

int cpu_slot_reserve(CpuSlot *slot, const DeviceLaunch *l) {
  const CuwaKernelDesc *k = l->kernel;
  size_t threads = (size_t)l->block.x * l->block.y * l->block.z;
  size_t shared = round_up16(k->static_shared_size) + l->dyn_shared;
  size_t scratch = (size_t)k->scratch_per_thread * threads;
  if (reserve(&slot->shared, &slot->shared_cap, shared ? shared : 16) != 0)
    return -1;
  return reserve(&slot->scratch, &slot->scratch_cap, scratch ? scratch : 16);
}

void cpu_slot_free(CpuSlot *slot) {
  free(slot->shared);
  free(slot->scratch);
  *slot = (CpuSlot){0};
}

/* Static __shared__ comes first in the slot, dynamic right after it at a
 * 16-byte boundary (docs/runtime.md). */
void cpu_run_blocks(const DeviceLaunch *l, CpuSlot *slot, uint64_t begin,
                    uint64_t end) {
  const CuwaKernelDesc *k = l->kernel;
  CuwaBlockCtx ctx = {
      .grid_dim = l->grid,
      .block_dim = l->block,
      .dyn_shared = slot->shared + round_up16(k->static_shared_size),
      .dyn_shared_size = l->dyn_shared,
      .launch = l->state,
      .scratch = slot->scratch,
      .scratch_size = (size_t)k->scratch_per_thread * l->block.x *
                      l->block.y * l->block.z,
  };
  uint64_t gx = l->grid.x, gxy = gx * l->grid.y;
  ctx.block_idx.x = (uint32_t)(begin % gx);
  ctx.block_idx.y = (uint32_t)(begin % gxy / gx);
  ctx.block_idx.z = (uint32_t)(begin / gxy);
  for (uint64_t b = begin; b < end; b++) {
    if (atomic_load_explicit(&l->state->error, memory_order_relaxed))
      return; /* a thread asserted: the grid stops, as on a GPU */
    k->cpu_block(&ctx, l->params);
    if (++ctx.block_idx.x == l->grid.x) { /* next block, no division */
      ctx.block_idx.x = 0;
      if (++ctx.block_idx.y == l->grid.y) {
        ctx.block_idx.y = 0;
        ctx.block_idx.z++;
      }
    }
  }
}

static void job_run(CpuPool *p, CpuJob *job, CpuSlot *slot) {
  for (;;) {
    uint64_t b = atomic_fetch_add(&job->next, job->chunk);
    if (b >= job->blocks)
      return;
    uint64_t e = b + job->chunk < job->blocks ? b + job->chunk : job->blocks;
    cpu_run_blocks(job->launch, slot, b, e);
    if (atomic_fetch_add(&job->done, e - b) + (e - b) == job->blocks &&
        atomic_load(&p->callers_waiting)) {
      pthread_mutex_lock(&p->lock);
      pthread_cond_broadcast(&p->finished);
      pthread_mutex_unlock(&p->lock);
    }
  }
}

static int epoch_moved(CpuPool *p, unsigned seen) {
  return atomic_load(&p->epoch) != seen || atomic_load(&p->stopping);
}

/* Returns once a job was published after seen, or the pool stops. */
static void wait_for_job(CpuPool *p, unsigned seen) {
  if (spin_until(p, epoch_moved, seen))
    return;
  pthread_mutex_lock(&p->lock);
  atomic_fetch_add(&p->sleepers, 1);
  while (!epoch_moved(p, seen))
    pthread_cond_wait(&p->wake, &p->lock);
  atomic_fetch_sub(&p->sleepers, 1);
  pthread_mutex_unlock(&p->lock);
}

/* Under p->lock: an open job with blocks left and room for a helper. */
static CpuJob *take_job(CpuPool *p) {
  for (CpuJob *j = p->jobs; j; j = j->next_job)
    if (j->helpers < j->max_helpers && atomic_load(&j->next) < j->blocks) {
      j->helpers++;
      return j;
    }
  return NULL;
}

static void leave_job(CpuPool *p, CpuJob *job) {
  pthread_mutex_lock(&p->lock);
  if (--job->helpers == 0 && job->closing)
    pthread_cond_broadcast(&p->finished);
  pthread_mutex_unlock(&p->lock);
}

static void *worker_main(void *arg) {
  WorkerArg *w = arg;
  CpuPool *p = w->pool;
  CpuSlot *slot = &p->slots[w->index];
  for (;;) {
    unsigned seen = atomic_load(&p->epoch);
    if (atomic_load(&p->stopping))
      return NULL;
    CpuJob *job = NULL;
    if (atomic_load_explicit(&p->jobs_open, memory_order_relaxed)) {
      pthread_mutex_lock(&p->lock);
      job = take_job(p);
      pthread_mutex_unlock(&p->lock);
    }
    if (!job) {
      wait_for_job(p, seen);
      continue;
    }
    if (cpu_slot_reserve(slot, job->launch) == 0)
      job_run(p, job, slot); /* out of memory: the others run the blocks */
    leave_job(p, job);
  }
}

CpuPool *cpu_pool_new(int workers) {
  CpuPool *p = calloc(1, sizeof *p);
  if (!p)
    return NULL;
  p->threads = calloc((size_t)workers, sizeof *p->threads);
  p->args = calloc((size_t)workers, sizeof *p->args);
  p->slots = calloc((size_t)workers, sizeof *p->slots);
  pthread_mutex_init(&p->lock, NULL);
  pthread_cond_init(&p->wake, NULL);
  pthread_cond_init(&p->finished, NULL);
  if (!p->threads || !p->args || !p->slots) {
    cpu_pool_free(p);
    return NULL;
  }
  for (int i = 0; i < workers; i++) {
    p->args[i] = (WorkerArg){p, i};
    if (pthread_create(&p->threads[i], NULL, worker_main, &p->args[i]) != 0) {
      cpu_pool_free(p);
      return NULL;
    }
    p->workers = i + 1;
  }
  return p;
}

void cpu_pool_free(CpuPool *p) {
  if (!p)
    return;
  pthread_mutex_lock(&p->lock);
  atomic_store(&p->stopping, 1);
  pthread_cond_broadcast(&p->wake);
  pthread_mutex_unlock(&p->lock);
  for (int i = 0; i < p->workers; i++)
    pthread_join(p->threads[i], NULL);
  if (p->slots)
    for (int i = 0; i < p->workers; i++)
      cpu_slot_free(&p->slots[i]);
  pthread_cond_destroy(&p->wake);
  pthread_cond_destroy(&p->finished);
  pthread_mutex_destroy(&p->lock);
  free(p->threads);
  free(p->args);
  free(p->slots);
  free(p);
}

/* Waits for the blocks, not for the workers: a worker the OS has not
 * scheduled yet simply finds no blocks left when it wakes. */
static void wait_for_blocks(CpuPool *p, CpuJob *job) {
  uint64_t start = now_ns();
  for (unsigned i = 1; atomic_load(&job->done) != job->blocks; i++) {
    cpu_relax();
    if ((i & 63) == 0 && now_ns() - start > SPIN_NS)
      break;
  }
  if (atomic_load(&job->done) == job->blocks)
    return;
  pthread_mutex_lock(&p->lock);
  atomic_fetch_add(&p->callers_waiting, 1);
  while (atomic_load(&job->done) != job->blocks)
    pthread_cond_wait(&p->finished, &p->lock);
  atomic_fetch_sub(&p->callers_waiting, 1);
  pthread_mutex_unlock(&p->lock);
}

static void publish_job(CpuPool *p, CpuJob *job) {
  pthread_mutex_lock(&p->lock);
  CpuJob **link = &p->jobs;
  while (*link)
    link = &(*link)->next_job;
  *link = job;
  atomic_fetch_add(&p->jobs_open, 1);
  pthread_mutex_unlock(&p->lock);
  atomic_fetch_add(&p->epoch, 1);
  if (atomic_load(&p->sleepers)) {
    pthread_mutex_lock(&p->lock);
    pthread_cond_broadcast(&p->wake);
    pthread_mutex_unlock(&p->lock);
  }
}

/* Takes the job out of the list and waits until no worker is inside. */
static void close_job(CpuPool *p, CpuJob *job) {
  pthread_mutex_lock(&p->lock);
  CpuJob **link = &p->jobs;
  while (*link != job)
    link = &(*link)->next_job;
  *link = job->next_job;
  atomic_fetch_sub(&p->jobs_open, 1);
  job->closing = 1;
  atomic_fetch_add(&p->callers_waiting, 1);
  while (job->helpers > 0)
    pthread_cond_wait(&p->finished, &p->lock);
  atomic_fetch_sub(&p->callers_waiting, 1);
  pthread_mutex_unlock(&p->lock);
}

cudaError_t cpu_pool_run(CpuPool *p, const DeviceLaunch *l, CpuSlot *slot) {
  if (cpu_slot_reserve(slot, l) != 0)
    return cudaErrorMemoryAllocation;
  CpuJob job = {.launch = l};
  job.blocks = (uint64_t)l->grid.x * l->grid.y * l->grid.z;
  uint64_t helpers = job.blocks - 1 < (uint64_t)p->workers
                         ? job.blocks - 1 : (uint64_t)p->workers;
  job.max_helpers = (int)helpers;
  job.chunk = job.blocks / ((helpers + 1) * 8);
  if (job.chunk == 0)
    job.chunk = 1;
  atomic_init(&job.next, 0);
  atomic_init(&job.done, 0);
  publish_job(p, &job);
  job_run(p, &job, slot);
  wait_for_blocks(p, &job);
  close_job(p, &job);
  return cudaSuccess;
}
