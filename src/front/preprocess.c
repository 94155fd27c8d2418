/* preprocess.c: the device pass's C preprocessor (chibicc preprocess.c
 * model): directives, macro expansion with hide sets, # and ##, __VA_OPT__,
 * #if through pp_expr.c, #include search through PPOptions and FileIO.
 * In: a path (read through FileIO); out: the parser's token vector with
 * keywords recognised. It does not concatenate string literals or read
 * literal values (the parser does), and it reads no file itself. */
#include "preprocess.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <time.h>

#include "pp_expr.h"

enum {
  MAX_INCLUDE_DEPTH = 200, /* clang's limit */
  MAX_ARG_DEPTH = 200,     /* macro calls nested in macro arguments */
  /* Tokens and hide-set nodes made may not exceed BUDGET_BASE +
   * BUDGET_PER_BYTE per byte of source read: this bounds blowups such as
   * F(F(F(...))) with #define F(x) x x, or a file that includes itself
   * twice, while real programs make a few tokens per byte. */
  BUDGET_BASE = 1 << 16,
  BUDGET_PER_BYTE = 32,
};

/* A token in the preprocessor's working list. The list is singly linked so
 * that expansions and #include splice in place (chibicc); each node is
 * owned by exactly one list. */
typedef enum { PT_NORMAL, PT_INCLUDE_END, PT_PLACEMARKER } PPTokKind;
typedef struct PPTok PPTok;
struct PPTok {
  Token t;
  PPTok *next;
  PPTokKind special; /* PT_INCLUDE_END has kind TK_EOF so loops stop there */
  bool paste_op;     /* a ## of a macro body (not one passed as argument) */
  bool checked;      /* literal termination checked (report once) */
};

typedef struct Hideset {
  struct Hideset *next;
  const char *name;
  int len;
} Hideset;

typedef enum {
  BI_NONE, BI_FILE, BI_LINE, BI_COUNTER, BI_DATE, BI_TIME, BI_INCLUDE_LEVEL,
  BI_BASE_FILE, BI_HAS_INCLUDE, BI_HAS_OTHER,
} Builtin;

typedef struct Macro {
  const char *name;
  int len;
  bool is_objlike;
  bool is_variadic;
  const Token **params; /* named parameters */
  int nparams;
  const char *va_name;  /* "__VA_ARGS__" or a GNU named variadic */
  int va_len;
  PPTok *body;          /* ends in TK_EOF */
  bool *raw_used;       /* per argument: an operand of # or ##, so its
                           tokens as written must outlive its expansion */
  Builtin builtin;
  bool predefined;      /* from the built-in buffer: redefinition is quiet */
  Loc loc;
} Macro;

typedef struct MacroArg {
  PPTok *raw;      /* as written, ends in TK_EOF */
  PPTok *expanded; /* fully macro-expanded, made on first use */
} MacroArg;

typedef struct FileInfo {
  const char *path;     /* as found: search dir + name */
  bool missing;         /* read() said it does not exist */
  const char *contents;
  size_t len;
  uint32_t index;       /* Loc.file */
  TokenVec toks;        /* lexed once, copied on each #include */
  bool system;          /* found in the device include dir */
  bool once;            /* #pragma once */
  const char *guard;    /* the file is one #ifndef guard ... #endif */
  int guard_len;
  const char *line_name; /* #line "name" */
  long line_delta;      /* #line N: added to physical lines */
} FileInfo;

typedef enum { IN_THEN, IN_ELIF, IN_ELSE } CondCtx;
typedef struct CondIncl {
  struct CondIncl *next;
  CondCtx ctx;
  PPTok *tok;    /* the directive name, for "unterminated" */
  bool included; /* some group of this #if was taken */
} CondIncl;

typedef struct IncludeFrame {
  struct IncludeFrame *next;
  FileInfo *file;
  int cond_base; /* cond_depth when the file was entered */
} IncludeFrame;

typedef struct Pushed {
  struct Pushed *next;
  Macro *m; /* NULL: was undefined */
} Pushed;

typedef struct PP {
  Arena *a;
  Diag *d;
  const FileIO *io;
  const PPOptions *opt;
  PPResult *out;
  Map macros;   /* name -> Macro* (NULL after #undef) */
  Map files;    /* resolved path -> FileInfo* */
  Map pushed;   /* #pragma push_macro stacks: name -> Pushed* */
  Vec(FileInfo *) by_index; /* Loc.file -> FileInfo (NULL: not ours) */
  CondIncl *cond;
  int cond_depth;
  IncludeFrame *frame;
  int include_depth;
  int in_if;    /* expanding a #if line: defined/__has_* are operators */
  int arg_depth;
  long made;    /* tokens and hide-set nodes made */
  long budget;  /* the most that may be made (see BUDGET_BASE) */
  bool over_budget_reported;
  int counter;  /* __COUNTER__ */
  const char *base_file;
  char date[64], time[64]; /* quoted __DATE__ and __TIME__ */
} PP;

static PPTok *expand_list(PP *pp, PPTok *tok, bool top);
static PPTok *do_directive(PP *pp, PPTok *hash);

/* ---- tokens and hide sets ------------------------------------------------ */

static bool over_budget(PP *pp) { return pp->made > pp->budget; }

/* Reports the token budget once; true if it is spent. */
static bool check_budget(PP *pp, Loc loc) {
  if (!over_budget(pp)) return false;
  if (!pp->over_budget_reported)
    diag_error(pp->d, loc, "macro expansion or #include produces more than %ld "
               "tokens", pp->budget);
  pp->over_budget_reported = true;
  return true;
}

static PPTok *new_tok(PP *pp, const PPTok *from) {
  PPTok *t = ARENA_NEW(pp->a, PPTok);
  if (from) *t = *from;
  t->next = NULL;
  pp->made++;
  return t;
}

static PPTok *new_eof(PP *pp, Loc loc) {
  PPTok *t = new_tok(pp, NULL);
  t->t.kind = TK_EOF;
  t->t.loc = t->t.origin = loc;
  t->t.text = "";
  t->t.at_bol = true;
  return t;
}

static bool is_ident(const PPTok *t, const char *s) {
  return t->t.kind == TK_IDENT && token_is(&t->t, s);
}

static bool same_text(const Token *a, const Token *b) {
  return a->len == b->len && memcmp(a->text, b->text, (size_t)a->len) == 0;
}

static Hideset *hideset_new(PP *pp, const char *name, int len, Hideset *next) {
  Hideset *h = ARENA_NEW(pp->a, Hideset);
  h->name = name;
  h->len = len;
  h->next = next;
  pp->made++;
  return h;
}

static bool hideset_contains(const Hideset *h, const char *s, int len) {
  for (; h; h = h->next)
    if (h->len == len && memcmp(h->name, s, (size_t)len) == 0) return true;
  return false;
}

static bool hideset_has_node(const Hideset *h, const Hideset *node) {
  for (; h; h = h->next)
    if (h == node) return true;
  return false;
}

/* a ∪ b: the names of a that b lacks, in front of b (which is shared). A
 * tail of a that is also a tail of b is not copied: nested expansions
 * (f(x) -> g(x) -> h(x) ...) then stay linear instead of growing hide
 * sets with duplicates. */
static Hideset *hideset_union(PP *pp, const Hideset *a, Hideset *b) {
  Hideset head = {0}, *cur = &head;
  for (; a && !hideset_has_node(b, a); a = a->next)
    if (!hideset_contains(b, a->name, a->len))
      cur = cur->next = hideset_new(pp, a->name, a->len, NULL);
  cur->next = b;
  return head.next;
}

static Hideset *hideset_intersection(PP *pp, Hideset *a, const Hideset *b) {
  if (a == b) return a;  /* the usual case: both from the same expansion */
  Hideset *out = NULL;
  for (; a; a = a->next)
    if (hideset_contains(b, a->name, a->len))
      out = hideset_new(pp, a->name, a->len, out);
  return out;
}

/* Copies list (up to, not including, TK_EOF or NULL); NULL if empty. */
static PPTok *copy_list(PP *pp, const PPTok *t, PPTok **last) {
  PPTok head = {0}, *cur = &head;
  for (; t && t->t.kind != TK_EOF && !over_budget(pp); t = t->next)
    cur = cur->next = new_tok(pp, t);
  if (last) *last = cur == &head ? NULL : cur;
  return head.next;
}

/* Copies list including its TK_EOF terminator. */
static PPTok *copy_list_eof(PP *pp, const PPTok *t) {
  PPTok *last, *list = copy_list(pp, t, &last);
  while (t->t.kind != TK_EOF) t = t->next;
  PPTok *eof = new_tok(pp, t);
  if (!list) return eof;
  last->next = eof;
  return list;
}

/* True if a string or character literal lacks its closing quote (the
 * lexer stops such a literal at the end of the line). */
static bool is_unterminated(const Token *t) {
  int i = 0;
  while (i < t->len && t->text[i] != '"' && t->text[i] != '\'') i++;
  if (i == t->len) return false;
  char q = t->text[i];
  for (i++; i < t->len; i++) {
    if (t->text[i] == '\\') i++;
    else if (t->text[i] == q) return false;
  }
  return true;
}

/* Unterminated literals are errors only where they are not skipped by #if,
 * so the lexer leaves them to us; each token is checked once. */
static void check_literal(PP *pp, PPTok *t) {
  if (t->checked) return;
  t->checked = true;
  if ((t->t.kind == TK_STR || t->t.kind == TK_CHAR) && is_unterminated(&t->t))
    diag_error(pp->d, t->t.loc, "missing terminating %c character",
               t->t.kind == TK_STR ? '"' : '\'');
}

/* ---- files ----------------------------------------------------------------- */

static FileInfo *file_of(PP *pp, Loc loc) {
  return loc.file < (uint32_t)pp->by_index.len ? pp->by_index.data[loc.file]
                                               : NULL;
}

/* Finds an include guard: the file's first directive is #ifndef X followed
 * by #define X, and its matching #endif is the last token (chibicc). */
static void detect_guard(FileInfo *f) {
  const Token *t = f->toks.data;
  int n = f->toks.len;
  if (n < 6 || t[0].kind != TK_HASH_LINE || !token_is(&t[1], "ifndef") ||
      t[2].kind != TK_IDENT || !t[3].at_bol || t[3].kind != TK_HASH_LINE ||
      !token_is(&t[4], "define") || !same_text(&t[2], &t[5]))
    return;
  int depth = 0;
  for (int i = 0; i + 1 < n; i++) {
    if (t[i].kind != TK_HASH_LINE || t[i + 1].at_bol) continue;
    const Token *d = &t[i + 1];
    if (token_is(d, "if") || token_is(d, "ifdef") || token_is(d, "ifndef")) {
      depth++;
    } else if (token_is(d, "endif") && --depth == 0) {
      if (i + 2 < n && t[i + 2].kind == TK_EOF) {
        f->guard = t[2].text;
        f->guard_len = t[2].len;
      }
      return;
    }
  }
}

/* Registers, lexes and caches a file's contents. */
static FileInfo *add_file(PP *pp, const char *path, const char *src,
                          size_t len, bool system) {
  FileInfo *f = ARENA_NEW(pp->a, FileInfo);
  f->path = path;
  f->contents = src;
  f->len = len;
  f->system = system;
  f->index = diag_add_file(pp->d, path, src, len);
  pp->budget += BUDGET_PER_BYTE * (long)len;
  while ((uint32_t)pp->by_index.len <= f->index)
    vec_push(pp->a, &pp->by_index, NULL);
  pp->by_index.data[f->index] = f;
  lex_file_pp(pp->a, pp->d, f->index, src, len, &f->toks);
  for (int i = 0; i < f->toks.len; i++) f->toks.data[i].from_system = system;
  detect_guard(f);
  return f;
}

static bool in_device_dir(PP *pp, const char *path) {
  const char *dir = pp->opt->device_include_dir;
  size_t n = dir ? strlen(dir) : 0;
  return n && strncmp(path, dir, n) == 0 && path[n] == '/';
}

/* Reads path through FileIO once; NULL if it does not exist. */
static FileInfo *open_file(PP *pp, const char *path) {
  FileInfo *f = map_get(&pp->files, path);
  if (f) return f->missing ? NULL : f;
  size_t len = 0;
  char *src = pp->io->read(pp->io->ctx, pp->a, path, &len);
  if (!src) {
    f = ARENA_NEW(pp->a, FileInfo);
    f->path = path;
    f->missing = true;
    map_put(&pp->files, path, f);
    return NULL;
  }
  f = add_file(pp, path, src, len, in_device_dir(pp, path));
  map_put(&pp->files, path, f);
  return f;
}

static const char *join_path(PP *pp, const char *dir, size_t dirlen,
                             const char *name) {
  if (dirlen == 0) return arena_strdup(pp->a, name);
  return arena_printf(pp->a, "%.*s/%s", (int)dirlen, dir, name);
}

/* "x": the including file's directory, then -I, then the device headers;
 * <x>: -I, then the device headers. */
static FileInfo *search_include(PP *pp, const char *name, bool quoted,
                                Loc from) {
  if (name[0] == '/') return open_file(pp, name);
  FileInfo *includer = file_of(pp, from);
  if (quoted && includer) {
    const char *slash = strrchr(includer->path, '/');
    size_t n = slash ? (size_t)(slash - includer->path) : 0;
    FileInfo *f = open_file(pp, slash && n == 0 ? arena_printf(pp->a, "/%s", name)
                                                : join_path(pp, includer->path, n, name));
    if (f) return f;
  }
  for (int i = 0; i < pp->opt->include_dir_count; i++) {
    const char *dir = pp->opt->include_dirs[i];
    FileInfo *f = open_file(pp, join_path(pp, dir, strlen(dir), name));
    if (f) return f;
  }
  const char *dev = pp->opt->device_include_dir;
  if (dev && *dev) return open_file(pp, join_path(pp, dev, strlen(dev), name));
  return NULL;
}

/* ---- macros ---------------------------------------------------------------- */

static Macro *find_macro(PP *pp, const PPTok *t) {
  if (t->t.kind != TK_IDENT) return NULL;
  return map_getn(&pp->macros, t->t.text, (size_t)t->t.len);
}

static void add_builtin(PP *pp, const char *name, Builtin b) {
  Macro *m = ARENA_NEW(pp->a, Macro);
  m->name = name;
  m->len = (int)strlen(name);
  m->is_objlike = true;
  m->builtin = b;
  m->predefined = true;
  map_put(&pp->macros, name, m);
}

static int param_index(const Macro *m, const PPTok *t) {
  if (t->t.kind != TK_IDENT) return -1;
  for (int i = 0; i < m->nparams; i++)
    if (same_text(m->params[i], &t->t)) return i;
  if (m->is_variadic && t->t.len == m->va_len &&
      memcmp(t->t.text, m->va_name, (size_t)m->va_len) == 0)
    return m->nparams;
  return -1;
}

static bool is_vaopt(const Macro *m, const PPTok *t) {
  return m->is_variadic && is_ident(t, "__VA_OPT__") &&
         t->next->t.kind == TK_LPAREN;
}

/* The ')' closing the '(' at t; the TK_EOF if there is none. */
static PPTok *vaopt_close(PPTok *t) {
  int depth = 0;
  for (; t->t.kind != TK_EOF; t = t->next) {
    if (t->t.kind == TK_LPAREN) depth++;
    else if (t->t.kind == TK_RPAREN && --depth == 0) return t;
  }
  return t;
}

/* A copy of a macro body token for one expansion: the user looks at the
 * use site (loc), the definition is kept in origin. */
static PPTok *copy_body(PP *pp, const PPTok *t, const PPTok *use) {
  PPTok *c = new_tok(pp, t);
  c->t.loc = use->t.loc;
  c->t.from_system = use->t.from_system;
  c->t.at_bol = false;
  c->t.hideset = NULL;
  c->checked = true;
  return c;
}

/* #x: the spelling of an argument as a string literal. */
static PPTok *stringize(PP *pp, const PPTok *hash, const PPTok *arg,
                        const PPTok *use) {
  StrBuf b = {0};
  strbuf_putc(&b, '"');
  for (const PPTok *t = arg; t && t->t.kind != TK_EOF; t = t->next) {
    pp->made++;  /* the text is as big as the argument: count it */
    if (t != arg && (t->t.has_space || t->t.at_bol)) strbuf_putc(&b, ' ');
    bool quote = t->t.kind == TK_STR || t->t.kind == TK_CHAR;
    for (int i = 0; i < t->t.len; i++) {
      char c = t->t.text[i];
      if (quote && (c == '"' || c == '\\')) strbuf_putc(&b, '\\');
      strbuf_putc(&b, c);
    }
  }
  strbuf_putc(&b, '"');
  PPTok *s = copy_body(pp, hash, use);
  s->t.kind = TK_STR;
  s->t.len = (int)b.len;
  s->t.text = arena_strndup(pp->a, b.data, b.len);
  s->paste_op = false;
  strbuf_free(&b);
  return s;
}

/* lhs ## rhs into lhs; false (and an error) if that is not one token. */
static bool paste_into(PP *pp, PPTok *lhs, const PPTok *rhs, const PPTok *op) {
  size_t n = (size_t)lhs->t.len + (size_t)rhs->t.len;
  char *buf = arena_alloc(pp->a, n + 1);
  memcpy(buf, lhs->t.text, (size_t)lhs->t.len);
  memcpy(buf + lhs->t.len, rhs->t.text, (size_t)rhs->t.len);
  Diag quiet;
  diag_init(&quiet, pp->a);
  quiet.suppress = true;
  TokenVec v = {0};
  lex_file_pp(pp->a, &quiet, lhs->t.loc.file, buf, n, &v);
  if (v.len != 2 || quiet.suppressed_errors || is_unterminated(&v.data[0])) {
    diag_error(pp->d, op->t.loc, "pasting formed '%s', an invalid "
               "preprocessing token", buf);
    return false;
  }
  lhs->t.kind = v.data[0].kind == TK_HASH_LINE ? TK_HASH : v.data[0].kind;
  lhs->t.text = buf;
  lhs->t.len = (int)n;
  lhs->special = PT_NORMAL;
  lhs->paste_op = false;
  return true;
}

/* Applies the ## operators of a substituted body, then drops placemarkers
 * (C11 6.10.3.3). */
static PPTok *paste_all(PP *pp, PPTok *list) {
  PPTok head = {0}, *cur = &head;
  for (PPTok *t = list, *next; t; t = next) {
    next = t->next;
    if (t->paste_op && cur != &head && next) {
      PPTok *rhs = next;
      next = rhs->next;
      if (cur->special == PT_PLACEMARKER) {
        cur->t = rhs->t;
        cur->special = rhs->special;
        cur->paste_op = false;
      } else if (rhs->special != PT_PLACEMARKER && !paste_into(pp, cur, rhs, t)) {
        cur = cur->next = rhs;
        rhs->paste_op = false;
        rhs->next = NULL;
      }
      continue;
    }
    t->paste_op = false;
    cur = cur->next = t;
    t->next = NULL;
  }
  return head.next;
}

/* Removes placemarkers from a list; returns its new head. */
static PPTok *drop_placemarkers(PPTok *list) {
  PPTok head = {0}, *cur = &head;
  for (PPTok *t = list; t; t = t->next)
    if (t->special != PT_PLACEMARKER) cur = cur->next = t;
  cur->next = NULL;
  return head.next;
}

/* The fully expanded argument i, made once. An argument that no # or ##
 * needs as written is expanded in place: copying it would make nested
 * calls f(f(f(x))) quadratic. */
static PPTok *expanded_arg(PP *pp, const Macro *m, MacroArg *args, int i,
                           const PPTok *use) {
  MacroArg *arg = &args[i];
  if (arg->expanded) return arg->expanded;
  if (pp->arg_depth >= MAX_ARG_DEPTH) {
    diag_error(pp->d, use->t.loc, "macro arguments nested too deeply");
    return arg->expanded = arg->raw;
  }
  pp->arg_depth++;
  PPTok *src = m->raw_used[i] ? copy_list_eof(pp, arg->raw) : arg->raw;
  arg->expanded = expand_list(pp, src, false);
  pp->arg_depth--;
  return arg->expanded;
}

static bool va_present(const Macro *m, const MacroArg *args) {
  return args && args[m->nparams].raw->t.kind != TK_EOF;
}

static PPTok *placemarker(PP *pp, const PPTok *use) {
  PPTok *p = copy_body(pp, use, use);
  p->special = PT_PLACEMARKER;
  p->paste_op = false;
  return p;
}

static PPTok *subst(PP *pp, const Macro *m, MacroArg *args, PPTok *tok,
                    PPTok *end, const PPTok *use);

/* True if tok, in a function-like body, is # applied to an operand. */
static bool is_stringize(const Macro *m, const PPTok *tok) {
  return !m->is_objlike && tok->t.kind == TK_HASH &&
         (is_vaopt(m, tok->next) || param_index(m, tok->next) >= 0);
}

/* #param or #__VA_OPT__(...) at hash: the string literal; *rest is the
 * body token after it. */
static PPTok *subst_stringize(PP *pp, const Macro *m, MacroArg *args,
                              PPTok *hash, PPTok **rest, const PPTok *use) {
  PPTok *op = hash->next, *src;
  if (is_vaopt(m, op)) {
    PPTok *close = vaopt_close(op->next);
    src = va_present(m, args) ? subst(pp, m, args, op->next->next, close, use)
                              : NULL;
    *rest = close->t.kind == TK_EOF ? close : close->next;
  } else {
    src = args[param_index(m, op)].raw;
    *rest = op->next;
  }
  return stringize(pp, hash, src, use);
}

/* The replacement of the parameter or __VA_OPT__(...) at tok: as written
 * next to ##, else fully expanded (C11 6.10.3.1); a placemarker if empty
 * next to ##, else NULL if empty. *rest: the body token after it. */
static PPTok *subst_operand(PP *pp, const Macro *m, MacroArg *args,
                            PPTok *tok, bool after_paste, PPTok **rest,
                            PPTok **last, const PPTok *use) {
  PPTok *item;
  bool pasted;
  if (is_vaopt(m, tok)) {
    PPTok *close = vaopt_close(tok->next);
    *rest = close->t.kind == TK_EOF ? close : close->next;
    pasted = after_paste || (*rest)->paste_op;
    item = va_present(m, args) ? subst(pp, m, args, tok->next->next, close, use)
                               : NULL;
    for (*last = item; *last && (*last)->next; *last = (*last)->next) {}
  } else {
    int i = param_index(m, tok);
    *rest = tok->next;
    pasted = after_paste || tok->next->paste_op;
    PPTok *src = pasted ? args[i].raw : expanded_arg(pp, m, args, i, use);
    item = copy_list(pp, src, last);
  }
  if (!item && pasted) item = *last = placemarker(pp, use);
  if (item) item->t.has_space = tok->t.has_space; /* the body's spacing */
  return item;
}

/* Replaces parameters in the body range [tok, end) of a use of m, then
 * applies ## and drops placemarkers (C11 6.10.3.1-3). */
static PPTok *subst(PP *pp, const Macro *m, MacroArg *args, PPTok *tok,
                    PPTok *end, const PPTok *use) {
  PPTok head = {0}, *cur = &head;
  bool after_paste = false; /* the previous body token was ## */
  while (tok != end && tok->t.kind != TK_EOF && !over_budget(pp)) {
    if (is_stringize(m, tok)) {
      cur = cur->next = subst_stringize(pp, m, args, tok, &tok, use);
      after_paste = false;
    } else if (m->is_variadic && tok->t.kind == TK_COMMA && tok->next->paste_op &&
               param_index(m, tok->next->next) == m->nparams) {
      /* GNU: , ## __VA_ARGS__ drops the comma if there are no arguments */
      if (va_present(m, args)) cur = cur->next = copy_body(pp, tok, use);
      tok = va_present(m, args) ? tok->next->next : tok->next->next->next;
      after_paste = false;
    } else if (args && (is_vaopt(m, tok) || param_index(m, tok) >= 0)) {
      PPTok *last = NULL;
      PPTok *item = subst_operand(pp, m, args, tok, after_paste, &tok, &last, use);
      if (item) {
        cur->next = item;
        cur = last;
      }
      after_paste = false;
    } else {
      cur = cur->next = copy_body(pp, tok, use);
      after_paste = tok->paste_op;
      tok = tok->next;
    }
  }
  cur->next = NULL;
  return drop_placemarkers(paste_all(pp, head.next));
}

static void add_hideset(PP *pp, PPTok *list, Hideset *hs) {
  for (PPTok *t = list; t; t = t->next)
    t->t.hideset = hideset_union(pp, t->t.hideset, hs);
}

/* Too many or too few arguments (a variadic macro's may be left out). */
static bool check_arg_count(PP *pp, const Macro *m, int nargs,
                            const PPTok *extra, const PPTok *rparen) {
  if (nargs > m->nparams + (m->is_variadic ? 1 : 0)) {
    diag_error(pp->d, extra->t.loc, "too many arguments provided to "
               "function-like macro invocation");
    return false;
  }
  if (nargs < m->nparams) {
    diag_error(pp->d, rparen->t.loc, "too few arguments provided to "
               "function-like macro invocation");
    return false;
  }
  return true;
}

/* Reads the arguments of a call of m at name (name->next is '('); the
 * tokens are moved, not copied, into the argument lists. NULL after an
 * error, with *rest after the call. */
static MacroArg *read_macro_args(PP *pp, const Macro *m, PPTok *name,
                                 PPTok **rparen, PPTok **rest) {
  int slots = m->nparams + (m->is_variadic ? 1 : 0);
  MacroArg *args = ARENA_ARRAY(pp->a, MacroArg, slots + 1);
  int nargs = 0, depth = 0;
  bool empty_call = false; /* f(): one empty argument */
  PPTok head = {0}, *cur = &head, *tok = name->next->next, *extra = NULL;
  for (;;) {
    if (tok->t.kind == TK_HASH_LINE) { /* directive inside the arguments */
      tok = do_directive(pp, tok);
      continue;
    }
    if (tok->t.kind == TK_EOF) {
      diag_error(pp->d, name->t.loc, "unterminated function-like macro "
                 "invocation");
      *rest = tok;
      return NULL;
    }
    check_literal(pp, tok);
    bool split = tok->t.kind == TK_COMMA &&
                 !(m->is_variadic && nargs >= m->nparams);
    if (depth == 0 && (tok->t.kind == TK_RPAREN || split)) {
      if (nargs == 0) empty_call = !head.next && tok->t.kind == TK_RPAREN;
      cur->next = new_eof(pp, tok->t.loc);
      if (nargs < slots) args[nargs].raw = head.next;
      nargs++;
      head.next = NULL;
      cur = &head;
      if (tok->t.kind == TK_RPAREN) break;
      tok = tok->next;
      continue;
    }
    if (tok->t.kind == TK_LPAREN) depth++;
    else if (tok->t.kind == TK_RPAREN) depth--;
    if (nargs >= slots && !extra) extra = tok;  /* an argument too many */
    PPTok *next = tok->next;
    cur = cur->next = tok;
    tok = next;
  }
  *rparen = tok;
  *rest = tok->next;
  for (int i = 0; i < slots; i++)
    if (!args[i].raw) args[i].raw = new_eof(pp, tok->t.loc);
  if (slots == 0 && empty_call) return args;
  return check_arg_count(pp, m, nargs, extra ? extra : tok, tok) ? args : NULL;
}

/* The token a builtin macro (__FILE__, __LINE__, ...) stands for. */
static PPTok *builtin_token(PP *pp, const Macro *m, const PPTok *use) {
  PPTok *t = new_tok(pp, use);
  FileInfo *f = file_of(pp, use->t.loc);
  const char *text = NULL;
  t->t.kind = TK_NUM;
  t->checked = true;
  switch (m->builtin) {
  case BI_FILE:
  case BI_BASE_FILE: {
    const char *name = m->builtin == BI_BASE_FILE ? pp->base_file
                       : !f ? "<built-in>" : f->line_name ? f->line_name : f->path;
    StrBuf b = {0};
    strbuf_putc(&b, '"');
    for (const char *p = name; *p; p++) {
      if (*p == '"' || *p == '\\') strbuf_putc(&b, '\\');
      strbuf_putc(&b, *p);
    }
    strbuf_putc(&b, '"');
    text = arena_strdup(pp->a, b.data);
    strbuf_free(&b);
    t->t.kind = TK_STR;
    break;
  }
  case BI_LINE:
    text = arena_printf(pp->a, "%ld", (long)use->t.loc.line + (f ? f->line_delta : 0));
    break;
  case BI_COUNTER: text = arena_printf(pp->a, "%d", pp->counter++); break;
  case BI_INCLUDE_LEVEL: text = arena_printf(pp->a, "%d", pp->include_depth); break;
  case BI_DATE: text = arena_strdup(pp->a, pp->date); t->t.kind = TK_STR; break;
  case BI_TIME: text = arena_strdup(pp->a, pp->time); t->t.kind = TK_STR; break;
  default: ICE("builtin macro %d", (int)m->builtin);
  }
  t->t.text = text;
  t->t.len = (int)strlen(text);
  return t;
}

/* Expands the macro named by tok, if it is one and not hidden; the
 * expansion is spliced in front of the rest, which *rest then points at. */
static bool expand_macro(PP *pp, PPTok **rest, PPTok *tok) {
  Macro *m = find_macro(pp, tok);
  if (!m || hideset_contains(tok->t.hideset, tok->t.text, tok->t.len))
    return false;
  if (m->builtin == BI_HAS_INCLUDE || m->builtin == BI_HAS_OTHER) return false;
  if (m->builtin) {
    PPTok *t = builtin_token(pp, m, tok);
    t->next = tok->next;
    *rest = t;
    return true;
  }
  if (!m->is_objlike && tok->next->t.kind != TK_LPAREN) return false;
  if (check_budget(pp, tok->t.loc)) return false;
  Hideset *hs;
  MacroArg *args = NULL;
  PPTok *after;
  if (m->is_objlike) {
    hs = hideset_new(pp, m->name, m->len, tok->t.hideset);
    after = tok->next;
  } else {
    PPTok *rparen;
    args = read_macro_args(pp, m, tok, &rparen, &after);
    if (!args) {
      *rest = after;
      return true;
    }
    hs = hideset_intersection(pp, tok->t.hideset, rparen->t.hideset);
    hs = hideset_new(pp, m->name, m->len, hs);
  }
  PPTok *body = subst(pp, m, args, m->body, NULL, tok);
  if (!body) {
    *rest = after;
    return true;
  }
  add_hideset(pp, body, hs);
  body->t.at_bol = tok->t.at_bol;
  body->t.has_space = tok->t.has_space;
  PPTok *last = body;
  while (last->next) last = last->next;
  last->next = after;
  *rest = body;
  return true;
}

/* ---- directive lines ------------------------------------------------------- */

/* Copies the rest of a directive line (from tok to the next line start)
 * into a TK_EOF-terminated list; *rest is the next line. */
static PPTok *copy_line(PP *pp, PPTok *tok, PPTok **rest, const PPTok *dir,
                        bool check) {
  PPTok head = {0}, *cur = &head;
  const PPTok *last = dir;
  for (; !tok->t.at_bol; tok = tok->next) {
    if (check) check_literal(pp, tok);
    cur = cur->next = new_tok(pp, tok);
    last = tok;
  }
  Loc end = last->t.loc;
  end.col += (uint32_t)last->t.len;
  cur->next = new_eof(pp, end);
  *rest = tok;
  return head.next;
}

static PPTok *skip_line(PPTok *tok) {
  while (!tok->t.at_bol) tok = tok->next;
  return tok;
}

/* Warns about tokens after a directive's operands (clang's wording). */
static PPTok *end_directive(PP *pp, PPTok *tok, const PPTok *dir) {
  if (!tok->t.at_bol)
    diag_warning(pp->d, tok->t.loc, "extra tokens at end of #%.*s directive",
                 dir->t.len, dir->t.text);
  return skip_line(tok);
}

/* Skips a group excluded by #if: returns the '#' of the #elif, #else or
 * #endif that ends it, or the end of the file. Iterative so that deep
 * nesting cannot exhaust the stack. */
static PPTok *skip_cond(PPTok *tok) {
  int depth = 0;
  for (; tok->t.kind != TK_EOF; tok = tok->next) {
    if (tok->t.kind != TK_HASH_LINE || tok->next->t.at_bol) continue;
    const Token *d = &tok->next->t;
    if (token_is(d, "if") || token_is(d, "ifdef") || token_is(d, "ifndef")) {
      depth++;
    } else if (token_is(d, "endif")) {
      if (depth-- == 0) return tok;
    } else if (depth == 0 &&
               (token_is(d, "elif") || token_is(d, "else") ||
                token_is(d, "elifdef") || token_is(d, "elifndef"))) {
      return tok;
    }
  }
  return tok;
}

static void push_cond(PP *pp, PPTok *dir, bool included) {
  CondIncl *c = ARENA_NEW(pp->a, CondIncl);
  c->next = pp->cond;
  c->ctx = IN_THEN;
  c->tok = dir;
  c->included = included;
  pp->cond = c;
  pp->cond_depth++;
}

static void pop_cond(PP *pp) {
  pp->cond = pp->cond->next;
  pp->cond_depth--;
}

/* True if there is an #if of the current file to match an #else etc. */
static bool has_cond(PP *pp) {
  return pp->cond && pp->cond_depth > (pp->frame ? pp->frame->cond_base : 0);
}

/* A macro name operand: an identifier, not `defined`. NULL after error. */
static PPTok *read_macro_name(PP *pp, PPTok *tok, const PPTok *dir) {
  if (tok->t.at_bol || tok->t.kind == TK_EOF) {
    diag_error(pp->d, tok->t.at_bol ? dir->t.loc : tok->t.loc,
               "macro name missing");
    return NULL;
  }
  if (tok->t.kind != TK_IDENT) {
    diag_error(pp->d, tok->t.loc, "macro name must be an identifier");
    return NULL;
  }
  if (token_is(&tok->t, "defined")) {
    diag_error(pp->d, tok->t.loc, "'defined' cannot be used as a macro name");
    return NULL;
  }
  return tok;
}

/* The operand of __has_include / #include: "x" or <x> (from the tokens at
 * *tok, a TK_EOF-terminated list). NULL if malformed. */
static char *read_header_name(PP *pp, PPTok **tok, bool *quoted) {
  PPTok *t = *tok;
  if (t->t.kind == TK_STR && t->t.text[0] == '"') {
    *quoted = true;
    *tok = t->next;
    if (t->t.len < 2 || t->t.text[t->t.len - 1] != '"') return NULL;
    return arena_strndup(pp->a, t->t.text + 1, (size_t)t->t.len - 2);
  }
  if (t->t.kind != TK_LT) return NULL;
  StrBuf b = {0};
  for (t = t->next; t->t.kind != TK_GT; t = t->next) {
    if (t->t.kind == TK_EOF) {
      strbuf_free(&b);
      return NULL;
    }
    if (t->t.has_space && b.len) strbuf_putc(&b, ' ');
    strbuf_putn(&b, t->t.text, (size_t)t->t.len);
  }
  *tok = t->next;
  *quoted = false;
  char *name = arena_strdup(pp->a, b.data ? b.data : "");
  strbuf_free(&b);
  return name;
}

/* defined X, defined(X) at tok; *t is moved past it. False after error. */
static bool eval_defined(PP *pp, PPTok **t, bool *value) {
  PPTok *p = (*t)->next;
  bool paren = p->t.kind == TK_LPAREN;
  if (paren) p = p->next;
  if (p->t.kind != TK_IDENT) {
    diag_error(pp->d, p->t.loc, p->t.kind == TK_EOF ? "macro name missing"
               : "macro name must be an identifier");
    return false;
  }
  *value = find_macro(pp, p) != NULL;
  p = p->next;
  if (paren && p->t.kind != TK_RPAREN) {
    diag_error(pp->d, p->t.loc, "missing ')' after 'defined'");
    return false;
  }
  *t = paren ? p->next : p;
  return true;
}

/* __has_include("x") or (<x>), or any other __has_*(...) (always 0: cuwa
 * claims no attributes, builtins or features). */
static bool eval_has(PP *pp, PPTok **t, const Macro *m, bool *value) {
  PPTok *op = *t, *p = op->next;
  if (p->t.kind != TK_LPAREN) {
    diag_error(pp->d, op->t.loc, "missing '(' after '%.*s'", op->t.len, op->t.text);
    return false;
  }
  if (m->builtin == BI_HAS_INCLUDE) {
    bool quoted;
    p = p->next;
    char *name = read_header_name(pp, &p, &quoted);
    if (!name || !*name) {
      diag_error(pp->d, p->t.loc, "expected \"FILENAME\" or <FILENAME>");
      return false;
    }
    *value = search_include(pp, name, quoted, op->t.loc) != NULL;
  } else {
    for (int depth = 0; p->t.kind != TK_EOF; p = p->next) {
      if (p->t.kind == TK_LPAREN) depth++;
      else if (p->t.kind == TK_RPAREN && --depth == 0) break;
    }
  }
  if (p->t.kind != TK_RPAREN) {
    diag_error(pp->d, p->t.loc, "missing ')' after '%.*s'", op->t.len, op->t.text);
    return false;
  }
  *t = p->next;
  return true;
}

/* In #if: `defined X`, `defined(X)`, __has_include(...) and the other
 * __has_* operators become 1 or 0. NULL if tok is none of them. After an
 * error the rest of the line is dropped (one error per line). */
static PPTok *eval_if_operator(PP *pp, PPTok **rest, PPTok *tok) {
  Macro *m = find_macro(pp, tok);
  bool is_defined = token_is(&tok->t, "defined");
  if (!is_defined && (!m || (m->builtin != BI_HAS_INCLUDE &&
                             m->builtin != BI_HAS_OTHER)))
    return NULL;
  PPTok *num = new_tok(pp, tok), *t = tok;
  bool value = false;
  bool ok = is_defined ? eval_defined(pp, &t, &value) : eval_has(pp, &t, m, &value);
  if (!ok)
    for (t = tok; t->t.kind != TK_EOF;) t = t->next;
  num->t.kind = TK_NUM;
  num->t.text = value ? "1" : "0";
  num->t.len = 1;
  *rest = t;
  return num;
}

/* Evaluates the expression of #if/#elif at dir; *rest: the next line. */
static bool eval_if(PP *pp, PPTok *dir, PPTok **rest) {
  PPTok *line = copy_line(pp, dir->next, rest, dir, true);
  pp->in_if++;
  PPTok *expr = expand_list(pp, line, false);
  pp->in_if--;
  int n = 1;
  for (PPTok *t = expr; t->t.kind != TK_EOF; t = t->next) n++;
  Token *arr = ARENA_ARRAY(pp->a, Token, n);
  int i = 0;
  for (PPTok *t = expr;; t = t->next) {
    arr[i++] = t->t;
    if (t->t.kind == TK_EOF) break;
  }
  char *name = token_text(pp->a, &dir->t);
  bool value;
  pp_eval_expr(pp->d, arr, dir->t.loc, name, &value);
  return value;
}

/* ---- directives ---------------------------------------------------------- */

static bool same_macro(const Macro *a, const Macro *b) {
  if (a->is_objlike != b->is_objlike || a->is_variadic != b->is_variadic ||
      a->nparams != b->nparams || a->builtin || b->builtin)
    return false;
  for (int i = 0; i < a->nparams; i++)
    if (!same_text(a->params[i], b->params[i])) return false;
  const PPTok *x = a->body, *y = b->body;
  for (; x->t.kind != TK_EOF && y->t.kind != TK_EOF; x = x->next, y = y->next)
    if (!same_text(&x->t, &y->t) || x->t.kind != y->t.kind ||
        (x != a->body && x->t.has_space != y->t.has_space))
      return false;
  return x->t.kind == TK_EOF && y->t.kind == TK_EOF;
}

/* Parameter list of a function-like macro, after its '('. */
static bool read_params(PP *pp, Macro *m, PPTok **tok) {
  Vec(const Token *) params = {0};
  PPTok *t = *tok;
  for (;;) {
    if (t->t.kind == TK_RPAREN && !t->t.at_bol) break;
    if (params.len && !t->t.at_bol) {
      if (t->t.kind != TK_COMMA) {
        diag_error(pp->d, t->t.loc, "expected comma in macro parameter list");
        return false;
      }
      t = t->next;
    }
    if (t->t.kind == TK_ELLIPSIS && !t->t.at_bol) {
      m->is_variadic = true;
      m->va_name = "__VA_ARGS__";
      m->va_len = 11;
      t = t->next;
    } else if (t->t.kind == TK_IDENT && !t->t.at_bol) {
      for (int i = 0; i < params.len; i++)
        if (same_text(params.data[i], &t->t)) {
          diag_error(pp->d, t->t.loc, "duplicate macro parameter name '%.*s'",
                     t->t.len, t->t.text);
          return false;
        }
      if (t->next->t.kind == TK_ELLIPSIS && !t->next->t.at_bol) {
        m->is_variadic = true;  /* GNU named variadic: args... */
        m->va_name = t->t.text;
        m->va_len = t->t.len;
        t = t->next->next;
      } else {
        vec_push(pp->a, &params, &t->t);
        t = t->next;
        continue;
      }
    } else {
      diag_error(pp->d, t->t.loc,
                 t->t.at_bol || t->t.kind == TK_EOF
                     ? "missing ')' in macro parameter list"
                     : "invalid token in macro parameter list");
      return false;
    }
    if (t->t.kind != TK_RPAREN || t->t.at_bol) {
      diag_error(pp->d, t->t.loc, "missing ')' in macro parameter list");
      return false;
    }
    break;
  }
  m->params = params.data;
  m->nparams = params.len;
  *tok = t->next;
  return true;
}

/* Checks # and ## and __VA_OPT__ in a body (clang's wordings). */
static bool check_body(PP *pp, const Macro *m) {
  const PPTok *b = m->body;
  if (b->t.kind == TK_HASHHASH) {
    diag_error(pp->d, b->t.loc, "'##' cannot appear at either end of a macro "
               "expansion");
    return false;
  }
  for (PPTok *t = m->body; t->t.kind != TK_EOF; t = t->next) {
    if (t->t.kind == TK_HASHHASH && t->next->t.kind == TK_EOF) {
      diag_error(pp->d, t->t.loc, "'##' cannot appear at either end of a "
                 "macro expansion");
      return false;
    }
    if (!m->is_objlike && t->t.kind == TK_HASH && param_index(m, t->next) < 0 &&
        !is_vaopt(m, t->next)) {
      diag_error(pp->d, t->t.loc, "'#' is not followed by a macro parameter");
      return false;
    }
    if (m->is_variadic && is_ident(t, "__VA_OPT__")) {
      if (t->next->t.kind != TK_LPAREN) {
        diag_error(pp->d, t->t.loc, "missing '(' following __VA_OPT__");
        return false;
      }
      PPTok *close = vaopt_close(t->next);
      if (close->t.kind == TK_EOF) {
        diag_error(pp->d, t->t.loc, "unterminated __VA_OPT__");
        return false;
      }
      for (PPTok *u = t->next; u != close; u = u->next)
        if (is_ident(u, "__VA_OPT__")) {
          diag_error(pp->d, u->t.loc, "__VA_OPT__ cannot be nested");
          return false;
        }
    }
  }
  return true;
}

/* Marks the parameters that are operands of # or ## (see raw_used). */
static void mark_raw_params(PP *pp, Macro *m) {
  m->raw_used = ARENA_ARRAY(pp->a, bool, m->nparams + 1);
  const PPTok *prev = NULL;
  for (const PPTok *t = m->body; t->t.kind != TK_EOF; prev = t, t = t->next) {
    int i = -1, j = -1;
    if ((t->t.kind == TK_HASH && !m->is_objlike) || t->paste_op)
      i = param_index(m, t->next);
    if (t->paste_op && prev) j = param_index(m, prev);
    if (i >= 0) m->raw_used[i] = true;
    if (j >= 0) m->raw_used[j] = true;
  }
}

static PPTok *do_define(PP *pp, PPTok *dir) {
  PPTok *name = read_macro_name(pp, dir->next, dir), *tok;
  if (!name) return skip_line(dir->next);
  Macro *m = ARENA_NEW(pp->a, Macro);
  m->name = name->t.text;
  m->len = name->t.len;
  m->loc = name->t.loc;
  m->predefined = file_of(pp, name->t.loc) == NULL;
  tok = name->next;
  m->is_objlike = !(tok->t.kind == TK_LPAREN && !tok->t.has_space &&
                    !tok->t.at_bol);
  if (!m->is_objlike) {
    tok = tok->next;
    if (!read_params(pp, m, &tok)) return skip_line(tok);
  }
  PPTok *rest;
  m->body = copy_line(pp, tok, &rest, dir, true);
  for (PPTok *t = m->body; t->t.kind != TK_EOF; t = t->next)
    t->paste_op = t->t.kind == TK_HASHHASH;
  if (!check_body(pp, m)) return rest;
  mark_raw_params(pp, m);
  Macro *old = map_getn(&pp->macros, m->name, (size_t)m->len);
  if (old && !old->predefined && !old->builtin && !same_macro(old, m)) {
    diag_warning(pp->d, name->t.loc, "'%.*s' macro redefined", m->len, m->name);
    diag_note(pp->d, old->loc, "previous definition is here");
  }
  map_putn(&pp->macros, m->name, (size_t)m->len, m);
  return rest;
}

static PPTok *do_undef(PP *pp, PPTok *dir) {
  PPTok *name = read_macro_name(pp, dir->next, dir);
  if (!name) return skip_line(dir->next);
  map_putn(&pp->macros, name->t.text, (size_t)name->t.len, NULL);
  return end_directive(pp, name->next, dir);
}

/* Splices the tokens of f in front of rest, ending in a marker that pops
 * the include frame. */
static PPTok *enter_file(PP *pp, FileInfo *f, PPTok *rest) {
  PPTok head = {0}, *cur = &head;
  for (int i = 0; i < f->toks.len; i++) {
    PPTok *t = new_tok(pp, NULL);
    t->t = f->toks.data[i];
    if (t->t.kind == TK_EOF) t->special = PT_INCLUDE_END;
    cur = cur->next = t;
  }
  cur->next = rest;
  IncludeFrame *fr = ARENA_NEW(pp->a, IncludeFrame);
  fr->next = pp->frame;
  fr->file = f;
  fr->cond_base = pp->cond_depth;
  pp->frame = fr;
  pp->include_depth++;
  return head.next;
}

static void leave_file(PP *pp) {
  for (; pp->cond_depth > pp->frame->cond_base; pop_cond(pp))
    diag_error(pp->d, pp->cond->tok->t.loc, "unterminated conditional directive");
  pp->frame = pp->frame->next;
  pp->include_depth--;
}

static PPTok *do_include(PP *pp, PPTok *dir) {
  PPTok *rest, *line = copy_line(pp, dir->next, &rest, dir, true);
  if (line->t.kind != TK_STR && line->t.kind != TK_LT)
    line = expand_list(pp, line, false);  /* #include MACRO */
  bool quoted = false;
  PPTok *after = line;
  char *name = read_header_name(pp, &after, &quoted);
  if (!name || !*name) {
    if (!(line->t.kind == TK_STR && is_unterminated(&line->t)))
      diag_error(pp->d, line->t.loc,
                 name ? "empty filename" : "expected \"FILENAME\" or <FILENAME>");
    return rest;
  }
  if (after->t.kind != TK_EOF)
    diag_warning(pp->d, after->t.loc, "extra tokens at end of #%.*s directive",
                 dir->t.len, dir->t.text);
  if (pp->include_depth >= MAX_INCLUDE_DEPTH) {
    diag_error(pp->d, dir->t.loc, "#include nested too deeply");
    return rest;
  }
  FileInfo *f = search_include(pp, name, quoted, dir->t.loc);
  if (!f) { /* host-only header: the host compiler has it (or reports it) */
    vec_push(pp->a, &pp->out->host_headers, name);
    vec_push(pp->a, &pp->out->host_header_locs, dir->t.loc);
    /* the integer types it would have brought (uint64_t, size_t, uint) */
    f = quoted ? NULL : search_include(pp, "cuwa_host_types.h", false, dir->t.loc);
    if (!f || f->once || (f->guard && map_getn(&pp->macros, f->guard, (size_t)f->guard_len)))
      return rest;
    return enter_file(pp, f, rest);
  }
  if (f->once || (f->guard && map_getn(&pp->macros, f->guard, (size_t)f->guard_len)))
    return rest;
  if (check_budget(pp, dir->t.loc)) return rest;
  return enter_file(pp, f, rest);
}

/* #line N ["file"] and GNU's # N "file" flags. */
static PPTok *do_line(PP *pp, PPTok *dir, PPTok *num) {
  PPTok *rest, *line = copy_line(pp, num, &rest, dir, true);
  if (line->t.kind != TK_NUM) line = expand_list(pp, line, false);
  unsigned long n = 0;
  bool ok = line->t.kind == TK_NUM;
  for (int i = 0; ok && i < line->t.len; i++) {
    ok = line->t.text[i] >= '0' && line->t.text[i] <= '9' && n < 2147483647ul;
    n = n * 10 + (unsigned long)(line->t.text[i] - '0');
  }
  if (!ok || n > 2147483647ul) {
    diag_error(pp->d, line->t.loc, "#line directive requires a simple digit "
               "sequence");
    return rest;
  }
  FileInfo *f = file_of(pp, dir->t.loc);
  PPTok *file = line->next;
  if (file->t.kind != TK_EOF &&
      (file->t.kind != TK_STR || file->t.text[0] != '"' || is_unterminated(&file->t))) {
    diag_error(pp->d, file->t.loc, "invalid filename for #line directive");
    return rest;
  }
  if (!f) return rest;
  f->line_delta = (long)n - (long)(dir->t.loc.line + 1);
  if (file->t.kind == TK_STR)
    f->line_name = arena_strndup(pp->a, file->t.text + 1, (size_t)file->t.len - 2);
  return rest;
}

/* #pragma push_macro("X") / pop_macro("X"). */
static void push_pop_macro(PP *pp, PPTok *t, bool push) {
  if (t->t.kind != TK_LPAREN || t->next->t.kind != TK_STR ||
      t->next->t.len < 2 || t->next->t.text[0] != '"')
    return;
  const Token *s = &t->next->t;
  const char *name = s->text + 1;
  size_t len = (size_t)s->len - 2;
  Pushed *top = map_getn(&pp->pushed, name, len);
  if (push) {
    Pushed *p = ARENA_NEW(pp->a, Pushed);
    p->m = map_getn(&pp->macros, name, len);
    p->next = top;
    map_putn(&pp->pushed, name, len, p);
  } else if (top) {
    map_putn(&pp->macros, name, len, top->m);
    map_putn(&pp->pushed, name, len, top->next);
  }
}

/* #pragma once and push/pop_macro are understood; every other pragma
 * (unroll, GCC ..., nv_diag ...) is dropped. */
static PPTok *do_pragma(PP *pp, PPTok *dir) {
  PPTok *t = dir->next;
  if (!t->t.at_bol && is_ident(t, "once")) {
    FileInfo *f = file_of(pp, dir->t.loc);
    if (f) f->once = true;
  } else if (!t->t.at_bol && (is_ident(t, "push_macro") || is_ident(t, "pop_macro"))) {
    push_pop_macro(pp, t->next, is_ident(t, "push_macro"));
  }
  return skip_line(t);
}

/* #error / #warning: the rest of the line as written. */
static PPTok *do_message(PP *pp, PPTok *dir, bool error) {
  PPTok *first = dir->next, *t = first, *last = NULL;
  for (; !t->t.at_bol; t = t->next) last = t;
  int len = last ? (int)(last->t.text + last->t.len - first->t.text) : 0;
  if (last && (len < 0 || last->t.loc.file != first->t.loc.file)) len = first->t.len;
  const char *kw = error ? "error" : "warning";
  if (error)
    diag_error(pp->d, dir->t.loc, "#%s%s%.*s", kw, len ? " " : "", len,
               last ? first->t.text : "");
  else
    diag_warning(pp->d, dir->t.loc, "#%s%s%.*s", kw, len ? " " : "", len,
                 last ? first->t.text : "");
  return t;
}

static PPTok *do_ifdef(PP *pp, PPTok *dir, bool want_defined) {
  PPTok *name = read_macro_name(pp, dir->next, dir);
  bool value = name && (find_macro(pp, name) != NULL) == want_defined;
  push_cond(pp, dir, value);
  PPTok *rest = name ? end_directive(pp, name->next, dir) : skip_line(dir->next);
  return value ? rest : skip_cond(rest);
}

/* #elif, #elifdef, #elifndef. */
static PPTok *do_elif(PP *pp, PPTok *dir) {
  if (!has_cond(pp)) {
    diag_error(pp->d, dir->t.loc, "#%.*s without #if", dir->t.len, dir->t.text);
    return skip_line(dir->next);
  }
  if (pp->cond->ctx == IN_ELSE)
    diag_error(pp->d, dir->t.loc, "#%.*s after #else", dir->t.len, dir->t.text);
  pp->cond->ctx = IN_ELIF;
  PPTok *rest;
  if (pp->cond->included) return skip_cond(skip_line(dir->next));
  bool value;
  if (token_is(&dir->t, "elif")) {
    value = eval_if(pp, dir, &rest);
  } else {
    PPTok *name = read_macro_name(pp, dir->next, dir);
    value = name && (find_macro(pp, name) != NULL) == token_is(&dir->t, "elifdef");
    rest = name ? end_directive(pp, name->next, dir) : skip_line(dir->next);
  }
  pp->cond->included = value;
  return value ? rest : skip_cond(rest);
}

static PPTok *do_else(PP *pp, PPTok *dir) {
  if (!has_cond(pp)) {
    diag_error(pp->d, dir->t.loc, "#else without #if");
    return skip_line(dir->next);
  }
  if (pp->cond->ctx == IN_ELSE) diag_error(pp->d, dir->t.loc, "#else after #else");
  pp->cond->ctx = IN_ELSE;
  PPTok *rest = end_directive(pp, dir->next, dir);
  return pp->cond->included ? skip_cond(rest) : rest;
}

static PPTok *do_endif(PP *pp, PPTok *dir) {
  if (!has_cond(pp)) {
    diag_error(pp->d, dir->t.loc, "#endif without #if");
    return skip_line(dir->next);
  }
  pop_cond(pp);
  return end_directive(pp, dir->next, dir);
}

/* Handles the directive starting at hash; returns the token after it. */
static PPTok *do_directive(PP *pp, PPTok *hash) {
  PPTok *dir = hash->next;
  if (dir->t.at_bol) return dir; /* null directive */
  if (dir->t.kind == TK_NUM) return do_line(pp, dir, dir);
  if (is_ident(dir, "define")) return do_define(pp, dir);
  if (is_ident(dir, "undef")) return do_undef(pp, dir);
  if (is_ident(dir, "include") || is_ident(dir, "include_next"))
    return do_include(pp, dir);
  if (is_ident(dir, "if")) {
    PPTok *rest;
    bool value = eval_if(pp, dir, &rest);
    push_cond(pp, dir, value);
    return value ? rest : skip_cond(rest);
  }
  if (is_ident(dir, "ifdef")) return do_ifdef(pp, dir, true);
  if (is_ident(dir, "ifndef")) return do_ifdef(pp, dir, false);
  if (is_ident(dir, "elif") || is_ident(dir, "elifdef") || is_ident(dir, "elifndef"))
    return do_elif(pp, dir);
  if (is_ident(dir, "else")) return do_else(pp, dir);
  if (is_ident(dir, "endif")) return do_endif(pp, dir);
  if (is_ident(dir, "line")) return do_line(pp, dir, dir->next);
  if (is_ident(dir, "pragma")) return do_pragma(pp, dir);
  if (is_ident(dir, "error")) return do_message(pp, dir, true);
  if (is_ident(dir, "warning")) return do_message(pp, dir, false);
  if (is_ident(dir, "ident") || is_ident(dir, "sccs")) return skip_line(dir);
  diag_error(pp->d, dir->t.loc, "invalid preprocessing directive #%.*s",
             dir->t.len, dir->t.text);
  return skip_line(dir);
}

/* _Pragma("...") is dropped like #pragma; returns the token after it. */
static PPTok *skip_pragma_operator(PP *pp, PPTok *tok) {
  PPTok *p = tok->next;
  if (p->t.kind == TK_LPAREN && p->next->t.kind == TK_STR &&
      p->next->next->t.kind == TK_RPAREN)
    return p->next->next->next;
  diag_error(pp->d, tok->t.loc, "_Pragma takes a parenthesized string literal");
  return tok->next;
}

/* ---- the main loop ------------------------------------------------------- */

/* Expands a TK_EOF-terminated list. At top level it also runs directives
 * and leaves included files at their end markers. */
static PPTok *expand_list(PP *pp, PPTok *tok, bool top) {
  PPTok head = {0}, *cur = &head;
  for (;;) {
    if (tok->t.kind == TK_EOF) {
      if (!top || tok->special != PT_INCLUDE_END) break;
      leave_file(pp);
      tok = tok->next;
      continue;
    }
    if (top && tok->t.kind == TK_HASH_LINE) {
      tok = do_directive(pp, tok);
      continue;
    }
    if (tok->t.kind == TK_IDENT) {
      PPTok *v = pp->in_if ? eval_if_operator(pp, &tok, tok) : NULL;
      if (v) {
        cur = cur->next = v;
        continue;
      }
      if (expand_macro(pp, &tok, tok)) continue;
      if (!pp->in_if && is_ident(tok, "_Pragma")) {
        tok = skip_pragma_operator(pp, tok);
        continue;
      }
    }
    check_literal(pp, tok);
    cur = cur->next = tok;
    tok = tok->next;
  }
  cur->next = tok;
  return head.next;
}

/* ---- setup --------------------------------------------------------------- */

static void put_define(StrBuf *b, const char *def) {
  const char *eq = strchr(def, '=');
  strbuf_puts(b, "#define ");
  if (!eq) {
    strbuf_puts(b, def);
    strbuf_puts(b, " 1\n");
    return;
  }
  strbuf_putn(b, def, (size_t)(eq - def));
  strbuf_putc(b, ' ');
  for (const char *p = eq + 1; *p; p++) strbuf_putc(b, *p == '\n' ? ' ' : *p);
  strbuf_putc(b, '\n');
}

/* The built-in buffer: predefined macros as nvcc's device compilation sees
 * them, then -D and -U, then the implicit #include. */
static char *builtin_text(const PPOptions *opt) {
  static const char *const predefined[] = {
      "__CUDACC__ 1", "__NVCC__ 1", "__CUDACC_VER_MAJOR__ 13",
      "__CUDACC_VER_MINOR__ 0", "__CUDACC_VER_BUILD__ 0", "__CUWA__ 1",
      "__cplusplus 201703L", "__STDC__ 1", "__STDC_HOSTED__ 1",
      "__x86_64__ 1", "__x86_64 1", "__amd64__ 1", "__LP64__ 1", "_LP64 1",
      "__linux__ 1", "__linux 1", "__unix__ 1", "__unix 1", "__ELF__ 1",
      "__GNUC__ 12", "__GNUC_MINOR__ 2", "__GNUC_PATCHLEVEL__ 0",
      "__CHAR_BIT__ 8", "__SIZEOF_SHORT__ 2", "__SIZEOF_INT__ 4",
      "__SIZEOF_LONG__ 8", "__SIZEOF_POINTER__ 8", "__SIZEOF_LONG_LONG__ 8",
      "__SIZEOF_FLOAT__ 4", "__SIZEOF_DOUBLE__ 8", "__SIZEOF_SIZE_T__ 8",
      "__SIZEOF_WCHAR_T__ 4", "__SCHAR_MAX__ 0x7f", "__SHRT_MAX__ 0x7fff",
      "__INT_MAX__ 0x7fffffff", "__LONG_MAX__ 0x7fffffffffffffffL",
      "__LONG_LONG_MAX__ 0x7fffffffffffffffLL",
      "__SIZE_MAX__ 0xffffffffffffffffUL", "__ORDER_LITTLE_ENDIAN__ 1234",
      "__ORDER_BIG_ENDIAN__ 4321", "__ORDER_PDP_ENDIAN__ 3412",
      "__BYTE_ORDER__ __ORDER_LITTLE_ENDIAN__",
  };
  StrBuf b = {0};
  for (size_t i = 0; i < sizeof predefined / sizeof predefined[0]; i++)
    strbuf_printf(&b, "#define %s\n", predefined[i]);
  strbuf_printf(&b, "#define __CUDA_ARCH__ %d\n", opt->cuda_arch > 0 ? opt->cuda_arch : 750);
  for (int i = 0; i < opt->define_count; i++) put_define(&b, opt->defines[i]);
  for (int i = 0; i < opt->undefine_count; i++)
    strbuf_printf(&b, "#undef %s\n", opt->undefines[i]);
  if (opt->implicit_include)
    strbuf_printf(&b, "#include <%s>\n", opt->implicit_include);
  return strbuf_take(&b);
}

static void set_date_time(PP *pp) {
  static const char months[][4] = {"Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                   "Jul", "Aug", "Sep", "Oct", "Nov", "Dec"};
  time_t now = time(NULL);
  struct tm tm;
  if (!localtime_r(&now, &tm)) memset(&tm, 0, sizeof tm);
  snprintf(pp->date, sizeof pp->date, "\"%s %2u %04u\"",
           months[(unsigned)tm.tm_mon % 12], (unsigned)tm.tm_mday % 100,
           (unsigned)(tm.tm_year + 1900) % 10000);
  snprintf(pp->time, sizeof pp->time, "\"%02u:%02u:%02u\"", (unsigned)tm.tm_hour % 100,
           (unsigned)tm.tm_min % 100, (unsigned)tm.tm_sec % 100);
}

static void add_builtins(PP *pp) {
  static const struct { const char *name; Builtin b; } list[] = {
      {"__FILE__", BI_FILE}, {"__LINE__", BI_LINE}, {"__COUNTER__", BI_COUNTER},
      {"__DATE__", BI_DATE}, {"__TIME__", BI_TIME},
      {"__INCLUDE_LEVEL__", BI_INCLUDE_LEVEL}, {"__BASE_FILE__", BI_BASE_FILE},
      {"__has_include", BI_HAS_INCLUDE}, {"__has_include_next", BI_HAS_INCLUDE},
      {"__has_attribute", BI_HAS_OTHER}, {"__has_cpp_attribute", BI_HAS_OTHER},
      {"__has_c_attribute", BI_HAS_OTHER}, {"__has_builtin", BI_HAS_OTHER},
      {"__has_feature", BI_HAS_OTHER}, {"__has_extension", BI_HAS_OTHER},
      {"__has_declspec_attribute", BI_HAS_OTHER}, {"__has_warning", BI_HAS_OTHER},
  };
  for (size_t i = 0; i < sizeof list / sizeof list[0]; i++)
    add_builtin(pp, list[i].name, list[i].b);
}

/* Hands the final list to the parser: identifiers become keywords. */
static void emit_tokens(PP *pp, PPTok *list) {
  int n = 1;
  for (PPTok *t = list; t->t.kind != TK_EOF; t = t->next) n++;
  TokenVec *v = &pp->out->tokens;
  if (v->len + n > v->cap)  /* one allocation: outputs can be big */
    vec_grow_(pp->a, (void **)&v->data, &v->cap, sizeof(Token), v->len + n);
  for (PPTok *t = list;; t = t->next) {
    Token tok = t->t;
    tok.hideset = NULL;
    if (tok.kind == TK_IDENT) tok.kind = lex_keyword(tok.text, tok.len);
    vec_push(pp->a, &pp->out->tokens, tok);
    if (tok.kind == TK_EOF) break;
  }
}

/* The built-in buffer's tokens (without its TK_EOF) in front of rest. */
static PPTok *builtin_list(PP *pp, PPTok *rest) {
  char *text = builtin_text(pp->opt);
  size_t len = strlen(text);
  char *copy = arena_strndup(pp->a, text, len);
  free(text);
  uint32_t file = diag_add_file(pp->d, "<built-in>", copy, len);
  TokenVec toks = {0};
  lex_file_pp(pp->a, pp->d, file, copy, len, &toks);
  PPTok head = {0}, *cur = &head;
  for (int i = 0; i + 1 < toks.len; i++) {
    cur = cur->next = new_tok(pp, NULL);
    cur->t = toks.data[i];
  }
  cur->next = rest;
  return head.next;
}

/* The main file's tokens; its end is the end of input, not an include's. */
static PPTok *main_list(PP *pp, FileInfo *f) {
  PPTok *list = enter_file(pp, f, NULL), *end = list;
  pp->include_depth = 0;
  while (end->special != PT_INCLUDE_END) end = end->next;
  end->special = PT_NORMAL;
  return list;
}

bool preprocess_file(Arena *a, Diag *d, const FileIO *io, const char *path,
                     const PPOptions *opt, PPResult *out) {
  PP pp = {0};
  pp.a = a;
  pp.d = d;
  pp.io = io;
  pp.opt = opt;
  pp.out = out;
  pp.base_file = path;
  pp.budget = BUDGET_BASE;
  map_init(&pp.macros, a);
  map_init(&pp.files, a);
  map_init(&pp.pushed, a);
  int errors = d->errors;
  set_date_time(&pp);
  add_builtins(&pp);
  FileInfo *f = open_file(&pp, arena_strdup(a, path));
  if (!f) {
    diag_error(d, (Loc){UINT32_MAX, 0, 0}, "no such file or directory: '%s'", path);
    Token eof = {0};
    eof.kind = TK_EOF;
    eof.text = "";
    vec_push(a, &out->tokens, eof);
    return false;
  }
  PPTok *list = expand_list(&pp, builtin_list(&pp, main_list(&pp, f)), true);
  for (; pp.cond_depth > 0; pop_cond(&pp))
    diag_error(d, pp.cond->tok->t.loc, "unterminated conditional directive");
  emit_tokens(&pp, list);
  return d->errors == errors;
}
