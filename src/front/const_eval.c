/* const_eval.c: calls of constexpr functions in constant expressions
 * (C++17 [expr.const]): a small interpreter over the typed AST of the
 * callee: integer and floating scalars, locals, if/for/while/do/switch-free
 * bodies with break/continue/return, and calls of other constexpr
 * functions, with recursion depth and step limits. Anything else (memory,
 * pointers, non-constexpr calls) makes the call non-constant; the caller
 * (sema.c eval_rec) then reports as for any non-constant expression. */
#include "parse_internal.h"

#include <string.h>

enum { CE_MAX_DEPTH = 512, CE_MAX_STEPS = 1 << 20 };

typedef struct CeVal {
  bool is_float;
  int64_t i;
  double f;
} CeVal;

typedef struct CeFrame {
  Vec(Obj *) objs;    /* parameters and locals of the running call */
  Vec(CeVal) vals;
} CeFrame;

typedef struct Ce {
  Parser *p;
  CeFrame *fr;
  int depth;          /* nested calls */
  long steps;         /* statements and expressions run, bounded */
  CeVal ret;          /* the value of the last return */
} Ce;

typedef enum { CE_NEXT, CE_BREAK, CE_CONTINUE, CE_RETURN, CE_FAIL } CeFlow;

static bool ce_expr(Ce *c, Node *n, CeVal *out);

/* v as a value of type t: integers wrap to t's width, floats round to t. */
static CeVal ce_convert(CeVal v, Type *t) {
  t = type_unqual(t);
  if (t->kind == TY_ENUM && t->base) t = type_unqual(t->base);
  CeVal r = {0};
  if (type_is_flonum(t)) {
    double d = v.is_float ? v.f : (double)v.i;
    r.is_float = true;
    r.f = t->kind == TY_FLOAT ? (double)(float)d : d;
    return r;
  }
  int64_t x = v.i;
  if (v.is_float) x = v.f >= 9.2e18 ? (int64_t)(uint64_t)v.f : (int64_t)v.f;
  if (t->kind == TY_BOOL) r.i = v.is_float ? v.f != 0 : x != 0;
  else if (t->size == 1) r.i = t->is_unsigned ? (int64_t)(uint8_t)x : (int64_t)(int8_t)x;
  else if (t->size == 2) r.i = t->is_unsigned ? (int64_t)(uint16_t)x : (int64_t)(int16_t)x;
  else if (t->size == 4) r.i = t->is_unsigned ? (int64_t)(uint32_t)x : (int64_t)(int32_t)x;
  else r.i = x;
  return r;
}

static CeVal *ce_slot(Ce *c, Obj *o) {
  for (int i = c->fr->objs.len - 1; i >= 0; i--)
    if (c->fr->objs.data[i] == o) return &c->fr->vals.data[i];
  return NULL;
}

static void ce_bind(Ce *c, Obj *o, CeVal v) {
  CeVal *s = ce_slot(c, o);
  if (s) { *s = v; return; }
  vec_push(c->p->arena, &c->fr->objs, o);
  vec_push(c->p->arena, &c->fr->vals, v);
}

static bool ce_int_op(NodeKind k, Type *t, int64_t a, int64_t b, int64_t *r) {
  bool u = type_unqual(t)->is_unsigned;
  uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
  switch (k) {
  case ND_ADD: *r = (int64_t)(ua + ub); return true;
  case ND_SUB: *r = (int64_t)(ua - ub); return true;
  case ND_MUL: *r = (int64_t)(ua * ub); return true;
  case ND_DIV: case ND_MOD:
    if (b == 0 || (!u && a == INT64_MIN && b == -1)) return false;
    *r = k == ND_DIV ? (u ? (int64_t)(ua / ub) : a / b) : (u ? (int64_t)(ua % ub) : a % b);
    return true;
  case ND_BITAND: *r = a & b; return true;
  case ND_BITOR: *r = a | b; return true;
  case ND_BITXOR: *r = a ^ b; return true;
  case ND_SHL: if (ub >= 64) return false; *r = (int64_t)(ua << ub); return true;
  case ND_SHR:
    if (ub >= 64) return false;
    *r = u ? (int64_t)(ua >> ub) : (a < 0 ? ~(~a >> ub) : a >> ub);
    return true;
  case ND_EQ: *r = a == b; return true;
  case ND_NE: *r = a != b; return true;
  case ND_LT: *r = u ? ua < ub : a < b; return true;
  case ND_LE: *r = u ? ua <= ub : a <= b; return true;
  case ND_GT: *r = u ? ua > ub : a > b; return true;
  case ND_GE: *r = u ? ua >= ub : a >= b; return true;
  default: return false;
  }
}

/* a op b with operands of type ot, the result of type rt. */
static bool ce_arith(NodeKind k, Type *ot, Type *rt, CeVal a, CeVal b, CeVal *out) {
  memset(out, 0, sizeof *out);
  if (type_is_flonum(ot)) {
    double x = a.is_float ? a.f : (double)a.i, y = b.is_float ? b.f : (double)b.i, r;
    switch (k) {
    case ND_ADD: r = x + y; break;
    case ND_SUB: r = x - y; break;
    case ND_MUL: r = x * y; break;
    case ND_DIV: r = x / y; break;
    case ND_EQ: out->i = x == y; return true;
    case ND_NE: out->i = x != y; return true;
    case ND_LT: out->i = x < y; return true;
    case ND_LE: out->i = x <= y; return true;
    case ND_GT: out->i = x > y; return true;
    case ND_GE: out->i = x >= y; return true;
    default: return false;
    }
    *out = ce_convert((CeVal){true, 0, r}, rt);
    return true;
  }
  if (!type_is_integer(ot) || a.is_float || b.is_float) return false;
  int64_t r;
  if (!ce_int_op(k, ot, a.i, b.i, &r)) return false;
  *out = ce_convert((CeVal){false, r, 0}, rt);
  return true;
}

static bool ce_call(Ce *c, Node *n, CeVal *out);

/* The local variable an assignment writes, or NULL. */
static CeVal *ce_lvalue(Ce *c, Node *n) {
  if (n->kind != ND_VAR || !type_is_arith(n->ty)) return NULL;
  return ce_slot(c, n->obj);
}

static bool ce_assign(Ce *c, Node *n, CeVal *out) {
  CeVal *s = ce_lvalue(c, n->lhs), r;
  if (!s) return false;
  if (n->kind == ND_ASSIGN) {
    if (!ce_expr(c, n->rhs, &r)) return false;
    *s = *out = ce_convert(r, n->lhs->ty);
    return true;
  }
  Type *ot = n->op_ty ? n->op_ty : n->lhs->ty;
  CeVal v;
  if (!ce_expr(c, n->rhs, &r) || !ce_arith(n->op, ot, ot, ce_convert(*s, ot), ce_convert(r, ot), &v))
    return false;
  *s = *out = ce_convert(v, n->lhs->ty);
  return true;
}

static bool ce_incdec(Ce *c, Node *n, CeVal *out) {
  CeVal *s = ce_lvalue(c, n->lhs), one = {false, 1, 0}, v;
  if (!s) return false;
  bool inc = n->kind == ND_PRE_INC || n->kind == ND_POST_INC;
  CeVal old = *s;
  if (!ce_arith(inc ? ND_ADD : ND_SUB, n->lhs->ty, n->lhs->ty, old, ce_convert(one, n->lhs->ty), &v))
    return false;
  *s = v;
  *out = n->kind == ND_POST_INC || n->kind == ND_POST_DEC ? old : v;
  return true;
}

static bool ce_unary(Ce *c, Node *n, CeVal *out) {
  CeVal a;
  if (!ce_expr(c, n->lhs, &a)) return false;
  memset(out, 0, sizeof *out);
  if (n->kind == ND_NOT) { out->i = a.is_float ? a.f == 0 : a.i == 0; return true; }
  if (a.is_float) {
    if (n->kind != ND_NEG) return false;
    *out = ce_convert((CeVal){true, 0, -a.f}, n->ty);
    return true;
  }
  int64_t r = n->kind == ND_NEG ? (int64_t)(0 - (uint64_t)a.i) : ~a.i;
  *out = ce_convert((CeVal){false, r, 0}, n->ty);
  return true;
}

static bool ce_expr_kind(Ce *c, Node *n, CeVal *out) {
  CeVal a, b;
  switch (n->kind) {
  case ND_NUM:
    if (!type_is_arith(n->ty)) return false;
    *out = type_is_flonum(n->ty) ? (CeVal){true, 0, n->fval} : (CeVal){false, n->ival, 0};
    return true;
  case ND_VAR: {
    CeVal *s = ce_slot(c, n->obj);
    if (s) { *out = *s; return true; }
    bool f;
    if (n->obj->is_local || !eval_const(c->p, n, &out->i, &out->f, &f)) return false;
    out->is_float = f;
    return true;
  }
  case ND_CAST:
    if (!type_is_arith(n->ty) || !ce_expr(c, n->lhs, &a)) return false;
    *out = ce_convert(a, n->ty);
    return true;
  case ND_ADD: case ND_SUB: case ND_MUL: case ND_DIV: case ND_MOD:
  case ND_BITAND: case ND_BITOR: case ND_BITXOR: case ND_SHL: case ND_SHR:
  case ND_EQ: case ND_NE: case ND_LT: case ND_LE: case ND_GT: case ND_GE:
    return ce_expr(c, n->lhs, &a) && ce_expr(c, n->rhs, &b) &&
           ce_arith(n->kind, n->lhs->ty, n->ty, a, b, out);
  case ND_LOGAND: case ND_LOGOR: {
    if (!ce_expr(c, n->lhs, &a)) return false;
    bool l = a.is_float ? a.f != 0 : a.i != 0;
    memset(out, 0, sizeof *out);
    if (l != (n->kind == ND_LOGAND)) { out->i = l; return true; }
    if (!ce_expr(c, n->rhs, &b)) return false;
    out->i = b.is_float ? b.f != 0 : b.i != 0;
    return true;
  }
  case ND_NEG: case ND_BITNOT: case ND_NOT: return ce_unary(c, n, out);
  case ND_COND:
    if (!ce_expr(c, n->cond, &a)) return false;
    return ce_expr(c, (a.is_float ? a.f != 0 : a.i != 0) ? n->then : n->els, out);
  case ND_COMMA: return ce_expr(c, n->lhs, &a) && ce_expr(c, n->rhs, out);
  case ND_ASSIGN: case ND_COMPOUND_ASSIGN: return ce_assign(c, n, out);
  case ND_PRE_INC: case ND_PRE_DEC: case ND_POST_INC: case ND_POST_DEC: return ce_incdec(c, n, out);
  case ND_CALL: return ce_call(c, n, out);
  default: return false;
  }
}

static bool ce_expr(Ce *c, Node *n, CeVal *out) {
  memset(out, 0, sizeof *out);
  if (!n || ++c->steps > CE_MAX_STEPS || is_err(c->p, n)) return false;
  return ce_expr_kind(c, n, out);
}

static CeFlow ce_stmt(Ce *c, Node *n);

static bool ce_truth(Ce *c, Node *cond, bool *t) {
  CeVal v;
  if (!cond) { *t = true; return true; }
  if (!ce_expr(c, cond, &v)) return false;
  *t = v.is_float ? v.f != 0 : v.i != 0;
  return true;
}

/* for/while (ND_FOR) and do (ND_DO) */
static CeFlow ce_loop(Ce *c, Node *n) {
  CeVal v;
  bool t;
  if (n->kind == ND_FOR && n->init && ce_stmt(c, n->init) != CE_NEXT) return CE_FAIL;
  for (;;) {
    if (n->kind == ND_FOR) {
      if (!ce_truth(c, n->cond, &t)) return CE_FAIL;
      if (!t) return CE_NEXT;
    }
    CeFlow f = ce_stmt(c, n->then);
    if (f == CE_BREAK) return CE_NEXT;
    if (f == CE_RETURN || f == CE_FAIL) return f;
    if (n->kind == ND_DO) {
      if (!ce_truth(c, n->cond, &t)) return CE_FAIL;
      if (!t) return CE_NEXT;
    } else if (n->inc && !ce_expr(c, n->inc, &v)) {
      return CE_FAIL;
    }
  }
}

static CeFlow ce_decl(Ce *c, Node *n) {
  Obj *o = n->obj;
  if (o->is_function) return CE_NEXT;
  if (!type_is_arith(o->ty) || o->is_static || o->space == AS_SHARED) return CE_FAIL;
  CeVal v = {0};
  if (o->init && o->init->kind != ND_ZERO_INIT) {
    Node *init = o->init;
    if (init->kind == ND_INIT_LIST) init = init->args;
    if (!init || !ce_expr(c, init, &v)) return CE_FAIL;
  }
  ce_bind(c, o, ce_convert(v, o->ty));
  return CE_NEXT;
}

static CeFlow ce_stmt(Ce *c, Node *n) {
  CeVal v;
  bool t;
  if (!n) return CE_NEXT;
  if (++c->steps > CE_MAX_STEPS) return CE_FAIL;
  switch (n->kind) {
  case ND_BLOCK:
    for (Node *s = n->body; s; s = s->next) {
      CeFlow f = ce_stmt(c, s);
      if (f != CE_NEXT) return f;
    }
    return CE_NEXT;
  case ND_EXPR_STMT: return ce_expr(c, n->lhs, &v) ? CE_NEXT : CE_FAIL;
  case ND_DECL: return ce_decl(c, n);
  case ND_IF:
    if (!ce_truth(c, n->cond, &t)) return CE_FAIL;
    return ce_stmt(c, t ? n->then : n->els);
  case ND_FOR: case ND_DO: return ce_loop(c, n);
  case ND_BREAK: return CE_BREAK;
  case ND_CONTINUE: return CE_CONTINUE;
  case ND_RETURN:
    if (!n->lhs || !ce_expr(c, n->lhs, &c->ret)) return CE_FAIL;
    return CE_RETURN;
  case ND_NULL_STMT: return CE_NEXT;
  default: return CE_FAIL;  /* switch, asm, ...: not evaluated */
  }
}

/* A call of a constexpr function with constant arguments. */
static bool ce_call(Ce *c, Node *n, CeVal *out) {
  Obj *fn = n->obj;
  if (!fn || n->lhs || !fn->is_constexpr || !fn->body || c->depth >= CE_MAX_DEPTH ||
      !type_is_arith(n->ty))
    return false;
  CeFrame fr = {0}, *saved = c->fr;
  Obj *param = fn->params;
  for (Node *a = n->args; a; a = a->next, param = param->next) {
    CeVal v;
    if (!param || !type_is_arith(param->ty) || !ce_expr(c, a, &v)) return false;
    vec_push(c->p->arena, &fr.objs, param);
    vec_push(c->p->arena, &fr.vals, ce_convert(v, param->ty));
  }
  if (param) return false;
  c->fr = &fr;
  c->depth++;
  CeFlow f = ce_stmt(c, fn->body);
  c->depth--;
  c->fr = saved;
  if (f != CE_RETURN) return false;
  *out = ce_convert(c->ret, n->ty);
  return true;
}

bool const_eval_call(Parser *p, Node *call, int64_t *iv, double *fv, bool *is_float) {
  CeFrame top = {0};
  Ce c = {.p = p, .fr = &top};
  CeVal v;
  if (!ce_call(&c, call, &v)) return false;
  *iv = v.i;
  *fv = v.f;
  *is_float = v.is_float;
  return true;
}
