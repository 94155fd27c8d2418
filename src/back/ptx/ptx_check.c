/* ptx_check.c: can_emit of the PTX back end (tint CanGenerate): walks the
 * module and reports every construct ptx_emit.c cannot print yet, each at
 * its Loc (math functions that CUDA computes accurately and that have no
 * PTX implementation here, extern or address-initialised device
 * variables). Defines backend_ptx. It prints no PTX. */
#include "ptx_internal.h"

typedef struct PtxCheck {
  IrModule *m;
  Diag *d;
  int errors;
  uint8_t *state;  /* per function: 0 unseen, 1 on the call stack, 2 done */
} PtxCheck;

static void report(PtxCheck *c, Loc loc, const char *what) {
  diag_unsupported_on(c->d, loc, "the ptx back end", what);
  c->errors++;
}

static void check_func(PtxCheck *c, const IrFunc *f);

static void check_inst(PtxCheck *c, const IrInst *i) {
  /* the device runtime (libcudadevrt) is a static library of the CUDA
   * toolkit, which the runtime must not need */
  if (i->op == IR_INTRINSIC && i->intrinsic >= IN_CDP_LAUNCH && i->intrinsic <= IN_CDP_LAUNCH_NAMED)
    report(c, i->loc, i->callee ? arena_printf(c->m->arena, "dynamic parallelism (launching "
                                               "kernel '%s' from device code)", i->callee->name)
                                : i->intrinsic == IN_CDP_LAUNCH_NAMED
                                ? "dynamic parallelism (a kernel launch in device code)"
                                : "the device runtime API (dynamic parallelism)");
  else if (i->op == IR_INTRINSIC && !ptx_intrinsic_supported(i->intrinsic))
    report(c, i->loc, arena_printf(c->m->arena, "%s() (no accurate PTX implementation yet)",
                                   ir_intrinsic_name(i->intrinsic)));
  if (i->op == IR_REM && i->ty->kind == IRT_F16)
    report(c, i->loc, "a half-precision remainder");
  if (i->op == IR_CALL) check_func(c, i->callee);
}

static void check_block(PtxCheck *c, const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) {
    check_inst(c, i);
    check_block(c, &i->blocks[0]);
    check_block(c, &i->blocks[1]);
    for (int k = 0; k < i->case_count; k++) check_block(c, &i->cases[k].body);
  }
}

/* Depth-first over the call graph (recursive functions become .func). */
static void check_func(PtxCheck *c, const IrFunc *f) {
  if (c->state[f->id]) return;
  c->state[f->id] = 1;
  check_block(c, &f->body);
  c->state[f->id] = 2;
}

bool ptx_can_emit(IrModule *m, Diag *d) {
  PtxCheck c = {m, d, 0, NULL};
  uint32_t nfunc = 0;
  for (int i = 0; i < m->funcs.len; i++)
    if (m->funcs.data[i]->id + 1 > nfunc) nfunc = m->funcs.data[i]->id + 1;
  c.state = ARENA_ARRAY(m->arena, uint8_t, nfunc + 1);
  for (int i = 0; i < m->globals.len; i++) {
    const IrGlobal *g = m->globals.data[i];
    if (g->is_extern && !g->is_dynamic_shared)
      report(&c, g->loc, "an extern device variable (separate compilation)");
    if (g->reloc_count)
      report(&c, g->loc, "a device variable initialised with the address of another");
  }
  for (int i = 0; i < m->funcs.len; i++)
    if (m->funcs.data[i]->is_kernel) check_func(&c, m->funcs.data[i]);
  return c.errors == 0;
}

const Backend backend_ptx = {"ptx", ptx_can_emit, ptx_emit};
