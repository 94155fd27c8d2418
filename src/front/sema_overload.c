/* sema_overload.c: C++ overload resolution (C++17 [over.match]) for calls
 * of overloaded functions and member functions, and operator overloading
 * ([over.oper]): the ranking of implicit conversion sequences (exact
 * match > promotion > conversion > user-defined, reference binding and
 * qualification tie-breaks, non-templates before templates) and clang's
 * "call to 'f' is ambiguous" / "no matching function" diagnostics. It
 * picks a function; finish_call (parse_expr.c) converts the arguments. */
#include "parse_internal.h"

#include <string.h>

enum { RANK_EXACT, RANK_PROMOTION, RANK_CONVERSION, RANK_USER, RANK_NONE = 100 };
enum { MAX_CANDS = 64, MAX_OV_ARGS = 32 };

/* One candidate function; member candidates take the object's address as
 * their first argument. */
typedef struct Cand {
  Obj *fn;
  bool is_member;     /* args[0] is the implicit object's address */
  bool is_tmpl;       /* a function template specialization */
  bool is_ctor;       /* a constructor (overload_ctor) */
  int score[MAX_OV_ARGS]; /* rank * 4 + tie-break, per argument */
  int bad;            /* the first argument that does not convert, or -1 */
  bool viable;
} Cand;

typedef struct CandSet {
  Cand c[MAX_CANDS];
  int n;
} CandSet;

bool is_class_type(Type *t) {
  if (!t) return false;
  t = type_unqual(t);
  return t->kind == TY_STRUCT || t->kind == TY_UNION;
}

/* ---- ranking of one argument ([over.ics.rank]) -------------------------------- */

static bool is_promotion(Type *f, Type *t) {
  if (t->kind == TY_DOUBLE && f->kind == TY_FLOAT) return true;
  if (t->kind != TY_INT || t->is_unsigned) return false;
  if (f->kind == TY_ENUM) return true;
  return type_is_integer(f) && f->size < 4;
}

static int pointer_rank(Parser *p, Node *e, Type *f, Type *t) {
  if (f->kind != TY_PTR) return is_null_const(e) ? RANK_CONVERSION * 4 : RANK_NONE;
  Type *tb = t->base, *fb = f->base;
  if ((fb->is_const && !tb->is_const) || (fb->is_volatile && !tb->is_volatile)) return RANK_NONE;
  if (type_is_compatible(type_unqual(tb), type_unqual(fb)))
    return tb->is_const != fb->is_const || tb->is_volatile != fb->is_volatile ? 1 : 0;
  if (type_unqual(tb)->kind == TY_VOID) return RANK_CONVERSION * 4;
  if (inherit_is_base_of(tb, fb)) return RANK_CONVERSION * 4 - 1;  /* D* -> B* before void* */
  (void)p;
  return RANK_NONE;
}

/* The rank of converting e to a (non-reference) type `to`. */
static int value_rank(Parser *p, Node *e, Type *to) {
  Type *f = type_unqual(e->ty), *t = type_unqual(to);
  if (f->kind == TY_ARRAY) f = type_pointer_to(p->arena, f->base);
  if (f->kind == TY_FUNC || t->kind == TY_VOID || f->kind == TY_VOID) return RANK_NONE;
  if (is_class_type(t) || is_class_type(f)) {
    if (is_class_type(t) && is_class_type(f) && type_is_compatible(t, f)) return 0;
    if (inherit_is_base_of(t, f)) return RANK_CONVERSION * 4;  /* slicing copy */
    return class_converts(p, e, to) ? RANK_USER * 4 : RANK_NONE;
  }
  if (type_is_arith(t) && type_is_arith(f)) {
    if (t->kind == TY_ENUM && !(f->kind == TY_ENUM && type_is_compatible(t, f))) return RANK_NONE;
    if (same_type(t, f) && t->kind == f->kind) return 0;
    return (is_promotion(f, t) ? RANK_PROMOTION : RANK_CONVERSION) * 4;
  }
  if (t->kind == TY_BOOL && f->kind == TY_PTR) return RANK_CONVERSION * 4;
  if (t->kind == TY_PTR) return pointer_rank(p, e, f, t);
  return RANK_NONE;
}

/* The rank of initializing a parameter of type `param` with e. */
static int arg_rank(Parser *p, Node *e, Type *param) {
  if (!is_ref_type(param)) return value_rank(p, e, param);
  Type *b = param->base;
  bool lv = ref_is_lvalue(e);
  if (ref_compatible(b, e->ty)) {
    bool adds = b->is_const != e->ty->is_const || b->is_volatile != e->ty->is_volatile;
    if (param->is_ref == 1 && lv) return adds ? 1 : 0;
    if (param->is_ref == 2 && !lv) return 0;
    if (param->is_ref == 1 && b->is_const) return 2;  /* && binds an rvalue better */
    return RANK_NONE;
  }
  if (lv && inherit_is_base_of(b, e->ty) && (b->is_const || !e->ty->is_const))
    return RANK_CONVERSION * 4;  /* a base class reference to a derived object */
  if (param->is_ref == 1 && !b->is_const) return RANK_NONE;
  int r = value_rank(p, e, b);
  return r == RANK_NONE ? r : r + 2;
}

/* ---- candidates ------------------------------------------------------------- */

static bool has_defaults_from(Obj *fn, int from) {
  for (int i = from; i < fn->ty->param_count; i++)
    if (!fn->default_args || !fn->default_args[i]) return false;
  return true;
}

/* The implicit object argument: `this` of a const member function is a
 * plain pointer (parse_decl.c), so a const object matches any member of
 * its class. */
static int object_rank(Node *obj, Type *this_ty) {
  Type *o = obj->ty;
  if (o->kind != TY_PTR || this_ty->kind != TY_PTR) return RANK_NONE;
  if (inherit_is_base_of(this_ty->base, o->base)) return RANK_CONVERSION * 4;  /* a base's member */
  return type_is_compatible(type_unqual(o->base), type_unqual(this_ty->base)) ? 0 : RANK_NONE;
}

static void rank_candidate(Parser *p, Cand *c, NodeVec *args) {
  Type *ft = c->fn->ty;
  c->viable = false;
  c->bad = -1;
  if (args->len > ft->param_count || args->len > MAX_OV_ARGS) return;
  if (args->len < ft->param_count && !has_defaults_from(c->fn, args->len)) return;
  for (int i = 0; i < args->len; i++) {
    c->score[i] = c->is_member && i == 0 ? object_rank(args->data[0], ft->params[0])
                                         : arg_rank(p, args->data[i], ft->params[i]);
    if (c->score[i] >= RANK_NONE) {
      c->bad = i;
      return;
    }
  }
  c->viable = true;
}

static void add_cand(CandSet *s, Obj *fn, bool member, bool tmpl) {
  if (!fn || s->n >= MAX_CANDS) return;
  for (int i = 0; i < s->n; i++)
    if (s->c[i].fn == fn) return;
  s->c[s->n++] = (Cand){.fn = fn, .is_member = member, .is_tmpl = tmpl};
}

/* 1 if a is better than b, -1 if worse, 0 if neither ([over.match.best]). */
static int compare(const Cand *a, const Cand *b, int nargs) {
  bool a_better = false, b_better = false;
  for (int i = 0; i < nargs; i++) {
    if (a->score[i] < b->score[i]) a_better = true;
    if (a->score[i] > b->score[i]) b_better = true;
  }
  if (a_better != b_better) return a_better ? 1 : -1;
  if (!a_better && a->is_tmpl != b->is_tmpl) return a->is_tmpl ? -1 : 1;
  return 0;
}

static const char *ordinal(Parser *p, int i) {
  static const char *const suffix[] = {"th", "st", "nd", "rd"};
  int n = i + 1;
  int s = (n % 100 >= 11 && n % 100 <= 13) || n % 10 > 3 ? 0 : n % 10;
  return arena_printf(p->arena, "%d%s", n, suffix[s]);
}

/* clang's notes on the candidates that do not fit. */
static void note_not_viable(Parser *p, const Cand *c, NodeVec *args) {
  Type *ft = c->fn->ty;
  int skip = c->is_member ? 1 : 0;
  const char *what = c->is_tmpl ? "candidate template ignored"
                     : c->is_ctor ? "candidate constructor not viable" : "candidate function not viable";
  if (c->bad < 0) {
    diag_note(p->diag, c->fn->loc, "%s: requires %d argument%s, but %d %s provided", what,
              ft->param_count - skip, ft->param_count - skip == 1 ? "" : "s", args->len - skip,
              args->len - skip == 1 ? "was" : "were");
    return;
  }
  Node *a = args->data[c->bad];
  Type *pt = ft->params[c->bad];
  if (is_ref_type(pt) && !pt->base->is_const && same_type(pt->base, a->ty) && !ref_is_lvalue(a))
    diag_note(p->diag, c->fn->loc, "%s: expects an lvalue for %s argument", what, ordinal(p, c->bad - skip));
  else
    diag_note(p->diag, c->fn->loc, "%s: no known conversion from '%s' to '%s' for %s argument", what,
              type_name(p->arena, a->ty), type_name(p->arena, pt), ordinal(p, c->bad - skip));
}

/* The best viable candidate, or NULL: *ambiguous tells why. */
static Cand *best_of(Parser *p, CandSet *s, NodeVec *args, bool *ambiguous) {
  Cand *best = NULL;
  *ambiguous = false;
  for (int i = 0; i < s->n; i++) {
    rank_candidate(p, &s->c[i], args);
    if (!s->c[i].viable) continue;
    if (!best || compare(&s->c[i], best, args->len) > 0) best = &s->c[i];
  }
  if (!best) return NULL;
  for (int i = 0; i < s->n; i++)
    if (s->c[i].viable && &s->c[i] != best && compare(best, &s->c[i], args->len) <= 0) {
      *ambiguous = true;
      return NULL;
    }
  return best;
}

static void note_ambiguous(Parser *p, CandSet *s, NodeVec *args) {
  for (int i = 0; i < s->n; i++)
    if (s->c[i].viable) {
      bool worse = false;
      for (int k = 0; k < s->n && !worse; k++)
        worse = k != i && s->c[k].viable && compare(&s->c[k], &s->c[i], args->len) > 0;
      if (!worse) diag_note(p->diag, s->c[i].fn->loc, "candidate %s%s", s->c[i].is_ctor ? "constructor" : "function",
                            s->c[i].is_tmpl ? " [with template]" : "");
    }
}

/* Resolves and reports: the chosen candidate or NULL. */
static Cand *resolve(Parser *p, CandSet *s, NodeVec *args, const char *name, Loc loc) {
  bool amb;
  Cand *c = best_of(p, s, args, &amb);
  if (c) return c;
  if (amb) {
    diag_error(p->diag, loc, "call to '%s' is ambiguous", name);
    note_ambiguous(p, s, args);
  } else {
    diag_error(p->diag, loc, "no matching function for call to '%s'", name);
    for (int i = 0; i < s->n; i++) note_not_viable(p, &s->c[i], args);
  }
  return NULL;
}

static bool any_err_arg(Parser *p, NodeVec *args) {
  for (int i = 0; i < args->len; i++)
    if (is_err(p, args->data[i])) return true;
  return false;
}

static bool device_candidate(Obj *fn, bool builtin) {
  return (fn->exec & EXEC_DEVICE) && (fn->is_definition || !builtin);
}

static void add_templates(Parser *p, CandSet *s, Template *t, NodeVec *args, Loc loc) {
  if (t && !t->is_class) add_cand(s, template_match_call(p, t, args, loc), false, true);
}

/* Does c convert some argument through a constructor or conversion
 * function? Next to a builtin (whose parameters are scalars) it loses:
 * __shfl_sync(m, (unsigned)x, l) is the builtin even where a
 * __shfl_sync(unsigned, __half, int) overload and __half(float) exist. */
static bool needs_user_conversion(const Cand *c, int nargs) {
  for (int i = 0; i < nargs && i < MAX_OV_ARGS; i++)
    if (c->score[i] >= RANK_USER * 4) return true;
  return false;
}

/* ---- calls by name ---------------------------------------------------------------- */

/* f(args) where f names overloaded functions, templates and functions, or
 * user functions named like a builtin (helper_math.h's fminf(float3,
 * float3) next to fminf(float, float)). NULL: not such a set, nothing
 * consumed; the '(' is current. */
Node *overload_call_by_name(Parser *p, Token *name, VarScope *vs, bool builtin) {
  Obj *fn = vs ? vs->var : NULL;
  Template *tmpl = vs ? vs->tmpl : NULL;
  int n = 0;
  for (Obj *o = fn; o; o = o->overload) n += device_candidate(o, builtin);
  if (!tmpl && (builtin ? n == 0 : n <= 1 && (!fn || !fn->overload))) return NULL;
  Loc loc = name->loc;
  NodeVec args = parse_call_args(p);
  if (any_err_arg(p, &args)) return err_node(p, loc);
  CandSet *s = ARENA_NEW(p->arena, CandSet);
  for (Obj *o = fn; o; o = o->overload)
    if (device_candidate(o, builtin)) add_cand(s, o, false, false);
  add_templates(p, s, tmpl, &args, loc);
  bool amb = false;
  if (builtin) {
    Cand *c = best_of(p, s, &args, &amb);
    if (c && !needs_user_conversion(c, args.len)) return finish_call(p, c->fn, &args, loc);
    if (c) return builtin_call_args(p, name, &args, loc);  /* its scalar parameters match better */
    if (!amb) return builtin_call_args(p, name, &args, loc);
  }
  if (s->n == 0) {  /* only host functions: report as a single one would */
    diag_error(p->diag, loc, "no matching function for call to '%s'", tok_name(p, name));
    return err_node(p, loc);
  }
  Cand *c = resolve(p, s, &args, tok_name(p, name), loc);
  return c ? finish_call(p, c->fn, &args, loc) : err_node(p, loc);
}

/* ---- member functions ---------------------------------------------------------------- */

static int count_methods(Type *ty, const char *name) {
  int n = 0;
  ty = inherit_method_class(ty, name);  /* parse_inherit.c: a base's members */
  for (Method *m = type_unqual(ty)->methods; m; m = m->next)
    if (strcmp(m->name, name) == 0) n++;
  return n;
}

static void add_methods(CandSet *s, Type *ty, const char *name) {
  ty = inherit_method_class(ty, name);
  for (Method *m = type_unqual(ty)->methods; m; m = m->next)
    if (strcmp(m->name, name) == 0) add_cand(s, m->fn, !m->is_static, false);
}

/* The address of an object for a member call's `this` (an rvalue object
 * gets a temporary: lowering materializes it). */
Node *object_address(Parser *p, Node *obj) {
  Node *a = new_node(p, ND_ADDR, obj->loc);
  a->lhs = obj;
  a->ty = type_pointer_to(p->arena, obj->ty);
  return a;
}

/* Member call candidates see [this, args...]; static ones [args...]. */
static Node *call_member_cands(Parser *p, CandSet *s, Node *self_ptr, NodeVec *args, const char *name,
                               Loc loc) {
  NodeVec with = {0}, *use;
  vec_push(p->arena, &with, self_ptr);
  for (int i = 0; i < args->len; i++) vec_push(p->arena, &with, args->data[i]);
  /* rank with `this` for every candidate: static members get a dummy
   * first parameter view by ranking them without it */
  bool amb;
  Cand *best = NULL;
  for (int i = 0; i < s->n; i++) {
    use = s->c[i].is_member ? &with : args;
    rank_candidate(p, &s->c[i], use);
    if (!s->c[i].is_member && s->c[i].viable) {  /* align scores with `this` */
      memmove(s->c[i].score + 1, s->c[i].score, sizeof(int) * (size_t)(MAX_OV_ARGS - 1));
      s->c[i].score[0] = 0;
    }
  }
  for (int i = 0; i < s->n; i++)
    if (s->c[i].viable && (!best || compare(&s->c[i], best, with.len) > 0)) best = &s->c[i];
  amb = false;
  for (int i = 0; best && i < s->n; i++)
    if (s->c[i].viable && &s->c[i] != best && compare(best, &s->c[i], with.len) <= 0) amb = true;
  if (best && !amb) return finish_call(p, best->fn, best->is_member ? &with : args, loc);
  if (amb) {
    diag_error(p->diag, loc, "call to member function '%s' is ambiguous", name);
    note_ambiguous(p, s, &with);
  } else {
    diag_error(p->diag, loc, "no matching member function for call to '%s'", name);
    for (int i = 0; i < s->n; i++) note_not_viable(p, &s->c[i], s->c[i].is_member ? &with : args);
  }
  return err_node(p, loc);
}

/* obj.f(args) where the class has several f. NULL if it has one. */
Node *overload_method_call(Parser *p, Node *self_ptr, Method *m, NodeVec *args, Loc loc) {
  Type *cls = m->fn->ty->param_count > 0 && !m->is_static ? m->fn->ty->params[0]->base : NULL;
  if (!cls && self_ptr) cls = self_ptr->ty->base;
  if (self_ptr && self_ptr->ty->kind == TY_PTR)  /* parse_inherit.c: using B::f joins B's f */
    cls = inherit_method_class(self_ptr->ty->base, m->name);
  if (!cls || count_methods(cls, m->name) < 2) return NULL;
  if (any_err_arg(p, args)) return err_node(p, loc);
  CandSet *s = ARENA_NEW(p->arena, CandSet);
  add_methods(s, cls, m->name);
  if (!self_ptr) {  /* a static call S::f(args): only static members */
    int k = 0;
    for (int i = 0; i < s->n; i++)
      if (!s->c[i].is_member) s->c[k++] = s->c[i];
    s->n = k;
    Cand *c = resolve(p, s, args, m->name, loc);
    return c ? finish_call(p, c->fn, args, loc) : err_node(p, loc);
  }
  return call_member_cands(p, s, self_ptr, args, m->name, loc);
}

/* ---- operators ---------------------------------------------------------------------- */

static const char *binary_op_name(NodeKind op) {
  switch (op) {
  case ND_ADD: return "+";
  case ND_SUB: return "-";
  case ND_MUL: return "*";
  case ND_DIV: return "/";
  case ND_MOD: return "%";
  case ND_BITAND: return "&";
  case ND_BITOR: return "|";
  case ND_BITXOR: return "^";
  case ND_SHL: return "<<";
  case ND_SHR: return ">>";
  case ND_EQ: return "==";
  case ND_NE: return "!=";
  case ND_LT: return "<";
  case ND_LE: return "<=";
  case ND_GT: return ">";
  case ND_GE: return ">=";
  case ND_LOGAND: return "&&";
  case ND_LOGOR: return "||";
  case ND_NEG: return "-";
  case ND_BITNOT: return "~";
  case ND_NOT: return "!";
  case ND_DEREF: return "*";
  case ND_PRE_INC: case ND_POST_INC: return "++";
  case ND_PRE_DEC: case ND_POST_DEC: return "--";
  default: return NULL;
  }
}

/* Candidates for `operator<op>` with operands args: members of the first
 * operand's class and functions visible by that name. */
static Node *call_operator(Parser *p, const char *fname, NodeVec *args, Loc loc, bool *found) {
  CandSet *s = ARENA_NEW(p->arena, CandSet);
  VarScope *vs = find_var(p, fname, (int)strlen(fname));
  for (Obj *o = vs ? vs->var : NULL; o; o = o->overload)
    if (o->exec & EXEC_DEVICE) add_cand(s, o, false, false);
  if (vs && vs->tmpl) add_templates(p, s, vs->tmpl, args, loc);
  Node *self = args->data[0];
  bool member = is_class_type(self->ty) && count_methods(self->ty, fname) > 0;
  *found = s->n > 0 || member;
  if (!*found) return NULL;
  if (!member) {
    bool amb;
    Cand *c = best_of(p, s, args, &amb);
    if (c) return finish_call(p, c->fn, args, loc);
    return NULL;
  }
  add_methods(s, self->ty, fname);
  NodeVec rest = {0};
  for (int i = 1; i < args->len; i++) vec_push(p->arena, &rest, args->data[i]);
  /* free candidates see all operands; members the object + the rest */
  NodeVec with = {0};
  vec_push(p->arena, &with, object_address(p, self));
  for (int i = 0; i < rest.len; i++) vec_push(p->arena, &with, rest.data[i]);
  Cand *best = NULL;
  bool amb = false;
  for (int i = 0; i < s->n; i++) {
    rank_candidate(p, &s->c[i], s->c[i].is_member ? &with : args);
    if (s->c[i].viable && (!best || compare(&s->c[i], best, args->len) > 0)) best = &s->c[i];
  }
  for (int i = 0; best && i < s->n; i++)
    if (s->c[i].viable && &s->c[i] != best && compare(best, &s->c[i], args->len) <= 0) amb = true;
  if (!best || amb) return NULL;
  return finish_call(p, best->fn, best->is_member ? &with : args, loc);
}

static Node *operator_call(Parser *p, const char *op, NodeVec *args, Loc loc, bool *found) {
  for (int i = 0; i < args->len; i++)
    if (is_err(p, args->data[i])) {
      *found = true;
      return err_node(p, loc);
    }
  return call_operator(p, arena_printf(p->arena, "operator%s", op), args, loc, found);
}

static bool any_class(Node *a, Node *b) {
  return (a && a->ty && is_class_type(a->ty)) || (b && b->ty && is_class_type(b->ty));
}

/* lhs op rhs with a class operand: the operator function, or NULL when
 * there is none (the built-in rules then report). */
Node *overload_binary(Parser *p, NodeKind op, Node *lhs, Node *rhs, Loc loc) {
  if (!any_class(lhs, rhs) || !binary_op_name(op)) return NULL;
  NodeVec args = {0};
  vec_push(p->arena, &args, lhs);
  vec_push(p->arena, &args, rhs);
  bool found;
  Node *r = operator_call(p, binary_op_name(op), &args, loc, &found);
  if (r || !found) return r;
  diag_error(p->diag, loc, "invalid operands to binary expression ('%s' and '%s')",
             type_name(p->arena, lhs->ty), type_name(p->arena, rhs->ty));
  return err_node(p, loc);
}

/* lhs op= rhs and lhs = rhs with a class lhs. */
Node *overload_assign(Parser *p, NodeKind op, Node *lhs, Node *rhs, Loc loc) {
  if (!any_class(lhs, NULL)) return NULL;
  const char *name = op == ND_ASSIGN ? "=" : arena_printf(p->arena, "%s=", binary_op_name(op));
  NodeVec args = {0};
  vec_push(p->arena, &args, lhs);
  vec_push(p->arena, &args, rhs);
  bool found;
  Node *r = operator_call(p, name, &args, loc, &found);
  if (r || !found) return r;
  if (op == ND_ASSIGN) return NULL;  /* the implicit copy assignment */
  diag_error(p->diag, loc, "invalid operands to binary expression ('%s' and '%s')",
             type_name(p->arena, lhs->ty), type_name(p->arena, rhs->ty));
  return err_node(p, loc);
}

/* -a, !a, ~a, *a, ++a, a++ (postfix takes a dummy int) on a class. */
Node *overload_unary(Parser *p, NodeKind op, Node *e, Loc loc) {
  if (!any_class(e, NULL) || !binary_op_name(op)) return NULL;
  NodeVec args = {0};
  vec_push(p->arena, &args, e);
  if (op == ND_POST_INC || op == ND_POST_DEC) vec_push(p->arena, &args, new_num(p, 0, ty_int, loc));
  bool found;
  Node *r = operator_call(p, binary_op_name(op), &args, loc, &found);
  if (r || !found) return r;
  diag_error(p->diag, loc, "invalid argument type '%s' to unary expression", type_name(p->arena, e->ty));
  return err_node(p, loc);
}

/* a[i] and f(args) on a class object: member operators only. */
Node *overload_member_op(Parser *p, const char *op, Node *obj, NodeVec *args, Loc loc) {
  if (!any_class(obj, NULL)) return NULL;
  const char *name = arena_printf(p->arena, "operator%s", op);
  if (count_methods(obj->ty, name) == 0) return NULL;
  if (any_err_arg(p, args)) return err_node(p, loc);
  CandSet *s = ARENA_NEW(p->arena, CandSet);
  add_methods(s, obj->ty, name);
  return call_member_cands(p, s, object_address(p, obj), args, name, loc);
}

/* ---- declarations ----------------------------------------------------------------- */

static bool same_params(Type *a, Type *b) {
  if (a->param_count != b->param_count || a->is_variadic != b->is_variadic) return false;
  for (int i = 0; i < a->param_count; i++) {
    Type *x = type_unqual(a->params[i]), *y = type_unqual(b->params[i]);
    if (!type_is_compatible(x, y)) return false;
    if (x->kind == TY_PTR && (x->base->is_const != y->base->is_const ||
                              x->base->is_volatile != y->base->is_volatile))
      return false;  /* f(int *) and f(const int *) are two functions */
  }
  return true;
}

/* The declaration in an overload set with fty's parameter types (a
 * redeclaration), or NULL with *last = the set's last function (a new
 * overload, C++17 [over.load]). */
Obj *overload_same_sig(Obj *first, Type *fty, Obj **last) {
  *last = NULL;
  Obj *o = first;
  for (;; o = o->overload) {
    if (same_params(o->ty, fty)) return o;
    if (!o->overload) break;
  }
  *last = o;
  return NULL;
}

/* ---- constructors ([over.match.ctor]) ------------------------------------------------ */

/* The best of the constructors fns for args (the object's address
 * first), or NULL; with report, clang's diagnostics for the class cls. */
Obj *overload_ctor(Parser *p, Obj **fns, int n, NodeVec *args, const char *cls, Loc loc, bool report) {
  if (any_err_arg(p, args)) return NULL;
  CandSet *s = ARENA_NEW(p->arena, CandSet);
  for (int i = 0; i < n; i++) add_cand(s, fns[i], true, false);
  for (int i = 0; i < s->n; i++) s->c[i].is_ctor = true;
  bool amb;
  Cand *c = best_of(p, s, args, &amb);
  if (c) return c->fn;
  if (!report) return NULL;
  if (amb) {
    diag_error(p->diag, loc, "call to constructor of '%s' is ambiguous", cls);
    note_ambiguous(p, s, args);
  } else {
    diag_error(p->diag, loc, "no matching constructor for initialization of '%s'", cls);
    for (int i = 0; i < s->n; i++) note_not_viable(p, &s->c[i], args);
  }
  return NULL;
}
