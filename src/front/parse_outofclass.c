/* parse_outofclass.c: member definitions outside the class (C++17
 * [class.mfct]p2, [class.static.data]p2): `float S::f() const {...}`,
 * `S::S(int a) : x(a) {}`, `S::~S() {...}`, `const int S::N = 4;`, and
 * members of class templates (`template <class T> T V<T>::get() {...}`,
 * defined when V<...> is instantiated), plus qualified calls A::f() of a
 * base's member. Not here: member templates defined outside their class,
 * static data members of class templates, explicit specializations. */
#include "parse_internal.h"

#include <string.h>

/* Index of the '>' closing the '<' at i, or -1. */
static int angle_end(Parser *p, int i) {
  int depth = 0;
  for (;; i++) {
    TokenKind k = p->toks[i].kind;
    if (k == TK_LT) depth++;
    else if (k == TK_GT && --depth == 0) return i;
    else if (k == TK_EOF || k == TK_SEMI || k == TK_LBRACE || k == TK_RBRACE) return -1;
    else if (k == TK_LPAREN || k == TK_LBRACKET) {
      int save = p->pos;
      p->pos = i;
      skip_balanced(p);
      i = p->pos - 1;
      p->pos = save;
    }
  }
}

/* The class template specialization named by the template-id at token i
 * (vec_t<half, 1> in `void vec_t<half, 1>::fill()`), or NULL. */
static Type *template_id_at(Parser *p, Scope *in, int i) {
  Token *t = &p->toks[i];
  VarScope *v = in ? map_getn(&in->vars, t->text, (size_t)t->len) : find_var(p, t->text, t->len);
  if (!v || !v->tmpl || !v->tmpl->is_class) return NULL;
  int save = p->pos;
  p->pos = i + 1;
  Type *ty = template_class_type(p, v->tmpl, t->loc);  /* parse_template.c */
  p->pos = save;
  return ty;
}

/* nested-name-specifier naming a class, at token i:
 * (namespace "::")* class ("<" ... ">")? "::" (class "::")*
 * Returns the class (NULL if the tokens are something else), with *after
 * the token after the last "::" and *cls_tok the class's name token. */
static Type *qualified_class_at(Parser *p, int i, int *after, Token **cls_tok) {
  Scope *ns = NULL;
  Type *cls = NULL;
  for (int guard = 0; p->toks[i].kind == TK_IDENT && guard < MAX_NESTING; guard++) {
    Token *t = &p->toks[i];
    int j = i + 1;
    if (p->toks[j].kind == TK_LT) {
      j = angle_end(p, j);
      if (j < 0) return NULL;
      j++;
    }
    if (p->toks[j].kind != TK_SCOPE) break;
    Scope *in = cls ? class_scope(p, cls) : ns;
    Type *c = in ? map_getn(&in->tags, t->text, (size_t)t->len) : find_tag(p, t->text, t->len);
    if (!c && p->toks[i + 1].kind == TK_LT) c = template_id_at(p, in, i);
    if (c && type_unqual(c)->kind == TY_STRUCT) {
      cls = type_unqual(c);
      *cls_tok = t;
    } else if (!cls) {
      VarScope *v = ns ? map_getn(&ns->vars, t->text, (size_t)t->len) : find_var(p, t->text, t->len);
      if (!v || !v->ns) return NULL;
      ns = v->ns;
    } else {
      return NULL;
    }
    i = j + 1;
  }
  *after = i;
  return cls;
}

/* In parse_declarator, at an identifier: a declarator `S::f` outside any
 * class or function consumes the qualifier and records S in
 * p->decl_class for ooc_define. */
bool ooc_qualified_declarator(Parser *p) {
  if (p->fn || (p->scope && p->scope->cls)) return false;
  int after;
  Token *ct;
  Type *cls = qualified_class_at(p, p->pos, &after, &ct);
  if (!cls || (p->toks[after].kind != TK_IDENT && p->toks[after].kind != KW_OPERATOR)) return false;
  p->decl_class = cls;
  p->pos = after;
  return true;
}

static bool param_matches(Type *a, Type *b) {
  if (is_ref_type(a) != is_ref_type(b)) return false;
  if (is_ref_type(a)) return a->is_ref == b->is_ref && type_is_compatible(type_unqual(a->base), type_unqual(b->base));
  return type_is_compatible(type_unqual(a), type_unqual(b));
}

/* The member of cls named `name` (or a constructor/destructor) whose
 * parameters are those of the declarator just parsed (p->params). */
static Method *find_declared(Parser *p, Type *cls, const char *name, bool ctor, bool dtor) {
  for (Method *m = cls->methods; m; m = m->next) {
    if (ctor ? !m->is_ctor || !m->ds : dtor ? !m->is_dtor : strcmp(m->name, name) != 0) continue;
    int skip = m->is_static ? 0 : 1;
    if (m->nparams - skip != p->params.len) continue;
    bool same = true;
    for (int i = 0; i < p->params.len && same; i++)
      same = param_matches(m->params[i + skip].ty, p->params.data[i].ty);
    if (same) return m;
  }
  return NULL;
}

/* The definition's body (or `= default`) for m, at the current token. */
static void define_outside(Parser *p, Type *cls, Method *m, DeclSpec *ds) {
  int skip = m->is_static ? 0 : 1;
  for (int i = 0; i < p->params.len; i++) {  /* the definition's parameter names count */
    m->params[i + skip].name = p->params.data[i].name;
    m->params[i + skip].loc = p->params.data[i].loc;
  }
  if (ds->exec & ~m->fn->exec) {
    m->fn->exec |= ds->exec;
    if (m->fn->exec & EXEC_DEVICE) m->fn->host_only_reason = NULL;
  }
  if (m->is_ctor && at(p, TK_COLON)) {
    m->init_pos = p->pos;
    ctor_skip_mem_inits(p);
  }
  m->is_decl_only = false;
  if (accept(p, TK_ASSIGN)) {  /* = default */
    if (!accept(p, KW_DEFAULT)) diag_error(p->diag, tok(p)->loc, "expected 'default'");
    expect(p, TK_SEMI, NULL);
    m->body_pos = -1;
    if (!m->is_ctor && !m->is_dtor)
      diag_unsupported(p->diag, m->fn->loc, "a defaulted member function defined outside its class");
    else define_method_body(p, cls, m);
    return;
  }
  if (!at(p, TK_LBRACE)) {
    diag_error(p->diag, tok(p)->loc, "expected function body after function declarator");
    sync_stmt(p);
    return;
  }
  m->body_pos = p->pos;
  skip_balanced(p);
  int end = p->pos;
  define_method_body(p, cls, m);  /* parse_decl.c */
  p->pos = end;
}

static void no_match(Parser *p, Type *cls, Token *name) {
  diag_error(p->diag, name->loc, "out-of-line definition of '%s' does not match any declaration in '%s'",
             tok_name(p, name), type_name(p->arena, cls));
}

/* A constructor or destructor defined outside its class, at the start of
 * a top-level declaration: [specifiers] S::S(params) [: inits] body or
 * S::~S() body. False, nothing consumed, for anything else. */
bool ooc_toplevel(Parser *p) {
  int i = p->pos;
  for (;; i++) {
    TokenKind k = p->toks[i].kind;
    if (k != KW_DEVICE && k != KW_HOST && k != KW_INLINE && k != KW_INLINE_GNU && k != KW_INLINE_GNU2 &&
        k != KW_CONSTEXPR && k != KW_FORCEINLINE && k != KW_NOINLINE && k != KW_EXPLICIT)
      break;
  }
  int after;
  Token *ct = NULL;
  Type *cls = qualified_class_at(p, i, &after, &ct);
  if (!cls) return false;
  bool dtor = p->toks[after].kind == TK_TILDE;
  Token *n = &p->toks[after + dtor];
  if (n->kind != TK_IDENT || n->len != ct->len || memcmp(n->text, ct->text, (size_t)n->len) != 0 ||
      p->toks[after + dtor + 1].kind != TK_LPAREN)
    return false;
  DeclSpec ds = {0};
  bool is_explicit = false;
  ds.loc = tok(p)->loc;
  ctor_parse_specifiers(p, &ds, &is_explicit);  /* parse_ctor.c */
  p->pos = after + dtor;
  Token *name = NULL;
  Type *ft = parse_declarator(p, ty_void, &name);
  if (!name || ft->kind != TY_FUNC) {
    sync_stmt(p);
    return true;
  }
  if (cls->size < 0) {
    diag_error(p->diag, name->loc, "incomplete type '%s' named in nested name specifier", type_name(p->arena, cls));
    skip_balanced(p);
    return true;
  }
  if (dtor) p->params.len = 0;
  Method *m = find_declared(p, cls, NULL, !dtor, dtor);
  if (!m) {
    no_match(p, cls, name);
    if (at(p, TK_COLON)) ctor_skip_mem_inits(p);
    if (at(p, TK_LBRACE)) skip_balanced(p);
    return true;
  }
  define_outside(p, cls, m, &ds);
  return true;
}

/* After a qualified declarator S::name (p->decl_class): a member
 * function's definition or a static data member's definition, with its
 * ';'. Returns true (the declaration is done). */
bool ooc_define(Parser *p, DeclSpec *ds, Type *ty, Token *name) {
  Type *cls = p->decl_class;
  p->decl_class = NULL;
  if (cls->size < 0) {
    diag_error(p->diag, name->loc, "incomplete type '%s' named in nested name specifier", type_name(p->arena, cls));
    sync_stmt(p);
    return true;
  }
  if (ty->kind == TY_FUNC) {
    Method *m = find_declared(p, cls, tok_name(p, name), false, false);
    if (!m) {
      no_match(p, cls, name);
      if (at(p, TK_LBRACE)) skip_balanced(p);
      else sync_stmt(p);
      return true;
    }
    define_outside(p, cls, m, ds);
    return true;
  }
  /* a static data member: a constant's value is what device code uses */
  Scope *s = class_scope(p, cls);
  VarScope *vs = s ? map_get(&s->vars, tok_name(p, name)) : NULL;
  if (!vs || (!vs->var && !vs->const_val)) {
    no_match(p, cls, name);
    sync_stmt(p);
    return true;
  }
  if (ds->has_device || ds->has_constant || ds->has_shared || ds->has_managed)
    diag_error(p->diag, ds->loc, "memory qualifier on data member is not allowed");
  if (accept(p, TK_ASSIGN) || at(p, TK_LBRACE)) {
    Type *t = ty;
    Node *init = parse_initializer(p, &t, false);
    Node *v = ty->is_const && type_is_arith(ty) && !is_err(p, init) ? fold_const(p, init) : NULL;
    if (v && v->kind == ND_NUM && !vs->const_val) vs->const_val = v;
  }
  if (!expect(p, TK_SEMI, "after top level declarator")) sync_stmt(p);
  return true;
}

/* A::f(args) in a member function of A or of a class derived from A:
 * `this` converted to A*, no virtual dispatch. */
Node *ooc_qualified_call(Parser *p, Method *m, NodeVec *args, Loc loc) {
  Node *self = convert_assign(p, var_node(p, p->cur_this, loc), m->fn->ty->params[0], CONV_PASS, loc);
  Node *ov = overload_method_call(p, self, m, args, loc);
  if (ov) return ov;
  NodeVec all = {0};
  vec_push(p->arena, &all, self);
  for (int i = 0; i < args->len; i++) vec_push(p->arena, &all, args->data[i]);
  return finish_call(p, m->fn, &all, loc);
}

/* ---- members of class templates ------------------------------------------------ */

/* The class template whose name precedes the "::" before t's declared
 * name (V in `T V<T>::get()`), or NULL. */
static Template *owner_template(Parser *p, Template *t) {
  int i = t->name_pos - 1;
  if (i > t->decl_start && p->toks[i].kind == TK_TILDE) i--;
  if (i <= t->decl_start || p->toks[i].kind != TK_SCOPE || p->toks[i - 1].kind != TK_GT) return NULL;
  int depth = 0;
  for (i--; i > t->decl_start; i--) {
    TokenKind k = p->toks[i].kind;
    if (k == TK_GT) depth++;
    else if (k == TK_LT && --depth == 0) break;
  }
  if (i <= t->decl_start || p->toks[i - 1].kind != TK_IDENT) return NULL;
  VarScope *vs = find_var(p, p->toks[i - 1].text, p->toks[i - 1].len);
  for (Template *c = vs ? vs->tmpl : NULL; c; c = c->next)
    if (c->is_class && c->spec_start < 0) return c;
  return NULL;
}

/* From parse_template_decl: `template <...> R V<...>::name(...) {...}`.
 * Remembered in V's template; defined with each instance of V. False if
 * t is not such a definition. */
bool ooc_template_member(Parser *p, Template *t) {
  Template *owner = owner_template(p, t);
  if (!owner) return false;
  if (t->nparams != owner->nparams) {
    diag_unsupported(p->diag, p->toks[t->name_pos].loc, "a member template defined outside its class");
    return true;
  }
  Template **tail = &owner->out_members;
  while (*tail) tail = &(*tail)->out_next;
  *tail = t;
  return true;
}

/* Defines the out-of-class members of the class template `tmpl_name` for
 * its instance sty, whose template parameters are bound in the current
 * scope (parse_template.c replays the class there). */
void ooc_instantiate_members(Parser *p, Type *sty, const char *tmpl_name) {
  Template *owner = NULL;
  for (Scope *s = p->scope; s && !owner; s = s->up) {  /* the template, not its injected name */
    VarScope *vs = map_get(&s->vars, tmpl_name);
    for (Template *c = vs ? vs->tmpl : NULL; c; c = c->next)
      if (c->is_class && c->spec_start < 0) owner = c;
  }
  if (!owner) return;
  (void)sty;
  for (Template *d = owner->out_members; d; d = d->out_next) {
    ParseCtx saved = ctx_save(p);
    enter_scope(p);
    for (int i = 0; i < d->nparams; i++) {  /* the definition's names for the class's arguments */
      TemplateParam *cp = &owner->params[i];
      VarScope *bound = cp->name ? find_var(p, cp->name, (int)strlen(cp->name)) : NULL;
      if (!d->params[i].name || !bound) continue;
      VarScope *nv = push_var(p, d->params[i].name);
      nv->type_def = bound->type_def;
      nv->const_val = bound->const_val;
    }
    p->inst_name = NULL;
    p->pos = d->decl_start;
    TokenKind end_kind = p->toks[d->decl_end].kind;
    p->toks[d->decl_end].kind = TK_EOF;
    p->stmt_err_mark = error_count(p);
    parse_toplevel_decl(p);
    p->toks[d->decl_end].kind = end_kind;
    leave_scope(p);
    ctx_restore(p, &saved);
  }
}
