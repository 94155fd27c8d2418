/* ptx_internal.h: shared state of the PTX back end (ptx_check.c,
 * ptx_emit.c, ptx_ops.c). The printer inlines every device function into
 * each kernel (one .entry per kernel, no .func ABI), keeps scalar locals
 * in virtual registers and everything else in one .local frame per
 * kernel. It does not run passes on the IR and never changes the module. */
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
  bool uses_vprintf, uses_assert;
  const IrFunc *kernel;
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

/* ptx_check.c */
bool ptx_can_emit(IrModule *m, Diag *d);
bool ptx_emit(IrModule *m, const char *unit, Diag *d, StrBuf *out);

#endif
