/* pp_expr.c: evaluates the controlling expression of #if and #elif
 * (C11 6.10.1) over tokens that preprocess.c has already macro-expanded and
 * in which defined/__has_include were replaced by 0/1. Arithmetic is done in
 * intmax_t/uintmax_t (64 bits) with C's usual arithmetic conversions; any
 * identifier left is 0. It does not expand macros, look anything up, or
 * accept floating-point values. */
#include "pp_expr.h"

#include <string.h>

typedef struct Val {
  uint64_t v;        /* the bits; read as int64_t unless is_unsigned */
  bool is_unsigned;  /* uintmax_t rather than intmax_t */
} Val;

typedef struct Eval {
  Diag *d;
  const Token *tok;  /* next token to read */
  int parens;        /* open '(' (bounded like clang's bracket depth) */
  int depth;         /* recursion through unary operators and ?: */
  int dead;          /* > 0 in an operand that is not evaluated (&&, ||, ?:) */
  bool failed;       /* an error was reported: unwind without more reports */
} Eval;

enum { MAX_PARENS = 256, MAX_DEPTH = 1024 };

static Val expr(Eval *e);

static Val fail(Eval *e, const Token *t, const char *fmt, ...)
    __attribute__((format(printf, 3, 4)));
static Val fail(Eval *e, const Token *t, const char *fmt, ...) {
  if (!e->failed) {
    va_list ap;
    va_start(ap, fmt);
    diag_report(e->d, DIAG_ERROR, t->loc, fmt, ap);
    va_end(ap);
  }
  e->failed = true;
  return (Val){0, false};
}

static int digit_value(char c) {
  if (c >= '0' && c <= '9') return c - '0';
  if (c >= 'a' && c <= 'z') return c - 'a' + 10;
  if (c >= 'A' && c <= 'Z') return c - 'A' + 10;
  return -1;
}

/* Integer suffixes: u, l, ll in any order and case (but not lL). */
static bool parse_suffix(const char *s, const char *end, bool *is_unsigned) {
  bool u = false, l = false;
  while (s < end) {
    if ((*s == 'u' || *s == 'U') && !u) {
      u = true;
      s++;
    } else if ((*s == 'l' || *s == 'L') && !l) {
      l = true;
      s += (s + 1 < end && s[1] == s[0]) ? 2 : 1;
    } else {
      return false;
    }
  }
  *is_unsigned = u;
  return true;
}

static bool is_float_number(const Token *t, bool hex) {
  for (int i = 0; i < t->len; i++) {
    char c = t->text[i];
    if (c == '.') return true;
    if (!hex && (c == 'e' || c == 'E')) return true;
    if (hex && (c == 'p' || c == 'P')) return true;
  }
  return false;
}

/* number = decimal, octal (0...), hex (0x...) or binary (0b...) integer
 * constant with an optional suffix; ' separates digits (C23, C++14). */
static Val parse_number(Eval *e, const Token *t) {
  const char *p = t->text, *end = p + t->len;
  int base = 10;
  if (end - p >= 2 && p[0] == '0' && (p[1] == 'x' || p[1] == 'X')) base = 16;
  else if (end - p >= 2 && p[0] == '0' && (p[1] == 'b' || p[1] == 'B')) base = 2;
  else if (p[0] == '0') base = 8;
  if (is_float_number(t, base == 16))
    return fail(e, t, "floating point literal in preprocessor expression");
  if (base == 16 || base == 2) p += 2;
  const char *digits = p;
  uint64_t v = 0;
  bool overflow = false;
  for (; p < end; p++) {
    if (*p == '\'') continue;
    int dv = digit_value(*p);
    if (dv < 0 || dv >= base) break;
    overflow |= v > (UINT64_MAX - (uint64_t)dv) / (uint64_t)base;
    v = v * (uint64_t)base + (uint64_t)dv;
  }
  if (p < end && base != 16 && *p >= '0' && *p <= '9')
    return fail(e, t, "invalid digit '%c' in %s constant", *p,
                base == 2 ? "binary" : base == 8 ? "octal" : "decimal");
  bool is_unsigned = false;
  if (p == digits || !parse_suffix(p, end, &is_unsigned)) {
    if (p == digits) p--;  /* "0x": clang names the 'x' */
    return fail(e, t, "invalid suffix '%.*s' on integer constant",
                (int)(end - p), p);
  }
  if (overflow)
    return fail(e, t, "integer literal is too large to be represented in "
                      "any integer type");
  if (!is_unsigned && v > (uint64_t)INT64_MAX) {
    if (base == 10 && !e->dead)
      diag_warning(e->d, t->loc, "integer literal is too large to be "
                   "represented in a signed integer type, interpreting as "
                   "unsigned");
    is_unsigned = true;
  }
  return (Val){v, is_unsigned};
}

/* Decodes one UTF-8 sequence at *p (a prefixed literal's source char). */
static uint32_t decode_utf8(const char **p, const char *end) {
  const unsigned char *s = (const unsigned char *)*p;
  int n = s[0] >= 0xf0 ? 3 : s[0] >= 0xe0 ? 2 : s[0] >= 0xc0 ? 1 : 0;
  uint32_t c = n ? s[0] & (0x3f >> n) : s[0];
  int i = 1;
  for (; i <= n && (const char *)s + i < end && (s[i] & 0xc0) == 0x80; i++)
    c = (c << 6) | (s[i] & 0x3f);
  *p += i;
  return c;
}

/* Reads one escape sequence after the backslash at *p. */
static uint32_t read_escape(const char **p, const char *end) {
  const char *s = *p + 1;
  uint32_t c = 0;
  if (s >= end) { *p = s; return '\\'; }
  if (*s >= '0' && *s <= '7') {
    for (int i = 0; i < 3 && s < end && *s >= '0' && *s <= '7'; i++)
      c = c * 8 + (uint32_t)(*s++ - '0');
  } else if (*s == 'x' || *s == 'u' || *s == 'U') {
    int max = *s == 'x' ? 64 : *s == 'u' ? 4 : 8;
    s++;
    for (int i = 0; i < max && s < end && digit_value(*s) >= 0 &&
                    digit_value(*s) < 16; i++)
      c = c * 16 + (uint32_t)digit_value(*s++);
  } else {
    static const char from[] = "abefnrtv", to[] = "\a\b\033\f\n\r\t\v";
    const char *k = strchr(from, *s);
    c = (k && *s) ? (uint32_t)(unsigned char)to[k - from]
                  : (uint32_t)(unsigned char)*s;
    s++;
  }
  *p = s;
  return c;
}

/* char = ('' | 'L' | 'u' | 'U' | 'u8') "'" c-char+ "'". Plain character
 * constants are int with a signed char value, as on x86-64. */
static Val parse_char(Eval *e, const Token *t) {
  const char *p = t->text, *end = t->text + t->len;
  bool plain = p[0] == '\'', wide = p[0] == 'L', utf8 = p[0] == 'u' && p[1] == '8';
  while (*p != '\'') p++;
  p++;
  int count = 0;
  uint64_t v = 0;
  while (p < end && *p != '\'') {
    uint32_t c = *p == '\\' ? read_escape(&p, end)
                 : plain   ? (uint32_t)(unsigned char)*p++
                           : decode_utf8(&p, end);
    v = plain ? (v << 8) | (c & 0xff) : c;
    count++;
  }
  if (p >= end) return fail(e, t, "missing terminating ' character");
  if (count == 0) return fail(e, t, "empty character constant");
  if (plain && count == 1) return (Val){(uint64_t)(int64_t)(signed char)v, false};
  if (plain) {
    if (!e->dead) diag_warning(e->d, t->loc, "multi-character character constant");
    return (Val){(uint64_t)(int64_t)(int32_t)(uint32_t)v, false};
  }
  if (utf8) return (Val){v & 0xff, false};
  if (wide) return (Val){(uint64_t)(int64_t)(int32_t)(uint32_t)v, false};
  return (Val){t->text[0] == 'u' ? (v & 0xffff) : (v & 0xffffffffu), false};
}

static bool is_binary_op(TokenKind k);

/* primary = "(" expr ")" | number | char | identifier */
static Val primary(Eval *e) {
  const Token *t = e->tok;
  switch (t->kind) {
  case TK_LPAREN: {
    if (++e->parens > MAX_PARENS)
      return fail(e, t, "bracket nesting level exceeded maximum of %d", MAX_PARENS);
    e->tok++;
    Val v = expr(e);
    e->parens--;
    if (e->failed) return v;
    if (e->tok->kind != TK_RPAREN) {
      fail(e, e->tok, "expected ')' in preprocessor expression");
      diag_note(e->d, t->loc, "to match this '('");
      return v;
    }
    e->tok++;
    return v;
  }
  case TK_NUM:
    e->tok++;
    return parse_number(e, t);
  case TK_CHAR:
    e->tok++;
    return parse_char(e, t);
  case TK_IDENT:
    e->tok++;
    if (t[1].kind == TK_LPAREN)
      return fail(e, t, "function-like macro '%.*s' is not defined", t->len, t->text);
    return (Val){token_is(t, "true") ? 1u : 0u, false};
  default:
    if (t->kind == TK_EOF || t->kind == TK_RPAREN || is_binary_op(t->kind))
      return fail(e, t, "expected value in expression");
    return fail(e, t, "invalid token at start of a preprocessor expression");
  }
}

/* unary = ("+" | "-" | "~" | "!") unary | primary */
static Val unary(Eval *e) {
  const Token *t = e->tok;
  if (t->kind != TK_PLUS && t->kind != TK_MINUS && t->kind != TK_TILDE &&
      t->kind != TK_NOT)
    return primary(e);
  if (++e->depth > MAX_DEPTH)
    return fail(e, t, "preprocessor expression is nested too deeply");
  e->tok++;
  Val v = unary(e);
  e->depth--;
  switch (t->kind) {
  case TK_PLUS: return v;
  case TK_MINUS: return (Val){0 - v.v, v.is_unsigned};
  case TK_TILDE: return (Val){~v.v, v.is_unsigned};
  case TK_NOT: return (Val){v.v == 0, false};
  default: ICE("unary operator %d", (int)t->kind);
  }
}

/* Binding strength of a binary operator (higher binds tighter); 0: none. */
static int binary_prec(TokenKind k) {
  switch (k) {
  case TK_STAR: case TK_SLASH: case TK_PERCENT: return 10;
  case TK_PLUS: case TK_MINUS: return 9;
  case TK_SHL: case TK_SHR: return 8;
  case TK_LT: case TK_GT: case TK_LE: case TK_GE: return 7;
  case TK_EQ: case TK_NE: return 6;
  case TK_AMP: return 5;
  case TK_CARET: return 4;
  case TK_PIPE: return 3;
  case TK_LOGAND: return 2;
  case TK_LOGOR: return 1;
  default: return 0;
  }
}

static bool is_binary_op(TokenKind k) { return binary_prec(k) > 0; }

/* Shifts: the type is the left operand's; counts outside 0..63 give what
 * shifting bit by bit would (C leaves them undefined; clang warns). */
static Val apply_shift(TokenKind op, Val l, Val r) {
  bool neg_count = !r.is_unsigned && (int64_t)r.v < 0;
  uint64_t n = r.v;
  bool neg_l = !l.is_unsigned && (int64_t)l.v < 0;
  if (neg_count || n >= 64)
    return (Val){op == TK_SHR && neg_l ? UINT64_MAX : 0, l.is_unsigned};
  if (op == TK_SHL) return (Val){l.v << n, l.is_unsigned};
  if (neg_l) return (Val){~(~l.v >> n), false};
  return (Val){l.v >> n, l.is_unsigned};
}

static Val apply_divide(Eval *e, const Token *op, Val l, Val r, bool u) {
  bool rem = op->kind == TK_PERCENT;
  if (r.v == 0) {
    if (e->dead) return (Val){0, u};
    return fail(e, op, "%s by zero in preprocessor expression",
                rem ? "remainder" : "division");
  }
  if (u) return (Val){rem ? l.v % r.v : l.v / r.v, true};
  int64_t a = (int64_t)l.v, b = (int64_t)r.v;
  if (a == INT64_MIN && b == -1) return (Val){rem ? 0 : l.v, false};
  return (Val){(uint64_t)(rem ? a % b : a / b), false};
}

static Val apply_binary(Eval *e, const Token *op, Val l, Val r) {
  bool u = l.is_unsigned || r.is_unsigned;  /* usual arithmetic conversions */
  int64_t a = (int64_t)l.v, b = (int64_t)r.v;
  switch (op->kind) {
  case TK_STAR: return (Val){l.v * r.v, u};
  case TK_SLASH: case TK_PERCENT: return apply_divide(e, op, l, r, u);
  case TK_PLUS: return (Val){l.v + r.v, u};
  case TK_MINUS: return (Val){l.v - r.v, u};
  case TK_SHL: case TK_SHR: return apply_shift(op->kind, l, r);
  case TK_LT: return (Val){u ? l.v < r.v : a < b, false};
  case TK_GT: return (Val){u ? l.v > r.v : a > b, false};
  case TK_LE: return (Val){u ? l.v <= r.v : a <= b, false};
  case TK_GE: return (Val){u ? l.v >= r.v : a >= b, false};
  case TK_EQ: return (Val){l.v == r.v, false};
  case TK_NE: return (Val){l.v != r.v, false};
  case TK_AMP: return (Val){l.v & r.v, u};
  case TK_CARET: return (Val){l.v ^ r.v, u};
  case TK_PIPE: return (Val){l.v | r.v, u};
  case TK_LOGAND: return (Val){l.v && r.v, false};
  case TK_LOGOR: return (Val){l.v || r.v, false};
  default: ICE("binary operator %d", (int)op->kind);
  }
}

/* binary = unary (binop unary)*, by precedence climbing; the right operand
 * of && and || is not evaluated when the left one decides. */
static Val binary(Eval *e, int min_prec) {
  Val lhs = unary(e);
  for (;;) {
    int prec = binary_prec(e->tok->kind);
    if (e->failed || prec == 0 || prec < min_prec) return lhs;
    const Token *op = e->tok++;
    bool skip = (op->kind == TK_LOGAND && lhs.v == 0) ||
                (op->kind == TK_LOGOR && lhs.v != 0);
    e->dead += skip;
    Val rhs = binary(e, prec + 1);
    e->dead -= skip;
    if (e->failed) return lhs;
    lhs = apply_binary(e, op, lhs, rhs);
  }
}

/* cond = binary ("?" expr ":" cond)? */
static Val cond(Eval *e) {
  Val c = binary(e, 1);
  if (e->failed || e->tok->kind != TK_QUESTION) return c;
  const Token *q = e->tok++;
  if (++e->depth > MAX_DEPTH)
    return fail(e, q, "preprocessor expression is nested too deeply");
  bool take = c.v != 0;
  e->dead += !take;
  Val a = expr(e);
  e->dead -= !take;
  if (e->failed) return a;
  if (e->tok->kind != TK_COLON) {
    fail(e, e->tok, "expected ':' in preprocessor expression");
    diag_note(e->d, q->loc, "to match this '?'");
    return a;
  }
  e->tok++;
  e->dead += take;
  Val b = cond(e);
  e->dead -= take;
  e->depth--;
  Val r = take ? a : b;
  r.is_unsigned = a.is_unsigned || b.is_unsigned;
  return r;
}

/* expr = cond ("," cond)* */
static Val expr(Eval *e) {
  Val v = cond(e);
  while (!e->failed && e->tok->kind == TK_COMMA) {
    e->tok++;
    v = cond(e);
  }
  return v;
}

bool pp_eval_expr(Diag *d, const Token *toks, Loc where, const char *directive,
                  bool *value) {
  *value = false;
  if (toks[0].kind == TK_EOF) {
    diag_error(d, where, "#%s with no expression", directive);
    return false;
  }
  Eval e = {d, toks, 0, 0, 0, false};
  Val v = expr(&e);
  if (!e.failed && e.tok->kind != TK_EOF)
    fail(&e, e.tok, "token is not a valid binary operator in a preprocessor "
                    "subexpression");
  *value = !e.failed && v.v != 0;
  return !e.failed;
}
