/* lower_stmt.c: AST statements -> structured IR control flow. for/while/do
 * become IR_LOOP with a continuing block (for's increment, do-while's
 * condition as IR_BREAK_IF); switch becomes IR_SWITCH with one IrCase per
 * run of labels and falls_through flags; declarations get their slot and
 * initializer. Code after a return/break/continue in a block is dead and
 * is not lowered. Expressions are in lower_expr.c. */
#include "lower_internal.h"

static IrType *scalar(Lower *L, IrTypeKind k) { return ir_type_scalar(L->m, k); }

static IrInst *declare_local(Lower *L, Obj *v) {
  IrInst *slot = lower_map_get(&L->locals, v);
  if (slot) return slot;
  slot = ir_new_local(L->b.f, lower_type(L, v->ty, v->loc), v->name, v->loc);
  lower_map_put(L, &L->locals, v, slot);
  return slot;
}

static void lower_decl(Lower *L, Node *n) {
  Obj *v = n->obj;
  if (v->space == AS_SHARED || v->is_static || (v->is_extern && !v->is_function)) {
    lower_local_static(L, v);  /* initialised once, not here */
    return;
  }
  if (v->is_function) return;  /* a local function declaration */
  IrInst *slot = declare_local(L, v);
  if (v->init) lower_init(L, slot, v->init);
}

/* In dead code only the declarations matter: later (live) code may use
 * the variable, uninitialised, as C allows after a jump. */
static void declare_dead(Lower *L, Node *n) {
  if (!n) return;
  if (n->kind == ND_DECL) {
    if (!n->obj->is_function && n->obj->space != AS_SHARED && !n->obj->is_static)
      declare_local(L, n->obj);
    else if (n->obj->space == AS_SHARED || n->obj->is_static)
      lower_local_static(L, n->obj);
  }
}

static bool block_ended(Lower *L) {
  IrInst *last = L->b.block->last;
  return last && (last->op == IR_RETURN || last->op == IR_BREAK ||
                  last->op == IR_CONTINUE || last->op == IR_TRAP);
}

static void lower_list(Lower *L, Node *s) {
  for (; s; s = s->next) {
    if (block_ended(L)) declare_dead(L, s);
    else lower_stmt(L, s);
  }
}

static void lower_if(Lower *L, Node *n) {
  IrInst *c = lower_to_bool(L, lower_expr(L, n->cond));
  IrInst *iff = ir_emit_if(&L->b, c);
  IrBlock *after = L->b.block;
  L->b.block = &iff->blocks[0];
  lower_stmt(L, n->then);
  if (n->els) {
    L->b.block = &iff->blocks[1];
    lower_stmt(L, n->els);
  }
  L->b.block = after;
}

/* for (init; cond; inc) body  ->  init; loop { if (!cond) break; body }
 * continuing { inc } */
static void lower_for(Lower *L, Node *n) {
  for (Node *s = n->init; s; s = s->next) {
    if (s->kind >= ND_BLOCK) lower_stmt(L, s);
    else lower_expr(L, s);
  }
  IrInst *loop = ir_emit_loop(&L->b);
  IrBlock *after = L->b.block;
  L->b.block = &loop->blocks[0];
  if (n->cond) {
    IrInst *c = lower_to_bool(L, lower_expr(L, n->cond));
    IrInst *iff = ir_emit_if(&L->b, ir_emit_unary(&L->b, IR_NOT, NULL, c));
    IrBlock *body = L->b.block;
    L->b.block = &iff->blocks[0];
    ir_emit_jump(&L->b, IR_BREAK);
    L->b.block = body;
  }
  L->loop_depth++;
  lower_stmt(L, n->then);
  L->loop_depth--;
  if (n->inc) {
    L->b.block = &loop->blocks[1];
    lower_expr(L, n->inc);
  }
  L->b.block = after;
}

/* do body while (cond)  ->  loop { body } continuing { break_if !cond } */
static void lower_do(Lower *L, Node *n) {
  IrInst *loop = ir_emit_loop(&L->b);
  IrBlock *after = L->b.block;
  L->b.block = &loop->blocks[0];
  L->loop_depth++;
  lower_stmt(L, n->then);
  L->loop_depth--;
  L->b.block = &loop->blocks[1];
  IrInst *c = lower_to_bool(L, lower_expr(L, n->cond));
  ir_emit_break_if(&L->b, ir_emit_unary(&L->b, IR_NOT, NULL, c));
  L->b.block = after;
}

/* ---- switch -------------------------------------------------------------------- */

typedef struct SwitchBuilder {
  IrInst *sw;
  IrCase *cur;        /* the case receiving statements, or NULL before the first label */
  int cap;            /* cases allocated (one per AST label at most) */
  IrType *sel_ty;
} SwitchBuilder;

static void case_add_value(Lower *L, IrCase *c, int64_t v) {
  int64_t *vals = ARENA_ARRAY(L->a, int64_t, c->value_count + 1);
  for (int i = 0; i < c->value_count; i++) vals[i] = c->values[i];
  vals[c->value_count++] = v;
  c->values = vals;
}

static void finish_case(SwitchBuilder *sb) {
  if (sb->cur) sb->cur->falls_through = !ir_block_terminates(&sb->cur->body);
}

static int64_t case_value(SwitchBuilder *sb, int64_t v) {
  int bits = sb->sel_ty->size * 8;
  if (bits >= 64) return v;
  uint64_t mask = (1ull << bits) - 1, u = (uint64_t)v & mask;
  if (ir_type_is_signed(sb->sel_ty) && (u >> (bits - 1))) u |= ~mask;
  return (int64_t)u;
}

/* A label starts a new IrCase, unless the current one is still empty:
 * then both labels share it ("case 1: case 2: ..."). */
static void switch_label(Lower *L, SwitchBuilder *sb, Node *label) {
  IrCase *c = sb->cur;
  if (!c || c->body.first) {
    finish_case(sb);
    if (sb->sw->case_count >= sb->cap) ICE("more switch labels than counted");
    c = &sb->sw->cases[sb->sw->case_count++];
    sb->cur = c;
  }
  if (label->is_default) c->is_default = true;
  else case_add_value(L, c, case_value(sb, label->ival));
}

static void switch_stmt(Lower *L, SwitchBuilder *sb, Node *s) {
  if (s->kind == ND_CASE) {
    switch_label(L, sb, s);
    if (s->then) switch_stmt(L, sb, s->then);
    return;
  }
  if (!sb->cur) {
    declare_dead(L, s);  /* before the first label: never runs */
    return;
  }
  L->b.block = &sb->cur->body;
  if (block_ended(L)) declare_dead(L, s);
  else lower_stmt(L, s);
}

static void lower_switch(Lower *L, Node *n) {
  IrInst *sel = lower_expr(L, n->cond);
  if (!sel) return;
  if (!ir_type_is_int(sel->ty)) sel = lower_coerce(L, sel, scalar(L, IRT_I32));
  int labels = 0;
  for (Node *c = n->case_next; c; c = c->case_next) labels++;
  SwitchBuilder sb = {ir_emit_switch(&L->b, sel, labels), NULL, labels, sel->ty};
  sb.sw->case_count = 0;
  IrBlock *after = L->b.block;
  L->switch_depth++;
  if (n->then && n->then->kind == ND_BLOCK)
    for (Node *s = n->then->body; s; s = s->next) switch_stmt(L, &sb, s);
  else if (n->then)
    switch_stmt(L, &sb, n->then);
  L->switch_depth--;
  finish_case(&sb);
  if (sb.sw->case_count) sb.sw->cases[sb.sw->case_count - 1].falls_through = false;
  L->b.block = after;
}

/* ---- the dispatcher ----------------------------------------------------------------- */

static void lower_return(Lower *L, Node *n) {
  IrFunc *f = L->b.f;
  if (f->ret->kind == IRT_VOID) {
    if (n->lhs) lower_expr(L, n->lhs);  /* return f(); in a void function */
    ir_emit_return(&L->b, NULL);
    return;
  }
  IrInst *v = n->lhs ? lower_expr(L, n->lhs) : NULL;
  v = v ? lower_coerce(L, v, f->ret) : ir_emit_undef(&L->b, f->ret);
  ir_emit_return(&L->b, v);
}

void lower_stmt(Lower *L, Node *n) {
  if (!n) return;
  Loc saved = L->b.loc;
  L->b.loc = n->loc;
  switch (n->kind) {
  case ND_BLOCK: lower_list(L, n->body); break;
  case ND_EXPR_STMT: lower_expr(L, n->lhs); break;
  case ND_DECL: lower_decl(L, n); break;
  case ND_IF: lower_if(L, n); break;
  case ND_FOR: lower_for(L, n); break;
  case ND_DO: lower_do(L, n); break;
  case ND_SWITCH: lower_switch(L, n); break;
  case ND_CASE:
    diag_unsupported(L->d, n->loc, "a case label inside a nested statement of its switch");
    break;
  case ND_BREAK: ir_emit_jump(&L->b, IR_BREAK); break;
  case ND_CONTINUE: ir_emit_jump(&L->b, IR_CONTINUE); break;
  case ND_RETURN: lower_return(L, n); break;
  case ND_GOTO: case ND_LABEL: diag_unsupported(L->d, n->loc, "goto in device code"); break;
  case ND_NULL_STMT: break;
  case ND_ASM: lower_asm(L, n); break;
  default:
    if (n->kind < ND_BLOCK) {  /* an expression where a statement goes */
      lower_expr(L, n);
      break;
    }
    ICE("lower_stmt: node kind %d", (int)n->kind);
  }
  L->b.loc = saved;
}
