/* parse.c: the parser's driver: token access, scopes, error recovery, and
 * the top level of a translation unit, where each declaration is first
 * looked over (its extent to ';' or a body's '}') to decide whether it is
 * device code (parsed fully), host code (skipped by balanced tokens and
 * remembered by name), or neither (parsed tentatively, kept if it parses).
 * Declarations, expressions and statements are in parse_decl.c,
 * parse_expr.c and parse_stmt.c. */
#include "parse_internal.h"

#include <string.h>

/* ---- tokens -------------------------------------------------------------- */

Token *tok(Parser *p) { return &p->toks[p->pos]; }

/* The token n ahead, stopping at an end of input (real or a limit). */
Token *peek_at(Parser *p, int n) {
  int i = p->pos;
  while (n-- > 0 && p->toks[i].kind != TK_EOF) i++;
  return &p->toks[i];
}

Token *prev_tok(Parser *p) { return &p->toks[p->pos > 0 ? p->pos - 1 : 0]; }

void next(Parser *p) {
  if (p->toks[p->pos].kind != TK_EOF) p->pos++;
}

bool at(Parser *p, TokenKind k) { return tok(p)->kind == k; }

bool accept(Parser *p, TokenKind k) {
  if (!at(p, k)) return false;
  next(p);
  return true;
}

/* Where clang puts the caret for "expected ';'": just after the previous
 * token, when that is on a known line. */
Loc loc_after_prev(Parser *p) {
  if (p->pos == 0) return tok(p)->loc;
  Token *t = prev_tok(p);
  Loc l = t->loc;
  if (t->loc.line == t->origin.line && t->loc.col == t->origin.col &&
      t->loc.file == t->origin.file)
    l.col += (uint32_t)t->len;
  return l;
}

int error_count(Parser *p) {
  return p->diag->errors + p->diag->suppressed_errors;
}

/* Reports "expected X [what]" unless this statement already had an error
 * (then the missing token is most likely a consequence of it). */
bool expect(Parser *p, TokenKind k, const char *what) {
  if (accept(p, k)) return true;
  if (error_count(p) > p->stmt_err_mark) return false;
  if (k == TK_SEMI || (what && *what))
    diag_error(p->diag, k == TK_SEMI ? loc_after_prev(p) : tok(p)->loc,
               "expected '%s'%s%s", token_kind_name(k), what && *what ? " " : "",
               what ? what : "");
  else
    diag_error(p->diag, tok(p)->loc, "expected '%s'", token_kind_name(k));
  return false;
}

char *tok_name(Parser *p, Token *t) { return token_text(p->arena, t); }

/* Recursive rules call this first; it bounds recursion on hostile input. */
bool enter_nesting(Parser *p) {
  if (++p->depth <= MAX_NESTING) return true;
  diag_error(p->diag, tok(p)->loc,
             "bracket nesting level exceeded maximum of %d", MAX_NESTING);
  /* Jump to the end of the current declaration: every loop stops there. */
  while (!at(p, TK_EOF)) p->pos++;
  return false;
}

void leave_nesting(Parser *p) { p->depth--; }

static bool is_open(TokenKind k) {
  return k == TK_LPAREN || k == TK_LBRACKET || k == TK_LBRACE;
}
static bool is_close(TokenKind k) {
  return k == TK_RPAREN || k == TK_RBRACKET || k == TK_RBRACE;
}

static TokenKind closer_of(TokenKind open) {
  return open == TK_LPAREN ? TK_RPAREN : open == TK_LBRACKET ? TK_RBRACKET : TK_RBRACE;
}

/* From an opening bracket at i: the index just after its matching closer.
 * Mismatched closers are resolved as clang's SkipUntil does (a '}' closes
 * up to its '{'). Stops early, setting *broken, at the end of input, at a
 * __global__ (it never appears inside brackets: a bracket was left open),
 * and at a ';' or '}' directly inside a '(' or '[' group. */
static int balanced_end_ex(Parser *p, int i, bool *broken) {
  enum { STACK = 64 };
  TokenKind stack[STACK];
  int depth = 0;
  TokenKind bottom = p->toks[i].kind;
  *broken = false;
  for (;; i++) {
    TokenKind k = p->toks[i].kind;
    if (k == TK_EOF || (k == KW_GLOBAL && depth > 0) ||
        (depth == 1 && bottom != TK_LBRACE && (k == TK_SEMI || k == TK_RBRACE))) {
      *broken = true;
      return i;
    }
    if (is_open(k)) {
      if (depth < STACK) stack[depth] = closer_of(k);
      depth++;
    } else if (is_close(k)) {
      int d = depth;
      while (d > 0 && d <= STACK && stack[d - 1] != k) d--;
      if (d > 0) depth = d - 1;  /* pops through unclosed inner groups */
      else if (depth > STACK) depth--;
      if (depth == 0) return i + 1;
    }
  }
}

static int balanced_end(Parser *p, int i) {
  bool broken;
  return balanced_end_ex(p, i, &broken);
}

/* At an opening bracket: skips to just after its matching closer. */
void skip_balanced(Parser *p) { p->pos = balanced_end(p, p->pos); }

/* Error recovery inside a function: skips to after the next ';' or to
 * (not past) the '}' that closes the current block. */
void sync_stmt(Parser *p) {
  for (;;) {
    TokenKind k = tok(p)->kind;
    if (k == TK_EOF || k == TK_RBRACE) return;
    if (k == TK_SEMI) {
      next(p);
      return;
    }
    if (is_open(k)) skip_balanced(p);
    else next(p);
  }
}

/* ---- scopes ------------------------------------------------------------- */

void enter_scope(Parser *p) {
  Scope *s = ARENA_NEW(p->arena, Scope);
  map_init(&s->vars, p->arena);
  map_init(&s->tags, p->arena);
  s->up = p->scope;
  p->scope = s;
}

void leave_scope(Parser *p) { p->scope = p->scope->up; }

/* find_var and find_tag (lookup through using-directives too) are in
 * parse_namespace.c. */

VarScope *find_var_in(Scope *s, const char *name) {
  return map_get(&s->vars, name);
}

static void log_undo(Parser *p, Map *m, const char *key) {
  if (!p->tentative) return;
  UndoEntry u = {m, key, map_get(m, key)};
  vec_push(p->arena, &p->undo, u);
}

VarScope *push_var(Parser *p, const char *name) {
  VarScope *v = ARENA_NEW(p->arena, VarScope);
  log_undo(p, &p->scope->vars, name);
  map_put(&p->scope->vars, name, v);
  return v;
}

void push_tag(Parser *p, const char *name, Type *ty) {
  log_undo(p, &p->scope->tags, name);
  map_put(&p->scope->tags, name, ty);
}

static void rollback_undo(Parser *p) {
  for (int i = p->undo.len - 1; i >= 0; i--) {
    UndoEntry *u = &p->undo.data[i];
    if (u->old) map_put(u->map, u->key, u->old);
    else map_del(u->map, u->key);
  }
  p->undo.len = 0;
}

/* ---- objects -------------------------------------------------------------- */

void add_global(Parser *p, Obj *obj) {
  *p->globals_tail = obj;
  p->globals_tail = &obj->next;
}

Obj *new_local(Parser *p, const char *name, Type *ty, Loc loc) {
  Obj *v = ARENA_NEW(p->arena, Obj);
  v->name = name;
  v->ty = ty;
  v->loc = loc;
  v->is_local = true;
  v->is_definition = true;
  v->space = AS_LOCAL;
  if (p->locals_tail) {
    *p->locals_tail = v;
    p->locals_tail = &v->next;
  }
  if (name) push_var(p, name)->var = v;
  return v;
}

ParseCtx ctx_save(Parser *p) {
  ParseCtx c = {p->pos, p->loop_depth, p->break_depth, p->stmt_err_mark, p->half_gt,
                p->scope, p->fn, p->locals_tail, p->cur_this, p->cur_switch, {0},
                p->cur_class, p->inst_name, p->no_gt, p->tentative};
  c.params.data = p->params.data;
  c.params.len = p->params.len;
  c.params.cap = p->params.cap;
  return c;
}

void ctx_restore(Parser *p, const ParseCtx *c) {
  p->pos = c->pos;
  p->loop_depth = c->loop_depth;
  p->break_depth = c->break_depth;
  p->stmt_err_mark = c->stmt_err_mark;
  p->half_gt = c->half_gt;
  p->scope = c->scope;
  p->fn = c->fn;
  p->locals_tail = c->locals_tail;
  p->cur_this = c->cur_this;
  p->cur_switch = c->cur_switch;
  p->params.data = c->params.data;
  p->params.len = c->params.len;
  p->params.cap = c->params.cap;
  p->cur_class = c->cur_class;
  p->inst_name = c->inst_name;
  p->no_gt = c->no_gt;
  p->tentative = c->tentative;
}

Obj *find_host_name(Parser *p, const char *name, int len) {
  return map_getn(&p->prog->host_names, name, (size_t)len);
}

void note_host_decl(Parser *p, Obj *h) {
  if (h->loc.line) diag_note(p->diag, h->loc, "%s", h->host_only_reason);
}

/* Remembers a name that skipped host code declares. `why` is the first
 * error the device pass found in it, if it was not merely host code. */
static void record_host_name(Parser *p, Token *t, const char *kind, bool is_fn,
                             const char *why) {
  char *name = tok_name(p, t);
  if (map_get(&p->prog->host_names, name)) return;
  Obj *h = ARENA_NEW(p->arena, Obj);
  h->name = name;
  h->loc = t->loc;
  h->is_function = is_fn;
  h->exec = EXEC_HOST;
  h->is_host_var = !is_fn;
  if (why)
    h->host_only_reason = arena_printf(p->arena, "'%s' was skipped as host code: %s", name, why);
  else if (kind)
    h->host_only_reason = arena_printf(p->arena, "'%s' is a %s declared here", name, kind);
  else
    h->host_only_reason = arena_printf(p->arena, "'%s' is declared here in host code", name);
  map_put(&p->prog->host_names, name, h);
}

/* ---- top level: extents ------------------------------------------------- */

/* What a look over one top-level declaration found. */
typedef struct Extent {
  int end;               /* index just after the declaration */
  bool is_fn_def;        /* it ends in a function body */
  bool dev;              /* __global__/__device__/__constant__/... before any body */
  bool host;             /* __host__ */
  int name_pos;          /* the function's name, for host functions; -1 */
  int tag_pos;           /* the struct/class tag name; -1 */
  int cxx_pos;           /* first C++-only construct in a class; -1 */
  const char *cxx_what;  /* ... and what it is */
  bool dev_in_class;     /* an execution-space specifier in a class body */
} Extent;

static bool is_dev_spec(TokenKind k) {
  return k == KW_GLOBAL || k == KW_DEVICE || k == KW_CONSTANT ||
         k == KW_MANAGED || k == KW_SHARED;
}

/* Keywords that start a declaration and can't continue one. */
static bool is_decl_start(TokenKind k) {
  return k == KW_GLOBAL || k == KW_DEVICE || k == KW_HOST || k == KW_CONSTANT ||
         k == KW_MANAGED || k == KW_SHARED || k == KW_TYPEDEF || k == KW_TEMPLATE ||
         k == KW_NAMESPACE || k == KW_USING;
}

static void set_cxx(Extent *e, int pos, const char *what) {
  if (e->cxx_what) return;
  e->cxx_pos = pos;
  e->cxx_what = what;
}

/* Looks over a class body from its '{' (at i) for C++-only members.
 * Returns the index after the matching '}'. */
static int scan_class_body(Parser *p, int i, Extent *e) {
  int depth = 0;
  for (;; i++) {
    Token *t = &p->toks[i];
    TokenKind k = t->kind;
    if (k == TK_EOF) return i;
    if (is_open(k)) {
      depth++;
      continue;
    }
    if (is_close(k)) {
      if (--depth == 0) return i + 1;
      continue;
    }
    if (k == KW_GLOBAL || k == KW_DEVICE || k == KW_HOST) e->dev_in_class = true;
    if (depth != 1) continue;
    switch (k) {
    case KW_VIRTUAL: set_cxx(e, i, "virtual function"); break;
    case KW_TEMPLATE: set_cxx(e, i, "template"); break;
    case KW_FRIEND: set_cxx(e, i, "friend declaration"); break;
    default: break;
    }
  }
}

/* Finds where the top-level declaration at `start` ends and classifies it
 * (see the file comment). Only looks at tokens; never reports. */
static Extent scan_extent(Parser *p, int start) {
  Extent e = {.end = start, .name_pos = -1, .tag_pos = -1, .cxx_pos = -1};
  bool seen_eq = false, seen_agg = false, seen_decl_paren = false, is_enum = false;
  bool seen_body = false, mem_inits = false;
  for (int i = start;;) {
    Token *t = &p->toks[i];
    switch (t->kind) {
    case TK_EOF: case TK_RBRACE:
      e.end = i;
      return e;
    case TK_SEMI:
      e.end = i + 1;
      return e;
    case TK_ASSIGN:
      seen_eq = true;
      i++;
      continue;
    case KW_STRUCT: case KW_UNION: case KW_CLASS: case KW_ENUM:
      seen_agg = true;
      is_enum = t->kind == KW_ENUM || (i > start && p->toks[i - 1].kind == KW_ENUM);
      i++;
      continue;
    case KW_HOST:
      e.host = true;
      i++;
      continue;
    case KW_OPERATOR:
      seen_decl_paren = true;  /* operator+( ... ) is a function */
      i++;
      continue;
    case TK_COLON:  /* a base clause (parse_inherit.c) or a mem-initializer list */
      if (seen_decl_paren && !seen_eq) mem_inits = true;
      i++;
      continue;
    case TK_IDENT:
      if (seen_agg && e.tag_pos < 0) e.tag_pos = i;
      i++;
      continue;
    case TK_LPAREN: {
      TokenKind pk = i > start ? p->toks[i - 1].kind : TK_EOF;
      if (!seen_eq && (pk == TK_IDENT || pk == TK_RPAREN || pk == TK_GT) &&
          !(pk == TK_IDENT && token_is(&p->toks[i - 1], "__align__"))) {
        if (!seen_decl_paren && pk == TK_IDENT) e.name_pos = i - 1;
        seen_decl_paren = true;
      }
      bool broken;
      i = balanced_end_ex(p, i, &broken);
      if (broken) {
        e.end = i;
        return e;
      }
      continue;
    }
    case TK_LBRACE: {
      if (mem_inits && i > start && (p->toks[i - 1].kind == TK_IDENT || p->toks[i - 1].kind == TK_GT)) {
        i = balanced_end(p, i);  /* S::S() : m{a}: a braced mem-initializer */
        continue;
      }
      if (!seen_eq && seen_agg && !seen_decl_paren) {
        i = is_enum ? balanced_end(p, i) : scan_class_body(p, i, &e);
        seen_body = true;
        continue;
      }
      bool broken;
      int after = balanced_end_ex(p, i, &broken);
      if (broken) {
        e.end = after;
        e.is_fn_def = !seen_eq && seen_decl_paren;
        return e;
      }
      if (!seen_eq && seen_decl_paren) {
        e.is_fn_def = true;
        e.end = after;
        return e;
      }
      i = after;
      continue;
    }
    default:
      if (is_decl_start(t->kind) && i > start && (seen_eq || seen_decl_paren || seen_body)) {
        e.end = i;  /* a ';' is missing: the next declaration starts here */
        return e;
      }
      if (is_dev_spec(t->kind) && !seen_eq) e.dev = true;
      i++;
      continue;
    }
  }
}

/* For parse_template.c: the end of the declaration at start, and whether
 * it has device specifiers (in a class body too). */
int scan_decl_end(Parser *p, int start, bool *dev) {
  Extent e = scan_extent(p, start);
  *dev = e.dev || e.dev_in_class;
  return e.end > start ? e.end : start + 1;
}

/* ---- top level: declarations -------------------------------------------- */

/* Parses the declaration up to `end` (exclusive) with the token at `end`
 * made an end of input, so a broken declaration can't run into the next. */
static void parse_limited(Parser *p, int end) {
  TokenKind saved = p->toks[end].kind;
  p->toks[end].kind = TK_EOF;
  p->stmt_err_mark = error_count(p);
  p->depth = 0;
  if (!parse_using(p, false)) parse_toplevel_decl(p);
  if (!at(p, TK_EOF) && error_count(p) == p->stmt_err_mark)
    diag_error(p->diag, tok(p)->loc, "expected ';' after top level declarator");
  p->toks[end].kind = saved;
  p->pos = end;
}

/* Records the names a skipped host declaration declares (best effort: an
 * identifier just before '(' '=' ';' ',' '[' or a class body). */
static void record_skipped_names(Parser *p, int start, int end, const char *why) {
  int depth = 0;
  for (int i = start; i + 1 < end; i++) {
    TokenKind k = p->toks[i].kind, nk = p->toks[i + 1].kind;
    if (is_open(k)) depth++;
    else if (is_close(k)) depth--;
    if (depth != 0 || k != TK_IDENT) continue;
    if (nk == TK_LPAREN) record_host_name(p, &p->toks[i], NULL, true, why);
    else if (nk == TK_ASSIGN || nk == TK_SEMI || nk == TK_COMMA || nk == TK_LBRACKET ||
             nk == TK_LBRACE || nk == TK_COLON)
      record_host_name(p, &p->toks[i], NULL, false, why);
  }
}

static void sink_capture(void *ctx, const char *text) { strbuf_puts(ctx, text); }

/* The first error message a declaration gives (parsed again, printing
 * into a buffer, then every effect undone), for the note shown when
 * device code uses a name it declares. NULL for plain host code (an
 * unknown type name, a C++ construct): the note then just says so. */
static const char *first_error_of(Parser *p, int start, int end) {
  Diag *d = p->diag;
  Diag saved = *d;
  StrBuf buf = {0};
  d->sink = sink_capture;
  d->sink_ctx = &buf;
  d->suppress = false;
  d->max_errors = 1 << 30;
  Obj **tail = p->globals_tail;
  Obj *tail_val = *tail;
  p->pos = start;
  p->tentative = true;
  p->undo.len = 0;
  parse_limited(p, end);
  p->tentative = false;
  rollback_undo(p);
  p->globals_tail = tail;
  *tail = tail_val;
  *d = saved;
  const char *why = NULL;
  char *e = buf.data ? strstr(buf.data, "error: ") : NULL;
  if (e) {
    e += 7;
    size_t n = strcspn(e, "\n");
    const char *tail = " is not supported yet";
    size_t tn = strlen(tail);
    if (n > tn && memcmp(e + n - tn, tail, tn) == 0) why = arena_strndup(p->arena, e, n);
  }
  strbuf_free(&buf);
  return why;
}

/* A declaration without device specifiers: kept if it parses as C (types,
 * typedefs, constants, host prototypes and variables), else skipped. */
static void parse_tentative(Parser *p, int end) {
  int start = p->pos;
  int mark = p->diag->suppressed_errors;
  bool old_suppress = p->diag->suppress;
  Obj **tail = p->globals_tail;
  Obj *tail_val = *tail;
  p->diag->suppress = true;
  p->tentative = true;
  p->undo.len = 0;
  parse_limited(p, end);
  p->diag->suppress = old_suppress;
  p->tentative = false;
  if (p->diag->suppressed_errors == mark) return;
  rollback_undo(p);
  p->globals_tail = tail;
  *tail = tail_val;
  const char *why = first_error_of(p, start, end);
  record_skipped_names(p, start, end, why);
  p->pos = end;
}

static void skip_host_function(Parser *p, const Extent *e) {
  if (e->name_pos >= 0) record_host_name(p, &p->toks[e->name_pos], "host function", true, NULL);
  p->pos = e->end;
}


static void skip_to_extent_end(Parser *p) {
  Extent e = scan_extent(p, p->pos);
  p->pos = e.end > p->pos ? e.end : p->pos + 1;
}

/* The top-level constructs that are not declarations of C. */
static bool parse_toplevel_special(Parser *p) {
  Token *t = tok(p);
  switch (t->kind) {
  case TK_SEMI:
  case KW_EXTENSION:
    next(p);
    return true;
  case TK_RBRACE:
    if (!ns_close_block(p)) diag_error(p->diag, t->loc, "extraneous closing brace ('}')");
    next(p);
    return true;
  case KW_EXTERN:
    if (peek_at(p, 1)->kind != TK_STR) return false;
    next(p);
    next(p);  /* extern "C": the linkage changes nothing in device code */
    if (accept(p, TK_LBRACE)) {
      vec_push(p->arena, &p->block_scopes, p->scope);
      p->open_blocks++;
    }
    return true;
  case KW_INLINE:
    if (peek_at(p, 1)->kind != KW_NAMESPACE) return false;
    return parse_namespace_toplevel(p);
  case KW_NAMESPACE:
    return parse_namespace_toplevel(p);
  case KW_TEMPLATE:
    parse_template_decl(p);
    return true;
  case TK_HASH_LINE:
    /* a directive the preprocessor left (only when the parser is fed by
     * the lexer alone, as in unit tests): skip its line */
    do next(p); while (!at(p, TK_EOF) && !tok(p)->at_bol);
    return true;
  case KW_STATIC_ASSERT: case KW_STATIC_ASSERT_C: case KW_ASM:
  case KW_ASM_GNU: case TK_HASH:
    /* static assertions only matter to the host compiler, which sees the
     * same code. (using: parse_limited, tentatively.) */
    skip_to_extent_end(p);
    return true;
  default:
    return false;
  }
}

/* A constexpr function definition: device code may call it (parsed
 * tentatively like other host declarations, kept if it parses). */
static bool is_constexpr_fn(Parser *p, int start, int end) {
  for (int i = start; i < end && p->toks[i].kind != TK_LBRACE; i++)
    if (p->toks[i].kind == KW_CONSTEXPR) return true;
  return false;
}

static void parse_toplevel(Parser *p) {
  if (parse_toplevel_special(p)) return;
  Extent e = scan_extent(p, p->pos);
  if (e.end <= p->pos) {  /* a '}' right here is handled above; be safe */
    next(p);
    return;
  }
  bool dev_member_tmpl = e.cxx_what && strcmp(e.cxx_what, "template") == 0 && (e.dev || e.dev_in_class);
  if (e.cxx_what && e.cxx_pos >= p->pos && !dev_member_tmpl) {  /* member templates: parse_template.c */
    if (e.dev || e.dev_in_class)
      diag_unsupported(p->diag, p->toks[e.cxx_pos].loc, e.cxx_what);
    else if (e.tag_pos >= 0)
      record_host_name(p, &p->toks[e.tag_pos], "host class", false, NULL);
    else
      record_skipped_names(p, p->pos, e.end, NULL);
    p->pos = e.end;
    return;
  }
  if (e.is_fn_def && !e.dev && !is_constexpr_fn(p, p->pos, e.end)) {
    skip_host_function(p, &e);
    return;
  }
  if (e.dev) parse_limited(p, e.end);
  else parse_tentative(p, e.end);
}

Program *parse_program(Arena *a, Diag *d, const TokenVec *toks) {
  return parse_program_ex(a, d, toks, NULL, 0);
}

/* The requests' template arguments, lexed after the unit's tokens (each
 * list ends in its own TK_EOF); returns where each starts. */
static int *append_requests(Parser *p, KernelRequest *reqs, int n, TokenVec *all) {
  int *starts = ARENA_ARRAY(p->arena, int, n > 0 ? n : 1);
  for (int i = 0; i < n; i++) {
    size_t len = strlen(reqs[i].args);
    uint32_t file = diag_add_file(p->diag, "<template kernel instantiation>", reqs[i].args, len);
    starts[i] = all->len;
    lex_file(p->arena, p->diag, file, reqs[i].args, len, all);
    for (int k = starts[i]; k < all->len; k++)
      if (all->data[k].kind == TK_IDENT)
        all->data[k].kind = lex_keyword(all->data[k].text, all->data[k].len);
  }
  return starts;
}

Program *parse_program_ex(Arena *a, Diag *d, const TokenVec *user_toks, KernelRequest *reqs,
                          int nreqs) {
  Parser *p = ARENA_NEW(a, Parser);
  p->diag = d;
  p->arena = a;
  TokenVec all = {0};
  int i = 0;
  for (; i < user_toks->len && user_toks->data[i].kind != TK_EOF; i++)
    vec_push(a, &all, user_toks->data[i]);
  Token eof = {0};
  if (i < user_toks->len) eof = user_toks->data[i];  /* keeps its place */
  else if (all.len) eof = all.data[all.len - 1];
  eof.kind = TK_EOF;
  vec_push(a, &all, eof);
  int *starts = append_requests(p, reqs, nreqs, &all);
  const TokenVec *toks = &all;
  /* A private copy of the tokens, always ending in TK_EOF. */
  p->ntoks = toks->len + 1;
  p->toks = ARENA_ARRAY(a, Token, p->ntoks);
  if (toks->len) memcpy(p->toks, toks->data, sizeof(Token) * (size_t)toks->len);
  Token *last = &p->toks[p->ntoks - 1];
  last->kind = TK_EOF;
  if (toks->len) {
    last->loc = last->origin = toks->data[toks->len - 1].loc;
    last->text = toks->data[toks->len - 1].text;
  }
  Program *prog = p->prog = ARENA_NEW(a, Program);
  map_init(&prog->host_names, a);
  enter_scope(p);
  p->file_scope = p->scope;
  p->scope->is_namespace = true;
  p->globals_tail = &prog->globals;
  p->err_ty = type_copy(a, ty_int);
  p->err_ty->name = "<error>";
  p->auto_ty = type_copy(a, ty_int);
  p->auto_ty->name = "auto";
  init_builtins(p);
  while (!at(p, TK_EOF)) parse_toplevel(p);
  if (p->open_blocks > 0) diag_error(d, tok(p)->loc, "expected '}'");
  if (nreqs) template_instantiate_requests(p, reqs, nreqs, starts);
  return prog;
}
