/* lower_expr.c: AST expressions -> IR values. Lvalues lower to addresses
 * (lower_addr), rvalues to loaded values (lower_expr); &&, || and ?: with
 * side effects become IR_IF on a temporary slot; compound assignments and
 * ++/-- evaluate their lvalue once. Relies on the parser's explicit
 * conversions (ast.h); only pointer address spaces are reconciled here.
 * Statements are in lower_stmt.c. */
#include "lower_internal.h"

#include <string.h>

static IrType *ty_of(Lower *L, Node *n) { return lower_type(L, n->ty, n->loc); }
static IrType *scalar(Lower *L, IrTypeKind k) { return ir_type_scalar(L->m, k); }

/* A stand-in value after an error, so that lowering goes on. */
static IrInst *poison(Lower *L, Node *n) {
  IrType *t = ty_of(L, n);
  return t->kind == IRT_VOID ? NULL : ir_emit_undef(&L->b, t);
}

IrInst *lower_zero(Lower *L, IrType *t) {
  if (t->kind == IRT_ARRAY || t->kind == IRT_STRUCT) return ir_emit_undef(&L->b, t);
  if (ir_type_is_float(t)) return ir_emit_const_float(&L->b, t, 0.0);
  return ir_emit_const_int(&L->b, t, 0);
}

/* Reconciles representation differences the AST does not show: pointer
 * address spaces, and (defensively) numeric types. */
IrInst *lower_coerce(Lower *L, IrInst *v, IrType *to) {
  if (!v || ir_type_equal(v->ty, to)) return v;
  if (v->ty->kind == IRT_PTR && to->kind == IRT_PTR) return ir_emit_ptr_cast(&L->b, to, v);
  bool from_num = ir_type_is_int(v->ty) || ir_type_is_float(v->ty) || v->ty->kind == IRT_BOOL;
  bool to_num = ir_type_is_int(to) || ir_type_is_float(to) || to->kind == IRT_BOOL;
  if (from_num && to_num) return ir_emit_conv(&L->b, to, v);
  if (v->ty->kind == IRT_PTR && ir_type_is_int(to)) return ir_emit_unary(&L->b, IR_PTR_TO_INT, to, v);
  if (ir_type_is_int(v->ty) && to->kind == IRT_PTR) return ir_emit_unary(&L->b, IR_INT_TO_PTR, to, v);
  return v;  /* aggregates of one AST type; ir_verify reports anything else */
}

IrInst *lower_to_bool(Lower *L, IrInst *v) {
  if (v->ty->kind == IRT_BOOL) return v;
  /* (int)(a < b) != 0, as C comparisons come: use the bool directly */
  if (v->op == IR_CONV && v->args[0]->ty->kind == IRT_BOOL) return v->args[0];
  IrInst *z = v->ty->kind == IRT_PTR ? ir_emit_const_int(&L->b, v->ty, 0) : lower_zero(L, v->ty);
  return ir_emit_binary(&L->b, IR_NE, v, z);
}

/* A temporary slot holding v: for members of rvalue structs and the like. */
static IrInst *materialize(Lower *L, IrInst *v, Node *n) {
  IrInst *slot = ir_new_local(L->b.f, v->ty, "tmp", n->loc);
  ir_emit_store(&L->b, slot, v);
  return slot;
}

/* Whether evaluating n unconditionally is safe and cheap: no side effects,
 * no memory access that could fault, no calls. Lets && || ?: become
 * IR_SELECT / IR_AND instead of branches. */
static bool is_pure(Node *n, int budget) {
  if (!n) return true;
  if (budget <= 0) return false;
  switch (n->kind) {
  case ND_NUM: case ND_BUILTIN_VAR: case ND_ZERO_INIT:
    return true;
  case ND_VAR:
    return n->obj->is_local && !n->obj->is_static && !n->ty->is_volatile &&
           n->ty->kind != TY_ARRAY && n->ty->kind != TY_STRUCT && n->ty->kind != TY_UNION;
  case ND_ADD: case ND_SUB: case ND_MUL: case ND_BITAND: case ND_BITOR:
  case ND_BITXOR: case ND_SHL: case ND_SHR: case ND_EQ: case ND_NE: case ND_LT:
  case ND_LE: case ND_GT: case ND_GE: case ND_DIV: case ND_MOD:
    return is_pure(n->lhs, budget - 1) && is_pure(n->rhs, budget - 2);
  case ND_NEG: case ND_BITNOT: case ND_NOT:
    return is_pure(n->lhs, budget - 1);
  case ND_CAST:
    return type_is_scalar(n->ty) && is_pure(n->lhs, budget - 1);
  default:
    return false;
  }
}

/* ---- addresses ---------------------------------------------------------------- */

static IrInst *lower_assign(Lower *L, Node *n, IrInst **where);
static IrInst *lower_compound_assign(Lower *L, Node *n, IrInst **where);
static IrInst *lower_incdec(Lower *L, Node *n, IrInst **where);

/* c ? a : b as an lvalue (C++), or a struct operand of '.': the address of
 * the chosen arm, so that no copy is made. */
static IrInst *lower_cond_addr(Lower *L, Node *n) {
  IrInst *c = lower_to_bool(L, lower_expr(L, n->cond));
  IrType *pt = ir_type_ptr(L->m, lower_type(L, n->ty, n->loc), IRS_GENERIC);
  IrInst *slot = ir_new_local(L->b.f, pt, "lvalue", n->loc);
  IrInst *iff = ir_emit_if(&L->b, c);
  IrBlock *after = L->b.block;
  for (int arm = 0; arm < 2; arm++) {
    L->b.block = &iff->blocks[arm];
    ir_emit_store(&L->b, slot, lower_coerce(L, lower_addr(L, arm ? n->els : n->then), pt));
  }
  L->b.block = after;
  return ir_emit_load(&L->b, slot);
}

IrInst *lower_addr(Lower *L, Node *n) {
  Loc saved = L->b.loc;
  L->b.loc = n->loc;
  IrInst *r;
  switch (n->kind) {
  case ND_VAR:
    r = lower_var_addr(L, n->obj, n->loc);
    if (!r) r = ir_emit_undef(&L->b, ir_type_ptr(L->m, ty_of(L, n), IRS_GENERIC));
    break;
  case ND_DEREF:
    r = lower_expr(L, n->lhs);
    break;
  case ND_MEMBER: {
    IrInst *base = lower_addr(L, n->lhs);
    if (n->member->is_bitfield) {
      diag_unsupported(L->d, n->loc, "a bit-field member in device code");
      r = ir_emit_undef(&L->b, ir_type_ptr(L->m, ty_of(L, n), IRS_GENERIC));
      break;
    }
    r = ir_emit_member_ptr(&L->b, base, n->member->index);
    break;
  }
  case ND_COMMA:
    lower_expr(L, n->lhs);
    r = lower_addr(L, n->rhs);
    break;
  case ND_STR:
    r = ir_emit_global(&L->b, lower_string_global(L, n->str, n->str_len, n->loc));
    break;
  case ND_COND:
    r = lower_cond_addr(L, n);
    break;
  case ND_ASSIGN:  /* C++: the result is the left operand */
    lower_assign(L, n, &r);
    break;
  case ND_COMPOUND_ASSIGN:
    lower_compound_assign(L, n, &r);
    break;
  case ND_PRE_INC: case ND_PRE_DEC:
    lower_incdec(L, n, &r);
    break;
  default: {
    IrInst *v = lower_expr(L, n);
    r = v ? materialize(L, v, n) : ir_emit_undef(&L->b, ir_type_ptr(L->m, scalar(L, IRT_I8), IRS_LOCAL));
    break;
  }
  }
  L->b.loc = saved;
  return r;
}

/* ---- operators -------------------------------------------------------------------- */

static IrOp binary_op(NodeKind k) {
  switch (k) {
  case ND_ADD: return IR_ADD;
  case ND_SUB: return IR_SUB;
  case ND_MUL: return IR_MUL;
  case ND_DIV: return IR_DIV;
  case ND_MOD: return IR_REM;
  case ND_BITAND: return IR_AND;
  case ND_BITOR: return IR_OR;
  case ND_BITXOR: return IR_XOR;
  case ND_SHL: return IR_SHL;
  case ND_SHR: return IR_SHR;
  case ND_EQ: return IR_EQ;
  case ND_NE: return IR_NE;
  case ND_LT: return IR_LT;
  case ND_LE: return IR_LE;
  case ND_GT: return IR_GT;
  case ND_GE: return IR_GE;
  default: ICE("binary_op: node kind %d", (int)k);
  }
}

/* l op r on values already of the operation's type; pointers +/- integers. */
static IrInst *apply_binary(Lower *L, NodeKind k, IrInst *l, IrInst *r, IrType *ty) {
  if (k == ND_PTR_ADD) return ir_emit_ptr_add(&L->b, l, r);
  if (k == ND_PTR_SUB) {
    IrInst *i = lower_coerce(L, r, scalar(L, IRT_I64));
    return ir_emit_ptr_add(&L->b, l, ir_emit_unary(&L->b, IR_NEG, NULL, i));
  }
  IrOp op = binary_op(k);
  if (op == IR_SHL || op == IR_SHR) {
    l = lower_coerce(L, l, ty);
    return ir_emit_binary(&L->b, op, l, lower_coerce(L, r, l->ty));
  }
  return ir_emit_binary(&L->b, op, lower_coerce(L, l, ty), lower_coerce(L, r, ty));
}

static IrInst *lower_binary(Lower *L, Node *n) {
  IrInst *l = lower_expr(L, n->lhs), *r = lower_expr(L, n->rhs);
  if (!l || !r) return poison(L, n);
  IrOp op = binary_op(n->kind);
  if (op >= IR_EQ && op <= IR_GE) {
    if (l->ty->kind == IRT_PTR || r->ty->kind == IRT_PTR) {
      if (l->ty->kind != IRT_PTR) l = lower_coerce(L, l, r->ty);
      r = lower_coerce(L, r, l->ty);
    } else {
      r = lower_coerce(L, r, l->ty);
    }
    return lower_coerce(L, ir_emit_binary(&L->b, op, l, r), ty_of(L, n));
  }
  return apply_binary(L, n->kind, l, r, ty_of(L, n));
}

/* a && b, a || b: IR_AND/IR_OR of bools when b is pure, else a branch on a
 * temporary. The result is int (C). */
static IrInst *lower_logical(Lower *L, Node *n) {
  bool is_and = n->kind == ND_LOGAND;
  IrInst *l = lower_to_bool(L, lower_expr(L, n->lhs));
  IrInst *res;
  if (is_pure(n->rhs, 8)) {
    IrInst *r = lower_to_bool(L, lower_expr(L, n->rhs));
    res = ir_emit_binary(&L->b, is_and ? IR_AND : IR_OR, l, r);
  } else {
    IrInst *slot = ir_new_local(L->b.f, scalar(L, IRT_BOOL), is_and ? "and" : "or", n->loc);
    ir_emit_store(&L->b, slot, l);
    IrInst *c = is_and ? l : ir_emit_unary(&L->b, IR_NOT, NULL, l);
    IrInst *iff = ir_emit_if(&L->b, c);
    IrBlock *after = L->b.block;
    L->b.block = &iff->blocks[0];
    ir_emit_store(&L->b, slot, lower_to_bool(L, lower_expr(L, n->rhs)));
    L->b.block = after;
    res = ir_emit_load(&L->b, slot);
  }
  return lower_coerce(L, res, ty_of(L, n));
}

static IrInst *lower_cond(Lower *L, Node *n) {
  IrType *t = ty_of(L, n);
  IrInst *c = lower_to_bool(L, lower_expr(L, n->cond));
  bool scalar_ty = t->kind != IRT_VOID && t->kind != IRT_ARRAY && t->kind != IRT_STRUCT;
  if (scalar_ty && is_pure(n->then, 6) && is_pure(n->els, 6)) {
    IrInst *a = lower_coerce(L, lower_expr(L, n->then), t);
    IrInst *b = lower_coerce(L, lower_expr(L, n->els), t);
    return ir_emit_select(&L->b, c, a, b);
  }
  IrInst *slot = t->kind == IRT_VOID ? NULL : ir_new_local(L->b.f, t, "cond", n->loc);
  IrInst *iff = ir_emit_if(&L->b, c);
  IrBlock *after = L->b.block;
  for (int arm = 0; arm < 2; arm++) {
    L->b.block = &iff->blocks[arm];
    IrInst *v = lower_expr(L, arm ? n->els : n->then);
    if (slot && v) ir_emit_store(&L->b, slot, lower_coerce(L, v, t));
  }
  L->b.block = after;
  return slot ? ir_emit_load(&L->b, slot) : NULL;
}

static IrInst *lower_not(Lower *L, Node *n) {
  IrInst *v = lower_to_bool(L, lower_expr(L, n->lhs));
  return lower_coerce(L, ir_emit_unary(&L->b, IR_NOT, NULL, v), ty_of(L, n));
}

static IrInst *lower_assign(Lower *L, Node *n, IrInst **where) {
  IrInst *addr = lower_addr(L, n->lhs);
  if (where) *where = addr;
  IrInst *v = lower_expr(L, n->rhs);
  if (!v) return poison(L, n);
  v = lower_coerce(L, v, addr->ty->elem);
  IrInst *st = ir_emit(&L->b, IR_STORE, NULL, 2, (IrInst *[]){addr, v});
  st->is_volatile = n->lhs->ty->is_volatile;
  return v;
}

static IrInst *load_lvalue(Lower *L, IrInst *addr, Node *lv) {
  IrInst *v = ir_emit_load(&L->b, addr);
  v->is_volatile = lv->ty->is_volatile;
  return v;
}

static void store_lvalue(Lower *L, IrInst *addr, IrInst *v, Node *lv) {
  IrInst *st = ir_emit(&L->b, IR_STORE, NULL, 2, (IrInst *[]){addr, v});
  st->is_volatile = lv->ty->is_volatile;
}

/* lhs op= rhs: the lvalue once; op done in op_ty, converted back. */
static IrInst *lower_compound_assign(Lower *L, Node *n, IrInst **where) {
  IrInst *addr = lower_addr(L, n->lhs);
  if (where) *where = addr;
  IrInst *old = load_lvalue(L, addr, n->lhs);
  IrInst *r = lower_expr(L, n->rhs);
  if (!r) return poison(L, n);
  IrInst *res;
  if (n->op == ND_PTR_ADD || n->op == ND_PTR_SUB) {
    res = apply_binary(L, n->op, old, r, old->ty);
  } else {
    IrType *op_ty = n->op_ty ? lower_type(L, n->op_ty, n->loc) : old->ty;
    res = apply_binary(L, n->op, lower_coerce(L, old, op_ty), r, op_ty);
  }
  res = lower_coerce(L, res, addr->ty->elem);
  store_lvalue(L, addr, res, n->lhs);
  return res;
}

/* ++x, x++, --x, x--: integers, floats, pointers, bool. */
static IrInst *lower_incdec(Lower *L, Node *n, IrInst **where) {
  bool inc = n->kind == ND_PRE_INC || n->kind == ND_POST_INC;
  bool post = n->kind == ND_POST_INC || n->kind == ND_POST_DEC;
  IrInst *addr = lower_addr(L, n->lhs);
  if (where) *where = addr;
  IrInst *old = load_lvalue(L, addr, n->lhs);
  IrType *t = old->ty;
  IrInst *nv;
  if (t->kind == IRT_PTR) {
    nv = ir_emit_ptr_add(&L->b, old, ir_emit_const_int(&L->b, scalar(L, IRT_I64), inc ? 1 : -1));
  } else if (t->kind == IRT_BOOL) {
    /* C: b++ sets true; b-- flips */
    nv = inc ? ir_emit_const_int(&L->b, t, 1) : ir_emit_unary(&L->b, IR_NOT, NULL, old);
  } else if (ir_type_is_float(t)) {
    nv = ir_emit_binary(&L->b, inc ? IR_ADD : IR_SUB, old, ir_emit_const_float(&L->b, t, 1.0));
  } else {
    nv = ir_emit_binary(&L->b, inc ? IR_ADD : IR_SUB, old, ir_emit_const_int(&L->b, t, 1));
  }
  store_lvalue(L, addr, nv, n->lhs);
  return post ? old : nv;
}

static IrInst *lower_cast(Lower *L, Node *n) {
  IrInst *v = lower_expr(L, n->lhs);
  IrType *to = ty_of(L, n);
  if (to->kind == IRT_VOID) return NULL;
  if (!v) return poison(L, n);
  if (ir_type_equal(v->ty, to)) return v;
  if (to->kind == IRT_BOOL) return lower_to_bool(L, v);
  if (v->ty->kind == IRT_PTR && ir_type_is_int(to)) {
    IrInst *u = ir_emit_unary(&L->b, IR_PTR_TO_INT, scalar(L, IRT_U64), v);
    return lower_coerce(L, u, to);
  }
  if (ir_type_is_int(v->ty) && to->kind == IRT_PTR) {
    IrInst *u = lower_coerce(L, v, scalar(L, IRT_U64));
    return ir_emit_unary(&L->b, IR_INT_TO_PTR, to, u);
  }
  if (v->ty->kind == IRT_BOOL && to->kind == IRT_PTR) {
    IrInst *u = lower_coerce(L, v, scalar(L, IRT_U64));
    return ir_emit_unary(&L->b, IR_INT_TO_PTR, to, u);
  }
  return lower_coerce(L, v, to);
}

/* ---- calls and builtins ------------------------------------------------------------ */

static IrInst *lower_call(Lower *L, Node *n) {
  if (!n->obj || n->lhs) {
    diag_unsupported(L->d, n->loc, "a call through a function pointer in device code");
    return poison(L, n);
  }
  Obj *fn = n->obj;
  if ((fn->exec & EXEC_GLOBAL) && n->cond) {
    lower_device_launch(L, n);  /* lower_launch.c */
    return NULL;
  }
  if (fn->exec & EXEC_GLOBAL) {
    diag_unsupported(L->d, n->loc, "dynamic parallelism (launching a kernel from device code)");
    return poison(L, n);
  }
  if (!(fn->exec & EXEC_DEVICE)) {
    diag_error(L->d, n->loc, "calling a __host__ function(\"%s\") from device code is not allowed",
               fn->name);
    return poison(L, n);
  }
  IrFunc *callee = lower_func_ref(L, fn, n->loc);
  if (!callee) return poison(L, n);  /* no body in this file: reported */
  int nargs = 0;
  for (Node *a = n->args; a; a = a->next) nargs++;
  IrInst **args = ARENA_ARRAY(L->a, IrInst *, nargs > 0 ? nargs : 1);
  int i = 0;
  for (Node *a = n->args; a; a = a->next, i++) {
    IrInst *v = lower_expr(L, a);
    if (!v) return poison(L, n);
    args[i] = i < callee->param_count ? lower_coerce(L, v, callee->params[i]) : v;
  }
  if (nargs != callee->param_count) ICE("call of %s with %d arguments", fn->name, nargs);
  IrInst *r = ir_emit_call(&L->b, callee, nargs, args);
  return r->ty->kind == IRT_VOID ? NULL : r;
}

/* The string literal under decays and casts, or NULL. */
static Node *string_literal(Node *n) {
  while (n && (n->kind == ND_CAST || n->kind == ND_DECAY || n->kind == ND_ADDR)) n = n->lhs;
  return n && n->kind == ND_STR ? n : NULL;
}

static IrInst *lower_printf(Lower *L, Node *n) {
  Node *fmt = string_literal(n->args);
  if (!fmt) {
    diag_unsupported(L->d, n->loc, "printf with a format that is not a string literal");
    return poison(L, n);
  }
  int nargs = 0;
  for (Node *a = n->args; a; a = a->next) nargs++;
  IrInst **args = ARENA_ARRAY(L->a, IrInst *, nargs);
  args[0] = ir_emit_string(&L->b, fmt->str, fmt->str_len);
  int i = 1;
  for (Node *a = n->args->next; a; a = a->next, i++) {
    IrInst *v = lower_expr(L, a);
    if (!v || v->ty->kind == IRT_STRUCT || v->ty->kind == IRT_ARRAY) {
      diag_unsupported(L->d, a->loc, "passing an aggregate to printf");
      return poison(L, n);
    }
    args[i] = v;
  }
  IrInst *r = ir_emit(&L->b, IR_PRINTF, scalar(L, IRT_I32), nargs, args);
  return lower_coerce(L, r, ty_of(L, n));
}

/* __assert_fail(expr, file, line, func), what assert() expands to. */
static IrInst *lower_assert_fail(Lower *L, Node *n) {
  Node *e = string_literal(n->args);
  const char *msg = e ? arena_strndup(L->a, e->str, (size_t)(e->str_len > 0 ? e->str_len - 1 : 0))
                      : "assertion";
  ir_emit_trap(&L->b, msg);
  return NULL;
}

static IrInst *lower_mem_builtin(Lower *L, Node *n) {
  IrInst *v[3];
  int i = 0;
  for (Node *a = n->args; a && i < 3; a = a->next) v[i++] = lower_expr(L, a);
  if (i != 3 || !v[0] || !v[1] || !v[2]) return poison(L, n);
  IrType *u8 = scalar(L, IRT_U8), *u64 = scalar(L, IRT_U64);
  IrInst *dst = lower_coerce(L, v[0], ir_type_ptr(L->m, u8, v[0]->ty->space));
  IrInst *args[3] = {dst, NULL, lower_coerce(L, v[2], u64)};
  if (n->builtin == BUILTIN_MEMCPY) {
    args[1] = lower_coerce(L, v[1], ir_type_ptr(L->m, u8, v[1]->ty->space));
    ir_emit(&L->b, IR_MEMCPY, NULL, 3, args);
  } else {
    args[1] = lower_coerce(L, v[1], u8);
    ir_emit(&L->b, IR_MEMSET, NULL, 3, args);
  }
  return lower_coerce(L, v[0], ty_of(L, n));
}

static IrInst *lower_intrinsic(Lower *L, Node *n) {
  IrIntrinsic id = (IrIntrinsic)n->builtin;
  int nargs = ir_intrinsic_arg_count(id), i = 0;
  IrInst **args = ARENA_ARRAY(L->a, IrInst *, nargs > 0 ? nargs : 1);
  for (Node *a = n->args; a; a = a->next, i++) {
    IrInst *v = lower_expr(L, a);
    if (!v || i >= nargs) return poison(L, n);
    args[i] = lower_coerce(L, v, ir_intrinsic_arg_type(L->m, id, i));
  }
  if (i != nargs) ICE("intrinsic %s with %d arguments", ir_intrinsic_name(id), i);
  IrInst *r = ir_emit_intrinsic(&L->b, id, nargs, args);
  if (r->ty->kind == IRT_VOID) return NULL;
  return lower_coerce(L, r, ty_of(L, n));
}

static IrInst *lower_builtin(Lower *L, Node *n) {
  if (n->builtin > IN_NONE && n->builtin < IN_COUNT) return lower_intrinsic(L, n);
  switch (n->builtin) {
  case BUILTIN_PRINTF: return lower_printf(L, n);
  case BUILTIN_ASSERT_FAIL: return lower_assert_fail(L, n);
  case BUILTIN_MEMCPY: case BUILTIN_MEMSET: return lower_mem_builtin(L, n);
  case BUILTIN_SYNCTHREADS:
    ir_emit_jump(&L->b, IR_BARRIER);
    L->b.f->uses_barrier = true;
    return NULL;
  default:
    diag_unsupported(L->d, n->loc, "this builtin function in device code");
    return poison(L, n);
  }
}

static IrInst *lower_builtin_var(Lower *L, Node *n) {
  static const IrOp ops[] = {IR_THREAD_IDX, IR_BLOCK_IDX, IR_BLOCK_DIM, IR_GRID_DIM};
  if (n->builtin < 0 || n->builtin > BUILTIN_GRIDDIM || n->ival < 0 || n->ival > 2)
    ICE("bad builtin variable %d.%lld", n->builtin, (long long)n->ival);
  IrInst *v = ir_emit_grid(&L->b, ops[n->builtin], (int)n->ival);
  return lower_coerce(L, v, ty_of(L, n));
}

/* ({ stmt; ...; expr; }): the value of the last expression statement. */
static IrInst *lower_stmt_expr(Lower *L, Node *n) {
  Node *s = n->body;
  if (s && s->kind == ND_BLOCK && !s->next) s = s->body;
  IrInst *v = NULL;
  for (; s; s = s->next) {
    if (!s->next && s->kind == ND_EXPR_STMT) v = lower_expr(L, s->lhs);
    else lower_stmt(L, s);
  }
  return v;
}

/* ---- initializers ---------------------------------------------------------------- */

static bool has_zero_elements(Node *list) {
  for (Node *a = list->args; a; a = a->next)
    if (a->kind == ND_ZERO_INIT) return true;
  return false;
}

/* Stores init into *addr: lists member by member, zero-filled first when
 * the list leaves elements out. */
void lower_init(Lower *L, IrInst *addr, Node *init) {
  IrType *t = addr->ty->elem;
  if (init->kind == ND_ZERO_INIT) {
    ir_emit_store(&L->b, addr, lower_zero(L, t));
    return;
  }
  if (init->kind != ND_INIT_LIST) {
    IrInst *v = lower_expr(L, init);
    if (v) ir_emit_store(&L->b, addr, lower_coerce(L, v, t));
    return;
  }
  Node *arg = init->args;
  if (t->kind == IRT_ARRAY) {
    if (has_zero_elements(init) || init->arg_count < t->len)
      ir_emit_store(&L->b, addr, lower_zero(L, t));
    IrInst *base = ir_emit_decay(&L->b, addr);
    for (int i = 0; arg && i < t->len; i++, arg = arg->next) {
      if (arg->kind == ND_ZERO_INIT) continue;
      IrInst *idx = ir_emit_const_int(&L->b, scalar(L, IRT_I64), i);
      lower_init(L, ir_emit_ptr_add(&L->b, base, idx), arg);
    }
  } else if (t->kind == IRT_STRUCT && t->is_union) {
    ir_emit_store(&L->b, addr, lower_zero(L, t));
    int idx = init->member ? init->member->index : 0;
    if (arg && idx < t->field_count) lower_init(L, ir_emit_member_ptr(&L->b, addr, idx), arg);
  } else if (t->kind == IRT_STRUCT) {
    if (has_zero_elements(init) || init->arg_count < t->field_count)
      ir_emit_store(&L->b, addr, lower_zero(L, t));
    for (int i = 0; arg && i < t->field_count; i++, arg = arg->next) {
      if (arg->kind == ND_ZERO_INIT) continue;
      lower_init(L, ir_emit_member_ptr(&L->b, addr, i), arg);
    }
  } else if (arg) {
    lower_init(L, addr, arg);  /* int x = {5}; */
  }
}

/* ---- the dispatcher --------------------------------------------------------------- */

static IrInst *lower_num(Lower *L, Node *n) {
  IrType *t = ty_of(L, n);
  if (ir_type_is_float(t)) return ir_emit_const_float(&L->b, t, n->fval);
  if (t->kind == IRT_BOOL) return ir_emit_const_int(&L->b, t, n->ival != 0);
  return ir_emit_const_int(&L->b, t, n->ival);
}

static IrInst *lower_var(Lower *L, Node *n) {
  Obj *v = n->obj;
  /* a const host scalar with a constant initializer may be read in device
   * code (nvcc allows it): its value is used */
  if (!v->is_local && v->is_host_var && v->ty->is_const && type_is_arith(v->ty) && v->init &&
      v->init->kind == ND_NUM)
    return lower_coerce(L, lower_num(L, v->init), ty_of(L, n));
  IrInst *addr = lower_addr(L, n);
  return load_lvalue(L, addr, n);
}

static IrInst *lower_expr_kind(Lower *L, Node *n) {
  switch (n->kind) {
  case ND_NUM: return lower_num(L, n);
  case ND_VAR: return lower_var(L, n);
  case ND_STR: return ir_emit_load(&L->b, lower_addr(L, n));
  case ND_ADD: case ND_SUB: case ND_MUL: case ND_DIV: case ND_MOD:
  case ND_BITAND: case ND_BITOR: case ND_BITXOR: case ND_SHL: case ND_SHR:
  case ND_EQ: case ND_NE: case ND_LT: case ND_LE: case ND_GT: case ND_GE:
    return lower_binary(L, n);
  case ND_LOGAND: case ND_LOGOR: return lower_logical(L, n);
  case ND_NEG: return ir_emit_unary(&L->b, IR_NEG, NULL, lower_coerce(L, lower_expr(L, n->lhs), ty_of(L, n)));
  case ND_BITNOT: return ir_emit_unary(&L->b, IR_NOT, NULL, lower_coerce(L, lower_expr(L, n->lhs), ty_of(L, n)));
  case ND_NOT: return lower_not(L, n);
  case ND_PTR_ADD: case ND_PTR_SUB: {
    IrInst *p = lower_expr(L, n->lhs), *i = lower_expr(L, n->rhs);
    return lower_coerce(L, apply_binary(L, n->kind, p, i, p->ty), ty_of(L, n));
  }
  case ND_PTR_DIFF: {
    IrInst *p = lower_expr(L, n->lhs), *q = lower_expr(L, n->rhs);
    IrInst *args[2] = {p, lower_coerce(L, q, p->ty)};
    IrInst *d = ir_emit(&L->b, IR_PTR_DIFF, scalar(L, IRT_I64), 2, args);
    return lower_coerce(L, d, ty_of(L, n));
  }
  case ND_ASSIGN: return lower_assign(L, n, NULL);
  case ND_COMPOUND_ASSIGN: return lower_compound_assign(L, n, NULL);
  case ND_PRE_INC: case ND_PRE_DEC: case ND_POST_INC: case ND_POST_DEC:
    return lower_incdec(L, n, NULL);
  case ND_COND: return lower_cond(L, n);
  case ND_COMMA:
    lower_expr(L, n->lhs);
    return lower_expr(L, n->rhs);
  case ND_MEMBER: return load_lvalue(L, lower_addr(L, n), n);
  case ND_ADDR:
    if (n->lhs->kind == ND_FUNCREF) break;
    return lower_coerce(L, lower_addr(L, n->lhs), ty_of(L, n));
  case ND_DEREF: {
    IrInst *p = lower_expr(L, n->lhs);
    if (!p || p->ty->kind != IRT_PTR) return poison(L, n);
    if (ty_of(L, n)->kind == IRT_VOID) return NULL;
    return load_lvalue(L, p, n);
  }
  case ND_DECAY:
    if (n->lhs->kind == ND_FUNCREF) break;
    return lower_coerce(L, ir_emit_decay(&L->b, lower_addr(L, n->lhs)), ty_of(L, n));
  case ND_CAST: return lower_cast(L, n);
  case ND_CALL: return lower_call(L, n);
  case ND_BUILTIN: return lower_builtin(L, n);
  case ND_BUILTIN_VAR: return lower_builtin_var(L, n);
  case ND_INIT_LIST: {
    IrInst *slot = ir_new_local(L->b.f, ty_of(L, n), "init", n->loc);
    lower_init(L, slot, n);
    return ir_emit_load(&L->b, slot);
  }
  case ND_ZERO_INIT: return lower_zero(L, ty_of(L, n));
  case ND_STMT_EXPR: return lower_stmt_expr(L, n);
  case ND_FUNCREF: break;
  default:
    ICE("lower_expr: node kind %d", (int)n->kind);
  }
  diag_unsupported(L->d, n->loc, "a function pointer in device code");
  return poison(L, n);
}

IrInst *lower_expr(Lower *L, Node *n) {
  Loc saved = L->b.loc;
  L->b.loc = n->loc;
  IrInst *v = lower_expr_kind(L, n);
  L->b.loc = saved;
  return v;
}
