/* parse_expr.c: the expression grammar of C (plus the C++ casts, true,
 * false, nullptr and functional casts that device code uses), literals,
 * identifiers with CUDA's built-in variables, and calls: user device
 * functions, the intrinsics of ir/intrinsics.def and the front end's own
 * builtins (printf, assert, memcpy, __syncthreads, ...). Typing and
 * conversions are done by sema.c as each node is built. */
#include "parse_internal.h"

#include <errno.h>
#include <stdlib.h>
#include <string.h>

/* ---- intrinsics table ------------------------------------------------------ */

typedef struct IntrinsicRow {
  const char *name;
  const char *sig;  /* see intrinsics.def */
} IntrinsicRow;

/* Row i has the IR id i + 1 (IrIntrinsic: IN_NONE = 0, then table order). */
static const IntrinsicRow intrinsic_rows[] = {
#define INTRINSIC(id, name, sig) {name, sig},
#include "../ir/intrinsics.def"
#undef INTRINSIC
};
enum { INTRINSIC_ROWS = sizeof intrinsic_rows / sizeof intrinsic_rows[0] };

/* Known CUDA device APIs that cuwa does not support yet (by prefix):
 * naming them beats "use of undeclared identifier". */
static const char *const unsupported_prefixes[] = {
    "__stwb", "__stcg", "__stcs", "__stwt",
    "tex1D", "tex2D", "tex3D", "texCubemap", "surf1D", "surf2D", "surf3D",
    "__half", "__float2half", "__hadd", "__hmul", "__hsub", "__hdiv", "__hfma",
    "__float2bfloat16", "__bfloat16", "this_thread_block", "this_grid", "tiled_partition",
    "__fadd_r", "__fsub_r", "__fmul_r", "__fmaf_r", "__fdiv_r", "__frcp_r", "__fsqrt_r",
    "__dadd_r", "__dsub_r", "__dmul_r", "__fma_r", "__ddiv_r", "__drcp_r", "__dsqrt_r",
    "__prof_trigger", "__trap", "__brkpt", "cudaMalloc", "cudaFree", "cudaDeviceSynchronize",
    "cudaGetLastError", "malloc", "free", "__vadd", "__vsub", "__byte_perm", "__funnelshift",
    "__sad", "__usad", "__hadd2", "__dp4a", "__dp2a", "__nv_", "__isGlobal", "__isShared",
    "__cvta_", "__pipeline_", "__mem",
};

void init_builtins(Parser *p) {
  map_init(&p->intrinsics, p->arena);
  for (int i = INTRINSIC_ROWS - 1; i >= 0; i--)
    map_put(&p->intrinsics, intrinsic_rows[i].name, (void *)(intptr_t)(i + 1));
}

/* The intrinsics.def name a call refers to, or NULL: atomicAdd_block and
 * atomicAdd_system are atomicAdd (on every cuwa device a block-, device-
 * or system-scope atomic is the same operation). */
static char *intrinsic_name(Parser *p, Token *t) {
  if (map_getn(&p->intrinsics, t->text, (size_t)t->len)) return tok_name(p, t);
  static const char *const scopes[] = {"_block", "_system"};
  if (t->len < 6 || memcmp(t->text, "atomic", 6) != 0) return NULL;
  for (size_t i = 0; i < sizeof scopes / sizeof *scopes; i++) {
    size_t n = strlen(scopes[i]), base = (size_t)t->len - n;
    if ((size_t)t->len > n && memcmp(t->text + base, scopes[i], n) == 0 &&
        map_getn(&p->intrinsics, t->text, base))
      return arena_strndup(p->arena, t->text, base);
  }
  return NULL;
}

/* __ldg and the other cache-hint loads: on every cuwa device a plain load. */
static bool is_load_hint(Token *t) {
  static const char *const names[] = {"__ldg", "__ldcg", "__ldca", "__ldcs", "__ldlu", "__ldcv"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (token_is(t, names[i])) return true;
  return false;
}

static bool is_unsupported_name(Token *t) {
  for (size_t i = 0; i < sizeof unsupported_prefixes / sizeof *unsupported_prefixes; i++) {
    size_t n = strlen(unsupported_prefixes[i]);
    if ((size_t)t->len >= n && memcmp(t->text, unsupported_prefixes[i], n) == 0) return true;
  }
  return false;
}

/* ---- front-end builtins ------------------------------------------------------ */

typedef struct FrontBuiltin {
  const char *name;
  int id;
} FrontBuiltin;

static const FrontBuiltin front_builtins[] = {
    {"printf", BUILTIN_PRINTF},         {"__assert_fail", BUILTIN_ASSERT_FAIL},
    {"__assertfail", BUILTIN_ASSERT_FAIL}, {"memcpy", BUILTIN_MEMCPY},
    {"memset", BUILTIN_MEMSET},         {"__syncthreads", BUILTIN_SYNCTHREADS},
    {"__builtin_memcpy", BUILTIN_MEMCPY}, {"__builtin_memset", BUILTIN_MEMSET},
};

static int front_builtin_id(Token *t) {
  for (size_t i = 0; i < sizeof front_builtins / sizeof *front_builtins; i++)
    if (token_is(t, front_builtins[i].name)) return front_builtins[i].id;
  return 0;
}

/* GNU builtins that are constants or nearly nothing. */
static bool is_constant_builtin(Token *t) {
  static const char *const names[] = {"__builtin_inff", "__builtin_inf", "__builtin_huge_valf",
                                      "__builtin_huge_val", "__builtin_nanf", "__builtin_nan",
                                      "__builtin_offsetof", "__builtin_expect"};
  for (size_t i = 0; i < sizeof names / sizeof *names; i++)
    if (token_is(t, names[i])) return true;
  return false;
}

static bool is_builtin_name(Parser *p, Token *t) {
  return intrinsic_name(p, t) || front_builtin_id(t) || is_constant_builtin(t) ||
         is_load_hint(t);
}

/* ---- literals --------------------------------------------------------------- */

static int hex_digit(int c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'f') return c - 'a' + 10;
  if (c >= 'A' && c <= 'F') return c - 'A' + 10;
  return -1;
}

/* Decodes one (possibly escaped) character at *s (before end). */
static int decode_char(Parser *p, const char **s, const char *end, Loc loc) {
  const char *q = *s;
  if (*q != '\\' || q + 1 >= end) {
    *s = q + 1;
    return (unsigned char)*q;
  }
  q++;
  int c = (unsigned char)*q++;
  switch (c) {
  case 'n': c = '\n'; break;
  case 't': c = '\t'; break;
  case 'r': c = '\r'; break;
  case 'a': c = '\a'; break;
  case 'b': c = '\b'; break;
  case 'f': c = '\f'; break;
  case 'v': c = '\v'; break;
  case 'e': c = 27; break;
  case 'x': {
    int v = 0, n = 0;
    while (q < end && hex_digit(*q) >= 0) { v = (v << 4 | hex_digit(*q++)) & 0xffff; n++; }
    if (!n) diag_error(p->diag, loc, "\\x used with no following hex digits");
    c = v & 0xff;
    break;
  }
  case 'u': case 'U':
    diag_unsupported(p->diag, loc, "universal character name");
    break;
  default:
    if (c >= '0' && c <= '7') {
      int v = c - '0';
      for (int i = 0; i < 2 && q < end && *q >= '0' && *q <= '7'; i++) v = v * 8 + (*q++ - '0');
      c = v & 0xff;
    }
    break;
  }
  *s = q;
  return c;
}

/* Body of a quoted literal: after the opening quote, before the closing
 * one (which may be missing in erroneous input). */
static void literal_body(Token *t, char quote, const char **b, const char **e) {
  const char *s = t->text, *end = t->text + t->len;
  while (s < end && *s != quote) s++;
  if (s < end) s++;
  if (end > s && end[-1] == quote) end--;
  *b = s;
  *e = end;
}

static Node *parse_char_literal(Parser *p) {
  Token *t = tok(p);
  next(p);
  const char *s, *end;
  literal_body(t, '\'', &s, &end);
  Type *ty = ty_char;
  if (t->text[0] == 'L') ty = ty_int;
  else if (t->text[0] == 'U') ty = ty_uint;
  else if (t->text[0] == 'u' && t->text[1] != '8') ty = ty_ushort;
  if (s >= end) {
    diag_error(p->diag, t->loc, "empty character constant");
    return err_node(p, t->loc);
  }
  uint64_t v = 0;
  int n = 0;
  while (s < end) {
    v = (v << 8) | (uint64_t)decode_char(p, &s, end, t->loc);
    n++;
  }
  if (n > 1) return new_num(p, (int32_t)(uint32_t)v, ty_int, t->loc);  /* 'ab': int */
  if (ty == ty_char) return new_num(p, (signed char)v, ty, t->loc);
  return new_num(p, (int64_t)(v & 0xffffffff), ty, t->loc);
}

/* string = TK_STR+ (adjacent literals concatenate, C11 5.1.1.2p6) */
static Node *parse_string(Parser *p) {
  Loc loc = tok(p)->loc;
  StrBuf b = {0};
  while (at(p, TK_STR)) {
    Token *t = tok(p);
    if (t->text[0] == 'L' || t->text[0] == 'U' || (t->text[0] == 'u' && t->text[1] != '8'))
      diag_unsupported(p->diag, t->loc, "wide string literal");
    const char *s, *end;
    literal_body(t, '"', &s, &end);
    while (s < end) strbuf_putc(&b, (char)decode_char(p, &s, end, t->loc));
    next(p);
  }
  Node *n = new_node(p, ND_STR, loc);
  n->str_len = (int)b.len + 1;
  char *str = arena_alloc(p->arena, (size_t)n->str_len);
  if (b.len) memcpy(str, b.data, b.len);
  n->str = str;
  strbuf_free(&b);
  n->ty = type_array_of(p->arena, qualify(p, ty_char, true, false, false), n->str_len);
  return n;
}

static Node *parse_float_literal(Parser *p, Token *t, const char *text, int len) {
  char *buf = arena_strndup(p->arena, text, (size_t)len);
  char *end;
  errno = 0;
  double v = strtod(buf, &end);
  Type *ty = ty_double;
  if ((*end == 'f' || *end == 'F') && end[1] == 0) ty = ty_float;
  else if ((*end == 'l' || *end == 'L') && end[1] == 0) ty = ty_ldouble;
  else if (*end) {
    diag_error(p->diag, t->loc, "invalid suffix '%s' on floating constant", end);
    return err_node(p, t->loc);
  }
  Node *n = new_node(p, ND_NUM, t->loc);
  n->ty = ty;
  n->fval = ty == ty_float ? (double)(float)v : v;
  return n;
}

/* The type of an integer constant (C11 6.4.4.1p5): the first that fits. */
static Type *int_literal_type(uint64_t v, bool decimal, bool u, int l) {
  if (!u && l == 0 && !decimal) {
    if (v <= INT32_MAX) return ty_int;
    if (v <= UINT32_MAX) return ty_uint;
  }
  if (!u && l == 0 && decimal && v <= INT32_MAX) return ty_int;
  if (u && l == 0 && v <= UINT32_MAX) return ty_uint;
  if (!u && l < 2 && v <= INT64_MAX) return ty_long;
  if (l < 2 && (u || !decimal || v > INT64_MAX)) return ty_ulong;
  if (!u && v <= INT64_MAX) return ty_llong;
  return ty_ullong;
}

static Node *parse_number(Parser *p) {
  Token *t = tok(p);
  next(p);
  /* drop C++14 digit separators */
  char *s = ARENA_ARRAY(p->arena, char, t->len + 1);
  int len = 0;
  for (int i = 0; i < t->len; i++)
    if (t->text[i] != '\'') s[len++] = t->text[i];
  s[len] = 0;
  bool hex = len > 1 && s[0] == '0' && (s[1] == 'x' || s[1] == 'X');
  bool bin = len > 1 && s[0] == '0' && (s[1] == 'b' || s[1] == 'B');
  if ((hex && strpbrk(s, ".pP")) || (!hex && !bin && strpbrk(s, ".eE")))
    return parse_float_literal(p, t, s, len);
  int base = hex ? 16 : bin ? 2 : (s[0] == '0' ? 8 : 10);
  const char *q = s + (hex || bin ? 2 : 0);
  uint64_t v = 0;
  bool overflow = false, any = base == 8;
  for (; *q; q++) {
    int d = hex_digit(*q);
    if (d < 0 || (base != 16 && d >= 10)) break;
    if (d >= base) {
      diag_error(p->diag, t->loc, "invalid digit '%c' in %s constant", *q,
                 base == 8 ? "octal" : "binary");
      return err_node(p, t->loc);
    }
    if (v > (UINT64_MAX - (uint64_t)d) / (uint64_t)base) overflow = true;
    v = v * (uint64_t)base + (uint64_t)d;
    any = true;
  }
  if (!any) {
    diag_error(p->diag, t->loc, "invalid suffix '%s' on integer constant", q);
    return err_node(p, t->loc);
  }
  bool u = false;
  int l = 0;
  const char *suffix = q;
  for (; *q; q++) {
    if ((*q == 'u' || *q == 'U') && !u) u = true;
    else if ((q[0] == 'l' && q[1] == 'l') || (q[0] == 'L' && q[1] == 'L')) { if (l) break; l = 2; q++; }
    else if ((*q == 'l' || *q == 'L') && !l) l = 1;
    else break;
  }
  if (*q) {
    diag_error(p->diag, t->loc, "invalid suffix '%s' on integer constant", suffix);
    return err_node(p, t->loc);
  }
  if (overflow) {
    diag_error(p->diag, t->loc, "integer literal is too large to be represented in any integer type");
    return err_node(p, t->loc);
  }
  return new_num(p, (int64_t)v, int_literal_type(v, base == 10, u, l), t->loc);
}

/* ---- calls ------------------------------------------------------------------- */

/* args = "(" (assign ("," assign)*)? ")" ; the '(' is current. */
static NodeVec parse_args(Parser *p) {
  NodeVec args = {0};
  next(p);  /* ( */
  while (!at(p, TK_RPAREN) && !at(p, TK_EOF)) {
    int before = p->pos;
    NodeVec pack = {0};
    if (p->inst_depth && generic_expand_arg(p, &pack)) {  /* f(args...): parse_generic.c */
      for (int i = 0; i < pack.len; i++) vec_push(p->arena, &args, pack.data[i]);
      if (!accept(p, TK_COMMA)) break;
      continue;
    }
    vec_push(p->arena, &args, parse_assign(p));
    if (p->pos == before || !accept(p, TK_COMMA)) break;
  }
  expect(p, TK_RPAREN, NULL);
  return args;
}

static bool any_err(Parser *p, NodeVec *args) {
  for (int i = 0; i < args->len; i++)
    if (is_err(p, args->data[i])) return true;
  return false;
}

static Node *link_args(Node *call, NodeVec *args) {
  Node head = {0}, *cur = &head;
  for (int i = 0; i < args->len; i++) cur = cur->next = args->data[i];
  call->args = head.next;
  call->arg_count = args->len;
  return call;
}

static bool check_arg_count(Parser *p, int expected, int have, bool variadic, Loc loc, Obj *fn) {
  if (have == expected || (variadic && have > expected)) return true;
  diag_error(p->diag, loc, "too %s arguments to function call, expected %s%d, have %d",
             have < expected ? "few" : "many", variadic ? "at least " : "", expected, have);
  if (fn) diag_note(p->diag, fn->loc, "'%s' declared here", fn->name);
  return false;
}

static const char *exec_name(int exec) {
  if (exec & EXEC_GLOBAL) return "__global__";
  if ((exec & EXEC_DEVICE) && (exec & EXEC_HOST)) return "__host__ __device__";
  if (exec & EXEC_DEVICE) return "__device__";
  return "__host__";
}

/* Device code used something host-only (nvcc's wording). */
static Node *host_use_error(Parser *p, Obj *h, Loc loc, bool call) {
  if (call && h->is_function && p->fn)
    diag_error(p->diag, loc, "calling a __host__ function(\"%s\") from a %s function(\"%s\") is not allowed",
               h->name, exec_name(p->fn->exec), p->fn->name);
  else
    diag_error(p->diag, loc, "identifier \"%s\" is undefined in device code", h->name);
  note_host_decl(p, h);
  return err_node(p, loc);
}

NodeVec parse_call_args(Parser *p) { return parse_args(p); }

/* A call of a device function with its arguments parsed (a member
 * function's `this` is the first). */
Node *finish_call(Parser *p, Obj *fn, NodeVec *argv, Loc loc) {
  NodeVec args = *argv;
  if (fn->exec & EXEC_GLOBAL) {
    diag_error(p->diag, loc, "a __global__ function call must be configured");
    return err_node(p, loc);
  }
  Type *ft = fn->ty;
  if (any_err(p, &args)) return err_node(p, loc);
  if (fn->default_args && args.len < ft->param_count) fill_default_args(p, fn, &args);
  if (!check_arg_count(p, ft->param_count, args.len, ft->is_variadic, loc, fn))
    return err_node(p, loc);
  if (ft->is_variadic) {
    diag_unsupported(p->diag, loc, "calling a variadic device function");
    return err_node(p, loc);
  }
  for (int i = 0; i < args.len; i++) {
    args.data[i] = convert_assign(p, args.data[i], ft->params[i], CONV_PASS, args.data[i]->loc);
    if (is_err(p, args.data[i])) return args.data[i];
  }
  Node *n = new_node(p, ND_CALL, loc);
  n->obj = fn;
  n->ty = type_unqual(ft->return_ty);
  return dtor_wrap_call(p, ref_deref(p, link_args(n, &args)));  /* parse_dtor.c */
}

static Node *user_call(Parser *p, Obj *fn, Loc loc) {
  NodeVec args = parse_args(p);
  return finish_call(p, fn, &args, loc);
}

Method *find_method(Type *ty, const char *name, int len) {
  ty = type_unqual(ty);
  if (ty->kind != TY_STRUCT && ty->kind != TY_UNION) return NULL;
  for (Method *m = ty->methods; m; m = m->next)
    if ((int)strlen(m->name) == len && memcmp(m->name, name, (size_t)len) == 0) return m;
  return inherit_find_method(ty, name, len);  /* parse_inherit.c */
}

/* obj.f(args) / ptr->f(args): `this` is the object's address. The '(' is
 * current. */
static Node *method_call(Parser *p, Node *self_ptr, Method *m, Loc loc) {
  NodeVec args = parse_args(p);
  Node *ov = overload_method_call(p, m->is_static ? NULL : self_ptr, m, &args, loc);
  if (ov) return ov;
  if (m->is_static) return finish_call(p, m->fn, &args, loc);
  NodeVec all = {0};
  vec_push(p->arena, &all, self_ptr);
  for (int i = 0; i < args.len; i++) vec_push(p->arena, &all, args.data[i]);
  return finish_call(p, m->fn, &all, loc);
}

/* `this` inside a member function. */
static Node *this_ptr(Parser *p, Loc loc) {
  Node *n = new_node(p, ND_VAR, loc);
  n->obj = p->cur_this;
  n->ty = p->cur_this->ty;
  return n;
}

/* A name inside a member function that names a data member or a member
 * function of the class (class scope comes before file scope). */
static Node *implicit_member(Parser *p, Token *name) {
  if (!p->cur_class || !p->cur_this) return NULL;
  VarScope *vs = find_var(p, name->text, name->len);
  if (vs && vs->var && vs->var->is_local) return NULL;
  Method *m = find_method(p->cur_class, name->text, name->len);
  if (m && peek_at(p, 1)->kind == TK_LPAREN) {
    next(p);
    return method_call(p, this_ptr(p, name->loc), m, name->loc);
  }
  if (inherit_has_member(p->cur_class, name->text, name->len)) {  /* bases too */
    next(p);
    return sema_member(p, this_ptr(p, name->loc), name, true, name->loc);
  }
  return NULL;
}

static Type *sig_type(Parser *p, const char **s) {
  bool is_const = false, is_ptr = false;
  if (**s == 'c') { is_const = true; (*s)++; }
  if (**s == 'p') { is_ptr = true; (*s)++; }
  Type *t;
  switch (**s) {
  case 'v': t = ty_void; break;
  case 'b': t = ty_bool; break;
  case 'i': t = ty_int; break;
  case 'u': t = ty_uint; break;
  case 'l': t = ty_llong; break;
  case 'U': t = ty_ullong; break;
  case 'S': t = ty_ushort; break;
  case 'f': t = ty_float; break;
  case 'd': t = ty_double; break;
  default: ICE("bad intrinsic signature '%s'", *s);
  }
  (*s)++;
  while (**s == ' ') (*s)++;
  if (is_const) t = qualify(p, t, true, false, false);
  if (is_ptr) t = type_pointer_to(p->arena, t);
  return t;
}

/* The signature letter for an argument type after promotions. */
static char sig_letter(Type *t) {
  t = type_unqual(t);
  if (t->kind == TY_FLOAT || t->kind == TY_HALF) return 'f';
  if (type_is_flonum(t)) return 'd';
  if (t->size == 8) return t->is_unsigned ? 'U' : 'l';
  return t->is_unsigned ? 'u' : 'i';
}

static int find_row(const char *name, char first_param) {
  for (int i = 0; i < INTRINSIC_ROWS; i++) {
    if (strcmp(intrinsic_rows[i].name, name) != 0) continue;
    const char *s = intrinsic_rows[i].sig;
    while (*s && *s != ' ') s++;
    while (*s == ' ') s++;
    if (!first_param || *s == first_param) return i;
  }
  return -1;
}

/* Overload resolution among rows sharing a name (min/max, isnan, ...) and
 * C++'s <cmath> overloads: sqrt(float) is sqrtf (nvcc does the same). */
static int pick_intrinsic(Parser *p, const char *name, NodeVec *args) {
  Type *common = NULL;
  bool has_float = false, has_double = false;
  for (int i = 0; i < args->len; i++) {
    Type *t = type_unqual(args->data[i]->ty);
    if (!type_is_arith(t)) return find_row(name, 0);
    if (t->kind == TY_FLOAT) has_float = true;
    if (t->kind == TY_DOUBLE || t->kind == TY_LDOUBLE) has_double = true;
    common = common ? usual_arith_type(common, t) : usual_arith_type(t, t);
  }
  int first = find_row(name, 0);
  if (!common) return first;
  int row = find_row(name, sig_letter(common));
  if (row >= 0 && find_row(name, 'f') != find_row(name, 'd')) return row;
  if (strcmp(name, "abs") == 0) {
    char c = sig_letter(common);
    if (c == 'f') return find_row("fabsf", 0);
    if (c == 'd') return find_row("fabs", 0);
    if (c == 'l' || c == 'U') return find_row("llabs", 0);
    return first;
  }
  if (has_float && !has_double) {
    const char *s = intrinsic_rows[first].sig;
    if (strchr(s, 'd')) {
      char *fname = arena_printf(p->arena, "%sf", name);
      int f = find_row(fname, 'f');
      if (f >= 0) return f;
    }
  }
  return first;
}

/* The signature text of parameter k of a row (after its "c"/"p" marks). */
static const char *row_param(int row, int k, bool *is_ptr) {
  const char *s = intrinsic_rows[row].sig;
  for (int i = 0; i <= k; i++) {
    while (*s && *s != ' ') s++;
    while (*s == ' ') s++;
  }
  if (*s == 'c') s++;
  *is_ptr = *s == 'p';
  return *is_ptr ? s + 1 : s;
}

/* The letter of a type matched exactly (no promotion): atomicAdd on a
 * float * takes the float row, never a converted int. 0: none fits. */
static char exact_letter(Type *t) {
  t = type_unqual(t);
  if (t->kind == TY_FLOAT) return 'f';
  if (t->kind == TY_DOUBLE) return 'd';
  if (!type_is_integer(t) || t->kind == TY_BOOL) return 0;
  if (t->size == 2 && t->is_unsigned) return 'S';
  if (t->size == 4) return t->is_unsigned ? 'u' : 'i';
  if (t->size == 8) return t->is_unsigned ? 'U' : 'l';
  return 0;
}

/* CUDA's overloads of atomics and warp functions: atomics are picked by
 * the pointee type of their pointer, warp functions (whose rows share the
 * mask parameter) by the first parameter where the rows differ, the
 * value. Returns the row; -1 when name is not such an overload set (the
 * arithmetic rules of pick_intrinsic apply); -2 when no row fits
 * (reported). */
static int pick_by_operand(Parser *p, const char *name, NodeVec *args, Loc loc) {
  int rows[16], n = 0, k = 0;
  for (int i = 0; i < INTRINSIC_ROWS && n < 16; i++)
    if (strcmp(intrinsic_rows[i].name, name) == 0) rows[n++] = i;
  if (n < 2) return -1;
  bool ptr, ptr2;
  const char *first = row_param(rows[0], 0, &ptr);
  if (!ptr) {
    for (k = 0; k < args->len; k++) {
      const char *a = row_param(rows[0], k, &ptr);
      bool differ = false;
      for (int r = 1; r < n; r++) differ |= *row_param(rows[r], k, &ptr2) != *a;
      if (differ) break;
    }
    if (k == 0 || k >= args->len) return -1;
  }
  (void)first;
  if (k >= args->len) return -1; /* too few arguments: the arity check reports it */
  Type *t = type_unqual(args->data[k]->ty);
  char want = 0;
  if (ptr) want = t->kind == TY_PTR ? exact_letter(t->base) : 0;
  else if (type_is_arith(t)) want = sig_letter(t);
  for (int r = 0; r < n; r++)
    if (want && *row_param(rows[r], k, &ptr2) == want) return rows[r];
  diag_error(p->diag, args->data[k]->loc, "no matching function for call to '%s' with an argument of type '%s'",
             name, type_name(p->arena, args->data[k]->ty));
  return -2;
}

/* Default arguments of intrinsics (width of the shuffles, __syncwarp's
 * mask): appended when the call leaves them out. */
static void add_default_args(Parser *p, const char *name, NodeVec *args, Loc loc) {
  static const struct { const char *name; int params; int64_t value; bool is_unsigned; } defaults[] = {
      {"__shfl_sync", 4, 32, false}, {"__shfl_up_sync", 4, 32, false},
      {"__shfl_down_sync", 4, 32, false}, {"__shfl_xor_sync", 4, 32, false},
      {"__syncwarp", 1, 0xffffffff, true},
  };
  for (size_t i = 0; i < sizeof defaults / sizeof *defaults; i++)
    if (strcmp(defaults[i].name, name) == 0 && args->len == defaults[i].params - 1)
      vec_push(p->arena, args,
               new_num(p, defaults[i].value, defaults[i].is_unsigned ? ty_uint : ty_int, loc));
}

static Node *intrinsic_call_args(Parser *p, char *n, NodeVec args, Loc loc);
static Node *intrinsic_call(Parser *p, char *n, Loc loc) {
  return intrinsic_call_args(p, n, parse_args(p), loc);
}

/* A builtin called with arguments already parsed (a user overload of its
 * name did not fit). */
Node *builtin_call_args(Parser *p, Token *name, NodeVec *args, Loc loc) {
  char *in = intrinsic_name(p, name);
  if (in) return intrinsic_call_args(p, in, *args, loc);
  diag_error(p->diag, loc, "no matching function for call to '%s'", tok_name(p, name));
  return err_node(p, loc);
}

static Node *intrinsic_call_args(Parser *p, char *n, NodeVec args, Loc loc) {
  for (int i = 0; i < args.len; i++) args.data[i] = rvalue(p, args.data[i]);
  if (any_err(p, &args)) return err_node(p, loc);
  add_default_args(p, n, &args, loc);
  int row = pick_by_operand(p, n, &args, loc);
  if (row == -2) return err_node(p, loc);
  if (row < 0) row = pick_intrinsic(p, n, &args);
  if (row < 0) ICE("intrinsic '%s' vanished", n);
  const char *s = intrinsic_rows[row].sig;
  Type *ret = sig_type(p, &s);
  Type *params[8];
  int np = 0;
  while (*s && np < 8) params[np++] = sig_type(p, &s);
  if (!check_arg_count(p, np, args.len, false, loc, NULL)) return err_node(p, loc);
  for (int i = 0; i < args.len; i++) {
    args.data[i] = convert_assign(p, args.data[i], params[i], CONV_PASS, args.data[i]->loc);
    if (is_err(p, args.data[i])) return args.data[i];
  }
  Node *call = new_node(p, ND_BUILTIN, loc);
  call->builtin = row + 1;
  call->ty = ret;
  return link_args(call, &args);
}

/* Default argument promotions for printf's variadic arguments. */
static Node *promote_vararg(Parser *p, Node *e) {
  e = promote(p, e);
  if (is_err(p, e)) return e;
  Type *t = type_unqual(e->ty);
  if (t->kind == TY_FLOAT || t->kind == TY_HALF) return new_cast(p, e, ty_double);
  if (t->kind == TY_STRUCT || t->kind == TY_UNION) {
    diag_unsupported(p->diag, e->loc, "passing a struct to printf");
    return err_node(p, e->loc);
  }
  if (t->kind == TY_VOID) {
    diag_error(p->diag, e->loc, "argument type 'void' is incomplete");
    return err_node(p, e->loc);
  }
  return e;
}

static Node *front_builtin_call(Parser *p, int id, Loc loc) {
  NodeVec args = parse_args(p);
  if (any_err(p, &args)) return err_node(p, loc);
  Type *cchar_p = type_pointer_to(p->arena, qualify(p, ty_char, true, false, false));
  Type *void_p = type_pointer_to(p->arena, ty_void);
  Type *cvoid_p = type_pointer_to(p->arena, qualify(p, ty_void, true, false, false));
  Type *params[4] = {0};
  int np = 0;
  Type *ret = ty_void;
  switch (id) {
  case BUILTIN_PRINTF: np = 1; params[0] = cchar_p; ret = ty_int; break;
  case BUILTIN_ASSERT_FAIL:
    np = 4;
    params[0] = params[1] = params[3] = cchar_p;
    params[2] = ty_uint;
    if (args.len == 5) args.len = 4;  /* CUDA's __assertfail has a char size */
    break;
  case BUILTIN_MEMCPY: np = 3; params[0] = void_p; params[1] = cvoid_p; params[2] = ty_ulong; ret = void_p; break;
  case BUILTIN_MEMSET: np = 3; params[0] = void_p; params[1] = ty_int; params[2] = ty_ulong; ret = void_p; break;
  case BUILTIN_SYNCTHREADS: np = 0; break;
  default: ICE("unknown front-end builtin %d", id);
  }
  if (!check_arg_count(p, np, args.len, id == BUILTIN_PRINTF, loc, NULL)) return err_node(p, loc);
  for (int i = 0; i < args.len; i++) {
    Node *a = args.data[i];
    a = i < np ? convert_assign(p, a, params[i], CONV_PASS, a->loc) : promote_vararg(p, a);
    if (is_err(p, a)) return a;
    args.data[i] = a;
  }
  Node *call = new_node(p, ND_BUILTIN, loc);
  call->builtin = id;
  call->ty = ret;
  return link_args(call, &args);
}

/* __builtin_offsetof(type, member(.member)*) */
static Node *parse_offsetof(Parser *p, Loc loc) {
  expect(p, TK_LPAREN, NULL);
  Type *ty = parse_typename(p);
  expect(p, TK_COMMA, NULL);
  int64_t off = 0;
  for (;;) {
    Token *name = tok(p);
    if (!expect(p, TK_IDENT, NULL)) return err_node(p, loc);
    Type *st = type_unqual(ty);
    if (st->kind != TY_STRUCT && st->kind != TY_UNION) {
      diag_error(p->diag, name->loc, "offsetof requires struct, union, or class type, '%s' invalid",
                 type_name(p->arena, ty));
      return err_node(p, loc);
    }
    Member *m = st->members;
    while (m && !(m->name && token_is(name, m->name))) m = m->next;
    if (!m) {
      diag_error(p->diag, name->loc, "no member named '%s' in '%s'", tok_name(p, name),
                 type_name(p->arena, st));
      return err_node(p, loc);
    }
    off += m->offset;
    ty = m->ty;
    if (!accept(p, TK_DOT)) break;
  }
  expect(p, TK_RPAREN, NULL);
  return new_num(p, off, ty_ulong, loc);
}

static Node *constant_builtin(Parser *p, Token *name, Loc loc) {
  if (token_is(name, "__builtin_offsetof")) return parse_offsetof(p, loc);
  NodeVec args = parse_args(p);
  if (token_is(name, "__builtin_expect")) {
    if (!check_arg_count(p, 2, args.len, false, loc, NULL) || any_err(p, &args))
      return err_node(p, loc);
    return convert_assign(p, args.data[0], ty_long, CONV_PASS, loc);
  }
  bool is_f = name->text[name->len - 1] == 'f';
  bool is_nan = strstr(tok_name(p, name), "nan") != NULL;
  if (!check_arg_count(p, is_nan ? 1 : 0, args.len, false, loc, NULL)) return err_node(p, loc);
  Node *n = new_node(p, ND_NUM, loc);
  n->ty = is_f ? ty_float : ty_double;
  n->fval = is_nan ? __builtin_nan("") : __builtin_inf();
  return n;
}

/* __ldg(p): *p (CUDA Programming Guide, "Read-Only Data Cache Load Function"). */
static Node *load_hint_call(Parser *p, Token *name, Loc loc) {
  NodeVec args = parse_args(p);
  if (!check_arg_count(p, 1, args.len, false, loc, NULL) || any_err(p, &args))
    return err_node(p, loc);
  Node *a = rvalue(p, args.data[0]);
  if (is_err(p, a)) return a;
  if (type_unqual(a->ty)->kind != TY_PTR) {
    diag_error(p->diag, a->loc, "no matching function for call to '%s' with an argument of type '%s'",
               tok_name(p, name), type_name(p->arena, a->ty));
    return err_node(p, loc);
  }
  return rvalue(p, sema_unary(p, ND_DEREF, a, loc));
}

/* A call by name: user function, builtin, or an error naming what the
 * name is. The '(' is current. */
static Node *call_by_name(Parser *p, Token *name, VarScope *vs) {
  Loc loc = name->loc;
  Obj *fn = vs && vs->var && vs->var->is_function ? vs->var : NULL;
  bool builtin = is_builtin_name(p, name);
  Node *ov = overload_call_by_name(p, name, vs, builtin);  /* sema_overload.c */
  if (ov) return ov;
  if (fn && (fn->exec & (EXEC_DEVICE | EXEC_GLOBAL)) && (fn->is_definition || !builtin))
    return user_call(p, fn, loc);
  if (builtin) {
    char *in = intrinsic_name(p, name);
    if (in) return intrinsic_call(p, in, loc);
    if (is_load_hint(name)) return load_hint_call(p, name, loc);
    if (is_constant_builtin(name)) return constant_builtin(p, name, loc);
    return front_builtin_call(p, front_builtin_id(name), loc);
  }
  Obj *h = fn ? fn : find_host_name(p, name->text, name->len);
  if (h) {
    parse_args(p);
    return host_use_error(p, h, loc, true);
  }
  if (token_is(name, "cudaDeviceSynchronize") || token_is(name, "cudaThreadSynchronize"))
    return device_sync_error(p, name, loc);  /* parse_launch.c */
  if (is_unsupported_name(name)) {
    diag_error(p->diag, loc, "'%s' is not supported yet", tok_name(p, name));
  } else {
    diag_error(p->diag, loc, "use of undeclared identifier '%s'", tok_name(p, name));
  }
  parse_args(p);
  return err_node(p, loc);
}

/* ---- identifiers --------------------------------------------------------------- */

static int builtin_var_id(Token *t) {
  static const char *const names[] = {"threadIdx", "blockIdx", "blockDim", "gridDim"};
  for (int i = 0; i < 4; i++)
    if (token_is(t, names[i])) return i;
  return -1;
}

/* threadIdx.x and friends (CUDA Programming Guide, "Built-in Variables") */
static Node *builtin_var(Parser *p, Token *name, int id) {
  next(p);
  Token *dot = tok(p), *m = peek_at(p, 1);
  if (dot->kind != TK_DOT || m->kind != TK_IDENT) {
    diag_unsupported(p->diag, name->loc, arena_printf(p->arena, "using '%s' as a value", tok_name(p, name)));
    return err_node(p, name->loc);
  }
  next(p);
  next(p);
  int comp = token_is(m, "x") ? 0 : token_is(m, "y") ? 1 : token_is(m, "z") ? 2 : -1;
  if (comp < 0) {
    diag_error(p->diag, m->loc, "no member named '%s' in '%s'", tok_name(p, m),
               id >= 2 ? "dim3" : "uint3");
    return err_node(p, name->loc);
  }
  Node *n = new_node(p, ND_BUILTIN_VAR, name->loc);
  n->builtin = id;
  n->ival = comp;
  n->ty = ty_uint;
  return n;
}

static Node *func_name_string(Parser *p, Token *t) {
  Node *n = new_node(p, ND_STR, t->loc);
  const char *name = p->fn ? p->fn->name : "";
  n->str_len = (int)strlen(name) + 1;
  n->str = name;
  n->ty = type_array_of(p->arena, qualify(p, ty_char, true, false, false), n->str_len);
  next(p);
  return n;
}

/* A variable, function, enumerator or constant by name. */
static Node *ident_value(Parser *p, Token *name, VarScope *vs) {
  Loc loc = name->loc;
  if (vs && vs->is_enum)
    return new_num(p, vs->enum_val, vs->enum_ty->is_scoped ? vs->enum_ty : vs->enum_ty->base, loc);
  if (vs && vs->const_val) {
    Node *n = new_node(p, ND_NUM, loc);
    *n = *vs->const_val;
    n->loc = loc;
    return n;
  }
  if (vs && vs->var) {
    Obj *v = vs->var;
    if (v->is_host_var || (v->is_function && !(v->exec & (EXEC_DEVICE | EXEC_GLOBAL))))
      return host_use_error(p, v, loc, false);
    Node *n = new_node(p, v->is_function ? ND_FUNCREF : ND_VAR, loc);
    n->obj = v;
    n->ty = v->ty;
    return ref_deref(p, n);
  }
  if (vs && vs->uncaptured) {  /* parse_lambda.c */
    diag_error(p->diag, loc, "variable '%s' cannot be implicitly captured in a lambda with no capture-default specified",
               tok_name(p, name));
    return err_node(p, loc);
  }
  if (vs && vs->type_def) {
    diag_error(p->diag, loc, "unexpected type name '%s': expected expression", tok_name(p, name));
    return err_node(p, loc);
  }
  Obj *h = find_host_name(p, name->text, name->len);
  if (h) return host_use_error(p, h, loc, false);
  if (is_builtin_name(p, name)) {
    diag_unsupported(p->diag, loc, arena_printf(p->arena, "taking the address of builtin function '%s'",
                                                tok_name(p, name)));
    return err_node(p, loc);
  }
  if (is_unsupported_name(name)) diag_error(p->diag, loc, "'%s' is not supported yet", tok_name(p, name));
  else diag_error(p->diag, loc, "use of undeclared identifier '%s'", tok_name(p, name));
  return err_node(p, loc);
}

static Node *parse_ident(Parser *p) {
  Token *name = tok(p);
  VarScope *qvs = NULL;
  bool qualified = false;
  if (at(p, TK_SCOPE) || peek_at(p, 1)->kind == TK_SCOPE) {  /* parse_namespace.c */
    Node *done = parse_qualified_id(p, &name, &qvs, &qualified);
    if (done) return done;
  }
  Node *im = qualified ? NULL : implicit_member(p, name);
  if (im) return im;
  VarScope *tv = qualified ? qvs : lookup_var(p, name);
  if (tv && tv->tmpl && !tv->tmpl->is_class && (!tv->var || peek_at(p, 1)->kind == TK_LT))
    return template_call(p, tv->tmpl, name);
  int bv = builtin_var_id(name);
  if (bv >= 0 && !find_var(p, name->text, name->len)) return builtin_var(p, name, bv);
  if (token_is(name, "warpSize") && !find_var(p, name->text, name->len)) {
    next(p);
    return new_num(p, 32, ty_int, name->loc);
  }
  if (token_is(name, "__func__") || token_is(name, "__FUNCTION__") ||
      token_is(name, "__PRETTY_FUNCTION__"))
    return func_name_string(p, name);
  next(p);
  VarScope *vs = tv;
  if (at(p, TK_LAUNCH_OPEN)) return device_launch_by_name(p, name, vs);  /* parse_launch.c */
  if (at(p, TK_LPAREN)) {
    bool is_value = vs && ((vs->var && !vs->var->is_function) || vs->is_enum || vs->const_val);
    if (!is_value) return call_by_name(p, name, vs);
  }
  return ident_value(p, name, vs);
}

/* ---- primary and postfix ------------------------------------------------------- */

static Node *parse_cast(Parser *p);
static Node *parse_postfix_ops(Parser *p, Node *n);

/* T(e) / T{e} / T() : C++ functional cast notation */
static Node *functional_cast(Parser *p) {
  Loc loc = tok(p)->loc;
  DeclSpec ds;
  parse_declspec(p, &ds, false);
  Type *ty = ds.ty;
  if (at(p, TK_SCOPE)) return class_member_expr(p, ty, loc);  /* S::f(), Tr<T>::n */
  Node *ct = class_temporary(p, ty, loc);  /* parse_class.c */
  if (ct) return ct;
  if (accept(p, TK_LPAREN)) {
    if (accept(p, TK_RPAREN)) return new_cast(p, new_num(p, 0, ty_int, loc), ty);
    Node *e = parse_expr(p);
    expect(p, TK_RPAREN, NULL);
    return sema_explicit_cast(p, e, ty, loc);
  }
  if (at(p, TK_LBRACE)) {
    if (type_unqual(ty)->kind == TY_STRUCT || type_unqual(ty)->kind == TY_ARRAY) {
      diag_unsupported(p->diag, loc, "braced temporary of aggregate type");
      skip_balanced(p);
      return err_node(p, loc);
    }
    next(p);
    Node *e = at(p, TK_RBRACE) ? new_num(p, 0, ty_int, loc) : parse_assign(p);
    expect(p, TK_RBRACE, NULL);
    return sema_explicit_cast(p, e, ty, loc);
  }
  diag_error(p->diag, tok(p)->loc, "expected '(' for function-style cast or type construction");
  return err_node(p, loc);
}

/* static_cast<T>(e) and friends */
static Node *cxx_cast(Parser *p) {
  Token *kw = tok(p);
  next(p);
  if (kw->kind == KW_DYNAMIC_CAST) diag_unsupported(p->diag, kw->loc, "dynamic_cast");
  if (!expect(p, TK_LT, NULL)) return err_node(p, kw->loc);
  Type *ty = parse_typename(p);
  if (!expect(p, TK_GT, NULL)) return err_node(p, kw->loc);
  if (!expect(p, TK_LPAREN, NULL)) return err_node(p, kw->loc);
  Node *e = parse_expr(p);
  expect(p, TK_RPAREN, NULL);
  if (kw->kind == KW_DYNAMIC_CAST) return err_node(p, kw->loc);
  return sema_explicit_cast(p, e, ty, kw->loc);
}

static Node *unsupported_expr(Parser *p, const char *what) {
  Loc loc = tok(p)->loc;
  diag_unsupported(p->diag, loc, what);
  next(p);
  return err_node(p, loc);
}

static Node *parse_primary(Parser *p) {
  Token *t = tok(p);
  switch (t->kind) {
  case TK_LPAREN: {
    if (peek_at(p, 1)->kind == TK_LBRACE) return unsupported_expr(p, "statement expression");
    Node *fold = p->inst_depth ? generic_fold(p) : NULL;  /* (args + ...): parse_generic.c */
    if (fold) return fold;
    next(p);
    bool no_gt = p->no_gt;
    p->no_gt = false;
    Node *e = parse_expr(p);
    p->no_gt = no_gt;
    expect(p, TK_RPAREN, NULL);
    return e;
  }
  case TK_NUM: return parse_number(p);
  case TK_CHAR: return parse_char_literal(p);
  case TK_STR: return parse_string(p);
  case KW_TRUE: case KW_FALSE:
    next(p);
    return new_num(p, t->kind == KW_TRUE, ty_bool, t->loc);
  case KW_NULLPTR:
    next(p);
    return new_cast(p, new_num(p, 0, ty_int, t->loc), type_pointer_to(p->arena, ty_void));
  case TK_IDENT:
    if (is_typename(p, t)) return functional_cast(p);
    return parse_ident(p);
  case TK_SCOPE:
    if (is_typename(p, t)) return functional_cast(p);
    if (peek_at(p, 1)->kind == TK_IDENT) return parse_ident(p);
    break;
  case KW_STATIC_CAST: case KW_REINTERPRET_CAST: case KW_CONST_CAST: case KW_DYNAMIC_CAST:
    return cxx_cast(p);
  case KW_THIS:
    if (!p->cur_this) return unsupported_expr(p, "'this' outside a member function");
    next(p);
    return this_ptr(p, t->loc);
  case KW_NEW: return unsupported_expr(p, "operator new");
  case KW_DELETE: return unsupported_expr(p, "operator delete");
  case KW_THROW: return unsupported_expr(p, "throw expression");
  case KW_TYPEID: return unsupported_expr(p, "typeid");
  case KW_OPERATOR: return unsupported_expr(p, "naming an operator function in an expression");
  case KW_ASM: case KW_ASM_GNU: return unsupported_expr(p, "inline assembly");
  case TK_LBRACKET: return lambda_expr(p);  /* parse_lambda.c */
  default:
    if (is_typename(p, t)) return functional_cast(p);
    break;
  }
  if (error_count(p) == p->stmt_err_mark)
    diag_error(p->diag, t->loc, "expected expression");
  return err_node(p, t->loc);
}

static Node *call_expr(Parser *p, Node *fn) {
  Loc loc = tok(p)->loc;
  NodeVec args = parse_args(p);
  if (is_err(p, fn)) return fn;
  Node *gl = lambda_generic_call(p, fn, &args, loc);  /* parse_lambda.c */
  if (gl) return gl;
  Node *ov = overload_member_op(p, "()", fn, &args, loc);  /* a function object */
  if (ov) return ov;
  Type *t = fn->ty;
  if (t->kind == TY_FUNC || (t->kind == TY_PTR && t->base->kind == TY_FUNC)) {
    diag_unsupported(p->diag, loc, "call through a function pointer");
    return err_node(p, loc);
  }
  diag_error(p->diag, loc, "called object type '%s' is not a function or function pointer",
             type_name(p->arena, t));
  return err_node(p, loc);
}

/* postfix = primary ("[" expr "]" | "(" args ")" | "." ident | "->" ident | "++" | "--")* */
static Node *parse_postfix_ops(Parser *p, Node *n) {
  for (;;) {
    Token *t = tok(p);
    switch (t->kind) {
    case TK_LBRACKET: {
      next(p);
      Node *i = parse_expr(p);
      expect(p, TK_RBRACKET, NULL);
      n = sema_subscript(p, n, i, t->loc);
      continue;
    }
    case TK_LPAREN:
      n = call_expr(p, n);
      continue;
    case TK_DOT: case TK_ARROW: {
      next(p);
      accept(p, KW_TEMPLATE);  /* obj.template f<T>() */
      Token *name = tok(p);
      if (!at(p, TK_IDENT)) {
        if (error_count(p) == p->stmt_err_mark)
          diag_error(p->diag, name->loc, "expected unqualified-id");
        return err_node(p, name->loc);
      }
      next(p);
      Type *bt = is_err(p, n) ? NULL : t->kind == TK_ARROW && n->ty->kind == TY_PTR ? n->ty->base : n->ty;
      Method *m = bt && at(p, TK_LPAREN) ? find_method(bt, name->text, name->len) : NULL;
      Template *mt = bt && !m && (at(p, TK_LPAREN) || at(p, TK_LT)) ? template_member(bt, name) : NULL;
      if (m || mt) {
        Node *self = t->kind == TK_ARROW ? rvalue(p, n)
                     : sema_is_lvalue(n) ? sema_unary(p, ND_ADDR, n, t->loc)
                     : object_address(p, n);  /* f().g(): a temporary */
        n = mt ? template_member_call(p, self, mt, name) : method_call(p, self, m, name->loc);
        continue;
      }
      n = sema_member(p, n, name, t->kind == TK_ARROW, t->loc);
      continue;
    }
    case TK_INC: case TK_DEC:
      next(p);
      n = sema_incdec(p, t->kind == TK_INC ? ND_POST_INC : ND_POST_DEC, n, t->loc);
      continue;
    default:
      return n;
    }
  }
}

static Node *sizeof_type(Parser *p, Type *ty, Loc loc, bool is_align) {
  const char *what = is_align ? "alignof" : "sizeof";
  if (ty == p->err_ty) return err_node(p, loc);
  if (ty->kind == TY_FUNC) {
    diag_error(p->diag, loc, "invalid application of '%s' to a function type", what);
    return err_node(p, loc);
  }
  if (ty->size < 0 || (ty->kind == TY_VOID && !is_align)) {
    diag_error(p->diag, loc, "invalid application of '%s' to an incomplete type '%s'", what,
               type_name(p->arena, ty));
    return err_node(p, loc);
  }
  return new_num(p, is_align ? ty->align : ty->size, ty_ulong, loc);
}

/* sizeof-expr = "sizeof" ("(" type-name ")" | unary) ; likewise alignof */
static Node *parse_sizeof(Parser *p, bool is_align) {
  Token *kw = tok(p);
  next(p);
  if (at(p, TK_LPAREN) && is_typename(p, peek_at(p, 1))) {
    next(p);
    Type *ty = parse_typename(p);
    expect(p, TK_RPAREN, NULL);
    return sizeof_type(p, ty, kw->loc, is_align);
  }
  if (at(p, TK_ELLIPSIS)) return generic_sizeof_pack(p, kw->loc);  /* parse_generic.c */
  Node *e = parse_cast(p);
  if (is_err(p, e)) return e;
  return sizeof_type(p, e->ty, kw->loc, is_align);
}

/* unary = ("++" | "--") unary | ("&" | "*" | "-" | "+" | "!" | "~") cast
 *       | "sizeof" ... | "alignof" ... | postfix */
static Node *parse_unary(Parser *p) {
  Token *t = tok(p);
  NodeKind op;
  switch (t->kind) {
  case TK_INC: case TK_DEC: {
    next(p);
    Node *e = parse_unary(p);
    return sema_incdec(p, t->kind == TK_INC ? ND_PRE_INC : ND_PRE_DEC, e, t->loc);
  }
  case TK_AMP: op = ND_ADDR; break;
  case TK_STAR: op = ND_DEREF; break;
  case TK_MINUS: op = ND_NEG; break;
  case TK_PLUS: op = ND_ADD; break;
  case TK_NOT: op = ND_NOT; break;
  case TK_TILDE: op = ND_BITNOT; break;
  case KW_SIZEOF: return parse_sizeof(p, false);
  case KW_ALIGNOF: case KW_ALIGNOF_C: return parse_sizeof(p, true);
  case KW_EXTENSION: next(p); return parse_cast(p);
  case TK_LOGAND: return unsupported_expr(p, "address of label");
  default:
    if (t->kind == TK_IDENT && (token_is(t, "__alignof__") || token_is(t, "__alignof")))
      return parse_sizeof(p, true);
    return parse_postfix_ops(p, parse_primary(p));
  }
  next(p);
  Node *e = parse_cast(p);
  return sema_unary(p, op, e, t->loc);
}

/* cast = "(" type-name ")" cast | unary */
static Node *parse_cast(Parser *p) {
  if (!enter_nesting(p)) return err_node(p, tok(p)->loc);
  Node *n;
  if (at(p, TK_LPAREN) && is_typename(p, peek_at(p, 1))) {
    Loc loc = tok(p)->loc;
    next(p);
    Type *ty = parse_typename(p);
    expect(p, TK_RPAREN, NULL);
    if (at(p, TK_LBRACE)) {
      diag_unsupported(p->diag, loc, "compound literal");
      skip_balanced(p);
      n = err_node(p, loc);
    } else {
      n = sema_explicit_cast(p, parse_cast(p), ty, loc);
    }
  } else {
    n = parse_unary(p);
  }
  leave_nesting(p);
  return n;
}

/* ---- binary operators by precedence ------------------------------------------ */

static int binary_prec(TokenKind k, NodeKind *op) {
  switch (k) {
  case TK_LOGOR: *op = ND_LOGOR; return 1;
  case TK_LOGAND: *op = ND_LOGAND; return 2;
  case TK_PIPE: *op = ND_BITOR; return 3;
  case TK_CARET: *op = ND_BITXOR; return 4;
  case TK_AMP: *op = ND_BITAND; return 5;
  case TK_EQ: *op = ND_EQ; return 6;
  case TK_NE: *op = ND_NE; return 6;
  case TK_LT: *op = ND_LT; return 7;
  case TK_LE: *op = ND_LE; return 7;
  case TK_GT: *op = ND_GT; return 7;
  case TK_GE: *op = ND_GE; return 7;
  case TK_SHL: *op = ND_SHL; return 8;
  case TK_SHR: *op = ND_SHR; return 8;
  case TK_PLUS: *op = ND_ADD; return 9;
  case TK_MINUS: *op = ND_SUB; return 9;
  case TK_STAR: *op = ND_MUL; return 10;
  case TK_SLASH: *op = ND_DIV; return 10;
  case TK_PERCENT: *op = ND_MOD; return 10;
  default: return 0;
  }
}

/* binary = cast (binop cast)*, by precedence climbing (all left-assoc) */
static Node *parse_binary(Parser *p, int min_prec) {
  Node *lhs = parse_cast(p);
  for (;;) {
    NodeKind op;
    Token *t = tok(p);
    int prec = binary_prec(t->kind, &op);
    if (!prec || prec < min_prec) return lhs;
    if (p->no_gt && (t->kind == TK_GT || t->kind == TK_SHR)) return lhs;
    next(p);
    Node *rhs = parse_binary(p, prec + 1);
    lhs = sema_binary(p, op, lhs, rhs, t->loc);
    if (lhs->ty == p->err_ty && lhs->kind == ND_NUM) lhs->loc = t->loc;
  }
}

/* conditional = binary ("?" expr ":" assign)? */
Node *parse_cond_expr(Parser *p) {
  Node *c = parse_binary(p, 1);
  if (!at(p, TK_QUESTION)) return c;
  Loc loc = tok(p)->loc;
  next(p);
  if (!enter_nesting(p)) return err_node(p, loc);
  Node *t = parse_expr(p);
  expect(p, TK_COLON, NULL);
  Node *e = parse_assign(p);
  leave_nesting(p);
  return sema_cond(p, c, t, e, loc);
}

static bool assign_op(TokenKind k, NodeKind *op) {
  switch (k) {
  case TK_ADD_ASSIGN: *op = ND_ADD; return true;
  case TK_SUB_ASSIGN: *op = ND_SUB; return true;
  case TK_MUL_ASSIGN: *op = ND_MUL; return true;
  case TK_DIV_ASSIGN: *op = ND_DIV; return true;
  case TK_MOD_ASSIGN: *op = ND_MOD; return true;
  case TK_AND_ASSIGN: *op = ND_BITAND; return true;
  case TK_OR_ASSIGN: *op = ND_BITOR; return true;
  case TK_XOR_ASSIGN: *op = ND_BITXOR; return true;
  case TK_SHL_ASSIGN: *op = ND_SHL; return true;
  case TK_SHR_ASSIGN: *op = ND_SHR; return true;
  default: return false;
  }
}

/* assign = conditional (("=" | "+=" | ...) assign)? (right-assoc) */
Node *parse_assign(Parser *p) {
  if (!enter_nesting(p)) return err_node(p, tok(p)->loc);
  Node *lhs = parse_cond_expr(p);
  Token *t = tok(p);
  NodeKind op;
  if (t->kind == TK_ASSIGN) {
    next(p);
    Node *rhs = at(p, TK_LBRACE) ? NULL : parse_assign(p);
    if (!rhs) {
      diag_unsupported(p->diag, tok(p)->loc, "assignment from a braced list");
      skip_balanced(p);
      rhs = err_node(p, t->loc);
    }
    lhs = sema_assign(p, lhs, rhs, t->loc);
  } else if (assign_op(t->kind, &op)) {
    next(p);
    Node *rhs = parse_assign(p);
    lhs = sema_compound_assign(p, op, lhs, rhs, t->loc);
  }
  leave_nesting(p);
  return lhs;
}

/* expr = assign ("," assign)* */
Node *parse_expr(Parser *p) {
  Node *n = parse_assign(p);
  while (at(p, TK_COMMA)) {
    Loc loc = tok(p)->loc;
    next(p);
    n = sema_comma(p, n, parse_assign(p), loc);
  }
  return n;
}

/* A constant integer expression (array sizes, case labels, enumerators). */
int64_t parse_const_int(Parser *p, Loc *loc) {
  *loc = tok(p)->loc;
  Node *e = parse_cond_expr(p);
  int64_t v = 0;
  if (is_err(p, e)) return 0;
  if (!type_is_integer(e->ty) || !eval_int(p, e, &v)) {
    diag_error(p->diag, *loc, "expression is not an integer constant expression");
    return 0;
  }
  return v;
}
