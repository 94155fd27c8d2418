/* fiber.c: runs a block whose threads must meet across divergent code
 * with one stack per CUDA thread (kernel_abi.h, cuwa_fiber_block), on
 * the OS thread that runs the block. Threads run one at a time until
 * each waits at a barrier or collective or has exited; then the waits
 * that can complete do (a __syncthreads when every thread that has not
 * exited is at one, wherever; a warp collective when every lane its
 * mask names has exited or is at a warp collective), and so on. When no
 * wait can complete, the block has deadlocked: that is reported (kernel,
 * barrier lines) and the launch fails, never a hang. Stacks come from an
 * mmap per OS thread, reused from block to block; their size is
 * cudaLimitStackSize, at least CUWA_FIBER_MIN_STACK. The context switch
 * is a few instructions of assembly on x86-64, ucontext elsewhere. */
#include <pthread.h>
#include <stdatomic.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <sys/mman.h>
#include <unistd.h>

#include "runtime/cpu/cpu.h"
#include "runtime/runtime.h"

/* the hand-written switch; -DCUWA_FIBER_UCONTEXT tries the portable one */
#if defined(__x86_64__) && !defined(CUWA_FIBER_UCONTEXT)
#define FIBER_ASM 1
#else
#define FIBER_ASM 0
#include <ucontext.h>
#endif

#define CUWA_FIBER_MIN_STACK (64 * 1024)

/* Under -fsanitize=address, every switch is announced to ASan so that it
 * knows which stack is current (its fake stacks, stack-use-after-return
 * checks and stack unwinding otherwise see a fiber's frames as wild
 * writes); stacks reused from an earlier block are unpoisoned first. */
#if defined(__SANITIZE_ADDRESS__)
#define FIBER_ASAN 1
#elif defined(__has_feature)
#if __has_feature(address_sanitizer)
#define FIBER_ASAN 1
#endif
#endif
#ifndef FIBER_ASAN
#define FIBER_ASAN 0
#endif
#if FIBER_ASAN
#include <sanitizer/asan_interface.h>
#include <sanitizer/common_interface_defs.h>
#endif

enum { F_RUN, F_BARRIER, F_WARP, F_EXITED };

struct CuwaFiber {
  void *sp;                 /* saved stack pointer (x86-64) */
#if !FIBER_ASM
  ucontext_t uc;
#endif
  struct FiberBlock *blk;
  uint32_t tx, ty, tz;
  int state;                /* F_* */
  const CuwaSyncSite *site; /* where it waits */
  int op;                   /* barrier op or CUWA_FW_* */
  uint32_t mask, arg;
  uint64_t value, result;
  int32_t pred_out;
#if FIBER_ASAN
  char *stack_base;         /* its stack, for ASan */
  size_t stack_size;
  void *asan_fake;          /* ASan's fake stack while switched out */
#endif
};

typedef struct FiberBlock {
  const CuwaFiberKernel *k;
  const CuwaBlockCtx *ctx;
  const void *params;
  void *shared;
  CuwaFiberFn fn;
  CuwaFiber *threads;
  size_t n;
  void *sched_sp;           /* the scheduler's stack pointer (x86-64) */
#if !FIBER_ASM
  ucontext_t sched_uc;
#endif
  int aborted;              /* a grid barrier failed: stop the block */
#if FIBER_ASAN
  const void *sched_base;   /* the scheduler's stack, for ASan */
  size_t sched_size;
  void *sched_fake;
#endif
} FiberBlock;

/* Stacks and thread records of one OS thread, kept for the next block. */
typedef struct FiberCache {
  char *stacks;
  size_t map_size, stack_size, count;
  CuwaFiber *threads;
} FiberCache;

static pthread_key_t cache_key;
static pthread_once_t cache_once = PTHREAD_ONCE_INIT;

static void cache_free(void *p) {
  FiberCache *c = p;
  if (c->stacks)
    munmap(c->stacks, c->map_size);
  free(c->threads);
  free(c);
}

static void cache_init(void) { pthread_key_create(&cache_key, cache_free); }

/* ---- the context switch ------------------------------------------------------ */

#if FIBER_ASM
/* cuwa_fiber_swap(save, to): pushes the callee-saved registers and the
 * SSE/x87 control words, saves rsp in *save, switches to `to` and pops
 * what was pushed there. A new stack starts at cuwa_fiber_start with the
 * fiber in rbx. */
void cuwa_fiber_swap(void **save, void *to);
void cuwa_fiber_start(void);
__asm__(".text\n"
        ".globl cuwa_fiber_swap\n.hidden cuwa_fiber_swap\n.type cuwa_fiber_swap,@function\n"
        "cuwa_fiber_swap:\n"
        "  pushq %rbp\n  pushq %rbx\n  pushq %r12\n  pushq %r13\n  pushq %r14\n  pushq %r15\n"
        "  subq $8, %rsp\n  stmxcsr (%rsp)\n  fnstcw 4(%rsp)\n"
        "  movq %rsp, (%rdi)\n  movq %rsi, %rsp\n"
        "  ldmxcsr (%rsp)\n  fldcw 4(%rsp)\n  addq $8, %rsp\n"
        "  popq %r15\n  popq %r14\n  popq %r13\n  popq %r12\n  popq %rbx\n  popq %rbp\n"
        "  ret\n"
        ".size cuwa_fiber_swap, .-cuwa_fiber_swap\n"
        ".globl cuwa_fiber_start\n.hidden cuwa_fiber_start\n.type cuwa_fiber_start,@function\n"
        "cuwa_fiber_start:\n"
        "  movq %rbx, %rdi\n  call cuwa_fiber_main@PLT\n  ud2\n"
        ".size cuwa_fiber_start, .-cuwa_fiber_start\n");
#endif

void cuwa_fiber_main(CuwaFiber *f);

/* A fiber that has exited passes last = 1: ASan frees its fake stack. */
static void to_scheduler(CuwaFiber *f, int last) {
#if FIBER_ASAN
  FiberBlock *b = f->blk;
  __sanitizer_start_switch_fiber(last ? NULL : &f->asan_fake, b->sched_base, b->sched_size);
#else
  (void)last;
#endif
#if FIBER_ASM
  cuwa_fiber_swap(&f->sp, f->blk->sched_sp);
#else
  swapcontext(&f->uc, &f->blk->sched_uc);
#endif
#if FIBER_ASAN
  __sanitizer_finish_switch_fiber(f->asan_fake, NULL, NULL);
#endif
}

static void to_fiber(FiberBlock *b, CuwaFiber *f) {
#if FIBER_ASAN
  __sanitizer_start_switch_fiber(&b->sched_fake, f->stack_base, f->stack_size);
#endif
#if FIBER_ASM
  cuwa_fiber_swap(&b->sched_sp, f->sp);
#else
  swapcontext(&b->sched_uc, &f->uc);
#endif
#if FIBER_ASAN
  __sanitizer_finish_switch_fiber(b->sched_fake, NULL, NULL);
#endif
}

#if !FIBER_ASM
static void fiber_entry_uc(unsigned hi, unsigned lo) {
  cuwa_fiber_main((CuwaFiber *)(((uintptr_t)hi << 32) | lo));
}
#endif

/* Sets f up to start at its thread function on the stack [base, base+size). */
static void fiber_prepare(CuwaFiber *f, char *base, size_t size) {
#if FIBER_ASAN
  f->stack_base = base;
  f->stack_size = size;
  ASAN_UNPOISON_MEMORY_REGION(base, size); /* frames of an earlier block's fibers */
#endif
#if FIBER_ASM
  uint64_t *top = (uint64_t *)(base + size);  /* 16-byte aligned */
  uint64_t *sp = top - 8;
  uint32_t csr[2];
  __asm__ volatile("stmxcsr %0\n fnstcw %1" : "=m"(csr[0]), "=m"(csr[1]));
  memcpy(&sp[0], csr, 8);
  sp[1] = sp[2] = sp[3] = sp[4] = 0;        /* r15 r14 r13 r12 */
  sp[5] = (uint64_t)(uintptr_t)f;           /* rbx: the fiber */
  sp[6] = 0;                                /* rbp */
  sp[7] = (uint64_t)(uintptr_t)cuwa_fiber_start;
  f->sp = sp;
#else
  getcontext(&f->uc);
  f->uc.uc_stack.ss_sp = base;
  f->uc.uc_stack.ss_size = size;
  f->uc.uc_link = NULL;
  uintptr_t p = (uintptr_t)f;
  makecontext(&f->uc, (void (*)(void))fiber_entry_uc, 2, (unsigned)(p >> 32), (unsigned)p);
#endif
}

void cuwa_fiber_main(CuwaFiber *f) {
  FiberBlock *b = f->blk;
#if FIBER_ASAN
  /* the first switch into this stack: ASan tells where the scheduler's is */
  __sanitizer_finish_switch_fiber(NULL, &b->sched_base, &b->sched_size);
#endif
  b->fn(f, b->ctx, b->params, b->shared, f->tx, f->ty, f->tz);
  f->state = F_EXITED;
  to_scheduler(f, 1);
  abort(); /* an exited fiber is never resumed */
}

/* ---- waits ------------------------------------------------------------------------ */

int32_t cuwa_fiber_barrier(CuwaFiber *f, const CuwaSyncSite *s, int op, int32_t pred) {
  f->state = F_BARRIER;
  f->site = s;
  f->op = op;
  f->value = pred != 0;
  to_scheduler(f, 0);
  return (int32_t)f->result;
}

uint64_t cuwa_fiber_warp(CuwaFiber *f, const CuwaSyncSite *s, int op, uint32_t mask,
                         uint64_t value, uint32_t arg, int32_t *pred_out) {
  f->state = F_WARP;
  f->site = s;
  f->op = op;
  f->mask = mask;
  f->value = value;
  f->arg = arg;
  to_scheduler(f, 0);
  if (pred_out)
    *pred_out = f->pred_out;
  return f->result;
}

/* ---- completing waits ---------------------------------------------------------------- */

/* The lanes of a group (lanes at warp collectives whose masks name each
 * other) compute their results from each other's operands. */
static void warp_results(CuwaFiber *w, uint32_t wn, uint32_t group) {
  for (uint32_t l = 0; l < wn; l++) {
    if (!(group >> l & 1u))
      continue;
    CuwaFiber *f = &w[l];
    uint32_t m = (f->mask | 1u << l) & group, votes = 0, same = 0;
    for (uint32_t k = 0; k < wn; k++)
      if (m >> k & 1u) {
        if (w[k].value) votes |= 1u << k;
        if (w[k].value == f->value) same |= 1u << k;
      }
    uint64_t r = 0;
    switch (f->op) {
    case CUWA_FW_SHFL:
      r = f->arg < wn && (group >> f->arg & 1u) ? w[f->arg].value : f->value;
      break;
    case CUWA_FW_BALLOT: r = votes & f->mask; break;
    case CUWA_FW_ANY: r = (votes & f->mask) != 0; break;
    case CUWA_FW_ALL: r = (m & ~votes) == 0; break;
    case CUWA_FW_SYNCWARP: break;
    case CUWA_FW_MATCH_ANY: r = same; break;
    case CUWA_FW_MATCH_ALL:
      f->pred_out = same == m;
      r = same == m ? f->mask : 0;
      break;
    default: {
      int first = 1;
      uint64_t acc = 0;
      for (uint32_t k = 0; k < wn; k++) {
        if (!(m >> k & 1u))
          continue;
        uint64_t v = w[k].value;
        int less_i = (int32_t)v < (int32_t)acc, less_u = (uint32_t)v < (uint32_t)acc;
        switch (f->op) {
        case CUWA_FW_ADD: acc = (uint32_t)(acc + v); break;
        case CUWA_FW_MIN_I: if (first || less_i) acc = v; break;
        case CUWA_FW_MIN_U: if (first || less_u) acc = v; break;
        case CUWA_FW_MAX_I: if (first || (int32_t)v > (int32_t)acc) acc = v; break;
        case CUWA_FW_MAX_U: if (first || (uint32_t)v > (uint32_t)acc) acc = v; break;
        case CUWA_FW_AND: acc = first ? v : acc & v; break;
        case CUWA_FW_OR: acc = first ? v : acc | v; break;
        case CUWA_FW_XOR: acc = first ? v : acc ^ v; break;
        default: abort();
        }
        first = 0;
      }
      r = acc;
    }
    }
    f->result = r;
  }
  for (uint32_t l = 0; l < wn; l++)
    if (group >> l & 1u)
      w[l].state = F_RUN;
}

/* Completes the warp collectives of one warp that can complete. */
static int resolve_warp(CuwaFiber *w, uint32_t wn) {
  uint32_t live = 0, waiting = 0;
  for (uint32_t l = 0; l < wn; l++) {
    if (w[l].state != F_EXITED)
      live |= 1u << l;
    if (w[l].state == F_WARP)
      waiting |= 1u << l;
  }
  int progress = 0;
  for (uint32_t l = 0; l < wn; l++) {
    if (!(waiting >> l & 1u) || w[l].state != F_WARP)
      continue;
    uint32_t group = 1u << l;
    if (w[l].op == CUWA_FW_ACTIVEMASK) { /* the lanes at this very call */
      for (uint32_t k = 0; k < wn; k++)
        if ((waiting >> k & 1u) && w[k].op == CUWA_FW_ACTIVEMASK && w[k].site == w[l].site)
          group |= 1u << k;
      for (uint32_t k = 0; k < wn; k++)
        if (group >> k & 1u)
          w[k].result = group, w[k].state = F_RUN;
      progress = 1;
      continue;
    }
    for (uint32_t prev = 0; prev != group;) { /* lanes the masks name, transitively */
      prev = group;
      for (uint32_t k = 0; k < wn; k++)
        if (group >> k & 1u)
          group |= w[k].mask & live;
    }
    int ready = (group & ~waiting) == 0;
    for (uint32_t k = 0; ready && k < wn; k++)
      if ((group >> k & 1u) && w[k].op == CUWA_FW_ACTIVEMASK)
        ready = 0;
    if (!ready)
      continue;
    warp_results(w, wn, group);
    waiting &= ~group;
    progress = 1;
  }
  return progress;
}

/* __syncthreads: completes when every thread that has not exited is at
 * one (any of them: threads in both arms of an if meet). */
static int resolve_barrier(FiberBlock *b) {
  size_t live = 0, at = 0;
  int32_t yes = 0, voters = 0, grid = 0;
  const CuwaSyncSite *grid_site = NULL;
  for (size_t t = 0; t < b->n; t++) {
    CuwaFiber *f = &b->threads[t];
    if (f->state == F_EXITED)
      continue;
    live++;
    if (f->state != F_BARRIER)
      continue;
    at++;
    if (f->op >= 1 && f->op <= 3) {
      voters++;
      yes += (int32_t)f->value;
    }
    if (f->op == 4)
      grid = 1, grid_site = f->site;
  }
  if (!live || at != live)
    return 0;
  if (b->k->checked)
    cuwa_check_barrier(b->ctx, 0);
  if (grid && cuwa_grid_sync(b->ctx, grid_site->file, grid_site->line) != 0) {
    b->aborted = 1;
    return 0;
  }
  for (size_t t = 0; t < b->n; t++) {
    CuwaFiber *f = &b->threads[t];
    if (f->state != F_BARRIER)
      continue;
    f->result = f->op == 1 ? yes : f->op == 2 ? yes == voters : f->op == 3 ? yes != 0 : 0;
    f->state = F_RUN;
  }
  return 1;
}

static int resolve(FiberBlock *b) {
  int progress = 0;
  for (size_t w = 0; w < b->n; w += 32)
    progress |= resolve_warp(&b->threads[w], b->n - w < 32 ? (uint32_t)(b->n - w) : 32u);
  return progress || resolve_barrier(b);
}

/* No wait can complete: names the kernel and where its threads wait. */
static void report_deadlock(FiberBlock *b) {
  CuwaDim3 bi = b->ctx->block_idx;
  fflush(stdout);
  fprintf(stderr, "cuwa: deadlock in kernel %s, block [%u,%u,%u]: threads wait at barriers "
                  "that cannot complete:\n", b->k->name, bi.x, bi.y, bi.z);
  const CuwaSyncSite *seen[4] = {0};
  int shown = 0;
  for (size_t t = 0; t < b->n && shown < 4; t++) {
    CuwaFiber *f = &b->threads[t];
    if (f->state == F_EXITED || !f->site)
      continue;
    int dup = 0;
    for (int k = 0; k < shown; k++)
      dup |= seen[k] == f->site;
    if (dup)
      continue;
    seen[shown++] = f->site;
    fprintf(stderr, "  %s:%u: thread [%u,%u,%u] waits at %s%s\n", f->site->file, f->site->line,
            f->tx, f->ty, f->tz, f->site->what,
            f->state == F_WARP ? " for lanes that are elsewhere or never come" : "");
  }
  int none = 0;
  atomic_compare_exchange_strong(&b->ctx->launch->error, &none, (int)cudaErrorLaunchFailure);
}

/* ---- the block -------------------------------------------------------------------------- */

static size_t stack_size(void) {
  size_t want = rt_global()->limits[cudaLimitStackSize];
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  if (want < CUWA_FIBER_MIN_STACK)
    want = CUWA_FIBER_MIN_STACK;
  return (want + page - 1) / page * page;
}

/* Stacks for n threads, each below a guard page (an overflow faults). */
static FiberCache *cache_get(size_t n) {
  pthread_once(&cache_once, cache_init);
  FiberCache *c = pthread_getspecific(cache_key);
  if (!c) {
    c = calloc(1, sizeof *c);
    if (!c || pthread_setspecific(cache_key, c) != 0) {
      free(c);
      return NULL;
    }
  }
  size_t size = stack_size(), page = (size_t)sysconf(_SC_PAGESIZE);
  if (c->count >= n && c->stack_size == size)
    return c;
  if (c->stacks)
    munmap(c->stacks, c->map_size);
  free(c->threads);
  c->stacks = NULL;
  c->threads = calloc(n, sizeof *c->threads);
  c->map_size = n * (size + page);
  void *m = mmap(NULL, c->map_size, PROT_READ | PROT_WRITE,
                 MAP_PRIVATE | MAP_ANONYMOUS | MAP_NORESERVE, -1, 0);
  if (m == MAP_FAILED || !c->threads) {
    if (m != MAP_FAILED)
      munmap(m, c->map_size);
    c->count = 0;
    return NULL;
  }
  c->stacks = m;
  for (size_t t = 0; t < n; t++)
    mprotect(c->stacks + t * (size + page), page, PROT_NONE);
  c->stack_size = size;
  c->count = n;
  return c;
}

static void say_why_once(const CuwaFiberKernel *k) {
  static _Atomic(const CuwaFiberKernel *) said[64];
  const char *v = getenv("CUWA_VERBOSE");
  if (!v || strcmp(v, "1") != 0)
    return;
  for (int i = 0; i < 64; i++) {
    const CuwaFiberKernel *none = NULL;
    if (atomic_load(&said[i]) == k)
      return;
    if (atomic_compare_exchange_strong(&said[i], &none, k))
      break;
    if (none == k)
      return;
  }
  fprintf(stderr, "cuwa: kernel %s runs with one stack per thread: %s\n", k->name, k->why);
}

void cuwa_fiber_block(const CuwaFiberKernel *k, const CuwaBlockCtx *ctx, const void *params,
                      void *shared, CuwaFiberFn fn) {
  say_why_once(k);
  size_t nx = ctx->block_dim.x, ny = ctx->block_dim.y, n = nx * ny * ctx->block_dim.z;
  FiberCache *c = cache_get(n);
  if (!c) {
    fprintf(stderr, "cuwa: kernel %s: out of memory for %zu thread stacks\n", k->name, n);
    int none = 0;
    atomic_compare_exchange_strong(&ctx->launch->error, &none, (int)cudaErrorMemoryAllocation);
    return;
  }
  FiberBlock b;
  memset(&b, 0, sizeof b);
  b.k = k, b.ctx = ctx, b.params = params, b.shared = shared, b.fn = fn;
  b.threads = c->threads, b.n = n;
  size_t page = (size_t)sysconf(_SC_PAGESIZE);
  for (size_t t = 0; t < n; t++) {
    CuwaFiber *f = &b.threads[t];
    memset(f, 0, sizeof *f);
    f->blk = &b;
    f->tx = (uint32_t)(t % nx);
    f->ty = (uint32_t)(t / nx % ny);
    f->tz = (uint32_t)(t / (nx * ny));
    f->state = F_RUN;
    fiber_prepare(f, c->stacks + t * (c->stack_size + page) + page, c->stack_size);
  }
  for (;;) {
    for (size_t t = 0; t < n; t++)
      if (b.threads[t].state == F_RUN)
        to_fiber(&b, &b.threads[t]);
    if (atomic_load_explicit(&ctx->launch->error, memory_order_relaxed))
      return; /* a thread asserted: the block stops (its fibers are dropped) */
    if (resolve(&b))
      continue;
    if (b.aborted)
      return;
    size_t exited = 0;
    for (size_t t = 0; t < n; t++)
      exited += b.threads[t].state == F_EXITED;
    if (exited < n)
      report_deadlock(&b);
    return;
  }
}

/* ---- grid.sync() of cooperative launches --------------------------------------------- */

static pthread_mutex_t grid_lock = PTHREAD_MUTEX_INITIALIZER;
static pthread_cond_t grid_cond = PTHREAD_COND_INITIALIZER;
static CpuGrid *grids; /* open cooperative launches */

void cpu_grid_begin(CpuGrid *g, struct CuwaLaunch *launch, uint64_t blocks) {
  memset(g, 0, sizeof *g);
  g->launch = launch;
  g->blocks = blocks;
  pthread_mutex_lock(&grid_lock);
  g->next = grids;
  grids = g;
  pthread_mutex_unlock(&grid_lock);
}

void cpu_grid_end(CpuGrid *g) {
  pthread_mutex_lock(&grid_lock);
  for (CpuGrid **p = &grids; *p; p = &(*p)->next)
    if (*p == g) {
      *p = g->next;
      break;
    }
  pthread_mutex_unlock(&grid_lock);
}

static CpuGrid *find_grid(struct CuwaLaunch *launch) {
  for (CpuGrid *g = grids; g; g = g->next)
    if (g->launch == launch)
      return g;
  return NULL;
}

/* Under grid_lock: blocks that finished can never arrive; if the others
 * all wait, the grid barrier never completes. */
static void check_stuck(CpuGrid *g) {
  if (g->failed || !g->arrived || g->arrived + g->done < g->blocks)
    return;
  g->failed = 1;
  int none = 0;
  if (atomic_compare_exchange_strong(&g->launch->error, &none, (int)cudaErrorLaunchFailure)) {
    fflush(stdout);
    fprintf(stderr, "cuwa: deadlock at grid.sync() (%s:%u): %llu of %llu blocks finished "
                    "without reaching it\n", g->file ? g->file : "?", g->line,
            (unsigned long long)g->done, (unsigned long long)g->blocks);
  }
  pthread_cond_broadcast(&grid_cond);
}

void cpu_grid_block_done(struct CuwaLaunch *launch) {
  pthread_mutex_lock(&grid_lock);
  CpuGrid *g = find_grid(launch);
  if (g) {
    g->done++;
    check_stuck(g);
  }
  pthread_mutex_unlock(&grid_lock);
}

int cuwa_grid_sync(const CuwaBlockCtx *ctx, const char *file, uint32_t line) {
  pthread_mutex_lock(&grid_lock);
  CpuGrid *g = find_grid(ctx->launch);
  if (!g) {
    pthread_mutex_unlock(&grid_lock);
    uint64_t blocks = (uint64_t)ctx->grid_dim.x * ctx->grid_dim.y * ctx->grid_dim.z;
    if (blocks == 1)
      return 0; /* nothing to wait for */
    cuwa_device_assert_fail(ctx, 0, 0, 0, "grid.sync() in a kernel not launched with "
                            "cudaLaunchCooperativeKernel", file, (int)line, "grid.sync");
    return 1;
  }
  g->file = file;
  g->line = line;
  unsigned long long gen = g->generation;
  g->arrived++;
  if (g->arrived == g->blocks) {
    g->arrived = 0;
    g->generation++;
    pthread_cond_broadcast(&grid_cond);
  } else {
    check_stuck(g);
    while (gen == g->generation && !g->failed &&
           !atomic_load_explicit(&g->launch->error, memory_order_relaxed))
      pthread_cond_wait(&grid_cond, &grid_lock);
  }
  int failed = gen == g->generation;
  pthread_mutex_unlock(&grid_lock);
  return failed;
}
