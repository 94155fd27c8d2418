/* c_internal.h: what the files of the C back end share (not a public
 * interface): the prelude text and the can_emit check. */
#ifndef CUWA_BACK_C_INTERNAL_H
#define CUWA_BACK_C_INTERNAL_H

#include "../back.h"

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
  /* Fission mode (a kernel with barriers, c_fission.c): the body is split
   * into regions, each run as its own thread loop in the block function. */
  bool fission;
  bool *spilled;        /* by inst id: a per-thread array t<id>[cuwa_tid] */
  bool *local_array;    /* by inst id of a local: a per-thread array */
  int region_label;     /* the region being printed (its cuwa_next label) */
  int inner_loops;      /* IR loops open inside the region */
  int inner_breakables; /* IR loops and switches open inside the region */
  Vec(uint32_t) floops; /* ids of the enclosing fission loops */
  int scratch_bytes;    /* per thread, for the kernel's CuwaKernelDesc */
  bool fast;            /* printing the small-grid variant of a thread body */
} CEmit;

extern const char c_prelude[];

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
bool c_is_global_index(const IrInst *i);

/* c_lower.c: inlines barrier-using device functions into kernels */
bool c_lower_module(IrModule *m, Diag *d);

/* c_fission.c: kernels with __syncthreads() */
void c_print_fission_kernel(CEmit *e, const IrFunc *k);
bool c_contains_barrier(const IrInst *i);
bool c_can_emit(IrModule *m, Diag *d);
bool c_emit(IrModule *m, const char *unit, Diag *d, StrBuf *out);

#endif
