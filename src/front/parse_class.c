/* parse_class.c: C++ class features beyond data members and methods:
 * operator function names (`operator+`, `operator[]`, `operator float *`)
 * and user-defined conversions through conversion functions (C++17
 * [class.conv.fct]). Member functions themselves are declared in
 * parse_decl.c; overload resolution is in sema_overload.c. */
#include "parse_internal.h"

#include <string.h>

/* The spelling of an overloadable operator token, or NULL. */
static const char *operator_spelling(Parser *p) {
  Token *t = tok(p);
  switch (t->kind) {
  case TK_LPAREN: return peek_at(p, 1)->kind == TK_RPAREN ? "()" : NULL;
  case TK_LBRACKET: return peek_at(p, 1)->kind == TK_RBRACKET ? "[]" : NULL;
  case KW_NEW: case KW_DELETE: return NULL;
  default: break;
  }
  const char *s = token_kind_name(t->kind);
  if (!s || !*s) return NULL;
  if (strchr("+-*/%^&|~!=<>,", s[0]) == NULL) return NULL;
  return s;
}

/* operator-function-id = "operator" (operator-token | "()" | "[]")
 * conversion-function-id = "operator" type-specifiers ptr-operators
 * Returns a token naming the function ("operator+", "operator conv");
 * a conversion function's type is returned in *conv. */
Token *parse_operator_name(Parser *p, Type **conv) {
  Token *kw = tok(p);
  next(p);  /* operator */
  *conv = NULL;
  Token *name = ARENA_NEW(p->arena, Token);
  *name = *kw;
  name->kind = TK_IDENT;
  const char *op = operator_spelling(p);
  if (op) {
    if (strcmp(op, "()") == 0 || strcmp(op, "[]") == 0) next(p);
    next(p);
    name->text = arena_printf(p->arena, "operator%s", op);
  } else if (is_typename(p, tok(p))) {
    DeclSpec ds;
    parse_declspec(p, &ds, false);
    Type *t = ds.ty;
    while (at(p, TK_STAR) || at(p, TK_AMP) || at(p, KW_CONST)) {
      if (accept(p, KW_CONST)) t = qualify(p, t, true, false, false);
      else if (at(p, TK_AMP)) t = declarator_ref(p, t);
      else {
        next(p);
        t = type_pointer_to(p->arena, t);
      }
    }
    *conv = t;
    name->text = "operator conv";
  } else {
    diag_error(p->diag, tok(p)->loc, "expected a type");
    name->text = "operator?";
  }
  name->len = (int)strlen(name->text);
  return name;
}

/* A conversion function of e's class that gives `to` or converts to it
 * by a standard conversion. */
static Method *find_conversion(Parser *p, Type *cls, Type *to) {
  Method *best = NULL;
  Type *tu = type_unqual(to);
  for (Method *m = type_unqual(cls)->methods; m; m = m->next) {
    if (strcmp(m->name, "operator conv") != 0 || m->is_static) continue;
    Type *rt = m->fn->ty->return_ty;
    if (is_ref_type(rt)) rt = rt->base;
    rt = type_unqual(rt);
    if (same_type(rt, tu) && (rt->kind != TY_PTR || type_is_compatible(rt->base, tu->base))) return m;
    bool ok = (type_is_arith(rt) && type_is_arith(tu)) ||
              (tu->kind == TY_BOOL && rt->kind == TY_PTR) ||
              (tu->kind == TY_PTR && rt->kind == TY_PTR &&
               (type_unqual(tu->base)->kind == TY_VOID || type_is_compatible(type_unqual(tu->base), type_unqual(rt->base))));
    if (ok && !best) best = m;
  }
  (void)p;
  return best;
}

bool class_converts(Parser *p, Node *e, Type *to) {
  return (is_class_type(e->ty) && find_conversion(p, e->ty, to)) || ctor_converts(p, e, to);
}

/* e (a class object) converted to `to` by its conversion function, or
 * NULL when it has none. */
Node *class_convert(Parser *p, Node *e, Type *to, int ctx, Loc loc) {
  if (!is_class_type(e->ty)) return ctor_convert(p, e, to, loc);  /* parse_ctor.c */
  Method *m = find_conversion(p, e->ty, to);
  if (!m) return NULL;
  NodeVec args = {0};
  vec_push(p->arena, &args, object_address(p, e));
  Node *call = finish_call(p, m->fn, &args, loc);
  if (is_err(p, call)) return call;
  return convert_assign(p, call, to, ctx, loc);
}

/* T() and T{...} for a class T without constructors: a value-initialized
 * (zeroed) temporary or an aggregate initialized from the braced list;
 * T(e) copies a T. The type was parsed; '(' or '{' is current. NULL when
 * T is not a class. */
Node *class_temporary(Parser *p, Type *ty, Loc loc) {
  if (!is_class_type(ty)) return NULL;
  Node *ct = ctor_temporary(p, ty, loc);  /* parse_ctor.c: a class with constructors */
  if (ct) return ct;
  if (at(p, TK_LBRACE)) {
    Type *t = type_unqual(ty);
    return parse_initializer(p, &t, false);
  }
  if (!accept(p, TK_LPAREN)) return NULL;
  if (accept(p, TK_RPAREN)) {
    Node *z = new_node(p, ND_ZERO_INIT, loc);
    z->ty = type_unqual(ty);
    return z;
  }
  Node *e = parse_assign(p);
  expect(p, TK_RPAREN, NULL);
  return convert_assign(p, e, type_unqual(ty), CONV_INIT, loc);
}
