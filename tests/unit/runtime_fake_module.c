/* runtime_fake_module.c: a hand-written stand-in for what cuwa generates
 * from one .cu unit (unit hash "f00d"), used by test_runtime.c and
 * test_runtime_cxx.cpp: the device side (kernel and variable descriptors,
 * block functions with explicit thread loops, a module constructor) and
 * the host side (one stub per kernel calling cuwa_launch_stub, shadows of
 * the device variables, a constructor registering both). The kernels:
 *   __device__ int dev_table[4];  __constant__ float dev_scale;
 *   vadd(a, b, c, n)         c[i] = a[i] + b[i]
 *   scale_add(in, out, n)    out[i] = in[i] * dev_scale + dev_table[i % 4]
 *   reverse(data)            per block, through static + dynamic shared
 *   count(counts, ids)       every thread counts itself once (atomics)
 *   mixed(c, d, i, s, out)   odd parameter layout
 *   check(limit)             assert(threadIdx.x < limit)
 *   say(x)                   printf("say %d\n", x) from thread 0
 *   empty()                                                            */
#include <stdatomic.h>
#include <stddef.h>
#include <stdint.h>
#include <string.h>

#include "cuwa/kernel_abi.h"

#define FOR_THREADS(ctx)                                        \
  for (uint32_t tz = 0; tz < (ctx)->block_dim.z; tz++)          \
    for (uint32_t ty = 0; ty < (ctx)->block_dim.y; ty++)        \
      for (uint32_t tx = 0; tx < (ctx)->block_dim.x; tx++)

/* ---- device side (what the C back end emits) ---- */

static int storage_dev_table[4];
static float storage_dev_scale;

const CuwaVarDesc cuwa_var_f00d_dev_table = {"dev_table", storage_dev_table,
                                             sizeof storage_dev_table,
                                             CUWA_VAR_DEVICE};
const CuwaVarDesc cuwa_var_f00d_dev_scale = {"dev_scale", &storage_dev_scale,
                                             sizeof storage_dev_scale,
                                             CUWA_VAR_CONSTANT};

typedef struct {
  const float *a, *b;
  float *c;
  int n;
} params_vadd;

static void block_vadd(const CuwaBlockCtx *ctx, const void *params) {
  const params_vadd *p = params;
  FOR_THREADS(ctx) {
    (void)ty, (void)tz;
    int i = (int)(ctx->block_idx.x * ctx->block_dim.x + tx);
    if (i < p->n)
      p->c[i] = p->a[i] + p->b[i];
  }
}

typedef struct {
  const float *in;
  float *out;
  int n;
} params_scale_add;

static void block_scale_add(const CuwaBlockCtx *ctx, const void *params) {
  const params_scale_add *p = params;
  FOR_THREADS(ctx) {
    (void)ty, (void)tz;
    int i = (int)(ctx->block_idx.x * ctx->block_dim.x + tx);
    if (i < p->n)
      p->out[i] = p->in[i] * storage_dev_scale + (float)storage_dev_table[i % 4];
  }
}

/* __shared__ int tile[64] (static) and extern __shared__ int buf[]:
 * copy in, barrier, write reversed, with tile[0] = block id as a check. */
typedef struct {
  int *data;
} params_reverse;

static void block_reverse(const CuwaBlockCtx *ctx, const void *params) {
  const params_reverse *p = params;
  int *tile = (int *)((char *)ctx->dyn_shared - 256); /* 64 ints, 16-aligned */
  int *buf = ctx->dyn_shared;
  uint32_t n = ctx->block_dim.x, base = ctx->block_idx.x * n;
  tile[0] = (int)ctx->block_idx.x;
  FOR_THREADS(ctx) {
    (void)ty, (void)tz;
    buf[tx] = p->data[base + tx];
  }
  /* __syncthreads() */
  FOR_THREADS(ctx) {
    (void)ty, (void)tz;
    p->data[base + tx] = buf[n - 1 - tx] + (tile[0] - (int)ctx->block_idx.x);
  }
}

typedef struct {
  int *counts;
  int *ids;
} params_count;

static void block_count(const CuwaBlockCtx *ctx, const void *params) {
  const params_count *p = params;
  uint64_t bpb = (uint64_t)ctx->block_dim.x * ctx->block_dim.y * ctx->block_dim.z;
  uint64_t block = ctx->block_idx.x +
                   (uint64_t)ctx->grid_dim.x *
                       (ctx->block_idx.y + (uint64_t)ctx->grid_dim.y * ctx->block_idx.z);
  FOR_THREADS(ctx) {
    uint64_t t = tx + ctx->block_dim.x * (ty + (uint64_t)ctx->block_dim.y * tz);
    uint64_t id = block * bpb + t;
    atomic_fetch_add((_Atomic int *)&p->counts[id], 1);
    if (p->ids)
      p->ids[id] = (int)(ctx->block_idx.x | ctx->block_idx.y << 10 |
                         ctx->block_idx.z << 20);
  }
}

typedef struct {
  char c;
  double d;
  int i;
  short s;
  double *out;
} params_mixed;

static void block_mixed(const CuwaBlockCtx *ctx, const void *params) {
  const params_mixed *p = params;
  (void)ctx;
  p->out[0] = p->c + p->d + p->i + p->s;
}

typedef struct {
  unsigned limit;
} params_check;

static void block_check(const CuwaBlockCtx *ctx, const void *params) {
  const params_check *p = params;
  FOR_THREADS(ctx) {
    if (!(tx < p->limit)) {
      cuwa_device_assert_fail(ctx, tx, ty, tz, "threadIdx.x < limit",
                              "fake.cu", 42, "void check(unsigned int)");
      return; /* the thread traps: the block ends */
    }
  }
}

typedef struct {
  int x;
} params_say;

static void block_say(const CuwaBlockCtx *ctx, const void *params) {
  const params_say *p = params;
  (void)ctx;
  cuwa_device_printf("say %d\n", p->x);
}

static void block_empty(const CuwaBlockCtx *ctx, const void *params) {
  (void)ctx, (void)params;
}

#define DESC(ord, kname, fn, count, offs, sizes, type, shared, scratch)     \
  const CuwaKernelDesc cuwa_kernel_f00d_##ord = {                          \
      kname, ord, fn, count, offs, sizes, sizeof(type), _Alignof(type),    \
      shared, scratch, "fake.cu"}

static const uint32_t off_vadd[] = {offsetof(params_vadd, a),
                                    offsetof(params_vadd, b),
                                    offsetof(params_vadd, c),
                                    offsetof(params_vadd, n)};
static const uint32_t size_vadd[] = {8, 8, 8, 4};
static const uint32_t off_scale_add[] = {offsetof(params_scale_add, in),
                                         offsetof(params_scale_add, out),
                                         offsetof(params_scale_add, n)};
static const uint32_t size_scale_add[] = {8, 8, 4};
static const uint32_t off_reverse[] = {0};
static const uint32_t size_reverse[] = {8};
static const uint32_t off_count[] = {offsetof(params_count, counts),
                                     offsetof(params_count, ids)};
static const uint32_t size_count[] = {8, 8};
static const uint32_t off_mixed[] = {
    offsetof(params_mixed, c), offsetof(params_mixed, d),
    offsetof(params_mixed, i), offsetof(params_mixed, s),
    offsetof(params_mixed, out)};
static const uint32_t size_mixed[] = {1, 8, 4, 2, 8};
static const uint32_t off_one[] = {0};
static const uint32_t size_int[] = {4};

DESC(0, "vadd", block_vadd, 4, off_vadd, size_vadd, params_vadd, 0, 0);
DESC(1, "scale_add", block_scale_add, 3, off_scale_add, size_scale_add,
     params_scale_add, 0, 0);
DESC(2, "reverse", block_reverse, 1, off_reverse, size_reverse,
     params_reverse, 256, 0);
DESC(3, "count", block_count, 2, off_count, size_count, params_count, 0, 0);
DESC(4, "mixed", block_mixed, 5, off_mixed, size_mixed, params_mixed, 0, 0);
DESC(5, "check", block_check, 1, off_one, size_int, params_check, 0, 0);
DESC(6, "say", block_say, 1, off_one, size_int, params_say, 0, 0);
const CuwaKernelDesc cuwa_kernel_f00d_7 = {
    "empty", 7, block_empty, 0, NULL, NULL, 0, 1, 0, 0, "fake.cu"};

static const CuwaKernelDesc *const module_kernels[] = {
    &cuwa_kernel_f00d_0, &cuwa_kernel_f00d_1, &cuwa_kernel_f00d_2,
    &cuwa_kernel_f00d_3, &cuwa_kernel_f00d_4, &cuwa_kernel_f00d_5,
    &cuwa_kernel_f00d_6, &cuwa_kernel_f00d_7};
static const CuwaVarDesc *const module_vars[] = {&cuwa_var_f00d_dev_table,
                                                 &cuwa_var_f00d_dev_scale};
static const CuwaModuleDesc module_f00d = {
    CUWA_ABI_VERSION, "f00d", "fake.cu", 8, module_kernels, 2, module_vars};

__attribute__((constructor)) static void cuwa_module_ctor_f00d(void) {
  cuwa_register_module(&module_f00d);
}

/* ---- host side (what the rewritten host code contains) ---- */

int dev_table[4]; /* shadows: their addresses are the symbols */
float dev_scale;

void vadd(const float *a, const float *b, float *c, int n) {
  void *args[] = {&a, &b, &c, &n};
  cuwa_launch_stub(&cuwa_kernel_f00d_0, args);
}

void scale_add(const float *in, float *out, int n) {
  void *args[] = {&in, &out, &n};
  cuwa_launch_stub(&cuwa_kernel_f00d_1, args);
}

void reverse(int *data) {
  void *args[] = {&data};
  cuwa_launch_stub(&cuwa_kernel_f00d_2, args);
}

void count(int *counts, int *ids) {
  void *args[] = {&counts, &ids};
  cuwa_launch_stub(&cuwa_kernel_f00d_3, args);
}

void mixed(char c, double d, int i, short s, double *out) {
  void *args[] = {&c, &d, &i, &s, &out};
  cuwa_launch_stub(&cuwa_kernel_f00d_4, args);
}

void check(unsigned limit) {
  void *args[] = {&limit};
  cuwa_launch_stub(&cuwa_kernel_f00d_5, args);
}

void say(int x) {
  void *args[] = {&x};
  cuwa_launch_stub(&cuwa_kernel_f00d_6, args);
}

void empty(void) { cuwa_launch_stub(&cuwa_kernel_f00d_7, NULL); }

__attribute__((constructor)) static void cuwa_host_ctor_f00d(void) {
  cuwa_register_kernel_stub((const void *)vadd, &cuwa_kernel_f00d_0);
  cuwa_register_kernel_stub((const void *)scale_add, &cuwa_kernel_f00d_1);
  cuwa_register_kernel_stub((const void *)reverse, &cuwa_kernel_f00d_2);
  cuwa_register_kernel_stub((const void *)count, &cuwa_kernel_f00d_3);
  cuwa_register_kernel_stub((const void *)mixed, &cuwa_kernel_f00d_4);
  cuwa_register_kernel_stub((const void *)check, &cuwa_kernel_f00d_5);
  cuwa_register_kernel_stub((const void *)say, &cuwa_kernel_f00d_6);
  cuwa_register_kernel_stub((const void *)empty, &cuwa_kernel_f00d_7);
  cuwa_register_var_shadow(dev_table, &cuwa_var_f00d_dev_table);
  cuwa_register_var_shadow(&dev_scale, &cuwa_var_f00d_dev_scale);
}
