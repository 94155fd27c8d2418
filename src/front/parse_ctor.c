/* parse_ctor.c: C++ constructors (C++17 [class.ctor], [class.base.init],
 * [dcl.init]): constructor declarations, mem-initializer lists, default
 * member initializers, the implicit default constructor a class needs for
 * them, construction of locals (`T x(a)`, `T x{a}`, `T x = {a}`, `T x;`,
 * arrays), temporaries (`T(a)`, `T{a}`) and converting constructors.
 * Trivial destructors are accepted; user-provided ones are reported. */
#include "parse_internal.h"

#include <string.h>

/* ---- declarations in a class body ------------------------------------------ */

static bool is_class_name(Parser *p, Token *t, Type *sty) {
  return t->kind == TK_IDENT && find_tag(p, t->text, t->len) == sty;
}

/* Specifiers before a constructor or destructor name. */
void ctor_parse_specifiers(Parser *p, DeclSpec *ds, bool *is_explicit) {
  for (;;) {
    switch (tok(p)->kind) {
    case KW_DEVICE: ds->exec |= EXEC_DEVICE; ds->has_device = true; break;
    case KW_HOST: ds->exec |= EXEC_HOST; break;
    case KW_INLINE: case KW_INLINE_GNU: case KW_INLINE_GNU2: ds->is_inline = true; break;
    case KW_CONSTEXPR: ds->is_constexpr = true; break;
    case KW_EXPLICIT: *is_explicit = true; break;
    case KW_FORCEINLINE: ds->forceinline = true; break;
    case KW_NOINLINE: ds->noinline = true; break;
    case KW_ATTRIBUTE: skip_attribute(p, NULL, NULL); continue;
    default: return;
    }
    next(p);
  }
}

/* "~" class-name "(" "void"? ")" (body | "= default;" | ";")
 * A destructor with a body (or declared here and defined outside) is a
 * Method with is_dtor, called at the end of each object's lifetime
 * (parse_dtor.c); `= default` leaves the implicit one. */
static void parse_destructor(Parser *p, Type *sty, DeclSpec *ds) {
  next(p);  /* ~ */
  Token *name = tok(p);
  if (is_class_name(p, tok(p), sty)) next(p);
  else diag_error(p->diag, tok(p)->loc, "expected the class name after '~' to name a destructor");
  if (expect(p, TK_LPAREN, NULL)) {
    accept(p, KW_VOID);
    expect(p, TK_RPAREN, NULL);
  }
  while (at(p, KW_NOEXCEPT) || at(p, KW_ATTRIBUTE)) {
    if (at(p, KW_ATTRIBUTE)) {
      skip_attribute(p, NULL, NULL);
      continue;
    }
    next(p);  /* noexcept */
    if (at(p, TK_LPAREN)) skip_balanced(p);
  }
  if (accept(p, TK_ASSIGN)) {
    next(p);  /* default / delete */
    expect(p, TK_SEMI, NULL);
    return;
  }
  p->params.len = 0;
  ds->ty = ty_void;
  Method *m = declare_method(p, sty, ds, type_func(p->arena, ty_void), name);
  m->is_dtor = true;
  m->is_decl_only = m->body_pos < 0;
  m->name = "<dtor>";
  m->fn->name = arena_printf(p->arena, "%s::~%s", sty->name ? sty->name : "<anonymous>", tok_name(p, name));
}

/* mem-initializer-list = ":" mem-initializer ("," mem-initializer)*
 * mem-initializer = (ident | class-type) ("(" ... ")" | "{" ... "}")
 * Skipped here (the body is parsed when the class is complete). */
void ctor_skip_mem_inits(Parser *p) {
  next(p);  /* : */
  while (at(p, TK_IDENT) || at(p, TK_SCOPE)) {
    while (at(p, TK_IDENT) || at(p, TK_SCOPE) || at(p, KW_TEMPLATE)) {
      next(p);
      if (at(p, TK_LT)) {  /* a base's template arguments */
        int depth = 0;
        do {
          if (at(p, TK_LT)) depth++;
          else if (at(p, TK_GT)) depth--;
          else if (at(p, TK_SHR)) depth -= 2;
          else if (at(p, TK_LPAREN)) { skip_balanced(p); continue; }
          next(p);
        } while (depth > 0 && !at(p, TK_EOF) && !at(p, TK_LBRACE) && !at(p, TK_SEMI));
      }
    }
    if (at(p, TK_LPAREN) || at(p, TK_LBRACE)) skip_balanced(p);
    else break;
    if (!accept(p, TK_COMMA)) break;
  }
  if (!at(p, TK_LBRACE)) diag_error(p->diag, tok(p)->loc, "expected '{' or ','");
}

/* A constructor or destructor declaration in sty's body, if one starts
 * here (after specifiers); false, nothing consumed, otherwise. */
bool ctor_parse_member(Parser *p, Type *sty) {
  int start = p->pos;
  DeclSpec ds = {0};
  bool is_explicit = false;
  ds.loc = tok(p)->loc;
  ctor_parse_specifiers(p, &ds, &is_explicit);
  if (at(p, TK_TILDE) && is_class_name(p, peek_at(p, 1), sty)) {
    parse_destructor(p, sty, &ds);
    return true;
  }
  if (!is_class_name(p, tok(p), sty) || peek_at(p, 1)->kind != TK_LPAREN) {
    p->pos = start;
    return false;
  }
  ds.ty = ty_void;
  ds.explicit_type = true;
  Token *name = NULL;
  Type *ft = parse_declarator(p, ty_void, &name);
  if (!name || ft->kind != TY_FUNC) {
    sync_stmt(p);
    return true;
  }
  bool defaulted = false;
  if (accept(p, TK_ASSIGN)) {  /* = default / = delete */
    defaulted = accept(p, KW_DEFAULT);
    if (!defaulted) next(p);
    if (!defaulted || p->params.len > 0) {  /* the implicit copy does it */
      expect(p, TK_SEMI, NULL);
      return true;
    }
  }
  int init_pos = 0;
  if (at(p, TK_COLON)) {
    init_pos = p->pos;
    ctor_skip_mem_inits(p);
  }
  Method *m = declare_method(p, sty, &ds, ft, name);
  m->is_decl_only = !defaulted && m->body_pos < 0;  /* defined outside: parse_outofclass.c */
  m->is_ctor = true;
  m->is_explicit = is_explicit;
  m->init_pos = init_pos;
  m->name = "<ctor>";
  m->fn->name = arena_printf(p->arena, "%s::%s", sty->name ? sty->name : "<anonymous>", tok_name(p, name));
  return true;
}

/* `= init` or `{init}` after a data member: remembered, parsed in each
 * constructor (C++17 [class.mem]p9). */
void ctor_skip_default_init(Parser *p, Member *m) {
  if (at(p, TK_LBRACE)) {
    m->init_start = p->pos;
    skip_balanced(p);
    return;
  }
  next(p);  /* = */
  m->init_start = p->pos;
  while (!at(p, TK_EOF) && !at(p, TK_COMMA) && !at(p, TK_SEMI) && !at(p, TK_RBRACE)) {
    if (at(p, TK_LPAREN) || at(p, TK_LBRACE) || at(p, TK_LBRACKET)) skip_balanced(p);
    else next(p);
  }
}

bool ctor_has_ctors(Type *t) {
  if (!is_class_type(t)) return false;
  for (Method *m = type_unqual(t)->methods; m; m = m->next)
    if (m->is_ctor) return true;
  return false;
}

/* Constructors the user declared (the implicit default one has no ds). */
static bool has_user_ctors(Type *t) {
  if (!is_class_type(t)) return false;
  for (Method *m = type_unqual(t)->methods; m; m = m->next)
    if (m->is_ctor && m->ds) return true;
  return false;
}

/* A class whose objects need a constructor call: default member
 * initializers, or members that have constructors. */
static bool needs_implicit_ctor(Type *sty) {
  for (BaseClass *b = sty->bases; b; b = b->next)
    if (ctor_has_ctors(b->ty)) return true;
  for (Member *m = sty->members; m; m = m->next) {
    Type *t = m->ty;
    while (t->kind == TY_ARRAY) t = t->base;
    if (m->init_start > 0 || ctor_has_ctors(t)) return true;
  }
  return false;
}

/* The implicit default constructor ([class.default.ctor]) of a class that
 * declares none but needs one; its body is the members' initializers. */
void ctor_finish_class(Parser *p, Type *sty) {
  if (sty->kind != TY_STRUCT || ctor_has_ctors(sty) || !needs_implicit_ctor(sty)) return;
  class_add_implicit_method(p, sty, false);
}

/* Appends to sty an implicit member taking only `this` (the implicit
 * default constructor or destructor), named S::S or S::~S. */
void class_add_implicit_method(Parser *p, Type *sty, bool is_dtor) {
  Method *m = ARENA_NEW(p->arena, Method);
  m->name = is_dtor ? "<dtor>" : "<ctor>";
  m->is_ctor = !is_dtor;
  m->is_dtor = is_dtor;
  m->body_pos = -1;
  m->nparams = 1;
  m->params = ARENA_ARRAY(p->arena, ParamDecl, 1);
  m->params[0] = (ParamDecl){"this", sty->loc, type_pointer_to(p->arena, sty), NULL};
  Type *ft = type_func(p->arena, ty_void);
  ft->params = ARENA_ARRAY(p->arena, Type *, 1);
  ft->params[0] = m->params[0].ty;
  ft->param_count = 1;
  Obj *fn = ARENA_NEW(p->arena, Obj);
  const char *n = sty->name ? sty->name : "<anonymous>";
  const char *short_n = strrchr(n, ':') ? strrchr(n, ':') + 1 : n;
  fn->name = arena_printf(p->arena, "%s::%s%s", n, is_dtor ? "~" : "", short_n);
  fn->ty = ft;
  fn->loc = sty->loc;
  fn->is_function = fn->is_inline = true;
  fn->exec = EXEC_HOST | EXEC_DEVICE;
  m->fn = fn;
  Method **tail = (Method **)&sty->methods;
  while (*tail) tail = &(*tail)->next;
  *tail = m;
}

/* ---- construction ---------------------------------------------------------- */

static Node *stmt_of(Parser *p, Node *e) {
  Node *s = new_node(p, ND_EXPR_STMT, e->loc);
  s->lhs = e;
  return s;
}

static Node *raw_assign(Parser *p, Node *lhs, Node *rhs, Loc loc) {
  if (is_err(p, rhs)) return rhs;
  Node *a = new_node(p, ND_ASSIGN, loc);
  a->lhs = lhs;
  a->rhs = rhs;
  a->ty = lhs->ty;
  return a;
}

static Node *addr_of(Parser *p, Node *obj) {
  Node *a = new_node(p, ND_ADDR, obj->loc);
  a->lhs = obj;
  a->ty = type_pointer_to(p->arena, type_unqual(obj->ty));
  return a;
}

/* "(" args ")" or "{" args "}" */
static NodeVec parse_ctor_args(Parser *p) {
  if (at(p, TK_LPAREN)) return parse_call_args(p);
  NodeVec args = {0};
  next(p);  /* { */
  while (!at(p, TK_RBRACE) && !at(p, TK_EOF)) {
    int before = p->pos;
    vec_push(p->arena, &args, parse_assign(p));
    if (p->pos == before || !accept(p, TK_COMMA)) break;
  }
  expect(p, TK_RBRACE, NULL);
  return args;
}

/* Does the class declare a constructor taking one of its own objects? */
static bool has_copy_ctor(Type *cls) {
  for (Method *m = type_unqual(cls)->methods; m; m = m->next) {
    if (!m->is_ctor || m->fn->ty->param_count != 2) continue;
    Type *t = m->fn->ty->params[1];
    if (is_ref_type(t)) t = t->base;
    if (type_is_compatible(type_unqual(t), type_unqual(cls))) return true;
  }
  return false;
}

/* The constructor call that initializes the object at self (a pointer)
 * from args; copy_init leaves out explicit constructors. An implicit
 * copy of an object of the class is a plain assignment. */
static Node *construct_at(Parser *p, Type *cls, Node *self, NodeVec *args, bool copy_init, Loc loc) {
  cls = type_unqual(cls);
  for (int i = 0; i < args->len; i++)
    if (is_err(p, args->data[i])) return args->data[i];
  if (args->len == 1 && is_class_type(args->data[0]->ty) &&
      type_is_compatible(type_unqual(args->data[0]->ty), cls) && !has_copy_ctor(cls)) {
    Node *obj = new_node(p, ND_DEREF, loc);
    obj->lhs = self;
    obj->ty = cls;
    return raw_assign(p, obj, rvalue(p, args->data[0]), loc);
  }
  Obj *fns[64];
  int n = 0;
  for (Method *m = cls->methods; m && n < 64; m = m->next)
    if (m->is_ctor && !(copy_init && m->is_explicit)) fns[n++] = m->fn;
  NodeVec with = {0};
  vec_push(p->arena, &with, self);
  for (int i = 0; i < args->len; i++) vec_push(p->arena, &with, args->data[i]);
  const char *cname = cls->name ? cls->name : type_name(p->arena, cls);
  Obj *fn = overload_ctor(p, fns, n, &with, cname, loc, true);
  if (!fn) return err_node(p, loc);
  return finish_call(p, fn, &with, loc);
}

/* A temporary of class cls constructed from args: (ctor(&tmp, args), tmp). */
static Node *construct_temp(Parser *p, Type *cls, NodeVec *args, bool copy_init, Loc loc) {
  Obj *tmp = new_temp(p, cls, loc);
  if (!tmp) return err_node(p, loc);
  dtor_note_temp(p, tmp);  /* parse_dtor.c: destroyed after the full expression */
  Node *call = construct_at(p, cls, addr_of(p, var_node(p, tmp, loc)), args, copy_init, loc);
  if (is_err(p, call)) return call;
  Node *c = new_node(p, ND_COMMA, loc);
  c->lhs = call;
  c->rhs = var_node(p, tmp, loc);
  c->ty = c->rhs->ty;
  return c;
}

/* T(args) / T{args} / T() for a class with constructors; NULL for an
 * aggregate's T{...} (class_temporary makes it). */
Node *ctor_temporary(Parser *p, Type *ty, Loc loc) {
  if (!ctor_has_ctors(ty) || (at(p, TK_LBRACE) && !has_user_ctors(ty))) return NULL;
  if (!at(p, TK_LPAREN) && !at(p, TK_LBRACE)) return NULL;
  NodeVec args = parse_ctor_args(p);
  return construct_temp(p, ty, &args, false, loc);
}

/* An element of an initializer list whose type has user-declared
 * constructors: copy-initialized from the expression or the braced list
 * (no brace elision into its members). NULL for other types. */
Node *ctor_init_elem(Parser *p, Type *ty) {
  if (!has_user_ctors(ty)) return NULL;
  Loc loc = tok(p)->loc;
  if (at(p, TK_LBRACE)) {
    NodeVec args = parse_ctor_args(p);
    return construct_temp(p, type_unqual(ty), &args, true, loc);
  }
  return convert_assign(p, parse_assign(p), type_unqual(ty), CONV_INIT, loc);
}

/* The members an aggregate initializer leaves out get their default
 * member initializer, or their default constructor (C++17
 * [dcl.init.aggr]p8); elems[i] is NULL for those. */
void ctor_fill_defaults(Parser *p, Type *ty, Node **elems, int n) {
  int i = 0;
  for (Member *m = ty->members; m && i < n; m = m->next, i++) {
    if (elems[i]) continue;
    if (m->init_start > 0) {
      int save = p->pos;
      p->pos = m->init_start;
      Type *t = m->ty;
      Node *e = ctor_init_elem(p, t);
      elems[i] = e ? e : parse_initializer(p, &t, false);
      p->pos = save;
    } else if (ctor_has_ctors(m->ty) && p->fn) {
      NodeVec none = {0};
      elems[i] = construct_temp(p, type_unqual(m->ty), &none, false, m->loc);
    }
  }
}

/* ---- local variables ------------------------------------------------------- */

/* `x(args)` in a declaration: a direct-initialization, not a function
 * declarator (its first argument is not a type). */
bool ctor_is_direct_init(Parser *p, Type *ty) {
  (void)ty;
  if (!at(p, TK_IDENT) || peek_at(p, 1)->kind != TK_LPAREN) return false;
  Token *a = peek_at(p, 2);
  return a->kind != TK_RPAREN && !is_typename(p, a) && a->kind != TK_ELLIPSIS;
}

/* for (int i = 0; i < n; ++i) ctor(&v[i]); for an array of class objects. */
static Node *array_ctor_loop(Parser *p, Obj *v, Type *cls, Loc loc) {
  Obj *i = new_local(p, NULL, ty_int, loc);
  i->name = "ctor_i";
  i->init = new_num(p, 0, ty_int, loc);
  Node *decl = new_node(p, ND_DECL, loc);
  decl->obj = i;
  Node *f = new_node(p, ND_FOR, loc);
  f->init = decl;
  f->cond = sema_binary(p, ND_LT, var_node(p, i, loc), new_num(p, v->ty->array_len, ty_int, loc), loc);
  f->inc = sema_incdec(p, ND_PRE_INC, var_node(p, i, loc), loc);
  Node *elem = sema_subscript(p, var_node(p, v, loc), var_node(p, i, loc), loc);
  NodeVec none = {0};
  Node *call = construct_at(p, cls, addr_of(p, elem), &none, false, loc);
  if (is_err(p, call)) return NULL;
  f->then = stmt_of(p, call);
  return f;
}

/* The initializer of local v of a class with constructors (or any type's
 * `x(args)`), parsed here when it is one of the constructor forms: *done,
 * and the statements to run after v's declaration (the constructor call)
 * are returned. Otherwise nothing is consumed. */
Node *ctor_local_init(Parser *p, Obj *v, bool *done) {
  *done = false;
  Type *t = type_unqual(v->ty);
  Loc loc = v->loc;
  if (v->space == AS_SHARED) return NULL;  /* nvcc runs no constructor for __shared__ */
  if (t->kind == TY_ARRAY && ctor_has_ctors(t->base) && !at(p, TK_ASSIGN) && !at(p, TK_LBRACE)) {
    *done = true;
    if (t->base->kind == TY_ARRAY || t->array_len < 0) {
      diag_unsupported(p->diag, loc, "this array of a class with constructors");
      return NULL;
    }
    return array_ctor_loop(p, v, t->base, loc);
  }
  bool ctors = ctor_has_ctors(t), user = has_user_ctors(t);
  bool list = at(p, TK_LBRACE) || (at(p, TK_ASSIGN) && peek_at(p, 1)->kind == TK_LBRACE);
  if (at(p, TK_LPAREN) && !ctors) {  /* int x(5), S x(other) */
    *done = true;
    NodeVec args = parse_call_args(p);
    if (args.len != 1) {
      diag_error(p->diag, loc, args.len ? "excess elements in initializer" : "expected expression");
      return NULL;
    }
    v->init = convert_assign(p, args.data[0], v->ty, CONV_INIT, loc);
    return NULL;
  }
  if (!ctors) return NULL;
  if (at(p, TK_ASSIGN) && !list) return NULL;   /* copy-initialization: convert_assign */
  if (list && !user) return NULL;               /* an aggregate */
  *done = true;
  bool copy_init = accept(p, TK_ASSIGN);
  NodeVec args = {0};
  if (at(p, TK_LPAREN) || at(p, TK_LBRACE)) args = parse_ctor_args(p);
  Node *call = construct_at(p, t, addr_of(p, var_node(p, v, loc)), &args, copy_init, loc);
  return is_err(p, call) ? NULL : stmt_of(p, call);
}

/* A __device__/__constant__/__managed__ variable of a class with
 * constructors: its constructor would have to run before kernels, which
 * CUDA does not do (nvcc's error). Reports and skips the declaration. */
bool ctor_global_var(Parser *p, DeclSpec *ds) {
  Type *t = type_unqual(ds->ty);
  while (t->kind == TY_ARRAY) t = type_unqual(t->base);
  if (!(ds->has_device || ds->has_constant || ds->has_managed) || ds->is_extern || ds->is_typedef ||
      !ctor_has_ctors(t) || !at(p, TK_IDENT))
    return false;
  if (peek_at(p, 1)->kind == TK_LPAREN && !ctor_is_direct_init(p, t)) return false;  /* a function */
  if (peek_at(p, 1)->kind == TK_SCOPE || peek_at(p, 1)->kind == TK_LT) return false;  /* S::f */
  diag_error(p->diag, tok(p)->loc, "dynamic initialization is not supported for a __device__ variable");
  while (!at(p, TK_SEMI) && !at(p, TK_EOF)) {
    if (at(p, TK_LPAREN) || at(p, TK_LBRACE)) skip_balanced(p);
    else next(p);
  }
  accept(p, TK_SEMI);
  return true;
}

/* ---- converting constructors ([class.conv.ctor]) ----------------------------- */

/* Non-explicit constructors callable with one argument of a non-class
 * type (class arguments would recurse into user conversions). */
static int converting_ctors(Type *cls, Obj **fns) {
  int n = 0;
  for (Method *m = type_unqual(cls)->methods; m && n < 64; m = m->next) {
    if (!m->is_ctor || m->is_explicit || m->fn->ty->param_count < 2) continue;
    Obj *fn = m->fn;
    bool rest_default = true;
    for (int i = 2; i < fn->ty->param_count; i++)
      if (!fn->default_args || !fn->default_args[i]) rest_default = false;
    Type *pt = fn->ty->params[1];
    if (is_ref_type(pt)) pt = pt->base;
    if (rest_default && !is_class_type(pt)) fns[n++] = fn;
  }
  return n;
}

static Obj *pick_converting(Parser *p, Node *e, Type *to, Node *self) {
  if (!has_user_ctors(to) || is_class_type(e->ty) || is_err(p, e)) return NULL;
  Obj *fns[64];
  int n = converting_ctors(to, fns);
  if (n == 0) return NULL;
  NodeVec args = {0};
  vec_push(p->arena, &args, self);
  vec_push(p->arena, &args, e);
  return overload_ctor(p, fns, n, &args, NULL, e->loc, false);
}

bool ctor_converts(Parser *p, Node *e, Type *to) {
  if (!is_class_type(to)) return false;
  Type *pt = type_pointer_to(p->arena, type_unqual(to));
  return pick_converting(p, e, to, new_cast(p, new_num(p, 0, ty_long, e->loc), pt)) != NULL;
}

/* e converted to class `to` by a converting constructor, or NULL. */
Node *ctor_convert(Parser *p, Node *e, Type *to, Loc loc) {
  if (!is_class_type(to) || !has_user_ctors(to)) return NULL;
  Type *pt = type_pointer_to(p->arena, type_unqual(to));
  if (!pick_converting(p, e, to, new_cast(p, new_num(p, 0, ty_long, loc), pt))) return NULL;
  NodeVec args = {0};
  vec_push(p->arena, &args, e);
  return construct_temp(p, type_unqual(to), &args, true, loc);
}

/* ---- constructor bodies ------------------------------------------------------ */

/* this->m, the member as an lvalue (a reference member's pointer itself). */
static Node *this_member(Parser *p, Type *sty, Member *m, Loc loc) {
  Node *self = new_node(p, ND_DEREF, loc);
  self->lhs = var_node(p, p->cur_this, loc);
  self->ty = sty;
  Node *n = new_node(p, ND_MEMBER, loc);
  n->lhs = self;
  n->member = m;
  n->ty = m->ty;
  return n;
}

/* lhs = value, where value may be an initializer list (a local holds it). */
static Node *assign_value(Parser *p, Node *lhs, Node *val, Loc loc, Node **pre) {
  if (is_err(p, val)) return NULL;
  Type *t = type_unqual(lhs->ty);
  if (val->kind == ND_INIT_LIST || val->kind == ND_ZERO_INIT || t->kind == TY_ARRAY) {
    Obj *tmp = new_local(p, NULL, t, loc);
    tmp->name = "member_init";
    tmp->init = val;
    Node *d = new_node(p, ND_DECL, loc);
    d->obj = tmp;
    *pre = d;
    if (t->kind == TY_ARRAY) {  /* element by element */
      Node head = {0}, *cur = &head;
      for (int k = 0; k < t->array_len; k++) {
        Node *i = new_num(p, k, ty_int, loc);
        Node *l = sema_subscript(p, lhs, i, loc), *r = sema_subscript(p, var_node(p, tmp, loc), i, loc);
        Node *sub = NULL;
        Node *a = assign_value(p, l, rvalue(p, r), loc, &sub);
        if (sub) cur = cur->next = sub;
        if (a) cur = cur->next = stmt_of(p, a);
      }
      d->next = head.next;
      return NULL;
    }
    val = var_node(p, tmp, loc);
  }
  return raw_assign(p, lhs, val, loc);
}

/* T(): the zero value of an aggregate (value-initialization). */
static Node *zero_value(Parser *p, Type *t, Loc loc) {
  Node *z = new_node(p, ND_ZERO_INIT, loc);
  z->ty = t;
  return z;
}

/* Appends stmt (and whatever it chains) to *cur. */
static void append(Node ***cur, Node *s) {
  for (; s; s = s->next) {
    **cur = s;
    *cur = &s->next;
  }
}

/* The initialization of member m from the tokens at the current position:
 * "(" args ")", "{" args "}" (mem-initializers, default member
 * initializers in braces) or an initializer after '=' (eq). */
static void init_member(Parser *p, Type *sty, Member *m, bool eq, Node ***cur) {
  Loc loc = tok(p)->loc;
  Node *lhs = this_member(p, sty, m, loc);
  Type *t = type_unqual(m->ty);
  Node *pre = NULL, *a = NULL;
  if (ctor_has_ctors(t) && (at(p, TK_LPAREN) || (at(p, TK_LBRACE) && has_user_ctors(t)))) {
    NodeVec args = parse_ctor_args(p);
    a = construct_at(p, t, addr_of(p, lhs), &args, eq, loc);
  } else if (at(p, TK_LPAREN)) {
    NodeVec args = parse_call_args(p);
    if (args.len > 1) {
      diag_error(p->diag, loc, "excess elements in initializer");
      return;
    }
    if (is_ref_type(m->ty))
      a = args.len ? raw_assign(p, lhs, ref_bind(p, args.data[0], m->ty, CONV_INIT, loc), loc) : NULL;
    else if (args.len == 0)
      a = t->kind == TY_STRUCT || t->kind == TY_UNION || t->kind == TY_ARRAY
              ? assign_value(p, lhs, zero_value(p, t, loc), loc, &pre)
              : raw_assign(p, lhs, new_cast(p, new_num(p, 0, ty_int, loc), t), loc);
    else
      a = raw_assign(p, lhs, convert_assign(p, args.data[0], m->ty, CONV_INIT, loc), loc);
  } else if (is_ref_type(m->ty)) {
    bool braced = accept(p, TK_LBRACE);
    Node *e = parse_assign(p);
    if (braced) expect(p, TK_RBRACE, NULL);
    a = raw_assign(p, lhs, ref_bind(p, e, m->ty, CONV_INIT, loc), loc);
  } else if (ctor_has_ctors(t) && !at(p, TK_LBRACE)) {
    a = raw_assign(p, lhs, convert_assign(p, parse_assign(p), t, CONV_INIT, loc), loc);
  } else {
    Type *ty = t;
    a = assign_value(p, lhs, parse_initializer(p, &ty, false), loc, &pre);
  }
  append(cur, pre);
  if (a && !is_err(p, a)) append(cur, stmt_of(p, a));
}

/* A member that has no initializer but a default constructor. */
static void default_construct_member(Parser *p, Type *sty, Member *m, Node ***cur) {
  Type *t = type_unqual(m->ty);
  Loc loc = p->cur_this->loc;
  if (t->kind == TY_ARRAY) {
    if (ctor_has_ctors(t->base)) diag_unsupported(p->diag, loc, "an array member of a class with constructors");
    return;
  }
  if (!ctor_has_ctors(t)) return;
  NodeVec none = {0};
  Node *a = construct_at(p, t, addr_of(p, this_member(p, sty, m, loc)), &none, false, loc);
  if (!is_err(p, a)) append(cur, stmt_of(p, a));
}

static Member *find_member(Type *sty, Token *name) {
  for (Member *m = sty->members; m; m = m->next)
    if (m->name && (int)strlen(m->name) == name->len && memcmp(m->name, name->text, (size_t)name->len) == 0)
      return m;
  return NULL;
}

/* Where the mem-initializers' arguments are (C++17 [class.base.init]). */
typedef struct MemInits {
  int *pos;        /* per member index (base subobjects included), or 0 */
  int *empty_pos;  /* per base class in order, for empty bases, or 0 */
  int delegate;    /* a delegating constructor's S(args), or 0 */
  Loc delegate_loc;
} MemInits;

/* A mem-initializer naming a base class or the class itself (parsed as a
 * type: B, ns::B, B<T>). False if the name is not a class type. */
static bool base_init_position(Parser *p, Type *sty, MemInits *mi, int count) {
  Token *name = tok(p);
  if (!is_typename(p, name) && !at(p, TK_SCOPE)) return false;
  DeclSpec ds;
  parse_declspec(p, &ds, false);
  Type *t = type_unqual(ds.ty);
  if (t == sty) {
    if (count > 1) diag_error(p->diag, name->loc, "a delegating constructor cannot have other mem-initializers");
    mi->delegate = p->pos;
    mi->delegate_loc = name->loc;
    return true;
  }
  BaseClass *b = inherit_direct_base(sty, t);
  if (!b) return false;
  int i = 0;
  for (BaseClass *c = sty->bases; c != b; c = c->next) i++;
  int *slot = b->member ? &mi->pos[b->member->index] : &mi->empty_pos[i];
  if (*slot) diag_error(p->diag, name->loc, "multiple initializations given for base '%s'", type_name(p->arena, t));
  else *slot = p->pos;
  return true;
}

/* The mem-initializers at m->init_pos: the position of each one's args. */
static MemInits mem_init_positions(Parser *p, Type *sty, Method *m, int nmembers) {
  int nbases = 0;
  for (BaseClass *b = sty->bases; b; b = b->next) nbases++;
  MemInits mi = {ARENA_ARRAY(p->arena, int, nmembers > 0 ? nmembers : 1),
                 ARENA_ARRAY(p->arena, int, nbases > 0 ? nbases : 1), 0, {0}};
  if (m->init_pos <= 0) return mi;
  p->pos = m->init_pos + 1;
  int count = 0;
  while (at(p, TK_IDENT) || at(p, TK_SCOPE)) {
    Token *name = tok(p);
    count++;
    Member *mem = peek_at(p, 1)->kind == TK_LPAREN || peek_at(p, 1)->kind == TK_LBRACE ? find_member(sty, name) : NULL;
    if (mem) {
      next(p);
      if (mi.pos[mem->index])
        diag_error(p->diag, name->loc, "multiple initializations given for non-static member '%s'", mem->name);
      else
        mi.pos[mem->index] = p->pos;
    } else if (!base_init_position(p, sty, &mi, count)) {
      diag_error(p->diag, name->loc, "member initializer '%s' does not name a non-static data member or base class",
                 tok_name(p, name));
      while (at(p, TK_IDENT) || at(p, TK_SCOPE)) next(p);
    }
    if (mi.delegate && count > 1) diag_error(p->diag, name->loc, "a delegating constructor cannot have other mem-initializers");
    if (at(p, TK_LPAREN) || at(p, TK_LBRACE)) skip_balanced(p);
    if (!accept(p, TK_COMMA)) break;
  }
  return mi;
}

/* The empty bases (they have no Member): constructed from their
 * mem-initializer or by their default constructor. */
static void construct_empty_bases(Parser *p, Type *sty, MemInits *mi, Node ***cur) {
  int i = 0;
  for (BaseClass *b = sty->bases; b; b = b->next, i++) {
    if (b->member || (!ctor_has_ctors(b->ty) && !mi->empty_pos[i])) continue;
    Loc loc = p->cur_this->loc;
    NodeVec args = {0};
    if (mi->empty_pos[i]) {
      p->pos = mi->empty_pos[i];
      loc = tok(p)->loc;
      args = parse_ctor_args(p);
    }
    if (!ctor_has_ctors(b->ty)) continue;  /* B() of an empty aggregate: nothing to do */
    Node *self = new_node(p, ND_DEREF, loc);
    self->lhs = var_node(p, p->cur_this, loc);
    self->ty = sty;
    Node *a = construct_at(p, b->ty, addr_of(p, inherit_base_lvalue(p, self, b)), &args, false, loc);
    if (!is_err(p, a)) append(cur, stmt_of(p, a));
  }
}

/* S(args) as the whole mem-initializer list: the target constructor
 * runs, then the body (C++17 [class.base.init]p6). */
static void delegate_ctor(Parser *p, Type *sty, MemInits *mi, Node ***cur) {
  p->pos = mi->delegate;
  NodeVec args = parse_ctor_args(p);
  Node *a = construct_at(p, sty, var_node(p, p->cur_this, mi->delegate_loc), &args, false, mi->delegate_loc);
  if (!is_err(p, a)) append(cur, stmt_of(p, a));
}

/* A constructor's body: its members initialized in declaration order
 * (mem-initializer, else default member initializer, else default
 * constructor), then the compound statement. `this` and the parameters
 * are in scope (define_method_bodies). */
Node *ctor_parse_body(Parser *p, Type *sty, Method *m) {
  int nmembers = 0;
  for (Member *mem = sty->members; mem; mem = mem->next) nmembers = mem->index + 1;
  MemInits mi = mem_init_positions(p, sty, m, nmembers);
  int *pos = mi.pos;
  int temp_mark = p->dtor_temps.len;  /* temporaries of the initializers */
  Node *head = NULL, **cur = &head;
  if (mi.delegate) delegate_ctor(p, sty, &mi, &cur);
  else construct_empty_bases(p, sty, &mi, &cur);
  for (Member *mem = sty->members; mem && !mi.delegate; mem = mem->next) {
    if (!mem->name && !mem->is_base) continue;
    if (pos[mem->index]) {
      p->pos = pos[mem->index];
      init_member(p, sty, mem, false, &cur);
    } else if (mem->init_start > 0) {
      p->pos = mem->init_start;
      bool eq = p->toks[mem->init_start - 1].kind == TK_ASSIGN;
      init_member(p, sty, mem, eq, &cur);
    } else {
      default_construct_member(p, sty, mem, &cur);
    }
  }
  append(&cur, dtor_end_full_expr(p, NULL, temp_mark, head));  /* parse_dtor.c */
  Node *blk;
  if (m->body_pos >= 0) {
    p->pos = m->body_pos;
    blk = parse_compound_stmt(p);
  } else {
    blk = new_node(p, ND_BLOCK, sty->loc);
  }
  *cur = blk->body;
  blk->body = head;
  return blk;
}
