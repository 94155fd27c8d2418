/* parse_decl.c: declarations: specifiers (C and CUDA's execution- and
 * memory-space specifiers), declarators, struct/union/enum definitions and
 * their layout, initializers (expanded to full ND_INIT_LISTs), functions
 * and file-scope and local variables. Expressions are in parse_expr.c,
 * statements in parse_stmt.c. */
#include "parse_internal.h"

#include <string.h>

/* ---- specifiers ----------------------------------------------------------- */

static bool is_type_keyword(TokenKind k) {
  switch (k) {
  case KW_VOID: case KW_BOOL: case KW_BOOL_C: case KW_CHAR: case KW_SHORT:
  case KW_INT: case KW_LONG: case KW_FLOAT: case KW_DOUBLE: case KW_SIGNED:
  case KW_UNSIGNED: case KW_STRUCT: case KW_UNION: case KW_ENUM: case KW_CLASS:
  case KW_TYPEDEF: case KW_CONST: case KW_VOLATILE: case KW_RESTRICT:
  case KW_RESTRICT_GNU: case KW_RESTRICT_GNU2: case KW_STATIC: case KW_EXTERN:
  case KW_INLINE: case KW_INLINE_GNU: case KW_INLINE_GNU2: case KW_REGISTER:
  case KW_CONSTEXPR: case KW_GLOBAL: case KW_DEVICE: case KW_HOST:
  case KW_SHARED: case KW_CONSTANT: case KW_MANAGED: case KW_FORCEINLINE:
  case KW_NOINLINE: case KW_LAUNCH_BOUNDS: case KW_GRID_CONSTANT:
  case KW_ATTRIBUTE: case KW_ALIGNAS: case KW_ALIGNAS_C: case KW_TYPENAME:
  case KW_AUTO: case KW_INT128: case KW_TYPEOF: case KW_THREAD_LOCAL:
  case KW_MUTABLE:
    return true;
  default:
    return false;
  }
}

/* A typedef name, or (C++) a struct/enum tag not hidden by a variable. */
static Type *find_type_name(Parser *p, Token *t) {
  if (t->kind != TK_IDENT) return NULL;
  VarScope *v = find_var(p, t->text, t->len);
  if (v) return v->type_def;
  return find_tag(p, t->text, t->len);
}

/* A class template's name (C++17 [temp.names]). */
static Template *find_class_template(Parser *p, Token *t) {
  if (t->kind != TK_IDENT) return NULL;
  VarScope *v = find_var(p, t->text, t->len);
  return v && v->tmpl && v->tmpl->is_class ? v->tmpl : NULL;
}

bool is_typename(Parser *p, Token *t) {
  if (is_type_keyword(t->kind)) return true;
  if (find_class_template(p, t)) return true;
  if (t->kind == KW_EXTENSION) return is_typename(p, t + 1);
  if (t->kind == TK_IDENT && token_is(t, "__align__")) return true;
  if (t->kind == TK_SCOPE || (t->kind == TK_IDENT && t[1].kind == TK_SCOPE))
    return is_qualified_typename(p, t);
  return find_type_name(p, t) != NULL;
}

Type *qualify(Parser *p, Type *t, bool c, bool v, bool r) {
  if (t == p->err_ty) return t;
  c |= t->is_const;
  v |= t->is_volatile;
  r |= t->is_restrict;
  if (c == t->is_const && v == t->is_volatile && r == t->is_restrict) return t;
  if (t->kind == TY_ARRAY) { /* C11 6.7.3p9: qualifiers go to the element */
    Type *a = type_array_of(p->arena, qualify(p, t->base, c, v, false), t->array_len);
    return a;
  }
  Type *q = type_copy(p->arena, t);
  q->is_const = c;
  q->is_volatile = v;
  q->is_restrict = r;
  return q;
}

/* __attribute__((a, b(x), ...)): aligned and packed are understood; the
 * others change nothing that device code can observe and are ignored. */
void skip_attribute(Parser *p, int *align, bool *packed) {
  next(p);
  if (!expect(p, TK_LPAREN, NULL) || !expect(p, TK_LPAREN, NULL)) return;
  while (!at(p, TK_EOF) && !at(p, TK_RPAREN)) {
    Token *name = tok(p);
    next(p);
    bool is_aligned = token_is(name, "aligned") || token_is(name, "__aligned__");
    if (token_is(name, "packed") || token_is(name, "__packed__")) {
      if (packed) *packed = true;
    }
    if (at(p, TK_LPAREN)) {
      if (is_aligned) {
        next(p);
        Loc l;
        int64_t v = parse_const_int(p, &l);
        if (align && v > *align) *align = (int)v;
        expect(p, TK_RPAREN, NULL);
      } else {
        skip_balanced(p);
      }
    } else if (is_aligned && align && *align < 16) {
      *align = 16;
    }
    if (!accept(p, TK_COMMA)) break;
  }
  expect(p, TK_RPAREN, NULL);
  expect(p, TK_RPAREN, NULL);
}

/* The message of `__attribute__((unavailable("what")))` at the current
 * token, or NULL: cuwa's headers mark what device code cannot do yet
 * (cooperative_groups.h: grid_group::sync), so that only a call is an
 * error. */
static const char *attribute_unavailable(Parser *p) {
  Token *t = peek_at(p, 3), *s = peek_at(p, 5);
  if (!token_is(t, "unavailable") || peek_at(p, 4)->kind != TK_LPAREN || s->kind != TK_STR ||
      s->len < 2 || peek_at(p, 6)->kind != TK_RPAREN)
    return NULL;
  return arena_strndup(p->arena, s->text + 1, (size_t)s->len - 2);
}

/* alignas(N) / alignas(type) / __align__(N) */
static void parse_alignas(Parser *p, int *align) {
  next(p);
  if (!expect(p, TK_LPAREN, NULL)) return;
  int v;
  if (is_typename(p, tok(p))) {
    v = parse_typename(p)->align;
  } else {
    Loc l;
    v = (int)parse_const_int(p, &l);
  }
  if (v > *align) *align = v;
  expect(p, TK_RPAREN, NULL);
}

static void parse_launch_bounds(Parser *p, DeclSpec *ds) {
  next(p);
  if (!expect(p, TK_LPAREN, NULL)) return;
  for (int i = 0; !at(p, TK_EOF); i++) {
    Loc l;
    int64_t v = parse_const_int(p, &l);
    if (i < 2) ds->launch_bounds[i] = (int)v;
    if (!accept(p, TK_COMMA)) break;
  }
  expect(p, TK_RPAREN, NULL);
}

static Type *struct_decl(Parser *p);
static Type *enum_decl(Parser *p);

enum {
  C_VOID = 1 << 0, C_BOOL = 1 << 2, C_CHAR = 1 << 4, C_SHORT = 1 << 6,
  C_INT = 1 << 8, C_LONG = 1 << 10, C_FLOAT = 1 << 12, C_DOUBLE = 1 << 14,
  C_OTHER = 1 << 16, C_SIGNED = 1 << 17, C_UNSIGNED = 1 << 18,
};

/* The type of a combination of type keywords (chibicc's counter trick),
 * or NULL if it is not a valid combination. */
static Type *type_of_counter(int c) {
  switch (c) {
  case C_VOID: return ty_void;
  case C_BOOL: return ty_bool;
  case C_CHAR: return ty_char;
  case C_SIGNED + C_CHAR: return ty_schar;
  case C_UNSIGNED + C_CHAR: return ty_uchar;
  case C_SHORT: case C_SHORT + C_INT: case C_SIGNED + C_SHORT:
  case C_SIGNED + C_SHORT + C_INT:
    return ty_short;
  case C_UNSIGNED + C_SHORT: case C_UNSIGNED + C_SHORT + C_INT:
    return ty_ushort;
  case C_INT: case C_SIGNED: case C_SIGNED + C_INT:
    return ty_int;
  case C_UNSIGNED: case C_UNSIGNED + C_INT:
    return ty_uint;
  case C_LONG: case C_LONG + C_INT: case C_SIGNED + C_LONG:
  case C_SIGNED + C_LONG + C_INT:
    return ty_long;
  case C_UNSIGNED + C_LONG: case C_UNSIGNED + C_LONG + C_INT:
    return ty_ulong;
  case C_LONG + C_LONG: case C_LONG + C_LONG + C_INT:
  case C_SIGNED + C_LONG + C_LONG: case C_SIGNED + C_LONG + C_LONG + C_INT:
    return ty_llong;
  case C_UNSIGNED + C_LONG + C_LONG: case C_UNSIGNED + C_LONG + C_LONG + C_INT:
    return ty_ullong;
  case C_FLOAT: return ty_float;
  case C_DOUBLE: return ty_double;
  case C_LONG + C_DOUBLE: return ty_ldouble;
  default: return NULL;
  }
}

static int counter_of(TokenKind k) {
  switch (k) {
  case KW_VOID: return C_VOID;
  case KW_BOOL: case KW_BOOL_C: return C_BOOL;
  case KW_CHAR: return C_CHAR;
  case KW_SHORT: return C_SHORT;
  case KW_INT: return C_INT;
  case KW_LONG: return C_LONG;
  case KW_FLOAT: return C_FLOAT;
  case KW_DOUBLE: return C_DOUBLE;
  case KW_SIGNED: return C_SIGNED;
  case KW_UNSIGNED: return C_UNSIGNED;
  default: return 0;
  }
}

/* Storage classes, CUDA specifiers and qualifiers; returns false if t is
 * none of them. */
static bool parse_specifier_word(Parser *p, DeclSpec *ds, bool allow_storage,
                                 bool *c, bool *v, bool *r) {
  Token *t = tok(p);
  switch (t->kind) {
  case KW_TYPEDEF: case KW_STATIC: case KW_EXTERN: case KW_INLINE:
  case KW_INLINE_GNU: case KW_INLINE_GNU2:
    if (!allow_storage)
      diag_error(p->diag, t->loc, "invalid storage class specifier in this declaration");
    if (t->kind == KW_TYPEDEF) ds->is_typedef = true;
    else if (t->kind == KW_STATIC) ds->is_static = true;
    else if (t->kind == KW_EXTERN) ds->is_extern = true;
    else ds->is_inline = true;
    break;
  case KW_REGISTER: case KW_GRID_CONSTANT: case KW_EXTENSION: case KW_TYPENAME:
    break;
  case KW_CONSTEXPR: ds->is_constexpr = true; *c = true; break;
  case KW_CONST: *c = true; break;
  case KW_VOLATILE: *v = true; break;
  case KW_RESTRICT: case KW_RESTRICT_GNU: case KW_RESTRICT_GNU2: *r = true; break;
  case KW_GLOBAL:
    ds->exec |= EXEC_GLOBAL;
    ds->exec_loc = t->loc;
    break;
  case KW_DEVICE: ds->exec |= EXEC_DEVICE; ds->has_device = true; break;
  case KW_HOST: ds->exec |= EXEC_HOST; break;
  case KW_SHARED: ds->has_shared = true; break;
  case KW_CONSTANT: ds->has_constant = true; break;
  case KW_MANAGED: ds->has_managed = true; break;
  case KW_FORCEINLINE: ds->forceinline = true; break;
  case KW_NOINLINE: ds->noinline = true; break;
  case KW_THREAD_LOCAL: diag_unsupported(p->diag, t->loc, "thread_local"); break;
  case KW_MUTABLE: diag_unsupported(p->diag, t->loc, "mutable"); break;
  case KW_VIRTUAL: diag_unsupported(p->diag, t->loc, "virtual function"); break;
  case KW_LAUNCH_BOUNDS: parse_launch_bounds(p, ds); return true;
  case KW_ATTRIBUTE:
    if (!ds->unavailable) ds->unavailable = attribute_unavailable(p);
    skip_attribute(p, &ds->align, NULL);
    return true;
  case KW_ALIGNAS: case KW_ALIGNAS_C: parse_alignas(p, &ds->align); return true;
  default:
    if (t->kind == TK_IDENT && token_is(t, "__align__")) {
      parse_alignas(p, &ds->align);
      return true;
    }
    return false;
  }
  next(p);
  return true;
}

/* declspec = (storage | cuda-specifier | qualifier | attribute
 *             | type-keyword | struct-decl | enum-decl | typedef-name)+ */
bool parse_declspec(Parser *p, DeclSpec *ds, bool allow_storage) {
  memset(ds, 0, sizeof *ds);
  ds->loc = tok(p)->loc;
  Type *ty = NULL;
  int counter = 0;
  bool c = false, v = false, r = false;
  for (;;) {
    Token *t = tok(p);
    if (parse_specifier_word(p, ds, allow_storage, &c, &v, &r)) continue;
    if (t->kind == KW_STRUCT || t->kind == KW_UNION || t->kind == KW_CLASS ||
        t->kind == KW_ENUM) {
      if (counter || ty) break;
      ty = t->kind == KW_ENUM ? enum_decl(p) : struct_decl(p);
      counter = C_OTHER;
      continue;
    }
    if (t->kind == KW_AUTO) {
      next(p);
      if (!counter && !ty) { ty = p->auto_ty; counter = C_OTHER; }
      continue;
    }
    if (t->kind == KW_INT128 || t->kind == KW_TYPEOF) {
      diag_unsupported(p->diag, t->loc, t->kind == KW_INT128 ? "__int128" : "__typeof__");
      next(p);
      if (at(p, TK_LPAREN)) skip_balanced(p);
      ty = ty_int;
      counter = C_OTHER;
      continue;
    }
    if (t->kind == TK_IDENT || t->kind == TK_SCOPE) {
      if (counter || ty) break;
      Type *qt = parse_qualified_type(p);  /* a::T, S::type, ::T */
      if (qt) {
        ty = qt;
        counter = C_OTHER;
        continue;
      }
      Token *n = t;
      if (t->kind != TK_IDENT) break;
      Template *ct = find_class_template(p, n);
      if (ct) {
        p->pos = (int)(n - p->toks) + 1;
        ty = parse_member_type(p, template_class_type(p, ct, n->loc));
        counter = C_OTHER;
        continue;
      }
      Type *td = find_type_name(p, n);
      if (!td) break;
      p->pos = (int)(n - p->toks) + 1;
      ty = parse_member_type(p, td);
      counter = C_OTHER;
      continue;
    }
    int k = counter_of(t->kind);
    if (!k) break;
    if (ty) {
      diag_error(p->diag, t->loc, "cannot combine with previous declaration specifier");
      next(p);
      continue;
    }
    counter += k;
    if (!type_of_counter(counter)) {
      diag_error(p->diag, t->loc, "cannot combine with previous '%s' declaration specifier",
                 token_kind_name(prev_tok(p)->kind));
      counter -= k;
    }
    next(p);
  }
  ds->explicit_type = ty || counter;
  if (!ty) ty = counter ? type_of_counter(counter) : NULL;
  if (!ty && at(p, KW_OPERATOR)) ty = ty_void;  /* a conversion function: typed by its name */
  if (!ty) {
    Token *t = tok(p);
    bool unknown = t->kind == TK_IDENT && (peek_at(p, 1)->kind == TK_IDENT ||
                                           peek_at(p, 1)->kind == TK_STAR);
    if (error_count(p) == p->stmt_err_mark && decl_report_missing_type(p)) {
    } else if (error_count(p) == p->stmt_err_mark) {
      Obj *h = t->kind == TK_IDENT ? find_host_name(p, t->text, t->len) : NULL;
      if (unknown || h)
        diag_error(p->diag, t->loc, "unknown type name '%s'", tok_name(p, t));
      else
        diag_error(p->diag, t->loc, "C++ requires a type specifier for all declarations");
      if (h) note_host_decl(p, h);
      unknown |= h != NULL;
    }
    if (unknown) next(p);
    ty = p->err_ty;
  }
  ds->auto_const = ty == p->auto_ty && c;
  ds->ty = ty == p->auto_ty ? ty : qualify(p, ty, c, v, r);  /* auto: qualified once deduced */
  return true;
}

/* ---- declarators ---------------------------------------------------------- */

static Type *type_suffix(Parser *p, Type *ty);

/* Array and function parameters are adjusted to pointers (C11 6.7.6.3p7). */
static Type *adjust_param(Parser *p, Type *t) {
  if (t->kind == TY_ARRAY) {
    Type *q = type_pointer_to(p->arena, t->base);
    return q;
  }
  if (t->kind == TY_FUNC) return type_pointer_to(p->arena, t);
  return t;
}

/* func-params = "(" ("void" | param ("," param)* ("," "...")?)? ")" */
static Type *func_params(Parser *p, Type *ret) {
  Type *fn = type_func(p->arena, ret);
  Vec(ParamDecl) params = {0};
  Vec(Type *) types = {0};
  next(p);  /* ( */
  if (at(p, KW_VOID) && peek_at(p, 1)->kind == TK_RPAREN) next(p);  /* (void) */
  while (!at(p, TK_RPAREN) && !at(p, TK_EOF)) {
    if (accept(p, TK_ELLIPSIS)) {
      fn->is_variadic = true;
      break;
    }
    DeclSpec ds;
    int before = p->pos;
    ParamDecl *pack;
    int npack;
    if (p->inst_depth && generic_pack_param(p, &pack, &npack)) {  /* Ts... args: parse_generic.c */
      for (int k = 0; k < npack; k++) {
        vec_push(p->arena, &params, pack[k]);
        vec_push(p->arena, &types, pack[k].ty);
      }
      if (!accept(p, TK_COMMA)) break;
      continue;
    }
    parse_declspec(p, &ds, false);
    if (ds.ty == p->auto_ty && p->auto_params) ds.ty = generic_auto_param(p, &ds);  /* parse_generic.c */
    Token *name = NULL;
    Type *t = parse_declarator(p, ds.ty, &name);
    if (t == p->auto_ty) {
      diag_unsupported(p->diag, ds.loc, "'auto' parameter");
      t = p->err_ty;
    }
    if (t->kind == TY_VOID && !name) {
      diag_error(p->diag, ds.loc, "'void' must be the first and only parameter if specified");
      t = p->err_ty;
    }
    ParamDecl pd = {name ? tok_name(p, name) : NULL, name ? name->loc : ds.loc,
                    adjust_param(p, t), NULL};
    if (accept(p, TK_ASSIGN)) pd.def = parse_assign(p);  /* a default argument */
    vec_push(p->arena, &params, pd);
    vec_push(p->arena, &types, pd.ty);
    if (p->pos == before) break;  /* no progress: a syntax error was reported */
    if (!accept(p, TK_COMMA)) break;
  }
  expect(p, TK_RPAREN, NULL);
  fn->params = types.data;
  fn->param_count = types.len;
  p->params.data = params.data;
  p->params.len = params.len;
  p->params.cap = params.cap;
  /* What may follow a function declarator in headers: attributes,
   * noexcept, throw(). */
  for (;;) {
    if (at(p, KW_ATTRIBUTE)) skip_attribute(p, NULL, NULL);
    else if (at(p, KW_NOEXCEPT) || at(p, KW_THROW)) {
      next(p);
      if (at(p, TK_LPAREN)) skip_balanced(p);
    } else if (at(p, KW_CONST) || at(p, KW_VOLATILE)) {
      next(p);  /* a const member function: `this` stays a plain pointer */
    } else break;
  }
  return fn;
}

/* array-dims = "[" const-expr? "]" type-suffix */
static Type *array_dims(Parser *p, Type *ty) {
  Token *open = tok(p);
  next(p);  /* [ */
  while (at(p, KW_STATIC) || at(p, KW_CONST) || at(p, KW_RESTRICT) ||
         at(p, KW_RESTRICT_GNU2) || at(p, KW_VOLATILE))
    next(p);
  int64_t len = -1;
  int extent_tparam = 0;  /* float (&a)[N] while deducing N (parse_template.c) */
  if (!at(p, TK_RBRACKET)) {
    Node *e = parse_cond_expr(p);
    if (!is_err(p, e)) extent_tparam = e->ty->tparam;
    if (is_err(p, e)) {
      len = 1;
    } else {
      if (!type_is_integer(e->ty)) {
        diag_error(p->diag, e->loc, "size of array has non-integer type '%s'",
                   type_name(p->arena, e->ty));
      } else if (!eval_int(p, e, &len)) {
        diag_unsupported(p->diag, e->loc, "variable length array");
        len = 1;
      } else if (len < 0) {
        diag_error(p->diag, e->loc, "array has a negative size");
        len = 1;
      }
    }
  }
  expect(p, TK_RBRACKET, NULL);
  if (!enter_nesting(p)) return ty;
  ty = type_suffix(p, ty);
  leave_nesting(p);
  if (ty->kind == TY_FUNC) {
    diag_error(p->diag, open->loc, "array of functions is not allowed");
    return p->err_ty;
  }
  if (ty->size < 0 && ty != p->err_ty) {
    diag_error(p->diag, open->loc, "array has incomplete element type '%s'",
               type_name(p->arena, ty));
    return p->err_ty;
  }
  if (len >= 0 && ty->size > 0 && len > (int64_t)0x7fffffff / ty->size) {
    diag_error(p->diag, open->loc, "array is too large (%lld elements)", (long long)len);
    len = 1;
  }
  Type *arr = type_array_of(p->arena, ty, (int)len);
  arr->tparam = extent_tparam;
  return arr;
}

/* type-suffix = func-params | array-dims | empty */
static Type *type_suffix(Parser *p, Type *ty) {
  if (at(p, TK_LPAREN)) {
    if (ty->kind == TY_FUNC) {
      diag_error(p->diag, tok(p)->loc, "function cannot return function type");
      ty = p->err_ty;
    } else if (ty->kind == TY_ARRAY) {
      diag_error(p->diag, tok(p)->loc, "function cannot return array type '%s'",
                 type_name(p->arena, ty));
      ty = p->err_ty;
    }
    return func_params(p, ty);
  }
  if (at(p, TK_LBRACKET)) return array_dims(p, ty);
  return ty;
}

/* Is the '(' at the current position a nested declarator rather than a
 * parameter list? */
static bool is_nested_declarator(Parser *p) {
  Token *t = peek_at(p, 1);
  return t->kind != TK_RPAREN && t->kind != TK_ELLIPSIS && !is_typename(p, t);
}

/* `auto` is deduced only as a whole variable type (auto x = e;), not
 * inside a declarator (auto *p, auto f(), auto a[2]). */
static Type *check_auto(Parser *p, Type *ty, Token *name) {
  if (ty == p->auto_ty) return ty;
  if (ty->kind == TY_FUNC && ty->return_ty == p->auto_ty) return ty;  /* deduced from its returns */
  Type *t = ty;
  for (int i = 0; i < 2 * MAX_NESTING && t; i++) {
    if (t == p->auto_ty) {
      diag_unsupported(p->diag, name ? name->loc : tok(p)->loc, "'auto' in a declarator");
      return p->err_ty;
    }
    t = t->kind == TY_FUNC ? t->return_ty : (t->kind == TY_PTR || t->kind == TY_ARRAY) ? t->base : NULL;
  }
  return ty;
}

/* declarator = ("*" qualifiers*)* ("(" declarator ")" | ident?) type-suffix */
Type *parse_declarator(Parser *p, Type *ty, Token **name) {
  *name = NULL;
  if (!enter_nesting(p)) return ty;
  int stars = 0;
  for (;;) {
    if (at(p, TK_STAR)) {
      next(p);
      if (++stars > MAX_NESTING) {
        enter_nesting(p); /* reports and stops */
        break;
      }
      ty = type_pointer_to(p->arena, ty);
      bool c = false, v = false, r = false;
      for (;;) {
        if (accept(p, KW_CONST)) c = true;
        else if (accept(p, KW_VOLATILE)) v = true;
        else if (accept(p, KW_RESTRICT) || accept(p, KW_RESTRICT_GNU) ||
                 accept(p, KW_RESTRICT_GNU2)) r = true;
        else if (at(p, KW_ATTRIBUTE)) skip_attribute(p, NULL, NULL);
        else break;
      }
      ty = qualify(p, ty, c, v, r);
    } else if (at(p, TK_AMP) || at(p, TK_LOGAND)) {
      ty = declarator_ref(p, ty);  /* parse_class.c */
    } else if (at(p, KW_ATTRIBUTE)) {
      skip_attribute(p, NULL, NULL);
    } else {
      break;
    }
  }
  if (at(p, TK_LPAREN) && is_nested_declarator(p)) {
    int start = p->pos;
    skip_balanced(p);
    ty = type_suffix(p, ty);
    int after = p->pos;
    p->pos = start + 1;
    ty = parse_declarator(p, ty, name);
    expect(p, TK_RPAREN, NULL);
    if (p->pos < after) p->pos = after;
    leave_nesting(p);
    return ty;
  }
  if (at(p, TK_IDENT) && (peek_at(p, 1)->kind == TK_SCOPE || peek_at(p, 1)->kind == TK_LT))
    ooc_qualified_declarator(p);  /* parse_outofclass.c: S::f */
  if (at(p, TK_IDENT)) {
    *name = tok(p);
    next(p);
    if (at(p, TK_LT) && p->inst_name) {  /* an explicit specialization's f<args> */
      TArg *args;
      int n;
      parse_template_args(p, &args, &n);
    }
  } else if (at(p, KW_OPERATOR)) {  /* parse_class.c */
    Type *conv;
    *name = parse_operator_name(p, &conv);
    if (conv) ty = conv;
  } else if (at(p, TK_SCOPE) || at(p, KW_OPERATOR)) {
    diag_unsupported(p->diag, tok(p)->loc, at(p, KW_OPERATOR) ? "operator overloading"
                                                              : "qualified name");
  }
  ty = type_suffix(p, ty);
  while (at(p, KW_ATTRIBUTE)) skip_attribute(p, NULL, NULL);
  leave_nesting(p);
  return check_auto(p, ty, *name);
}

Type *parse_abstract_declarator(Parser *p, Type *ty) {
  Token *name;
  Type *t = parse_declarator(p, ty, &name);
  if (name) diag_error(p->diag, name->loc, "expected ')'");
  return t;
}

/* type-name = declspec abstract-declarator */
Type *parse_typename(Parser *p) {
  DeclSpec ds;
  parse_declspec(p, &ds, false);
  Type *t = parse_abstract_declarator(p, ds.ty);
  if (t == p->auto_ty) {
    diag_error(p->diag, ds.loc, "'auto' not allowed here");
    return p->err_ty;
  }
  return t;
}

/* ---- struct / union ------------------------------------------------------- */

static int align_to(int n, int a) { return a > 0 ? (n + a - 1) / a * a : n; }

/* Lays out members (C11 6.7.2.1; the x86-64 SysV ABI, as nvcc). */
static void layout_struct(Type *ty, Member *members, int attr_align) {
  int offset = 0, size = 0, align = 1;
  for (Member *m = members; m; m = m->next) {
    int ma = m->ty->align;
    if (ty->is_packed) ma = 1;
    if (ma > align) align = ma;
    if (ty->kind == TY_UNION) {
      m->offset = 0;
      if (m->ty->size > size) size = m->ty->size;
    } else {
      offset = align_to(offset, ma);
      m->offset = offset;
      offset += m->ty->size > 0 ? m->ty->size : 0;
    }
  }
  if (ty->kind == TY_STRUCT) size = offset;
  if (!members) size = 1;  /* C++ [intro.object]: an empty class takes a byte */
  if (attr_align > align) align = attr_align;
  ty->align = align;
  ty->size = align_to(size, align);
  ty->members = members;
}

static void define_params(Parser *p, Obj *fn, const ParamDecl *params, int n);

/* A member function declared in a class body: its Obj now (so bodies can
 * call each other), its body after the class is complete. The declarator
 * was parsed last (p->params); the body's '{' or the ';' is current. */
Method *declare_method(Parser *p, Type *sty, DeclSpec *ds, Type *ft, Token *name) {
  Method *m = ARENA_NEW(p->arena, Method);
  m->name = tok_name(p, name);
  m->is_static = ds->is_static;
  m->ds = ARENA_NEW(p->arena, DeclSpec);
  *m->ds = *ds;
  int n = p->params.len + (m->is_static ? 0 : 1);
  m->params = ARENA_ARRAY(p->arena, ParamDecl, n > 0 ? n : 1);
  Type *t = type_func(p->arena, ft->return_ty);
  t->params = ARENA_ARRAY(p->arena, Type *, n > 0 ? n : 1);
  t->param_count = n;
  int k = 0;
  if (!m->is_static) {
    m->params[0] = (ParamDecl){"this", name->loc, type_pointer_to(p->arena, sty), NULL};
    t->params[k++] = m->params[0].ty;
  }
  for (int i = 0; i < p->params.len; i++, k++) {
    m->params[k] = p->params.data[i];
    t->params[k] = p->params.data[i].ty;
  }
  m->nparams = n;
  Obj *fn = ARENA_NEW(p->arena, Obj);
  fn->default_args = param_defaults(p, m->is_static ? 0 : 1);
  fn->name = arena_printf(p->arena, "%s::%s", sty->name ? sty->name : "<anonymous>", m->name);
  fn->ty = t;
  fn->loc = name->loc;
  fn->is_function = true;
  fn->is_inline = true;
  fn->exec = ds->exec ? ds->exec : ds->is_constexpr ? EXEC_HOST | EXEC_DEVICE : EXEC_HOST;
  fn->is_constexpr = ds->is_constexpr;
  fn->is_forceinline = ds->forceinline;
  fn->is_noinline = ds->noinline;
  fn->unavailable = ds->unavailable;
  if (!(fn->exec & EXEC_DEVICE))
    fn->host_only_reason = arena_printf(p->arena, "'%s' is a host function declared here", fn->name);
  m->fn = fn;
  m->body_pos = -1;
  if (at(p, TK_LBRACE)) {
    m->body_pos = p->pos;
    skip_balanced(p);
  } else {
    expect(p, TK_SEMI, "at end of declaration list");
  }
  Method **tail = (Method **)&sty->methods;
  while (*tail) tail = &(*tail)->next;
  *tail = m;
  return m;
}

/* A qualified copy of a class type made while the class was incomplete
 * (a `const S` parameter in S's own body), completed now. */
static Type *complete_copy(Parser *p, Type *t) {
  if ((t->kind != TY_STRUCT && t->kind != TY_UNION) || t->size >= 0 || !t->origin ||
      t->origin->size < 0)
    return t;
  return qualify(p, t->origin, t->is_const, t->is_volatile, false);
}

/* The bodies of a complete class's member functions (C++17
 * [class.mem]p6: the class is complete inside them). */
void define_method_bodies(Parser *p, Type *sty) {
  for (Method *m = sty->methods; m; m = m->next) {
    if ((m->body_pos < 0 && !m->is_ctor && !m->is_dtor) || m->is_decl_only) continue;
    define_method_body(p, sty, m);
  }
}

/* One member function's body, at m->body_pos (also for definitions
 * outside the class, parse_outofclass.c). */
void define_method_body(Parser *p, Type *sty, Method *m) {
  if (!(m->fn->exec & EXEC_DEVICE) || m->fn->is_definition) return;
  ParseCtx saved = ctx_save(p);
  Obj *fn = m->fn;
  for (int i = 0; i < m->nparams; i++) {
    m->params[i].ty = complete_copy(p, m->params[i].ty);
    fn->ty->params[i] = m->params[i].ty;
  }
  fn->ty->return_ty = complete_copy(p, fn->ty->return_ty);
  fn->is_definition = true;
  add_global(p, fn);
  if (m->body_pos >= 0) p->pos = m->body_pos;
  p->fn = fn;
  p->locals_tail = &fn->locals;
  p->cur_switch = NULL;
  p->loop_depth = p->break_depth = 0;
  p->cur_class = sty;
  p->tentative = false;
  if (sty->scope) p->scope = sty->scope;  /* the class's names are visible */
  enter_scope(p);
  define_params(p, fn, m->params, m->nparams);
  p->cur_this = m->is_static ? NULL : fn->params;
  fn->body = m->is_ctor ? ctor_parse_body(p, sty, m)  /* parse_ctor.c */
             : m->is_dtor ? dtor_parse_body(p, sty, m) : parse_compound_stmt(p);  /* parse_dtor.c */
  ctx_restore(p, &saved);
}

/* struct-members = (declspec declarator ("," declarator)* ";")* "}" */
static Member *struct_members(Parser *p, Type *sty) {
  Member head = {0}, *cur = &head;
  int index = 0;
  while (!at(p, TK_RBRACE) && !at(p, TK_EOF)) {
    int before = p->pos;
    p->stmt_err_mark = error_count(p);
    if ((at(p, KW_PUBLIC) || at(p, KW_PRIVATE) || at(p, KW_PROTECTED)) &&
        peek_at(p, 1)->kind == TK_COLON) {
      p->scope->access_private = !at(p, KW_PUBLIC);  /* not enforced; layout needs it */
      next(p);
      next(p);
      continue;
    }
    if (inherit_using(p, sty)) continue;  /* parse_inherit.c: using Base::f; */
    if (parse_using(p, true)) continue;
    if (at(p, KW_TEMPLATE)) {  /* a member template (parse_template.c) */
      parse_template_decl(p);
      continue;
    }
    if (ctor_parse_member(p, sty)) continue;  /* parse_ctor.c */
    DeclSpec ds;
    parse_declspec(p, &ds, true);
    if (at(p, TK_SEMI) && ds.ty->kind != TY_STRUCT && ds.ty->kind != TY_UNION) {
      next(p);  /* e.g. a nested enum definition */
      continue;
    }
    if (at(p, TK_SEMI) && ds.ty->name) {
      next(p);  /* a nested struct declaration, not a member (C++) */
      continue;
    }
    if (at(p, TK_SEMI)) {
      /* an anonymous struct/union member (C11 6.7.2.1p13) */
      Member *m = ARENA_NEW(p->arena, Member);
      m->ty = ds.ty;
      m->loc = ds.loc;
      m->index = index++;
      cur = cur->next = m;
      next(p);
      continue;
    }
    for (;;) {
      Token *name = NULL;
      Type *t = parse_declarator(p, ds.ty, &name);
      Loc loc = name ? name->loc : ds.loc;
      if (at(p, TK_COLON)) {
        diag_unsupported(p->diag, tok(p)->loc, "bit-field");
        next(p);
        parse_cond_expr(p);
      }
      bool flexible = t->kind == TY_ARRAY && t->array_len < 0 && at(p, TK_SEMI) &&
                      peek_at(p, 1)->kind == TK_RBRACE;
      if (t->kind == TY_FUNC && name && !ds.is_typedef) {
        declare_method(p, sty, &ds, t, name);
        goto next_member;
      }
      if (name && (ds.is_typedef || ds.is_static)) {  /* parse_namespace.c */
        declare_class_name(p, &ds, t, name);
        if (!accept(p, TK_COMMA)) break;
        continue;
      }
      if (ds.is_static || ds.is_typedef || ds.is_extern || ds.is_inline) {
        diag_unsupported(p->diag, loc, ds.is_static ? "static data member" : "this member declaration");
        t = p->err_ty;
      } else if (t == p->auto_ty) {
        diag_error(p->diag, loc, "'auto' not allowed in non-static struct member");
        t = p->err_ty;
      } else if (t->size < 0 && !flexible && t != p->err_ty) {
        diag_error(p->diag, loc, "field has incomplete type '%s'", type_name(p->arena, t));
        t = p->err_ty;
      }
      if (flexible) {
        sty->is_flexible = true;
        t = type_array_of(p->arena, t->base, 0);
        t->array_len = 0;
      }
      Member *m = ARENA_NEW(p->arena, Member);
      m->ty = t;
      m->name = name ? tok_name(p, name) : NULL;
      m->loc = loc;
      m->index = index++;
      for (Member *o = head.next; o && m->name; o = o->next)
        if (o->name && strcmp(o->name, m->name) == 0) {
          diag_error(p->diag, loc, "duplicate member '%s'", m->name);
          diag_note(p->diag, o->loc, "previous declaration is here");
          break;
        }
      cur = cur->next = m;
      p->scope->nonpublic_data |= p->scope->access_private;
      if (at(p, TK_ASSIGN) || at(p, TK_LBRACE)) ctor_skip_default_init(p, m);  /* parse_ctor.c */
      if (!accept(p, TK_COMMA)) break;
    }
    if (!expect(p, TK_SEMI, "at end of declaration list")) sync_stmt(p);
  next_member:
    if (p->pos == before) next(p);
  }
  return head.next;
}

/* struct-decl = ("struct" | "union" | "class") attribute* ident? ("{" struct-members)? */
static Type *struct_decl(Parser *p) {
  Token *kw = tok(p);
  TypeKind kind = kw->kind == KW_UNION ? TY_UNION : TY_STRUCT;
  next(p);
  int attr_align = 0;
  bool packed = false;
  for (;;) {
    if (at(p, KW_ATTRIBUTE)) skip_attribute(p, &attr_align, &packed);
    else if (at(p, KW_ALIGNAS) || at(p, KW_ALIGNAS_C) ||
             (at(p, TK_IDENT) && token_is(tok(p), "__align__")))
      parse_alignas(p, &attr_align);
    else break;
  }
  Token *tag = at(p, TK_IDENT) ? tok(p) : NULL;
  if (tag) next(p);
  const char *inst = NULL;
  if (tag && p->inst_name && !p->fn) {  /* a class template instantiation */
    inst = p->inst_name;
    p->inst_name = NULL;
    if (at(p, TK_LT)) {  /* a specialization's arguments, matched already */
      TArg *args;
      int n;
      parse_template_args(p, &args, &n);
    }
  }
  if (!tag && !at(p, TK_LBRACE)) {
    diag_error(p->diag, tok(p)->loc, "declaration of anonymous %s must be a definition",
               kind == TY_UNION ? "union" : "struct");
    return p->err_ty;
  }
  if (tag && !inst && !at(p, TK_LBRACE) && !at(p, TK_COLON)) {
    Type *t = find_tag(p, tag->text, tag->len);
    if (t) return t;
  }
  Type *ty = NULL;
  char *tag_name = inst ? (char *)inst : tag ? tok_name(p, tag) : NULL;
  if (tag && !inst) {
    Type *old = map_get(&p->scope->tags, tag_name);
    if (old && old->kind == kind && (at(p, TK_LBRACE) || at(p, TK_COLON))) {
      if (old->size >= 0) {
        diag_error(p->diag, tag->loc, "redefinition of '%s'", tag_name);
        diag_note(p->diag, old->loc, "previous definition is here");
      } else {
        ty = old;
      }
    }
  }
  if (!ty) {
    ty = ARENA_NEW(p->arena, Type);
    ty->kind = kind;
    ty->size = -1;
    ty->align = 1;
    ty->name = tag_name;
    ty->loc = tag ? tag->loc : kw->loc;
    if (tag) push_tag(p, tag_name, ty);
    if (inst) {
      push_tag(p, tok_name(p, tag), ty);  /* the injected class name */
      p->inst_result = ty;
    }
  }
  if (at(p, TK_COLON) && kind == TY_STRUCT) inherit_parse_bases(p, ty);  /* parse_inherit.c */
  if (!at(p, TK_LBRACE)) return ty;
  next(p);
  if (!enter_nesting(p)) return ty;
  int mark = p->stmt_err_mark;
  Scope *outer = p->scope;
  p->scope = class_scope(p, ty);  /* nested types, typedefs, static constants */
  p->scope->access_private = kw->kind == KW_CLASS;
  Member *members = struct_members(p, ty);
  if (ty->bases) members = inherit_prepend_bases(p, ty, members);  /* parse_inherit.c */
  p->scope = outer;
  p->stmt_err_mark = mark;
  leave_nesting(p);
  expect(p, TK_RBRACE, NULL);
  for (;;) {
    if (at(p, KW_ATTRIBUTE)) skip_attribute(p, &attr_align, &packed);
    else break;
  }
  ty->is_packed = packed;
  layout_struct(ty, members, attr_align);
  if (ty->bases) inherit_finish_class(p, ty);
  ctor_finish_class(p, ty);  /* parse_ctor.c: an implicit default constructor */
  dtor_finish_class(p, ty);  /* parse_dtor.c: an implicit destructor */
  if (inst) ooc_instantiate_members(p, ty, tok_name(p, tag));  /* parse_outofclass.c */
  if (ty->methods) define_method_bodies(p, ty);
  return ty;
}

/* ---- enum ------------------------------------------------------------------ */

/* enum-decl = "enum" ident? ("{" enumerator ("," enumerator)* ","? "}")? */
static Type *enum_decl(Parser *p) {
  Token *kw = tok(p);
  next(p);
  bool scoped = accept(p, KW_CLASS) || accept(p, KW_STRUCT);  /* enum class */
  while (at(p, KW_ATTRIBUTE)) skip_attribute(p, NULL, NULL);
  Token *tag = at(p, TK_IDENT) ? tok(p) : NULL;
  if (tag) next(p);
  Type *fixed = scoped ? ty_int : NULL;
  if (accept(p, TK_COLON)) fixed = enum_underlying_type(p);
  if (tag && !at(p, TK_LBRACE)) {
    Type *t = find_tag(p, tag->text, tag->len);
    if (t && t->kind == TY_ENUM) return t;
    if (t) {
      diag_error(p->diag, tag->loc, "use of '%s' with tag type that does not match previous declaration",
                 tok_name(p, tag));
      return p->err_ty;
    }
  }
  Type *ty = ARENA_NEW(p->arena, Type);
  ty->kind = TY_ENUM;
  ty->size = ty->align = 4;
  ty->base = ty_int;
  ty->name = tag ? tok_name(p, tag) : NULL;
  ty->loc = tag ? tag->loc : kw->loc;
  ty->is_scoped = scoped;
  if (fixed) {
    ty->base = fixed;
    ty->size = ty->align = fixed->size;
  }
  if (tag) push_tag(p, ty->name, ty);
  Scope *es = class_scope(p, ty);
  if (!accept(p, TK_LBRACE)) {
    if (!tag) diag_error(p->diag, tok(p)->loc, "expected '{'");
    return ty;
  }
  int64_t val = 0, lo = 0, hi = 0;
  while (!at(p, TK_RBRACE) && !at(p, TK_EOF)) {
    Token *name = tok(p);
    if (!expect(p, TK_IDENT, NULL)) {
      sync_stmt(p);
      break;
    }
    if (accept(p, TK_ASSIGN)) {
      Loc l;
      val = parse_const_int(p, &l);
    }
    char *n = tok_name(p, name);
    VarScope *old = find_var_in(scoped ? es : p->scope, n);
    if (old) {
      diag_error(p->diag, name->loc, "redefinition of enumerator '%s'", n);
    }
    VarScope *vs = scoped ? ARENA_NEW(p->arena, VarScope) : push_var(p, n);
    vs->is_enum = true;
    vs->enum_ty = ty;
    vs->enum_val = val;
    map_put(&es->vars, n, vs);  /* E::A */
    if (val < lo) lo = val;
    if (val > hi) hi = val;
    val++;
    if (!accept(p, TK_COMMA)) break;
  }
  expect(p, TK_RBRACE, NULL);
  /* the underlying type: int if every value fits (C11 6.7.2.2p4) */
  if (!fixed && (lo < INT32_MIN || hi > INT32_MAX)) {
    ty->base = lo < 0 ? ty_long : (hi > UINT32_MAX ? ty_ulong : ty_uint);
    ty->size = ty->align = ty->base->size;
  }
  ty->is_unsigned = ty->base->is_unsigned;
  return ty;
}

/* ---- initializers ----------------------------------------------------------- */

static Node *init_value(Parser *p, Type **ty);
static Node *init_elem(Parser *p, Type *ty);

static Node *new_init_list(Parser *p, Type *ty, Loc loc, Node **elems, int n) {
  Node *list = new_node(p, ND_INIT_LIST, loc);
  list->ty = ty;
  Node head = {0}, *cur = &head;
  for (int i = 0; i < n; i++) {
    Node *e = elems[i];
    if (!e) {
      e = new_node(p, ND_ZERO_INIT, loc);
      e->ty = ty->kind == TY_ARRAY ? ty->base : NULL;
    }
    cur = cur->next = e;
  }
  list->args = head.next;
  list->arg_count = n;
  return list;
}

static bool is_char_type(Type *t) {
  return t->kind == TY_CHAR;
}

/* A char array initialised from a string literal: expanded to chars. */
static Node *string_init(Parser *p, Type **ty) {
  Node *s = parse_assign(p);  /* concatenates adjacent literals */
  while (s->kind == ND_DECAY || s->kind == ND_CAST) s = s->lhs;
  if (s->kind != ND_STR) {
    diag_error(p->diag, s->loc, "array initializer must be an initializer list or string literal");
    return err_node(p, s->loc);
  }
  int len = (*ty)->array_len;
  if (len < 0) {
    len = s->str_len;
    *ty = type_array_of(p->arena, (*ty)->base, len);
  } else if (s->str_len - 1 > len) {
    diag_error(p->diag, s->loc, "initializer-string for char array is too long");
  }
  Node **elems = ARENA_ARRAY(p->arena, Node *, len > 0 ? len : 1);
  for (int i = 0; i < len; i++) {
    int c = i < s->str_len ? (unsigned char)s->str[i] : 0;
    if (!(*ty)->base->is_unsigned) c = (signed char)c;
    elems[i] = new_num(p, c, type_unqual((*ty)->base), s->loc);
  }
  return new_init_list(p, *ty, s->loc, elems, len);
}

/* Skips a designator we can't use, and its value, after an error. */
static void skip_init_elem(Parser *p) {
  while (!at(p, TK_EOF) && !at(p, TK_COMMA) && !at(p, TK_RBRACE)) {
    if (at(p, TK_LBRACE) || at(p, TK_LPAREN) || at(p, TK_LBRACKET)) skip_balanced(p);
    else next(p);
  }
}

/* "{" (designator? init-elem ("," ...)*)? ","? "}" for an array */
static Node *array_init_braced(Parser *p, Type **ty) {
  Loc loc = tok(p)->loc;
  next(p);  /* { */
  Type *ety = (*ty)->base;
  int cap = (*ty)->array_len >= 0 ? (*ty)->array_len : 16, max = 0, idx = 0;
  Node **elems = ARENA_ARRAY(p->arena, Node *, cap > 0 ? cap : 1);
  if (is_char_type(ety) && at(p, TK_STR)) {
    Node *n = string_init(p, ty);
    accept(p, TK_COMMA);
    expect(p, TK_RBRACE, NULL);
    return n;
  }
  while (!at(p, TK_RBRACE) && !at(p, TK_EOF)) {
    int before = p->pos;
    if (at(p, TK_LBRACKET)) {
      next(p);
      Loc l;
      int64_t v = parse_const_int(p, &l);
      expect(p, TK_RBRACKET, NULL);
      accept(p, TK_ASSIGN);
      if (v < 0 || ((*ty)->array_len >= 0 && v >= (*ty)->array_len) || v > 0x7fffffff) {
        diag_error(p->diag, l, "array designator index (%lld) exceeds array bounds", (long long)v);
        skip_init_elem(p);
        if (!accept(p, TK_COMMA)) break;
        continue;
      }
      idx = (int)v;
    }
    if ((*ty)->array_len >= 0 && idx >= (*ty)->array_len) {
      diag_error(p->diag, tok(p)->loc, "excess elements in array initializer");
      skip_init_elem(p);
      while (accept(p, TK_COMMA)) skip_init_elem(p);
      break;
    }
    if (idx >= cap) {
      int ncap = cap * 2 > idx + 1 ? cap * 2 : idx + 1;
      Node **n = ARENA_ARRAY(p->arena, Node *, ncap);
      memcpy(n, elems, sizeof(Node *) * (size_t)cap);
      elems = n;
      cap = ncap;
    }
    elems[idx++] = init_elem(p, ety);
    if (idx > max) max = idx;
    if (p->pos == before) break;
    if (!accept(p, TK_COMMA)) break;
  }
  expect(p, TK_RBRACE, NULL);
  if ((*ty)->array_len < 0) *ty = type_array_of(p->arena, ety, max);
  return new_init_list(p, *ty, loc, elems, (*ty)->array_len);
}

static int member_count(Type *ty) {
  int n = 0;
  for (Member *m = ty->members; m; m = m->next) n++;
  return n;
}

static Member *member_at(Type *ty, int i) {
  Member *m = ty->members;
  while (m && i-- > 0) m = m->next;
  return m;
}

/* "{" ("." ident "=")? init-elem ... "}" for a struct or union */
static Node *struct_init_braced(Parser *p, Type *ty) {
  Loc loc = tok(p)->loc;
  next(p);  /* { */
  int n = member_count(ty), idx = 0;
  Node **elems = ARENA_ARRAY(p->arena, Node *, n > 0 ? n : 1);
  Member *union_member = ty->members;
  while (!at(p, TK_RBRACE) && !at(p, TK_EOF)) {
    int before = p->pos;
    if (at(p, TK_DOT) && peek_at(p, 1)->kind == TK_IDENT) {
      next(p);
      Token *name = tok(p);
      next(p);
      accept(p, TK_ASSIGN);
      int i = 0;
      Member *m = ty->members;
      for (; m; m = m->next, i++)
        if (m->name && token_is(name, m->name)) break;
      if (!m) {
        diag_error(p->diag, name->loc, "field designator '%s' does not refer to any field in type '%s'",
                   tok_name(p, name), type_name(p->arena, ty));
        skip_init_elem(p);
        if (!accept(p, TK_COMMA)) break;
        continue;
      }
      idx = i;
    }
    if (idx >= n || (ty->kind == TY_UNION && idx > 0 && elems[0])) {
      diag_error(p->diag, tok(p)->loc, "excess elements in %s initializer",
                 ty->kind == TY_UNION ? "union" : "struct");
      skip_init_elem(p);
      while (accept(p, TK_COMMA)) skip_init_elem(p);
      break;
    }
    Member *m = member_at(ty, idx);
    if (ty->kind == TY_UNION) {
      union_member = m;
      elems[0] = init_elem(p, m->ty);
      idx = 1;
    } else {
      elems[idx++] = init_elem(p, m->ty);
    }
    if (p->pos == before) break;
    if (!accept(p, TK_COMMA)) break;
  }
  expect(p, TK_RBRACE, NULL);
  if (ty->kind == TY_UNION) {
    Node *list = new_init_list(p, ty, loc, elems, union_member ? 1 : 0);
    list->member = union_member;
    if (list->args && list->args->kind == ND_ZERO_INIT) list->args->ty = union_member->ty;
    return list;
  }
  ctor_fill_defaults(p, ty, elems, n);  /* parse_ctor.c: default member initializers */
  Node *list = new_init_list(p, ty, loc, elems, n);
  Member *m = ty->members;
  for (Node *e = list->args; e && m; e = e->next, m = m->next)
    if (e->kind == ND_ZERO_INIT) e->ty = m->ty;
  return list;
}

/* Brace elision (C11 6.7.9p20): an aggregate element initialised from the
 * enclosing list's values without braces of its own. */
static Node *init_elided(Parser *p, Type *ty) {
  Loc loc = tok(p)->loc;
  int n = ty->kind == TY_ARRAY ? ty->array_len : member_count(ty);
  if (ty->kind == TY_UNION) n = n > 0 ? 1 : 0;
  if (n < 0) {
    diag_error(p->diag, loc, "initializer for an array of unknown size needs braces");
    return err_node(p, loc);
  }
  Node **elems = ARENA_ARRAY(p->arena, Node *, n > 0 ? n : 1);
  for (int i = 0; i < n; i++) {
    if (i > 0) {
      if (!at(p, TK_COMMA) || peek_at(p, 1)->kind == TK_RBRACE ||
          peek_at(p, 1)->kind == TK_DOT || peek_at(p, 1)->kind == TK_LBRACKET)
        break;
      next(p);
    }
    Type *ety = ty->kind == TY_ARRAY ? ty->base : member_at(ty, i)->ty;
    elems[i] = init_elem(p, ety);
  }
  Node *list = new_init_list(p, ty, loc, elems, n);
  if (ty->kind == TY_UNION) list->member = ty->members;
  Member *m = ty->members;
  for (Node *e = list->args; e; e = e->next) {
    if (e->kind == ND_ZERO_INIT && !e->ty) e->ty = m ? m->ty : ty->base;
    if (m) m = m->next;
  }
  return list;
}

/* Does an expression of struct type `ty` start here? (Speculative parse
 * with diagnostics suppressed; expressions have no side effects on the
 * parser's state other than its position.) */
static bool starts_struct_value(Parser *p, Type *ty) {
  int pos = p->pos, sup = p->diag->suppressed_errors;
  bool old = p->diag->suppress;
  p->diag->suppress = true;
  Node *e = parse_assign(p);
  bool ok = !is_err(p, e) && type_is_compatible(type_unqual(e->ty), ty);
  p->diag->suppress = old;
  p->diag->suppressed_errors = sup;
  p->pos = pos;
  return ok;
}

/* An element inside a braced list: braced, elided, or an expression. */
static Node *init_elem(Parser *p, Type *ty) {
  if (!enter_nesting(p)) return err_node(p, tok(p)->loc);
  Node *n;
  if ((n = ctor_init_elem(p, ty))) {  /* parse_ctor.c: an element of a class with constructors */
    leave_nesting(p);
    return n;
  }
  if (at(p, TK_LBRACE)) {
    n = init_value(p, &ty);
  } else if (ty->kind == TY_ARRAY && is_char_type(ty->base) && at(p, TK_STR)) {
    n = string_init(p, &ty);
  } else if ((ty->kind == TY_ARRAY ||
              ((ty->kind == TY_STRUCT || ty->kind == TY_UNION) &&
               !starts_struct_value(p, ty)))) {
    n = init_elided(p, ty);
  } else {
    n = init_value(p, &ty);
  }
  leave_nesting(p);
  return n;
}

/* initializer = "{" ... "}" | assign; for the object of type *ty (an
 * array of unknown size gets its size here). */
static Node *init_value(Parser *p, Type **ty) {
  Type *t = *ty;
  if (t->kind == TY_ARRAY) {
    if (at(p, TK_LBRACE)) return array_init_braced(p, ty);
    if (is_char_type(t->base) && at(p, TK_STR)) return string_init(p, ty);
    diag_error(p->diag, tok(p)->loc, "array initializer must be an initializer list");
    parse_assign(p);
    return err_node(p, tok(p)->loc);
  }
  if ((t->kind == TY_STRUCT || t->kind == TY_UNION) && at(p, TK_LBRACE)) {
    if (t->size < 0) {
      diag_error(p->diag, tok(p)->loc, "variable has incomplete type '%s'", type_name(p->arena, t));
      skip_balanced(p);
      return err_node(p, tok(p)->loc);
    }
    return struct_init_braced(p, t);
  }
  if (at(p, TK_LBRACE)) { /* scalar in braces: { expr } or {} */
    Loc loc = tok(p)->loc;
    next(p);
    Node *e;
    if (at(p, TK_RBRACE)) e = new_cast(p, new_num(p, 0, ty_int, loc), type_unqual(t));
    else e = convert_assign(p, parse_assign(p), t, CONV_INIT, loc);
    accept(p, TK_COMMA);
    if (!at(p, TK_RBRACE)) {
      diag_error(p->diag, tok(p)->loc, "excess elements in scalar initializer");
      skip_init_elem(p);
      while (accept(p, TK_COMMA)) skip_init_elem(p);
    }
    expect(p, TK_RBRACE, NULL);
    return e;
  }
  Loc loc = tok(p)->loc;
  Node *e = parse_assign(p);
  return convert_assign(p, e, t, CONV_INIT, loc);
}

Node *parse_initializer(Parser *p, Type **ty, bool is_static) {
  Node *n = init_value(p, ty);
  if (is_static && !is_err(p, n)) check_const_init(p, n);
  return n;
}

/* ---- file-scope declarations --------------------------------------------- */

static Obj *declare_function(Parser *p, DeclSpec *ds, Type *ty, Token *name,
                             bool is_def) {
  char *n = tok_name(p, name);
  if (p->inst_name && !p->fn) {  /* a template instantiation's own name */
    n = (char *)p->inst_name;
    p->inst_name = NULL;
  }
  /* a constexpr function without specifiers is __host__ __device__ (as
   * clang does; nvcc needs --expt-relaxed-constexpr for device calls) */
  int exec = ds->exec ? ds->exec : ds->is_constexpr ? EXEC_HOST | EXEC_DEVICE : EXEC_HOST;
  if ((exec & EXEC_GLOBAL) && (exec & (EXEC_DEVICE | EXEC_HOST))) {
    diag_error(p->diag, name->loc, "a __global__ function cannot also be %s",
               (exec & EXEC_DEVICE) ? "__device__" : "__host__");
    exec = EXEC_GLOBAL;
  }
  if ((exec & EXEC_GLOBAL) && type_unqual(ty->return_ty)->kind != TY_VOID &&
      ty->return_ty != p->err_ty)
    diag_error(p->diag, name->loc, "a __global__ function must have a void return type");
  VarScope *vs = find_var_in(decl_scope(p), n);
  Obj *fn = vs ? vs->var : NULL;
  Obj *ov_last = NULL;  /* C++ overloading: the set's last, for a new signature */
  if (fn && fn->is_function) fn = overload_same_sig(fn, ty, &ov_last);
  if (vs && !ov_last && !(vs->tmpl && !vs->var) && (!fn || !fn->is_function)) {
    diag_error(p->diag, name->loc, "redefinition of '%s' as different kind of symbol", n);
    diag_note(p->diag, fn ? fn->loc : name->loc, "previous definition is here");
    fn = NULL;
  } else if (fn) {
    if (!type_is_compatible(fn->ty, ty)) {
      diag_error(p->diag, name->loc, "functions that differ only in their return type cannot be overloaded");
      diag_note(p->diag, fn->loc, "previous declaration is here");
    } else if (is_def && fn->is_definition) {
      diag_error(p->diag, name->loc, "redefinition of '%s'", n);
      diag_note(p->diag, fn->loc, "previous definition is here");
    } else {
      if (is_def) {
        fn->ty = ty;
        fn->loc = name->loc;
      }
      bool was_device = fn->exec & (EXEC_DEVICE | EXEC_GLOBAL);
      fn->exec |= exec;
      fn->is_forceinline |= ds->forceinline;
      fn->is_noinline |= ds->noinline;
      if (!was_device && (fn->exec & (EXEC_DEVICE | EXEC_GLOBAL))) {
        fn->host_only_reason = NULL;
        add_global(p, fn);
      }
      return fn;
    }
  }
  fn = ARENA_NEW(p->arena, Obj);
  fn->name = ns_qualified_name(p, n);
  fn->default_args = param_defaults(p, 0);
  fn->ty = ty;
  fn->loc = name->loc;
  fn->is_function = true;
  fn->is_static = ds->is_static;
  fn->is_extern = ds->is_extern;
  fn->is_inline = ds->is_inline || ds->forceinline;
  fn->is_forceinline = ds->forceinline;
  fn->is_noinline = ds->noinline;
  fn->unavailable = ds->unavailable;
  fn->exec = exec;
  fn->is_constexpr |= ds->is_constexpr;
  fn->launch_bounds[0] = ds->launch_bounds[0];
  fn->launch_bounds[1] = ds->launch_bounds[1];
  if (ov_last) ov_last->overload = fn;
  else if (vs && vs->tmpl && !vs->var) vs->var = fn;
  else push_var(p, n)->var = fn;
  p->inst_result = fn;
  if (exec & (EXEC_DEVICE | EXEC_GLOBAL)) add_global(p, fn);
  else fn->host_only_reason = arena_printf(p->arena, "'%s' is a host function declared here", n);
  return fn;
}

/* The parameters of a definition become its first locals' scope. */
static void define_params(Parser *p, Obj *fn, const ParamDecl *params, int n) {
  Obj head = {0}, *cur = &head;
  for (int i = 0; i < n; i++) {
    Obj *v = ARENA_NEW(p->arena, Obj);
    v->name = params[i].name;
    v->ty = params[i].ty;
    v->loc = params[i].loc;
    v->is_local = true;
    v->is_definition = true;
    v->space = (fn->exec & EXEC_GLOBAL) ? AS_PARAM : AS_LOCAL;
    if (v->ty->size < 0 && v->ty != p->err_ty)
      diag_error(p->diag, v->loc, "variable has incomplete type '%s'", type_name(p->arena, v->ty));
    if (v->name) {
      if (find_var_in(p->scope, v->name)) {
        diag_error(p->diag, v->loc, "redefinition of parameter '%s'", v->name);
      }
      push_var(p, v->name)->var = v;
    }
    cur = cur->next = v;
  }
  fn->params = head.next;
}

/* function-definition = declspec declarator compound-stmt */
static void parse_function(Parser *p, DeclSpec *ds, Type *ty, Token *name) {
  ParamDecl *params = p->params.data;
  int nparams = p->params.len;
  Obj *fn = declare_function(p, ds, ty, name, true);
  if (!(fn->exec & (EXEC_DEVICE | EXEC_GLOBAL))) { /* host: not ours */
    skip_balanced(p);
    return;
  }
  fn->is_definition = true;
  fn->locals = NULL;
  if (fn->exec & EXEC_GLOBAL) fn->ordinal = p->kernel_count++;
  p->fn = fn;
  p->locals_tail = &fn->locals;
  enter_scope(p);
  define_params(p, fn, params, nparams);
  fn->body = parse_compound_stmt(p);
  if (fn->ty->return_ty == p->auto_ty) fn->ty->return_ty = ty_void;  /* auto f() with no return value */
  leave_scope(p);
  p->fn = NULL;
  p->locals_tail = NULL;
}

static AddrSpace global_space(DeclSpec *ds) {
  if (ds->has_constant) return AS_CONSTANT;
  if (ds->has_shared) return AS_SHARED;
  if (ds->has_device || ds->has_managed) return AS_GLOBAL;
  return AS_GENERIC;
}

/* A const host global with a constant scalar initializer: usable in device
 * code as its value (nvcc allows it). Returns that value or NULL. */
static Node *host_constant_value(Parser *p, Type *ty, Node *init) {
  if (!ty->is_const || !type_is_arith(ty) || ty->is_volatile || !init) return NULL;
  Node *v = fold_const(p, init);
  return v->kind == ND_NUM ? v : NULL;
}

/* A second declaration of a file-scope name: reports conflicts, or
 * completes the first Obj (extern, then the definition) so every variable
 * has one Obj. Returns true if var was merged or rejected. */
static bool merge_global_var(Parser *p, VarScope *old, Obj *var) {
  Obj *o = old->var;
  if (!o) {
    diag_error(p->diag, var->loc, "redefinition of '%s' as different kind of symbol", var->name);
    return true;
  }
  if (o->is_function) {
    diag_error(p->diag, var->loc, "redefinition of '%s' as different kind of symbol", var->name);
    diag_note(p->diag, o->loc, "previous definition is here");
    return true;
  }
  if (o->is_host_var != (var->space == AS_GENERIC)) return false; /* host and device: let it be */
  if (!type_is_compatible(type_unqual(o->ty), type_unqual(var->ty))) {
    diag_error(p->diag, var->loc, "redefinition of '%s' with a different type: '%s' vs '%s'", var->name,
               type_name(p->arena, var->ty), type_name(p->arena, o->ty));
    diag_note(p->diag, o->loc, "previous definition is here");
    return true;
  }
  if (o->is_definition && var->is_definition) {
    diag_error(p->diag, var->loc, "redefinition of '%s'", var->name);
    diag_note(p->diag, o->loc, "previous definition is here");
    return true;
  }
  if (var->is_definition) {
    o->ty = var->ty;
    o->init = var->init;
    o->loc = var->loc;
    o->is_extern = false;
    o->is_definition = true;
    if (var->align > o->align) o->align = var->align;
    if (o->is_host_var) old->const_val = host_constant_value(p, o->ty, o->init);
  }
  return true;
}

static void declare_global_var(Parser *p, DeclSpec *ds, Type *ty, Token *name) {
  char *n = tok_name(p, name);
  AddrSpace space = global_space(ds);
  Obj *var = ARENA_NEW(p->arena, Obj);
  var->name = ns_qualified_name(p, n);
  var->ty = ty;
  var->loc = name->loc;
  var->space = space;
  var->is_static = ds->is_static;
  var->is_extern = ds->is_extern;
  var->align = ds->align > ty->align ? ds->align : 0;
  var->is_definition = !ds->is_extern;
  var->is_managed = ds->has_managed;
  if (ty == p->auto_ty && !at(p, TK_ASSIGN)) {
    diag_error(p->diag, name->loc, "declaration of variable '%s' with deduced type 'auto' requires an initializer", n);
    var->ty = ty = p->err_ty;
  }
  if (ty->kind == TY_VOID) {
    diag_error(p->diag, name->loc, "variable has incomplete type 'void'");
    var->ty = p->err_ty;
  }
  VarScope *old = find_var_in(decl_scope(p), n);
  if (accept(p, TK_ASSIGN) || at(p, TK_LBRACE)) {
    var->is_definition = true;
    if (space == AS_SHARED) diag_error(p->diag, name->loc, "initializer is not allowed for __shared__ variable");
    if (ty == p->auto_ty) {
      Node *e = rvalue(p, parse_assign(p));
      var->ty = qualify(p, type_unqual(e->ty), ds->auto_const, false, false);
      var->init = e;
    } else {
      var->init = parse_initializer(p, &var->ty, space != AS_GENERIC);
    }
  } else if (var->ty->size < 0 && !ds->is_extern && var->ty != p->err_ty &&
             !(var->ty->kind == TY_ARRAY && space == AS_GENERIC)) {
    diag_error(p->diag, name->loc, "variable has incomplete type '%s'", type_name(p->arena, var->ty));
  }
  if (old && merge_global_var(p, old, var)) return;
  VarScope *vs = push_var(p, n);
  if (space != AS_GENERIC) {
    vs->var = var;
    add_global(p, var);
    return;
  }
  /* a host variable: only its constant value (if any) is usable */
  vs->const_val = host_constant_value(p, var->ty, var->init);
  var->is_host_var = true;
  var->host_only_reason = arena_printf(p->arena, "'%s' is a host variable declared here", n);
  vs->var = var;
  if (!vs->const_val) map_put(&p->prog->host_names, n, var);
}

/* toplevel-decl = declspec (declarator (function-body | ("=" init)?) ("," ...)*)? ";" */
void parse_toplevel_decl(Parser *p) {
  if (ooc_toplevel(p)) return;  /* parse_outofclass.c: S::S() and S::~S() */
  if (template_abbreviated(p)) return;  /* f(auto x): parse_template.c */
  DeclSpec ds;
  parse_declspec(p, &ds, true);
  if (accept(p, TK_SEMI)) return;
  if (at(p, TK_EOF) && prev_tok(p)->kind == TK_RBRACE &&
      (ds.ty->kind == TY_STRUCT || ds.ty->kind == TY_UNION || ds.ty->kind == TY_ENUM)) {
    diag_error(p->diag, loc_after_prev(p), "expected ';' after %s",
               ds.ty->kind == TY_STRUCT ? "struct" : ds.ty->kind == TY_UNION ? "union" : "enum");
    return;
  }
  for (bool first = true;; first = false) {
    Token *name = NULL;
    if (ctor_global_var(p, &ds)) return;  /* parse_ctor.c: a __device__ object with a constructor */
    p->decl_class = NULL;
    Type *ty = parse_declarator(p, ds.ty, &name);
    if (p->decl_class && name && ooc_define(p, &ds, ty, name)) return;  /* parse_outofclass.c: S::f */
    if (!name) {
      if (error_count(p) == p->stmt_err_mark)
        diag_error(p->diag, tok(p)->loc, "expected identifier or '('");
      return;
    }
    if (ds.is_typedef && ty == p->auto_ty) {
      diag_error(p->diag, name->loc, "'auto' not allowed in typedef");
    } else if (ds.is_typedef) {
      VarScope *old = find_var_in(decl_scope(p), tok_name(p, name));
      if (old && (!old->type_def || !type_is_compatible(old->type_def, ty))) {
        diag_error(p->diag, name->loc, "redefinition of '%s'", tok_name(p, name));
      }
      push_var(p, tok_name(p, name))->type_def = ty;
    } else if (ty->kind == TY_FUNC) {
      if (at(p, TK_LBRACE)) {
        if (!first) diag_error(p->diag, tok(p)->loc, "expected ';' after top level declarator");
        parse_function(p, &ds, ty, name);
        return;
      }
      declare_function(p, &ds, ty, name, false);
    } else {
      declare_global_var(p, &ds, ty, name);
    }
    if (!accept(p, TK_COMMA)) break;
  }
  expect(p, TK_SEMI, "after top level declarator");
}

/* ---- local declarations ------------------------------------------------------ */

static Node *declare_local(Parser *p, DeclSpec *ds, Type *ty, Token *name) {
  int temp_mark = p->dtor_temps.len;  /* parse_dtor.c */
  char *n = tok_name(p, name);
  VarScope *old = find_var_in(p->scope, n);
  if (old && (old->var || old->type_def || old->is_enum)) {
    diag_error(p->diag, name->loc, "redefinition of '%s'", n);
    if (old->var) diag_note(p->diag, old->var->loc, "previous definition is here");
  }
  if (ds->has_device || ds->has_constant || ds->has_managed)
    diag_error(p->diag, name->loc, "a %s variable cannot be declared inside a function",
               ds->has_constant ? "__constant__" : ds->has_managed ? "__managed__" : "__device__");
  if (ty->kind == TY_VOID) {
    diag_error(p->diag, name->loc, "variable has incomplete type 'void'");
    ty = p->err_ty;
  }
  Obj *v = new_local(p, n, ty, name->loc);
  v->align = ds->align > ty->align ? ds->align : 0;
  if (ds->has_shared) {
    v->space = AS_SHARED;
    if (ds->is_extern) {
      v->is_extern = true;
      v->is_extern_shared = true;
      if (ty->kind != TY_ARRAY || ty->array_len >= 0)
        diag_error(p->diag, name->loc, "extern __shared__ variable must be an array of unknown size");
    }
  } else if (ds->is_extern) {
    diag_unsupported(p->diag, name->loc, "extern declaration in a function");
  }
  if (ds->is_static) v->is_static = true;
  bool ctor_done;
  Node *ctor_call = ctor_local_init(p, v, &ctor_done);  /* parse_ctor.c */
  bool has_init = !ctor_done && (accept(p, TK_ASSIGN) || at(p, TK_LBRACE));
  if (has_init) {
    if (ds->has_shared) diag_error(p->diag, name->loc, "initializer is not allowed for __shared__ variable");
    if (ty == p->auto_ty) {
      Node *e = rvalue(p, parse_assign(p));
      v->ty = qualify(p, type_unqual(e->ty), ds->auto_const, false, false);
      v->init = e;
    } else {
      v->init = parse_initializer(p, &v->ty, ds->is_static);
    }
  } else if (ty == p->auto_ty) {
    diag_error(p->diag, name->loc, "declaration of variable '%s' with deduced type 'auto' requires an initializer", n);
    v->ty = p->err_ty;
  }
  if (ds->is_static && !ds->has_shared && !(v->ty->is_const || (v->ty->kind == TY_ARRAY && v->ty->base->is_const)))
    diag_unsupported(p->diag, name->loc, "static local variable");
  if (v->ty->size < 0 && v->ty != p->err_ty && !v->is_extern_shared)
    diag_error(p->diag, name->loc, "variable has incomplete type '%s'", type_name(p->arena, v->ty));
  Node *d = new_node(p, ND_DECL, name->loc);
  d->obj = v;
  d->next = ctor_call;
  dtor_note_local(p, v);  /* parse_dtor.c */
  return dtor_end_full_expr(p, d, temp_mark, v->init);
}

/* local-decl = declspec (declarator ("=" initializer)? ("," ...)*)? ";"
 * Returns the ND_DECL statements as a list (via next), or NULL. */
Node *parse_local_decl(Parser *p) {
  DeclSpec ds;
  parse_declspec(p, &ds, true);
  if (accept(p, TK_SEMI)) return NULL;
  Node head = {0}, *cur = &head;
  for (;;) {
    Token *name = NULL;
    Type *ty = ds.ty;
    if (ctor_is_direct_init(p, ds.ty)) {  /* T x(args): parse_ctor.c */
      name = tok(p);
      next(p);
    } else {
      ty = parse_declarator(p, ds.ty, &name);
    }
    if (!name) {
      if (error_count(p) == p->stmt_err_mark)
        diag_error(p->diag, tok(p)->loc, "expected identifier or '('");
      sync_stmt(p);
      return head.next;
    }
    if (ds.is_typedef && ty == p->auto_ty) {
      diag_error(p->diag, name->loc, "'auto' not allowed in typedef");
    } else if (ds.is_typedef) {
      char *n = tok_name(p, name);
      VarScope *old = find_var_in(p->scope, n);
      if (old && (!old->type_def || !type_is_compatible(old->type_def, ty)))
        diag_error(p->diag, name->loc, "redefinition of '%s'", n);
      push_var(p, n)->type_def = ty;
    } else if (ty->kind == TY_FUNC) {
      DeclSpec fds = ds;
      if (!fds.exec) fds.exec = EXEC_DEVICE;
      declare_function(p, &fds, ty, name, false);
    } else {
      cur = cur->next = declare_local(p, &ds, ty, name);
      while (cur->next) cur = cur->next;  /* a constructor call follows */
    }
    if (!accept(p, TK_COMMA)) break;
  }
  if (!expect(p, TK_SEMI, "at end of declaration")) sync_stmt(p);
  return head.next;
}
