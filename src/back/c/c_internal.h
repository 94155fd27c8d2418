/* c_internal.h: what the files of the C back end share (not a public
 * interface): the printing state (CEmit), the prelude text, and the
 * functions each file offers the others. */
#ifndef CUWA_BACK_C_INTERNAL_H
#define CUWA_BACK_C_INTERNAL_H

#include "../back.h"
#include "cuwa/kernel_abi.h"  /* CUWA_FW_*: what c_fiber.c calls */

typedef Vec(const IrInst *) InstVec;

/* A grid-stride loop (c_stride.c): for (i = init; i < bound; i += step). */
typedef struct CStride {
  const IrInst *loop;
  const IrInst *local;    /* the counter i */
  const IrInst *init;     /* its start: a function of the thread index */
  const IrInst *exit_if;  /* if (!(i < bound)) break; at the top of the body */
  const IrInst *bound, *step;  /* uniform, computable before the loop */
  bool inclusive;         /* i <= bound */
  InstVec pre;            /* what computes bound and step (operands first) */
} CStride;

typedef struct CEmit {
  IrModule *m;
  Diag *d;
  StrBuf *o;
  const char *unit;
  Arena *a;             /* scratch for names and expression strings */
  Map type_names;       /* "%p" of an IrType -> its C spelling */
  bool **shared_sets;   /* per function id: which globals (by id) it needs */
  bool *may_trap;       /* per function id: may execute IR_TRAP */
  const IrFunc *f;      /* function being printed */
  int depth;            /* indentation */
  Vec(uint32_t) loops;  /* ids of the enclosing IR loops (continue labels) */
  /* Fission mode (a kernel with barriers or warp collectives, c_fission.c):
   * the body is split into regions, each run as its own thread loop in the
   * block function; block-uniform work runs once, between the loops. */
  bool fission;
  const bool *uniform;  /* by inst id: pass_uniform's answer for the kernel */
  bool *has_sync;       /* by inst id: is or holds a barrier or collective */
  bool *hoisted;        /* by inst id: printed once per block, at block level */
  bool *cut;            /* by inst id: a hoisted store or jump that first ends
                           the thread loop being gathered */
  int *region;          /* by inst id: its thread loop; -1 at block level */
  bool *in_loop;        /* by region: inside a loop that holds a sync */
  int *local_region;    /* by local id: -3 unused, -2 several/escaping, else one */
  bool *spilled;        /* by inst id: a per-thread array t<id>[cuwa_tid] */
  bool *local_array;    /* by inst id of a local: a per-thread array */
  bool *predicated;     /* by inst id of an if/loop/switch holding a sync:
                           threads follow it one by one (per-thread flags) */
  int region_count;
  int cur_region;       /* the region being printed */
  int region_label;     /* its cuwa_next<n> label (regions may print twice) */
  int labels;           /* label numbers handed out in the function */
  int spec_depth;       /* predicated arms printed twice (see c_fission.c) */
  int narrow;           /* thread ranges narrowed to a predicated arm's */
  int inner_loops;      /* IR loops open inside the region */
  int inner_breakables; /* IR loops and switches open inside the region */
  Vec(const IrInst *) targets; /* enclosing sync-holding loops and switches */
  Vec(int) target_labels;      /* their label numbers (cuwa_fbrk<n>, cuwa_fcont<n>) */
  Vec(const char *) guards;    /* a thread sits out a region if one holds */
  bool jumped_brk, jumped_cnt; /* the open region set a uniform loop's flag */
  bool *remat;          /* by inst id: recomputed in each region that uses it
                           (thread indices and pure functions of them) */
  InstVec *needs;       /* by region: values recomputed at its start */
  int *remat_here;      /* by inst id: 1 + the region that recomputed it */
  bool may_exit;        /* some thread may return or trap before the end */
  bool no_lift;         /* keep loops in the thread loops (c_fission.c) */
  bool *in_pred;        /* by inst id of a collective: inside a predicated construct */
  CStride **stride;     /* by inst id of a loop: a grid-stride loop, or NULL */
  CStride **stride_of;  /* by local id: the grid-stride loop it counts */
  CStride **region_stride; /* by region: the grid-stride loop around it */
  bool *stride_exit;    /* by inst id: the exit test of a grid-stride loop */
  Vec(const CStride *) strides; /* grid-stride loops being printed */
  /* c_values.c, for the function being printed */
  const IrInst **fwd;   /* by load id: the stored value it reads, or NULL */
  int scratch_bytes;    /* per thread, for the kernel's CuwaKernelDesc */
  bool fast;            /* printing the small-grid variant of a thread body */
  const IrInst *known_if; /* an if whose condition the block may know for all
                           its threads (cuwa_known: 1 true, 2 false, 0 ask) */
  bool check;           /* printing the checked variant (c_checks.c) */
  const char *sfx;      /* "" or "_mc": suffix of the variant's function names */
  bool fiber;           /* printing a thread function of c_fiber.c */
} CEmit;

extern const char c_prelude[];
const char *c_math_template(IrIntrinsic id);  /* c_math.c; NULL: not a math row */

/* c_print.c: printing pieces the fission printer shares */
void c_indent(CEmit *e);
void c_line(CEmit *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *c_sanitize(Arena *a, const char *s);
const char *c_type(CEmit *e, const IrType *t);
const char *c_zero(CEmit *e, const IrType *t);
const char *c_val(CEmit *e, const IrInst *i);    /* an operand */
const char *c_deref(CEmit *e, const IrInst *p);  /* *p as an lvalue */
void c_def(CEmit *e, const IrInst *i, const char *fmt, ...) __attribute__((format(printf, 3, 4)));
const char *c_early_return(CEmit *e);            /* ends this thread */
void c_print_block(CEmit *e, const IrBlock *b);
void c_print_inst(CEmit *e, const IrInst *i);
bool c_kernel_has_shared(CEmit *e, const IrFunc *k);
const char *c_const(CEmit *e, const IrType *t, int64_t v);  /* a literal of type t */
const char *c_str(CEmit *e, const char *s);                  /* a C string literal */
bool c_is_global_index(CEmit *e, const IrInst *i);
bool c_has_global_index(CEmit *e, const IrBlock *b);
int c_global_index_scale(CEmit *e, const IrBlock *b, int c);
const char *c_fast_test(CEmit *e, const IrBlock *body, const char *ctx);

/* c_values.c: forwarding of single-store locals, widened indices */
void c_find_forwards(CEmit *e, const IrFunc *f);
bool c_is_pure_op(const IrInst *i);
bool c_thread_pure(CEmit *e, const IrInst *v, InstVec *chain, int *budget);
const char *c_index(CEmit *e, const IrInst *idx);  /* index of a pointer addition */
const char *c_wide64(CEmit *e, const IrInst *v);   /* v as int64_t, widened */

/* c_stride.c: grid-stride loops in fission kernels */
CStride *c_find_stride(CEmit *e, const IrInst *loop, const IrBlock *parent);
void c_print_stride_loop(CEmit *e, const IrInst *loop);
void c_print_stride_values(CEmit *e);
const char *c_stride_load(CEmit *e, const IrInst *load);

/* c_checks.c: the checked variant (cuwa -G, CUWA_CHECK) */
bool c_check_wants(CEmit *e, const IrInst *ptr);  /* an access through ptr is checked */
void c_print_checked_load(CEmit *e, const IrInst *i);
void c_print_checked_store(CEmit *e, const IrInst *i);
void c_print_checked_mem(CEmit *e, const IrInst *i);  /* IR_MEMCPY, IR_MEMSET */
void c_print_checked_atomic(CEmit *e, const IrInst *i, const char *call);
bool c_emit_module(IrModule *m, const char *unit, Diag *d, StrBuf *out, bool checked);

/* c_launch.c: a kernel launch in device code (IN_CDP_LAUNCH) */
void c_print_device_launch(CEmit *e, const IrInst *i);
/* c_lower.c: inlines barrier-using device functions into kernels */
bool c_lower_module(IrModule *m, Diag *d);

/* c_fission.c: kernels with __syncthreads() or warp collectives */
bool c_is_sync(const IrInst *i);               /* a barrier or a collective */
bool c_contains_sync(const IrInst *i);
bool c_wants_fission(CEmit *e, const IrFunc *k);
void c_print_fission_kernel(CEmit *e, const IrFunc *k);
void c_print_fission_jump(CEmit *e, const IrInst *i);  /* break/continue/break_if */
void c_print_fission_block(CEmit *e, const IrBlock *b);
void c_print_thread_loops(CEmit *e);           /* for tz, ty, tx over the range */
bool c_uses_dim_y(const IrBlock *b);           /* reads threadIdx.y/z or blockDim.y/z */
void c_print_dims_dispatch(CEmit *e, const char *name); /* name() -> name_dims(nx) */
const char *c_fission_guard(CEmit *e);         /* true: the thread sits out */
bool c_is_block_scalar(CEmit *e, const IrInst *v);  /* one value for the block */
bool c_block_has(const IrBlock *b, IrOp op);
bool c_can_emit(IrModule *m, Diag *d);
bool c_emit(IrModule *m, const char *unit, Diag *d, StrBuf *out);

/* c_warp.c: warp and block collectives at block level in fission mode */
void c_print_collective(CEmit *e, const IrInst *i);
bool c_warp_inline_shfl(CEmit *e, const IrInst *i);
void c_print_inline_shfl(CEmit *e, const IrInst *i);  /* in a region, for cuwa_tid */
int c_warp_fiber_op(IrIntrinsic id, int *shfl_mode);  /* CUWA_FW_* of a warp collective */
/* Fails the launch with a message at `at` (per_thread: cuwa_tid names the thread). */
void c_print_sync_error(CEmit *e, const IrInst *at, const char *what, bool per_thread);

/* c_fiber.c: kernels whose threads meet across divergent code run with one
 * stack per thread (src/runtime/cpu/fiber.c) */
const IrInst *c_fiber_meeting(CEmit *e, const IrBlock *body);  /* after fission analysis */
void c_print_fiber_kernel(CEmit *e, const IrFunc *k, const IrInst *meet);
void c_print_fiber_sync(CEmit *e, const IrInst *i);  /* a barrier or collective, per thread */

#endif
