/* parse_lambda.c: C++ lambda expressions (C++17 [expr.prim.lambda]) in
 * device code. A lambda is an unnamed class with one member per capture
 * (by-reference captures are reference members, so pointers) and an
 * operator() defined on the spot; the expression is a temporary of that
 * class with its members set. Inside the body each captured name is a
 * local reference to its member. A generic lambda (auto parameters) has
 * a template operator(): its parameter list and body are parsed again
 * for each call's argument types. Init-captures are not supported. */
#include "parse_internal.h"

#include <string.h>

enum { MAX_CAPTURES = 64 };

typedef struct Capture {
  Obj *var;        /* the captured variable; NULL for `this` */
  bool by_ref;
  Loc loc;
  Member *member;
} Capture;

typedef struct Lambda {
  Capture caps[MAX_CAPTURES];
  int ncaps;
  int def;          /* capture-default: '=', '&' or 0 */
  bool this_cap;
  Loc loc;
} Lambda;

static bool captured(Lambda *l, Obj *v) {
  for (int i = 0; i < l->ncaps; i++)
    if (l->caps[i].var == v) return true;
  return false;
}

static void add_capture(Parser *p, Lambda *l, Obj *v, bool by_ref, Loc loc) {
  if (captured(l, v)) return;
  if (l->ncaps >= MAX_CAPTURES) {
    diag_unsupported(p->diag, loc, "a lambda with this many captures");
    return;
  }
  l->caps[l->ncaps++] = (Capture){v, by_ref, loc, NULL};
}

/* A local of the enclosing function that a lambda can capture. */
static Obj *capturable(Parser *p, Token *name) {
  VarScope *vs = find_var(p, name->text, name->len);
  if (!vs || !vs->var) return NULL;
  Obj *v = vs->var;
  if (!v->is_local || v->is_function || v->is_static || v->space == AS_SHARED) return NULL;
  return v;
}

/* capture-list = (capture-default | capture) ("," capture)* */
static void parse_captures(Parser *p, Lambda *l) {
  next(p);  /* [ */
  while (!at(p, TK_RBRACKET) && !at(p, TK_EOF)) {
    Token *t = tok(p);
    TokenKind after = peek_at(p, 1)->kind;
    if ((t->kind == TK_ASSIGN || t->kind == TK_AMP) && (after == TK_COMMA || after == TK_RBRACKET)) {
      l->def = t->kind == TK_ASSIGN ? '=' : '&';
      next(p);
    } else if (t->kind == KW_THIS) {
      l->this_cap = true;
      next(p);
    } else if (t->kind == TK_STAR && after == KW_THIS) {
      diag_unsupported(p->diag, t->loc, "capturing '*this'");
      next(p);
      next(p);
    } else {
      bool by_ref = accept(p, TK_AMP);
      Token *name = tok(p);
      if (!expect(p, TK_IDENT, NULL)) break;
      if (at(p, TK_ASSIGN) || at(p, TK_LPAREN) || at(p, TK_LBRACE)) {
        diag_unsupported(p->diag, name->loc, "lambda init-capture");
        if (accept(p, TK_ASSIGN)) parse_assign(p);
        else skip_balanced(p);
      } else {
        Obj *v = capturable(p, name);
        if (v) add_capture(p, l, v, by_ref, name->loc);
        else if (find_var(p, name->text, name->len))
          diag_error(p->diag, name->loc, "'%s' cannot be captured because it does not have automatic storage duration",
                     tok_name(p, name));
        else
          diag_error(p->diag, name->loc, "use of undeclared identifier '%s'", tok_name(p, name));
      }
    }
    if (!accept(p, TK_COMMA)) break;
  }
  expect(p, TK_RBRACKET, NULL);
}

/* A capture-default captures what the body names: the enclosing locals
 * its identifiers name (a name the body redeclares is captured too,
 * which is harmless) and `this`. */
static void implicit_captures(Parser *p, Lambda *l, int body) {
  int depth = 0;
  for (int i = body;; i++) {
    Token *t = &p->toks[i];
    if (t->kind == TK_EOF) return;
    if (t->kind == TK_LBRACE) depth++;
    if (t->kind == TK_RBRACE && --depth == 0) return;
    if (t->kind == KW_THIS) l->this_cap = true;
    if (t->kind != TK_IDENT) continue;
    TokenKind before = p->toks[i - 1].kind;
    if (before == TK_DOT || before == TK_ARROW || before == TK_SCOPE) continue;
    Obj *v = capturable(p, t);
    if (v) add_capture(p, l, v, l->def == '&', t->loc);
    else if (p->cur_this && p->cur_class && !find_var(p, t->text, t->len))
      l->this_cap = true;  /* maybe a member of the enclosing class */
  }
}

static int align_to(int n, int a) { return (n + a - 1) / a * a; }

/* The closure type: one member per capture, `this` last. */
static Type *closure_type(Parser *p, Lambda *l) {
  Type *cls = ARENA_NEW(p->arena, Type);
  cls->kind = TY_STRUCT;
  cls->name = arena_printf(p->arena, "__lambda_%d", ++p->lambda_count);
  cls->loc = l->loc;
  Member head = {0}, *cur = &head;
  int offset = 0, align = 1, index = 0;
  for (int i = 0; i < l->ncaps; i++) {
    Capture *c = &l->caps[i];
    Type *vt = c->var ? c->var->ty : p->cur_this->ty;
    Type *t;
    if (!c->var) t = vt;
    else if (c->by_ref) t = is_ref_type(vt) ? ref_type(p, vt->base, 1) : ref_type(p, vt, 1);
    else t = type_unqual(is_ref_type(vt) ? vt->base : vt);
    if (t->kind == TY_ARRAY) {
      diag_unsupported(p->diag, c->loc, "capturing an array by copy");
      t = type_pointer_to(p->arena, t->base);
    }
    Member *m = ARENA_NEW(p->arena, Member);
    m->ty = t;
    m->name = c->var ? c->var->name : "__this";
    m->loc = c->loc;
    m->index = index++;
    offset = align_to(offset, t->align);
    m->offset = offset;
    offset += t->size;
    if (t->align > align) align = t->align;
    c->member = m;
    cur = cur->next = m;
  }
  if (!head.next) {  /* no captures: one unused member (WGSL has no empty structs) */
    Member *m = ARENA_NEW(p->arena, Member);
    m->ty = ty_int;
    m->name = "__empty";
    m->loc = l->loc;
    head.next = m;
    offset = align = 4;
  }
  cls->members = head.next;
  cls->align = align;
  cls->size = offset ? align_to(offset, align) : 1;
  return cls;
}

static Node *member_of(Parser *p, Node *obj, Member *m, Loc loc) {
  Node *n = new_node(p, ND_MEMBER, loc);
  n->lhs = obj;
  n->member = m;
  n->ty = m->ty;
  return n;
}

static Node *assign(Parser *p, Node *lhs, Node *rhs, Loc loc) {
  Node *a = new_node(p, ND_ASSIGN, loc);
  a->lhs = lhs;
  a->rhs = rhs;
  a->ty = lhs->ty;
  return a;
}

/* Inside the body, each capture is a local reference to its member (a
 * by-copy capture's member, so `mutable` changes persist in the object)
 * and `this` the enclosing object's pointer. */
static Node *capture_aliases(Parser *p, Lambda *l, Type *cls, Obj *self, Obj **this_alias) {
  Node head = {0}, *cur = &head;
  for (int i = 0; i < l->ncaps; i++) {
    Capture *c = &l->caps[i];
    Node *obj = new_node(p, ND_DEREF, c->loc);
    obj->lhs = var_node(p, self, c->loc);
    obj->ty = cls;
    Node *mem = member_of(p, obj, c->member, c->loc);
    Obj *a;
    if (!c->var) {
      a = new_local(p, NULL, c->member->ty, c->loc);
      a->name = "__this";
      a->init = mem;
      *this_alias = a;
    } else if (c->by_ref) {
      a = new_local(p, c->var->name, c->member->ty, c->loc);
      a->init = mem;  /* the pointer itself */
    } else {
      Type *rt = ref_type(p, c->member->ty, 1);
      a = new_local(p, c->var->name, rt, c->loc);
      a->init = ref_bind(p, mem, rt, CONV_INIT, c->loc);
    }
    Node *d = new_node(p, ND_DECL, c->loc);
    d->obj = a;
    cur = cur->next = d;
  }
  return head.next;
}

/* Locals of the enclosing function that are not captured: hidden, so
 * the body cannot reach into another function's frame. */
static void hide_enclosing_locals(Parser *p, Lambda *l, Obj *encl) {
  for (int pass = 0; pass < 2; pass++)
    for (Obj *v = pass ? encl->locals : encl->params; v; v = v->next)
      if (v->name && !v->is_static && v->space != AS_SHARED && !captured(l, v) &&
          find_var(p, v->name, (int)strlen(v->name)) && find_var(p, v->name, (int)strlen(v->name))->var == v)
        push_var(p, v->name)->uncaptured = v;
}

/* The operator() of the closure, its body parsed here. The parameter
 * list was parsed into params. */
static Obj *define_call_operator(Parser *p, Lambda *l, Type *cls, ParamDecl *params, int np, Type *rt,
                                 int exec) {
  Type *ft = type_func(p->arena, rt);
  ft->param_count = np + 1;
  ft->params = ARENA_ARRAY(p->arena, Type *, np + 1);
  ft->params[0] = type_pointer_to(p->arena, cls);
  for (int i = 0; i < np; i++) ft->params[i + 1] = params[i].ty;
  Obj *fn = ARENA_NEW(p->arena, Obj);
  fn->name = arena_printf(p->arena, "%s::operator()", cls->name);
  fn->ty = ft;
  fn->loc = l->loc;
  fn->is_function = fn->is_inline = fn->is_definition = true;
  fn->exec = exec;
  Method *m = ARENA_NEW(p->arena, Method);
  m->name = "operator()";
  m->fn = fn;
  m->body_pos = -1;
  cls->methods = m;

  Obj *encl = p->fn;
  ParseCtx saved = ctx_save(p);
  p->fn = fn;
  p->locals_tail = &fn->locals;
  p->cur_switch = NULL;
  p->loop_depth = p->break_depth = 0;
  p->tentative = false;
  enter_scope(p);
  hide_enclosing_locals(p, l, encl);
  Obj head = {0}, *cur = &head;
  Obj *self = ARENA_NEW(p->arena, Obj);
  self->name = "this";
  self->ty = ft->params[0];
  self->loc = l->loc;
  self->is_local = self->is_definition = true;
  self->space = AS_LOCAL;
  cur = cur->next = self;
  for (int i = 0; i < np; i++) {
    Obj *v = ARENA_NEW(p->arena, Obj);
    v->name = params[i].name;
    v->ty = params[i].ty;
    v->loc = params[i].loc;
    v->is_local = v->is_definition = true;
    v->space = AS_LOCAL;
    if (v->name) push_var(p, v->name)->var = v;
    cur = cur->next = v;
  }
  fn->params = head.next;
  Obj *this_alias = NULL;
  Node *prologue = capture_aliases(p, l, cls, self, &this_alias);
  p->cur_this = this_alias;
  if (!this_alias) p->cur_class = NULL;
  Node *blk = parse_compound_stmt(p);
  if (prologue) {
    Node *last = prologue;
    while (last->next) last = last->next;
    last->next = blk->body;
    blk->body = prologue;
  }
  fn->body = blk;
  if (ft->return_ty == p->auto_ty) ft->return_ty = ty_void;  /* no return with a value */
  int end = p->pos;
  ctx_restore(p, &saved);
  p->pos = end;
  add_global(p, fn);
  return fn;
}

/* [captures] (params)? specifiers* (-> type)? compound-stmt */
static Node *closure_object(Parser *p, Lambda *l, Type *cls) {
  if (l->ncaps == 0) {
    Node *z = new_node(p, ND_ZERO_INIT, l->loc);
    z->ty = cls;
    return z;
  }
  Obj *tmp = new_temp(p, cls, l->loc);
  if (!tmp) return err_node(p, l->loc);
  Node *e = var_node(p, tmp, l->loc);
  for (int i = l->ncaps - 1; i >= 0; i--) {
    Capture *c = &l->caps[i];
    Node *lhs = member_of(p, var_node(p, tmp, c->loc), c->member, c->loc);
    Node *rhs;
    if (!c->var) {
      rhs = var_node(p, p->cur_this, c->loc);
    } else {
      Node *v = ref_deref(p, var_node(p, c->var, c->loc));
      rhs = c->by_ref ? ref_bind(p, v, c->member->ty, CONV_INIT, c->loc)
                      : convert_assign(p, v, c->member->ty, CONV_INIT, c->loc);
    }
    if (is_err(p, rhs)) return rhs;
    Node *comma = new_node(p, ND_COMMA, c->loc);
    comma->lhs = assign(p, lhs, rhs, c->loc);
    comma->rhs = e;
    comma->ty = e->ty;
    e = comma;
  }
  return e;
}

/* mutable, constexpr, noexcept, __device__, __host__, attributes: none
 * changes device code (operator() is always callable from it). */
static void lambda_specifiers(Parser *p) {
  for (;;) {
    if (accept(p, KW_MUTABLE) || accept(p, KW_CONSTEXPR) || accept(p, KW_DEVICE) || accept(p, KW_HOST)) continue;
    if (accept(p, KW_NOEXCEPT)) {
      if (at(p, TK_LPAREN)) skip_balanced(p);
      continue;
    }
    if (at(p, KW_ATTRIBUTE)) {
      skip_attribute(p, NULL, NULL);
      continue;
    }
    return;
  }
}

/* A generic lambda (C++14 [expr.prim.lambda]p5): its operator() is a
 * template, instantiated per call's argument types by parsing the
 * parameter list and body again where the lambda was written. */
typedef struct GenericLambda {
  Type *cls;         /* the closure type */
  Lambda *l;
  int lparen;        /* the parameter list's '(' */
  int nauto;         /* its `auto` parameters */
  Scope *scope;      /* where the lambda was written ... */
  Obj *encl;         /* ... in which function */
  Type *encl_class;
  Obj *encl_this;
  Map instances;     /* argument types -> operator() */
} GenericLambda;

/* Captures named by a capture-default, and `this`; body is the '{'. */
static void finish_captures(Parser *p, Lambda *l, int body) {
  if (l->def) implicit_captures(p, l, body);
  if (l->this_cap && !p->cur_this) {
    diag_error(p->diag, l->loc, "invalid use of 'this' outside of a non-static member function");
    l->this_cap = false;
  }
  if (l->this_cap) add_capture(p, l, NULL, false, l->loc);
}

static Node *generic_lambda(Parser *p, Lambda *l, int nauto) {
  GenericLambda *g = ARENA_NEW(p->arena, GenericLambda);
  g->lparen = p->pos;
  g->nauto = nauto;
  skip_balanced(p);
  lambda_specifiers(p);
  if (accept(p, TK_ARROW))  /* the return type is parsed per instance */
    while (!at(p, TK_LBRACE) && !at(p, TK_EOF) && !at(p, TK_SEMI)) next(p);
  if (!at(p, TK_LBRACE)) {
    diag_error(p->diag, tok(p)->loc, "expected body of lambda expression");
    return err_node(p, l->loc);
  }
  finish_captures(p, l, p->pos);
  g->cls = closure_type(p, l);
  g->l = l;
  g->scope = p->scope;
  g->encl = p->fn;
  g->encl_class = p->cur_class;
  g->encl_this = p->cur_this;
  map_init(&g->instances, p->arena);
  vec_push(p->arena, &p->generic_lambdas, g);
  skip_balanced(p);
  return closure_object(p, l, g->cls);
}

/* Parses g's parameter list with its `auto`s as types; p->pos after it.
 * The caller saved the parser state. */
static Type *generic_params(Parser *p, GenericLambda *g, Type **types) {
  p->scope = g->scope;
  p->fn = g->encl;
  p->cur_class = g->encl_class;
  p->cur_this = g->encl_this;
  p->cur_switch = NULL;
  p->no_gt = p->tentative = false;
  p->half_gt = 0;
  p->pos = g->lparen;
  Type **saved = p->auto_params;
  int count = p->auto_param_count, nxt = p->auto_param_next;
  p->auto_params = types;
  p->auto_param_count = g->nauto;
  p->auto_param_next = 0;
  Type *ft = parse_abstract_declarator(p, ty_void);
  p->auto_params = saved;
  p->auto_param_count = count;
  p->auto_param_next = nxt;
  return ft;
}

/* The types of the `auto` parameters for a call with args, or false. */
static bool generic_deduce(Parser *p, GenericLambda *g, NodeVec *args, Type **out) {
  Type *ph[MAX_CAPTURES];
  for (int i = 0; i < g->nauto; i++) {
    ph[i] = type_copy(p->arena, ty_int);
    ph[i]->tparam = i + 1;
  }
  ParseCtx c = ctx_save(p);
  Diag *d = p->diag;
  bool sup = d->suppress;
  int serr = d->suppressed_errors;
  d->suppress = true;
  Type *ft = generic_params(p, g, ph);
  bool clean = d->suppressed_errors == serr;
  d->suppress = sup;
  d->suppressed_errors = serr;
  ctx_restore(p, &c);
  return clean && ft->kind == TY_FUNC && template_deduce_auto(p, ft, args, out, g->nauto);
}

static Obj *generic_instance(Parser *p, GenericLambda *g, Type **types, const char *key) {
  ParseCtx c = ctx_save(p);
  Type *ft = generic_params(p, g, types);
  int np = ft->kind == TY_FUNC ? p->params.len : 0;
  ParamDecl *params = ARENA_ARRAY(p->arena, ParamDecl, np > 0 ? np : 1);
  for (int i = 0; i < np; i++) params[i] = p->params.data[i];
  lambda_specifiers(p);
  Type *rt = p->auto_ty;
  if (accept(p, TK_ARROW)) rt = parse_typename(p);
  p->inst_depth++;  /* if constexpr discards in its body */
  Obj *fn = define_call_operator(p, g->l, g->cls, params, np, rt, EXEC_HOST | EXEC_DEVICE);
  p->inst_depth--;
  fn->name = arena_printf(p->arena, "%s::operator()<%s>", g->cls->name, key);
  ctx_restore(p, &c);
  map_put(&g->instances, key, fn);
  return fn;
}

/* f(args) where f is a generic lambda's closure object; NULL if it is
 * not one. */
Node *lambda_generic_call(Parser *p, Node *fn, NodeVec *args, Loc loc) {
  if (is_err(p, fn)) return NULL;
  Type *t = type_unqual(fn->ty);
  GenericLambda *g = NULL;
  for (int i = 0; i < p->generic_lambdas.len && !g; i++)
    if (p->generic_lambdas.data[i]->cls == t) g = p->generic_lambdas.data[i];
  if (!g) return NULL;
  for (int i = 0; i < args->len; i++)
    if (is_err(p, args->data[i])) return args->data[i];
  Type *types[MAX_CAPTURES];
  if (g->nauto > MAX_CAPTURES || !generic_deduce(p, g, args, types)) {
    diag_error(p->diag, loc, "no matching function for call to object of type '%s'", t->name);
    return err_node(p, loc);
  }
  StrBuf b = {0};
  for (int i = 0; i < g->nauto; i++)
    strbuf_printf(&b, "%s%s", i ? ", " : "", type_name(p->arena, types[i]));
  const char *key = arena_strdup(p->arena, b.data);
  strbuf_free(&b);
  Obj *op = map_get(&g->instances, key);
  if (!op) op = generic_instance(p, g, types, key);
  NodeVec all = {0};
  vec_push(p->arena, &all, sema_is_lvalue(fn) ? sema_unary(p, ND_ADDR, fn, loc) : object_address(p, fn));
  for (int i = 0; i < args->len; i++) vec_push(p->arena, &all, args->data[i]);
  return finish_call(p, op, &all, loc);
}

Node *lambda_expr(Parser *p) {
  Lambda *l = ARENA_NEW(p->arena, Lambda);
  l->loc = tok(p)->loc;
  if (!p->fn) {
    diag_unsupported(p->diag, l->loc, "lambda expression outside a function");
    skip_balanced(p);
    return err_node(p, l->loc);
  }
  parse_captures(p, l);
  lambda_specifiers(p);  /* [=] __device__ (int i) {...}: the extended lambda syntax */
  int nauto = at(p, TK_LPAREN) ? generic_count_auto_params(p, p->pos) : 0;
  if (nauto > 0) return generic_lambda(p, l, nauto);
  ParamDecl *params = NULL;
  int np = 0;
  if (at(p, TK_LPAREN)) {
    Type *ft = parse_abstract_declarator(p, ty_void);
    if (ft->kind == TY_FUNC) {
      np = p->params.len;
      params = ARENA_ARRAY(p->arena, ParamDecl, np > 0 ? np : 1);
      for (int i = 0; i < np; i++) params[i] = p->params.data[i];
    }
  }
  int exec = EXEC_HOST | EXEC_DEVICE;
  lambda_specifiers(p);
  Type *rt = p->auto_ty;
  if (accept(p, TK_ARROW)) rt = parse_typename(p);
  if (!at(p, TK_LBRACE)) {
    diag_error(p->diag, tok(p)->loc, "expected body of lambda expression");
    return err_node(p, l->loc);
  }
  finish_captures(p, l, p->pos);
  Type *cls = closure_type(p, l);
  define_call_operator(p, l, cls, params, np, rt, exec);
  return closure_object(p, l, cls);
}
