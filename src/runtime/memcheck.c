/* memcheck.c: CUWA_CHECK=memcheck|initcheck|racecheck on the cpu device,
 * the runtime half of cuwa's compute-sanitizer (docs/memcheck.md). Checked
 * kernels (cuwa -G) call cuwa_check_access before each access; this file
 * classifies the address (the block's shared memory, the thread's stack
 * or scratch, an allocation or __device__ variable of a per-launch
 * snapshot, freed memory in the quarantine), reports bad accesses in
 * compute-sanitizer's format on stderr, keeps initcheck's shadow bytes and
 * prints the summary at exit. Shared-memory races are memcheck_race.c's.
 * Its state is one process-wide struct (like runtime.c's), guarded by its
 * mutex; what a block needs is per OS thread. */
#include <pthread.h>
#include <stdint.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

#include "runtime/memcheck.h"
#include "runtime/memcheck_internal.h"

#define PRINT_LIMIT 100                 /* reports printed; all are counted */
#define QUARANTINE_BYTES (1ull << 30)   /* freed memory kept before reuse */

CheckState g_check = {.lock = PTHREAD_MUTEX_INITIALIZER};
_Thread_local CheckThread check_tls;

/* ---- set-up and summary ------------------------------------------------- */

static const char *const tool_names[] = {"", "memcheck", "initcheck", "racecheck"};

static void free_quarantine(size_t keep) {
  while (g_check.freed_count && g_check.freed_bytes > keep) {
    Range *f = &g_check.freed[0];
    f->dev->ops->free(f->dev, f->base);
    g_check.freed_bytes -= f->size;
    memmove(f, f + 1, --g_check.freed_count * sizeof *f);
  }
}

/* Frees the snapshots older than keep (all if NULL); lock held. */
static void free_snapshots(Snapshot *keep) {
  Snapshot *s = keep ? keep->older : g_check.snap;
  if (keep) keep->older = NULL;
  while (s) {
    Snapshot *o = s->older;
    free(s->items);
    free(s);
    s = o;
  }
}

static void print_summary(void) {
  pthread_mutex_lock(&g_check.lock);
  fflush(stdout);
  unsigned long long h = g_check.hazards;
  if (g_check.tool == CHECK_RACECHECK)
    fprintf(stderr, "========= RACECHECK SUMMARY: %llu hazard%s displayed (%llu error%s, 0 warnings)\n",
            h, h == 1 ? "" : "s", h, h == 1 ? "" : "s");
  if (g_check.tool != CHECK_RACECHECK || g_check.errors)  /* racecheck: bad accesses too */
    fprintf(stderr, "========= ERROR SUMMARY: %llu error%s\n", g_check.errors,
            g_check.errors == 1 ? "" : "s");
  free_quarantine(0);
  free(g_check.freed);
  for (size_t i = 0; i < g_check.shadow_count; i++) free(g_check.shadows[i].shadow);
  free(g_check.shadows);
  free_snapshots(NULL);
  g_check.snap = NULL;
  free(g_check.races);
  g_check.freed = g_check.shadows = NULL;
  g_check.races = NULL;
  g_check.freed_count = g_check.shadow_count = g_check.race_count = 0;
  pthread_mutex_unlock(&g_check.lock);
}

int memcheck_init(void) {
  const char *want = getenv("CUWA_CHECK");
  if (!want || !*want || strcmp(want, "0") == 0 || strcmp(want, "none") == 0) return 0;
  int tool = CHECK_OFF;
  for (int t = CHECK_MEMCHECK; t <= CHECK_RACECHECK; t++)
    if (strcmp(want, tool_names[t]) == 0) tool = t;
  if (tool == CHECK_OFF) {
    fprintf(stderr, "cuwa: CUWA_CHECK=%s: unknown tool (expected memcheck, initcheck or "
                    "racecheck)\n", want);
    return 0;
  }
  pthread_mutex_lock(&g_check.lock);
  g_check.tool = tool;
  pthread_mutex_unlock(&g_check.lock);
  fprintf(stderr, "========= CUWA CHECK: %s\n", tool_names[tool]);
  atexit(print_summary);
  return 1;
}

int memcheck_enabled(void) { return g_check.tool != CHECK_OFF; }

/* ---- the tables the hooks keep ------------------------------------------- */

static int grow(void **items, size_t *cap, size_t count, size_t size) {
  if (count < *cap) return 0;
  size_t n = *cap ? *cap * 2 : 64;
  void *p = realloc(*items, n * size);
  if (!p) return -1;
  *items = p;
  *cap = n;
  return 0;
}

static void add_range(Range **items, size_t *count, size_t *cap, Range r) {
  if (grow((void **)items, cap, *count, sizeof r) == 0) (*items)[(*count)++] = r;
}

void cuwa_check_register_range(const void *addr, size_t size, const char *name) {
  pthread_mutex_lock(&g_check.lock);
  add_range(&g_check.vars, &g_check.var_count, &g_check.var_cap,
            (Range){(char *)addr, size, RANGE_OTHER, NULL, name, NULL});
  pthread_mutex_unlock(&g_check.lock);
}

void memcheck_on_alloc(void *base, size_t size, int kind) {
  if (g_check.tool != CHECK_INITCHECK || kind != ALLOC_DEVICE) return;
  unsigned char *sh = calloc(size ? size : 1, 1);
  pthread_mutex_lock(&g_check.lock);
  if (sh)
    add_range(&g_check.shadows, &g_check.shadow_count, &g_check.shadow_cap,
              (Range){base, size, RANGE_DEVICE, sh, NULL, NULL});
  pthread_mutex_unlock(&g_check.lock);
}

static Range *find_shadow(const void *p) {
  for (size_t i = 0; i < g_check.shadow_count; i++) {
    Range *r = &g_check.shadows[i];
    if ((uintptr_t)p - (uintptr_t)r->base < r->size) return r;
  }
  return NULL;
}

int memcheck_on_free(Device *d, void *base, size_t size) {
  if (g_check.tool == CHECK_OFF) return 0;
  pthread_mutex_lock(&g_check.lock);
  Range *s = find_shadow(base);
  if (s) {
    free(s->shadow);
    *s = g_check.shadows[--g_check.shadow_count];
  }
  int kept = g_check.tool == CHECK_MEMCHECK;
  if (kept) {
    add_range(&g_check.freed, &g_check.freed_count, &g_check.freed_cap,
              (Range){base, size, RANGE_FREED, NULL, NULL, d});
    g_check.freed_bytes += size;
    free_quarantine(QUARANTINE_BYTES);
  }
  pthread_mutex_unlock(&g_check.lock);
  return kept;
}

void memcheck_on_write(const void *dst, size_t n) {
  if (g_check.tool != CHECK_INITCHECK) return;
  pthread_mutex_lock(&g_check.lock);
  Range *r = find_shadow(dst);
  if (r) {
    size_t off = (size_t)((const char *)dst - r->base);
    memset(r->shadow + off, 1, n < r->size - off ? n : r->size - off);
  }
  pthread_mutex_unlock(&g_check.lock);
}

/* ---- launches ------------------------------------------------------------- */

static int by_base(const void *a, const void *b) {
  uintptr_t x = (uintptr_t)((const Range *)a)->base, y = (uintptr_t)((const Range *)b)->base;
  return x < y ? -1 : x > y;
}

/* The allocations, variables and freed blocks a launch may touch, sorted
 * (a kernel cannot allocate: the snapshot stays valid until it ends). */
static void take_snapshot(Runtime *rt) {
  Snapshot *n = calloc(1, sizeof *n);
  size_t cap = 0;
  if (!n) return;  /* the older snapshot goes on serving */
  pthread_mutex_lock(&rt->lock);
  pthread_mutex_lock(&g_check.lock);
  for (size_t i = 0; i < rt->allocs.count; i++) {
    Allocation *a = &rt->allocs.items[i];
    Range *s = a->kind == ALLOC_DEVICE ? find_shadow(a->base) : NULL;
    add_range(&n->items, &n->count, &cap,
              (Range){a->base, a->size, a->kind == ALLOC_DEVICE ? RANGE_DEVICE : RANGE_OTHER,
                      s ? s->shadow : NULL, NULL, NULL});
  }
  for (size_t i = 0; i < g_check.var_count; i++) add_range(&n->items, &n->count, &cap, g_check.vars[i]);
  for (size_t i = 0; i < g_check.freed_count; i++)
    add_range(&n->items, &n->count, &cap, g_check.freed[i]);
  qsort(n->items, n->count, sizeof *n->items, by_base);
  n->older = g_check.snap;
  __atomic_store_n(&g_check.snap, n, __ATOMIC_RELEASE);
  pthread_mutex_unlock(&g_check.lock);
  pthread_mutex_unlock(&rt->lock);
}

/* Once per kernel (a short list: kernels of a program). */
static int first_time(const void *key) {
  pthread_mutex_lock(&g_check.lock);
  int seen = 0;
  for (size_t i = 0; i < g_check.warned_count; i++) seen |= g_check.warned[i] == key;
  if (!seen && grow((void **)&g_check.warned, &g_check.warned_cap, g_check.warned_count,
                    sizeof *g_check.warned) == 0)
    g_check.warned[g_check.warned_count++] = key;
  pthread_mutex_unlock(&g_check.lock);
  return !seen;
}

int memcheck_launch_begin(Runtime *rt, Device *d, DeviceLaunch *l, CuwaKernelDesc *copy) {
  if (g_check.tool == CHECK_OFF) return 0;
  const CuwaKernelDesc *k = l->kernel;
  if (strcmp(d->name, "cpu") != 0) {
    if (first_time(d))
      fprintf(stderr, "========= cuwa: CUWA_CHECK checks kernels on the cpu device only; "
                      "this kernel runs on '%s'\n", d->name);
    return 0;
  }
  if (!k->cpu_block_checked) {
    if (first_time(k))
      fprintf(stderr, "========= cuwa: kernel '%s' (%s) was built without checks: "
                      "rebuild with `cuwa -G` to check it\n", k->name,
              k->source_path ? k->source_path : "?");
    return 0;
  }
  *copy = *k;
  copy->cpu_block = k->cpu_block_checked;
  l->kernel = copy;
  take_snapshot(rt);
  pthread_mutex_lock(&g_check.lock);
  g_check.kernel = g_check.active++ ? NULL : k;  /* several on streams: unnamed */
  pthread_mutex_unlock(&g_check.lock);
  return 1;
}

void memcheck_launch_end(Runtime *rt, const DeviceLaunch *l) {
  (void)rt;
  (void)l;
  if (g_check.tool == CHECK_RACECHECK) memcheck_print_races();
  pthread_mutex_lock(&g_check.lock);
  g_check.kernel = NULL;
  if (--g_check.active == 0) free_snapshots(g_check.snap);
  pthread_mutex_unlock(&g_check.lock);
}

/* ---- reports ---------------------------------------------------------------- */

/* 4096 -> "4,096" (compute-sanitizer's style). */
const char *check_count(char *buf, size_t n) {
  char tmp[32];
  int len = snprintf(tmp, sizeof tmp, "%zu", n), o = 0;
  for (int i = 0; i < len; i++) {
    if (i && (len - i) % 3 == 0) buf[o++] = ',';
    buf[o++] = tmp[i];
  }
  buf[o] = 0;
  return buf;
}

/* Counts an error; 1 if it is to be printed (the caller holds the lock). */
int check_count_error(void) {
  return ++g_check.errors <= PRINT_LIMIT;
}

void check_print_where(const CheckAccess *a) {
  const CuwaBlockCtx *c = a->ctx;
  fprintf(stderr, "=========     at %s in %s:%u\n", a->site->func, a->site->file, a->site->line);
  if (g_check.kernel && strcmp(g_check.kernel->name, a->site->func) != 0)
    fprintf(stderr, "=========     in kernel %s\n", g_check.kernel->name);
  fprintf(stderr, "=========     by thread (%u,%u,%u) in block (%u,%u,%u)\n", a->tx, a->ty, a->tz,
          c->block_idx.x, c->block_idx.y, c->block_idx.z);
}

static const char *const access_names[] = {"read", "write", "atomic", "access"};

/* "Invalid __global__ write of size 4 bytes" and where; the launch fails. */
static int report_invalid(const CheckAccess *a, const char *space) {
  if (a->ctx->launch) {
    int none = 0;
    atomic_compare_exchange_strong(&a->ctx->launch->error, &none, (int)cudaErrorLaunchFailure);
  }
  if (!check_count_error()) return 0;
  fflush(stdout);
  fprintf(stderr, "========= Invalid %s %s of size %zu bytes\n", space, access_names[a->kind & 3],
          a->size);
  check_print_where(a);
  return 1;
}

/* The live allocation nearest to p, or NULL. */
static const Range *nearest(uintptr_t p, size_t *dist, int *after) {
  const Range *best = NULL;
  const Snapshot *s = __atomic_load_n(&g_check.snap, __ATOMIC_ACQUIRE);
  for (size_t i = 0; s && i < s->count; i++) {
    const Range *r = &s->items[i];
    if (r->kind == RANGE_FREED) continue;
    uintptr_t lo = (uintptr_t)r->base, hi = lo + r->size;
    size_t d = p < lo ? lo - p : p >= hi ? p - hi + 1 : 0;
    if (!best || d < *dist) best = r, *dist = d, *after = p >= hi;
  }
  return best;
}

static const Range *find_range(uintptr_t p) {
  const Snapshot *s = __atomic_load_n(&g_check.snap, __ATOMIC_ACQUIRE);
  size_t lo = 0, hi = s ? s->count : 0;
  while (lo < hi) {  /* first range whose base is above p */
    size_t mid = lo + (hi - lo) / 2;
    if ((uintptr_t)s->items[mid].base <= p) lo = mid + 1;
    else hi = mid;
  }
  if (lo == 0) return NULL;
  const Range *r = &s->items[lo - 1];
  return p - (uintptr_t)r->base < r->size ? r : NULL;
}

static void report_global_oob(const CheckAccess *a, const Range *freed) {
  pthread_mutex_lock(&g_check.lock);
  if (report_invalid(a, "__global__")) {
    uintptr_t p = (uintptr_t)a->addr;
    char n1[32], n2[32];
    fprintf(stderr, "=========     Access to %p is out of bounds\n", a->addr);
    size_t dist = 0;
    int after = 0;
    const Range *r = freed ? freed : nearest(p, &dist, &after);
    if (freed)
      fprintf(stderr, "=========     and is %s bytes inside the allocation at %p of size %s "
                      "bytes, which was freed (use after free)\n",
              check_count(n1, p - (uintptr_t)freed->base), (void *)freed->base,
              check_count(n2, freed->size));
    else if (r)
      fprintf(stderr, "=========     and is %s bytes %s the nearest allocation at %p of size %s "
                      "bytes\n", check_count(n1, dist), after ? "after" : "before",
              (void *)r->base, check_count(n2, r->size));
    fprintf(stderr, "=========\n");
  }
  pthread_mutex_unlock(&g_check.lock);
}

static void report_misaligned(const CheckAccess *a, const char *space, uintptr_t shown) {
  pthread_mutex_lock(&g_check.lock);
  if (report_invalid(a, space)) {
    fprintf(stderr, "=========     Access to 0x%llx is misaligned\n", (unsigned long long)shown);
    fprintf(stderr, "=========\n");
  }
  pthread_mutex_unlock(&g_check.lock);
}

static void report_shared_oob(const CheckAccess *a, long long offset) {
  pthread_mutex_lock(&g_check.lock);
  if (report_invalid(a, "__shared__")) {
    if (offset >= 0)
      fprintf(stderr, "=========     Access to 0x%llx is out of bounds\n", offset);
    else
      fprintf(stderr, "=========     Access to %p is out of bounds\n", a->addr);
    fprintf(stderr, "=========     and is outside the block's %s bytes of shared memory\n",
            check_count((char[32]){0}, check_tls.sh_size ? check_tls.sh_size
                                                          : check_tls.dyn_size));
    fprintf(stderr, "=========\n");
  }
  pthread_mutex_unlock(&g_check.lock);
}

static void report_uninit(const CheckAccess *a) {
  pthread_mutex_lock(&g_check.lock);
  if (check_count_error()) {
    fflush(stdout);
    fprintf(stderr, "========= Uninitialized __global__ memory read of size %zu bytes\n", a->size);
    check_print_where(a);
    fprintf(stderr, "=========     Address %p\n", a->addr);
    fprintf(stderr, "=========\n");
  }
  pthread_mutex_unlock(&g_check.lock);
}

/* ---- the check ---------------------------------------------------------------- */

static void find_stack(CheckThread *t) {
  pthread_attr_t at;
  void *lo = NULL;
  size_t size = 0;
  if (pthread_getattr_np(pthread_self(), &at) == 0) {
    pthread_attr_getstack(&at, &lo, &size);
    pthread_attr_destroy(&at);
  }
  t->stack_lo = (uintptr_t)lo;
  t->stack_hi = (uintptr_t)lo + size;
  t->stack_known = 1;
}

void cuwa_check_block_begin(const CuwaBlockCtx *ctx, void *shared, size_t shared_size,
                            void *scratch, size_t scratch_size) {
  CheckThread *t = &check_tls;
  if (!t->stack_known) find_stack(t);
  t->sh = (uintptr_t)shared;
  t->sh_size = shared ? shared_size : 0;
  t->dyn = (uintptr_t)ctx->dyn_shared;
  t->dyn_size = ctx->dyn_shared ? ctx->dyn_shared_size : 0;
  t->dyn_offset = (t->sh_size + 15) & ~(size_t)15;  /* the runtime's layout (pool.c) */
  t->scr = (uintptr_t)scratch;
  t->scr_size = scratch ? scratch_size : 0;
  if (g_check.tool == CHECK_RACECHECK) memcheck_race_block(t);
}

/* Offset in the block's shared window (static, then dynamic at a 16-byte
 * boundary) of [p, p + n), or -1 if not all in it; *near: p is in it. */
static long long shared_offset(const CheckThread *t, uintptr_t p, size_t n, int *near) {
  *near = 0;
  if (t->sh_size && p - t->sh < t->sh_size) {
    *near = 1;
    return p - t->sh + n <= t->sh_size ? (long long)(p - t->sh) : -1;
  }
  if (t->dyn_size && p - t->dyn < t->dyn_size) {
    *near = 1;
    return p - t->dyn + n <= t->dyn_size ? (long long)(t->dyn_offset + (p - t->dyn)) : -1;
  }
  return -1;
}

/* Where a bad shared access would be in the window, for the report. */
static long long shared_shown(const CheckThread *t, uintptr_t p) {
  if (t->dyn_size && p >= t->dyn) return (long long)(t->dyn_offset + (p - t->dyn));
  if (t->sh_size && p >= t->sh) return (long long)(p - t->sh);
  return -1;
}

static int is_local(const CheckThread *t, uintptr_t p) {
  return (p - t->stack_lo < t->stack_hi - t->stack_lo) || (t->scr_size && p - t->scr < t->scr_size);
}

/* initcheck: reads need every byte written; writes mark them. */
static void check_init(const CheckAccess *a, const Range *r) {
  size_t off = (size_t)((const char *)a->addr - r->base);
  unsigned char *sh = r->shadow + off;
  if (a->kind != CUWA_CHECK_WRITE) {
    for (size_t i = 0; i < a->size; i++)
      if (!__atomic_load_n(&sh[i], __ATOMIC_RELAXED)) {
        report_uninit(a);
        break;
      }
  }
  if (a->kind != CUWA_CHECK_READ)
    for (size_t i = 0; i < a->size; i++) __atomic_store_n(&sh[i], 1, __ATOMIC_RELAXED);
}

static int check_global(const CheckAccess *a, uintptr_t p, size_t align) {
  if (p % align) {
    report_misaligned(a, "__global__", p);
    return 0;
  }
  const Range *r = find_range(p);
  if (r && r->kind != RANGE_FREED && p + a->size <= (uintptr_t)r->base + r->size) {
    if (r->shadow) check_init(a, r);
    return 1;
  }
  report_global_oob(a, r && r->kind == RANGE_FREED ? r : NULL);
  return 0;
}

int cuwa_check_access(const CuwaBlockCtx *ctx, const void *addr, size_t size, unsigned flags,
                      const CuwaCheckSite *site, uint32_t tx, uint32_t ty, uint32_t tz) {
  CheckThread *t = &check_tls;
  CheckAccess a = {ctx, addr, size, (int)(flags & 3), site, tx, ty, tz};
  uintptr_t p = (uintptr_t)addr;
  size_t align = (size_t)1 << ((flags >> 4) & 15);
  int near;
  long long off = shared_offset(t, p, size, &near);
  if (off >= 0 || near || (flags & CUWA_CHECK_SHARED)) {
    if (off >= 0 && p % align) {
      report_misaligned(&a, "__shared__", (uintptr_t)off);
      return 0;
    }
    if (off < 0) {
      report_shared_oob(&a, shared_shown(t, p));
      return 0;
    }
    if (g_check.tool == CHECK_RACECHECK && a.kind != CUWA_CHECK_ATOMIC)
      memcheck_race_access(t, &a, (size_t)off);
    return 1;
  }
  if (is_local(t, p)) return 1;
  return check_global(&a, p, align);  /* every tool: a bad access is never made */
}
