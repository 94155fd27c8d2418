/* c_lower.c: the C back end's "raise" step on the IR (tint style): inlines
 * every call of a __device__ function that uses __syncthreads() into the
 * calling kernel, so that the fission printer (c_fission.c) sees all the
 * block's barriers in one body. Returns become a store to a result slot
 * and a break out of a one-trip wrapper loop. It changes the module in
 * place (once; later calls find nothing to do) and prints nothing. */
#include "c_internal.h"

#include <string.h>

typedef struct Inliner {
  IrModule *m;
  IrFunc *f;           /* the caller being extended */
  IrInst **map;        /* callee inst id -> its copy */
  IrInst **args;       /* the call's arguments, for IR_PARAM */
  IrInst *ret_slot;    /* where returns store their value, or NULL */
  IrInst *returned;    /* bool slot: set by a return nested in a loop/switch */
  bool needs_wrapper;  /* a return that is not the body's last instruction */
} Inliner;

static IrInst *copy_inst(Inliner *in, IrBuilder *b, const IrInst *i);

static void copy_block(Inliner *in, IrBlock *dst, const IrBlock *src) {
  IrBuilder b = {in->m, in->f, dst, {0}};
  for (const IrInst *i = src->first; i; i = i->next) copy_inst(in, &b, i);
}

static bool inst_has_return(const IrInst *i);

static bool block_has_return(const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next)
    if (inst_has_return(i)) return true;
  return false;
}

static bool inst_has_return(const IrInst *i) {
  if (i->op == IR_RETURN) return true;
  if (block_has_return(&i->blocks[0]) || block_has_return(&i->blocks[1])) return true;
  for (int c = 0; c < i->case_count; c++)
    if (block_has_return(&i->cases[c].body)) return true;
  return false;
}

/* A return other than a last top-level one needs the wrapper loop. */
static bool needs_wrapper(const IrBlock *body) {
  for (const IrInst *i = body->first; i; i = i->next)
    if (inst_has_return(i) && !(i == body->last && i->op == IR_RETURN)) return true;
  return false;
}

/* return [v] -> store ret, v; returned = true; break (out of the wrapper,
 * or of the loop/switch around it, after which a check breaks again). */
static void copy_return(Inliner *in, IrBuilder *b, const IrInst *i) {
  b->loc = i->loc;
  if (i->arg_count && in->ret_slot) ir_emit_store(b, in->ret_slot, in->map[i->args[0]->id]);
  if (!in->needs_wrapper) return;  /* the body's last instruction */
  ir_emit_store(b, in->returned, ir_emit_const_int(b, ir_type_scalar(in->m, IRT_BOOL), 1));
  ir_emit_jump(b, IR_BREAK);
}

static IrInst *copy_inst(Inliner *in, IrBuilder *b, const IrInst *i) {
  if (i->op == IR_RETURN) {
    copy_return(in, b, i);
    return NULL;
  }
  if (i->op == IR_PARAM) {
    in->map[i->id] = in->args[i->imm];
    return in->args[i->imm];
  }
  b->loc = i->loc;
  IrInst **args = ARENA_ARRAY(in->m->arena, IrInst *, i->arg_count + 1);
  for (int k = 0; k < i->arg_count; k++) {
    args[k] = in->map[i->args[k]->id];
    if (!args[k]) ICE("inlining @%s: operand not copied", in->f->name);
  }
  IrInst *c = ir_emit(b, i->op, i->ty, i->arg_count, args);
  c->imm = i->imm;
  c->fimm = i->fimm;
  c->str = i->str;
  c->str_len = i->str_len;
  c->intrinsic = i->intrinsic;
  c->callee = i->callee;
  c->global = i->global;
  c->field = i->field;
  c->is_volatile = i->is_volatile;
  in->map[i->id] = c;
  copy_block(in, &c->blocks[0], &i->blocks[0]);
  copy_block(in, &c->blocks[1], &i->blocks[1]);
  if (i->case_count) {
    c->cases = ARENA_ARRAY(in->m->arena, IrCase, i->case_count);
    c->case_count = i->case_count;
    for (int k = 0; k < i->case_count; k++) {
      c->cases[k] = i->cases[k];
      c->cases[k].body = (IrBlock){0};
      copy_block(in, &c->cases[k].body, &i->cases[k].body);
    }
  }
  /* a return inside this loop/switch broke out of it only: go on out */
  if ((i->op == IR_LOOP || i->op == IR_SWITCH) && in->needs_wrapper && inst_has_return(i)) {
    IrInst *iff = ir_emit_if(b, ir_emit_load(b, in->returned));
    IrBuilder inner = {in->m, in->f, &iff->blocks[0], i->loc};
    ir_emit_jump(&inner, IR_BREAK);
  }
  return c;
}

/* Replaces `call` (in a kernel) by a copy of its callee's body. */
static void inline_call(IrModule *m, IrFunc *f, IrInst *call) {
  IrFunc *g = call->callee;
  Inliner in = {m, f, ARENA_ARRAY(m->arena, IrInst *, g->next_id + 1), call->args, NULL, NULL, false};
  for (int i = 0; i < g->local_count; i++) {
    const IrInst *l = g->locals[i];
    in.map[l->id] = ir_new_local(f, l->ty->elem, l->str, l->loc);
  }
  if (g->ret->kind != IRT_VOID) in.ret_slot = ir_new_local(f, g->ret, "ret", call->loc);
  in.needs_wrapper = needs_wrapper(&g->body);
  IrBlock tmp = {0};
  IrBuilder b = {m, f, &tmp, call->loc};
  if (in.needs_wrapper) {
    in.returned = ir_new_local(f, ir_type_scalar(m, IRT_BOOL), "returned", call->loc);
    ir_emit_store(&b, in.returned, ir_emit_const_int(&b, ir_type_scalar(m, IRT_BOOL), 0));
    IrInst *loop = ir_emit_loop(&b);
    copy_block(&in, &loop->blocks[0], &g->body);
    IrBuilder lb = {m, f, &loop->blocks[0], call->loc};
    if (!ir_block_terminates(&loop->blocks[0])) ir_emit_jump(&lb, IR_BREAK);
  } else {
    copy_block(&in, &tmp, &g->body);
  }
  /* splice the copy in before the call */
  for (IrInst *i = tmp.first, *next; i; i = next) {
    next = i->next;
    i->next = i->prev = NULL;
    ir_insert_before(call, i);
  }
  if (in.ret_slot) {  /* the call becomes the load of the result: uses stay valid */
    call->op = IR_LOAD;
    call->args = ARENA_ARRAY(m->arena, IrInst *, 1);
    call->args[0] = in.ret_slot;
    call->arg_count = 1;
    call->callee = NULL;
  } else {
    ir_remove(call);
  }
}

static IrInst *find_barrier_call(const IrBlock *b) {
  for (IrInst *i = b->first; i; i = i->next) {
    if (i->op == IR_CALL && i->callee->uses_barrier) return i;
    for (int k = 0; k < 2; k++) {
      IrInst *c = find_barrier_call(&i->blocks[k]);
      if (c) return c;
    }
    for (int k = 0; k < i->case_count; k++) {
      IrInst *c = find_barrier_call(&i->cases[k].body);
      if (c) return c;
    }
  }
  return NULL;
}

static bool block_syncs(const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) {
    if (c_is_sync(i) || (i->op == IR_CALL && i->callee->uses_barrier)) return true;
    if (block_syncs(&i->blocks[0]) || block_syncs(&i->blocks[1])) return true;
    for (int c = 0; c < i->case_count; c++)
      if (block_syncs(&i->cases[c].body)) return true;
  }
  return false;
}

/* For this back end warp and block collectives cut a kernel like
 * __syncthreads() does: their users (directly or through calls) count as
 * barrier users, are inlined into kernels and printed by c_fission.c. */
static void mark_collective_users(IrModule *m) {
  for (bool changed = true; changed;) {
    changed = false;
    for (int i = 0; i < m->funcs.len; i++) {
      IrFunc *f = m->funcs.data[i];
      if (!f->uses_barrier && block_syncs(&f->body)) f->uses_barrier = changed = true;
    }
  }
}

/* Inlines the barrier-using calls of every kernel; false (reported) when a
 * chain of them does not end (recursion). */
bool c_lower_module(IrModule *m, Diag *d) {
  enum { MAX_INLINES = 1000 };
  mark_collective_users(m);
  for (int k = 0; k < m->funcs.len; k++) {
    IrFunc *f = m->funcs.data[k];
    if (!f->is_kernel || !f->uses_barrier) continue;
    for (int n = 0;; n++) {
      IrInst *call = find_barrier_call(&f->body);
      if (!call) break;
      if (n == MAX_INLINES) {
        diag_unsupported(d, call->loc,
                         "recursion through a function that uses __syncthreads() or warp functions");
        return false;
      }
      inline_call(m, f, call);
    }
  }
  return true;
}
