/* sema.c: typed node construction for expressions: the conversions of
 * C11 6.3 (promotions, usual arithmetic conversions, decay, assignment
 * conversions), operand checks of 6.5 with clang's diagnostics, and
 * constant evaluation (6.6). Every implicit conversion becomes an
 * explicit ND_CAST / ND_DECAY node here (ast.h's contract). The grammar
 * that calls these is in parse_expr.c. */
#include "parse_internal.h"

#include <string.h>

/* ---- nodes ------------------------------------------------------------------- */

Node *new_node(Parser *p, NodeKind kind, Loc loc) {
  Node *n = ARENA_NEW(p->arena, Node);
  n->kind = kind;
  n->loc = loc;
  return n;
}

Node *new_num(Parser *p, int64_t v, Type *ty, Loc loc) {
  Node *n = new_node(p, ND_NUM, loc);
  n->ival = v;
  n->ty = ty;
  if (type_is_flonum(ty)) n->fval = (double)v;
  return n;
}

/* Error nodes have the parser's private error type; operators on them
 * give error nodes again without new diagnostics. */
Node *err_node(Parser *p, Loc loc) {
  Node *n = new_node(p, ND_NUM, loc);
  n->ty = p->err_ty;
  return n;
}

bool is_err(Parser *p, Node *n) {
  if (!n || !n->ty) return true;
  /* a pointer to or array of the error type came from an error too */
  Type *t = n->ty;
  for (int i = 0; i < 2 * MAX_NESTING && (t->kind == TY_PTR || t->kind == TY_ARRAY); i++)
    t = t->base;
  return t == p->err_ty;
}

static char *tname(Parser *p, Type *t) { return type_name(p->arena, t); }

/* Same type for conversion purposes: qualifiers ignored; pointers are the
 * same if their pointees are compatible and their spaces equal. */
bool same_type(Type *a, Type *b) {
  a = type_unqual(a);
  b = type_unqual(b);
  if (a == b) return true;
  if (a->kind != b->kind) return false;
  switch (a->kind) {
  case TY_PTR:
    return a->space == b->space && type_is_compatible(type_unqual(a->base), type_unqual(b->base));
  case TY_STRUCT: case TY_UNION: case TY_ENUM: case TY_ARRAY: case TY_FUNC:
    return type_is_compatible(a, b);
  default:
    return a->is_unsigned == b->is_unsigned && a->size == b->size;
  }
}

Node *new_cast(Parser *p, Node *e, Type *ty) {
  if (is_err(p, e)) return e;
  if (same_type(e->ty, ty)) return e;
  Node *c = new_node(p, ND_CAST, e->loc);
  c->lhs = e;
  c->ty = type_unqual(ty);
  return c;
}

/* The address space an lvalue lives in, when it is known. */
static AddrSpace lvalue_space(Node *n) {
  switch (n->kind) {
  case ND_VAR:
    if (n->obj->space == AS_SHARED || n->obj->space == AS_GLOBAL || n->obj->space == AS_CONSTANT)
      return n->obj->space;
    return AS_GENERIC;
  case ND_MEMBER: return lvalue_space(n->lhs);
  case ND_DEREF: return n->lhs->ty->kind == TY_PTR ? n->lhs->ty->space : AS_GENERIC;
  default: return AS_GENERIC;
  }
}

static Type *pointer_in(Parser *p, Type *base, AddrSpace space) {
  Type *t = type_pointer_to(p->arena, base);
  t->space = space;
  return t;
}

/* Lvalue conversion (C11 6.3.2.1): arrays and functions decay. */
Node *rvalue(Parser *p, Node *n) {
  if (is_err(p, n)) return n;
  if (n->ty->kind == TY_ARRAY || n->ty->kind == TY_FUNC) {
    Node *d = new_node(p, ND_DECAY, n->loc);
    d->lhs = n;
    d->ty = n->ty->kind == TY_ARRAY ? pointer_in(p, n->ty->base, lvalue_space(n))
                                    : type_pointer_to(p->arena, n->ty);
    return d;
  }
  return n;
}

/* Integer promotions (C11 6.3.1.1p2). */
Node *promote(Parser *p, Node *n) {
  n = rvalue(p, n);
  if (is_err(p, n)) return n;
  Type *t = type_unqual(n->ty);
  if (t->kind == TY_ENUM) return new_cast(p, n, t->base->size < 4 ? ty_int : t->base);
  if (type_is_integer(t) && t->size < 4) return new_cast(p, n, ty_int);
  return n;
}

static int int_rank(Type *t) {
  switch (t->kind) {
  case TY_BOOL: return 0;
  case TY_CHAR: return 1;
  case TY_SHORT: return 2;
  case TY_INT: return 3;
  case TY_LONG: return 4;
  case TY_LLONG: return 5;
  default: return 3;
  }
}

static Type *promoted_type(Type *t) {
  t = type_unqual(t);
  if (t->kind == TY_ENUM) t = t->base;
  if (type_is_integer(t) && t->size < 4) return ty_int;
  return t;
}

static Type *unsigned_of(Type *t) {
  switch (t->kind) {
  case TY_INT: return ty_uint;
  case TY_LONG: return ty_ulong;
  case TY_LLONG: return ty_ullong;
  default: return t;
  }
}

/* Usual arithmetic conversions (C11 6.3.1.8). */
Type *usual_arith_type(Type *a, Type *b) {
  a = promoted_type(a);
  b = promoted_type(b);
  if (a->kind == TY_LDOUBLE || b->kind == TY_LDOUBLE) return ty_ldouble;
  if (a->kind == TY_DOUBLE || b->kind == TY_DOUBLE) return ty_double;
  if (a->kind == TY_FLOAT || b->kind == TY_FLOAT) return ty_float;
  if (a->kind == TY_HALF || b->kind == TY_HALF) return ty_float;
  if (a->is_unsigned == b->is_unsigned) return int_rank(a) >= int_rank(b) ? a : b;
  Type *u = a->is_unsigned ? a : b, *s = a->is_unsigned ? b : a;
  if (int_rank(u) >= int_rank(s)) return u;
  if (s->size > u->size) return s;
  return unsigned_of(s);
}

static Type *arith_conv(Parser *p, Node **lhs, Node **rhs) {
  Type *t = usual_arith_type((*lhs)->ty, (*rhs)->ty);
  *lhs = new_cast(p, *lhs, t);
  *rhs = new_cast(p, *rhs, t);
  return t;
}

Node *to_bool(Parser *p, Node *n) {
  n = rvalue(p, n);
  if (is_err(p, n)) return n;
  if (!type_is_scalar(n->ty) || is_scoped_enum(n->ty)) {
    diag_error(p->diag, n->loc, "value of type '%s' is not contextually convertible to 'bool'",
               tname(p, n->ty));
    return err_node(p, n->loc);
  }
  return new_cast(p, n, ty_bool);
}

/* A null pointer constant (C11 6.3.2.3p3): integer 0, (void *)0, nullptr. */
bool is_null_const(Node *n) {
  while (n->kind == ND_CAST && (n->ty->kind == TY_PTR || type_is_integer(n->ty))) {
    if (n->ty->kind == TY_PTR && n->ty->base->kind != TY_VOID) return false;
    n = n->lhs;
  }
  return n->kind == ND_NUM && type_is_integer(n->ty) && n->ival == 0;
}

static Node *binary(Parser *p, NodeKind kind, Node *lhs, Node *rhs, Type *ty, Loc loc) {
  Node *n = new_node(p, kind, loc);
  n->lhs = lhs;
  n->rhs = rhs;
  n->ty = ty;
  return n;
}

/* ---- conversions as if by assignment (C11 6.5.16.1) --------------------- */

static void conv_error(Parser *p, int ctx, Loc loc, const char *what, Type *to, Type *from) {
  char *t = tname(p, to), *f = tname(p, from);
  switch (ctx) {
  case CONV_ASSIGN:
    diag_error(p->diag, loc, "%s assigning to '%s' from '%s'", what, t, f);
    break;
  case CONV_INIT:
    diag_error(p->diag, loc, "%s initializing '%s' with an expression of type '%s'", what, t, f);
    break;
  case CONV_PASS:
    diag_error(p->diag, loc, "%s passing '%s' to parameter of type '%s'", what, f, t);
    break;
  case CONV_RETURN:
    diag_error(p->diag, loc, "%s returning '%s' from a function with result type '%s'", what, f, t);
    break;
  default:
    ICE("bad conversion context %d", ctx);
  }
}

static void incompatible_error(Parser *p, int ctx, Loc loc, Type *to, Type *from) {
  char *t = tname(p, to), *f = tname(p, from);
  switch (ctx) {
  case CONV_ASSIGN:
    diag_error(p->diag, loc, "assigning to '%s' from incompatible type '%s'", t, f);
    break;
  case CONV_INIT:
    diag_error(p->diag, loc, "initializing '%s' with an expression of incompatible type '%s'", t, f);
    break;
  case CONV_PASS:
    diag_error(p->diag, loc, "passing '%s' to parameter of incompatible type '%s'", f, t);
    break;
  case CONV_RETURN:
    diag_error(p->diag, loc, "returning '%s' from a function with incompatible result type '%s'", f, t);
    break;
  default:
    ICE("bad conversion context %d", ctx);
  }
}

Node *convert_assign(Parser *p, Node *e, Type *ty, int ctx, Loc loc) {
  if (is_ref_type(ty)) return ref_bind(p, e, ty, ctx, loc);
  e = rvalue(p, e);
  if (is_err(p, e) || ty == p->err_ty) return e;
  Type *to = type_unqual(ty), *from = type_unqual(e->ty);
  if (!check_scoped_enum_conv(p, to, from, ctx, loc)) return err_node(p, loc);
  if (type_is_arith(to) && type_is_arith(from)) return new_cast(p, e, to);
  if (to->kind == TY_BOOL && from->kind == TY_PTR) return new_cast(p, e, to);
  Node *up = inherit_convert(p, e, to, false, loc);  /* parse_inherit.c: derived to base */
  if (up) return up;
  if (to->kind == TY_PTR) {
    if (from->kind == TY_PTR) {
      Type *tb = type_unqual(to->base), *fb = type_unqual(from->base);
      if (tb->kind == TY_VOID || fb->kind == TY_VOID || type_is_compatible(tb, fb))
        return new_cast(p, e, to);
      conv_error(p, ctx, loc, "incompatible pointer types", to, from);
      return err_node(p, loc);
    }
    if (is_null_const(e)) return new_cast(p, e, to);
    if (type_is_integer(from)) {
      conv_error(p, ctx, loc, "incompatible integer to pointer conversion", to, from);
      return err_node(p, loc);
    }
  }
  if (type_is_integer(to) && from->kind == TY_PTR) {
    conv_error(p, ctx, loc, "incompatible pointer to integer conversion", to, from);
    return err_node(p, loc);
  }
  if ((to->kind == TY_STRUCT || to->kind == TY_UNION) && type_is_compatible(to, from))
    return e;
  Node *uc = class_convert(p, e, ty, ctx, loc);  /* a user-defined conversion */
  if (uc) return uc;
  incompatible_error(p, ctx, loc, ty, e->ty);
  return err_node(p, loc);
}

/* ---- binary operators ---------------------------------------------------- */

static Node *invalid_operands(Parser *p, Node *lhs, Node *rhs, Loc loc) {
  diag_error(p->diag, loc, "invalid operands to binary expression ('%s' and '%s')",
             tname(p, lhs->ty), tname(p, rhs->ty));
  return err_node(p, loc);
}

/* Pointer arithmetic needs a complete object type (C11 6.5.6p2). */
static bool check_pointer_arith(Parser *p, Type *ptr, Loc loc) {
  Type *b = ptr->base;
  if (b->kind == TY_FUNC) {
    diag_error(p->diag, loc, "arithmetic on a pointer to the function type '%s'", tname(p, b));
    return false;
  }
  if (b->kind == TY_VOID) {
    diag_error(p->diag, loc, "arithmetic on a pointer to void");
    return false;
  }
  if (b->size < 0) {
    diag_error(p->diag, loc, "arithmetic on a pointer to an incomplete type '%s'", tname(p, b));
    return false;
  }
  return true;
}

static Node *ptr_add(Parser *p, NodeKind kind, Node *ptr, Node *idx, Loc loc) {
  if (!check_pointer_arith(p, ptr->ty, loc)) return err_node(p, loc);
  return binary(p, kind, ptr, promote(p, idx), type_unqual(ptr->ty), loc);
}

static Node *sema_add(Parser *p, NodeKind op, Node *lhs, Node *rhs, Loc loc) {
  Type *lt = lhs->ty, *rt = rhs->ty;
  if (type_is_arith(lt) && type_is_arith(rt)) {
    Type *t = arith_conv(p, &lhs, &rhs);
    return binary(p, op, lhs, rhs, t, loc);
  }
  if (lt->kind == TY_PTR && type_is_integer(rt))
    return ptr_add(p, op == ND_ADD ? ND_PTR_ADD : ND_PTR_SUB, lhs, rhs, loc);
  if (op == ND_ADD && type_is_integer(lt) && rt->kind == TY_PTR)
    return ptr_add(p, ND_PTR_ADD, rhs, lhs, loc);
  if (op == ND_SUB && lt->kind == TY_PTR && rt->kind == TY_PTR) {
    if (!type_is_compatible(type_unqual(lt->base), type_unqual(rt->base))) {
      diag_error(p->diag, loc, "'%s' and '%s' are not pointers to compatible types",
                 tname(p, lt), tname(p, rt));
      return err_node(p, loc);
    }
    if (!check_pointer_arith(p, lt, loc)) return err_node(p, loc);
    return binary(p, ND_PTR_DIFF, lhs, rhs, ty_long, loc);
  }
  return invalid_operands(p, lhs, rhs, loc);
}

static Node *sema_compare(Parser *p, NodeKind op, Node *lhs, Node *rhs, Loc loc) {
  Type *lt = lhs->ty, *rt = rhs->ty;
  if (type_is_arith(lt) && type_is_arith(rt)) {
    arith_conv(p, &lhs, &rhs);
    return binary(p, op, lhs, rhs, ty_int, loc);
  }
  if (lt->kind == TY_PTR && rt->kind == TY_PTR) {
    Type *lb = type_unqual(lt->base), *rb = type_unqual(rt->base);
    if (!type_is_compatible(lb, rb) && lb->kind != TY_VOID && rb->kind != TY_VOID) {
      diag_error(p->diag, loc, "comparison of distinct pointer types ('%s' and '%s')",
                 tname(p, lt), tname(p, rt));
      return err_node(p, loc);
    }
    return binary(p, op, lhs, new_cast(p, rhs, lt), ty_int, loc);
  }
  if (lt->kind == TY_PTR && is_null_const(rhs))
    return binary(p, op, lhs, new_cast(p, rhs, lt), ty_int, loc);
  if (rt->kind == TY_PTR && is_null_const(lhs))
    return binary(p, op, new_cast(p, lhs, rt), rhs, ty_int, loc);
  if ((lt->kind == TY_PTR && type_is_integer(rt)) || (rt->kind == TY_PTR && type_is_integer(lt))) {
    diag_error(p->diag, loc, "comparison between pointer and integer ('%s' and '%s')",
               tname(p, lt), tname(p, rt));
    return err_node(p, loc);
  }
  return invalid_operands(p, lhs, rhs, loc);
}

Node *sema_binary(Parser *p, NodeKind op, Node *lhs, Node *rhs, Loc loc) {
  Node *ov = overload_binary(p, op, lhs, rhs, loc);  /* C++ operator functions */
  if (ov) return ov;
  lhs = rvalue(p, lhs);
  rhs = rvalue(p, rhs);
  if (is_err(p, lhs) || is_err(p, rhs)) return err_node(p, loc);
  Type *lt = lhs->ty, *rt = rhs->ty;
  if ((is_scoped_enum(lt) || is_scoped_enum(rt)) &&  /* only E op E comparisons */
      (op < ND_EQ || op > ND_GE || type_unqual(lt) != type_unqual(rt)))
    return invalid_operands(p, lhs, rhs, loc);
  switch (op) {
  case ND_ADD: case ND_SUB:
    return sema_add(p, op, lhs, rhs, loc);
  case ND_MUL: case ND_DIV:
    if (!type_is_arith(lt) || !type_is_arith(rt)) return invalid_operands(p, lhs, rhs, loc);
    break;
  case ND_MOD: case ND_BITAND: case ND_BITOR: case ND_BITXOR:
    if (!type_is_integer(lt) || !type_is_integer(rt)) return invalid_operands(p, lhs, rhs, loc);
    break;
  case ND_SHL: case ND_SHR: {
    if (!type_is_integer(lt) || !type_is_integer(rt)) return invalid_operands(p, lhs, rhs, loc);
    lhs = promote(p, lhs);
    rhs = new_cast(p, promote(p, rhs), lhs->ty);  /* operands of the node's type */
    return binary(p, op, lhs, rhs, type_unqual(lhs->ty), loc);
  }
  case ND_EQ: case ND_NE: case ND_LT: case ND_LE: case ND_GT: case ND_GE:
    return sema_compare(p, op, lhs, rhs, loc);
  case ND_LOGAND: case ND_LOGOR:
    if (!type_is_scalar(lt) || !type_is_scalar(rt)) return invalid_operands(p, lhs, rhs, loc);
    return binary(p, op, to_bool(p, lhs), to_bool(p, rhs), ty_int, loc);
  default:
    ICE("sema_binary: bad operator %d", op);
  }
  Type *t = arith_conv(p, &lhs, &rhs);
  return binary(p, op, lhs, rhs, t, loc);
}

/* ---- assignment ------------------------------------------------------------ */

static bool is_lvalue(Node *n) {
  switch (n->kind) {
  case ND_VAR: return !n->obj->is_function;
  case ND_DEREF: case ND_STR: return true;
  case ND_MEMBER: return is_lvalue(n->lhs);
  default: return false;
  }
}

bool sema_is_lvalue(Node *n) { return is_lvalue(n); }

/* C11 6.5.16p2: the left operand must be a modifiable lvalue. */
static bool check_assignable(Parser *p, Node *lhs, Loc loc) {
  if (is_err(p, lhs)) return false;
  if (!is_lvalue(lhs)) {
    diag_error(p->diag, loc, "expression is not assignable");
    return false;
  }
  if (lhs->ty->kind == TY_ARRAY) {
    diag_error(p->diag, loc, "array type '%s' is not assignable", tname(p, lhs->ty));
    return false;
  }
  if (lhs->ty->is_const) {
    if (lhs->kind == ND_VAR)
      diag_error(p->diag, loc, "cannot assign to variable '%s' with const-qualified type '%s'",
                 lhs->obj->name, tname(p, lhs->ty));
    else if (lhs->kind == ND_MEMBER && lhs->member->ty->is_const)
      diag_error(p->diag, loc, "cannot assign to non-static data member '%s' with const-qualified type '%s'",
                 lhs->member->name ? lhs->member->name : "", tname(p, lhs->ty));
    else
      diag_error(p->diag, loc, "read-only variable is not assignable");
    return false;
  }
  return true;
}

Node *sema_assign(Parser *p, Node *lhs, Node *rhs, Loc loc) {
  if (is_err(p, lhs) || is_err(p, rhs)) return err_node(p, loc);
  Node *ov = overload_assign(p, ND_ASSIGN, lhs, rhs, loc);
  if (ov) return ov;
  if (!check_assignable(p, lhs, loc)) return err_node(p, loc);
  rhs = convert_assign(p, rhs, lhs->ty, CONV_ASSIGN, loc);
  if (is_err(p, rhs)) return rhs;
  return binary(p, ND_ASSIGN, lhs, rhs, type_unqual(lhs->ty), loc);
}

Node *sema_compound_assign(Parser *p, NodeKind op, Node *lhs, Node *rhs, Loc loc) {
  rhs = rvalue(p, rhs);
  if (is_err(p, lhs) || is_err(p, rhs)) return err_node(p, loc);
  Node *ov = overload_assign(p, op, lhs, rhs, loc);
  if (ov) return ov;
  if (!check_assignable(p, lhs, loc)) return err_node(p, loc);
  Type *lt = type_unqual(lhs->ty), *rt = rhs->ty, *op_ty;
  Node *n = new_node(p, ND_COMPOUND_ASSIGN, loc);
  if (lt->kind == TY_PTR && (op == ND_ADD || op == ND_SUB) && type_is_integer(rt)) {
    if (!check_pointer_arith(p, lt, loc)) return err_node(p, loc);
    op = op == ND_ADD ? ND_PTR_ADD : ND_PTR_SUB;
    op_ty = lt;
    rhs = promote(p, rhs);
  } else if (op == ND_SHL || op == ND_SHR) {
    if (!type_is_integer(lt) || !type_is_integer(rt)) return invalid_operands(p, lhs, rhs, loc);
    op_ty = promoted_type(lt);
    rhs = new_cast(p, promote(p, rhs), op_ty);
  } else {
    bool int_only = op == ND_MOD || op == ND_BITAND || op == ND_BITOR || op == ND_BITXOR;
    if (int_only ? !type_is_integer(lt) || !type_is_integer(rt)
                 : !type_is_arith(lt) || !type_is_arith(rt))
      return invalid_operands(p, lhs, rhs, loc);
    op_ty = usual_arith_type(lt, rt);
    rhs = new_cast(p, rhs, op_ty);
  }
  n->lhs = lhs;
  n->rhs = rhs;
  n->op = op;
  n->op_ty = op_ty;
  n->ty = lt;
  return n;
}

Node *sema_incdec(Parser *p, NodeKind op, Node *e, Loc loc) {
  if (is_err(p, e)) return e;
  Node *ov = overload_unary(p, op, e, loc);
  if (ov) return ov;
  if (!check_assignable(p, e, loc)) return err_node(p, loc);
  Type *t = type_unqual(e->ty);
  if (t->kind == TY_PTR) {
    if (!check_pointer_arith(p, t, loc)) return err_node(p, loc);
  } else if (!type_is_arith(t) || is_scoped_enum(t)) {
    diag_error(p->diag, loc, "cannot %s value of type '%s'",
               op == ND_PRE_INC || op == ND_POST_INC ? "increment" : "decrement", tname(p, t));
    return err_node(p, loc);
  }
  Node *n = new_node(p, op, loc);
  n->lhs = e;
  n->ty = t;
  return n;
}

/* ---- unary operators --------------------------------------------------------- */

static Node *unary(Parser *p, NodeKind op, Node *e, Type *ty, Loc loc) {
  Node *n = new_node(p, op, loc);
  n->lhs = e;
  n->ty = ty;
  return n;
}

static Node *invalid_unary(Parser *p, Node *e, Loc loc) {
  diag_error(p->diag, loc, "invalid argument type '%s' to unary expression", tname(p, e->ty));
  return err_node(p, loc);
}

static Node *sema_addr(Parser *p, Node *e, Loc loc) {
  if (e->kind == ND_FUNCREF)
    return unary(p, ND_ADDR, e, type_pointer_to(p->arena, e->ty), loc);
  if (!is_lvalue(e)) {
    diag_error(p->diag, loc, "cannot take the address of an rvalue of type '%s'", tname(p, e->ty));
    return err_node(p, loc);
  }
  return unary(p, ND_ADDR, e, pointer_in(p, e->ty, lvalue_space(e)), loc);
}

Node *sema_unary(Parser *p, NodeKind op, Node *e, Loc loc) {
  if (is_err(p, e)) return e;
  if (op == ND_ADDR) return sema_addr(p, e, loc);
  Node *ov = overload_unary(p, op, e, loc);
  if (ov) return ov;
  e = rvalue(p, e);
  Type *t = e->ty;
  if (is_scoped_enum(t) && op != ND_DEREF) return invalid_unary(p, e, loc);
  switch (op) {
  case ND_NEG:
    if (!type_is_arith(t)) return invalid_unary(p, e, loc);
    e = promote(p, e);
    return unary(p, ND_NEG, e, type_unqual(e->ty), loc);
  case ND_ADD: /* unary plus: promotion only */
    if (!type_is_arith(t)) return invalid_unary(p, e, loc);
    return promote(p, e);
  case ND_BITNOT:
    if (!type_is_integer(t)) return invalid_unary(p, e, loc);
    e = promote(p, e);
    return unary(p, ND_BITNOT, e, type_unqual(e->ty), loc);
  case ND_NOT:
    if (!type_is_scalar(t)) return invalid_unary(p, e, loc);
    return unary(p, ND_NOT, to_bool(p, e), ty_int, loc);
  case ND_DEREF:
    if (t->kind != TY_PTR) {
      diag_error(p->diag, loc, "indirection requires pointer operand ('%s' invalid)", tname(p, t));
      return err_node(p, loc);
    }
    if (t->base->kind == TY_VOID) {
      diag_error(p->diag, loc, "indirection not permitted on operand of type '%s'", tname(p, t));
      return err_node(p, loc);
    }
    return unary(p, ND_DEREF, e, t->base, loc);
  default:
    ICE("sema_unary: bad operator %d", op);
  }
}

/* C11 6.5.15: the type of a ? b : c. */
Node *sema_cond(Parser *p, Node *c, Node *t, Node *e, Loc loc) {
  c = to_bool(p, c);
  t = rvalue(p, t);
  e = rvalue(p, e);
  if (is_err(p, c) || is_err(p, t) || is_err(p, e)) return err_node(p, loc);
  Type *tt = type_unqual(t->ty), *et = type_unqual(e->ty), *ty = NULL;
  if ((is_scoped_enum(tt) || is_scoped_enum(et)) && tt != et) {
    ty = NULL;  /* enum class: only with itself */
  } else if (is_scoped_enum(tt)) {
    ty = tt;
  } else if (type_is_arith(tt) && type_is_arith(et)) {
    ty = arith_conv(p, &t, &e);
  } else if (tt->kind == TY_VOID && et->kind == TY_VOID) {
    ty = ty_void;
  } else if (tt->kind == TY_PTR && et->kind == TY_PTR) {
    Type *tb = type_unqual(tt->base), *eb = type_unqual(et->base);
    if (type_is_compatible(tb, eb)) ty = tt;
    else if (tb->kind == TY_VOID) ty = tt;
    else if (eb->kind == TY_VOID) ty = et;
    if (ty && tt->space != et->space)  /* shared or local: only generic holds both */
      ty = pointer_in(p, ty->base, AS_GENERIC);
  } else if (tt->kind == TY_PTR && is_null_const(e)) {
    ty = tt;
  } else if (et->kind == TY_PTR && is_null_const(t)) {
    ty = et;
  } else if ((tt->kind == TY_STRUCT || tt->kind == TY_UNION) && type_is_compatible(tt, et)) {
    ty = tt;
  }
  if (!ty) {
    diag_error(p->diag, loc, "incompatible operand types ('%s' and '%s')", tname(p, t->ty),
               tname(p, e->ty));
    return err_node(p, loc);
  }
  Node *n = new_node(p, ND_COND, loc);
  n->cond = c;
  n->then = new_cast(p, t, ty);
  n->els = new_cast(p, e, ty);
  n->ty = ty;
  return n;
}

Node *sema_comma(Parser *p, Node *lhs, Node *rhs, Loc loc) {
  if (is_err(p, lhs) || is_err(p, rhs)) return err_node(p, loc);
  rhs = rvalue(p, rhs);
  return binary(p, ND_COMMA, lhs, rhs, rhs->ty, loc);
}

/* ---- member access and subscripts ---------------------------------------------- */

/* Finds `name` in ty, looking into anonymous members; builds the chain of
 * ND_MEMBER nodes onto base. */
static Node *find_member(Parser *p, Node *base, Type *ty, Token *name, Loc loc, int depth) {
  if (depth > MAX_NESTING) return NULL;
  /* C++: a class's own members hide those of its bases, so named members
   * come first, then the unnamed ones (anonymous members, base classes) */
  for (int pass = 0; pass < 2; pass++)
  for (Member *m = ty->members; m; m = m->next) {
    Node *b = base;
    if (!m->name && pass == 0) continue;
    if (m->name && pass == 1) continue;
    if (!m->name) {
      Node *inner = new_node(p, ND_MEMBER, loc);
      inner->lhs = base;
      inner->member = m;
      inner->ival = m->index;
      inner->ty = qualify(p, m->ty, base->ty->is_const, base->ty->is_volatile, false);
      Node *r = find_member(p, inner, type_unqual(m->ty), name, loc, depth + 1);
      if (r) return r;
      continue;
    }
    if (!token_is(name, m->name)) continue;
    Node *n = new_node(p, ND_MEMBER, loc);
    n->lhs = b;
    n->member = m;
    n->ival = m->index;
    if (is_ref_type(m->ty)) {  /* a reference member: the object it refers to */
      n->ty = m->ty;
      return ref_deref(p, n);
    }
    n->ty = qualify(p, m->ty, base->ty->is_const, base->ty->is_volatile, false);
    return n;
  }
  return NULL;
}

Node *sema_member(Parser *p, Node *base, Token *name, bool arrow, Loc loc) {
  if (is_err(p, base)) return base;
  if (arrow) {
    base = rvalue(p, base);
    if (base->ty->kind != TY_PTR) {
      Type *u = type_unqual(base->ty);
      if (u->kind == TY_STRUCT || u->kind == TY_UNION)
        diag_error(p->diag, loc, "member reference type '%s' is not a pointer; did you mean to use '.'?",
                   tname(p, base->ty));
      else
        diag_error(p->diag, loc, "member reference type '%s' is not a pointer", tname(p, base->ty));
      return err_node(p, loc);
    }
    base = unary(p, ND_DEREF, base, base->ty->base, loc);
  } else if (base->ty->kind == TY_PTR &&
             (base->ty->base->kind == TY_STRUCT || base->ty->base->kind == TY_UNION)) {
    diag_error(p->diag, loc, "member reference type '%s' is a pointer; did you mean to use '->'?",
               tname(p, base->ty));
    return err_node(p, loc);
  }
  Type *st = type_unqual(base->ty);
  if (st->kind != TY_STRUCT && st->kind != TY_UNION) {
    diag_error(p->diag, loc, "member reference base type '%s' is not a structure or union",
               tname(p, base->ty));
    return err_node(p, loc);
  }
  if (st->size < 0) {
    diag_error(p->diag, loc, "incomplete definition of type '%s'", tname(p, st));
    return err_node(p, loc);
  }
  Node *n = find_member(p, base, st, name, name->loc, 0);
  if (!n) {
    diag_error(p->diag, name->loc, "no member named '%s' in '%s'", tok_name(p, name), tname(p, st));
    return err_node(p, loc);
  }
  return n;
}

/* a[i] is *(a + i) (C11 6.5.2.1), either operand may be the pointer. */
Node *sema_subscript(Parser *p, Node *a, Node *i, Loc loc) {
  if (!is_err(p, a) && is_class_type(a->ty)) {
    NodeVec args = {0};
    vec_push(p->arena, &args, i);
    Node *ov = overload_member_op(p, "[]", a, &args, loc);
    if (ov) return ov;
  }
  a = rvalue(p, a);
  i = rvalue(p, i);
  if (is_err(p, a) || is_err(p, i)) return err_node(p, loc);
  if (a->ty->kind != TY_PTR && i->ty->kind == TY_PTR) {
    Node *t = a;
    a = i;
    i = t;
  }
  if (a->ty->kind != TY_PTR) {
    diag_error(p->diag, loc, "subscripted value is not an array or pointer");
    return err_node(p, loc);
  }
  if (!type_is_integer(i->ty)) {
    diag_error(p->diag, i->loc, "array subscript is not an integer");
    return err_node(p, loc);
  }
  if (!check_pointer_arith(p, a->ty, loc)) return err_node(p, loc);
  Node *add = binary(p, ND_PTR_ADD, a, promote(p, i), type_unqual(a->ty), loc);
  return unary(p, ND_DEREF, add, a->ty->base, loc);
}

/* (T)e, static_cast<T>(e), T(e): scalar to scalar, anything to void. */
Node *sema_explicit_cast(Parser *p, Node *e, Type *ty, Loc loc) {
  e = rvalue(p, e);
  if (is_err(p, e) || ty == p->err_ty) return err_node(p, loc);
  if (is_ref_type(ty)) return ref_deref(p, ref_bind(p, e, ty, CONV_INIT, loc));
  if (is_class_type(e->ty) && !is_class_type(ty) && type_unqual(ty)->kind != TY_VOID) {
    Node *uc = class_convert(p, e, ty, CONV_INIT, loc);
    if (uc) return uc;
  }
  Node *bc = inherit_convert(p, e, ty, true, loc);  /* parse_inherit.c: up- and downcasts */
  if (bc) return bc;
  Type *to = type_unqual(ty), *from = type_unqual(e->ty);
  bool ok = to->kind == TY_VOID ||
            (type_is_scalar(to) && type_is_scalar(from) &&
             !(type_is_flonum(to) && from->kind == TY_PTR) &&
             !(to->kind == TY_PTR && type_is_flonum(from))) ||
            ((to->kind == TY_STRUCT || to->kind == TY_UNION) && type_is_compatible(to, from));
  if (!ok) {
    diag_error(p->diag, loc, "cannot cast from type '%s' to '%s'", tname(p, e->ty), tname(p, ty));
    return err_node(p, loc);
  }
  Node *c = new_node(p, ND_CAST, loc);
  c->lhs = e;
  c->ty = to;
  return c;
}

/* ---- constant expressions (C11 6.6) ------------------------------------------- */

/* Truncates an integer value to the width and signedness of t. */
static int64_t wrap_int(int64_t v, Type *t) {
  t = type_unqual(t);
  if (t->kind == TY_ENUM) t = t->base;
  if (t->kind == TY_BOOL) return v != 0;
  switch (t->size) {
  case 1: return t->is_unsigned ? (int64_t)(uint8_t)v : (int64_t)(int8_t)v;
  case 2: return t->is_unsigned ? (int64_t)(uint16_t)v : (int64_t)(int16_t)v;
  case 4: return t->is_unsigned ? (int64_t)(uint32_t)v : (int64_t)(int32_t)v;
  default: return v;
  }
}

typedef struct CVal {
  bool is_float;
  int64_t i;
  double f;
} CVal;

static bool eval_rec(Parser *p, Node *n, CVal *out, int depth);

static double as_double(CVal v, Type *from) {
  if (v.is_float) return v.f;
  return from && from->is_unsigned ? (double)(uint64_t)v.i : (double)v.i;
}

static bool eval_binary_int(NodeKind k, Type *t, int64_t a, int64_t b, int64_t *r) {
  bool u = t->is_unsigned;
  uint64_t ua = (uint64_t)a, ub = (uint64_t)b;
  switch (k) {
  case ND_ADD: *r = (int64_t)(ua + ub); break;
  case ND_SUB: *r = (int64_t)(ua - ub); break;
  case ND_MUL: *r = (int64_t)(ua * ub); break;
  case ND_DIV: case ND_MOD:
    if (b == 0 || (!u && a == INT64_MIN && b == -1)) return false;
    if (k == ND_DIV) *r = u ? (int64_t)(ua / ub) : a / b;
    else *r = u ? (int64_t)(ua % ub) : a % b;
    break;
  case ND_BITAND: *r = a & b; break;
  case ND_BITOR: *r = a | b; break;
  case ND_BITXOR: *r = a ^ b; break;
  case ND_SHL: if (ub >= 64) return false; *r = (int64_t)(ua << ub); break;
  case ND_SHR:
    if (ub >= 64) return false;
    *r = u ? (int64_t)(ua >> ub) : (a < 0 ? ~(~a >> ub) : a >> ub);
    break;
  case ND_EQ: *r = a == b; break;
  case ND_NE: *r = a != b; break;
  case ND_LT: *r = u ? ua < ub : a < b; break;
  case ND_LE: *r = u ? ua <= ub : a <= b; break;
  case ND_GT: *r = u ? ua > ub : a > b; break;
  case ND_GE: *r = u ? ua >= ub : a >= b; break;
  default: return false;
  }
  return true;
}

static bool eval_binary(Parser *p, Node *n, CVal *out, int depth) {
  CVal a, b;
  if (!eval_rec(p, n->lhs, &a, depth) || !eval_rec(p, n->rhs, &b, depth)) return false;
  Type *ot = n->lhs->ty;  /* operands share one type */
  if (type_is_flonum(ot)) {
    double x = as_double(a, NULL), y = as_double(b, NULL), r;
    switch (n->kind) {
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
    out->is_float = true;
    out->f = type_unqual(n->ty)->kind == TY_FLOAT ? (double)(float)r : r;
    return true;
  }
  if (a.is_float || b.is_float) return false;
  int64_t r;
  if (!eval_binary_int(n->kind, type_unqual(ot), a.i, b.i, &r)) return false;
  out->i = wrap_int(r, n->ty);
  return true;
}

static bool eval_cast(Parser *p, Node *n, CVal *out, int depth) {
  CVal v;
  if (!eval_rec(p, n->lhs, &v, depth)) return false;
  Type *to = type_unqual(n->ty), *from = type_unqual(n->lhs->ty);
  if (type_is_flonum(to)) {
    double d = as_double(v, from);
    out->is_float = true;
    out->f = to->kind == TY_FLOAT ? (double)(float)d : d;
    return true;
  }
  if (!type_is_integer(to)) return false;
  if (v.is_float) {
    if (to->kind == TY_BOOL) { out->i = v.f != 0; return true; }
    if (!(v.f > -9.3e18 && v.f < 1.85e19)) return false;
    out->i = v.f >= 9.2e18 ? (int64_t)(uint64_t)v.f : (int64_t)v.f;
  } else {
    out->i = v.i;
  }
  out->i = wrap_int(out->i, to);
  return true;
}

static bool eval_rec(Parser *p, Node *n, CVal *out, int depth) {
  memset(out, 0, sizeof *out);
  if (depth > 4 * MAX_NESTING || is_err(p, n)) return false;
  depth++;
  switch (n->kind) {
  case ND_NUM:
    if (type_is_flonum(n->ty)) { out->is_float = true; out->f = n->fval; }
    else if (type_is_integer(n->ty)) out->i = n->ival;
    else return false;
    return true;
  case ND_CAST:
    return eval_cast(p, n, out, depth);
  case ND_ADD: case ND_SUB: case ND_MUL: case ND_DIV: case ND_MOD:
  case ND_BITAND: case ND_BITOR: case ND_BITXOR: case ND_SHL: case ND_SHR:
  case ND_EQ: case ND_NE: case ND_LT: case ND_LE: case ND_GT: case ND_GE:
    return eval_binary(p, n, out, depth);
  case ND_LOGAND: case ND_LOGOR: {
    CVal a, b;
    if (!eval_rec(p, n->lhs, &a, depth)) return false;
    if ((n->kind == ND_LOGAND) != (a.i != 0)) { out->i = a.i != 0; return true; }
    if (!eval_rec(p, n->rhs, &b, depth)) return false;
    out->i = b.i != 0;
    return true;
  }
  case ND_NEG: case ND_BITNOT: case ND_NOT: {
    CVal a;
    if (!eval_rec(p, n->lhs, &a, depth)) return false;
    if (a.is_float) {
      if (n->kind != ND_NEG) return false;
      out->is_float = true;
      out->f = -a.f;
      return true;
    }
    int64_t r = n->kind == ND_NEG ? (int64_t)(0 - (uint64_t)a.i) : n->kind == ND_BITNOT ? ~a.i : !a.i;
    out->i = wrap_int(r, n->ty);
    return true;
  }
  case ND_COND: {
    CVal c;
    if (!eval_rec(p, n->cond, &c, depth)) return false;
    return eval_rec(p, c.i ? n->then : n->els, out, depth);
  }
  case ND_VAR: {
    /* const integer and floating variables with constant initializers
     * (C++ [expr.const]) */
    Obj *v = n->obj;
    if (!v->ty->is_const || v->ty->is_volatile || !type_is_arith(v->ty) || !v->init) return false;
    return eval_rec(p, v->init, out, depth);
  }
  case ND_CALL:  /* a constexpr function (const_eval.c) */
    return const_eval_call(p, n, &out->i, &out->f, &out->is_float);
  default:
    return false;
  }
}

bool eval_const(Parser *p, Node *n, int64_t *iv, double *fv, bool *is_float) {
  CVal v;
  if (!eval_rec(p, n, &v, 0)) return false;
  *iv = v.i;
  *fv = v.f;
  *is_float = v.is_float;
  return true;
}

bool eval_int(Parser *p, Node *n, int64_t *out) {
  CVal v;
  if (!type_is_integer(n->ty) || !eval_rec(p, n, &v, 0) || v.is_float) return false;
  *out = v.i;
  return true;
}

/* Replaces a constant arithmetic expression by its ND_NUM value. */
Node *fold_const(Parser *p, Node *n) {
  if (is_err(p, n) || n->kind == ND_NUM || !type_is_arith(n->ty)) return n;
  CVal v;
  if (!eval_rec(p, n, &v, 0)) return n;
  Node *r = new_node(p, ND_NUM, n->loc);
  r->ty = type_unqual(n->ty);
  if (type_is_flonum(r->ty)) r->fval = v.is_float ? v.f : (double)v.i;
  else r->ival = v.i;
  return r;
}

/* An address constant (C11 6.6p9): &global, global array, string, +- int. */
static bool is_address_const(Parser *p, Node *n) {
  switch (n->kind) {
  case ND_CAST:
    return n->ty->kind == TY_PTR && (is_address_const(p, n->lhs) || is_null_const(n));
  case ND_DECAY: case ND_ADDR:
    n = n->lhs;
    while (n->kind == ND_MEMBER) n = n->lhs;
    return n->kind == ND_STR || n->kind == ND_FUNCREF ||
           (n->kind == ND_VAR && (!n->obj->is_local || n->obj->is_static));
  case ND_PTR_ADD: case ND_PTR_SUB: {
    int64_t v;
    return is_address_const(p, n->lhs) && eval_int(p, n->rhs, &v);
  }
  default:
    return false;
  }
}

/* Checks (and folds) the initializer of a static-storage object. */
bool check_const_init(Parser *p, Node *n) {
  if (is_err(p, n)) return false;
  if (n->kind == ND_INIT_LIST) {
    bool ok = true;
    for (Node *a = n->args; a; a = a->next) ok &= check_const_init(p, a);
    return ok;
  }
  if (n->kind == ND_ZERO_INIT || n->kind == ND_NUM) return true;
  Node *f = fold_const(p, n);
  if (f->kind == ND_NUM) {
    Node *keep = n->next;
    *n = *f;
    n->next = keep;
    return true;
  }
  if (is_address_const(p, n)) return true;
  diag_error(p->diag, n->loc, "initializer element is not a compile-time constant");
  return false;
}
