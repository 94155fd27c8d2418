/* parse_namespace.c: the C++ names beyond C's nested block scopes:
 * namespace definitions (named, nested a::b, reopened, anonymous, inline),
 * namespace aliases, using-directives, using-declarations and alias
 * declarations, qualified names (a::b::f, ::f, S::N, E::A, T::type), and
 * unqualified lookup through using-directives (C++17 [namespace.udir],
 * [namespace.qual], [basic.lookup.unqual]). Class and enum scopes are
 * made in parse_decl.c; this file looks into them. Static data members
 * with constant initializers and default arguments live here too. */
#include "parse_internal.h"

#include <string.h>

/* ---- lookup ----------------------------------------------------------------- */

/* Up to two distinct entities a lookup found (two means ambiguous). */
typedef struct Found {
  VarScope *v[2];
  Type *tag[2];
  int n, ntags;
  Scope *searched[64]; /* namespaces already searched: using-directives may */
  int nsearched;       /* form cycles and diamonds, each is searched once */
} Found;

enum { MAX_USING_DEPTH = 16, MAX_PENDING = 32 };

/* Marks s searched; false if it was already (or the list is full, which
 * only absurd using-directive graphs reach). */
static bool mark_searched(Found *f, Scope *s) {
  for (int i = 0; i < f->nsearched; i++)
    if (f->searched[i] == s) return false;
  if (f->nsearched == (int)(sizeof f->searched / sizeof *f->searched)) return false;
  f->searched[f->nsearched++] = s;
  return true;
}

static bool same_entity(VarScope *a, VarScope *b) {
  if (a == b) return true;
  if (a->var && a->var == b->var) return true;
  /* overloads from two namespaces: overload resolution picks among them
   * (not done yet: the first one is taken) */
  if (a->var && b->var && a->var->is_function && b->var->is_function) return true;
  if (a->ns && a->ns == b->ns) return true;
  if (a->tmpl && a->tmpl == b->tmpl) return true;
  if (a->type_def && b->type_def) return same_type(a->type_def, b->type_def);
  if (a->is_enum && b->is_enum) return a->enum_ty == b->enum_ty && a->enum_val == b->enum_val;
  return false;
}

static void add_found(Found *f, VarScope *v) {
  if (!v) return;
  for (int i = 0; i < f->n; i++)
    if (same_entity(f->v[i], v)) return;
  if (f->n < 2) f->v[f->n++] = v;
}

static void add_tag(Found *f, Type *t) {
  if (!t) return;
  for (int i = 0; i < f->ntags; i++)
    if (type_unqual(f->tag[i]) == type_unqual(t)) return;
  if (f->ntags < 2) f->tag[f->ntags++] = t;
}

/* Qualified lookup in namespace s: its own names, else those of the
 * namespaces its using-directives nominate ([namespace.qual]p2). */
static void collect_in(Scope *s, const char *name, size_t len, Found *f, int depth) {
  if (!mark_searched(f, s)) return;
  VarScope *v = map_getn(&s->vars, name, len);
  Type *t = map_getn(&s->tags, name, len);
  add_found(f, v);
  add_tag(f, t);
  if (v || t || depth >= MAX_USING_DEPTH) return;
  for (int i = 0; i < s->usings.len; i++) collect_in(s->usings.data[i], name, len, f, depth + 1);
}

/* Does scope s enclose (or equal) u? */
static bool encloses(Scope *s, Scope *u) {
  for (; u; u = u->up)
    if (u == s) return true;
  return false;
}

/* Unqualified lookup: the innermost scope that declares the name wins; a
 * using-directive makes the nominated namespace's names visible as if
 * declared in the nearest scope enclosing both the directive and that
 * namespace ([namespace.udir]p2). */
static void lookup_unqualified(Parser *p, const char *name, size_t len, Found *f) {
  Scope *pending[MAX_PENDING];
  int np = 0;
  for (Scope *s = p->scope; s; s = s->up) {
    add_found(f, map_getn(&s->vars, name, len));
    add_tag(f, map_getn(&s->tags, name, len));
    for (int i = 0; i < s->usings.len && np < MAX_PENDING; i++) pending[np++] = s->usings.data[i];
    for (int i = 0; i < np; i++) {
      if (!pending[i] || !encloses(s, pending[i])) continue;
      collect_in(pending[i], name, len, f, 0);
      pending[i] = NULL;
    }
    if (f->n || f->ntags) return;
  }
}

VarScope *find_var(Parser *p, const char *name, int len) {
  Found f = {0};
  lookup_unqualified(p, name, (size_t)len, &f);
  return f.n ? f.v[0] : NULL;
}

Type *find_tag(Parser *p, const char *name, int len) {
  Found f = {0};
  lookup_unqualified(p, name, (size_t)len, &f);
  return f.ntags ? f.tag[0] : NULL;
}

static Loc entity_loc(VarScope *v, Loc fallback) {
  if (v->var) return v->var->loc;
  if (v->type_def && v->type_def->loc.line) return v->type_def->loc;
  if (v->enum_ty && v->enum_ty->loc.line) return v->enum_ty->loc;
  return fallback;
}

static void report_ambiguous(Parser *p, Token *name, Found *f) {
  diag_error(p->diag, name->loc, "reference to '%s' is ambiguous", tok_name(p, name));
  for (int i = 0; i < f->n; i++) {
    const char *qn = f->v[i]->var ? f->v[i]->var->name : tok_name(p, name);
    diag_note(p->diag, entity_loc(f->v[i], name->loc), "candidate found by name lookup is '%s'", qn);
  }
}

/* Unqualified lookup of an identifier in an expression: reports an
 * ambiguity that using-directives caused. */
VarScope *lookup_var(Parser *p, Token *name) {
  Found f = {0};
  lookup_unqualified(p, name->text, (size_t)name->len, &f);
  if (f.n > 1) report_ambiguous(p, name, &f);
  return f.n ? f.v[0] : NULL;
}

/* ---- scopes of declarations ------------------------------------------------- */

/* The namespace a declaration at the current point belongs to (a block
 * scope declaration of a function names its namespace's function). */
Scope *decl_scope(Parser *p) {
  for (Scope *s = p->scope; s; s = s->up)
    if (s->is_namespace) return s;
  return p->file_scope;
}

/* "a::b::name" for a name declared in namespace a::b; the plain name at
 * file scope. Kernels keep their plain name: the host pass names them so. */
char *ns_qualified_name(Parser *p, const char *name) {
  Scope *s = p->scope->is_namespace ? p->scope : NULL;
  if (!s || !s->qname) return (char *)name;
  return arena_printf(p->arena, "%s::%s", s->qname, name);
}

static Scope *new_scope(Parser *p, Scope *up, const char *qname) {
  Scope *s = ARENA_NEW(p->arena, Scope);
  map_init(&s->vars, p->arena);
  map_init(&s->tags, p->arena);
  s->up = up;
  s->qname = qname;
  return s;
}

/* The scope of a class or enum type (made with the type). */
Scope *class_scope(Parser *p, Type *ty) {
  Type *t = type_unqual(ty);
  if (t->kind != TY_STRUCT && t->kind != TY_UNION && t->kind != TY_ENUM) return NULL;
  if (!t->scope && t->origin) t->scope = t->origin->scope;
  if (!t->scope) {
    Scope *up = p->scope;
    const char *qn = t->name ? ns_qualified_name(p, t->name) : NULL;
    Scope *s = new_scope(p, up, qn);
    s->cls = t;
    t->scope = s;
  }
  return t->scope;
}

/* ---- namespace definitions --------------------------------------------------- */

/* The namespace `name` in parent, made on first use (namespaces reopen). */
static Scope *open_namespace(Parser *p, Scope *parent, Token *name) {
  char *n = tok_name(p, name);
  VarScope *vs = map_get(&parent->vars, n);
  if (vs && vs->ns) return vs->ns;
  if (vs) {
    diag_error(p->diag, name->loc, "redefinition of '%s' as different kind of symbol", n);
    return parent;
  }
  Scope *s = new_scope(p, parent, parent->qname ? arena_printf(p->arena, "%s::%s", parent->qname, n) : n);
  s->is_namespace = true;
  vs = ARENA_NEW(p->arena, VarScope);
  vs->ns = s;
  map_put(&parent->vars, n, vs);
  return s;
}

static void push_block(Parser *p, Scope *inner) {
  vec_push(p->arena, &p->block_scopes, p->scope);
  p->scope = inner;
  p->open_blocks++;
}

/* At the '}' of an extern "C" or namespace block: back to the outer scope. */
bool ns_close_block(Parser *p) {
  if (p->open_blocks <= 0) return false;
  p->open_blocks--;
  if (p->block_scopes.len > 0) p->scope = p->block_scopes.data[--p->block_scopes.len];
  return true;
}

static Scope *walk_qualifier(Parser *p, int *i, int *fail, bool *std_skip);

/* namespace-alias = "namespace" ident "=" nested-name ";" (at the ident).
 * An alias of a namespace device code does not have (cooperative_groups
 * without its header) is kept as an empty stand-in, so a use says what. */
static void parse_namespace_alias(Parser *p) {
  Token *name = tok(p);
  next(p);
  next(p);  /* = */
  int i = p->pos, fail = -1;
  bool std_skip = false;
  Token *first = tok(p);
  Scope *target = walk_qualifier(p, &i, &fail, &std_skip);
  Token *last = &p->toks[i];
  if (last->kind == TK_IDENT) {
    Found f = {0};
    if (target && fail < 0) collect_in(target, last->text, (size_t)last->len, &f, 0);
    else if (!target && fail < 0) lookup_unqualified(p, last->text, (size_t)last->len, &f);
    target = f.n && f.v[0]->ns ? f.v[0]->ns : NULL;
    i++;
  }
  if (!target) {
    target = new_scope(p, NULL, arena_strndup(p->arena, first->text,
                                              (size_t)(last->text + last->len - first->text)));
  }
  p->pos = i;
  push_var(p, tok_name(p, name))->ns = target;
  expect(p, TK_SEMI, "after namespace alias");
}

/* namespace-def = "inline"? "namespace" (ident ("::" "inline"? ident)*)? attr* "{"
 *               | "namespace" ident "=" qualified-name ";"
 * At file or namespace scope; the declarations inside are parsed by the
 * top-level loop, and ns_close_block ends it. */
bool parse_namespace_toplevel(Parser *p) {
  bool is_inline = accept(p, KW_INLINE);
  next(p);  /* namespace */
  while (at(p, KW_ATTRIBUTE)) skip_attribute(p, NULL, NULL);
  if (at(p, TK_IDENT) && peek_at(p, 1)->kind == TK_ASSIGN) {
    parse_namespace_alias(p);
    return true;
  }
  Scope *s = p->scope;
  while (at(p, TK_IDENT)) {
    Scope *parent = s;
    s = open_namespace(p, parent, tok(p));
    next(p);
    if (is_inline && s != parent) {
      bool seen = false;
      for (int k = 0; k < parent->usings.len; k++) seen |= parent->usings.data[k] == s;
      if (!seen) vec_push(p->arena, &parent->usings, s);
    }
    if (!accept(p, TK_SCOPE)) break;
    is_inline = accept(p, KW_INLINE);
  }
  /* an anonymous namespace: its names are visible around it; parsed as
   * part of the enclosing one */
  while (at(p, KW_ATTRIBUTE)) skip_attribute(p, NULL, NULL);
  if (!at(p, TK_LBRACE)) {
    diag_error(p->diag, tok(p)->loc, "expected '{'");
    while (!at(p, TK_EOF) && !at(p, TK_SEMI) && !at(p, TK_LBRACE)) next(p);
    if (!accept(p, TK_LBRACE)) {
      accept(p, TK_SEMI);
      return true;
    }
  } else {
    next(p);
  }
  push_block(p, s);
  return true;
}

/* ---- qualified names --------------------------------------------------------- */

static bool is_std_token(Token *t) { return t->kind == TK_IDENT && token_is(t, "std"); }

/* The scope a name names as the qualifier of a nested-name-specifier: a
 * namespace, a class or an enum. */
static Scope *scope_of_entity(Parser *p, VarScope *v, Type *tag) {
  if (v && v->ns) return v->ns;
  if (v && v->type_def) return class_scope(p, v->type_def);
  if (!v && tag) return class_scope(p, tag);
  return NULL;
}

/* nested-name-specifier = "::"? (ident "::")* from token *i, without
 * consuming; leaves *i at the last name. Returns the scope to look the
 * last name up in, NULL for none (an unqualified name, or `std::` when
 * device code has no namespace std: its functions are the global ones).
 * *fail is the index of a qualifier that names nothing, else -1. */
static Scope *walk_qualifier(Parser *p, int *i, int *fail, bool *std_skip) {
  Scope *s = NULL;
  *fail = -1;
  if (p->toks[*i].kind == TK_SCOPE) {
    s = p->file_scope;
    (*i)++;
  }
  while (p->toks[*i].kind == TK_IDENT && p->toks[*i + 1].kind == TK_SCOPE) {
    Token *t = &p->toks[*i];
    Found f = {0};
    if (s) collect_in(s, t->text, (size_t)t->len, &f, 0);
    else lookup_unqualified(p, t->text, (size_t)t->len, &f);
    Scope *next_s = scope_of_entity(p, f.n ? f.v[0] : NULL, f.ntags ? f.tag[0] : NULL);
    if (!next_s && is_std_token(t) && (!s || s == p->file_scope)) {
      *std_skip = true;  /* std::min: the global min */
      *i += 2;
      continue;
    }
    if (!next_s) {
      *fail = *i;
      return s;
    }
    s = next_s;
    *i += 2;
  }
  return s;
}

static bool starts_qualified(Parser *p, Token *t) {
  return t->kind == TK_SCOPE || (t->kind == TK_IDENT && t[1].kind == TK_SCOPE);
}

/* The type a qualified name at t names, or NULL; *end: the token after. */
static Type *qualified_type_at(Parser *p, Token *t, int *end, Template **tmpl) {
  int i = (int)(t - p->toks), fail;
  bool std_skip = false;
  *tmpl = NULL;
  Scope *s = walk_qualifier(p, &i, &fail, &std_skip);
  Token *last = &p->toks[i];
  if (fail >= 0 || last->kind != TK_IDENT) return NULL;
  Found f = {0};
  if (s) collect_in(s, last->text, (size_t)last->len, &f, 0);
  else lookup_unqualified(p, last->text, (size_t)last->len, &f);
  *end = i + 1;
  if (f.n && f.v[0]->tmpl && f.v[0]->tmpl->is_class) {
    *tmpl = f.v[0]->tmpl;
    return p->err_ty;
  }
  if (f.n) return f.v[0]->type_def;
  return f.ntags ? f.tag[0] : NULL;
}

/* Is t the start of a qualified name of a type (a::T, ::S, S::type)? */
bool is_qualified_typename(Parser *p, Token *t) {
  if (!starts_qualified(p, t)) return false;
  int end;
  Template *tmpl;
  return qualified_type_at(p, t, &end, &tmpl) != NULL;
}

/* qualified-type = nested-name-specifier (ident | template-id); consumed
 * only if it names a type. */
Type *parse_qualified_type(Parser *p) {
  if (!starts_qualified(p, tok(p))) return NULL;
  int end;
  Template *tmpl;
  Type *ty = qualified_type_at(p, tok(p), &end, &tmpl);
  if (!ty) return NULL;
  p->pos = end;
  if (tmpl) ty = template_class_type(p, tmpl, p->toks[end - 1].loc);
  return parse_member_type(p, ty);
}

/* cls "::" ident ... where ident is a type of the class: T::value_type. */
Type *parse_member_type(Parser *p, Type *cls) {
  while (at(p, TK_SCOPE) && peek_at(p, 1)->kind == TK_IDENT) {
    Scope *s = class_scope(p, cls);
    if (!s) return cls;
    Token *n = peek_at(p, 1);
    VarScope *v = map_getn(&s->vars, n->text, (size_t)n->len);
    Type *t = v ? v->type_def : map_getn(&s->tags, n->text, (size_t)n->len);
    if (!t) return cls;
    next(p);
    next(p);
    cls = t;
  }
  return cls;
}

static Node *skip_bad_name(Parser *p, Loc loc) {
  while (at(p, TK_IDENT) || at(p, TK_SCOPE)) next(p);
  if (at(p, TK_LPAREN)) skip_balanced(p);
  return err_node(p, loc);
}

/* The text of the qualified name from token a through b. */
static char *name_text(Parser *p, Token *a, Token *b) {
  return arena_strndup(p->arena, a->text, (size_t)(b->text + b->len - a->text));
}

/* A static member function call, an enumerator or a static constant of
 * class (or enum) cls; the member's name is current. */
static Node *member_of_class(Parser *p, Type *cls, Token *name, Loc loc) {
  Scope *s = class_scope(p, cls);
  Method *m = find_method(cls, name->text, name->len);
  next(p);
  if (m) {
    if (!at(p, TK_LPAREN)) {
      diag_unsupported(p->diag, name->loc, "taking the address of a member function");
      return err_node(p, loc);
    }
    NodeVec args = parse_call_args(p);
    if (!m->is_static && p->cur_this && (type_unqual(p->cur_class) == type_unqual(cls) ||
                                         inherit_is_base_of(cls, p->cur_class)))
      return ooc_qualified_call(p, m, &args, name->loc);  /* parse_outofclass.c: A::f() */
    if (!m->is_static) {
      diag_error(p->diag, name->loc, "call to non-static member function without an object argument");
      return err_node(p, loc);
    }
    return finish_call(p, m->fn, &args, name->loc);
  }
  VarScope *v = s ? map_getn(&s->vars, name->text, (size_t)name->len) : NULL;
  if (v && v->is_enum) {
    Type *t = v->enum_ty->is_scoped ? v->enum_ty : v->enum_ty->base;
    return new_num(p, v->enum_val, t, loc);
  }
  if (v && v->const_val) {
    Node *n = new_node(p, ND_NUM, loc);
    *n = *v->const_val;
    n->loc = loc;
    return n;
  }
  if (v && v->type_def) {
    diag_error(p->diag, name->loc, "unexpected type name '%s': expected expression", tok_name(p, name));
    return err_node(p, loc);
  }
  if (v && v->var && v->var->is_host_var) {  /* declare_class_name */
    diag_error(p->diag, name->loc, "identifier \"%s\" is undefined in device code", v->var->name);
    note_host_decl(p, v->var);
    if (at(p, TK_LPAREN)) skip_balanced(p);
    return err_node(p, loc);
  }
  diag_error(p->diag, name->loc, "no member named '%s' in '%s'", tok_name(p, name),
             type_name(p->arena, cls));
  if (at(p, TK_LPAREN)) skip_balanced(p);
  return err_node(p, loc);
}

/* cls "::" member, after the class type was parsed (S::f(), Tr<T>::n). */
Node *class_member_expr(Parser *p, Type *cls, Loc loc) {
  next(p);  /* :: */
  if (!at(p, TK_IDENT)) {
    diag_error(p->diag, tok(p)->loc, "expected unqualified-id");
    return err_node(p, loc);
  }
  Scope *s = class_scope(p, cls);
  Token *n = tok(p);
  VarScope *v = s ? map_getn(&s->vars, n->text, (size_t)n->len) : NULL;
  Type *inner = v ? v->type_def : s ? map_getn(&s->tags, n->text, (size_t)n->len) : NULL;
  if (inner && peek_at(p, 1)->kind == TK_SCOPE) {
    next(p);
    return class_member_expr(p, inner, loc);
  }
  return member_of_class(p, cls, n, loc);
}

static void report_qualifier(Parser *p, Scope *s, Token *bad, Token *first) {
  char *n = tok_name(p, bad);
  if (s && !s->is_namespace && !s->cls) {
    Token *last = bad;
    while (last[1].kind == TK_SCOPE && last[2].kind == TK_IDENT) last += 2;
    diag_unsupported(p->diag, first->loc, arena_printf(p->arena, "qualified name '%s'",
                                                      name_text(p, first, last)));
  } else if (s && s->cls) {
    diag_error(p->diag, bad->loc, "no member named '%s' in '%s'", n, type_name(p->arena, s->cls));
  } else if (s && s->qname) {
    diag_error(p->diag, bad->loc, "no member named '%s' in namespace '%s'", n, s->qname);
  } else if (s) {
    diag_error(p->diag, bad->loc, "no member named '%s' in the global namespace", n);
  } else {
    Obj *h = find_host_name(p, bad->text, bad->len);
    diag_error(p->diag, bad->loc, "use of undeclared identifier '%s'", n);
    if (h) note_host_decl(p, h);
  }
}

/* qualified-id in an expression, at its first token. Returns NULL with
 * p->pos at the last name, *name its token and *vs what it names
 * (*qualified false when it was only `std::`), or the whole expression when
 * it was a class member or an error. */
Node *parse_qualified_id(Parser *p, Token **name, VarScope **vs, bool *qualified) {
  Token *first = tok(p);
  int i = p->pos, fail;
  bool std_skip = false;
  *qualified = false;
  *vs = NULL;
  Scope *s = walk_qualifier(p, &i, &fail, &std_skip);
  if (fail >= 0) {
    p->pos = fail;
    report_qualifier(p, s, &p->toks[fail], first);
    return skip_bad_name(p, first->loc);
  }
  p->pos = i;
  *name = tok(p);
  if (!at(p, TK_IDENT)) {
    diag_error(p->diag, tok(p)->loc, "expected unqualified-id");
    return err_node(p, first->loc);
  }
  if (!s) return NULL;  /* std::name with no namespace std */
  *qualified = true;
  if (s->cls) return member_of_class(p, s->cls, *name, first->loc);
  Found f = {0};
  collect_in(s, (*name)->text, (size_t)(*name)->len, &f, 0);
  if (f.n > 1) report_ambiguous(p, *name, &f);
  if (!f.n && std_skip) {
    *qualified = false;  /* std::x where our std lacks x: the global x */
    return NULL;
  }
  if (!f.n || !s->is_namespace) {
    report_qualifier(p, s, *name, first);
    return skip_bad_name(p, first->loc);
  }
  *vs = f.v[0];
  return NULL;
}

/* ---- using ------------------------------------------------------------------ */

/* using-directive = "using" "namespace" qualified-name ";" (at "namespace").
 * A namespace device code does not have (std, a skipped library) is
 * ignored: host code uses it, and a device use of its names reports. */
static void using_directive(Parser *p) {
  next(p);
  int i = p->pos, fail;
  bool std_skip = false;
  Scope *s = walk_qualifier(p, &i, &fail, &std_skip);
  Token *last = &p->toks[i];
  p->pos = i;
  if (fail >= 0 || last->kind != TK_IDENT) {
    while (!at(p, TK_EOF) && !at(p, TK_SEMI)) next(p);
    accept(p, TK_SEMI);
    return;
  }
  next(p);
  Found f = {0};
  if (s) collect_in(s, last->text, (size_t)last->len, &f, 0);
  else lookup_unqualified(p, last->text, (size_t)last->len, &f);
  if (f.n && f.v[0]->ns && f.v[0]->ns->is_namespace) {
    Scope *ns = f.v[0]->ns;
    bool seen = false;
    for (int k = 0; k < p->scope->usings.len; k++) seen |= p->scope->usings.data[k] == ns;
    if (!seen) vec_push(p->arena, &p->scope->usings, ns);
  }
  expect(p, TK_SEMI, "after using directive");
}

/* using-declaration = "using" "typename"? qualified-name ";": the name
 * (every meaning of it) becomes visible here. */
static void using_declaration(Parser *p) {
  accept(p, KW_TYPENAME);
  Token *first = tok(p);
  int i = p->pos, fail;
  bool std_skip = false;
  Scope *s = walk_qualifier(p, &i, &fail, &std_skip);
  Token *last = &p->toks[i];
  if (fail >= 0 || last->kind != TK_IDENT || (!s && !std_skip)) {
    p->pos = fail >= 0 ? fail : i;
    if (fail >= 0) report_qualifier(p, s, &p->toks[fail], first);
    else diag_error(p->diag, tok(p)->loc, "using declaration requires a qualified name");
    sync_stmt(p);
    return;
  }
  p->pos = i + 1;
  Found f = {0};
  if (s) collect_in(s, last->text, (size_t)last->len, &f, 0);
  if (!f.n && !f.ntags && !std_skip) {
    report_qualifier(p, s, last, first);
  } else {
    char *n = tok_name(p, last);
    if (f.n) *push_var(p, n) = *f.v[0];
    if (f.ntags) push_tag(p, n, f.tag[0]);
  }
  expect(p, TK_SEMI, "after using declaration");
}

/* alias-declaration = "using" ident attr* "=" type-name ";" */
static void alias_declaration(Parser *p) {
  Token *name = tok(p);
  next(p);
  while (at(p, KW_ATTRIBUTE)) skip_attribute(p, NULL, NULL);
  next(p);  /* = */
  Type *ty = parse_typename(p);
  char *n = tok_name(p, name);
  VarScope *old = find_var_in(p->scope, n);
  if (old && (!old->type_def || !type_is_compatible(old->type_def, ty)))
    diag_error(p->diag, name->loc, "redefinition of '%s'", n);
  push_var(p, n)->type_def = ty;
  expect(p, TK_SEMI, "after alias declaration");
}

/* using = using-directive | alias-declaration | using-declaration, at
 * "using"; in a class only the last two. */
bool parse_using(Parser *p, bool in_class) {
  if (!at(p, KW_USING)) return false;
  next(p);
  if (at(p, KW_NAMESPACE) && !in_class) {
    using_directive(p);
  } else if (at(p, TK_IDENT) && (peek_at(p, 1)->kind == TK_ASSIGN ||
                                 peek_at(p, 1)->kind == KW_ATTRIBUTE)) {
    alias_declaration(p);
  } else {
    using_declaration(p);
  }
  return true;
}

/* ---- default arguments -------------------------------------------------------- */

/* The default arguments of the declarator parsed last, after `skip`
 * leading slots (`this`), or NULL if it has none. */
Node **param_defaults(Parser *p, int skip) {
  bool any = false;
  for (int i = 0; i < p->params.len; i++) any |= p->params.data[i].def != NULL;
  if (!any) return NULL;
  Node **d = ARENA_ARRAY(p->arena, Node *, p->params.len + skip);
  for (int i = 0; i < p->params.len; i++) d[skip + i] = p->params.data[i].def;
  return d;
}

/* Appends the default arguments a call leaves out (C++17 [dcl.fct.default]:
 * evaluated at each call; the same tree serves every call). */
Node *fill_default_args(Parser *p, Obj *fn, NodeVec *args) {
  int n = fn->ty->param_count;
  for (int i = args->len; i < n; i++)
    if (!fn->default_args[i]) return NULL;  /* too few: finish_call reports */
  for (int i = args->len; i < n; i++) vec_push(p->arena, args, fn->default_args[i]);
  return NULL;
}

/* ---- class members that are names, not data --------------------------------- */

/* enum-base = ":" type-name (C++11 [dcl.enum]p2: an integral type). */
Type *enum_underlying_type(Parser *p) {
  Loc loc = tok(p)->loc;
  Type *t = type_unqual(parse_typename(p));
  if (t == p->err_ty) return ty_int;
  if (!type_is_integer(t) || t->kind == TY_ENUM) {
    diag_error(p->diag, loc, "non-integral type '%s' is an invalid underlying type",
               type_name(p->arena, t));
    return ty_int;
  }
  return t;
}

/* A typedef or static data member in a class body (the class scope is
 * current). A static member with a constant initializer is a constant
 * (S::N, usable in constant expressions); any other static data member is
 * remembered so that a device use of it reports. */
void declare_class_name(Parser *p, DeclSpec *ds, Type *ty, Token *name) {
  char *n = tok_name(p, name);
  if (find_var_in(p->scope, n))
    diag_error(p->diag, name->loc, "redefinition of '%s'", n);
  VarScope *vs = push_var(p, n);
  if (ds->is_typedef) {
    vs->type_def = ty;
    return;
  }
  if (ds->has_device || ds->has_constant || ds->has_shared || ds->has_managed)
    diag_error(p->diag, ds->loc, "memory qualifier on data member is not allowed");  /* nvcc's */
  Node *init = NULL;
  if (accept(p, TK_ASSIGN) || at(p, TK_LBRACE)) {
    Type *t = ty;
    init = parse_initializer(p, &t, false);
  }
  Node *v = init && ty->is_const && type_is_arith(ty) && !is_err(p, init) ? fold_const(p, init) : NULL;
  if (v && v->kind == ND_NUM) {
    vs->const_val = v;
    return;
  }
  Obj *h = ARENA_NEW(p->arena, Obj);
  h->name = p->scope->qname ? arena_printf(p->arena, "%s::%s", p->scope->qname, n) : n;
  h->ty = ty;
  h->loc = name->loc;
  h->is_host_var = true;
  h->host_only_reason = arena_printf(p->arena, "'%s' is a static data member without a constant "
                                     "initializer, which device code cannot use yet", h->name);
  vs->var = h;
}

/* ---- scoped enumerations ----------------------------------------------------- */

/* An implicit conversion to or from an enum class type is an error unless
 * it is the same type ([dcl.enum]p10; clang's wording per context). */
bool check_scoped_enum_conv(Parser *p, Type *to, Type *from, int ctx, Loc loc) {
  if ((!is_scoped_enum(to) && !is_scoped_enum(from)) || type_unqual(to) == type_unqual(from))
    return true;
  if (to->origin && to->origin == from->origin) return true;
  const char *t = type_name(p->arena, to), *f = type_name(p->arena, from);
  switch (ctx) {
  case CONV_INIT:
    diag_error(p->diag, loc, "cannot initialize a variable of type '%s' with an rvalue of type '%s'", t, f);
    break;
  case CONV_ASSIGN:
    diag_error(p->diag, loc, "assigning to '%s' from incompatible type '%s'", t, f);
    break;
  case CONV_PASS:
    diag_error(p->diag, loc, "cannot initialize a parameter of type '%s' with an rvalue of type '%s'", t, f);
    break;
  case CONV_RETURN:
    diag_error(p->diag, loc, "cannot initialize return object of type '%s' with an rvalue of type '%s'", t, f);
    break;
  default:
    ICE("bad conversion context %d", ctx);
  }
  return false;
}
