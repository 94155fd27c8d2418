/* wgsl_internal.h: shared state of the WGSL back end (wgsl_check.c:
 * analysis + can_emit; wgsl_print.c: the printer). The memory model is
 * described in docs/webgpu.md: global and constant memory are one flat
 * byte-addressed heap (a storage buffer of u32 words), shared memory one
 * workgroup array, address-taken locals one private array; every pointer
 * is a u32 byte offset whose space is known statically. */
#ifndef CUWA_BACK_WGSL_INTERNAL_H
#define CUWA_BACK_WGSL_INTERNAL_H

#include "../back.h"

/* Memory spaces a pointer value may point into (bit set). */
enum {
  WS_HEAP = 1,    /* global and constant memory: the storage buffer */
  WS_SHARED = 2,  /* var<workgroup> cuwa_shm */
  WS_LOCAL = 4,   /* var<private> cuwa_lm (address-taken locals) */
  WS_GENERIC = 8, /* several of them: the address says which (below) */
};
/* Shared and local addresses carry their space: shared memory is at
 * WGSL_SHARED_BASE + offset, local memory at WGSL_LOCAL_BASE + offset, and
 * the heap stays below WGSL_SHARED_BASE (the runtime's limit), so a
 * pointer that may point into several spaces is dispatched at run time. */
#define WGSL_SHARED_BASE 0xfff00000u
#define WGSL_LOCAL_BASE 0xfff80000u

/* Uniform buffer layout (u32 words): grid xyz, block xyz, then
 * chunks per block, total workgroups, globals base; params at byte 64. */
#define WGSL_PARAM_BASE 64
/* Device printf: a heap buffer the runtime allocates (its offset in
 * uniform word 11): word 0 the write cursor in words, then records of
 * (format id << 8 | argument count) and per argument (tag, low, high)
 * words. The runtime's WG_PRINTF_BYTES must equal this. */
#define WGSL_PRINTF_BYTES (1 << 20)
enum { /* printf argument tags */
  WP_I32 = 1, WP_U32, WP_I64, WP_U64, WP_F32, WP_F64, WP_STRING, WP_PTR,
};

typedef struct WgslFuncInfo {
  int frame_size;   /* bytes of address-taken locals */
  int frame_base;   /* byte offset of the frame in cuwa_lm */
  int ret_spaces;   /* spaces of a returned pointer */
  int *param_spaces;/* spaces of pointer parameters (call sites) */
  bool collective;  /* has __syncthreads, warp or block collectives (also
                       through calls): printed predicated (wgsl_pred.c) */
  bool *uniform;    /* collective functions: ir_uniform_analyze's answer */
} WgslFuncInfo;

typedef struct WgslInfo {
  IrModule *m;
  Diag *d;
  int errors;
  bool changed;          /* fixed point iteration */
  int mem_spaces;        /* spaces of pointers stored in memory */
  int globals_size;      /* bytes of the heap region of module globals */
  int *global_offset;    /* by IrGlobal.id: heap or shared byte offset */
  int shared_static;     /* bytes of static shared (16-aligned, >= 16) */
  int local_size;        /* bytes of cuwa_lm */
  bool heap_atomic;      /* sub-word stores to the heap: words are atomic */
  bool shared_atomic;
  bool uses_trap;
  int generic_spaces;    /* spaces that pointers into several may reach */
  int uniform_vec4s;     /* array<vec4<u32>, N> of the uniform buffer */
  WgslFuncInfo *funcs;   /* by IrFunc.id */
} WgslInfo;

/* Per-instruction facts kept in IrInst.aux during one back-end call. */
typedef struct WgslInst {
  int spaces;       /* pointer values: where they may point */
  bool flat;        /* IR_LOCAL: lives in cuwa_lm (its address escapes) */
  int offset;       /* IR_LOCAL flat: byte offset in the frame */
  int uses;         /* operand uses, and how many are printf arguments */
  int printf_uses;
  int slot_uses;    /* f64 values: uses as the value stored into a local */
  bool pred;        /* collective functions: the construct holds a
                       collective, return, trap or a jump out of it, so
                       it is printed predicated, not as WGSL control flow */
} WgslInst;

/* wgsl_check.c */
bool wgsl_analyze(IrModule *m, Diag *d, WgslInfo *info);
WgslInst *wgsl_inst(const IrInst *i);
int wgsl_space_of(const IrInst *ptr);  /* one WS_* bit (0 for null) */
int wgsl_param_offset(const IrFunc *k, int index);
WgslFuncInfo *wgsl_func_info(WgslInfo *w, const IrFunc *f);
int wgsl_global_offset(const WgslInfo *w, const IrGlobal *g);
bool wgsl_can_emit(IrModule *m, Diag *d);

/* wgsl_pred.c */
bool wgsl_is_collective_intrinsic(IrIntrinsic id);
void wgsl_analyze_collectives(WgslInfo *w);

/* wgsl_print.c */
bool wgsl_emit(IrModule *m, const char *unit, Diag *d, StrBuf *out);

#endif
