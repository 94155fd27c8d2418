/* wgsl_print.h: the WGSL printer's state, shared by wgsl_print.c (module,
 * functions, statements, memory helpers) and wgsl_helpers.c (the table of
 * fixed helper functions and intrinsic patterns). */
#ifndef CUWA_BACK_WGSL_PRINT_H
#define CUWA_BACK_WGSL_PRINT_H

#include "wgsl_internal.h"

typedef struct WgslPrinter {
  WgslInfo *w;
  IrModule *m;
  Arena *a;
  StrBuf *o;         /* the function being printed */
  StrBuf helpers;    /* helper functions, printed on first use */
  Map done;          /* helper names already printed */
  const IrFunc *f;   /* the function being printed */
  int indent;
  /* predicated printing of collective functions (wgsl_pred.c) */
  bool pred;         /* f is collective */
  bool pred_level;   /* printing predicated code (not a plain construct) */
  int plain_depth;   /* plain loops/switches open inside a predicated f */
  int pred_ifs;      /* predicated ifs open */
  struct WgslFrame { /* loops and switches open in predicated code */
    char kind;       /* 'L' uniform WGSL loop, 'V' voted loop, 'S' switch */
    const char *flag;/* V: "still in the loop"; S: "left by break" */
    int pred_ifs;    /* pred_ifs when it opened */
  } frames[64];
  int nframes;
  int temps;         /* numbering of pK/tK/lK flags */
  StrBuf *decls;     /* function-scope vars of a predicated function */
  /* coarse printing (a block larger than the adapter's workgroups): the
   * _vt variant of a collective function runs cuwa_vt CUDA threads per
   * invocation; per-thread values are arrays indexed by s inside loops
   * `for s` (one per stretch of per-thread statements, vt_open while one
   * is open), block-uniform ones stay scalars (ir_uniform_analyze) */
  bool vt;
  bool vt_open;
  bool *arr;         /* by inst id: declared as array<T, cuwa_vt> */
  const char *cur, *alive, *rv;  /* "cur" or "cur[s]" ... */
  int vt_temps;
  StrBuf strings;    /* "// cuwa-string <id> <hex>" lines (printf) */
  int nstrings, nprintfs;
} WgslPrinter;

void wgsl_need_helper(WgslPrinter *p, const char *name);
const char *wgsl_intrinsic_pattern(IrIntrinsic id, const char **helper);
/* wgsl_atomic.c: an atomic on address args[0] in space sp ('h', 's') */
/* wgsl_warp.c: a warp or block collective run by every invocation */
bool wgsl_warp_supported(IrIntrinsic id);
void wgsl_need_warp(WgslPrinter *p);  /* the helpers, also cuwa_bcount */
const char *wgsl_warp_expr(WgslPrinter *p, const IrInst *i, const char *const *a, const char *act,
                           const char **pred_out);
char wgsl_warp_parts(WgslPrinter *p, const IrInst *i, const char *const *a, const char **put_v,
                     const char **put_p, const char **read, const char **pred_out);
const char *wgsl_atomic_expr(WgslPrinter *p, const IrInst *i, char sp, const char *const *args);

#endif
