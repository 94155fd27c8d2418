/* c_stride.c: grid-stride loops in fission kernels (c_fission.c).
 *   for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += S)
 * Run inside a thread loop, each thread would walk memory S elements
 * apart (S = the grid's thread count): every cache line is fetched once
 * per thread that touches it. This file finds such loops (one counter, a
 * start that is a function of the thread index, a uniform bound and a
 * uniform step, no other way out) and prints them as a block-level loop
 * over rounds k with the thread loop inside, where thread t works on
 * init(t) + k * S: consecutive threads touch consecutive elements, and
 * the rounds in which every thread is in range run without a test. */
#include "c_internal.h"

#include <string.h>

/* v without conversions that keep its value (extensions, same-size
 * same-signedness). */
static const IrInst *strip_exact(const IrInst *v) {
  while (v->op == IR_CONV && ir_type_is_int(v->ty) && ir_type_is_int(v->args[0]->ty) &&
         (v->ty->size > v->args[0]->ty->size ||
          (v->ty->size == v->args[0]->ty->size &&
           ir_type_is_signed(v->ty) == ir_type_is_signed(v->args[0]->ty))))
    v = v->args[0];
  return v;
}

/* v without any integer conversion (the step's add wraps like the
 * original in every case that does not overflow). */
static const IrInst *strip_conv(const IrInst *v) {
  while (v->op == IR_CONV && ir_type_is_int(v->ty) && ir_type_is_int(v->args[0]->ty)) v = v->args[0];
  return v;
}

static bool loads(const IrInst *v, const IrInst *local) {
  return v->op == IR_LOAD && v->args[0] == local;
}

/* A value the block can compute before the loop: constants, parameters
 * and the grid's sizes, through pure operations and forwarded locals.
 * Appends what computes it to pre (operands first). */
static bool invariant(CEmit *e, const IrInst *v, InstVec *pre, int *budget) {
  if (v->op == IR_CONST || v->op == IR_PARAM || v->op == IR_UNDEF) return true;
  if (--*budget < 0 || v->op == IR_THREAD_IDX) return false;
  bool ok;
  if (v->op == IR_LOAD) ok = e->fwd[v->id] && invariant(e, e->fwd[v->id], pre, budget);
  else {
    ok = c_is_pure_op(v) && v->op != IR_GLOBAL && v->op != IR_DYN_SHARED;
    for (int k = 0; ok && k < v->arg_count; k++) ok = invariant(e, v->args[k], pre, budget);
  }
  if (ok) {
    for (int k = 0; k < pre->len; k++)
      if (pre->data[k] == v) return true;
    vec_push(e->a, pre, v);
  }
  return ok;
}

/* Whether i (in the loop's body) stores to local, or leaves the loop by
 * another way than the exit test (break, continue), or synchronizes. */
static bool body_breaks_rules(const IrInst *i, const IrInst *local, const IrInst *exit_if,
                              bool in_loop, bool in_switch) {
  if (i == exit_if) return false;
  if (i->op == IR_STORE && i->args[0] == local) return true;
  if (c_is_sync(i) || i->op == IR_BREAK_IF) return true;
  if (i->op == IR_BREAK && !in_loop && !in_switch) return true;
  if (i->op == IR_CONTINUE && !in_loop) return true;
  bool il = in_loop || i->op == IR_LOOP, is = in_switch || i->op == IR_SWITCH;
  for (int b = 0; b < 2; b++)
    for (const IrInst *c = i->blocks[b].first; c; c = c->next)
      if (body_breaks_rules(c, local, exit_if, il, is)) return true;
  for (int k = 0; k < i->case_count; k++)
    for (const IrInst *c = i->cases[k].body.first; c; c = c->next)
      if (body_breaks_rules(c, local, exit_if, il, is)) return true;
  return false;
}

/* Every use of local is a plain load inside `inside` or a store. */
static bool uses_stay_inside(const IrBlock *b, const IrInst *local, const IrInst *inside,
                             bool in) {
  for (const IrInst *i = b->first; i; i = i->next) {
    for (int k = 0; k < i->arg_count; k++) {
      if (i->args[k] != local) continue;
      if (k != 0 || i->is_volatile) return false;
      if (i->op == IR_LOAD && !in) return false;
      if (i->op != IR_LOAD && i->op != IR_STORE) return false;
    }
    bool nested_in = in || i == inside;
    for (int c = 0; c < 2; c++)
      if (!uses_stay_inside(&i->blocks[c], local, inside, nested_in)) return false;
    for (int c = 0; c < i->case_count; c++)
      if (!uses_stay_inside(&i->cases[c].body, local, inside, nested_in)) return false;
  }
  return true;
}

static bool stores_to(const IrInst *i, const IrInst *local) {
  if (i->op == IR_STORE && i->args[0] == local) return true;
  for (int b = 0; b < 2; b++)
    for (const IrInst *c = i->blocks[b].first; c; c = c->next)
      if (stores_to(c, local)) return true;
  for (int k = 0; k < i->case_count; k++)
    for (const IrInst *c = i->cases[k].body.first; c; c = c->next)
      if (stores_to(c, local)) return true;
  return false;
}

/* The exit test at the top of the body: if (!(i < n)) break; */
static bool find_exit(CStride *s, const IrInst *loop) {
  const IrInst *x = loop->blocks[0].first;
  while (x && (c_is_pure_op(x) || (x->op == IR_LOAD && x->args[0]->op == IR_LOCAL))) x = x->next;
  if (!x || x->op != IR_IF || !x->blocks[0].first || x->blocks[0].first != x->blocks[0].last ||
      x->blocks[0].first->op != IR_BREAK || x->blocks[1].first)
    return false;
  const IrInst *c = x->args[0];
  if (c->op == IR_NOT) {
    c = c->args[0];
    if (c->op != IR_LT && c->op != IR_LE) return false;
    s->inclusive = c->op == IR_LE;
  } else if (c->op == IR_GE || c->op == IR_GT) {
    s->inclusive = c->op == IR_GT;
  } else {
    return false;
  }
  const IrInst *a = strip_exact(c->args[0]);
  if (a->op != IR_LOAD || a->args[0]->op != IR_LOCAL || !ir_type_is_int(c->args[0]->ty) ||
      c->args[0]->ty->size > 8)
    return false;
  s->exit_if = x;
  s->local = a->args[0];
  s->bound = c->args[1];
  return true;
}

/* The continuing block: only `i = i + S` (and what computes it). */
static bool find_step(CStride *s, const IrInst *loop) {
  const IrInst *st = loop->blocks[1].last;
  if (!st || st->op != IR_STORE || st->args[0] != s->local) return false;
  for (const IrInst *i = loop->blocks[1].first; i != st; i = i->next)
    if (!c_is_pure_op(i) && !(i->op == IR_LOAD && i->args[0]->op == IR_LOCAL)) return false;
  const IrInst *add = strip_conv(st->args[1]);
  if (add->op != IR_ADD) return false;
  for (int k = 0; k < 2; k++)
    if (loads(strip_conv(add->args[k]), s->local)) {
      s->step = add->args[1 - k];
      return true;
    }
  return false;
}

/* The value the counter starts with: the last store before the loop in
 * its block, with no other store of it in between. */
static bool find_init(CStride *s, const IrBlock *parent, const IrInst *loop) {
  s->init = NULL;
  for (const IrInst *i = parent->first; i && i != loop; i = i->next) {
    if (i->op == IR_STORE && i->args[0] == s->local) s->init = i->args[1];
    else if (stores_to(i, s->local)) s->init = NULL;
  }
  return s->init != NULL;
}

CStride *c_find_stride(CEmit *e, const IrInst *loop, const IrBlock *parent) {
  if (loop->op != IR_LOOP || e->uniform[loop->id]) return NULL;
  CStride s = {.loop = loop};
  if (!find_exit(&s, loop) || !find_step(&s, loop) || !find_init(&s, parent, loop)) return NULL;
  for (const IrInst *i = loop->blocks[0].first; i; i = i->next)
    if (body_breaks_rules(i, s.local, s.exit_if, false, false)) return NULL;
  if (!uses_stay_inside(&e->f->body, s.local, loop, false)) return NULL;
  int budget = 40;
  if (!c_thread_pure(e, s.init, NULL, &budget)) return NULL;
  budget = 40;
  if (!invariant(e, s.bound, &s.pre, &budget) || !invariant(e, s.step, &s.pre, &budget))
    return NULL;
  CStride *r = ARENA_NEW(e->a, CStride);
  *r = s;
  return r;
}

/* ---- printing ---------------------------------------------------------------------- */

/* Prints v's instructions in a fresh scope with plain names (no
 * per-thread arrays): they depend on nothing a region computed. */
static void print_self_contained(CEmit *e, const InstVec *insts) {
  bool f = e->fission;
  e->fission = false;
  for (int k = 0; k < insts->len; k++) c_print_inst(e, insts->data[k]);
  e->fission = f;
}

static const char *as_i64(CEmit *e, const IrInst *v) {
  return arena_printf(e->a, "((int64_t)%s)", c_val(e, v));
}

/* Per thread: the rounds it runs, from its start; lo/hi over the block. */
static void print_round_counts(CEmit *e, const CStride *s) {
  uint32_t l = s->loop->id;
  InstVec chain = {0};
  int budget = 40;
  c_thread_pure(e, s->init, &chain, &budget);
  c_line(e, "int64_t cuwa_lo%u = INT64_MAX, cuwa_hi%u = 0;", l, l);
  c_print_thread_loops(e);
  c_line(e, "{");
  e->depth++;
  c_line(e, "const size_t cuwa_tid = ((size_t)tz * cuwa_ny + ty) * cuwa_nx + tx;");
  c_line(e, "if (%s) continue;", c_fission_guard(e));
  print_self_contained(e, &chain);
  bool f = e->fission;
  e->fission = false;
  c_line(e, "const int64_t cuwa_x = %s;", as_i64(e, s->init));
  e->fission = f;
  if (s->inclusive)
    c_line(e, "const int64_t cuwa_r = cuwa_x <= cuwa_b%u ? (cuwa_b%u - cuwa_x) / cuwa_s%u + 1 : 0;",
           l, l, l);
  else
    c_line(e, "const int64_t cuwa_r = cuwa_x < cuwa_b%u ? (cuwa_b%u - cuwa_x + cuwa_s%u - 1) / cuwa_s%u : 0;",
           l, l, l, l);
  c_line(e, "if (cuwa_r < cuwa_lo%u) cuwa_lo%u = cuwa_r;", l, l);
  c_line(e, "if (cuwa_r > cuwa_hi%u) cuwa_hi%u = cuwa_r;", l, l);
  e->depth--;
  c_line(e, "}");
}

void c_print_stride_loop(CEmit *e, const IrInst *loop) {
  const CStride *s = e->stride[loop->id];
  uint32_t l = loop->id;
  c_line(e, "{  /* grid-stride loop: rounds of the block, threads inside */");
  e->depth++;
  c_line(e, "int64_t cuwa_s%u, cuwa_b%u;", l, l);
  c_line(e, "{");
  e->depth++;
  print_self_contained(e, &s->pre);
  bool f = e->fission;
  e->fission = false;
  c_line(e, "cuwa_s%u = %s;", l, as_i64(e, s->step));
  c_line(e, "cuwa_b%u = %s;", l, as_i64(e, s->bound));
  e->fission = f;
  e->depth--;
  c_line(e, "}");
  c_line(e, "if (cuwa_s%u <= 0) {", l);
  e->depth++;
  c_print_sync_error(e, loop,
                     "a grid-stride loop whose step is not positive is not supported yet", false);
  e->depth--;
  c_line(e, "}");
  print_round_counts(e, s);
  c_line(e, "for (int64_t cuwa_k%u = 0; cuwa_k%u < cuwa_hi%u; cuwa_k%u++) {", l, l, l, l);
  e->depth++;
  c_line(e, "if (!cuwa_active) goto cuwa_end;");
  c_line(e, "const int64_t cuwa_off%u = cuwa_k%u * cuwa_s%u;", l, l, l);
  vec_push(e->a, &e->strides, s);
  c_line(e, "if (cuwa_k%u < cuwa_lo%u) {  /* every thread in range */", l, l);
  e->depth++;
  c_print_fission_block(e, &loop->blocks[0]);
  e->depth--;
  c_line(e, "} else {");
  e->depth++;
  vec_push(e->a, &e->guards,
           arena_printf(e->a, "!(cuwa_i%u %s cuwa_b%u)", l, s->inclusive ? "<=" : "<", l));
  c_print_fission_block(e, &loop->blocks[0]);
  e->guards.len--;
  e->depth--;
  c_line(e, "}");
  e->strides.len--;
  e->depth--;
  c_line(e, "}");
  e->depth--;
  c_line(e, "}");
}

/* At the start of a region inside grid-stride loops: each counter. */
void c_print_stride_values(CEmit *e) {
  for (int k = 0; k < e->strides.len; k++) {
    const CStride *s = e->strides.data[k];
    c_line(e, "const int64_t cuwa_i%u = %s + cuwa_off%u;", s->loop->id, c_wide64(e, s->init),
           s->loop->id);
  }
}

/* The counter's value where a region reads it (NULL: not a counter). */
const char *c_stride_load(CEmit *e, const IrInst *load) {
  if (!e->strides.len || load->op != IR_LOAD || load->args[0]->op != IR_LOCAL) return NULL;
  const CStride *s = e->stride_of[load->args[0]->id];
  if (!s) return NULL;
  for (int k = 0; k < e->strides.len; k++)
    if (e->strides.data[k] == s) return arena_printf(e->a, "cuwa_i%u", s->loop->id);
  return NULL;
}
