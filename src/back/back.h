/* back.h: the interface every back end implements (QBE struct Target,
 * tint CanGenerate + Generate). can_emit walks the IR and reports every
 * construct the target lacks, each at its Loc; emit may then assume its
 * input is supported. Back ends include ir.h only, never the AST. */
#ifndef CUWA_BACK_H
#define CUWA_BACK_H

#include "../ir/ir.h"

typedef struct Backend {
  const char *name;  /* "c", "wgsl", ... as --emit= spells it */
  /* Reports each unsupported construct through d; true if none. */
  bool (*can_emit)(IrModule *m, Diag *d);
  /* Appends the target text for the whole module to out. `unit` is the
   * hex unit hash the driver gives both host and device sides (symbol
   * names in include/cuwa/kernel_abi.h). False on an error (reported). */
  bool (*emit)(IrModule *m, const char *unit, Diag *d, StrBuf *out);
} Backend;

extern const Backend backend_c;
extern const Backend backend_c_checked;  /* backend_c + checked kernels (cuwa -G) */
extern const Backend backend_ptx;  /* src/back/ptx/ */

/* The back ends for devices other than the CPU, NULL-terminated
 * (targets.c). Each .cu is compiled for all of them; one that cannot emit
 * a module does not fail the build: its diagnostics travel in the program
 * and the runtime reports them if a kernel is launched on that device. */
extern const Backend *const backend_targets[];

#endif
