/* ptx_internal.h: shared state of the PTX back end (ptx_check.c,
 * ptx_emit.c, ptx_ops.c, ptx_sync.c, ptx_libm.c). The printer inlines
 * device functions into each kernel (one .entry per kernel), except
 * recursive and __noinline__ ones, which become .func with the PTX ABI
 * (.param space); it keeps scalar locals in virtual registers and
 * everything else in one .local frame per .entry/.func. It does not run
 * passes on the IR and never changes the module. */
#ifndef CUWA_BACK_PTX_INTERNAL_H
#define CUWA_BACK_PTX_INTERNAL_H

#include "../back.h"

#include <stdio.h>
#include <string.h>

/* Register classes: PTX bit-size registers serve every type of that size. */
enum { RC_PRED, RC_B16, RC_B32, RC_B64, RC_COUNT };

/* One inlined copy of a function (the kernel itself is the outermost). */
typedef struct PtxInstance {
  const IrFunc *f;
  const char **val;        /* inst id -> operand text of its value */
  const char **local_reg;  /* IR_LOCAL id -> register when promoted */
  const char **args;       /* operand text of each argument (inlined) */
  const char *ret_label;   /* where a return jumps (inlined), else NULL */
  const char *ret_val;     /* register or slot address for the result */
  bool *arg_glob;          /* by argument: the caller's value points to global memory */
  bool *glob;              /* by inst id: ptx_glob_analyze's answer */
  struct PtxInstance *parent;
} PtxInstance;

typedef struct PtxJump { const char *brk, *cont; } PtxJump; /* cont NULL: switch */

typedef struct PtxEmit {
  IrModule *m;
  Arena *a;
  Diag *d;
  StrBuf *body;            /* the current kernel's instructions */
  StrBuf decls;            /* module-scope strings made while printing */
  int nreg[RC_COUNT];      /* registers used so far, per class */
  int labels;              /* label counter (module-wide, unique) */
  int strings;             /* string constant counter */
  int frame_size, frame_align;
  const char *frame_base;  /* register holding the frame's local address */
  PtxInstance *inst;       /* the instance being printed */
  PtxJump jumps[64];
  int njumps;
  int min_sm;              /* .target needed by what was printed */
  int ptx_version;         /* .version needed, times ten (70: 7.0) */
  bool uses_vprintf, uses_assert;
  const IrFunc *kernel;     /* the .entry or .func being printed */
  bool in_func;            /* it is a .func: parameters and return use the ABI */
  bool *as_func;           /* by function id: printed as a .func, called */
  bool *lib_used;          /* by ptx_libm entry: a module-level .func is needed */
} PtxEmit;

/* ptx_emit.c */
const char *ptx_reg(PtxEmit *e, int rc);
int ptx_rc(const IrType *t);
bool ptx_is_aggregate(const IrType *t);
const char *ptx_label(PtxEmit *e);
void ptx_line(PtxEmit *e, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
const char *ptx_val(PtxEmit *e, const IrInst *i);
void ptx_set_val(PtxEmit *e, const IrInst *i, const char *v);
const char *ptx_def(PtxEmit *e, const IrInst *i);
const char *ptx_space(IrSpace s);
const char *ptx_mem_type(const IrType *t);
const char *ptx_global_name(PtxEmit *e, const IrGlobal *g);
const char *ptx_file_of(PtxEmit *e, Loc loc);
const char *ptx_string_const(PtxEmit *e, const char *s, int len_with_nul);
void ptx_store_param(PtxEmit *e, const char *name, const IrType *t, const char *v);
const char *ptx_load_param(PtxEmit *e, const char *name, const IrType *t, const char *d);
const char *ptx_func_name(PtxEmit *e, const IrFunc *f);

/* ptx_libm.c: the accurate math library: .func bodies that cuwa compiled
 * from libm.cu (ptx_libm_gen.inc, made by tests/unit/test_ptx --gen-libm). */
#define PTX_LIBM_PREFIX "__cuwa_libm_"
bool ptx_libm_supported(IrIntrinsic id);
/* Prints a call of the library function for intrinsic i (or, with
 * IR_REM on floats, fmod); marks it used. */
void ptx_print_libm_call(PtxEmit *e, const IrInst *i);
/* The library's globals and the .func bodies that calls marked, with
 * the functions they call in turn. */
void ptx_libm_print(PtxEmit *e, StrBuf *out);

/* ptx_ops.c */
const char *ptx_int_type(const IrType *t);
void ptx_normalize(PtxEmit *e, const IrType *t, const char *r);
void ptx_print_const(PtxEmit *e, const IrInst *i);
void ptx_print_binary(PtxEmit *e, const IrInst *i);
void ptx_print_unary(PtxEmit *e, const IrInst *i);
void ptx_print_compare(PtxEmit *e, const IrInst *i);
void ptx_print_conv(PtxEmit *e, const IrInst *i);
void ptx_print_select(PtxEmit *e, const IrInst *i);
void ptx_print_intrinsic(PtxEmit *e, const IrInst *i);
/* The instruction template of an intrinsic, or NULL when this back end
 * does not implement it (ptx_check reports those). */
const char *ptx_intrinsic_template(IrIntrinsic id);
bool ptx_intrinsic_supported(IrIntrinsic id);
int ptx_intrinsic_min_sm(IrIntrinsic id);

/* ptx_sync.c */
bool ptx_print_sync(PtxEmit *e, const IrInst *i);
bool ptx_sync_supported(IrIntrinsic id);

/* ptx_glob.c: by inst id, whether a generic pointer value of f points to
 * global memory (entry: f is the kernel and its pointer parameters do;
 * arg_glob: the same by parameter for an inlined copy, or NULL). */
bool *ptx_glob_analyze(Arena *a, const IrFunc *f, const bool *escapes, bool entry,
                       const bool *arg_glob);

/* ptx_check.c */
bool ptx_can_emit(IrModule *m, Diag *d);
bool ptx_emit(IrModule *m, const char *unit, Diag *d, StrBuf *out);

#endif
