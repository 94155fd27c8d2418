/* parse_template.c: C++ templates in device code. A template definition is
 * kept as its tokens; an instantiation parses those tokens again in a scope
 * where the parameters are bound (type parameters as typedefs, non-type
 * ones as constants), under a name that carries the arguments ("k<float,
 * 256>"). Deduction parses the parameter list once with placeholder types
 * (a template-id with placeholders, Vec<N>, stays a dependent type that
 * unify matches against instances). Member templates are instantiated as
 * members of their class, abbreviated templates f(auto x) bind each auto.
 * Pack expansion itself is in parse_generic.c. Not here: template
 * template parameters, member templates defined outside their class. */
#include "parse_internal.h"

#include <string.h>

enum { MAX_INST_DEPTH = 64, MAX_TARGS = 32 };

/* ---- headers ------------------------------------------------------------ */

/* Index of the ',' or '>' that ends the default argument starting at i. */
static int default_end(Parser *p, int i) {
  int angle = 0;
  for (;; i++) {
    TokenKind k = p->toks[i].kind;
    if (k == TK_EOF || k == TK_SEMI || k == TK_LBRACE) return i;
    if (k == TK_LPAREN || k == TK_LBRACKET) {
      int save = p->pos;
      p->pos = i;
      skip_balanced(p);
      i = p->pos - 1;
      p->pos = save;
      continue;
    }
    if (k == TK_LT) angle++;
    else if (k == TK_GT && angle-- == 0) return i;
    else if (k == TK_SHR && (angle -= 2) < 0) return i;
    else if (k == TK_COMMA && angle == 0) return i;
  }
}

/* template-param = ("typename" | "class") "..."? ident? ("=" type-name)?
 *                | declspec declarator ("=" const-expr)? */
static bool parse_tparam(Parser *p, TemplateParam *tp) {
  memset(tp, 0, sizeof *tp);
  tp->def_start = -1;
  if ((at(p, KW_TYPENAME) || at(p, KW_CLASS)) &&
      (peek_at(p, 1)->kind == TK_IDENT || peek_at(p, 1)->kind == TK_ELLIPSIS ||
       peek_at(p, 1)->kind == TK_COMMA || peek_at(p, 1)->kind == TK_GT ||
       peek_at(p, 1)->kind == TK_ASSIGN)) {
    next(p);
    tp->is_type = true;
    tp->is_pack = accept(p, TK_ELLIPSIS);
    if (at(p, TK_IDENT)) {
      tp->name = tok_name(p, tok(p));
      next(p);
    }
  } else if (at(p, KW_TEMPLATE)) {
    diag_unsupported(p->diag, tok(p)->loc, "template template parameter");
    return false;
  } else {
    DeclSpec ds;
    parse_declspec(p, &ds, false);
    tp->is_pack = accept(p, TK_ELLIPSIS);
    Token *name = NULL;
    bool no_gt = p->no_gt;
    p->no_gt = true;
    tp->ty = parse_declarator(p, ds.ty, &name);
    p->no_gt = no_gt;
    if (name) tp->name = tok_name(p, name);
    if (!type_is_integer(tp->ty) && tp->ty != p->err_ty) {
      diag_unsupported(p->diag, ds.loc, "non-type template parameter of a non-integer type");
      return false;
    }
  }
  if (accept(p, TK_ASSIGN)) {
    tp->def_start = p->pos;
    tp->def_end = default_end(p, p->pos);
    p->pos = tp->def_end;
  }
  return true;
}

/* template-header = "<" (template-param ("," template-param)*)? ">" */
static bool parse_tparams(Parser *p, TemplateParam **out, int *n) {
  Vec(TemplateParam) v = {0};
  next(p);  /* < */
  while (!at(p, TK_GT) && !at(p, TK_EOF)) {
    TemplateParam tp;
    if (!parse_tparam(p, &tp)) return false;
    vec_push(p->arena, &v, tp);
    if (!accept(p, TK_COMMA)) break;
  }
  if (!expect(p, TK_GT, "to end the template parameter list")) return false;
  *out = v.data;
  *n = v.len;
  return true;
}

/* The '>' (or '>>') closing the '<' at i, or -1 (before end). */
static int angle_close(Parser *p, int i, int end) {
  int depth = 0;
  for (; i < end; i++) {
    TokenKind k = p->toks[i].kind;
    if (k == TK_LT) depth++;
    else if (k == TK_GT && --depth == 0) return i;
    else if (k == TK_SHR && (depth -= 2) <= 0) return i;
    else if (k == TK_SEMI || k == TK_LBRACE) return -1;
  }
  return -1;
}

/* Where a template declaration's name is, and whether it is a class. */
static bool find_declared_name(Parser *p, Template *t) {
  for (int i = t->decl_start; i < t->decl_end; i++) {
    TokenKind k = p->toks[i].kind;
    if ((k == KW_STRUCT || k == KW_CLASS || k == KW_UNION) && p->toks[i + 1].kind == TK_IDENT) {
      t->is_class = true;
      t->name_pos = i + 1;
      t->spec_start = p->toks[i + 2].kind == TK_LT ? i + 2 : -1;
      return true;
    }
    if (k == KW_OPERATOR && !t->cls) {  /* a free operator template: named at register */
      t->name_pos = i;
      return true;
    }
    if (k == TK_LPAREN && i > t->decl_start && p->toks[i - 1].kind == TK_IDENT &&
        !token_is(&p->toks[i - 1], "__align__")) {
      t->name_pos = i - 1;
      return true;
    }
    if (k == TK_LPAREN || k == TK_LBRACKET) {
      int save = p->pos;
      p->pos = i;
      skip_balanced(p);
      i = p->pos - 1;
      p->pos = save;
    } else if (k == TK_LT && i > t->decl_start && p->toks[i - 1].kind == TK_IDENT &&
               angle_close(p, i, t->decl_end) > 0 &&
               p->toks[angle_close(p, i, t->decl_end) + 1].kind != TK_LPAREN) {
      i = angle_close(p, i, t->decl_end);  /* a template-id type: S<N> f(...) */
    } else if (k == TK_LT && i > t->decl_start && p->toks[i - 1].kind == TK_IDENT) {
      t->name_pos = i - 1;  /* an explicit specialization f<int>(...) */
      t->spec_start = i;
      return true;
    } else if (k == TK_LT || k == TK_LBRACE || k == TK_ASSIGN || k == KW_USING) {
      return false;  /* a variable or alias template */
    }
  }
  return false;
}

static bool has_body(Parser *p, Template *t) {
  return t->decl_end > 0 && p->toks[t->decl_end - 1].kind == TK_RBRACE;
}

/* The declared name at t->name_pos: "operator+" for an operator. */
static const char *template_declared_name(Parser *p, Template *t) {
  if (p->toks[t->name_pos].kind != KW_OPERATOR) return tok_name(p, &p->toks[t->name_pos]);
  int save = p->pos;
  Type *conv;
  p->pos = t->name_pos;
  Token *name = parse_operator_name(p, &conv);
  p->pos = save;
  return tok_name(p, name);
}

static void register_template(Parser *p, Template *t) {
  const char *name = template_declared_name(p, t);
  t->name = name;
  map_init(&t->instances, p->arena);
  VarScope *vs = find_var_in(p->scope, name);
  if (vs && !vs->tmpl && vs->var && vs->var->is_function) {  /* next to functions */
    vs->tmpl = t;
    return;
  }
  if (vs && vs->tmpl) {
    Template **tail = &vs->tmpl;
    while (*tail) tail = &(*tail)->next;
    *tail = t;
    return;
  }
  push_var(p, name)->tmpl = t;
}

/* template-decl = "template" template-header? declaration. Without a
 * header it is an explicit instantiation: host code instantiates kernels
 * (the driver finds them), device functions are instantiated on use. */
void parse_template_decl(Parser *p) {
  Token *kw = tok(p);
  next(p);
  bool dev;
  if (!at(p, TK_LT)) {
    p->pos = scan_decl_end(p, p->pos, &dev);
    return;
  }
  /* Host-only templates may use what device code does not support: the
   * header's errors count only for device templates. */
  Template *t = ARENA_NEW(p->arena, Template);
  int header = p->pos;
  Diag *d = p->diag;
  bool sup = d->suppress;
  int serr = d->suppressed_errors;
  d->suppress = true;
  bool ok = parse_tparams(p, &t->params, &t->nparams);
  bool clean = d->suppressed_errors == serr;
  d->suppress = sup;
  d->suppressed_errors = serr;
  if (!ok || !clean) {
    int end = scan_decl_end(p, p->pos, &dev);
    if (dev) {
      p->pos = header;
      parse_tparams(p, &t->params, &t->nparams);
    }
    p->pos = end;
    return;
  }
  if (at(p, KW_TEMPLATE)) {
    if (scan_decl_end(p, p->pos, &dev) && dev)
      diag_unsupported(p->diag, tok(p)->loc, "member template defined outside its class");
    p->pos = scan_decl_end(p, p->pos, &dev);
    return;
  }
  t->decl_start = p->pos;
  t->decl_end = scan_decl_end(p, p->pos, &dev);
  t->scope = p->scope;
  t->cls = p->scope->cls && !p->scope->is_namespace ? p->scope->cls : NULL;  /* a member template */
  t->spec_start = -1;
  if (t->nparams == 0 && p->toks[t->decl_end - 1].kind != TK_RBRACE &&
      p->toks[t->decl_end - 1].kind != TK_SEMI) {
    p->pos = t->decl_end;
    return;
  }
  p->pos = t->decl_end;
  if (!find_declared_name(p, t)) {
    if (dev) diag_unsupported(p->diag, kw->loc, "this kind of template");
    return;
  }
  if (ooc_template_member(p, t)) return;  /* parse_outofclass.c: T V<T>::f() {...} */
  for (int i = t->decl_start; i < t->name_pos; i++)
    if (p->toks[i].kind == KW_GLOBAL) t->is_kernel = true;
  if (t->is_kernel && has_body(p, t)) {
    t->kernel_index = p->template_kernels++;
    vec_push(p->arena, &p->kernel_tmpls, t);
  }
  register_template(p, t);
}

/* An abbreviated function template (C++20 [dcl.fct]p22): `R f(auto x,
 * const auto &y)` is template <class T1, class T2> R f(T1 x, const T2 &y).
 * At a top-level declaration; false (nothing consumed) if it is not one. */
bool template_abbreviated(Parser *p) {
  if (p->fn || p->inst_name) return false;
  bool dev;
  Template probe = {0};
  probe.decl_start = p->pos;
  probe.decl_end = scan_decl_end(p, p->pos, &dev);
  probe.spec_start = -1;
  if (!find_declared_name(p, &probe) || probe.is_class || probe.spec_start >= 0 ||
      p->toks[probe.name_pos + 1].kind != TK_LPAREN)
    return false;
  int n = generic_count_auto_params(p, probe.name_pos + 1);
  if (n == 0) return false;
  Template *t = ARENA_NEW(p->arena, Template);
  *t = probe;
  if (n > MAX_TARGS) {
    diag_unsupported(p->diag, p->toks[t->name_pos].loc, "a function with this many 'auto' parameters");
    n = MAX_TARGS;
  }
  t->is_abbrev = true;
  t->nparams = n;
  t->params = ARENA_ARRAY(p->arena, TemplateParam, n);
  for (int i = 0; i < n; i++) t->params[i] = (TemplateParam){.is_type = true, .def_start = -1};
  t->scope = p->scope;
  register_template(p, t);
  p->pos = t->decl_end;
  return true;
}

/* ---- arguments ------------------------------------------------------------- */

/* Consumes one '>' (half of a '>>' closing two lists). */
static bool close_angle(Parser *p) {
  if (accept(p, TK_GT)) return true;
  if (at(p, TK_SHR)) {
    if (p->half_gt == p->pos) {
      p->half_gt = 0;
      next(p);
    } else {
      p->half_gt = p->pos;
    }
    return true;
  }
  return expect(p, TK_GT, "to end the template argument list");
}

/* template-arg = type-name | constant-expression */
static bool parse_targ(Parser *p, TArg *a) {
  memset(a, 0, sizeof *a);
  if (is_typename(p, tok(p))) {
    a->is_type = true;
    a->ty = parse_typename(p);
    return a->ty != p->err_ty;
  }
  bool no_gt = p->no_gt;
  p->no_gt = true;
  Node *e = parse_cond_expr(p);
  p->no_gt = no_gt;
  if (is_err(p, e)) return false;
  int64_t v;
  if (!type_is_integer(e->ty) || !eval_int(p, e, &v)) {
    diag_error(p->diag, e->loc, "template argument is not an integer constant expression");
    return false;
  }
  a->ty = e->ty;
  a->val = v;
  return true;
}

static bool parse_targ_list(Parser *p, TArg **out, int *n) {
  Vec(TArg) v = {0};
  bool ok = true;
  while (!at(p, TK_GT) && !at(p, TK_EOF) && !(at(p, TK_SHR) && p->half_gt == p->pos)) {
    TArg a;
    int before = p->pos;
    VarScope *pk = at(p, TK_IDENT) && peek_at(p, 1)->kind == TK_ELLIPSIS ? find_var(p, tok(p)->text, tok(p)->len) : NULL;
    if (pk && pk->pack && !pk->pack->param) {  /* f<Ts...>: the pack's elements */
      for (int i = 0; i < pk->pack->n; i++) vec_push(p->arena, &v, pk->pack->elems[i]);
      next(p);
      next(p);
      if (!accept(p, TK_COMMA)) break;
      continue;
    }
    ok &= parse_targ(p, &a);
    vec_push(p->arena, &v, a);
    if (p->pos == before || !accept(p, TK_COMMA)) break;
  }
  *out = v.data;
  *n = v.len;
  return ok;
}

/* template-args = "<" (template-arg ("," template-arg)*)? ">" ; at '<'. */
bool parse_template_args(Parser *p, TArg **out, int *n) {
  next(p);
  bool ok = parse_targ_list(p, out, n);
  return close_angle(p) && ok;
}

/* ---- binding and instantiation ------------------------------------------- */

static void bind_param(Parser *p, TemplateParam *tp, TArg *a) {
  if (!tp->name) return;
  VarScope *vs = push_var(p, tp->name);
  if (tp->is_pack) {  /* parse_generic.c expands it */
    PackBinding *b = ARENA_NEW(p->arena, PackBinding);
    b->is_type = tp->is_type;
    b->elems = a->pack;
    b->n = a->pack_len;
    vs->pack = b;
    return;
  }
  if (tp->is_type) vs->type_def = a->ty;
  else  /* a deduction placeholder keeps its marked type (unify) */
    vs->const_val = new_num(p, a->val, a->ty && a->ty->tparam ? a->ty : tp->ty, tok(p)->loc);
}

/* Replays tokens [start, end) of t's definition with params 0..nbound-1
 * bound, running fn (which parses what is there). */
typedef void *(*ReplayFn)(Parser *p, void *arg);

static void *replay(Parser *p, Template *t, TArg *args, int nbound, int start, int end,
                    ReplayFn fn, void *arg) {
  ParseCtx c = ctx_save(p);
  p->scope = t->scope;
  enter_scope(p);
  p->tentative = false;
  for (int i = 0; i < nbound; i++) bind_param(p, &t->params[i], &args[i]);
  Type *auto_types[MAX_TARGS];
  Type **saved_auto = p->auto_params;
  int saved_count = p->auto_param_count, saved_next = p->auto_param_next;
  if (t->is_abbrev) {  /* f(auto x): the `auto`s are the parameters */
    for (int i = 0; i < nbound && i < MAX_TARGS; i++) auto_types[i] = args[i].ty;
    p->auto_params = auto_types;
    p->auto_param_count = nbound;
    p->auto_param_next = 0;
  }
  p->fn = NULL;
  p->locals_tail = NULL;
  p->cur_switch = NULL;
  p->loop_depth = p->break_depth = 0;
  p->cur_class = NULL;
  p->cur_this = NULL;
  p->no_gt = false;
  p->half_gt = 0;
  p->pos = start;
  TokenKind saved = p->toks[end].kind;
  p->toks[end].kind = TK_EOF;
  int depth = p->depth;
  p->depth = 0;
  p->inst_depth++;
  void *r = fn(p, arg);
  p->inst_depth--;
  p->depth = depth;
  p->toks[end].kind = saved;
  p->auto_params = saved_auto;
  p->auto_param_count = saved_count;
  p->auto_param_next = saved_next;
  ctx_restore(p, &c);
  return r;
}

static void *replay_default(Parser *p, void *arg) {
  TArg *a = arg;
  return parse_targ(p, a) ? a : NULL;
}

/* args[i] from parameter i's default, with the ones before it bound. */
static bool fill_default(Parser *p, Template *t, TArg *args, int i, Loc loc) {
  TemplateParam *tp = &t->params[i];
  if (tp->def_start < 0) {
    diag_error(p->diag, loc, "too few template arguments for '%s'", t->name);
    return false;
  }
  memset(&args[i], 0, sizeof args[i]);
  return replay(p, t, args, i, tp->def_start, tp->def_end, replay_default, &args[i]) != NULL;
}

/* Fills args[n..] from the parameters' defaults; false if one is missing. */
static bool fill_defaults(Parser *p, Template *t, TArg *args, int n, Loc loc) {
  for (int i = n; i < t->nparams; i++) {
    if (t->params[i].is_pack) {  /* a pack not given is empty */
      args[i] = (TArg){.is_type = t->params[i].is_type, .is_pack = true};
      continue;
    }
    if (!fill_default(p, t, args, i, loc)) return false;
  }
  return true;
}

/* Explicit arguments given[0..n) for t into out: with a trailing pack,
 * the arguments from its position on become its elements. Returns how
 * many of t's parameters they give. */
static int pack_args(Parser *p, Template *t, TArg *given, int n, TArg *out) {
  int k = t->nparams - 1;
  if (k < 0 || !t->params[k].is_pack || n <= k) {
    for (int i = 0; i < n && i < MAX_TARGS; i++) out[i] = given[i];
    return n;
  }
  for (int i = 0; i < k; i++) out[i] = given[i];
  TArg *elems = ARENA_ARRAY(p->arena, TArg, n - k);
  for (int i = k; i < n; i++) elems[i - k] = given[i];
  out[k] = (TArg){.is_type = t->params[k].is_type, .is_pack = true, .pack = elems, .pack_len = n - k};
  return k + 1;
}

/* Anonymous structs (`typedef struct {...} RGB;`) all print as "struct
 * (anonymous)": the key gets where each was declared, so that two of them
 * give two instances (alignedTypes' testKernel<RGB>, testKernel<LA32>). */
static void put_anon_identity(StrBuf *b, const Type *t) {
  for (int depth = 0; t && depth < 64 && (t->kind == TY_PTR || t->kind == TY_ARRAY); depth++) t = t->base;
  if (!t || (t->kind != TY_STRUCT && t->kind != TY_UNION && t->kind != TY_ENUM)) return;
  while (t->origin) t = t->origin;
  if (!t->name) strbuf_printf(b, "@%u:%u:%u", t->loc.file, t->loc.line, t->loc.col);
}

static const char *inst_key(Parser *p, Template *t, TArg *args) {
  StrBuf b = {0};
  strbuf_printf(&b, "%s<", t->name);
  for (int i = 0, first = 1; i < t->nparams; i++) {
    int n = args[i].is_pack ? args[i].pack_len : 1;
    for (int k = 0; k < n; k++, first = 0) {
      TArg *a = args[i].is_pack ? &args[i].pack[k] : &args[i];
      if (!first) strbuf_puts(&b, ", ");
      if (a->is_type) {
        strbuf_puts(&b, type_name(p->arena, a->ty));
        put_anon_identity(&b, a->ty);
      } else {
        strbuf_printf(&b, "%lld", (long long)a->val);
      }
    }
  }
  strbuf_puts(&b, ">");
  const char *k = arena_strdup(p->arena, b.data);
  strbuf_free(&b);
  return k;
}

/* The key of overload c of function template t (the head of its chain):
 * f(T) and f(T, T) with T = int are two instances, so a later overload's
 * key carries its place in the chain. */
static const char *overload_inst_key(Parser *p, Template *t, Template *c, TArg *args) {
  const char *key = inst_key(p, c, args);
  int n = 0;
  for (Template *o = t; o && o != c; o = o->next) n++;
  return n ? arena_printf(p->arena, "%s#%d", key, n) : key;
}

static bool check_kinds(Parser *p, Template *t, TArg *args, int n, Loc loc) {
  if (n > t->nparams) {
    diag_error(p->diag, loc, "too many template arguments for '%s'", t->name);
    return false;
  }
  for (int i = 0; i < n; i++) {
    if (t->params[i].is_pack && i != t->nparams - 1) {
      diag_unsupported(p->diag, loc, "template parameter pack that is not the last parameter");
      return false;
    }
    for (int k = 0; args[i].is_pack && k < args[i].pack_len; k++)
      if (args[i].pack[k].is_type != t->params[i].is_type) {
        diag_error(p->diag, loc, "template argument %d of '%s' must be %s", i + k + 1, t->name,
                   t->params[i].is_type ? "a type" : "a constant");
        return false;
      }
    if (args[i].is_pack) continue;
    if (args[i].is_type != t->params[i].is_type) {
      diag_error(p->diag, loc, "template argument %d of '%s' must be %s", i + 1, t->name,
                 t->params[i].is_type ? "a type" : "a constant");
      return false;
    }
  }
  return true;
}

static void *replay_decl(Parser *p, void *arg) {
  p->inst_name = arg;
  p->stmt_err_mark = error_count(p);
  parse_toplevel_decl(p);
  return p->scope;  /* the instance is looked up in it */
}

static TemplateId *template_id(Parser *p, Template *t, TArg *args, int n) {
  TemplateId *id = ARENA_NEW(p->arena, TemplateId);
  id->tmpl = t;
  id->nargs = n;
  id->args = ARENA_ARRAY(p->arena, TArg, n > 0 ? n : 1);
  for (int i = 0; i < n; i++) id->args[i] = args[i];
  return id;
}

/* Does a type contain a deduction placeholder (T, T *, Box<T>)? */
static bool has_placeholder(Type *t, int depth) {
  for (; t && depth < 64; t = t->base, depth++) {
    if (t->tparam) return true;
    TemplateId *id = t->tmpl_id;
    if (!id || (t->kind != TY_STRUCT && t->kind != TY_UNION)) continue;
    for (int i = 0; i < id->nargs; i++)
      if (id->args[i].ty && has_placeholder(id->args[i].ty, depth + 1)) return true;
    return false;
  }
  return false;
}

/* A template-id with placeholders in a parameter type being deduced
 * (Vec<N>, const Box<T> &): a dependent type that unify matches against
 * instances; nothing is instantiated for it. */
static Type *dependent_class(Parser *p, Template *t, TArg *args, const char *key) {
  Type *ty = ARENA_NEW(p->arena, Type);
  ty->kind = TY_STRUCT;
  ty->size = ty->align = 1;
  ty->name = key;
  ty->tmpl_id = template_id(p, t, args, t->nparams);
  return ty;
}

/* Parses t's declaration once under the instance's name; returns the
 * Obj (functions) or Type (classes) it declared, cached per arguments. */
static void *instantiate(Parser *p, Template *primary, Template *t, TArg *args, const char *key,
                         Loc loc) {
  void *done = map_get(&primary->instances, key);
  if (done) return done;
  if (p->inst_depth >= MAX_INST_DEPTH) {
    diag_error(p->diag, loc, "recursive template instantiation exceeded maximum depth of %d",
               MAX_INST_DEPTH);
    return NULL;
  }
  int errors = p->diag->errors;
  Scope *s = replay(p, t, args, t->nparams, t->decl_start, t->decl_end, replay_decl, (void *)key);
  void *r = NULL;
  if (!s) {
  } else if (t->is_class) {
    r = map_get(&s->tags, key);
  } else {
    VarScope *vs = map_get(&s->vars, key);
    r = vs ? vs->var : NULL;
  }
  if (p->diag->errors > errors) diag_note(p->diag, loc, "in instantiation of '%s' requested here", key);
  if (r && t->is_class) ((Type *)r)->tmpl_id = template_id(p, primary, args, primary->nparams);
  if (r) map_put(&primary->instances, key, r);
  return r;
}

/* ---- deduction (C++17 [temp.deduct.call], the common cases) -------------- */

static bool unify(Type *P, Type *A, TArg *out, bool *bound);

/* Binds non-type parameter i (a placeholder) to the value v. */
static bool unify_value(int i, int64_t v, TArg *out, bool *bound) {
  if (bound[i]) return !out[i].is_type && out[i].val == v;
  out[i] = (TArg){.val = v};  /* bind_param uses the parameter's type */
  bound[i] = true;
  return true;
}

/* Template argument P (of a dependent template-id) against A. */
static bool unify_targ(TArg *P, TArg *A, TArg *out, bool *bound) {
  if (P->is_type != A->is_type) return false;
  if (P->is_type) return unify(P->ty, A->ty, out, bound) && (P->ty->tparam || type_unqual(P->ty)->kind == TY_PTR ||
                         type_unqual(P->ty)->tmpl_id || same_type(type_unqual(P->ty), type_unqual(A->ty)));
  if (P->ty && P->ty->tparam) return unify_value(P->ty->tparam - 1, A->val, out, bound);
  return P->val == A->val;
}

/* Vec<N> against an instance of Vec: the same template, arguments unified. */
static bool unify_template_id(TemplateId *P, Type *A, TArg *out, bool *bound) {
  TemplateId *a = type_unqual(A)->tmpl_id;
  if (!a || a->tmpl != P->tmpl || a->nargs != P->nargs) return false;
  for (int i = 0; i < P->nargs; i++)
    if (!unify_targ(&P->args[i], &a->args[i], out, bound)) return false;
  return true;
}

static bool unify(Type *P, Type *A, TArg *out, bool *bound) {
  if (is_ref_type(P)) return unify(P->base, A, out, bound);  /* T& deduces T */
  if (P->kind == TY_ARRAY && A->kind == TY_ARRAY) {  /* float (&)[N] */
    if (P->tparam && !unify_value(P->tparam - 1, A->array_len, out, bound)) return false;
    return unify(P->base, A->base, out, bound);
  }
  if (P->tmpl_id && (P->kind == TY_STRUCT || P->kind == TY_UNION))
    return unify_template_id(P->tmpl_id, A, out, bound);
  if (P->tparam) {
    int i = P->tparam - 1;
    if (P->is_const || P->is_volatile) A = type_unqual(A);
    if (bound[i]) return same_type(type_unqual(out[i].ty), type_unqual(A));
    out[i] = (TArg){.ty = A, .is_type = true};
    bound[i] = true;
    return true;
  }
  if (P->kind == TY_PTR && (A->kind == TY_PTR || A->kind == TY_ARRAY))
    return unify(P->base, A->base, out, bound);
  return true;  /* not dependent: the argument is converted later */
}

/* The call's arguments against the parameters of ft ([temp.deduct.call]). */
static bool unify_call_args(Parser *p, Type *ft, NodeVec *call_args, TArg *out, bool *bound) {
  /* fewer arguments: the rest may have defaults (finish_call checks) */
  if (call_args->len > ft->param_count) return false;
  for (int i = 0; i < call_args->len; i++) {
    Type *A = call_args->data[i]->ty;
    if (A->kind == TY_ARRAY && !is_ref_type(ft->params[i]))
      A = type_pointer_to(p->arena, A->base);  /* decay */
    if (A->kind == TY_FUNC) A = NULL;
    else A = type_unqual(A);  /* a by-value parameter drops top-level const */
    if (A && !unify(ft->params[i], A, out, bound)) return false;
  }
  return true;
}

/* Deduces the n invented parameters of a generic lambda's ft (whose
 * `auto`s were placeholders 1..n) from a call's arguments. */
bool template_deduce_auto(Parser *p, Type *ft, NodeVec *args, Type **out, int n) {
  bool bound[MAX_TARGS] = {0};
  TArg res[MAX_TARGS];
  if (n > MAX_TARGS || args->len != ft->param_count || !unify_call_args(p, ft, args, res, bound))
    return false;
  for (int i = 0; i < n; i++) {
    if (!bound[i] || !res[i].is_type) return false;
    out[i] = res[i].ty;
  }
  return true;
}

static void *replay_params(Parser *p, void *arg) {
  Token *name;
  (void)arg;
  Type *ft = parse_declarator(p, ty_int, &name);
  return ft->kind == TY_FUNC ? ft : NULL;
}

/* Deduces t's arguments from a call's; args[0..nexp) are explicit. */
/* A placeholder for parameter tp, numbered index + 1 in Type.tparam. */
static TArg placeholder(Parser *p, TemplateParam *tp, int index) {
  Type *ph = type_copy(p->arena, tp->is_type ? ty_int : tp->ty);
  ph->tparam = index + 1;
  if (tp->is_type) ph->name = tp->name;
  return (TArg){.ty = ph, .val = tp->is_type ? 0 : 1, .is_type = tp->is_type};  /* a value's type is marked */
}

/* t's function parameter types with the template parameters bound to
 * tmp (placeholders), or NULL if they do not parse. */
static Type *placeholder_params(Parser *p, Template *t, TArg *tmp) {
  Diag *d = p->diag;
  bool sup = d->suppress;
  int serr = d->suppressed_errors;
  d->suppress = true;
  Type *ft = replay(p, t, tmp, t->nparams, t->name_pos, t->decl_end, replay_params, NULL);
  bool parsed = d->suppressed_errors == serr;
  d->suppress = sup;
  d->suppressed_errors = serr;
  return parsed ? ft : NULL;
}

/* A trailing template parameter pack (index k) not given explicitly: as
 * many placeholders (numbered after t's parameters) as the call has
 * arguments beyond the other function parameters. */
static Type *pack_placeholders(Parser *p, Template *t, TArg *tmp, int k, Type *ft, int nargs) {
  int extra = nargs - ft->param_count;
  if (extra <= 0 || t->nparams + extra > MAX_TARGS) return ft;
  TArg *elems = ARENA_ARRAY(p->arena, TArg, extra);
  for (int j = 0; j < extra; j++) elems[j] = placeholder(p, &t->params[k], t->nparams + j);
  tmp[k] = (TArg){.is_type = t->params[k].is_type, .is_pack = true, .pack = elems, .pack_len = extra};
  return placeholder_params(p, t, tmp);
}

/* The deduced pack from the placeholders' bindings. */
static bool collect_pack(Parser *p, Template *t, TArg *tmp, int k, TArg *out, bool *bound) {
  int n = tmp[k].pack_len;
  TArg *elems = ARENA_ARRAY(p->arena, TArg, n > 0 ? n : 1);
  for (int j = 0; j < n; j++) {
    if (!bound[t->nparams + j]) return false;
    elems[j] = out[t->nparams + j];
  }
  out[k] = (TArg){.is_type = t->params[k].is_type, .is_pack = true, .pack = elems, .pack_len = n};
  bound[k] = true;
  return true;
}

static bool deduce(Parser *p, Template *t, TArg *out, int nexp, NodeVec *call_args) {
  bool bound[MAX_TARGS] = {0};
  TArg tmp[MAX_TARGS];
  int k = t->nparams > 0 && t->params[t->nparams - 1].is_pack && t->nparams - 1 >= nexp ? t->nparams - 1 : -1;
  for (int i = 0; i < t->nparams; i++) {
    bound[i] = i < nexp;
    tmp[i] = i < nexp ? out[i] : placeholder(p, &t->params[i], i);
    if (i == k) tmp[i] = (TArg){.is_type = t->params[i].is_type, .is_pack = true};
  }
  Type *ft = placeholder_params(p, t, tmp);
  if (ft && k >= 0) ft = pack_placeholders(p, t, tmp, k, ft, call_args->len);
  if (!ft) return false;
  /* an operator has no default arguments: unary and binary operator+ differ by arity */
  if (p->toks[t->name_pos].kind == KW_OPERATOR && !ft->is_variadic && call_args->len != ft->param_count)
    return false;
  if (!unify_call_args(p, ft, call_args, out, bound)) return false;
  if (k >= 0 && !collect_pack(p, t, tmp, k, out, bound)) return false;
  for (int i = nexp; i < t->nparams; i++) {
    if (bound[i]) continue;
    if (t->params[i].def_start < 0 || !fill_default(p, t, out, i, tok(p)->loc)) return false;
  }
  return true;
}

static void *replay_spec_args(Parser *p, void *arg);

static bool same_args(TArg *a, TArg *b, int n) {
  for (int i = 0; i < n; i++) {
    if (a[i].is_type != b[i].is_type) return false;
    if (a[i].is_type ? !same_type(a[i].ty, b[i].ty) : a[i].val != b[i].val) return false;
  }
  return true;
}

/* An explicit specialization `template <> ... f<args>(...)` of primary
 * for exactly these arguments, or NULL. */
static Template *find_function_spec(Parser *p, Template *chain, Template *primary, TArg *args) {
  for (Template *s = chain; s; s = s->next) {
    if (s->is_class || s->spec_start < 0 || s->nparams != 0) continue;
    TArg *res[2];
    if (!replay(p, s, NULL, 0, s->spec_start, s->decl_end, replay_spec_args, res)) continue;
    int n = (int)(intptr_t)res[1];
    if (n == primary->nparams && same_args(res[0], args, n)) return s;
  }
  return NULL;
}

/* name ("<" template-args ">")? "(" args ")" for a function template. */
Node *template_call(Parser *p, Template *t, Token *name) {
  Loc loc = name->loc;
  next(p);
  if (t->cls)  /* a member template named inside a member function */
    return template_member_call(p, p->cur_this ? var_node(p, p->cur_this, loc) : NULL, t, name);
  TArg *exp = NULL, args[MAX_TARGS];
  int nexp = 0;
  if (at(p, TK_LT) && !parse_template_args(p, &exp, &nexp)) return err_node(p, loc);
  NodeVec launch = {0};  /* k<T><<<g, b>>>(...) in device code: parse_launch.c */
  bool is_launch = at(p, TK_LAUNCH_OPEN);
  if (is_launch) launch = parse_launch_config(p);
  if (!at(p, TK_LPAREN)) {
    diag_unsupported(p->diag, loc, "using a function template other than by calling it");
    return err_node(p, loc);
  }
  NodeVec cargs = parse_call_args(p);
  for (int i = 0; i < cargs.len; i++)
    if (is_err(p, cargs.data[i])) return cargs.data[i];
  for (Template *c = t; c; c = c->next) {
    if (c->is_class || c->spec_start >= 0 || c->nparams > MAX_TARGS) continue;
    if (!has_body(p, c) && c->next) continue;
    int ngiven = pack_args(p, c, exp, nexp, args);
    if (ngiven > c->nparams) continue;
    if (!check_kinds(p, c, args, ngiven, loc)) return err_node(p, loc);
    if (!deduce(p, c, args, ngiven, &cargs)) continue;
    const char *key = overload_inst_key(p, t, c, args);
    Template *use = find_function_spec(p, t, c, args);
    Obj *fn = instantiate(p, t, use ? use : c, args, key, loc);
    if (!fn) return err_node(p, loc);
    if (is_launch) return device_launch(p, fn, &launch, &cargs, loc);
    return finish_call(p, fn, &cargs, loc);
  }
  /* deduction failed: CUDA's own overloads of the name (max(double, float)
   * beside a user's template<class T> T max(T, T)) may still fit */
  if (!nexp && !is_launch) return builtin_call_args(p, name, &cargs, loc);
  diag_error(p->diag, loc, "no matching function for call to '%s'", t->name);
  return err_node(p, loc);
}

/* ---- member templates ------------------------------------------------------- */

/* The member template `name` of class cls, or NULL. */
Template *template_member(Type *cls, Token *name) {
  Type *t = type_unqual(cls);
  if (t->kind != TY_STRUCT && t->kind != TY_UNION) return NULL;
  Scope *s = t->scope ? t->scope : t->origin ? t->origin->scope : NULL;
  VarScope *vs = s ? map_getn(&s->vars, name->text, (size_t)name->len) : NULL;
  return vs && vs->tmpl && vs->tmpl->cls ? vs->tmpl : NULL;
}

typedef struct MemberInst {
  Type *cls;
  const char *key;  /* the instance's method name: "as<int>" */
  Method *m;
} MemberInst;

/* A member template's declaration as a member function of its class,
 * defined at once: the body sees the bound parameters, then the class. */
static void *replay_member(Parser *p, void *arg) {
  MemberInst *mi = arg;
  p->stmt_err_mark = error_count(p);
  DeclSpec ds;
  parse_declspec(p, &ds, true);
  Token *name = NULL;
  Type *ft = parse_declarator(p, ds.ty, &name);
  if (ft->kind != TY_FUNC || !name) {
    diag_unsupported(p->diag, ds.loc, "this kind of member template");
    return NULL;
  }
  Method *m = declare_method(p, mi->cls, &ds, ft, name);
  m->name = mi->key;
  m->fn->name = arena_printf(p->arena, "%s::%s", mi->cls->name ? mi->cls->name : "<anonymous>", mi->key);
  Scope *cs = mi->cls->scope;
  mi->cls->scope = p->scope;
  define_method_bodies(p, mi->cls);
  mi->cls->scope = cs;
  mi->m = m;
  return m;
}

static Method *instantiate_member(Parser *p, Template *t, TArg *args, Loc loc) {
  const char *key = inst_key(p, t, args);
  Method *done = map_get(&t->instances, key);
  if (done) return done;
  if (p->inst_depth >= MAX_INST_DEPTH) {
    diag_error(p->diag, loc, "recursive template instantiation exceeded maximum depth of %d",
               MAX_INST_DEPTH);
    return NULL;
  }
  MemberInst mi = {t->cls, key, NULL};
  int errors = p->diag->errors;
  replay(p, t, args, t->nparams, t->decl_start, t->decl_end, replay_member, &mi);
  if (p->diag->errors > errors) diag_note(p->diag, loc, "in instantiation of '%s' requested here", key);
  if (mi.m) map_put(&t->instances, key, mi.m);
  return mi.m;
}

/* A member function call with the object's address self_ptr (NULL: no
 * object, only a static member may be called). */
static Node *member_call(Parser *p, Node *self_ptr, Method *m, NodeVec *args, Loc loc) {
  if (m->is_static) return finish_call(p, m->fn, args, loc);
  if (!self_ptr) {
    diag_error(p->diag, loc, "call to non-static member function without an object argument");
    return err_node(p, loc);
  }
  NodeVec all = {0};
  vec_push(p->arena, &all, self_ptr);
  for (int i = 0; i < args->len; i++) vec_push(p->arena, &all, args->data[i]);
  return finish_call(p, m->fn, &all, loc);
}

/* obj.name<args>(call-args) / obj.name(call-args) for a member template;
 * the name was consumed. */
Node *template_member_call(Parser *p, Node *self_ptr, Template *t, Token *name) {
  Loc loc = name->loc;
  TArg *exp = NULL, args[MAX_TARGS];
  int nexp = 0;
  if (at(p, TK_LT) && !parse_template_args(p, &exp, &nexp)) return err_node(p, loc);
  if (!at(p, TK_LPAREN)) {
    diag_unsupported(p->diag, loc, "using a member function template other than by calling it");
    return err_node(p, loc);
  }
  NodeVec cargs = parse_call_args(p);
  for (int i = 0; i < cargs.len; i++)
    if (is_err(p, cargs.data[i])) return cargs.data[i];
  if (self_ptr && is_err(p, self_ptr)) return self_ptr;
  for (Template *c = t; c; c = c->next) {
    if (c->is_class || c->spec_start >= 0 || c->nparams > MAX_TARGS) continue;
    int ngiven = pack_args(p, c, exp, nexp, args);
    if (ngiven > c->nparams) continue;
    if (!check_kinds(p, c, args, ngiven, loc)) return err_node(p, loc);
    if (!deduce(p, c, args, ngiven, &cargs)) continue;
    Method *m = instantiate_member(p, c, args, loc);
    if (!m) return err_node(p, loc);
    return member_call(p, self_ptr, m, &cargs, loc);
  }
  diag_error(p->diag, loc, "no matching member function for call to '%s'", t->name);
  return err_node(p, loc);
}

/* ---- class templates ------------------------------------------------------- */

/* The specialization a call with these arguments would use, or NULL (no
 * diagnostic): a candidate next to non-template functions of the name. */
Obj *template_match_call(Parser *p, Template *t, NodeVec *cargs, Loc loc) {
  TArg args[MAX_TARGS];
  for (Template *c = t; c; c = c->next) {
    if (c->is_class || c->spec_start >= 0 || c->nparams > MAX_TARGS) continue;
    if (!has_body(p, c) && c->next) continue;
    if (!deduce(p, c, args, 0, cargs)) continue;
    const char *key = overload_inst_key(p, t, c, args);
    Template *use = find_function_spec(p, t, c, args);
    return instantiate(p, t, use ? use : c, args, key, loc);
  }
  return NULL;
}

static void *replay_spec_args(Parser *p, void *arg) {
  TArg **out = arg;
  int n;
  TArg *a;
  if (!parse_template_args(p, &a, &n)) return NULL;
  out[0] = a;
  out[1] = (TArg *)(intptr_t)n;
  return out;
}

/* Does specialization s match args? Its own arguments are deduced. */
static bool match_spec(Parser *p, Template *s, TArg *args, int n, TArg *out) {
  if (s->nparams > MAX_TARGS) return false;
  bool bound[MAX_TARGS] = {0};
  TArg tmp[MAX_TARGS];
  for (int i = 0; i < s->nparams; i++) {
    Type *ph = type_copy(p->arena, s->params[i].is_type ? ty_int : s->params[i].ty);
    ph->tparam = i + 1;
    tmp[i] = (TArg){.ty = ph, .is_type = s->params[i].is_type};
  }
  TArg *res[2];
  Diag *d = p->diag;
  bool sup = d->suppress;
  int serr = d->suppressed_errors;
  d->suppress = true;
  void *ok = replay(p, s, tmp, s->nparams, s->spec_start, s->decl_end, replay_spec_args, res);
  bool clean = d->suppressed_errors == serr;
  d->suppress = sup;
  d->suppressed_errors = serr;
  if (!ok || !clean || (int)(intptr_t)res[1] != n) return false;
  for (int i = 0; i < n; i++) {
    TArg *sa = &res[0][i];
    if (sa->is_type != args[i].is_type) return false;
    if (sa->is_type ? !unify(sa->ty, args[i].ty, out, bound) || (!sa->ty->tparam &&
                       sa->ty->kind != TY_PTR && !same_type(sa->ty, args[i].ty))
                    : sa->ty && sa->ty->tparam ? !unify_value(sa->ty->tparam - 1, args[i].val, out, bound)
                    : sa->val != args[i].val)
      return false;
  }
  for (int i = 0; i < s->nparams; i++)
    if (!bound[i]) return false;
  return true;
}

/* Name<args> naming a class template instance; the name was consumed. */
Type *template_class_type(Parser *p, Template *t, Loc loc) {
  if (!at(p, TK_LT)) {
    Type *inj = find_tag(p, t->name, (int)strlen(t->name));
    if (inj) return inj;
    diag_error(p->diag, loc, "use of class template '%s' requires template arguments", t->name);
    return p->err_ty;
  }
  TArg *given, args[MAX_TARGS], sargs[MAX_TARGS];
  int n;
  if (!parse_template_args(p, &given, &n)) return p->err_ty;
  if (t->nparams > MAX_TARGS) return p->err_ty;
  n = pack_args(p, t, given, n, args);
  if (!check_kinds(p, t, args, n, loc)) return p->err_ty;
  if (!fill_defaults(p, t, args, n, loc)) return p->err_ty;
  const char *key = inst_key(p, t, args);
  for (int i = 0; i < t->nparams; i++)
    if (args[i].ty && has_placeholder(args[i].ty, 0)) return dependent_class(p, t, args, key);
  Type *done = map_get(&t->instances, key);
  if (done) return done;
  Template *use = t;
  TArg *use_args = args;
  for (Template *s = t->next; s; s = s->next)
    if (s->is_class && s->spec_start >= 0 && match_spec(p, s, args, t->nparams, sargs)) {
      use = s;
      use_args = sargs;
      break;
    }
  Type *ty = instantiate(p, t, use, use_args, key, loc);
  return ty ? ty : p->err_ty;
}

/* ---- kernels the host code launches ---------------------------------------- */

void template_instantiate_requests(Parser *p, KernelRequest *reqs, int n, int *starts) {
  for (int i = 0; i < n; i++) {
    KernelRequest *r = &reqs[i];
    r->ordinal = -1;
    if (r->template_index < 0 || r->template_index >= p->kernel_tmpls.len) continue;
    Template *t = p->kernel_tmpls.data[r->template_index];
    p->pos = starts[i];
    p->stmt_err_mark = error_count(p);
    TArg *given, args[MAX_TARGS];
    int na;
    Loc loc = tok(p)->loc;
    if (!parse_targ_list(p, &given, &na) || t->nparams > MAX_TARGS) continue;
    na = pack_args(p, t, given, na, args);
    if (!check_kinds(p, t, args, na, loc)) continue;
    if (!fill_defaults(p, t, args, na, loc)) continue;
    Obj *fn = instantiate(p, t, t, args, inst_key(p, t, args), loc);
    if (fn && fn->is_definition) r->ordinal = fn->ordinal;
  }
}
