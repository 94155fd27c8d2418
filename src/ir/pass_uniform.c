/* pass_uniform.c: uniformity analysis. Finds which values and local slots
 * of a function hold the same value in every thread of a block (derived
 * only from constants, kernel parameters, blockIdx, blockDim, gridDim,
 * addresses of globals, and locals written only with such values in
 * control flow that all threads follow alike), and which ifs, loops and
 * switches all threads of a block take alike. It reads the IR and changes
 * nothing; back ends use the answer (the C back end keeps uniform values
 * scalar across barriers). Also classifies intrinsics (ir_intrinsic_class). */
#include "ir.h"

/* Which intrinsics have effects beyond their result, or results that
 * differ between threads although their operands do not. */
IrIntrinsicClass ir_intrinsic_class(IrIntrinsic id) {
  switch (id) {
  case IN_CLOCK: case IN_CLOCK64: case IN_NANOSLEEP:
  case IN_THREADFENCE: case IN_THREADFENCE_BLOCK: case IN_THREADFENCE_SYSTEM:
  case IN_GRID_SYNC:  /* a barrier: the C back end cuts there (c_is_sync) */
  case IN_CDP_LAUNCH: case IN_CDP_LAST_ERROR:  /* dynamic parallelism: per thread */
  case IN_CDP_MALLOC: case IN_CDP_FREE: case IN_CDP_MEMCPY: case IN_CDP_MEMSET:
  case IN_CDP_LAUNCH_NAMED:
    return INC_EFFECT;
  case IN_ATOMIC_ADD_I: case IN_ATOMIC_ADD_U: case IN_ATOMIC_ADD_UL: case IN_ATOMIC_ADD_F:
  case IN_ATOMIC_ADD_D: case IN_ATOMIC_SUB_I: case IN_ATOMIC_SUB_U: case IN_ATOMIC_EXCH_I:
  case IN_ATOMIC_EXCH_U: case IN_ATOMIC_EXCH_UL: case IN_ATOMIC_EXCH_F: case IN_ATOMIC_MIN_I:
  case IN_ATOMIC_MIN_U: case IN_ATOMIC_MIN_L: case IN_ATOMIC_MIN_UL: case IN_ATOMIC_MAX_I:
  case IN_ATOMIC_MAX_U: case IN_ATOMIC_MAX_L: case IN_ATOMIC_MAX_UL: case IN_ATOMIC_INC:
  case IN_ATOMIC_DEC: case IN_ATOMIC_AND_I: case IN_ATOMIC_AND_U: case IN_ATOMIC_AND_UL:
  case IN_ATOMIC_OR_I: case IN_ATOMIC_OR_U: case IN_ATOMIC_OR_UL: case IN_ATOMIC_XOR_I:
  case IN_ATOMIC_XOR_U: case IN_ATOMIC_XOR_UL: case IN_ATOMIC_CAS_I: case IN_ATOMIC_CAS_U:
  case IN_ATOMIC_CAS_UL: case IN_ATOMIC_CAS_US:
    return INC_ATOMIC;
  case IN_SHFL_I: case IN_SHFL_U: case IN_SHFL_L: case IN_SHFL_UL: case IN_SHFL_F: case IN_SHFL_D:
  case IN_SHFL_UP_I: case IN_SHFL_UP_U: case IN_SHFL_UP_L: case IN_SHFL_UP_UL:
  case IN_SHFL_UP_F: case IN_SHFL_UP_D: case IN_SHFL_DOWN_I: case IN_SHFL_DOWN_U:
  case IN_SHFL_DOWN_L: case IN_SHFL_DOWN_UL: case IN_SHFL_DOWN_F: case IN_SHFL_DOWN_D:
  case IN_SHFL_XOR_I: case IN_SHFL_XOR_U: case IN_SHFL_XOR_L: case IN_SHFL_XOR_UL:
  case IN_SHFL_XOR_F: case IN_SHFL_XOR_D: case IN_BALLOT: case IN_ANY: case IN_ALL:
  case IN_ACTIVEMASK: case IN_SYNCWARP: case IN_MATCH_ANY_I: case IN_MATCH_ANY_U:
  case IN_MATCH_ANY_L: case IN_MATCH_ANY_UL: case IN_MATCH_ANY_F: case IN_MATCH_ANY_D:
  case IN_MATCH_ALL_I: case IN_MATCH_ALL_U: case IN_MATCH_ALL_L: case IN_MATCH_ALL_UL:
  case IN_MATCH_ALL_F: case IN_MATCH_ALL_D: case IN_REDUCE_ADD_I: case IN_REDUCE_ADD_U:
  case IN_REDUCE_MIN_I: case IN_REDUCE_MIN_U: case IN_REDUCE_MAX_I: case IN_REDUCE_MAX_U:
  case IN_REDUCE_AND: case IN_REDUCE_OR: case IN_REDUCE_XOR:
    return INC_WARP;
  case IN_SYNCTHREADS_COUNT: case IN_SYNCTHREADS_AND: case IN_SYNCTHREADS_OR:
    return INC_BLOCK;
  default:
    if (id <= IN_NONE || id >= IN_COUNT) ICE("bad intrinsic id %d", (int)id);
    return INC_PURE;
  }
}

enum { MAX_DEPTH = 64 };

typedef struct Scope {
  const IrBlock **path;  /* blocks from the body down to block */
  const IrBlock *block;  /* the innermost block holding every access */
  int depth;             /* its nesting depth; -1 before the first access */
  bool fresh;            /* it starts with a store: each entry writes it first */
} Scope;

typedef struct Uniform {
  Arena *arena;
  const IrFunc *f;
  bool *u;        /* the answer, by inst id; starts all true, only falls */
  bool changed;
  Scope *scope;   /* by local id */
  const IrBlock *path[MAX_DEPTH];  /* the blocks open during a walk */
  int divs[MAX_DEPTH];             /* divergent constructs around each */
  int depth;
  bool too_deep;  /* blocks nested deeper than MAX_DEPTH: give up */
} Uniform;

static void lower_to(Uniform *U, const IrInst *i, bool uniform) {
  if (!uniform && U->u[i->id]) {
    U->u[i->id] = false;
    U->changed = true;
  }
}

static bool all_args_uniform(Uniform *U, const IrInst *i) {
  for (int k = 0; k < i->arg_count; k++)
    if (!U->u[i->args[k]->id]) return false;
  return true;
}

/* Whether the value of i (a non-control instruction) is uniform when its
 * operands' uniformity is as U says now. */
static bool value_is_uniform(Uniform *U, const IrInst *i) {
  switch (i->op) {
  case IR_CONST: case IR_UNDEF: case IR_GLOBAL: case IR_STRING: case IR_DYN_SHARED:
  case IR_BLOCK_IDX: case IR_BLOCK_DIM: case IR_GRID_DIM:
    return true;
  case IR_PARAM: return U->f->is_kernel;  /* a device function's caller decides */
  case IR_THREAD_IDX: case IR_CALL: case IR_PRINTF: case IR_LOCAL:
    return false;
  case IR_LOAD:  /* memory may differ per thread; a uniform local does not */
    return i->args[0]->op == IR_LOCAL && !i->is_volatile && U->u[i->args[0]->id];
  case IR_INTRINSIC: {
    IrIntrinsicClass c = ir_intrinsic_class(i->intrinsic);
    if (c == INC_BLOCK) return true;  /* one answer for the whole block */
    return c == INC_PURE && all_args_uniform(U, i);
  }
  default:
    return all_args_uniform(U, i);
  }
}

/* ---- divergence of jumps ------------------------------------------------------ */

/* Whether a break/continue/break_if leaving the construct whose body is b
 * can be taken by some threads and not others. is_loop: the construct is
 * a loop (continue targets it; a nested switch's break does not). */
static bool jumps_diverge(Uniform *U, const IrBlock *b, bool under_div, bool is_loop,
                          bool in_switch) {
  for (const IrInst *i = b->first; i; i = i->next) {
    switch (i->op) {
    case IR_BREAK:
      if (under_div && !in_switch) return true;
      break;
    case IR_CONTINUE:
      if (under_div && is_loop) return true;
      break;
    case IR_BREAK_IF:
      if ((under_div || !U->u[i->args[0]->id]) && !in_switch) return true;
      break;
    case IR_IF: {
      bool d = under_div || !U->u[i->args[0]->id];
      if (jumps_diverge(U, &i->blocks[0], d, is_loop, in_switch) ||
          jumps_diverge(U, &i->blocks[1], d, is_loop, in_switch))
        return true;
      break;
    }
    case IR_SWITCH: {
      bool d = under_div || !U->u[i->args[0]->id];
      for (int c = 0; c < i->case_count; c++)
        if (jumps_diverge(U, &i->cases[c].body, d, is_loop, true)) return true;
      break;
    }
    default: break;  /* nested loops: their jumps are their own */
    }
  }
  return false;
}

static bool loop_diverges(Uniform *U, const IrInst *loop) {
  return jumps_diverge(U, &loop->blocks[0], false, true, false) ||
         jumps_diverge(U, &loop->blocks[1], false, true, false);
}

static bool switch_diverges(Uniform *U, const IrInst *sw) {
  if (!U->u[sw->args[0]->id]) return true;
  for (int c = 0; c < sw->case_count; c++)
    if (jumps_diverge(U, &sw->cases[c].body, false, false, false)) return true;
  return false;
}

/* ---- the walk ------------------------------------------------------------------ */

/* Whether a store at the walk's position is divergent for its local: some
 * threads that later read the local may skip it. A local whose accesses
 * all lie in one block that starts by storing it counts divergence from
 * that block on: `int k = 0; for (...; k < n; k++)` inside `if (i < n)`
 * is uniform among the threads that run the if. */
static bool store_diverges(Uniform *U, const IrInst *local, int divs_here) {
  Scope *sc = &U->scope[local->id];
  int base = 0;
  if (sc->fresh && sc->depth >= 0 && sc->depth < U->depth && U->path[sc->depth] == sc->block)
    base = U->divs[sc->depth];
  return divs_here > base;
}

static void walk_block(Uniform *U, const IrBlock *b, int divs);

/* divs: the divergent constructs (ifs, switches, loops some threads run
 * and others not) around i. */
static void walk_inst(Uniform *U, const IrInst *i, int divs) {
  switch (i->op) {
  case IR_IF: {
    int d = divs + !U->u[i->args[0]->id];
    lower_to(U, i, U->u[i->args[0]->id]);
    walk_block(U, &i->blocks[0], d);
    walk_block(U, &i->blocks[1], d);
    return;
  }
  case IR_LOOP: {
    bool div = loop_diverges(U, i);
    lower_to(U, i, !div);
    walk_block(U, &i->blocks[0], divs + div);
    walk_block(U, &i->blocks[1], divs + div);
    return;
  }
  case IR_SWITCH: {
    bool div = switch_diverges(U, i);
    lower_to(U, i, !div);
    for (int c = 0; c < i->case_count; c++) walk_block(U, &i->cases[c].body, divs + div);
    return;
  }
  case IR_STORE: {
    const IrInst *p = i->args[0];
    if (p->op == IR_LOCAL)
      lower_to(U, p, !store_diverges(U, p, divs) && !i->is_volatile && U->u[i->args[1]->id]);
    return;
  }
  case IR_BREAK: case IR_BREAK_IF: case IR_CONTINUE: case IR_RETURN: case IR_BARRIER:
  case IR_TRAP: case IR_MEMCPY: case IR_MEMSET:
    return;
  default:
    if (i->ty->kind != IRT_VOID || i->op == IR_INTRINSIC || i->op == IR_CALL ||
        i->op == IR_PRINTF)
      lower_to(U, i, value_is_uniform(U, i));
    return;
  }
}

static void walk_block(Uniform *U, const IrBlock *b, int divs) {
  if (U->depth >= MAX_DEPTH) {  /* absurdly deep: nothing is uniform (see ir_uniform_analyze) */
    U->too_deep = true;
    return;
  }
  U->path[U->depth] = b;
  U->divs[U->depth] = divs;
  U->depth++;
  for (const IrInst *i = b->first; i; i = i->next) walk_inst(U, i, divs);
  U->depth--;
}

/* ---- scopes of locals ---------------------------------------------------------- */

static void note_access(Uniform *U, const IrInst *local) {
  Scope *sc = &U->scope[local->id];
  if (sc->depth < 0) {  /* first access: the whole path */
    sc->depth = U->depth - 1;
    sc->path = ARENA_ARRAY(U->arena, const IrBlock *, U->depth);
    for (int d = 0; d < U->depth; d++) sc->path[d] = U->path[d];
  } else {              /* the common prefix of both paths */
    int d = sc->depth < U->depth - 1 ? sc->depth : U->depth - 1;
    while (d > 0 && sc->path[d] != U->path[d]) d--;
    sc->depth = d;
  }
  sc->block = sc->path[sc->depth];
}

static bool accesses(const IrInst *i, const IrInst *local) {
  for (int k = 0; k < i->arg_count; k++)
    if (i->args[k] == local) return true;
  for (int b = 0; b < 2; b++)
    for (const IrInst *c = i->blocks[b].first; c; c = c->next)
      if (accesses(c, local)) return true;
  for (int k = 0; k < i->case_count; k++)
    for (const IrInst *c = i->cases[k].body.first; c; c = c->next)
      if (accesses(c, local)) return true;
  return false;
}

/* Records, for every local, the innermost block holding all its accesses
 * (paths are compared through U->path during one walk). */
static void scan_scopes(Uniform *U, const IrBlock *b) {
  if (U->depth >= MAX_DEPTH) {
    U->too_deep = true;
    return;
  }
  U->path[U->depth++] = b;
  for (const IrInst *i = b->first; i; i = i->next) {
    for (int k = 0; k < i->arg_count; k++)
      if (i->args[k]->op == IR_LOCAL) note_access(U, i->args[k]);
    for (int c = 0; c < 2; c++) scan_scopes(U, &i->blocks[c]);
    for (int c = 0; c < i->case_count; c++) scan_scopes(U, &i->cases[c].body);
  }
  U->depth--;
}

static void find_fresh(Uniform *U) {
  for (int l = 0; l < U->f->local_count; l++) {
    const IrInst *local = U->f->locals[l];
    Scope *sc = &U->scope[local->id];
    if (sc->depth < 0) continue;
    for (const IrInst *i = sc->block->first; i; i = i->next) {
      if (!accesses(i, local)) continue;
      sc->fresh = i->op == IR_STORE && i->args[0] == local && i->args[1] != local;
      break;
    }
  }
}

/* A local whose address is used other than to load or store it directly
 * may be written through a pointer: never uniform. */
static void mark_escapes(Uniform *U, const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) {
    for (int k = 0; k < i->arg_count; k++) {
      const IrInst *a = i->args[k];
      bool plain = k == 0 && (i->op == IR_LOAD || i->op == IR_STORE);
      if (a->op == IR_LOCAL && !plain) U->u[a->id] = false;
    }
    mark_escapes(U, &i->blocks[0]);
    mark_escapes(U, &i->blocks[1]);
    for (int c = 0; c < i->case_count; c++) mark_escapes(U, &i->cases[c].body);
  }
}

/* Optimistic fixpoint: everything starts uniform and falls until stable
 * (each round can only lower flags, so it ends). */
bool *ir_uniform_analyze(Arena *a, const IrFunc *f) {
  Uniform U = {.arena = a, .f = f, .u = ARENA_ARRAY(a, bool, f->next_id + 1), .changed = true};
  U.scope = ARENA_ARRAY(a, Scope, f->next_id + 1);
  for (uint32_t i = 0; i <= f->next_id; i++) U.u[i] = true, U.scope[i].depth = -1;
  mark_escapes(&U, &f->body);
  scan_scopes(&U, &f->body);
  find_fresh(&U);
  while (U.changed) {
    U.changed = false;
    walk_block(&U, &f->body, 0);
  }
  if (U.too_deep)
    for (uint32_t i = 0; i <= f->next_id; i++) U.u[i] = false;
  return U.u;
}
