/* cuwa/kernel_abi.h: the contract between code that cuwa generates and
 * libcuwa (the runtime). Included by the generated device C (compiled as
 * C11) and by the generated host stubs (compiled as C++), and by the
 * runtime. Nothing here is for user programs.
 *
 * How a .cu unit is tied together:
 *  - the device side (back end output, C) defines one CuwaKernelDesc per
 *    kernel named cuwa_kernel_<unit>_<ordinal>, one CuwaVarDesc per
 *    __device__/__constant__ variable named cuwa_var_<unit>_<name>, and a
 *    CuwaModuleDesc registered by a constructor;
 *  - the host side (the rewritten host code) defines a stub function per
 *    kernel with the kernel's signature; the stub passes its arguments'
 *    addresses with the desc to cuwa_launch_stub, and a constructor
 *    registers stub address -> desc (so cudaLaunchKernel((void*)k, ...)
 *    works) and shadow variable address -> var desc (cudaMemcpyToSymbol).
 * <unit> is a hex hash the driver computes once per .cu file and gives
 * both sides, so a mismatch is a link error, never a wrong kernel. */
#ifndef CUWA_KERNEL_ABI_H
#define CUWA_KERNEL_ABI_H

#include <stddef.h>
#include <stdint.h>

#ifdef __cplusplus
extern "C" {
#endif

#define CUWA_ABI_VERSION 1

typedef struct CuwaDim3 {
  uint32_t x, y, z;
} CuwaDim3;

struct CuwaLaunch; /* the runtime's per-launch state; opaque here */

/* What a CPU block function gets: one block of a launch. */
typedef struct CuwaBlockCtx {
  CuwaDim3 grid_dim, block_dim, block_idx;
  void *dyn_shared;           /* extern __shared__ memory for this block */
  size_t dyn_shared_size;     /* its size in bytes (from the launch) */
  struct CuwaLaunch *launch;  /* for cuwa_device_assert_fail */
  void *scratch;              /* per-worker memory for the back end's
                                 per-thread arrays (barrier fission) */
  size_t scratch_size;
} CuwaBlockCtx;

/* Runs every thread of one block (the back end emits the thread loops). */
typedef void (*CuwaCpuBlockFn)(const CuwaBlockCtx *ctx, const void *params);

typedef struct CuwaKernelDesc {
  const char *name;             /* the user's kernel name */
  int ordinal;                  /* n-th __global__ definition in the unit */
  CuwaCpuBlockFn cpu_block;     /* NULL if the CPU back end could not emit it */
  int param_count;
  const uint32_t *param_offsets;/* where each argument goes in the buffer */
  const uint32_t *param_sizes;  /* how many bytes each argument has */
  uint32_t param_buffer_size;   /* bytes of the packed parameter struct */
  uint32_t param_buffer_align;
  uint32_t static_shared_size;  /* bytes of static __shared__ per block */
  uint32_t scratch_per_thread;  /* bytes of CuwaBlockCtx.scratch per thread */
  const char *source_path;      /* the .cu file, for messages */
  /* The same kernel with every memory access checked (cuwa -G): what
   * CUWA_CHECK=memcheck|initcheck|racecheck runs; NULL when not built. */
  CuwaCpuBlockFn cpu_block_checked;
} CuwaKernelDesc;

enum { CUWA_VAR_DEVICE = 0, CUWA_VAR_CONSTANT = 1, CUWA_VAR_MANAGED = 2 };

typedef struct CuwaVarDesc {
  const char *name;   /* the user's variable name */
  void *cpu_addr;     /* its storage for the CPU device */
  size_t size;        /* bytes */
  int space;          /* CUWA_VAR_* */
} CuwaVarDesc;

/* A kernel module compiled for a device other than the CPU: the whole
 * module as one text, one entry point per kernel named cuwa_k<ordinal>.
 * text is NULL when that back end could not compile the module; error then
 * holds the diagnostics cuwa printed, so the runtime can say why when a
 * kernel is launched on that device. */
typedef struct CuwaTargetCode {
  const char *text;   /* WGSL or PTX source, NUL-terminated */
  const char *error;  /* why there is no text, or NULL */
} CuwaTargetCode;

typedef struct CuwaModuleDesc {
  int abi_version;    /* CUWA_ABI_VERSION */
  const char *unit;   /* the unit hash */
  const char *source_path;
  int kernel_count;
  const CuwaKernelDesc *const *kernels;
  int var_count;
  const CuwaVarDesc *const *vars;
  /* Code for the other devices. The C back end declares these as static
   * tentative definitions (all NULL); the driver appends the real
   * definitions to the same C file after running each back end. */
  const CuwaTargetCode *wgsl;
  const CuwaTargetCode *ptx;
} CuwaModuleDesc;

/* device side: called from the generated C's constructor */
void cuwa_register_module(const CuwaModuleDesc *m);

/* host side: called from the host stubs and their constructors */
void cuwa_register_kernel_stub(const void *stub, const CuwaKernelDesc *k);
void cuwa_register_var_shadow(const void *shadow, const CuwaVarDesc *v);
/* k<<<g, b, s, st>>>(args) is rewritten to
 *   (cuwaPushCallConfiguration(g, b, s, st) ? (void)0 : k(args))
 * and the stub k calls cuwa_launch_stub, which pops the configuration. */
int cuwa_launch_stub(const CuwaKernelDesc *k, void **args);

/* device code support, called from generated C */
void cuwa_device_assert_fail(const CuwaBlockCtx *ctx, uint32_t tx,
                             uint32_t ty, uint32_t tz, const char *expr,
                             const char *file, int line, const char *func);
int cuwa_device_printf(const char *fmt, ...);
long long cuwa_device_clock64(void);

/* Checked kernels (cpu_block_checked; src/runtime/memcheck.c). Every
 * memory access of device code that does not visibly go to a local
 * variable first calls cuwa_check_access, which reports a bad access
 * (docs/memcheck.md) and returns 0 when the access must be skipped. */
typedef struct CuwaCheckSite {
  const char *file;   /* source file of the access */
  uint32_t line;
  const char *func;   /* the function it is in, as the user named it */
} CuwaCheckSite;

enum {
  CUWA_CHECK_READ = 0, CUWA_CHECK_WRITE = 1, CUWA_CHECK_ATOMIC = 2, /* bits 0-1 */
  CUWA_CHECK_GENERIC = 0, CUWA_CHECK_GLOBAL = 4, CUWA_CHECK_SHARED = 8, /* bits 2-3: IR space */
  CUWA_CHECK_ALIGN_SHIFT = 4  /* bits 4-7: log2 of the alignment the access needs */
};

int cuwa_check_access(const CuwaBlockCtx *ctx, const void *addr, size_t size, unsigned flags,
                      const CuwaCheckSite *site, uint32_t tx, uint32_t ty, uint32_t tz);
/* At the start of a checked block: its static __shared__ and per-thread
 * scratch memory (dynamic shared memory is in ctx). */
void cuwa_check_block_begin(const CuwaBlockCtx *ctx, void *shared, size_t shared_size,
                            void *scratch, size_t scratch_size);
/* A barrier all threads of the block passed (warp: __syncwarp only). */
void cuwa_check_barrier(const CuwaBlockCtx *ctx, int warp);
/* A checked module's __device__ / __constant__ storage (its constructor). */
void cuwa_check_register_range(const void *addr, size_t size, const char *name);

/* Kernels whose threads must meet across divergent code (a barrier or a
 * collective in both arms of an if the threads take differently: the C
 * back end's c_fiber.c) run with one stack per CUDA thread
 * (src/runtime/cpu/fiber.c): the block function hands the thread function
 * to cuwa_fiber_block, which switches between the threads at barriers
 * and collectives. */
typedef struct CuwaFiber CuwaFiber;  /* one CUDA thread of the block */
typedef struct CuwaFiberKernel {
  const char *name;   /* the user's kernel name */
  const char *why;    /* for CUWA_VERBOSE=1: "barrier at f.cu:12 is in divergent code" */
  int checked;        /* the checked variant (cuwa -G): tell memcheck of barriers */
} CuwaFiberKernel;
typedef struct CuwaSyncSite {
  const char *what;   /* "__syncthreads()", "__shfl_sync", ... */
  const char *file;
  uint32_t line;
} CuwaSyncSite;
typedef void (*CuwaFiberFn)(CuwaFiber *f, const CuwaBlockCtx *ctx, const void *params,
                            void *shared, uint32_t tx, uint32_t ty, uint32_t tz);
void cuwa_fiber_block(const CuwaFiberKernel *k, const CuwaBlockCtx *ctx, const void *params,
                      void *shared, CuwaFiberFn fn);
/* __syncthreads (op 0), _count (1), _and (2), _or (3); grid.sync() (4). */
int32_t cuwa_fiber_barrier(CuwaFiber *f, const CuwaSyncSite *s, int op, int32_t pred);
enum {
  CUWA_FW_SHFL, CUWA_FW_BALLOT, CUWA_FW_ANY, CUWA_FW_ALL, CUWA_FW_ACTIVEMASK, CUWA_FW_SYNCWARP,
  CUWA_FW_MATCH_ANY, CUWA_FW_MATCH_ALL, CUWA_FW_ADD, CUWA_FW_MIN_I, CUWA_FW_MIN_U,
  CUWA_FW_MAX_I, CUWA_FW_MAX_U, CUWA_FW_AND, CUWA_FW_OR, CUWA_FW_XOR
};
/* A warp collective: value is this lane's operand (bits, zero- or
 * sign-extended), arg the source lane of a shuffle; *pred_out gets
 * __match_all_sync's predicate. Returns the result's bits. */
uint64_t cuwa_fiber_warp(CuwaFiber *f, const CuwaSyncSite *s, int op, uint32_t mask,
                         uint64_t value, uint32_t arg, int32_t *pred_out);
/* grid.sync() of a cooperative launch, once per block (all its threads
 * are at it): waits for every block of the grid. Nonzero: the grid can
 * never meet (reported); the block must stop. */
int cuwa_grid_sync(const CuwaBlockCtx *ctx, const char *file, uint32_t line);

/* Dynamic parallelism (src/runtime/cpu/cdp.c, docs/dynamic-parallelism.md):
 * k<<<grid, block, shmem, stream>>>(args) in device code, by CUDA thread
 * (tx, ty, tz) of the block of ctx. params is k's packed parameter buffer
 * (copied; NULL when k has none); stream is the cudaStream_t's bits. The
 * child grid runs after the launching grid (CUDA 12 semantics); a launch
 * that fails sets the thread's last error, which cuwa_device_last_error
 * returns (take: cudaGetLastError, else cudaPeekAtLastError). */
void cuwa_device_launch(const CuwaBlockCtx *ctx, const CuwaKernelDesc *k, CuwaDim3 grid,
                        CuwaDim3 block, uint64_t shmem, uint64_t stream, const void *params,
                        uint32_t tx, uint32_t ty, uint32_t tz);
int cuwa_device_last_error(const CuwaBlockCtx *ctx, uint32_t tx, uint32_t ty, uint32_t tz,
                           int take);
/* The same for a kernel of another .cu file, found by name; params has
 * size bytes. */
void cuwa_device_launch_named(const CuwaBlockCtx *ctx, const char *name, CuwaDim3 grid,
                              CuwaDim3 block, uint64_t shmem, uint64_t stream, const void *params,
                              uint64_t size, uint32_t tx, uint32_t ty, uint32_t tz);
/* cudaMemcpyAsync (is_set 0) / cudaMemsetAsync (1: src is the byte) in
 * device code: done in stream order with the grids the thread launched */
int cuwa_device_memcpy_async(const CuwaBlockCtx *ctx, uint64_t dst, uint64_t src, uint64_t bytes,
                             uint64_t stream, int is_set);

#ifdef __cplusplus
}
#endif

#endif
