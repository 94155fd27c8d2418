/* c_fission.c: prints a kernel by region-based loop fission (the
 * COX/CuPBoP approach) when it uses __syncthreads() or warp collectives,
 * or has loops worth running outside the thread loops. The body is cut at
 * every barrier and collective into regions; each region runs as its own
 * loop over the block's threads, so every thread finishes a region before
 * any starts the next. Ifs, loops and switches that hold a cut stay
 * outside the thread loops: when pass_uniform proves that all threads go
 * the same way they are plain C run once per block; otherwise threads
 * follow them one by one through per-thread flags ("predicated": regions
 * skip the threads that are elsewhere, and run only over the range of
 * threads that took an arm). Uniform loops around per-thread work are
 * lifted out of the thread loops so that the thread loop is innermost
 * (it vectorizes); grid-stride loops are c_stride.c's. Block-uniform
 * values and locals run once per block and stay scalars; thread indices
 * and pure functions of them are recomputed in each region; other values
 * live across regions in per-thread arrays of CuwaBlockCtx.scratch.
 * Collectives are printed by c_warp.c. */
#include "c_internal.h"

#include <string.h>

bool c_is_sync(const IrInst *i) {
  if (i->op == IR_BARRIER) return true;
  if (i->op != IR_INTRINSIC) return false;
  if (i->intrinsic == IN_GRID_SYNC) return true;  /* a barrier, then the grid's */
  IrIntrinsicClass c = ir_intrinsic_class(i->intrinsic);
  return c == INC_WARP || c == INC_BLOCK;
}

bool c_contains_sync(const IrInst *i) {
  if (c_is_sync(i)) return true;
  for (int b = 0; b < 2; b++)
    for (const IrInst *c = i->blocks[b].first; c; c = c->next)
      if (c_contains_sync(c)) return true;
  for (int k = 0; k < i->case_count; k++)
    for (const IrInst *c = i->cases[k].body.first; c; c = c->next)
      if (c_contains_sync(c)) return true;
  return false;
}

/* Calls f on each block of i that the fission printer prints (the arms,
 * body and continuing, cases of a sync-holding construct). */
#define FOR_CHILD_BLOCKS(i, blk, stmt)                                        \
  do {                                                                        \
    for (int fcb_ = 0; fcb_ < 2 + (i)->case_count; fcb_++) {                  \
      const IrBlock *blk = fcb_ < 2 ? &(i)->blocks[fcb_] : &(i)->cases[fcb_ - 2].body; \
      stmt;                                                                   \
    }                                                                         \
  } while (0)

/* The blocks of i that are printed: a grid-stride loop's continuing block
 * is not (c_stride.c computes its counter). */
#define FOR_PRINTED_BLOCKS(e, i, blk, stmt)                                   \
  do {                                                                        \
    bool fpb_gs_ = (e)->stride && (e)->stride[(i)->id];                       \
    for (int fpb_ = 0; fpb_ < 2 + (i)->case_count; fpb_++) {                  \
      if (fpb_gs_ && fpb_ == 1) continue;                                     \
      const IrBlock *blk = fpb_ < 2 ? &(i)->blocks[fpb_] : &(i)->cases[fpb_ - 2].body; \
      stmt;                                                                   \
    }                                                                         \
  } while (0)

/* The exit test of a grid-stride loop: not printed. */
static bool skipped(CEmit *e, const IrInst *i) {
  return i->op == IR_IF && i->parent && e->stride_exit && e->stride_exit[i->id];
}

static bool is_inline_value(const IrInst *a) {
  return a->op == IR_CONST || a->op == IR_UNDEF || a->op == IR_PARAM || a->op == IR_LOCAL;
}

/* Whether a block does work that differs between threads. */
static bool has_thread_work(CEmit *e, const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) {
    switch (i->op) {
    case IR_STORE: case IR_MEMCPY: case IR_MEMSET: case IR_CALL: case IR_PRINTF: case IR_TRAP:
      return true;
    case IR_IF: case IR_LOOP: case IR_SWITCH: case IR_BREAK: case IR_BREAK_IF:
    case IR_CONTINUE: case IR_RETURN: case IR_BARRIER:
      break;
    default:
      if (!e->uniform[i->id]) return true;
    }
    FOR_CHILD_BLOCKS(i, cb, if (has_thread_work(e, cb)) return true);
  }
  return false;
}

/* A loop that all threads run alike, around work that differs between
 * them, is lifted out of the thread loops (run once per block, with
 * thread loops inside), so that the thread loop is innermost and the C
 * compiler vectorizes it: the loop over k of a matrix product, the loop
 * over tiles of a stencil. Not inside a loop that threads leave at
 * different times (that would need per-thread flags each iteration). */
static bool lifts(CEmit *e, const IrInst *i, bool in_divergent_loop) {
  return i->op == IR_LOOP && !in_divergent_loop && !e->no_lift && e->uniform[i->id] &&
         !c_block_has(&i->blocks[0], IR_PRINTF) &&
         (has_thread_work(e, &i->blocks[0]) || has_thread_work(e, &i->blocks[1]));
}

/* Whether b holds an instruction with op (anywhere inside). */
bool c_block_has(const IrBlock *b, IrOp op) {
  for (const IrInst *i = b->first; i; i = i->next) {
    if (i->op == op) return true;
    for (int k = 0; k < 2; k++)
      if (c_block_has(&i->blocks[k], op)) return true;
    for (int k = 0; k < i->case_count; k++)
      if (c_block_has(&i->cases[k].body, op)) return true;
  }
  return false;
}

/* Locks built from atomicCAS/atomicExch work within one region (a thread
 * runs from acquire to release before the next starts); lifting a loop
 * between acquire and release would split them and deadlock: kernels
 * with these atomics keep their loops in the thread loops. */
static bool has_lock_atomics(const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) {
    if (i->op == IR_INTRINSIC &&
        (i->intrinsic == IN_ATOMIC_CAS_I || i->intrinsic == IN_ATOMIC_CAS_U ||
         i->intrinsic == IN_ATOMIC_CAS_UL || i->intrinsic == IN_ATOMIC_CAS_US ||
         i->intrinsic == IN_ATOMIC_EXCH_I || i->intrinsic == IN_ATOMIC_EXCH_U ||
         i->intrinsic == IN_ATOMIC_EXCH_UL || i->intrinsic == IN_ATOMIC_EXCH_F))
      return true;
    for (int k = 0; k < 2; k++)
      if (has_lock_atomics(&i->blocks[k])) return true;
    for (int k = 0; k < i->case_count; k++)
      if (has_lock_atomics(&i->cases[k].body)) return true;
  }
  return false;
}

/* A grid-stride loop not inside a loop that threads leave at different
 * times becomes a block-level loop (c_stride.c). */
static bool mark_stride(CEmit *e, const IrInst *i, const IrBlock *parent, bool in_divergent_loop) {
  if (in_divergent_loop || e->no_lift || i->op != IR_LOOP || e->uniform[i->id] ||
      c_contains_sync(i) || c_block_has(&i->blocks[0], IR_PRINTF))
    return false;
  CStride *s = c_find_stride(e, i, parent);
  if (!s) return false;
  e->stride[i->id] = s;
  e->stride_of[s->local->id] = s;
  e->stride_exit[s->exit_if->id] = true;
  return true;
}

static bool mark_sync(CEmit *e, const IrInst *i, const IrBlock *parent, bool in_divergent_loop) {
  bool s = c_is_sync(i);
  bool gs = mark_stride(e, i, parent, in_divergent_loop);
  bool inner_div = in_divergent_loop || (i->op == IR_LOOP && !e->uniform[i->id]);
  FOR_CHILD_BLOCKS(i, b, {
    for (const IrInst *c = b->first; c; c = c->next) s |= mark_sync(e, c, b, inner_div);
  });
  if (!s && (gs || lifts(e, i, in_divergent_loop))) s = true;
  e->has_sync[i->id] = s;
  return s;
}

static void alloc_marks(CEmit *e, const IrFunc *k) {
  uint32_t n = k->next_id + 1;
  e->f = k;
  e->uniform = ir_uniform_analyze(e->a, k);
  e->has_sync = ARENA_ARRAY(e->a, bool, n);
  e->stride = ARENA_ARRAY(e->a, CStride *, n);
  e->stride_of = ARENA_ARRAY(e->a, CStride *, n);
  e->stride_exit = ARENA_ARRAY(e->a, bool, n);
  e->strides.len = 0;
  e->no_lift = has_lock_atomics(&k->body);
  c_find_forwards(e, k);
}

/* Kernels printed by this file: those with barriers or collectives, and
 * those with loops worth lifting (see lifts). */
bool c_wants_fission(CEmit *e, const IrFunc *k) {
  if (k->uses_barrier) return true;
  alloc_marks(e, k);
  bool any = false;
  for (const IrInst *i = k->body.first; i; i = i->next) any |= mark_sync(e, i, &k->body, false);
  return any;
}

/* ---- hoisting: block-uniform work runs once per block ------------------------- */

typedef struct Fission {
  CEmit *e;
  const IrFunc *k;
  bool *block_scalar;   /* by local id: one scalar for the whole block */
  bool changed;
} Fission;

static bool hoistable_kind(const IrInst *i) {
  if (i->op == IR_LOAD || i->op == IR_STORE) return i->args[0]->op == IR_LOCAL && !i->is_volatile;
  return c_is_pure_op(i);
}

/* Candidates: uniform instructions of a kind that can run at block level,
 * directly in a block the fission printer prints. */
static void collect_candidates(Fission *F, const IrBlock *b) {
  CEmit *e = F->e;
  for (const IrInst *i = b->first; i; i = i->next) {
    if (e->has_sync[i->id]) {
      if (i->op == IR_INTRINSIC && ir_intrinsic_class(i->intrinsic) == INC_BLOCK)
        e->hoisted[i->id] = true;  /* its result is one scalar per block */
      FOR_PRINTED_BLOCKS(F->e, i, cb, collect_candidates(F, cb));
      continue;
    }
    if (e->uniform[i->id] && hoistable_kind(i)) e->hoisted[i->id] = true;
  }
}

static bool operand_ok(Fission *F, const IrInst *user, int k) {
  const IrInst *a = user->args[k];
  if (a->op == IR_LOCAL) return F->block_scalar[a->id];
  return is_inline_value(a) || F->e->hoisted[a->id];
}

/* Drops candidates whose operands do not all run at block level. */
static void prune_candidates(Fission *F, const IrBlock *b) {
  CEmit *e = F->e;
  for (const IrInst *i = b->first; i; i = i->next) {
    if (e->has_sync[i->id]) {
      FOR_PRINTED_BLOCKS(F->e, i, cb, prune_candidates(F, cb));
      continue;
    }
    if (!e->hoisted[i->id]) continue;
    for (int k = 0; k < i->arg_count; k++)
      if (!operand_ok(F, i, k)) {
        e->hoisted[i->id] = false;
        F->changed = true;
        break;
      }
  }
}

/* A local stays one scalar only if every store to it is hoisted. */
static void prune_locals(Fission *F, const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) {
    if (i->op == IR_STORE && i->args[0]->op == IR_LOCAL && !F->e->hoisted[i->id] &&
        F->block_scalar[i->args[0]->id]) {
      F->block_scalar[i->args[0]->id] = false;
      F->changed = true;
    }
    FOR_CHILD_BLOCKS(i, cb, prune_locals(F, cb));
  }
}

static void find_hoisted(Fission *F) {
  const IrFunc *k = F->k;
  for (int l = 0; l < k->local_count; l++)
    F->block_scalar[k->locals[l]->id] = F->e->uniform[k->locals[l]->id];
  collect_candidates(F, &k->body);
  do {
    F->changed = false;
    prune_candidates(F, &k->body);
    prune_locals(F, &k->body);
  } while (F->changed);
}

/* ---- how constructs run: uniform (plain C) or predicated ---------------------------- */

static bool scalar_value(CEmit *e, const IrInst *v) {
  return (is_inline_value(v) && v->op != IR_LOCAL) || e->hoisted[v->id];
}

bool c_is_block_scalar(CEmit *e, const IrInst *v) { return scalar_value(e, v); }

static void choose_modes(CEmit *e, const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) {
    if (!e->has_sync[i->id]) continue;
    switch (i->op) {
    case IR_IF: e->predicated[i->id] = !scalar_value(e, i->args[0]); break;
    case IR_LOOP: e->predicated[i->id] = !e->uniform[i->id] && !e->stride[i->id]; break;
    case IR_SWITCH: e->predicated[i->id] = true; break;
    default: break;
    }
    FOR_PRINTED_BLOCKS(e, i, cb, choose_modes(e, cb));
  }
}

/* Jumps all threads take together run at block level: `clean` says the
 * target (innermost sync-holding loop or switch) runs as plain C and no
 * predicated construct lies between. */
typedef struct JumpCtx {
  bool brk_clean, cnt_clean, ret_clean;
} JumpCtx;

static bool jump_hoistable(CEmit *e, const IrInst *j, JumpCtx c) {
  switch (j->op) {
  case IR_BREAK: return c.brk_clean;
  case IR_CONTINUE: return c.cnt_clean;
  case IR_RETURN: return c.ret_clean && j->arg_count == 0;
  case IR_BREAK_IF: return c.brk_clean && scalar_value(e, j->args[0]);
  default: return false;
  }
}

static bool arm_hoistable(CEmit *e, const IrBlock *b, JumpCtx c) {
  if (!b->first) return true;
  return b->first == b->last && b->first->op != IR_BREAK_IF && jump_hoistable(e, b->first, c);
}

static void find_hoisted_jumps(CEmit *e, const IrBlock *b, JumpCtx c) {
  for (const IrInst *i = b->first; i; i = i->next) {
    if (e->has_sync[i->id]) {
      JumpCtx in = c;
      bool pred = e->predicated[i->id];
      if (e->stride[i->id]) in.brk_clean = in.cnt_clean = in.ret_clean = false;
      else if (i->op == IR_LOOP) in.brk_clean = in.cnt_clean = !pred;
      else if (i->op == IR_SWITCH) in.brk_clean = in.cnt_clean = false;
      else if (pred) in.brk_clean = in.cnt_clean = false;
      if (pred) in.ret_clean = false;
      FOR_PRINTED_BLOCKS(e, i, cb, find_hoisted_jumps(e, cb, in));
      continue;
    }
    bool h = false;
    if (skipped(e, i)) continue;
    if (i->op == IR_IF)
      h = scalar_value(e, i->args[0]) && arm_hoistable(e, &i->blocks[0], c) &&
          arm_hoistable(e, &i->blocks[1], c);
    else h = jump_hoistable(e, i, c);
    if (h) e->hoisted[i->id] = e->cut[i->id] = true;
  }
}

/* ---- regions: which instructions share a thread loop --------------------------------- */

static void mark_region(CEmit *e, const IrInst *i, int r) {
  e->region[i->id] = r;
  FOR_CHILD_BLOCKS(i, b, {
    for (const IrInst *c = b->first; c; c = c->next) mark_region(e, c, r);
  });
}

static bool reads_local(const IrInst *i, const IrInst *local) {
  if (i->op == IR_LOAD && i->args[0] == local) return true;
  FOR_CHILD_BLOCKS(i, b, {
    for (const IrInst *c = b->first; c; c = c->next)
      if (reads_local(c, local)) return true;
  });
  return false;
}

static bool has_jump(const IrInst *i) {
  if (i->op == IR_BREAK || i->op == IR_CONTINUE || i->op == IR_BREAK_IF) return true;
  FOR_CHILD_BLOCKS(i, b, {
    for (const IrInst *c = b->first; c; c = c->next)
      if (has_jump(c)) return true;
  });
  return false;
}

/* A hoisted store must first end the gathered thread loop when one of its
 * instructions reads the local or may leave a loop (the store would run
 * too early otherwise). */
static bool store_must_cut(CEmit *e, const IrInst *first, const IrInst *store, int r) {
  for (const IrInst *i = first; i && i != store; i = i->next)
    if (e->region[i->id] == r && (reads_local(i, store->args[0]) || has_jump(i))) return true;
  return false;
}

static void assign_regions(CEmit *e, const IrBlock *b, int loop_depth, CStride *gs, bool pred) {
  int cur = -1;
  const IrInst *first = NULL;
  for (const IrInst *i = b->first; i; i = i->next) {
    if (e->has_sync[i->id]) {
      cur = -1;
      e->region[i->id] = -1;
      e->in_pred[i->id] = pred;
      int d = loop_depth + (i->op == IR_LOOP);
      CStride *inner = e->stride[i->id] ? e->stride[i->id] : gs;
      bool p = pred || e->predicated[i->id];
      FOR_PRINTED_BLOCKS(e, i, cb, assign_regions(e, cb, d, inner, p));
      continue;
    }
    if (is_inline_value(i) || skipped(e, i)) continue;  /* printed where used, or not at all */
    if (e->hoisted[i->id]) {
      e->region[i->id] = -1;
      if (i->op == IR_STORE && cur >= 0 && store_must_cut(e, first, i, cur)) e->cut[i->id] = true;
      if (e->cut[i->id]) cur = -1;
      continue;
    }
    if (cur < 0) {
      cur = e->region_count++;
      e->in_loop[cur] = loop_depth > 0;
      e->region_stride[cur] = gs;
      first = i;
    }
    mark_region(e, i, cur);
  }
}

static void note_local_use(CEmit *e, const IrInst *user, int k) {
  const IrInst *l = user->args[k];
  int r = e->region[user->id];
  bool plain_access = k == 0 && (user->op == IR_LOAD || user->op == IR_STORE);
  int *lr = &e->local_region[l->id];
  if (!plain_access || r < 0) *lr = -2;  /* its address escapes: it must outlive the region */
  else if (*lr == -3) *lr = r;
  else if (*lr != r) *lr = -2;
}

/* ---- rematerialization: thread indices are recomputed, not stored ------------- */

static bool remat_kind(CEmit *e, const IrInst *i) {
  if (i->op == IR_THREAD_IDX) return true;
  if (i->op == IR_LOAD) return e->fwd[i->id] != NULL;
  return i->op != IR_STORE && hoistable_kind(i);
}

static bool scalar_or_remat(CEmit *e, const IrInst *a) {
  if (a->op == IR_LOCAL) return true;  /* the address of a load, not read */
  return is_inline_value(a) || e->hoisted[a->id] || e->remat[a->id];
}

/* In program order, so operands are decided first. */
static void find_remat(CEmit *e, const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) {
    if (i->op == IR_INTRINSIC && c_is_sync(i)) {
      /* a shuffle every lane takes part in: computed where it is used
       * (c_print_inline_shfl), no pass of its own */
      e->remat[i->id] = c_warp_inline_shfl(e, i) && !e->may_exit && !e->in_pred[i->id];
    } else if (remat_kind(e, i) && !e->hoisted[i->id] && !is_inline_value(i)) {
      bool ok = true;
      for (int k = 0; k < i->arg_count; k++) ok &= scalar_or_remat(e, i->args[k]);
      if (i->op == IR_LOAD) ok &= scalar_or_remat(e, e->fwd[i->id]);
      e->remat[i->id] = ok;
    }
    FOR_PRINTED_BLOCKS(e, i, cb, find_remat(e, cb));
  }
}

/* v is recomputed at the start of region r (operands first). */
static void need_in_region(CEmit *e, const IrInst *v, int r) {
  if (is_inline_value(v) || e->hoisted[v->id] || e->spilled[v->id] || e->region[v->id] == r) return;
  InstVec *list = &e->needs[r];
  for (int k = 0; k < list->len; k++)
    if (list->data[k] == v) return;
  for (int k = 0; k < v->arg_count; k++)
    if (v->args[k]->op != IR_LOCAL) need_in_region(e, v->args[k], r);
  if (v->op == IR_LOAD && e->fwd[v->id]) need_in_region(e, e->fwd[v->id], r);
  vec_push(e->a, list, v);
}

typedef struct Use {
  const IrInst *value;
  int region;
} Use;
typedef Vec(Use) UseVec;

static void note_value_use(CEmit *e, const IrInst *user, const IrInst *a, UseVec *later) {
  if (is_inline_value(a) || e->hoisted[a->id]) return;
  int r = e->region[user->id];
  if (e->region[a->id] == r && r >= 0) return;
  if (r >= 0 && e->remat[a->id]) vec_push(e->a, later, ((Use){a, r}));
  else e->spilled[a->id] = true;
}

/* SSA values used outside their own region are recomputed there when they
 * are pure functions of thread indices, else spilled to per-thread arrays
 * (block-level scalars need neither). */
static void find_uses(CEmit *e, const IrBlock *b, UseVec *later) {
  for (const IrInst *i = b->first; i; i = i->next) {
    if (skipped(e, i)) continue;
    const IrInst *fwd = i->op == IR_LOAD ? e->fwd[i->id] : NULL;
    if (i->op == IR_LOAD && i->args[0]->op == IR_LOCAL && e->stride_of[i->args[0]->id])
      fwd = e->stride_of[i->args[0]->id]->init;  /* the counter is init + k * step */
    for (int k = 0; k < i->arg_count; k++) {
      const IrInst *a = i->args[k];
      if (a->op == IR_LOCAL) {
        if (!fwd) note_local_use(e, i, k);
      } else {
        note_value_use(e, i, a, later);
      }
    }
    if (fwd) note_value_use(e, i, fwd, later);
    FOR_PRINTED_BLOCKS(e, i, cb, find_uses(e, cb, later));
  }
}

static void find_spills(CEmit *e, const IrBlock *body) {
  UseVec later = {0};
  find_uses(e, body, &later);
  e->needs = ARENA_ARRAY(e->a, InstVec, e->region_count + 1);
  for (int k = 0; k < later.len; k++) need_in_region(e, later.data[k].value, later.data[k].region);
  for (int r = 0; r < e->region_count; r++)
    if (e->region_stride[r]) need_in_region(e, e->region_stride[r]->init, r);
}

static bool block_may_exit(CEmit *e, const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) {
    if (i->op == IR_RETURN || i->op == IR_TRAP) return true;
    if (i->op == IR_CALL && e->may_trap[i->callee->id]) return true;
    for (int k = 0; k < 2; k++)
      if (block_may_exit(e, &i->blocks[k])) return true;
    for (int k = 0; k < i->case_count; k++)
      if (block_may_exit(e, &i->cases[k].body)) return true;
  }
  return false;
}

/* ---- printing: regions --------------------------------------------------------------- */

const char *c_fission_guard(CEmit *e) {
  StrBuf b = {0};
  strbuf_puts(&b, e->may_exit ? "cuwa_exited[cuwa_tid]" : "0");
  for (int i = 0; i < e->guards.len; i++) strbuf_printf(&b, " || %s", e->guards.data[i]);
  const char *r = arena_strdup(e->a, b.data);
  strbuf_free(&b);
  return r;
}

static void declare_region_locals(CEmit *e, int r) {
  const IrFunc *f = e->f;
  for (int i = 0; i < f->local_count; i++) {
    const IrInst *l = f->locals[i];
    if (e->local_region[l->id] != r || e->local_array[l->id]) continue;
    const IrType *t = l->ty->elem;
    if (t->kind == IRT_ARRAY || t->kind == IRT_STRUCT)
      c_line(e, "%s l%u; memset(&l%u, 0, sizeof l%u);  /* %s */", c_type(e, t), l->id, l->id,
             l->id, l->str ? l->str : "");
    else
      c_line(e, "%s l%u = %s;  /* %s */", c_type(e, t), l->id, c_zero(e, t), l->str ? l->str : "");
  }
}

/* The three loops over the threads of a region: all of them, or in a
 * predicated arm those between its first and last taking thread
 * (cuwa_rlo..cuwa_rhi, linear). */
void c_print_thread_loops(CEmit *e) {
  if (!e->narrow) {
    c_line(e, "for (uint32_t tz = 0; tz < cuwa_nz; tz++)");
    c_line(e, "for (uint32_t ty = 0; ty < cuwa_ny; ty++)");
    c_line(e, "for (uint32_t tx = 0; tx < cuwa_nx; tx++)");
    return;
  }
  /* exclusive bounds: the C compiler counts the iterations and vectorizes */
  c_line(e, "for (uint32_t tz = cuwa_z0; tz < cuwa_z1 + 1; tz++)");
  c_line(e, "for (uint32_t ty = tz == cuwa_z0 ? cuwa_y0 : 0; ty < (tz == cuwa_z1 ? cuwa_y1 + 1 : cuwa_ny); ty++)");
  c_line(e, "for (uint32_t tx = tz == cuwa_z0 && ty == cuwa_y0 ? cuwa_x0 : 0; "
            "tx < (tz == cuwa_z1 && ty == cuwa_y1 ? cuwa_x1 + 1 : cuwa_nx); tx++)");
}

/* Narrows the thread range to [lo, hi) (names of size_t values) in a new
 * C scope; the caller closes it with close_range. */
static void open_range(CEmit *e, const char *lo, const char *hi) {
  c_line(e, "{");
  e->depth++;
  c_line(e, "const size_t cuwa_rlo_n = %s, cuwa_rhi_n = %s;", lo, hi);
  c_line(e, "const size_t cuwa_rlo = cuwa_rlo_n, cuwa_rhi = cuwa_rhi_n > cuwa_rlo_n ? cuwa_rhi_n : cuwa_rlo_n + 1;");
  c_line(e, "const uint32_t cuwa_x0 = (uint32_t)(cuwa_rlo %% cuwa_nx), cuwa_y0 = (uint32_t)(cuwa_rlo / cuwa_nx %% cuwa_ny), "
            "cuwa_z0 = (uint32_t)(cuwa_rlo / ((size_t)cuwa_nx * cuwa_ny));");
  c_line(e, "const uint32_t cuwa_x1 = (uint32_t)((cuwa_rhi - 1) %% cuwa_nx), cuwa_y1 = (uint32_t)((cuwa_rhi - 1) / cuwa_nx %% cuwa_ny), "
            "cuwa_z1 = (uint32_t)((cuwa_rhi - 1) / ((size_t)cuwa_nx * cuwa_ny));");
  c_line(e, "(void)cuwa_x0; (void)cuwa_y0; (void)cuwa_z0; (void)cuwa_x1; (void)cuwa_y1; (void)cuwa_z1;");
  e->narrow++;
}

static void close_range(CEmit *e) {
  e->narrow--;
  e->depth--;
  c_line(e, "}");
}

static int innermost_at(CEmit *e, bool loops_only) {
  for (int k = e->targets.len - 1; k >= 0; k--)
    if (!loops_only || e->targets.data[k]->op == IR_LOOP) return k;
  ICE("jump outside a loop or switch in fission mode");
}

static const IrInst *innermost(CEmit *e, bool loops_only) {
  return e->targets.data[innermost_at(e, loops_only)];
}

/* The label number of the innermost target (cuwa_fbrk<n>, cuwa_fcont<n>). */
static int innermost_label(CEmit *e, bool loops_only) {
  return e->target_labels.data[innermost_at(e, loops_only)];
}

static void push_target(CEmit *e, const IrInst *i, int label) {
  vec_push(e->a, &e->targets, i);
  vec_push(e->a, &e->target_labels, label);
}

static void pop_target(CEmit *e) {
  e->targets.len--;
  e->target_labels.len--;
}

/* Takes the trap flag declared at e->o[at, body) out again when the text
 * printed after it never names it (no call that may trap): ~100 regions
 * each with an address-taken local made ASan builds of big kernels slow
 * to compile (cg_collectives.cu) and instrument every thread loop. */
static void drop_unused_trap(CEmit *e, size_t at, size_t body) {
  StrBuf *o = e->o;
  if (strstr(o->data + body, "cuwa_trap")) return;
  memmove(o->data + at, o->data + body, o->len - body + 1);
  o->len -= body - at;
}

/* One thread loop over the block running insts [first, end) of region r. */
static void print_region(CEmit *e, const IrInst *first, const IrInst *end, int r) {
  e->cur_region = r;
  e->region_label = e->labels++;
  e->inner_loops = e->inner_breakables = 0;
  e->jumped_brk = e->jumped_cnt = false;
  c_print_thread_loops(e);
  c_line(e, "{  /* region %d */", r);
  e->depth++;
  c_line(e, "const size_t cuwa_tid = ((size_t)tz * cuwa_ny + ty) * cuwa_nx + tx;");
  size_t trap_at = e->o->len;
  c_line(e, "int cuwa_trap_v = 0;");
  c_line(e, "int *cuwa_trap = &cuwa_trap_v;");
  c_line(e, "(void)cuwa_trap;");
  size_t body_at = e->o->len;
  c_line(e, "{");
  e->depth++;
  for (int k = 0; k < e->needs[r].len; k++) {
    const IrInst *v = e->needs[r].data[k];
    e->remat_here[v->id] = r + 1;
    if (v->op == IR_INTRINSIC && c_is_sync(v)) c_print_inline_shfl(e, v);
    else c_print_inst(e, v);
  }
  c_print_stride_values(e);
  if (e->may_exit || e->guards.len) c_line(e, "if (%s) continue;", c_fission_guard(e));
  declare_region_locals(e, r);
  for (const IrInst *i = first; i != end; i = i->next)
    if (e->region[i->id] == r && !e->hoisted[i->id] && !e->has_sync[i->id]) c_print_inst(e, i);
  e->depth--;
  c_line(e, "}");
  c_line(e, "goto cuwa_next%d;", e->region_label);  /* keeps the label used */
  c_line(e, "cuwa_next%d:;", e->region_label);
  e->depth--;
  c_line(e, "}");
  drop_unused_trap(e, trap_at, body_at);
  if (e->jumped_brk)
    c_line(e, "if (cuwa_brk%u) goto cuwa_fbrk%d;", innermost(e, false)->id, innermost_label(e, false));
  if (e->jumped_cnt)
    c_line(e, "if (cuwa_cnt%u) goto cuwa_fcont%d;", innermost(e, true)->id, innermost_label(e, true));
}

/* break/continue/break_if of a region that leave a sync-holding construct. */
void c_print_fission_jump(CEmit *e, const IrInst *i) {
  const IrInst *t = innermost(e, i->op == IR_CONTINUE);
  bool pred = e->predicated[t->id];
  const char *at = pred ? "[cuwa_tid]" : "";
  switch (i->op) {
  case IR_BREAK:
    if (t->op == IR_SWITCH)
      c_line(e, "cuwa_sw%u[cuwa_tid] = %d; goto cuwa_next%d;", t->id, t->case_count,
             e->region_label);
    else c_line(e, "cuwa_brk%u%s = 1; goto cuwa_next%d;", t->id, at, e->region_label);
    e->jumped_brk |= !pred;
    break;
  case IR_CONTINUE:
    c_line(e, "cuwa_cnt%u%s = 1; goto cuwa_next%d;", t->id, at, e->region_label);
    e->jumped_cnt |= !pred;
    break;
  case IR_BREAK_IF:
    c_line(e, "if (%s) cuwa_brk%u%s = 1;", c_val(e, i->args[0]), t->id, at);
    e->jumped_brk |= !pred;
    break;
  default: ICE("c_print_fission_jump on %s", ir_op_name(i->op));
  }
}

/* A jump all threads take together, at block level. */
static void print_block_jump(CEmit *e, const IrInst *j) {
  switch (j->op) {
  case IR_BREAK: c_line(e, "goto cuwa_fbrk%d;", innermost_label(e, false)); break;
  case IR_CONTINUE: c_line(e, "goto cuwa_fcont%d;", innermost_label(e, true)); break;
  case IR_RETURN: c_line(e, "goto cuwa_end;"); break;
  case IR_BREAK_IF:
    c_line(e, "if (%s) goto cuwa_fbrk%d;", c_val(e, j->args[0]), innermost_label(e, false));
    break;
  case IR_IF:
    c_line(e, "if (%s) {", c_val(e, j->args[0]));
    e->depth++;
    if (j->blocks[0].first) print_block_jump(e, j->blocks[0].first);
    e->depth--;
    c_line(e, "} else {");
    e->depth++;
    if (j->blocks[1].first) print_block_jump(e, j->blocks[1].first);
    e->depth--;
    c_line(e, "}");
    break;
  default: ICE("print_block_jump on %s", ir_op_name(j->op));
  }
}

static void print_hoisted(CEmit *e, const IrInst *i) {
  switch (i->op) {
  case IR_BREAK: case IR_CONTINUE: case IR_RETURN: case IR_BREAK_IF: case IR_IF:
    print_block_jump(e, i);
    break;
  default: c_print_inst(e, i); break;
  }
}

/* ---- printing: constructs that hold a sync ---------------------------------------------- */


static void push_guard(CEmit *e, const char *fmt, unsigned id, long long v) {
  vec_push(e->a, &e->guards, arena_printf(e->a, fmt, id, v));
}

/* Counts the threads that take each arm; runs an arm only if some do. Both
 * arms holding __syncthreads() while threads split between them is not
 * supported: the launch fails with a message (never a silent wrong result). */
static bool block_has_barrier(const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) {
    if (i->op == IR_BARRIER ||
        (i->op == IR_INTRINSIC && (ir_intrinsic_class(i->intrinsic) == INC_BLOCK ||
                                   i->intrinsic == IN_GRID_SYNC)))
      return true;
    for (int k = 0; k < 2; k++)
      if (block_has_barrier(&i->blocks[k])) return true;
    for (int k = 0; k < i->case_count; k++)
      if (block_has_barrier(&i->cases[k].body)) return true;
  }
  return false;
}

static void print_predicated_if(CEmit *e, const IrInst *i) {
  const char *c = c_val(e, i->args[0]);  /* t<id>[cuwa_tid] */
  uint32_t id = i->id;
  c_line(e, "{");
  e->depth++;
  c_line(e, "size_t cuwa_nt%u = 0, cuwa_ne%u = 0, cuwa_tlo%u = cuwa_rhi, cuwa_thi%u = 0, "
            "cuwa_elo%u = cuwa_rhi, cuwa_ehi%u = 0;", id, id, id, id, id, id);
  c_line(e, "for (size_t cuwa_tid = cuwa_rlo; cuwa_tid < cuwa_rhi; cuwa_tid++) {");
  c_line(e, "  if (%s) continue;", c_fission_guard(e));
  c_line(e, "  if (%s) {", c);
  c_line(e, "    cuwa_nt%u++;", id);
  c_line(e, "    if (cuwa_tid < cuwa_tlo%u) cuwa_tlo%u = cuwa_tid;", id, id);
  c_line(e, "    cuwa_thi%u = cuwa_tid + 1;", id);
  c_line(e, "  } else {");
  c_line(e, "    cuwa_ne%u++;", id);
  c_line(e, "    if (cuwa_tid < cuwa_elo%u) cuwa_elo%u = cuwa_tid;", id, id);
  c_line(e, "    cuwa_ehi%u = cuwa_tid + 1;", id);
  c_line(e, "  }");
  c_line(e, "}");
  if (block_has_barrier(&i->blocks[0]) && block_has_barrier(&i->blocks[1])) {
    c_line(e, "if (cuwa_nt%u && cuwa_ne%u) {", id, id);
    e->depth++;
    c_print_sync_error(e, i,
        "__syncthreads() in both branches of an if that the threads of a block "
        "take differently is not supported yet", false);
    e->depth--;
    c_line(e, "}");
  }
  for (int arm = 0; arm < 2; arm++) {
    if (!i->blocks[arm].first) continue;
    char mine = arm ? 'e' : 't', other = arm ? 't' : 'e';
    const char *lo = arena_printf(e->a, "cuwa_%clo%u", mine, id);
    const char *hi = arena_printf(e->a, "cuwa_%chi%u", mine, id);
    if (e->spec_depth < 2) {
      /* all threads here take this arm: the same code without the test,
       * which vectorizes without masks */
      c_line(e, "if (cuwa_n%c%u && !cuwa_n%c%u) {", mine, id, other, id);
      e->depth++;
      e->spec_depth++;  /* (the range stays: every thread in it takes the arm) */
      c_print_fission_block(e, &i->blocks[arm]);
      e->spec_depth--;
      e->depth--;
      c_line(e, "} else if (cuwa_n%c%u) {", mine, id);
    } else {
      c_line(e, "if (cuwa_n%c%u) {", mine, id);
    }
    e->depth++;
    vec_push(e->a, &e->guards, arena_printf(e->a, arm ? "%s" : "!%s", c));
    open_range(e, lo, hi);
    /* no second copies inside the tested copy: they would double the code
     * at every nested if (2^depth), for blocks that split anyway */
    int spec = e->spec_depth;
    e->spec_depth = 2;
    c_print_fission_block(e, &i->blocks[arm]);
    e->spec_depth = spec;
    close_range(e);
    e->guards.len--;
    e->depth--;
    c_line(e, "}");
  }
  e->depth--;
  c_line(e, "}");
}

static void print_fission_if(CEmit *e, const IrInst *i) {
  if (e->predicated[i->id]) {
    print_predicated_if(e, i);
    return;
  }
  c_line(e, "if (%s) {", c_val(e, i->args[0]));
  e->depth++;
  c_print_fission_block(e, &i->blocks[0]);
  e->depth--;
  c_line(e, "} else {");
  e->depth++;
  c_print_fission_block(e, &i->blocks[1]);
  e->depth--;
  c_line(e, "}");
}

/* Whether a thread of the enclosing context is still in play; leaves the
 * loop when none is (they all returned or broke out). */
static void print_any_left(CEmit *e, const char *extra) {
  c_line(e, "{");
  c_line(e, "  int cuwa_any = 0;");
  c_line(e, "  for (size_t cuwa_tid = cuwa_rlo; cuwa_tid < cuwa_rhi; cuwa_tid++)");
  c_line(e, "    if (!(%s%s)) { cuwa_any = 1; break; }", c_fission_guard(e), extra);
  c_line(e, "  if (!cuwa_any) break;");
  c_line(e, "}");
}

/* A loop around syncs. Uniform: plain C with block-level flags set by the
 * regions. Predicated: per-thread break/continue flags; it ends when no
 * thread is left in it. */
static void print_fission_loop(CEmit *e, const IrInst *i) {
  uint32_t l = i->id;
  int lab = e->labels++;
  bool pred = e->predicated[l];
  c_line(e, "{");
  e->depth++;
  if (pred) {
    c_line(e, "memset(cuwa_brk%u, 0, cuwa_n);", l);
    c_line(e, "memset(cuwa_cnt%u, 0, cuwa_n);", l);
  } else {
    c_line(e, "int cuwa_brk%u = 0, cuwa_cnt%u = 0;", l, l);
    c_line(e, "(void)cuwa_brk%u; (void)cuwa_cnt%u;", l, l);
  }
  c_line(e, "for (;;) {");
  e->depth++;
  c_line(e, "if (!cuwa_active) goto cuwa_end;");
  if (pred) print_any_left(e, arena_printf(e->a, " || cuwa_brk%u[cuwa_tid]", l));
  else if (e->guards.len) print_any_left(e, "");
  push_target(e, i, lab);
  if (pred) {
    push_guard(e, "cuwa_brk%u[cuwa_tid]", l, 0);
    push_guard(e, "cuwa_cnt%u[cuwa_tid]", l, 0);
  }
  c_print_fission_block(e, &i->blocks[0]);
  if (pred) e->guards.len--;
  c_line(e, "goto cuwa_fcont%d;", lab);
  c_line(e, "cuwa_fcont%d:;", lab);
  if (pred) c_line(e, "memset(cuwa_cnt%u, 0, cuwa_n);", l);
  else c_line(e, "cuwa_cnt%u = 0;", l);
  c_print_fission_block(e, &i->blocks[1]);
  if (pred) e->guards.len--;
  pop_target(e);
  e->depth--;
  c_line(e, "}");
  c_line(e, "goto cuwa_fbrk%d;", lab);
  c_line(e, "cuwa_fbrk%d:;", lab);
  e->depth--;
  c_line(e, "}");
}

/* A switch around syncs: cuwa_sw<id>[tid] is the case a thread is at
 * (case_count: done); each case body runs for the threads at it, which
 * then fall through to the next case or are done. */
static void print_case_selection(CEmit *e, const IrInst *i) {
  uint32_t s = i->id;
  c_line(e, "for (size_t cuwa_tid = cuwa_rlo; cuwa_tid < cuwa_rhi; cuwa_tid++) {");
  e->depth++;
  c_line(e, "cuwa_sw%u[cuwa_tid] = %d;", s, i->case_count);
  c_line(e, "if (%s) continue;", c_fission_guard(e));
  c_line(e, "switch (%s) {", c_val(e, i->args[0]));
  for (int c = 0; c < i->case_count; c++) {
    const IrCase *cs = &i->cases[c];
    for (int v = 0; v < cs->value_count; v++)
      c_line(e, "case %s:", c_const(e, i->args[0]->ty, cs->values[v]));
    if (cs->is_default) c_line(e, "default:");
    c_line(e, "  cuwa_sw%u[cuwa_tid] = %d; break;", s, c);
  }
  c_line(e, "}");
  e->depth--;
  c_line(e, "}");
}

static void print_fission_switch(CEmit *e, const IrInst *i) {
  uint32_t s = i->id;
  c_line(e, "{");
  e->depth++;
  print_case_selection(e, i);
  push_target(e, i, e->labels++);
  for (int c = 0; c < i->case_count; c++) {
    const IrCase *cs = &i->cases[c];
    c_line(e, "/* case %d */", c);
    push_guard(e, "cuwa_sw%u[cuwa_tid] != %lld", s, c);
    c_print_fission_block(e, &cs->body);
    e->guards.len--;
    c_line(e, "for (size_t cuwa_tid = cuwa_rlo; cuwa_tid < cuwa_rhi; cuwa_tid++)");
    c_line(e, "  if (cuwa_sw%u[cuwa_tid] == %d) cuwa_sw%u[cuwa_tid] = %d;", s, c, s,
           cs->falls_through ? c + 1 : i->case_count);
  }
  pop_target(e);
  e->depth--;
  c_line(e, "}");
}

static void print_sync_construct(CEmit *e, const IrInst *i) {
  switch (i->op) {
  case IR_BARRIER:
    c_line(e, "/* __syncthreads() */");
    if (e->check) c_line(e, "cuwa_check_barrier(ctx, 0);");
    break;
  case IR_INTRINSIC:
    if (e->remat[i->id] && !e->spilled[i->id]) c_line(e, "/* %s: computed where used */",
                                                       ir_intrinsic_name(i->intrinsic));
    else c_print_collective(e, i);
    break;
  case IR_IF: print_fission_if(e, i); break;
  case IR_LOOP:
    if (e->stride[i->id]) c_print_stride_loop(e, i);
    else print_fission_loop(e, i);
    break;
  case IR_SWITCH: print_fission_switch(e, i); break;
  default: ICE("sync inside %s reached the printer", ir_op_name(i->op));
  }
}

/* Mirrors assign_regions: a thread loop per region, block-level work
 * between them in program order. */
void c_print_fission_block(CEmit *e, const IrBlock *b) {
  int open = -1;
  const IrInst *first = NULL;
  for (const IrInst *i = b->first; i; i = i->next) {
    if (is_inline_value(i) || skipped(e, i)) continue;
    bool block_level = e->has_sync[i->id] || e->hoisted[i->id];
    if ((block_level && (e->has_sync[i->id] || e->cut[i->id])) ||
        (!block_level && e->region[i->id] != open)) {
      if (open >= 0) print_region(e, first, i, open);
      open = -1;
    }
    if (e->has_sync[i->id]) print_sync_construct(e, i);
    else if (e->hoisted[i->id]) print_hoisted(e, i);
    else if (open < 0) {
      open = e->region[i->id];
      first = i;
    }
  }
  if (open >= 0) print_region(e, first, NULL, open);
}

/* ---- the block function ------------------------------------------------------------------ */

static int align_to(int x, int a) { return a > 1 ? (x + a - 1) / a * a : x; }

static void scan_by_id(const IrBlock *b, const IrInst **by_id) {
  for (const IrInst *i = b->first; i; i = i->next) {
    by_id[i->id] = i;
    FOR_CHILD_BLOCKS(i, cb, scan_by_id(cb, by_id));
  }
}

typedef struct Scratch {
  int per;             /* bytes per thread so far */
  StrBuf decls;        /* the pointer declarations */
} Scratch;

static void scratch_add(CEmit *e, Scratch *s, const char *T, int size, int align,
                        const char *name, const char *comment) {
  s->per = align_to(s->per, align > 0 ? align : 1);
  strbuf_printf(&s->decls, "  %s *%s = (%s *)(cuwa_scr + cuwa_n * %d);%s%s%s\n", T, name, T,
                s->per, comment ? "  /* " : "", comment ? comment : "", comment ? " */" : "");
  s->per += size;
  (void)e;
}

/* Per-thread arrays: locals, spilled values, flags of predicated loops and
 * switches, then the exited flags; declares them and the block scalars. */
static void print_scratch(CEmit *e) {
  const IrFunc *k = e->f;
  Scratch s = {0};
  /* exited flags first, then locals: the part that starts zeroed */
  int exited = 0;
  if (e->may_exit) s.per = 1;
  for (int i = 0; i < k->local_count; i++) {
    const IrInst *l = k->locals[i];
    int lr = e->local_region[l->id];  /* -4: a block scalar */
    e->local_array[l->id] = lr == -2 || (lr >= 0 && e->in_loop[lr]);
    if (!e->local_array[l->id]) continue;
    scratch_add(e, &s, c_type(e, l->ty->elem), l->ty->elem->size, l->ty->elem->align,
                arena_printf(e->a, "l%u", l->id), l->str);
  }
  int zeroed = s.per;
  const IrInst **by_id = ARENA_ARRAY(e->a, const IrInst *, k->next_id + 1);
  scan_by_id(&k->body, by_id);
  for (uint32_t id = 0; id < k->next_id; id++) {
    const IrInst *i = by_id[id];
    if (!i) continue;
    if (e->spilled[id])
      scratch_add(e, &s, c_type(e, i->ty), i->ty->size, i->ty->align,
                  arena_printf(e->a, "t%u", id), NULL);
    if (!e->has_sync[id] || !e->predicated[id]) continue;
    if (i->op == IR_LOOP) {
      scratch_add(e, &s, "uint8_t", 1, 1, arena_printf(e->a, "cuwa_brk%u", id), NULL);
      scratch_add(e, &s, "uint8_t", 1, 1, arena_printf(e->a, "cuwa_cnt%u", id), NULL);
    } else if (i->op == IR_SWITCH) {
      scratch_add(e, &s, "int32_t", 4, 4, arena_printf(e->a, "cuwa_sw%u", id), NULL);
    }
  }
  int per = align_to(s.per > 0 ? s.per : 1, 16);
  e->scratch_bytes = per;
  c_line(e, "const size_t cuwa_n = (size_t)cuwa_nx * cuwa_ny * cuwa_nz;");
  c_line(e, "char *cuwa_scr = (char *)cuwa_ctx_in->scratch, *cuwa_own = NULL;");
  c_line(e, "if (!cuwa_scr || cuwa_ctx_in->scratch_size < cuwa_n * %d) {", per);
  c_line(e, "  cuwa_own = (char *)malloc(cuwa_n * %d);", per);
  c_line(e, "  if (!cuwa_own) __builtin_trap();");
  c_line(e, "  cuwa_scr = cuwa_own;");
  c_line(e, "}");
  /* locals start zeroed, as in the thread functions; spills need not */
  if (zeroed) c_line(e, "memset(cuwa_scr, 0, cuwa_n * %d);", zeroed);
  strbuf_puts(e->o, s.decls.data ? s.decls.data : "");
  strbuf_free(&s.decls);
  if (e->may_exit) c_line(e, "uint8_t *cuwa_exited = (uint8_t *)(cuwa_scr + cuwa_n * %d);", exited);
  else c_line(e, "uint8_t *cuwa_exited = NULL;  /* no thread leaves early */");
  c_line(e, "(void)cuwa_exited;");
  c_line(e, "size_t cuwa_active = cuwa_n;");
  c_line(e, "const size_t cuwa_rlo = 0, cuwa_rhi = cuwa_n;  /* the threads in play */");
  c_line(e, "(void)cuwa_rlo; (void)cuwa_rhi;");
}

static void print_block_scalars(CEmit *e, const bool *block_scalar) {
  const IrFunc *k = e->f;
  for (int i = 0; i < k->local_count; i++) {
    const IrInst *l = k->locals[i];
    if (!block_scalar[l->id]) continue;
    const IrType *t = l->ty->elem;
    if (t->kind == IRT_ARRAY || t->kind == IRT_STRUCT)
      c_line(e, "%s l%u; memset(&l%u, 0, sizeof l%u);  /* %s (uniform) */", c_type(e, t), l->id,
             l->id, l->id, l->str ? l->str : "");
    else
      c_line(e, "%s l%u = %s;  /* %s (uniform) */", c_type(e, t), l->id, c_zero(e, t),
             l->str ? l->str : "");
  }
}

static void print_block_prologue(CEmit *e, const IrFunc *k, bool dims) {
  int n = k->ordinal;
  if (dims) c_line(e, "const CuwaBlockCtx cuwa_ctx = cuwa_ctx_nx(cuwa_ctx_in, cuwa_cnx);");
  else c_line(e, "const CuwaBlockCtx cuwa_ctx = *cuwa_ctx_in;");
  c_line(e, "const CuwaBlockCtx *ctx = &cuwa_ctx;");
  if (k->param_count) {
    c_line(e, "struct cuwa_params_%d cuwa_pv;", n);
    c_line(e, "memcpy(&cuwa_pv, params, sizeof cuwa_pv);");
    c_line(e, "const struct cuwa_params_%d *cuwa_p = &cuwa_pv;", n);
  }
  if (c_kernel_has_shared(e, k)) {
    c_line(e, "struct cuwa_shared_%d cuwa_shs;", n);
    c_line(e, "memset(&cuwa_shs, 0, sizeof cuwa_shs);");
    for (int g = 0; g < e->m->globals.len; g++)
      if (e->shared_sets[k->id][g])
        c_line(e, "%s *cuwa_sh%d = &cuwa_shs.g%d;", c_type(e, e->m->globals.data[g]->ty), g, g);
  }
  c_line(e, "const uint32_t cuwa_nx = cuwa_ctx.block_dim.x, cuwa_ny = cuwa_ctx.block_dim.y, "
            "cuwa_nz = cuwa_ctx.block_dim.z;");
}

static void analyze_kernel(CEmit *e, Fission *F) {
  const IrFunc *k = e->f;
  uint32_t n = k->next_id + 1;
  alloc_marks(e, k);
  e->hoisted = ARENA_ARRAY(e->a, bool, n);
  e->cut = ARENA_ARRAY(e->a, bool, n);
  e->region = ARENA_ARRAY(e->a, int, n);
  e->in_loop = ARENA_ARRAY(e->a, bool, n);
  e->local_region = ARENA_ARRAY(e->a, int, n);
  e->spilled = ARENA_ARRAY(e->a, bool, n);
  e->local_array = ARENA_ARRAY(e->a, bool, n);
  e->predicated = ARENA_ARRAY(e->a, bool, n);
  e->region_count = 0;
  e->targets.len = e->guards.len = e->target_labels.len = 0;
  e->labels = e->spec_depth = e->narrow = 0;
  for (uint32_t i = 0; i < n; i++) e->local_region[i] = -3, e->region[i] = -1;
  for (const IrInst *i = k->body.first; i; i = i->next) mark_sync(e, i, &k->body, false);
  e->remat = ARENA_ARRAY(e->a, bool, n);
  e->remat_here = ARENA_ARRAY(e->a, int, n);
  e->may_exit = block_may_exit(e, &k->body);
  F->block_scalar = ARENA_ARRAY(e->a, bool, n);
  find_hoisted(F);
  choose_modes(e, &k->body);
  find_hoisted_jumps(e, &k->body, (JumpCtx){false, false, true});
  e->region_stride = ARENA_ARRAY(e->a, CStride *, n);
  e->in_pred = ARENA_ARRAY(e->a, bool, n);
  assign_regions(e, &k->body, 0, NULL, false);
  find_remat(e, &k->body);
  find_spills(e, &k->body);
  for (int l = 0; l < k->local_count; l++)
    if (F->block_scalar[k->locals[l]->id]) e->local_region[k->locals[l]->id] = -4;
}

/* Whether the kernel reads threadIdx.y/z or blockDim.y/z: then it is
 * likely launched with 2-D blocks, whose x extent is small (16, 32). */
bool c_uses_dim_y(const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) {
    if ((i->op == IR_THREAD_IDX || i->op == IR_BLOCK_DIM) && i->imm > 0) return true;
    if (c_uses_dim_y(&i->blocks[0]) || c_uses_dim_y(&i->blocks[1])) return true;
    for (int c = 0; c < i->case_count; c++)
      if (c_uses_dim_y(&i->cases[c].body)) return true;
  }
  return false;
}

/* The block function `name` (static void name(ctx, params)) as a switch
 * over blockDim.x calling name_dims(ctx, params, nx) with a constant nx
 * for the common small extents of 2-D blocks: with nx known the C
 * compiler turns the innermost thread loop into whole vectors, without
 * the prologue, epilogue and alias checks of a loop of unknown length
 * (2x on a 16x16 sgemm). */
void c_print_dims_dispatch(CEmit *e, const char *name) {
  c_line(e, "static void %s(const CuwaBlockCtx *cuwa_ctx_in, const void *params) {", name);
  c_line(e, "  switch (cuwa_ctx_in->block_dim.x) {");
  c_line(e, "  case 16: %s_dims(cuwa_ctx_in, params, 16); break;", name);
  c_line(e, "  case 32: %s_dims(cuwa_ctx_in, params, 32); break;", name);
  c_line(e, "  default: %s_dims(cuwa_ctx_in, params, cuwa_ctx_in->block_dim.x); break;", name);
  c_line(e, "  }");
  c_line(e, "}\n");
}

static void print_block_function(CEmit *e, const IrFunc *k, const bool *block_scalar,
                                 const char *suffix) {
  /* not the checked variant (for finding bugs, and large) nor the one for
   * huge grids (rare): each copy costs compile time */
  bool dims = !e->check && strcmp(suffix, "_wrap") != 0 && c_uses_dim_y(&k->body);
  const char *name = arena_printf(e->a, "cuwa_block_%s_%d%s%s", c_sanitize(e->a, k->name),
                                  k->ordinal, suffix, e->sfx);
  if (dims)
    c_line(e, "static inline __attribute__((always_inline)) void %s_dims(const CuwaBlockCtx "
              "*cuwa_ctx_in, const void *params, const uint32_t cuwa_cnx) {", name);
  else
    c_line(e, "static void %s(const CuwaBlockCtx *cuwa_ctx_in, const void *params) {", name);
  e->depth = 1;
  print_block_prologue(e, k, dims);
  print_scratch(e);
  if (e->check)
    c_line(e, "cuwa_check_block_begin(ctx, %s, cuwa_scr, cuwa_n * %d);",
           c_kernel_has_shared(e, k) ? "&cuwa_shs, sizeof cuwa_shs" : "NULL, 0", e->scratch_bytes);
  print_block_scalars(e, block_scalar);
  e->fission = true;
  c_print_fission_block(e, &k->body);
  e->fission = false;
  c_line(e, "goto cuwa_end;");
  e->depth = 0;
  c_line(e, "cuwa_end:");
  c_line(e, "  free(cuwa_own);");
  c_line(e, "}\n");
  if (dims) c_print_dims_dispatch(e, name);
}

/* Kernels that compute the global thread index get a second block
 * function for grids of fewer than 2^31 threads per dimension, where that
 * index cannot wrap (its addresses widen to 64 bits: c_values.c). */
void c_print_fission_kernel(CEmit *e, const IrFunc *k) {
  e->f = k;
  Fission F = {e, k, NULL, false};
  analyze_kernel(e, &F);
  const IrInst *meet = c_fiber_meeting(e, &k->body);
  if (meet) {  /* threads of divergent arms meet: one stack per thread */
    c_print_fiber_kernel(e, k, meet);
    return;
  }
  strbuf_printf(e->o, "/* kernel %s: split at its barriers, collectives and lifted loops into "
                "%d regions */\n", k->name, e->region_count);
  if (e->check || !c_has_global_index(e, &k->body)) {  /* checked: no fast variant */
    print_block_function(e, k, F.block_scalar, "");
    return;
  }
  e->fast = true;
  print_block_function(e, k, F.block_scalar, "_fast");
  e->fast = false;
  print_block_function(e, k, F.block_scalar, "_wrap");
  const char *name = c_sanitize(e->a, k->name);
  c_line(e, "static void cuwa_block_%s_%d%s(const CuwaBlockCtx *ctx, const void *params) {", name,
         k->ordinal, e->sfx);
  c_line(e, "  if (%s)", c_fast_test(e, &k->body, "ctx->"));
  c_line(e, "    cuwa_block_%s_%d_fast(ctx, params);", name, k->ordinal);
  c_line(e, "  else");
  c_line(e, "    cuwa_block_%s_%d_wrap(ctx, params);", name, k->ordinal);
  c_line(e, "}\n");
}
