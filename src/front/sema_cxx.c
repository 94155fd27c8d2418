/* sema_cxx.c: C++ references (C++17 [dcl.ref], [dcl.init.ref]). A
 * reference is a TY_PTR with is_ref: binding takes the address (ND_ADDR,
 * of a temporary when a const T& or T&& binds an rvalue: lowering gives
 * the rvalue a slot), a use dereferences (ND_DEREF), so lowering sees
 * ordinary pointers. Overload resolution is in sema_overload.c, classes in
 * parse_class.c. */
#include "parse_internal.h"

/* The '&' or '&&' of a declarator after ty; references to references
 * collapse (C++17 [dcl.ref]p6: only T&& && stays an rvalue reference). */
Type *declarator_ref(Parser *p, Type *ty) {
  Token *t = tok(p);
  int kind = t->kind == TK_LOGAND ? 2 : 1;
  next(p);
  while (at(p, KW_ATTRIBUTE)) skip_attribute(p, NULL, NULL);
  if (ty == p->err_ty) return ty;
  if (ty->kind == TY_PTR && ty->is_ref) {
    if (ty->is_ref == kind) return ty;
    return ref_type(p, ty->base, 1);
  }
  if (type_unqual(ty)->kind == TY_VOID) {
    diag_error(p->diag, t->loc, "cannot form a reference to 'void'");
    return p->err_ty;
  }
  return ref_type(p, ty, kind);
}

Type *ref_type(Parser *p, Type *base, int kind) {
  Type *r = type_ref_to(p->arena, base);
  r->is_ref = kind;
  return r;
}

bool is_ref_type(Type *t) { return t && t->kind == TY_PTR && t->is_ref; }

/* A use of a reference is a use of the object it refers to. */
Node *ref_deref(Parser *p, Node *n) {
  if (is_err(p, n) || !is_ref_type(n->ty)) return n;
  Node *d = new_node(p, ND_DEREF, n->loc);
  d->lhs = n;
  d->ty = n->ty->base;
  return d;
}

/* Lvalues in C++ that C does not have: assignments, prefix ++/--, a comma
 * or ?: whose operands are lvalues. Lowering takes their address. */
bool ref_is_lvalue(Node *n) {
  switch (n->kind) {
  case ND_ASSIGN: case ND_COMPOUND_ASSIGN: case ND_PRE_INC: case ND_PRE_DEC: return true;
  case ND_COMMA: return ref_is_lvalue(n->rhs);
  case ND_COND: return ref_is_lvalue(n->then) && ref_is_lvalue(n->els);
  default: return sema_is_lvalue(n);
  }
}

static Node *addr_as_ref(Parser *p, Node *e, Type *ref) {
  Node *a = new_node(p, ND_ADDR, e->loc);
  a->lhs = e;
  a->ty = ref;
  return a;
}

/* Is a reference to `to` bindable to an lvalue of type `from` directly
 * (reference-compatible, [dcl.init.ref]p4)? */
bool ref_compatible(Type *to, Type *from) {
  Type *tu = type_unqual(to), *fu = type_unqual(from);
  if (!same_type(tu, fu)) return false;
  if (tu->kind == TY_PTR && !type_is_compatible(tu->base, fu->base)) return false;
  return (to->is_const || !from->is_const) && (to->is_volatile || !from->is_volatile);
}

/* Initializes the reference type `ref` with e ([dcl.init.ref]p5). */
Node *ref_bind(Parser *p, Node *e, Type *ref, int ctx, Loc loc) {
  if (is_err(p, e) || ref == p->err_ty) return e;
  Type *base = ref->base;
  bool lv = ref_is_lvalue(e);
  if (lv && ref->is_ref == 1 && ref_compatible(base, e->ty)) return addr_as_ref(p, e, ref);
  if (lv && ref->is_ref == 1 && inherit_is_base_of(base, e->ty) &&
      (base->is_const || !e->ty->is_const))  /* parse_inherit.c: A& to a D */
    return addr_as_ref(p, inherit_to_base(p, e, base), ref);
  if (lv && ref->is_ref == 1 && same_type(base, e->ty) && !base->is_const) {
    diag_error(p->diag, loc, "binding reference of type '%s' to value of type '%s' drops '%s' qualifier",
               type_name(p->arena, base), type_name(p->arena, e->ty),
               e->ty->is_const ? "const" : "volatile");
    return err_node(p, loc);
  }
  if (!base->is_const && ref->is_ref == 1) {
    diag_error(p->diag, loc, "non-const lvalue reference to type '%s' cannot bind to a %s '%s'",
               type_name(p->arena, base), lv ? "value of unrelated type" : "temporary of type",
               type_name(p->arena, e->ty));
    return err_node(p, loc);
  }
  if (ref->is_ref == 2 && lv && ref_compatible(base, e->ty)) {
    diag_error(p->diag, loc, "rvalue reference to type '%s' cannot bind to lvalue of type '%s'",
               type_name(p->arena, base), type_name(p->arena, e->ty));
    return err_node(p, loc);
  }
  /* a temporary of the referenced type: lowering gives it a slot */
  Node *v = convert_assign(p, e, type_unqual(base), ctx, loc);
  if (is_err(p, v)) return v;
  if (ref_is_lvalue(v)) {  /* a class object converted to itself: copy */
    Obj *tmp = new_temp(p, type_unqual(base), loc);
    if (!tmp) return err_node(p, loc);
    Node *var = var_node(p, tmp, loc);
    Node *as = new_node(p, ND_ASSIGN, loc);
    as->lhs = var;
    as->rhs = v;
    as->ty = var->ty;
    v = as;
  }
  return addr_as_ref(p, v, ref);
}

/* A temporary object with no declaration: lowering makes its slot. */
Obj *new_temp(Parser *p, Type *ty, Loc loc) {
  if (!p->fn) {
    diag_unsupported(p->diag, loc, "a temporary object outside a function");
    return NULL;
  }
  Obj *v = new_local(p, NULL, type_unqual(ty), loc);
  v->name = "tmp";
  v->is_temp = true;
  return v;
}

Node *var_node(Parser *p, Obj *v, Loc loc) {
  Node *n = new_node(p, ND_VAR, loc);
  n->obj = v;
  n->ty = v->ty;
  return n;
}
