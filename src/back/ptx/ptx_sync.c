/* ptx_sync.c: PTX for the intrinsics that synchronize or communicate:
 * atomics (atom in the pointer's state space, scope from IrInst.imm),
 * memory fences (membar), warp shuffles (shfl.sync; 64-bit values as two
 * 32-bit shuffles), votes, match (sm_70), warp reductions (redux.sync,
 * sm_80), __syncwarp and the counting barriers (bar.red). Math and
 * plain integer intrinsics are in ptx_ops.c; nothing here prints control
 * flow. */
#include "ptx_internal.h"

/* ---- atomics ---------------------------------------------------------------------- */

typedef struct AtomRow {
  IrIntrinsic id;
  const char *op;    /* atom operation */
  const char *type;  /* atom type */
  bool negate;       /* atomicSub: add of the negation */
  int min_sm;
} AtomRow;

static const AtomRow atom_rows[] = {
  {IN_ATOMIC_ADD_I, "add", "s32", false, 0},
  {IN_ATOMIC_ADD_U, "add", "u32", false, 0},
  {IN_ATOMIC_ADD_UL, "add", "u64", false, 0},
  {IN_ATOMIC_ADD_F, "add", "f32", false, 0},
  {IN_ATOMIC_ADD_D, "add", "f64", false, 60},
  {IN_ATOMIC_SUB_I, "add", "s32", true, 0},
  {IN_ATOMIC_SUB_U, "add", "u32", true, 0},
  {IN_ATOMIC_EXCH_I, "exch", "b32", false, 0},
  {IN_ATOMIC_EXCH_U, "exch", "b32", false, 0},
  {IN_ATOMIC_EXCH_UL, "exch", "b64", false, 0},
  {IN_ATOMIC_EXCH_F, "exch", "b32", false, 0},
  {IN_ATOMIC_MIN_I, "min", "s32", false, 0},
  {IN_ATOMIC_MIN_U, "min", "u32", false, 0},
  {IN_ATOMIC_MIN_L, "min", "s64", false, 0},
  {IN_ATOMIC_MIN_UL, "min", "u64", false, 0},
  {IN_ATOMIC_MAX_I, "max", "s32", false, 0},
  {IN_ATOMIC_MAX_U, "max", "u32", false, 0},
  {IN_ATOMIC_MAX_L, "max", "s64", false, 0},
  {IN_ATOMIC_MAX_UL, "max", "u64", false, 0},
  {IN_ATOMIC_INC, "inc", "u32", false, 0},
  {IN_ATOMIC_DEC, "dec", "u32", false, 0},
  {IN_ATOMIC_AND_I, "and", "b32", false, 0},
  {IN_ATOMIC_AND_U, "and", "b32", false, 0},
  {IN_ATOMIC_AND_UL, "and", "b64", false, 0},
  {IN_ATOMIC_OR_I, "or", "b32", false, 0},
  {IN_ATOMIC_OR_U, "or", "b32", false, 0},
  {IN_ATOMIC_OR_UL, "or", "b64", false, 0},
  {IN_ATOMIC_XOR_I, "xor", "b32", false, 0},
  {IN_ATOMIC_XOR_U, "xor", "b32", false, 0},
  {IN_ATOMIC_XOR_UL, "xor", "b64", false, 0},
  {IN_ATOMIC_CAS_I, "cas", "b32", false, 0},
  {IN_ATOMIC_CAS_U, "cas", "b32", false, 0},
  {IN_ATOMIC_CAS_UL, "cas", "b64", false, 0},
  {IN_ATOMIC_CAS_US, "cas", "b16", false, 70},
};

static const AtomRow *find_atom(IrIntrinsic id) {
  for (size_t k = 0; k < sizeof atom_rows / sizeof *atom_rows; k++)
    if (atom_rows[k].id == id) return &atom_rows[k];
  return NULL;
}

static void need_sm(PtxEmit *e, int sm) {
  if (sm > e->min_sm) e->min_sm = sm;
}

/* The state space an atomic may name: local pointers become generic. */
static const char *atom_address(PtxEmit *e, const IrInst *p, const char **space) {
  const char *a = ptx_val(e, p);
  switch (p->ty->space) {
  case IRS_GLOBAL: *space = ".global"; return a;
  case IRS_SHARED: *space = ".shared"; return a;
  case IRS_GENERIC: *space = ""; return a;
  case IRS_LOCAL: case IRS_CONSTANT: {
    const char *g = ptx_reg(e, RC_B64);
    ptx_line(e, "cvta%s.u64 %s, %s;", ptx_space(p->ty->space), g, a);
    *space = "";
    return g;
  }
  default: ICE("atomic on space %d", (int)p->ty->space);
  }
}

static const char *scope_suffix(PtxEmit *e, const IrInst *i) {
  switch (i->imm) {
  case IR_SCOPE_DEVICE: return "";
  case IR_SCOPE_BLOCK: need_sm(e, 60); return ".cta";
  case IR_SCOPE_SYSTEM: need_sm(e, 60); return ".sys";
  default: ICE("atomic scope %lld", (long long)i->imm);
  }
}

static void print_atomic(PtxEmit *e, const IrInst *i, const AtomRow *r) {
  need_sm(e, r->min_sm);
  const char *sp, *a = atom_address(e, i->args[0], &sp);
  const char *scope = scope_suffix(e, i);
  const char *d = ptx_def(e, i);
  const char *b = ptx_val(e, i->args[1]);
  if (r->negate) {
    const char *t = ptx_reg(e, RC_B32);
    ptx_line(e, "neg.s32 %s, %s;", t, b);
    b = t;
  }
  if (strcmp(r->type, "b16") == 0) {  /* 16-bit values live in 32-bit registers */
    const char *x = ptx_reg(e, RC_B16), *y = ptx_reg(e, RC_B16), *o = ptx_reg(e, RC_B16);
    ptx_line(e, "cvt.u16.u32 %s, %s;", x, b);
    ptx_line(e, "cvt.u16.u32 %s, %s;", y, ptx_val(e, i->args[2]));
    ptx_line(e, "atom%s%s.cas.b16 %s, [%s], %s, %s;", sp, scope, o, a, x, y);
    ptx_line(e, "cvt.u32.u16 %s, %s;", d, o);
  } else if (strcmp(r->op, "cas") == 0) {
    ptx_line(e, "atom%s%s.cas.%s %s, [%s], %s, %s;", sp, scope, r->type, d, a, b,
             ptx_val(e, i->args[2]));
  } else {
    ptx_line(e, "atom%s%s.%s.%s %s, [%s], %s;", sp, scope, r->op, r->type, d, a, b);
  }
}

/* ---- warp shuffles ------------------------------------------------------------------ */

typedef enum ShflMode { SH_IDX, SH_UP, SH_DOWN, SH_BFLY } ShflMode;

static bool shfl_kind(IrIntrinsic id, ShflMode *mode) {
  switch (id) {
  case IN_SHFL_I: case IN_SHFL_U: case IN_SHFL_L: case IN_SHFL_UL: case IN_SHFL_F:
  case IN_SHFL_D: *mode = SH_IDX; return true;
  case IN_SHFL_UP_I: case IN_SHFL_UP_U: case IN_SHFL_UP_L: case IN_SHFL_UP_UL:
  case IN_SHFL_UP_F: case IN_SHFL_UP_D: *mode = SH_UP; return true;
  case IN_SHFL_DOWN_I: case IN_SHFL_DOWN_U: case IN_SHFL_DOWN_L: case IN_SHFL_DOWN_UL:
  case IN_SHFL_DOWN_F: case IN_SHFL_DOWN_D: *mode = SH_DOWN; return true;
  case IN_SHFL_XOR_I: case IN_SHFL_XOR_U: case IN_SHFL_XOR_L: case IN_SHFL_XOR_UL:
  case IN_SHFL_XOR_F: case IN_SHFL_XOR_D: *mode = SH_BFLY; return true;
  default: return false;
  }
}

/* shfl.sync's c operand: segment mask ((32 - width) << 8) and the clamp
 * lane (31, or 0 for up), as the CUDA headers compute it. */
static const char *shfl_c(PtxEmit *e, const IrInst *width, ShflMode mode) {
  const char *c = ptx_reg(e, RC_B32);
  if (width->op == IR_CONST) {
    uint32_t w = (uint32_t)width->imm;
    ptx_line(e, "mov.b32 %s, %u;", c, ((32u - w) << 8) | (mode == SH_UP ? 0u : 31u));
    return c;
  }
  ptx_line(e, "sub.s32 %s, 32, %s;", c, ptx_val(e, width));
  ptx_line(e, "shl.b32 %s, %s, 8;", c, c);
  if (mode != SH_UP) ptx_line(e, "or.b32 %s, %s, 31;", c, c);
  return c;
}

static void print_shfl(PtxEmit *e, const IrInst *i, ShflMode mode) {
  static const char *names[] = {"idx", "up", "down", "bfly"};
  const char *mask = ptx_val(e, i->args[0]), *v = ptx_val(e, i->args[1]);
  const char *lane = ptx_val(e, i->args[2]);
  const char *c = shfl_c(e, i->args[3], mode);
  const char *d = ptx_def(e, i);
  if (ptx_rc(i->ty) != RC_B64) {
    ptx_line(e, "shfl.sync.%s.b32 %s, %s, %s, %s, %s;", names[mode], d, v, lane, c, mask);
    return;
  }
  const char *lo = ptx_reg(e, RC_B32), *hi = ptx_reg(e, RC_B32);
  ptx_line(e, "mov.b64 {%s, %s}, %s;", lo, hi, v);
  ptx_line(e, "shfl.sync.%s.b32 %s, %s, %s, %s, %s;", names[mode], lo, lo, lane, c, mask);
  ptx_line(e, "shfl.sync.%s.b32 %s, %s, %s, %s, %s;", names[mode], hi, hi, lane, c, mask);
  ptx_line(e, "mov.b64 %s, {%s, %s};", d, lo, hi);
}

/* ---- votes, match, reductions, barriers ----------------------------------------------- */

static const char *int_pred(PtxEmit *e, const IrInst *v) {
  const char *p = ptx_reg(e, RC_PRED);
  ptx_line(e, "setp.ne.%s %s, %s, 0;", v->ty->size == 8 ? "b64" : "b32", p, ptx_val(e, v));
  return p;
}

static void print_vote(PtxEmit *e, const IrInst *i, const char *mode) {
  const char *mask = ptx_val(e, i->args[0]);
  const char *p = int_pred(e, i->args[1]);
  const char *d = ptx_def(e, i);
  if (strcmp(mode, "ballot") == 0) {
    ptx_line(e, "vote.sync.ballot.b32 %s, %s, %s;", d, p, mask);
    return;
  }
  const char *q = ptx_reg(e, RC_PRED);
  ptx_line(e, "vote.sync.%s.pred %s, %s, %s;", mode, q, p, mask);
  ptx_line(e, "selp.s32 %s, 1, 0, %s;", d, q);
}

static void print_match(PtxEmit *e, const IrInst *i, bool all) {
  need_sm(e, 70);
  const IrInst *v = i->args[1];
  const char *w = ptx_rc(v->ty) == RC_B64 ? "b64" : "b32";
  const char *d = ptx_def(e, i);
  const char *mask = ptx_val(e, i->args[0]);
  if (!all) {
    ptx_line(e, "match.any.sync.%s %s, %s, %s;", w, d, ptx_val(e, v), mask);
    return;
  }
  const char *p = ptx_reg(e, RC_PRED), *t = ptx_reg(e, RC_B32);
  ptx_line(e, "match.all.sync.%s %s|%s, %s, %s;", w, d, p, ptx_val(e, v), mask);
  ptx_line(e, "selp.s32 %s, 1, 0, %s;", t, p);
  const IrInst *ptr = i->args[2];
  ptx_line(e, "st%s.s32 [%s], %s;", ptx_space(ptr->ty->space), ptx_val(e, ptr), t);
}

static const char *redux_op(IrIntrinsic id) {
  switch (id) {
  case IN_REDUCE_ADD_I: return "add.s32";
  case IN_REDUCE_ADD_U: return "add.u32";
  case IN_REDUCE_MIN_I: return "min.s32";
  case IN_REDUCE_MIN_U: return "min.u32";
  case IN_REDUCE_MAX_I: return "max.s32";
  case IN_REDUCE_MAX_U: return "max.u32";
  case IN_REDUCE_AND: return "and.b32";
  case IN_REDUCE_OR: return "or.b32";
  case IN_REDUCE_XOR: return "xor.b32";
  default: return NULL;
  }
}

static void print_bar_red(PtxEmit *e, const IrInst *i, const char *op) {
  const char *p = int_pred(e, i->args[0]);
  const char *d = ptx_def(e, i);
  if (strcmp(op, "popc") == 0) {
    ptx_line(e, "bar.red.popc.u32 %s, 0, %s;", d, p);
    return;
  }
  const char *q = ptx_reg(e, RC_PRED);
  ptx_line(e, "bar.red.%s.pred %s, 0, %s;", op, q, p);
  ptx_line(e, "selp.s32 %s, 1, 0, %s;", d, q);
}

/* Prints i if it is one of this file's intrinsics; false otherwise. */
bool ptx_print_sync(PtxEmit *e, const IrInst *i) {
  const AtomRow *r = find_atom(i->intrinsic);
  ShflMode mode;
  if (r) print_atomic(e, i, r);
  else if (shfl_kind(i->intrinsic, &mode)) print_shfl(e, i, mode);
  else if (redux_op(i->intrinsic)) {
    need_sm(e, 80);
    ptx_line(e, "redux.sync.%s %s, %s, %s;", redux_op(i->intrinsic), ptx_def(e, i),
             ptx_val(e, i->args[1]), ptx_val(e, i->args[0]));
  } else {
    switch (i->intrinsic) {
    case IN_THREADFENCE: ptx_line(e, "membar.gl;"); break;
    case IN_THREADFENCE_BLOCK: ptx_line(e, "membar.cta;"); break;
    case IN_THREADFENCE_SYSTEM: ptx_line(e, "membar.sys;"); break;
    case IN_BALLOT: print_vote(e, i, "ballot"); break;
    case IN_ANY: print_vote(e, i, "any"); break;
    case IN_ALL: print_vote(e, i, "all"); break;
    case IN_ACTIVEMASK: ptx_line(e, "activemask.b32 %s;", ptx_def(e, i)); break;
    case IN_SYNCWARP: ptx_line(e, "bar.warp.sync %s;", ptx_val(e, i->args[0])); break;
    case IN_MATCH_ANY_I: case IN_MATCH_ANY_U: case IN_MATCH_ANY_L: case IN_MATCH_ANY_UL:
    case IN_MATCH_ANY_F: case IN_MATCH_ANY_D: print_match(e, i, false); break;
    case IN_MATCH_ALL_I: case IN_MATCH_ALL_U: case IN_MATCH_ALL_L: case IN_MATCH_ALL_UL:
    case IN_MATCH_ALL_F: case IN_MATCH_ALL_D: print_match(e, i, true); break;
    case IN_SYNCTHREADS_COUNT: print_bar_red(e, i, "popc"); break;
    case IN_SYNCTHREADS_AND: print_bar_red(e, i, "and"); break;
    case IN_SYNCTHREADS_OR: print_bar_red(e, i, "or"); break;
    default: return false;
    }
  }
  return true;
}

bool ptx_sync_supported(IrIntrinsic id) {
  ShflMode mode;
  if (find_atom(id) || shfl_kind(id, &mode) || redux_op(id)) return true;
  switch (id) {
  case IN_THREADFENCE: case IN_THREADFENCE_BLOCK: case IN_THREADFENCE_SYSTEM:
  case IN_BALLOT: case IN_ANY: case IN_ALL: case IN_ACTIVEMASK: case IN_SYNCWARP:
  case IN_MATCH_ANY_I: case IN_MATCH_ANY_U: case IN_MATCH_ANY_L: case IN_MATCH_ANY_UL:
  case IN_MATCH_ANY_F: case IN_MATCH_ANY_D:
  case IN_MATCH_ALL_I: case IN_MATCH_ALL_U: case IN_MATCH_ALL_L: case IN_MATCH_ALL_UL:
  case IN_MATCH_ALL_F: case IN_MATCH_ALL_D:
  case IN_SYNCTHREADS_COUNT: case IN_SYNCTHREADS_AND: case IN_SYNCTHREADS_OR:
    return true;
  default: return false;
  }
}
