/* type.c: the C type system of the front end: built-in types, derived
 * types (pointer, array, function), qualifiers, classification predicates,
 * compatibility and the names diagnostics print ("const float *").
 * It does not do conversions of expressions (parse_expr.c does) nor struct
 * layout (parse_decl.c computes member offsets). */
#include "ast.h"

#include <string.h>

/* The built-in types are shared by every unit and never modified: derived
 * and qualified types are always fresh copies (type_copy). */
#define BUILTIN(k, sz, uns) \
  (&(Type){.kind = k, .size = sz, .align = sz, .is_unsigned = uns})
Type *ty_void = BUILTIN(TY_VOID, 1, false);
Type *ty_bool = BUILTIN(TY_BOOL, 1, true);
Type *ty_char = BUILTIN(TY_CHAR, 1, false);
Type *ty_schar = BUILTIN(TY_CHAR, 1, false);
Type *ty_uchar = BUILTIN(TY_CHAR, 1, true);
Type *ty_short = BUILTIN(TY_SHORT, 2, false);
Type *ty_ushort = BUILTIN(TY_SHORT, 2, true);
Type *ty_int = BUILTIN(TY_INT, 4, false);
Type *ty_uint = BUILTIN(TY_INT, 4, true);
Type *ty_long = BUILTIN(TY_LONG, 8, false);
Type *ty_ulong = BUILTIN(TY_LONG, 8, true);
Type *ty_llong = BUILTIN(TY_LLONG, 8, false);
Type *ty_ullong = BUILTIN(TY_LLONG, 8, true);
Type *ty_float = BUILTIN(TY_FLOAT, 4, false);
Type *ty_double = BUILTIN(TY_DOUBLE, 8, false);
Type *ty_ldouble = BUILTIN(TY_LDOUBLE, 8, false);

bool type_is_integer(const Type *t) {
  switch (t->kind) {
  case TY_BOOL: case TY_CHAR: case TY_SHORT: case TY_INT: case TY_LONG:
  case TY_LLONG: case TY_ENUM:
    return true;
  default:
    return false;
  }
}

bool type_is_flonum(const Type *t) {
  return t->kind == TY_HALF || t->kind == TY_FLOAT || t->kind == TY_DOUBLE ||
         t->kind == TY_LDOUBLE;
}

bool type_is_arith(const Type *t) {
  return type_is_integer(t) || type_is_flonum(t);
}

bool type_is_scalar(const Type *t) {
  return type_is_arith(t) || t->kind == TY_PTR;
}

/* The unqualified type a (possibly qualified) type was copied from. */
Type *type_unqual(Type *t) {
  if (!t->is_const && !t->is_volatile && !t->is_restrict) return t;
  Type *u = t->origin ? t->origin : t;
  return u;
}

/* Struct/union/enum identity: a qualified copy points at its origin. */
static const Type *type_root(const Type *t) {
  while (t->origin) t = t->origin;
  return t;
}

/* C11 6.2.7: compatible types, ignoring top-level qualifiers of pointee
 * only where C does (qualifiers are checked by the caller) and ignoring
 * address spaces (CUDA pointers are generic). */
bool type_is_compatible(const Type *a, const Type *b) {
  for (int guard = 0; guard < 1024; guard++) {
    if (a == b) return true;
    a = type_root(a);
    b = type_root(b);
    if (a == b) return true;
    if (a->kind != b->kind) {
      /* an enum is compatible with its underlying type */
      if (a->kind == TY_ENUM && a->base) return type_is_compatible(a->base, b);
      if (b->kind == TY_ENUM && b->base) return type_is_compatible(a, b->base);
      return false;
    }
    switch (a->kind) {
    case TY_PTR:
      if (a->is_ref != b->is_ref) return false;  /* f(int &) and f(int *) differ */
      a = a->base;
      b = b->base;
      continue;
    case TY_ARRAY:
      if (a->array_len >= 0 && b->array_len >= 0 && a->array_len != b->array_len)
        return false;
      a = a->base;
      b = b->base;
      continue;
    case TY_FUNC:
      if (a->param_count != b->param_count || a->is_variadic != b->is_variadic)
        return false;
      for (int i = 0; i < a->param_count; i++)
        if (!type_is_compatible(type_unqual(a->params[i]), type_unqual(b->params[i])))
          return false;
      a = a->return_ty;
      b = b->return_ty;
      continue;
    case TY_STRUCT: case TY_UNION: case TY_ENUM:
      return false; /* distinct roots are distinct types */
    default:
      return a->is_unsigned == b->is_unsigned && a->size == b->size;
    }
  }
  return false;
}

Type *type_copy(Arena *a, const Type *t) {
  Type *c = ARENA_NEW(a, Type);
  *c = *t;
  c->origin = t->origin ? t->origin : (Type *)t;
  return c;
}

Type *type_pointer_to(Arena *a, Type *base) {
  Type *t = ARENA_NEW(a, Type);
  t->kind = TY_PTR;
  t->size = t->align = 8;
  t->is_unsigned = true;
  t->base = base;
  return t;
}

Type *type_ref_to(Arena *a, Type *base) {
  Type *t = type_pointer_to(a, base);
  t->is_ref = true;
  return t;
}

Type *type_array_of(Arena *a, Type *base, int len) {
  Type *t = ARENA_NEW(a, Type);
  t->kind = TY_ARRAY;
  t->base = base;
  t->array_len = len;
  t->align = base->align;
  t->size = len < 0 || base->size < 0 ? -1 : base->size * len;
  return t;
}

Type *type_func(Arena *a, Type *return_ty) {
  Type *t = ARENA_NEW(a, Type);
  t->kind = TY_FUNC;
  t->size = 1;
  t->align = 1;
  t->return_ty = return_ty;
  return t;
}

/* ---- names for diagnostics ------------------------------------------- */

static const char *basic_name(const Type *t) {
  switch (t->kind) {
  case TY_VOID: return "void";
  case TY_BOOL: return "bool";
  case TY_CHAR:
    if (t == ty_schar || (t->origin && t->origin == ty_schar)) return "signed char";
    return t->is_unsigned ? "unsigned char" : "char";
  case TY_SHORT: return t->is_unsigned ? "unsigned short" : "short";
  case TY_INT: return t->is_unsigned ? "unsigned int" : "int";
  case TY_LONG: return t->is_unsigned ? "unsigned long" : "long";
  case TY_LLONG: return t->is_unsigned ? "unsigned long long" : "long long";
  case TY_HALF: return "__half";
  case TY_FLOAT: return "float";
  case TY_DOUBLE: return "double";
  case TY_LDOUBLE: return "long double";
  default: return NULL;
  }
}

static void put_quals(StrBuf *b, const Type *t, bool space_before) {
  const char *q[3] = {t->is_const ? "const" : NULL, t->is_volatile ? "volatile" : NULL,
                      t->is_restrict ? "__restrict" : NULL};
  for (int i = 0; i < 3; i++) {
    if (!q[i]) continue;
    if (space_before) strbuf_putc(b, ' ');
    strbuf_puts(b, q[i]);
    space_before = true;
  }
}

/* Prints t around the declarator text `inner` (clang's style: "int *",
 * "int [4]", "float (*)[4]", "void (int)"). Depth is bounded by the
 * parser's nesting limit. */
static void print_type(StrBuf *b, const Type *t, const char *inner) {
  StrBuf s = {0};
  switch (t->kind) {
  case TY_PTR: {
    bool paren = t->base->kind == TY_ARRAY || t->base->kind == TY_FUNC;
    if (paren) strbuf_putc(&s, '(');
    strbuf_putc(&s, t->is_ref ? '&' : '*');
    put_quals(&s, t, false);
    if (*inner) {
      if (t->is_const || t->is_volatile || t->is_restrict) strbuf_putc(&s, ' ');
      strbuf_puts(&s, inner);
    }
    if (paren) strbuf_putc(&s, ')');
    print_type(b, t->base, s.data);
    break;
  }
  case TY_ARRAY:
    strbuf_puts(&s, inner);
    if (t->array_len >= 0) strbuf_printf(&s, "[%d]", t->array_len);
    else strbuf_puts(&s, "[]");
    print_type(b, t->base, s.data);
    break;
  case TY_FUNC:
    strbuf_puts(&s, inner);
    strbuf_putc(&s, '(');
    for (int i = 0; i < t->param_count; i++) {
      if (i) strbuf_puts(&s, ", ");
      print_type(&s, t->params[i], "");
    }
    if (t->is_variadic) strbuf_puts(&s, t->param_count ? ", ..." : "...");
    strbuf_putc(&s, ')');
    print_type(b, t->return_ty, s.data);
    break;
  default: {
    put_quals(b, t, false);
    if (t->is_const || t->is_volatile || t->is_restrict) strbuf_putc(b, ' ');
    const char *n = basic_name(t);
    if (n) strbuf_puts(b, n);
    else if (t->kind == TY_STRUCT || t->kind == TY_UNION || t->kind == TY_ENUM) {
      const char *kw = t->kind == TY_STRUCT ? "struct" : t->kind == TY_UNION ? "union" : "enum";
      const char *tag = t->name ? t->name : type_root(t)->name;
      strbuf_printf(b, "%s %s", kw, tag ? tag : "(anonymous)");
    } else {
      strbuf_puts(b, "?");
    }
    if (*inner) {
      strbuf_putc(b, ' ');
      strbuf_puts(b, inner);
    }
    break;
  }
  }
  strbuf_free(&s);
}

char *type_name(Arena *a, const Type *t) {
  StrBuf b = {0};
  print_type(&b, t, "");
  char *r = arena_strdup(a, b.data ? b.data : "");
  strbuf_free(&b);
  return r;
}
