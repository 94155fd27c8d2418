/* host_rewrite.c: the host pass's source-to-source step. Input is what
 * `c++ -E` made of a .cu file (line markers kept, CUDA specifiers still
 * visible); output is plain C++ for the host compiler: kernels become stubs
 * that hand their arguments to the runtime, device-only functions vanish,
 * device variables become registered host shadows, k<<<g, b, s, st>>>(a)
 * becomes a call. It works on tokens (lex_file) and copies all text between
 * edits verbatim, keeping the line count so line markers stay right. It
 * does not parse C++: declarations are found by brace/paren structure. */
#include "driver/options.h"
#include "front/token.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

typedef struct Edit {
  size_t start, end;  /* replace src[start, end) ... */
  const char *text;   /* ... with this (same number of newlines) */
  int seq;            /* creation order, to keep insertions stable */
} Edit;

typedef struct Marker {
  uint32_t ii_line;   /* line of the `# N "file"` marker in the -E output */
  uint32_t line;      /* N: the user line of the next line */
  const char *path;
} Marker;

typedef struct Rewriter {
  Arena *a;
  Diag *d;
  const char *unit;     /* the unit hash, for descriptor names */
  const char *src;      /* the -E output */
  Token *tok;           /* code tokens: directive lines left out */
  int ntok;             /* including the final TK_EOF */
  int i;                /* cursor of the declaration scanner */
  Vec(Edit) edits;      /* in the order made; sorted when applied */
  Vec(Edit) pragmas;    /* blanked #pragma unroll lines */
  Vec(Marker) markers;  /* in order of ii_line */
  Map files;            /* marker path -> Diag file index + 1 */
  int kernels, vars;    /* ordinals handed out so far */
  int tkernels;         /* template kernel definitions so far */
  const char *ns;       /* enclosing named namespaces ("a::b"), or NULL */
} Rewriter;

/* ---- tokens ------------------------------------------------------------ */

static bool is(const Token *t, const char *s) { return token_is(t, s); }
static bool is_ident(const Token *t) { return t->kind == TK_IDENT; }
static size_t off(const Rewriter *R, int k) { return (size_t)(R->tok[k].text - R->src); }
static size_t end_off(const Rewriter *R, int k) { return off(R, k) + (size_t)R->tok[k].len; }

static bool in_words(const Token *t, const char *const *words) {
  for (; *words; words++)
    if (is(t, *words)) return true;
  return false;
}

/* Identifiers whose parenthesis is not a declarator's parameter list. */
static const char *const attribute_words[] = {
    "__attribute__", "__attribute", "__declspec", "alignas", "_Alignas",
    "__align__", "__launch_bounds__", "__maxnreg__", "__cluster_dims__",
    "decltype", "__typeof__", "__typeof", "typeof", "sizeof", "alignof",
    "noexcept", "throw", "static_assert", "_Static_assert", "__asm__", "asm",
    "__asm", NULL};

/* Words that make up a type but never name a parameter. */
static const char *const type_words[] = {
    "void", "char", "short", "int", "long", "float", "double", "signed",
    "unsigned", "bool", "_Bool", "wchar_t", "char8_t", "char16_t", "char32_t",
    "auto", "const", "volatile", "restrict", "__restrict", "__restrict__",
    "struct", "class", "union", "enum", "typename", "__int128", "register",
    "__grid_constant__", NULL};

/* Qualifiers and keys that can precede a type name without being one. */
static const char *const prefix_words[] = {
    "const", "volatile", "restrict", "__restrict", "__restrict__", "struct",
    "class", "union", "enum", "typename", "register", "__grid_constant__",
    NULL};

/* Identifiers that end a postfix expression looking backwards. */
static const char *const stmt_words[] = {
    "return", "else", "do", "case", "throw", "new", "delete", "co_await",
    "co_return", "co_yield", "if", "while", "for", "switch", "sizeof",
    "alignof", "decltype", "typeid", "noexcept", "goto", "default", NULL};

static const char *const space_words[] = {
    "__global__", "__device__", "__host__", "__constant__", "__managed__",
    "__shared__", NULL};

/* Tokens that have no meaning on the host and are simply dropped. */
static const char *const drop_words[] = {
    "__global__", "__device__", "__host__", "__constant__", "__managed__",
    "__shared__", "__device_builtin__", "__cudart_builtin__",
    "__grid_constant__", NULL};

static const char *const drop_group_words[] = {
    "__launch_bounds__", "__maxnreg__", "__cluster_dims__", NULL};

/* ---- locations and errors ------------------------------------------------ */

/* Where the user should look for token k: its line in the file named by the
 * last line marker before it. */
static Loc loc_of(Rewriter *R, int k) {
  const Token *t = &R->tok[k];
  int lo = 0, hi = R->markers.len - 1, best = -1;
  while (lo <= hi) {
    int mid = (lo + hi) / 2;
    if (R->markers.data[mid].ii_line < t->loc.line) best = mid, lo = mid + 1;
    else hi = mid - 1;
  }
  if (best < 0) return (Loc){UINT32_MAX, 0, 0};
  Marker *m = &R->markers.data[best];
  uintptr_t idx = (uintptr_t)map_get(&R->files, m->path);
  if (!idx) {
    size_t len = 0;
    char *text = arena_read_file(R->a, m->path, &len);
    idx = diag_add_file(R->d, m->path, text, len) + 1;
    map_put(&R->files, m->path, (void *)idx);
  }
  return (Loc){(uint32_t)idx - 1, m->line + (t->loc.line - m->ii_line - 1), t->loc.col};
}

#define report(R, k, ...) diag_error((R)->d, loc_of((R), (k)), __VA_ARGS__)

/* ---- edits --------------------------------------------------------------- */

static void add_edit(Rewriter *R, size_t start, size_t end, const char *text) {
  Edit e = {start, end, text, R->edits.len};
  vec_push(R->a, &R->edits, e);
}

/* Drops the edits made so far inside a declaration that is now removed
 * as a whole. */
static void drop_edits_from(Rewriter *R, size_t start) {
  while (R->edits.len && R->edits.data[R->edits.len - 1].start >= start)
    R->edits.len--;
}

/* Text that stands in for removed source: its newlines, and the line
 * markers among them, so the lines after it keep their numbers. */
static char *blank_text(Rewriter *R, size_t start, size_t end) {
  StrBuf b = {0};
  for (size_t p = start; p < end; p++) {
    if (R->src[p] != '\n') continue;
    strbuf_putc(&b, '\n');
    const char *q = R->src + p + 1;
    if (q + 2 < R->src + end && q[0] == '#' && q[1] == ' ' && q[2] >= '0' && q[2] <= '9') {
      const char *e = q;
      while (e < R->src + end && *e != '\n') e++;
      strbuf_putn(&b, q, (size_t)(e - q));
      p = (size_t)(e - R->src) - 1;
    }
  }
  char *s = arena_strdup(R->a, b.data ? b.data : "");
  strbuf_free(&b);
  return s;
}

static void remove_range(Rewriter *R, size_t start, size_t end) {
  add_edit(R, start, end, blank_text(R, start, end));
}

/* Tokens from..to-1 as source text, verbatim. */
static char *source_text(Rewriter *R, int from, int to) {
  if (from >= to) return "";
  return arena_strndup(R->a, R->tok[from].text, end_off(R, to - 1) - off(R, from));
}

static int cmp_edit(const void *x, const void *y) {
  const Edit *a = x, *b = y;
  if (a->start != b->start) return a->start < b->start ? -1 : 1;
  if (a->end != b->end) return a->end < b->end ? -1 : 1;
  return a->seq - b->seq;
}

static void apply_edits(Rewriter *R, size_t len, StrBuf *out) {
  for (int k = 0; k < R->pragmas.len; k++) vec_push(R->a, &R->edits, R->pragmas.data[k]);
  if (R->edits.len) qsort(R->edits.data, (size_t)R->edits.len, sizeof(Edit), cmp_edit);
  size_t cur = 0;
  for (int k = 0; k < R->edits.len; k++) {
    Edit *e = &R->edits.data[k];
    if (e->start < cur && e->seq < 0) continue;  /* a pragma inside removed code */
    if (e->start < cur) ICE("overlapping host rewrite edits at offset %zu", e->start);
    strbuf_putn(out, R->src + cur, e->start - cur);
    strbuf_puts(out, e->text);
    cur = e->end;
  }
  strbuf_putn(out, R->src + cur, len - cur);
}

/* ---- matching ------------------------------------------------------------ */

static bool is_open(const Token *t) { return is(t, "(") || is(t, "[") || is(t, "{"); }
static bool is_close(const Token *t) { return is(t, ")") || is(t, "]") || is(t, "}"); }

/* Index of the bracket closing the one at k (any of ( [ {), or the EOF. */
static int match(const Rewriter *R, int k) {
  int depth = 0;
  for (int j = k; j < R->ntok - 1; j++) {
    if (is_open(&R->tok[j])) depth++;
    else if (is_close(&R->tok[j]) && --depth == 0) return j;
  }
  return R->ntok - 1;
}

/* Index of the bracket opening the one closed at k, or -1. */
static int match_back(const Rewriter *R, int k) {
  int depth = 0;
  for (int j = k; j >= 0; j--) {
    if (is_close(&R->tok[j])) depth++;
    else if (is_open(&R->tok[j]) && --depth == 0) return j;
  }
  return -1;
}

/* Index of the '<' of a template argument list ending at k ('>' or '>>'),
 * or -1 when it does not look like one. */
static int match_back_angle(const Rewriter *R, int k) {
  int depth = 0;
  for (int j = k; j >= 0; j--) {
    const Token *t = &R->tok[j];
    if (is(t, ">")) depth++;
    else if (is(t, ">>")) depth += 2;
    else if (is(t, ">>>")) depth += 3;
    else if (is(t, "<")) depth--;
    else if (is(t, ")") || is(t, "]")) j = match_back(R, j);
    else if (is(t, ";") || is(t, "{") || is(t, "}")) return -1;
    if (j < 0) return -1;
    if (depth == 0) return j > 0 && is_ident(&R->tok[j - 1]) ? j : -1;
  }
  return -1;
}

/* Index just past a template header `template <...>` starting at k. */
static int skip_template_header(const Rewriter *R, int k) {
  int j = k + 1, depth = 0;
  if (!is(&R->tok[j], "<")) return j;
  for (; j < R->ntok - 1; j++) {
    const Token *t = &R->tok[j];
    if (is(t, "<")) depth++;
    else if (is(t, ">")) depth--;
    else if (is(t, ">>")) depth -= 2;
    else if (is(t, ">>>")) depth -= 3;  /* `A<B<C<int>>>` lexes as >>> */
    else if (is_open(t)) j = match(R, j);
    if (depth <= 0) return j + 1;
  }
  return j;
}

/* ---- kernel launches -------------------------------------------------------- */

/* First token of the postfix expression that ends just before k: `k`,
 * `ns::k`, `::k`, `k<T>`, `(k)`, `table[i]`, `obj.fp`, `get()`. Walks back
 * over names joined by :: . -> and over bracket groups that may follow
 * what precedes them (a call after a name, an index after a name or call). */
static int callee_start(const Rewriter *R, int k) {
  int start = k, j = k - 1;
  while (j >= 0) {
    const Token *t = &R->tok[j];
    int first;
    if (is(t, ")") || is(t, "]")) first = match_back(R, j);
    else if (is(t, ">") || is(t, ">>")) first = match_back_angle(R, j);
    else if (is_ident(t) && !in_words(t, stmt_words)) first = j;
    else break;
    if (first < 0) break;
    start = first;
    j = first - 1;
    if (j < 0) break;
    const Token *p = &R->tok[j];
    if (is(p, "::") || is(p, ".") || is(p, "->")) {
      start = j--;
      if (j >= 0 && is(&R->tok[j], "template")) start = j--;
      continue;
    }
    if (is_ident(t)) break;  /* a name not joined by :: . -> begins the chain */
    bool name = is_ident(p) && !in_words(p, stmt_words);
    bool joined = is(t, ")")   ? name || is(p, ">") || is(p, "]")
                  : is(t, "]") ? name || is(p, ")") || is(p, "]")
                               : true;  /* `<...>` always follows its template's name */
    if (!joined) break;
  }
  return start;
}

/* Splits tokens from..to-1 at commas outside brackets; returns the count
 * and stores the comma positions (at most max). */
static int split_commas(const Rewriter *R, int from, int to, int *commas, int max) {
  int n = 0, angle = 0;
  for (int j = from; j < to; j++) {
    const Token *t = &R->tok[j];
    if (is_open(t)) { j = match(R, j); continue; }
    if (is(t, "<") && j > from && is_ident(&R->tok[j - 1])) angle++;
    else if (is(t, ">") && angle > 0) angle--;
    else if (is(t, ">>") && angle > 0) angle = angle > 1 ? angle - 2 : 0;
    else if (is(t, ">>>") && angle > 0) angle = angle > 2 ? angle - 3 : 0;
    else if (is(t, ",") && angle == 0) {
      if (n < max) commas[n] = j;
      n++;
    }
  }
  return n;
}

static int scan_code(Rewriter *R, int from, int to);

/* k<<<g, b, s, st>>>(args) -> (cuwaPushCallConfiguration(g, b, s, st) ?
 * (void)0 : k(args)). Returns the index after the launch. */
static int rewrite_launch(Rewriter *R, int k) {
  int close = -1, j;
  for (j = k + 1; j < R->ntok - 1; j++) {
    const Token *t = &R->tok[j];
    if (is(t, ">>>")) { close = j; break; }
    if (is_open(t)) j = match(R, j);
    else if (is(t, ";") || is_close(t)) break;
  }
  if (close < 0) {
    report(R, k, "expected '>>>' to end the kernel launch configuration");
    return k + 1;
  }
  int start = callee_start(R, k);
  if (start == k) report(R, k, "kernel launch without a kernel before '<<<'");
  int lp = close + 1;
  if (!is(&R->tok[lp], "(")) {
    report(R, close, "expected '(' after the kernel launch configuration");
    return lp;
  }
  int rp = match(R, lp);
  int commas[4];
  int nargs = close == k + 1 ? 0 : split_commas(R, k + 1, close, commas, 4) + 1;
  if (nargs < 2 || nargs > 4)
    report(R, k, "a kernel launch takes 2 to 4 configuration arguments, not %d", nargs);
  StrBuf b = {0};
  strbuf_printf(&b, "(cuwaPushCallConfiguration(%s", source_text(R, k + 1, close));
  for (int n = nargs; n < 4; n++) strbuf_puts(&b, ", 0");
  strbuf_printf(&b, ") ? (void)0 : %s", source_text(R, start, k));
  drop_edits_from(R, off(R, start));  /* the callee is copied as it was */
  add_edit(R, off(R, start), off(R, lp), arena_strdup(R->a, b.data));
  strbuf_free(&b);
  scan_code(R, lp + 1, rp);
  add_edit(R, end_off(R, rp), end_off(R, rp), ")");
  return rp + 1;
}

/* ---- tokens without host meaning -------------------------------------------- */

static bool near_inline(const Rewriter *R, int k) {
  for (int j = k - 4; j <= k + 4; j++)
    if (j >= 0 && j < R->ntok && j != k &&
        (is(&R->tok[j], "inline") || is(&R->tok[j], "__inline") || is(&R->tok[j], "__inline__")))
      return true;
  return false;
}

/* Rewrites the token at k if it is CUDA-only; returns the next index. */
static int map_token(Rewriter *R, int k) {
  const Token *t = &R->tok[k];
  if (!is_ident(t) || t->len < 6 || t->text[0] != '_' || t->text[1] != '_') return k + 1;
  if ((is(t, "__attribute__") || is(t, "__attribute")) && is(&R->tok[k + 1], "(")) {
    return match(R, k + 1) + 1;  /* GNU spellings like __noinline__ are fine there */
  } else if (in_words(t, drop_words)) {
    add_edit(R, off(R, k), end_off(R, k), "");
  } else if (in_words(t, drop_group_words) && is(&R->tok[k + 1], "(")) {
    int close = match(R, k + 1);
    remove_range(R, off(R, k), end_off(R, close));
    return close + 1;
  } else if (is(t, "__forceinline__")) {
    add_edit(R, off(R, k), end_off(R, k), near_inline(R, k) ? "" : "inline");
  } else if (is(t, "__noinline__")) {
    add_edit(R, off(R, k), end_off(R, k), "__attribute__((noinline))");
  } else if (is(t, "__align__") && is(&R->tok[k + 1], "(")) {
    int close = match(R, k + 1);
    add_edit(R, off(R, k), end_off(R, k), "__attribute__((aligned");
    add_edit(R, end_off(R, close), end_off(R, close), "))");
  }
  return k + 1;
}

/* Code in a function body, initializer or parenthesis: only launches and
 * CUDA-only tokens change. Returns to. */
static int scan_code(Rewriter *R, int from, int to) {
  for (int k = from; k < to;) {
    if (is(&R->tok[k], "<<<")) k = rewrite_launch(R, k);
    else k = map_token(R, k);
  }
  return to;
}

/* ---- declarations ------------------------------------------------------------ */

typedef struct DeclHead {
  int start;        /* first token of the declaration */
  int name_paren;   /* '(' of the declarator's parameter list, or -1 */
  int body;         /* '{' of a function body, or -1 */
  int end;          /* the ';' or the body's '}' */
  bool is_func;
  bool global, device, host, var_space, shared, is_extern;
} DeclHead;

/* Is the '(' at j the parameter list of a declarator (`f(`, `f<int>(`)? */
static bool is_name_paren(const Rewriter *R, int j) {
  int k = j - 1;
  if (k > 0 && (is(&R->tok[k], ">") || is(&R->tok[k], ">>"))) {
    int lt = match_back_angle(R, k);
    if (lt <= 0) return false;
    k = lt - 1;
  }
  const Token *p = &R->tok[k];
  return is_ident(p) && !in_words(p, attribute_words) && !in_words(p, type_words);
}

/* Finds the extent of the declaration starting at start and what it
 * declares. */
static DeclHead scan_head(const Rewriter *R, int start) {
  DeclHead h = {start, -1, -1, R->ntok - 1, false, false, false, false, false, false, false};
  bool assign = false, ctor_init = false;
  int j = is(&R->tok[start], "template") ? skip_template_header(R, start) : start;
  for (; j < R->ntok - 1; j++) {
    const Token *t = &R->tok[j];
    if (is(t, ";") || is(t, "}")) { h.end = j; break; }
    if (is(t, "=")) assign = true;
    else if (is(t, "operator")) h.is_func = true;
    else if (is(t, ":") && h.name_paren >= 0) ctor_init = true;
    else if (is(t, "__global__")) h.global = true;
    else if (is(t, "__device__")) h.device = true;
    else if (is(t, "__host__")) h.host = true;
    else if (is(t, "__constant__") || is(t, "__managed__")) h.var_space = true;
    else if (is(t, "__shared__")) h.shared = true;
    else if (is(t, "extern")) h.is_extern = true;
    if (is(t, "(") && h.name_paren < 0 && !assign && is_name_paren(R, j)) {
      h.name_paren = j;
      h.is_func = true;
    }
    if (is(t, "{") && h.is_func && !assign &&
        !(ctor_init && (is_ident(&R->tok[j - 1]) || is(&R->tok[j - 1], ">")))) {
      h.body = j;
      h.end = match(R, j);
      break;
    }
    if (is_open(t)) j = match(R, j);
  }
  return h;
}

/* The name a parameter (tokens from..to-1) declares, or -1; *insert gets
 * the token before which a name would go when there is none (to when it
 * goes at the end). */
static int param_name(const Rewriter *R, int from, int to, int *insert) {
  int end = to;
  for (int j = from; j < to; j++) {
    const Token *t = &R->tok[j];
    if (is(t, "=") || is(t, "[")) { end = j; break; }
    if (is(t, "(") && j + 1 < to && (is(&R->tok[j + 1], "*") || is(&R->tok[j + 1], "&") ||
                                     is(&R->tok[j + 1], "^"))) {
      int close = match(R, j);
      for (int m = close - 1; m > j; m--)
        if (is_ident(&R->tok[m]) && !in_words(&R->tok[m], type_words)) return m;
      *insert = close;
      return -1;
    }
    if (is_open(t)) j = match(R, j);
  }
  *insert = end;
  if (end == from) return -1;
  int c = end - 1;
  const Token *t = &R->tok[c];
  if (!is_ident(t) || in_words(t, type_words) || (c > from && is(&R->tok[c - 1], "::")))
    return -1;
  for (int j = from; j < c; j++)
    if (!in_words(&R->tok[j], prefix_words)) return c;
  return -1;
}

/* Parameter list of a kernel (parens at lp, rp): names unnamed parameters,
 * and builds the argument-address list and the parameter types. */
static void kernel_params(Rewriter *R, int lp, int rp, StrBuf *args, StrBuf *types) {
  int commas[256];
  int n = split_commas(R, lp + 1, rp, commas, 256) + 1;
  if (n > 256) {
    report(R, lp, "a kernel with more than 256 parameters is not supported");
    return;
  }
  if (rp == lp + 1 || (rp == lp + 2 && is(&R->tok[lp + 1], "void"))) {
    strbuf_puts(types, "void");
    return;
  }
  for (int p = 0; p < n; p++) {
    int from = p == 0 ? lp + 1 : commas[p - 1] + 1, to = p == n - 1 ? rp : commas[p];
    if (from < to && is(&R->tok[from], "...")) {
      report(R, from, "a kernel cannot take a variable number of arguments");
      continue;
    }
    int insert = to, name = param_name(R, from, to, &insert);
    const char *nm;
    if (name >= 0) {
      nm = token_text(R->a, &R->tok[name]);
    } else {
      nm = arena_printf(R->a, "cuwa_p%d", p);
      size_t at = insert < to ? off(R, insert) : end_off(R, to - 1);
      add_edit(R, at, at, arena_printf(R->a, " %s", nm));
    }
    strbuf_printf(args, "%s(void *)&%s", p ? ", " : "", nm);
    if (p) strbuf_puts(types, ", ");
    for (int j = from; j < to && !is(&R->tok[j], "="); j++) {
      if (is(&R->tok[j], "__grid_constant__")) continue;
      strbuf_printf(types, "%s%.*s", j > from ? " " : "", R->tok[j].len, R->tok[j].text);
    }
  }
}

/* __global__ definition -> host stub + registration. */
static void rewrite_kernel(Rewriter *R, const DeclHead *h) {
  int n = R->kernels++;
  int name_start = h->name_paren - 1;
  while (name_start >= 2 && is(&R->tok[name_start - 1], "::") && is_ident(&R->tok[name_start - 2]))
    name_start -= 2;
  const char *name = source_text(R, name_start, h->name_paren);
  const char *desc = arena_printf(R->a, "cuwa_kernel_%s_%d", R->unit, n);
  int rp = match(R, h->name_paren);
  StrBuf args = {0}, types = {0};
  scan_code(R, h->start, h->name_paren);
  kernel_params(R, h->name_paren, rp, &args, &types);
  scan_code(R, h->name_paren + 1, h->body);
  add_edit(R, off(R, h->start), off(R, h->start),
           arena_printf(R->a, "extern \"C\" const CuwaKernelDesc %s; ", desc));
  const char *body = args.len
      ? arena_printf(R->a, "{ void *cuwa_args[] = {%s}; cuwa_launch_stub(&%s, cuwa_args); }",
                     args.data, desc)
      : arena_printf(R->a, "{ cuwa_launch_stub(&%s, (void **)0); }", desc);
  add_edit(R, off(R, h->body), end_off(R, h->end),
           arena_printf(R->a, "%s%s", body, blank_text(R, off(R, h->body), end_off(R, h->end))));
  add_edit(R, end_off(R, h->end), end_off(R, h->end),
           arena_printf(R->a,
                        " __attribute__((unused)) static const int cuwa_reg_%d = "
                        "(cuwa_register_kernel_stub((const void *)static_cast<void (*)(%s)>(&%s), &%s), 0);",
                        n, types.data, name, desc));
  strbuf_free(&args);
  strbuf_free(&types);
}

/* The parameter names of a template header (`T`, `N`, `Ts...`) and the
 * header without default arguments (tokens lt+1..gt-1 are the list). */
static void template_param_names(Rewriter *R, int lt, int gt, StrBuf *names, StrBuf *plain) {
  int commas[64];
  int n = lt + 1 == gt ? 0 : split_commas(R, lt + 1, gt, commas, 64) + 1;
  for (int p = 0; p < n && p < 64; p++) {
    int from = p == 0 ? lt + 1 : commas[p - 1] + 1, to = p == n - 1 ? gt : commas[p];
    int end = to, name = -1;
    bool pack = false;
    for (int j = from; j < to; j++) {
      if (is(&R->tok[j], "=")) { end = j; break; }
      if (is(&R->tok[j], "...")) pack = true;
      if (is_open(&R->tok[j])) j = match(R, j);
      else if (is_ident(&R->tok[j]) && !in_words(&R->tok[j], type_words)) name = j;
    }
    const char *nm = name >= 0 ? token_text(R->a, &R->tok[name]) : "";
    strbuf_printf(names, "%s%s%s", p ? ", " : "", nm, pack ? "..." : "");
    strbuf_printf(plain, "%s%s", p ? ", " : "", source_text(R, from, end));
  }
}

/* template <...> __global__ definition -> a stub template. Its instances
 * find their kernel through cuwa_tk_<unit>_<n><args>::desc, a symbol the
 * host compiler leaves undefined and the driver defines from the device
 * pass (which instantiates what the host object refers to), and register
 * themselves through ::reg, which each instance of the stub uses. */
static void rewrite_template_kernel(Rewriter *R, const DeclHead *h) {
  int n = R->tkernels++;
  int hdr_end = skip_template_header(R, h->start);
  StrBuf names = {0}, plain = {0}, args = {0}, types = {0};
  template_param_names(R, h->start + 1, hdr_end - 1, &names, &plain);
  const char *hdr = source_text(R, h->start, hdr_end);
  const char *st = arena_printf(R->a, "cuwa_tk_%s_%d<%s>", R->unit, n, names.data ? names.data : "");
  const char *name = source_text(R, h->name_paren - 1, h->name_paren);
  int rp = match(R, h->name_paren);
  scan_code(R, h->start, h->name_paren);
  kernel_params(R, h->name_paren, rp, &args, &types);
  scan_code(R, h->name_paren + 1, h->body);
  add_edit(R, off(R, h->start), off(R, h->start),
           arena_printf(R->a, "%s struct cuwa_tk_%s_%d { static const CuwaKernelDesc *const desc; "
                        "static const int reg; }; ", hdr, R->unit, n));
  const char *body = arena_printf(
      R->a, "{ void *cuwa_args[] = {%s}; (void)%s::reg; cuwa_launch_stub(%s::desc, cuwa_args); }",
      args.len ? args.data : "0", st, st);
  add_edit(R, off(R, h->body), end_off(R, h->end),
           arena_printf(R->a, "%s%s", body, blank_text(R, off(R, h->body), end_off(R, h->end))));
  add_edit(R, end_off(R, h->end), end_off(R, h->end),
           arena_printf(R->a, " template <%s> const int %s::reg = (cuwa_register_kernel_stub("
                        "(const void *)&%s<%s>, %s::desc), 0);",
                        plain.data ? plain.data : "", st, name, names.data ? names.data : "", st));
  strbuf_free(&names);
  strbuf_free(&plain);
  strbuf_free(&args);
  strbuf_free(&types);
}

/* The names that declarators from..to-1 of a variable declaration declare. */
static void var_names(Rewriter *R, int from, int to, StrVec *names) {
  int commas[64];
  int n = split_commas(R, from, to, commas, 64) + 1;
  for (int p = 0; p < n && p <= 64; p++) {
    int s = p == 0 ? from : commas[p - 1] + 1, e = p == n - 1 || p == 64 ? to : commas[p];
    int name = -1;
    for (int j = s; j < e; j++) {
      const Token *t = &R->tok[j];
      if (is(t, "=") || is(t, "[") || is(t, "{") || (is(t, "(") && name >= 0)) break;
      if (is_open(t)) { j = match(R, j); continue; }
      if (is_ident(t) && !in_words(t, type_words) && !in_words(t, drop_words) &&
          !in_words(t, attribute_words) && !is(t, "static") && !is(t, "extern"))
        name = j;
    }
    if (name >= 0) vec_push(R->a, names, token_text(R->a, &R->tok[name]));
  }
}

/* __device__/__constant__/__managed__ variable -> host shadow registered
 * with the runtime (cudaMemcpyToSymbol finds the device copy through it). */
static void rewrite_var(Rewriter *R, const DeclHead *h) {
  scan_code(R, R->i, h->end);
  if (h->is_extern) return;  /* defined (and registered) in another unit */
  StrVec names = {0};
  var_names(R, h->start, h->end, &names);
  StrBuf pre = {0}, post = {0};
  for (int k = 0; k < names.len; k++) {
    int n = R->vars++;
    /* the device pass names a variable of namespace a::b "a::b::x", and
     * its descriptor cuwa_var_<unit>_a__b__x */
    const char *qn = R->ns ? arena_printf(R->a, "%s::%s", R->ns, names.data[k]) : names.data[k];
    char *san = arena_strdup(R->a, qn);
    for (char *c = san; *c; c++)
      if (*c == ':') *c = '_';
    const char *v = arena_printf(R->a, "cuwa_var_%s_%s", R->unit, san);
    strbuf_printf(&pre, "extern \"C\" CuwaVarDesc %s; ", v);
    strbuf_printf(&post,
                  " __attribute__((unused)) static const int cuwa_vreg_%d = "
                  "(cuwa_register_var_shadow((const void *)&%s, &%s), 0);",
                  n, names.data[k], v);
  }
  if (pre.len) {
    add_edit(R, off(R, h->start), off(R, h->start), arena_strdup(R->a, pre.data));
    add_edit(R, end_off(R, h->end), end_off(R, h->end), arena_strdup(R->a, post.data));
  }
  strbuf_free(&pre);
  strbuf_free(&post);
}

/* A declaration with a CUDA specifier at R->i; it started at start. Leaves
 * R->i where the declaration scanner should go on. */
static void rewrite_cuda_decl(Rewriter *R, int start) {
  DeclHead h = scan_head(R, start);
  bool removed = h.is_func && h.device && !h.host && !h.global;
  if (h.global && h.is_func && is(&R->tok[start], "template") && h.body >= 0 &&
      h.name_paren >= 0) {
    drop_edits_from(R, off(R, start));
    rewrite_template_kernel(R, &h);
    R->i = h.end + 1;
    return;
  }
  if (removed) {
    drop_edits_from(R, off(R, start));
    remove_range(R, off(R, start), end_off(R, h.end));
    R->i = h.end + 1;
  } else if (h.global && h.body >= 0 && h.name_paren >= 0) {
    drop_edits_from(R, off(R, start));
    rewrite_kernel(R, &h);
    R->i = h.end + 1;
  } else if (h.is_func) {
    /* a kernel prototype or a host (host device) function: drop the
     * specifiers; its body, if any, is host code */
    R->i = scan_code(R, R->i, h.body >= 0 ? h.body : h.end);
  } else if (h.device || h.var_space) {
    rewrite_var(R, &h);
    R->i = h.end;
  } else {
    R->i = map_token(R, R->i);
  }
}

/* Kind of scope a '{' at k opens, given the declaration that started at
 * start: 1 namespace or linkage block, 2 class body, 0 code. */
static int scope_kind(const Rewriter *R, int start, int k) {
  if (k - start == 2 && is(&R->tok[start], "extern") && R->tok[start + 1].kind == TK_STR)
    return 1;
  bool class_key = false;
  int j = is(&R->tok[start], "template") ? skip_template_header(R, start) : start;
  for (; j < k; j++) {
    const Token *t = &R->tok[j];
    if (is(t, "namespace")) return 1;
    if (is(t, "class") || is(t, "struct") || is(t, "union") || is(t, "enum")) class_key = true;
    if (is(t, "=")) return 0;
    if (is(t, "(") && !(j > 0 && in_words(&R->tok[j - 1], attribute_words))) return 0;
    if (is_open(t)) j = match(R, j);
  }
  return class_key ? 2 : 0;
}

/* The qualified name of the namespace whose '{' is at k ("a::b" for
 * `namespace a::b {` inside nothing); anonymous namespaces and linkage
 * blocks add nothing, as in the device pass. */
static const char *namespace_name(const Rewriter *R, int start, int k) {
  StrBuf b = {0};
  bool in_ns = false;
  for (int j = start; j < k; j++) {
    const Token *t = &R->tok[j];
    if (is(t, "namespace")) in_ns = true;
    else if (in_ns && is_ident(t) && !is(t, "inline") && !is(t, "__attribute__"))
      strbuf_printf(&b, "%s%.*s", b.len ? "::" : "", t->len, t->text);
    else if (is_open(t)) j = match(R, j);
  }
  const char *r = R->ns;
  if (b.len) r = R->ns ? arena_printf(R->a, "%s::%s", R->ns, b.data) : arena_strdup(R->a, b.data);
  strbuf_free(&b);
  return r;
}

static bool decl_has_assign(const Rewriter *R, int start, int k) {
  for (int j = start; j < k; j++) {
    if (is(&R->tok[j], "=")) return true;
    if (is_open(&R->tok[j])) j = match(R, j);
  }
  return false;
}

/* declarations = (declaration | scope '{' declarations '}')* ; stops at the
 * '}' that closes the enclosing scope, or the end. */
static void scan_decls(Rewriter *R) {
  int start = R->i;
  while (R->i < R->ntok - 1) {
    int k = R->i;
    const Token *t = &R->tok[k];
    if (is(t, "}")) return;
    if (is(t, ";")) {
      start = ++R->i;
    } else if ((is(t, "public") || is(t, "private") || is(t, "protected")) &&
               is(&R->tok[k + 1], ":")) {
      start = R->i = k + 2;
    } else if (is(t, "template")) {
      R->i = skip_template_header(R, k);
    } else if (in_words(t, space_words)) {
      rewrite_cuda_decl(R, start);
      if (R->i > k && is(&R->tok[R->i - 1], "}")) start = R->i;
      if (R->i > k && is(&R->tok[R->i - 1], ";")) start = R->i;
    } else if (is(t, "{")) {
      int kind = scope_kind(R, start, k);
      if (kind) {
        const char *outer_ns = R->ns;
        R->ns = namespace_name(R, start, k);
        R->i = k + 1;
        scan_decls(R);
        R->ns = outer_ns;
        if (R->i < R->ntok - 1) R->i++;  /* the '}' */
        if (kind == 1) start = R->i;
      } else {
        int close = match(R, k);
        scan_code(R, k + 1, close);
        R->i = close + 1;
        if (!decl_has_assign(R, start, k)) start = R->i;
      }
    } else if (is(t, "(") || is(t, "[")) {
      int close = match(R, k);
      R->i = scan_code(R, k + 1, close) + 1;
    } else if (is(t, "<<<")) {
      R->i = rewrite_launch(R, k);
    } else {
      R->i = map_token(R, k);
    }
  }
}

/* ---- input ------------------------------------------------------------------ */

/* Reads the path of a line marker's string token (escapes as cpp writes
 * them: \\ and \"). */
static const char *marker_path(Arena *a, const Token *t) {
  char *s = arena_alloc(a, (size_t)t->len + 1), *o = s;
  for (int j = 1; j < t->len - 1; j++) {
    if (t->text[j] == '\\' && j + 1 < t->len - 1) j++;
    *o++ = t->text[j];
  }
  *o = 0;
  return s;
}

/* Drops the directive lines from the lexed -E output (in place: the
 * output can have a million tokens), records its line markers, and blanks
 * `#pragma unroll` lines, which mean nothing to the host compiler. */
static void collect_tokens(Rewriter *R, TokenVec *all) {
  int w = 0;
  for (int k = 0; k < all->len;) {
    const Token *t = &all->data[k];
    if (t->kind != TK_HASH_LINE) {
      all->data[w++] = all->data[k++];
      continue;
    }
    int e = k + 1;
    while (e < all->len && !all->data[e].at_bol) e++;
    if (e - k >= 3 && all->data[k + 1].kind == TK_NUM && all->data[k + 2].kind == TK_STR) {
      Marker m = {t->loc.line, (uint32_t)strtoul(all->data[k + 1].text, NULL, 10),
                  marker_path(R->a, &all->data[k + 2])};
      vec_push(R->a, &R->markers, m);
    } else if (e - k >= 3 && is(&all->data[k + 1], "pragma") &&
               (is(&all->data[k + 2], "unroll") || is(&all->data[k + 2], "nounroll"))) {
      Edit blank = {(size_t)(t->text - R->src),
                    (size_t)(all->data[e - 1].text - R->src) + (size_t)all->data[e - 1].len,
                    "", -1};
      vec_push(R->a, &R->pragmas, blank);
    }
    k = e;
  }
  all->len = w;
  R->tok = all->data;
  R->ntok = w;
}

bool host_rewrite(Arena *a, Diag *d, const char *text, size_t len,
                  const char *unit, StrBuf *out) {
  Rewriter R = {0};
  R.a = a;
  R.d = d;
  R.unit = unit;
  R.src = text;
  map_init(&R.files, a);
  /* The host compiler has already accepted this text or will report its
   * problems itself, so the lexer's own complaints are not shown. */
  Diag quiet;
  diag_init(&quiet, a);
  quiet.suppress = true;
  TokenVec all = {0};
  lex_file(a, &quiet, 0, text, len, &all);
  collect_tokens(&R, &all);
  int errors = d->errors;
  while (R.i < R.ntok - 1) {
    scan_decls(&R);
    if (R.i < R.ntok - 1) R.i++;  /* a stray '}' */
  }
  if (d->errors > errors) return false;
  apply_edits(&R, len, out);
  return true;
}
