/* ir_verify.c: checks the invariants of ir.h after lowering and after each
 * pass: operand types consistent per op, values defined before use in an
 * enclosing block, break/continue inside a loop or switch, IR_BREAK_IF only
 * last in a continuing block, non-void functions end in a return.
 * Problems are reported as internal errors (the IR is ours, not the user's);
 * it changes nothing. */
#include "ir.h"

#include <stdio.h>
#include <stdlib.h>

typedef struct Verifier {
  const IrModule *m;
  const IrFunc *f;
  const char *after;
  Diag *d;
  int problems;
  const IrInst **defined;  /* by id: the instruction in scope, else NULL */
  int loops, switches;     /* enclosing constructs */
  bool in_continuing;      /* directly or nested in a continuing block */
} Verifier;

static void fail(Verifier *v, const IrInst *i, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));

static void fail(Verifier *v, const IrInst *i, const char *fmt, ...) {
  char msg[256];
  va_list ap;
  va_start(ap, fmt);
  vsnprintf(msg, sizeof msg, fmt, ap);
  va_end(ap);
  v->problems++;
  Loc loc = i ? i->loc : (v->f ? v->f->loc : (Loc){0});
  diag_error(v->d, loc,
             "internal compiler error: invalid IR after %s in @%s: %s%s%s",
             v->after, v->f ? v->f->name : "?", i ? ir_op_name(i->op) : "",
             i ? ": " : "", msg);
}

static bool is_ptr(const IrType *t) { return t->kind == IRT_PTR; }
static bool is_int(const IrType *t) { return ir_type_is_int(t); }
static bool is_num(const IrType *t) {
  return ir_type_is_int(t) || ir_type_is_float(t);
}
static bool is_scalar(const IrType *t) {
  return t->kind >= IRT_BOOL && t->kind <= IRT_PTR;
}

static void want(Verifier *v, const IrInst *i, bool ok, const char *what) {
  if (!ok) fail(v, i, "%s", what);
}

static void want_args(Verifier *v, const IrInst *i, int n) {
  if (i->arg_count != n) fail(v, i, "expected %d operands, got %d", n, i->arg_count);
}

static void check_block(Verifier *v, const IrBlock *b, bool continuing);

static void check_arith(Verifier *v, const IrInst *i) {
  bool unary = i->op == IR_NEG || i->op == IR_NOT;
  want_args(v, i, unary ? 1 : 2);
  if (i->arg_count != (unary ? 1 : 2)) return;
  for (int k = 0; k < i->arg_count; k++)
    want(v, i, ir_type_equal(i->args[k]->ty, i->ty), "operand type differs from result type");
  const IrType *t = i->ty;
  switch (i->op) {
  case IR_ADD: case IR_SUB: case IR_MUL: case IR_DIV: case IR_NEG:
    want(v, i, is_num(t), "needs a numeric type");
    break;
  case IR_AND: case IR_OR: case IR_XOR: case IR_NOT:
    want(v, i, is_int(t) || t->kind == IRT_BOOL, "needs an integer or bool type");
    break;
  default:  /* REM, SHL, SHR */
    want(v, i, is_int(t), "needs an integer type");
    break;
  }
}

static void check_compare(Verifier *v, const IrInst *i) {
  want_args(v, i, 2);
  if (i->arg_count != 2) return;
  want(v, i, i->ty->kind == IRT_BOOL, "comparison result must be bool");
  want(v, i, ir_type_equal(i->args[0]->ty, i->args[1]->ty) ||
                 (is_ptr(i->args[0]->ty) && is_ptr(i->args[1]->ty)),
       "operands of different types");
  want(v, i, is_scalar(i->args[0]->ty), "operands must be scalars");
}

static void check_memory(Verifier *v, const IrInst *i) {
  const IrType *p = i->arg_count ? i->args[0]->ty : NULL;
  if (!p || !is_ptr(p)) {
    fail(v, i, "first operand must be a pointer");
    return;
  }
  switch (i->op) {
  case IR_LOAD:
    want(v, i, ir_type_equal(p->elem, i->ty), "result type differs from pointee");
    break;
  case IR_STORE:
    want_args(v, i, 2);
    if (i->arg_count == 2)
      want(v, i, ir_type_equal(p->elem, i->args[1]->ty), "stored value type differs from pointee");
    break;
  case IR_PTR_ADD:
    want_args(v, i, 2);
    if (i->arg_count == 2) want(v, i, is_int(i->args[1]->ty), "index must be an integer");
    want(v, i, ir_type_equal(p, i->ty), "result type differs from the pointer");
    break;
  case IR_PTR_DIFF:
    want(v, i, i->arg_count == 2 && is_ptr(i->args[1]->ty), "needs two pointers");
    want(v, i, i->ty->kind == IRT_I64, "result must be i64");
    break;
  case IR_MEMBER_PTR:
    if (p->elem->kind != IRT_STRUCT || i->field < 0 || i->field >= p->elem->field_count) {
      fail(v, i, "not a pointer to a struct with field %d", i->field);
      break;
    }
    want(v, i, is_ptr(i->ty) && ir_type_equal(i->ty->elem, p->elem->fields[i->field].ty),
         "result is not a pointer to the field's type");
    break;
  case IR_DECAY:
    want(v, i, p->elem->kind == IRT_ARRAY && is_ptr(i->ty) &&
                   ir_type_equal(i->ty->elem, p->elem->elem),
         "needs a pointer to an array and gives a pointer to its element");
    break;
  case IR_PTR_CAST: want(v, i, is_ptr(i->ty), "result must be a pointer"); break;
  case IR_PTR_TO_INT: want(v, i, is_int(i->ty), "result must be an integer"); break;
  case IR_MEMCPY: case IR_MEMSET:
    want_args(v, i, 3);
    if (i->arg_count == 3)
      want(v, i, (i->op == IR_MEMSET ? is_int(i->args[1]->ty) : is_ptr(i->args[1]->ty)) &&
                     is_int(i->args[2]->ty),
           "bad operand types");
    break;
  default:
    ICE("check_memory on %s", ir_op_name(i->op));
  }
}

static void check_call(Verifier *v, const IrInst *i) {
  const IrFunc *c = i->callee;
  if (!c) {
    fail(v, i, "no callee");
    return;
  }
  want(v, i, !c->is_kernel, "calls a kernel");
  if (i->arg_count != c->param_count) {
    fail(v, i, "@%s takes %d arguments, got %d", c->name, c->param_count, i->arg_count);
    return;
  }
  for (int k = 0; k < i->arg_count; k++)
    if (!ir_type_equal(i->args[k]->ty, c->params[k]))
      fail(v, i, "argument %d of @%s has the wrong type", k, c->name);
  want(v, i, ir_type_equal(i->ty, c->ret), "result type differs from the callee's");
}

static void check_intrinsic(Verifier *v, const IrInst *i) {
  if (i->intrinsic <= IN_NONE || i->intrinsic >= IN_COUNT) {
    fail(v, i, "bad intrinsic id %d", (int)i->intrinsic);
    return;
  }
  IrModule *m = (IrModule *)v->m;  /* types are interned: lookups may add */
  int n = ir_intrinsic_arg_count(i->intrinsic);
  /* a device-side launch carries the kernel's arguments after its 8 */
  bool more = i->intrinsic == IN_CDP_LAUNCH && i->callee &&
              i->arg_count == n + i->callee->param_count;
  if (i->arg_count != n && !more) {
    fail(v, i, "%s takes %d arguments", ir_intrinsic_name(i->intrinsic), n);
    return;
  }
  for (int k = 0; k < n; k++)
    if (!ir_type_equal(i->args[k]->ty, ir_intrinsic_arg_type(m, i->intrinsic, k)))
      fail(v, i, "argument %d of %s has the wrong type", k, ir_intrinsic_name(i->intrinsic));
  want(v, i, ir_type_equal(i->ty, ir_intrinsic_ret_type(m, i->intrinsic)),
       "result type differs from the signature");
}

static void check_control(Verifier *v, const IrInst *i, bool continuing) {
  switch (i->op) {
  case IR_IF:
    want(v, i, i->arg_count == 1 && i->args[0]->ty->kind == IRT_BOOL, "condition must be bool");
    check_block(v, &i->blocks[0], false);
    check_block(v, &i->blocks[1], false);
    break;
  case IR_LOOP: {
    v->loops++;
    bool saved = v->in_continuing;
    v->in_continuing = false;
    check_block(v, &i->blocks[0], false);
    v->in_continuing = true;
    check_block(v, &i->blocks[1], true);
    v->in_continuing = saved;
    v->loops--;
    break;
  }
  case IR_SWITCH:
    want(v, i, i->arg_count == 1 && is_int(i->args[0]->ty), "selector must be an integer");
    v->switches++;
    for (int c = 0; c < i->case_count; c++) check_block(v, &i->cases[c].body, false);
    v->switches--;
    break;
  case IR_BREAK:
    want(v, i, v->loops + v->switches > 0, "outside a loop or switch");
    want(v, i, !v->in_continuing || v->switches > 0, "in a continuing block");
    break;
  case IR_CONTINUE:
    want(v, i, v->loops > 0 && !v->in_continuing, "outside a loop body");
    break;
  case IR_BREAK_IF:
    want(v, i, continuing && i->next == NULL, "not last in a continuing block");
    want(v, i, i->arg_count == 1 && i->args[0]->ty->kind == IRT_BOOL, "condition must be bool");
    break;
  case IR_RETURN:
    if (v->f->ret->kind == IRT_VOID) want(v, i, i->arg_count == 0, "value returned from a void function");
    else want(v, i, i->arg_count == 1 && ir_type_equal(i->args[0]->ty, v->f->ret),
              "returned value has the wrong type");
    break;
  default:
    ICE("check_control on %s", ir_op_name(i->op));
  }
}

static void check_value_op(Verifier *v, const IrInst *i) {
  switch (i->op) {
  case IR_CONST:
    want(v, i, is_scalar(i->ty), "constant of a non-scalar type");
    break;
  case IR_UNDEF:
    want(v, i, i->ty->kind != IRT_VOID, "void undef");
    break;
  case IR_PARAM:
    want(v, i, i->imm >= 0 && i->imm < v->f->param_count &&
                   ir_type_equal(i->ty, v->f->params[i->imm]),
         "bad parameter index or type");
    break;
  case IR_LOCAL:
    fail(v, i, "a local slot inside a block");
    break;
  case IR_GLOBAL:
    want(v, i, i->global && is_ptr(i->ty) && ir_type_equal(i->ty->elem, i->global->ty),
         "not a pointer to its global");
    break;
  case IR_STRING:
    want(v, i, i->str && i->str_len > 0 && is_ptr(i->ty), "bad string");
    break;
  case IR_CONV:
    want(v, i, i->arg_count == 1 && (is_num(i->args[0]->ty) || i->args[0]->ty->kind == IRT_BOOL) &&
                   (is_num(i->ty) || i->ty->kind == IRT_BOOL),
         "needs numeric or bool types");
    break;
  case IR_BITCAST:
    want(v, i, i->arg_count == 1 && is_scalar(i->ty) && is_scalar(i->args[0]->ty) &&
                   i->ty->size == i->args[0]->ty->size,
         "needs scalars of one size");
    break;
  case IR_INT_TO_PTR:
    want(v, i, i->arg_count == 1 && is_int(i->args[0]->ty) && is_ptr(i->ty), "needs int -> pointer");
    break;
  case IR_SELECT:
    want(v, i, i->arg_count == 3 && i->args[0]->ty->kind == IRT_BOOL &&
                   ir_type_equal(i->args[1]->ty, i->ty) && ir_type_equal(i->args[2]->ty, i->ty),
         "needs bool, then two values of the result type");
    break;
  case IR_PRINTF:
    want(v, i, i->arg_count >= 1 && i->args[0]->op == IR_STRING, "format is not a string");
    break;
  case IR_THREAD_IDX: case IR_BLOCK_IDX: case IR_BLOCK_DIM: case IR_GRID_DIM:
    want(v, i, i->imm >= 0 && i->imm <= 2 && i->ty->kind == IRT_U32, "needs component 0..2 and u32");
    break;
  case IR_DYN_SHARED:
    want(v, i, is_ptr(i->ty), "must be a pointer");
    break;
  case IR_BARRIER: case IR_TRAP:
    break;
  default:
    ICE("check_value_op on %s", ir_op_name(i->op));
  }
}

static void check_inst(Verifier *v, const IrInst *i, bool continuing) {
  for (int k = 0; k < i->arg_count; k++) {
    const IrInst *a = i->args[k];
    bool ok = a && a->id < v->f->next_id && v->defined[a->id] == a;
    if (!ok) fail(v, i, "operand %d is not defined in an enclosing block", k);
    if (a && a->ty->kind == IRT_VOID) fail(v, i, "operand %d has no value", k);
  }
  if (!i->ty) {
    fail(v, i, "no type");
    return;
  }
  switch (i->op) {
  case IR_ADD: case IR_SUB: case IR_MUL: case IR_DIV: case IR_REM:
  case IR_AND: case IR_OR: case IR_XOR: case IR_SHL: case IR_SHR:
  case IR_NEG: case IR_NOT:
    check_arith(v, i);
    break;
  case IR_EQ: case IR_NE: case IR_LT: case IR_LE: case IR_GT: case IR_GE:
    check_compare(v, i);
    break;
  case IR_LOAD: case IR_STORE: case IR_PTR_ADD: case IR_PTR_DIFF:
  case IR_MEMBER_PTR: case IR_DECAY: case IR_PTR_CAST: case IR_PTR_TO_INT:
  case IR_MEMCPY: case IR_MEMSET:
    check_memory(v, i);
    break;
  case IR_CALL: check_call(v, i); break;
  case IR_INTRINSIC: check_intrinsic(v, i); break;
  case IR_IF: case IR_LOOP: case IR_SWITCH: case IR_BREAK: case IR_BREAK_IF:
  case IR_CONTINUE: case IR_RETURN:
    check_control(v, i, continuing);
    break;
  default:
    check_value_op(v, i);
    break;
  }
}

static void check_block(Verifier *v, const IrBlock *b, bool continuing) {
  const IrInst *prev = NULL;
  for (const IrInst *i = b->first; i; prev = i, i = i->next) {
    if (i->parent != b || i->prev != prev) fail(v, i, "broken block links");
    if (i->id >= v->f->next_id) {
      fail(v, i, "id %u out of range", i->id);
      continue;
    }
    if (v->defined[i->id]) fail(v, i, "id %u defined twice", i->id);
    check_inst(v, i, continuing);
    v->defined[i->id] = i;
  }
  if (b->last != prev) fail(v, NULL, "broken block tail");
  /* Leaving the block: its values go out of scope. */
  for (const IrInst *i = b->first; i; i = i->next)
    if (i->id < v->f->next_id && v->defined[i->id] == i) v->defined[i->id] = NULL;
}

static void check_func(Verifier *v, const IrFunc *f) {
  v->f = f;
  v->defined = calloc(f->next_id + 1, sizeof *v->defined);
  if (!v->defined) ICE("out of memory");
  for (int i = 0; i < f->local_count; i++) {
    const IrInst *l = f->locals[i];
    if (l->op != IR_LOCAL || !is_ptr(l->ty) || l->id >= f->next_id)
      fail(v, l, "bad local slot %d", i);
    else v->defined[l->id] = l;
  }
  if (f->is_kernel && f->ret->kind != IRT_VOID) fail(v, NULL, "kernel returns a value");
  check_block(v, &f->body, false);
  if (f->ret->kind != IRT_VOID && !ir_block_terminates(&f->body))
    fail(v, NULL, "non-void function can reach its end without a return");
  free(v->defined);
  v->defined = NULL;
}

int ir_verify(const IrModule *m, const char *after_pass, Diag *d) {
  Verifier v = {.m = m, .after = after_pass ? after_pass : "?", .d = d};
  for (int i = 0; i < m->funcs.len; i++) check_func(&v, m->funcs.data[i]);
  for (int i = 0; i < m->globals.len; i++) {
    const IrGlobal *g = m->globals.data[i];
    if (g->space == IRS_SHARED && g->init)
      fail(&v, NULL, "__shared__ global @%s has an initializer", g->name);
  }
  return v.problems;
}
