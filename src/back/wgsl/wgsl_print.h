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
} WgslPrinter;

void wgsl_need_helper(WgslPrinter *p, const char *name);
const char *wgsl_intrinsic_pattern(IrIntrinsic id, const char **helper);

#endif
