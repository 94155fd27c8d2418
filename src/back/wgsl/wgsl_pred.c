/* wgsl_pred.c: which functions need predicated printing, and whether
 * they can have it. WGSL requires workgroupBarrier (and so __syncthreads,
 * and the warp collectives emulated through workgroup memory with
 * barriers) in uniform control flow, while CUDA calls them in divergent
 * code and after early returns. A "collective" function (one reaching a
 * barrier or collective) is printed predicated: every invocation walks
 * all of it, with a per-invocation flag saying whether it is really there
 * (wgsl_print.c). This file finds those functions and marks the
 * constructs that must be predicated; it reports nothing (every construct
 * can be: divergent loops with collectives become voted loops). */
#include "wgsl_internal.h"

#include <string.h>

bool wgsl_is_collective_intrinsic(IrIntrinsic id) {
  IrIntrinsicClass c = ir_intrinsic_class(id);
  return c == INC_WARP || c == INC_BLOCK;
}

static bool calls_collective(WgslInfo *w, const IrBlock *b);

static bool inst_collective(WgslInfo *w, const IrInst *i) {
  if (i->op == IR_BARRIER) return true;
  if (i->op == IR_INTRINSIC && wgsl_is_collective_intrinsic(i->intrinsic)) return true;
  if (i->op == IR_CALL && wgsl_func_info(w, i->callee)->collective) return true;
  if (calls_collective(w, &i->blocks[0]) || calls_collective(w, &i->blocks[1])) return true;
  for (int k = 0; k < i->case_count; k++)
    if (calls_collective(w, &i->cases[k].body)) return true;
  return false;
}

static bool calls_collective(WgslInfo *w, const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next)
    if (inst_collective(w, i)) return true;
  return false;
}

/* Whether block b holds a return, a trap or a jump leaving the construct
 * being asked about: loops/breakables count the loops and breakable
 * constructs (loops, switches) between it and b, itself included. */
static bool escapes(const IrBlock *b, int loops, int breakables) {
  for (const IrInst *i = b->first; i; i = i->next) {
    switch (i->op) {
    case IR_RETURN: case IR_TRAP: return true;
    case IR_BREAK: case IR_BREAK_IF:
      if (breakables == 0) return true;
      break;
    case IR_CONTINUE:
      if (loops == 0) return true;
      break;
    case IR_IF:
      if (escapes(&i->blocks[0], loops, breakables) || escapes(&i->blocks[1], loops, breakables)) return true;
      break;
    case IR_LOOP:
      if (escapes(&i->blocks[0], loops + 1, breakables + 1) || escapes(&i->blocks[1], loops + 1, breakables + 1))
        return true;
      break;
    case IR_SWITCH:
      for (int k = 0; k < i->case_count; k++)
        if (escapes(&i->cases[k].body, loops, breakables + 1)) return true;
      break;
    default: break;
    }
  }
  return false;
}

typedef struct Mark {
  WgslInfo *w;
  const bool *u;     /* uniformity by inst id */
} Mark;

static void mark_block(Mark *m, const IrBlock *b);

/* An if is predicated when it holds a collective or anything that leaves
 * it; a loop or switch when it holds a collective (they must then be
 * uniform: printed as WGSL loops and switches with predicated bodies);
 * other loops with returns are printed plainly (wgsl_print.c breaks out
 * of them). */
static void mark_inst(Mark *m, IrInst *i) {
  WgslInst *x = wgsl_inst(i);
  switch (i->op) {
  case IR_IF:
    x->pred = inst_collective(m->w, i) || escapes(&i->blocks[0], 0, 0) || escapes(&i->blocks[1], 0, 0);
    break;
  case IR_LOOP:
    x->pred = inst_collective(m->w, i);
    break;
  case IR_SWITCH: {
    bool esc = false;
    for (int k = 0; k < i->case_count; k++) esc |= escapes(&i->cases[k].body, 0, 1);
    x->pred = inst_collective(m->w, i) || esc;
    break;
  }
  default: return;
  }
  if (!x->pred) return;  /* printed plainly, inside and out */
  mark_block(m, &i->blocks[0]);
  mark_block(m, &i->blocks[1]);
  for (int k = 0; k < i->case_count; k++) mark_block(m, &i->cases[k].body);
}

static void mark_block(Mark *m, const IrBlock *b) {
  for (IrInst *i = b->first; i; i = i->next) mark_inst(m, i);
}

void wgsl_analyze_collectives(WgslInfo *w) {
  IrModule *m = w->m;
  int n = m->funcs.len;
  for (bool changed = true; changed;) {
    changed = false;
    for (int k = 0; k < n; k++) {
      IrFunc *f = m->funcs.data[k];
      WgslFuncInfo *fi = wgsl_func_info(w, f);
      if (!fi->collective && calls_collective(w, &f->body)) fi->collective = changed = true;
    }
  }
  for (int k = 0; k < n; k++) {
    IrFunc *f = m->funcs.data[k];
    WgslFuncInfo *fi = wgsl_func_info(w, f);
    if (!fi->collective) continue;
    fi->uniform = ir_uniform_analyze(m->arena, f);
    Mark mk = {w, fi->uniform};
    mark_block(&mk, &f->body);
  }
}
