/* c_values.c: value analyses that let the C compiler vectorize the
 * thread loops of the C back end. (1) Forwarding: a load of a local that
 * has one store, which dominates the load, reads the stored SSA value
 * (locals like `int i = blockIdx.x * blockDim.x + threadIdx.x`).
 * (2) Widened indices: an index into memory computed from thread indices
 * with signed arithmetic (overflow is undefined in CUDA C++) or with the
 * global thread index of a grid known to be below 2^31 threads per
 * dimension is printed in 64-bit arithmetic, so the C compiler sees an
 * affine address in tx. It decides nothing about regions and prints no
 * statements, only expressions. */
#include "c_internal.h"

#include <string.h>

/* ---- forwarding ---------------------------------------------------------------- */

typedef struct Fwd {
  CEmit *e;
  const IrFunc *f;
  bool *escaped;         /* by local id: used other than by a plain load/store */
  const IrInst **cur;    /* by local id: the one store that reaches here, or NULL */
} Fwd;

static void find_escapes(Fwd *F, const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) {
    for (int k = 0; k < i->arg_count; k++) {
      const IrInst *a = i->args[k];
      bool plain = k == 0 && (i->op == IR_LOAD || i->op == IR_STORE) && !i->is_volatile;
      if (a->op == IR_LOCAL && !plain) F->escaped[a->id] = true;
    }
    for (int k = 0; k < 2; k++) find_escapes(F, &i->blocks[k]);
    for (int c = 0; c < i->case_count; c++) find_escapes(F, &i->cases[c].body);
  }
}

/* Forgets the stores reaching here for every local stored inside i. */
static void forget_stores_in(Fwd *F, const IrInst *i) {
  if (i->op == IR_STORE && i->args[0]->op == IR_LOCAL) F->cur[i->args[0]->id] = NULL;
  for (int k = 0; k < 2; k++)
    for (const IrInst *c = i->blocks[k].first; c; c = c->next) forget_stores_in(F, c);
  for (int k = 0; k < i->case_count; k++)
    for (const IrInst *c = i->cases[k].body.first; c; c = c->next) forget_stores_in(F, c);
}

static void walk_forward(Fwd *F, const IrBlock *b);

/* Walks a nested block from the state at its entry; the state after the
 * construct is the entry state less the locals stored inside it. */
static void walk_nested(Fwd *F, const IrInst *i, const IrBlock *b) {
  size_t n = (F->f->next_id + 1) * sizeof *F->cur;
  const IrInst **saved = arena_alloc(F->e->a, n);
  memcpy(saved, F->cur, n);
  walk_forward(F, b);
  memcpy(F->cur, saved, n);
  (void)i;
}

/* In program order: a load gets the value of the one store that reaches
 * it on every path (a store earlier in an enclosing block, with no store
 * to the local in between). */
static void walk_forward(Fwd *F, const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) {
    switch (i->op) {
    case IR_LOAD:
      if (i->args[0]->op == IR_LOCAL && F->cur[i->args[0]->id])
        F->e->fwd[i->id] = F->cur[i->args[0]->id]->args[1];
      break;
    case IR_STORE:
      if (i->args[0]->op == IR_LOCAL && !F->escaped[i->args[0]->id])
        F->cur[i->args[0]->id] = i;
      break;
    case IR_IF:
      walk_nested(F, i, &i->blocks[0]);
      walk_nested(F, i, &i->blocks[1]);
      forget_stores_in(F, i);
      break;
    case IR_LOOP:  /* a store anywhere in a loop reaches its head again */
      forget_stores_in(F, i);
      walk_nested(F, i, &i->blocks[0]);
      walk_nested(F, i, &i->blocks[1]);
      break;
    case IR_SWITCH:  /* fall-through: any case's store may reach another */
      forget_stores_in(F, i);
      for (int c = 0; c < i->case_count; c++) walk_nested(F, i, &i->cases[c].body);
      break;
    default: break;
    }
  }
}

void c_find_forwards(CEmit *e, const IrFunc *f) {
  uint32_t n = f->next_id + 1;
  e->fwd = ARENA_ARRAY(e->a, const IrInst *, n);
  Fwd F = {e, f, ARENA_ARRAY(e->a, bool, n), ARENA_ARRAY(e->a, const IrInst *, n)};
  find_escapes(&F, &f->body);
  walk_forward(&F, &f->body);
}

/* ---- purity ------------------------------------------------------------------------ */

/* Operations that compute a value from their operands alone (no memory, no
 * effects): they may be recomputed or moved freely. */
bool c_is_pure_op(const IrInst *i) {
  switch (i->op) {
  case IR_ADD: case IR_SUB: case IR_MUL: case IR_DIV: case IR_REM: case IR_AND:
  case IR_OR: case IR_XOR: case IR_SHL: case IR_SHR: case IR_NEG: case IR_NOT:
  case IR_EQ: case IR_NE: case IR_LT: case IR_LE: case IR_GT: case IR_GE:
  case IR_CONV: case IR_BITCAST: case IR_SELECT: case IR_PTR_ADD: case IR_PTR_DIFF:
  case IR_MEMBER_PTR: case IR_DECAY: case IR_PTR_CAST: case IR_PTR_TO_INT:
  case IR_INT_TO_PTR: case IR_GLOBAL: case IR_STRING: case IR_DYN_SHARED:
  case IR_BLOCK_IDX: case IR_BLOCK_DIM: case IR_GRID_DIM:
    return true;
  case IR_INTRINSIC: return ir_intrinsic_class(i->intrinsic) == INC_PURE;
  default: return false;
  }
}

/* Whether v is a function of the thread index, the block's context and
 * the parameters only (through forwarded locals too); appends the
 * instructions computing it to chain (operands first) when chain is set.
 * *budget bounds the work. */
bool c_thread_pure(CEmit *e, const IrInst *v, InstVec *chain, int *budget) {
  if (v->op == IR_CONST || v->op == IR_PARAM || v->op == IR_UNDEF) return true;
  if (--*budget < 0) return false;
  bool ok;
  if (v->op == IR_THREAD_IDX) ok = true;
  else if (v->op == IR_LOAD) ok = e->fwd && e->fwd[v->id] && c_thread_pure(e, e->fwd[v->id], chain, budget);
  else {
    ok = c_is_pure_op(v);
    for (int k = 0; ok && k < v->arg_count; k++) ok = c_thread_pure(e, v->args[k], chain, budget);
  }
  if (ok && chain) {
    for (int k = 0; k < chain->len; k++)
      if (chain->data[k] == v) return true;
    vec_push(e->a, chain, v);
  }
  return ok;
}

/* ---- widened indices -------------------------------------------------------------- */

enum { WIDE_DEPTH = 10 };

/* Whether c_val(v) may be printed where the printer is now: always outside
 * fission; in a region, for values of this region and those available in
 * every region (constants, parameters, block scalars, per-thread arrays,
 * values rematerialized in the region). */
static bool available(CEmit *e, const IrInst *v) {
  if (!e->fission) return true;
  if (v->op == IR_CONST || v->op == IR_UNDEF || v->op == IR_PARAM) return true;
  if (e->hoisted[v->id] || e->spilled[v->id]) return true;
  return e->region[v->id] == e->cur_region || e->remat_here[v->id] == e->cur_region + 1;
}

static bool is_int32ish(const IrType *t) {
  return t->kind == IRT_I32 || t->kind == IRT_U32 || t->kind == IRT_I64 || t->kind == IRT_U64;
}

/* No-overflow knowledge: the global thread index cannot wrap when the grid
 * has fewer than 2^31 threads per dimension (e->fast). */
static bool global_index_fits(CEmit *e, const IrInst *v) {
  return e->fast && c_is_global_index(e, v);
}

static const char *wide(CEmit *e, const IrInst *v, int depth, bool *grew);

/* Values known to lie in [0, 2^31): CUDA's limits (threadIdx < blockDim
 * <= 1024, blockIdx < gridDim < 2^31), through conversions of 32 bits or
 * more and forwarded locals. */
static bool below_2_31_at(CEmit *e, const IrInst *v, int depth) {
  if (depth > 8) return false;
  switch (v->op) {
  case IR_THREAD_IDX: case IR_BLOCK_DIM: case IR_BLOCK_IDX: case IR_GRID_DIM: return true;
  case IR_CONST: return v->imm >= 0 && v->imm <= 0x7fffffff;
  case IR_CONV:
    return ir_type_is_int(v->ty) && ir_type_is_int(v->args[0]->ty) && v->ty->size >= 4 &&
           v->args[0]->ty->size >= 4 && below_2_31_at(e, v->args[0], depth + 1);
  case IR_LOAD: return e->fwd && e->fwd[v->id] && below_2_31_at(e, e->fwd[v->id], depth + 1);
  default: return false;
  }
}

#define below_2_31(v) below_2_31_at(e, (v), 0)

static const char *wide_leaf(CEmit *e, const IrInst *v) {
  if (v->op == IR_CONST) return arena_printf(e->a, "((int64_t)%lld)", (long long)v->imm);
  if (v->op == IR_THREAD_IDX) return arena_printf(e->a, "((int64_t)t%c)", "xyz"[v->imm]);
  return arena_printf(e->a, "((int64_t)%s)", c_val(e, v));
}

/* The operands of v can all be expanded (or printed) here. */
static bool expandable(CEmit *e, const IrInst *v, int depth) {
  if (depth > WIDE_DEPTH) return false;
  if (v->op == IR_CONST || v->op == IR_THREAD_IDX) return true;
  if (e->fission && (e->hoisted[v->id] || e->spilled[v->id])) return true;
  switch (v->op) {
  case IR_ADD: case IR_SUB: case IR_MUL: case IR_CONV:
    for (int k = 0; k < v->arg_count; k++)
      if (!expandable(e, v->args[k], depth + 1) && !available(e, v->args[k])) return false;
    return true;
  case IR_LOAD:
    if (c_stride_load(e, v)) return true;
    return e->fwd && e->fwd[v->id] &&
           (expandable(e, e->fwd[v->id], depth + 1) || available(e, e->fwd[v->id]));
  default: return available(e, v);
  }
}

static const char *wide_operand(CEmit *e, const IrInst *a, int depth, bool *grew) {
  if (expandable(e, a, depth + 1)) return wide(e, a, depth + 1, grew);
  return wide_leaf(e, a);
}

/* v's value as int64_t, computed without wrapping where CUDA allows it. */
static const char *wide(CEmit *e, const IrInst *v, int depth, bool *grew) {
  if (depth > WIDE_DEPTH || !is_int32ish(v->ty)) return wide_leaf(e, v);
  if (e->fission && (e->hoisted[v->id] || e->spilled[v->id])) return wide_leaf(e, v);
  bool is_signed = ir_type_is_signed(v->ty);
  switch (v->op) {
  case IR_ADD: case IR_SUB: case IR_MUL: {
    bool fits = global_index_fits(e, v);
    if (!is_signed && !fits) break;
    const char *a = wide_operand(e, v->args[0], depth, grew);
    const char *b = wide_operand(e, v->args[1], depth, grew);
    *grew = true;
    return arena_printf(e->a, "(%s %c %s)", a, v->op == IR_ADD ? '+' : v->op == IR_SUB ? '-' : '*', b);
  }
  case IR_CONV: {
    /* extensions keep the value; u32 -> i32 keeps it for a global index
     * that fits; other reinterpretations may not */
    const IrInst *a = v->args[0];
    if (!is_int32ish(a->ty)) break;
    bool same_sign = ir_type_is_signed(a->ty) == is_signed;
    if (v->ty->size > a->ty->size || (v->ty->size == a->ty->size && same_sign) ||
        (v->ty->size == a->ty->size && (global_index_fits(e, a) || below_2_31(a)))) {
      *grew = true;
      return wide_operand(e, a, depth, grew);
    }
    break;
  }
  case IR_LOAD: {
    const char *counter = c_stride_load(e, v);
    if (counter) {
      *grew = true;
      return counter;
    }
    if (e->fwd && e->fwd[v->id] && expandable(e, e->fwd[v->id], depth + 1))
      return wide(e, e->fwd[v->id], depth + 1, grew);
    break;
  }
  default: break;
  }
  return wide_leaf(e, v);
}

const char *c_wide64(CEmit *e, const IrInst *v) {
  bool grew = false;
  return wide(e, v, 0, &grew);
}

/* The C index of a pointer addition: widened when that makes it affine. */
const char *c_index(CEmit *e, const IrInst *idx) {
  if (!is_int32ish(idx->ty)) return c_val(e, idx);
  bool grew = false;
  const char *w = wide(e, idx, 0, &grew);
  return grew ? w : c_val(e, idx);
}
