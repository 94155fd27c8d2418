/* lex.c: source bytes -> tokens (phases 1-3 of C, chibicc tokenize.c).
 * Handles line splices, comments, pp-numbers, char and string literals
 * (with u8/u/U/L prefixes and raw strings' absence noted), punctuators by
 * longest match from token.def. It does not evaluate literals (the parser
 * does) nor expand macros (preprocess.c does). */
#include "token.h"

#include <string.h>

static const char *kind_names[] = {
#define TOKEN(k, s) s,
#define KEYWORD(k, s) s,
#include "token.def"
#undef TOKEN
#undef KEYWORD
};

const char *token_kind_name(TokenKind k) {
  return (unsigned)k < TK_COUNT ? kind_names[k] : "?";
}

bool token_is(const Token *t, const char *s) {
  return (size_t)t->len == strlen(s) && memcmp(t->text, s, (size_t)t->len) == 0;
}

char *token_text(Arena *a, const Token *t) {
  return arena_strndup(a, t->text, (size_t)t->len);
}

TokenKind lex_keyword(const char *text, int len) {
  /* A linear scan over ~120 keywords is fast enough: the preprocessor calls
   * this once per output identifier. Swap for a perfect hash if a benchmark
   * ever shows it. */
#define KEYWORD(k, s) \
  if (len == (int)sizeof(s) - 1 && memcmp(text, s, sizeof(s) - 1) == 0) return k;
#define TOKEN(k, s)
#include "token.def"
#undef TOKEN
#undef KEYWORD
  return TK_IDENT;
}

typedef struct Lexer {
  Arena *arena;
  Diag *diag;
  uint32_t file;
  const char *src, *end, *p;  /* p: current position */
  uint32_t line;
  const char *line_start;
  bool at_bol, has_space;
  TokenVec *out;
  bool quiet_literals;  /* unterminated literals are left to the caller */
} Lexer;

static Loc here(const Lexer *L, const char *p) {
  return (Loc){L->file, L->line, (uint32_t)(p - L->line_start) + 1};
}

/* Skips a backslash-newline at p, if any; returns the new p. Line splices
 * are rare, so the lexer handles them where they can occur rather than
 * copying the buffer. */
static const char *skip_splices(Lexer *L, const char *p) {
  while (p + 1 < L->end && p[0] == '\\' &&
         (p[1] == '\n' || (p[1] == '\r' && p + 2 < L->end && p[2] == '\n'))) {
    p += p[1] == '\r' ? 3 : 2;
    L->line++;
    L->line_start = p;
  }
  return p;
}

static bool is_ident_start(unsigned char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || c == '_' ||
         c == '$' || c >= 0x80;
}
static bool is_ident_char(unsigned char c) {
  return is_ident_start(c) || (c >= '0' && c <= '9');
}

static void push(Lexer *L, TokenKind kind, const char *start, const char *end,
                 Loc loc) {
  Token t = {0};
  t.kind = kind;
  t.loc = t.origin = loc;
  t.text = start;
  t.len = (int)(end - start);
  t.at_bol = L->at_bol;
  t.has_space = L->has_space;
  vec_push(L->arena, L->out, t);
  L->at_bol = L->has_space = false;
}

/* Returns the end of a quoted literal starting at the opening quote p. */
static const char *scan_quoted(Lexer *L, const char *p, char quote, Loc loc) {
  for (p++; p < L->end; p++) {
    if (*p == '\n') break;
    if (*p == '\\' && p + 1 < L->end) {
      if (p[1] == '\n') { L->line++; L->line_start = p + 2; }
      p++;
      continue;
    }
    if (*p == quote) return p + 1;
  }
  if (!L->quiet_literals)
    diag_error(L->diag, loc, "missing terminating %c character", quote);
  return p;
}

/* Length of the punctuator at p by longest match, or 0. */
static int match_punct(const char *p, const char *end, TokenKind *kind) {
  static const struct { const char *s; TokenKind k; } table[] = {
#define TOKEN(k, s) {s, k},
#define KEYWORD(k, s)
#include "token.def"
#undef TOKEN
#undef KEYWORD
  };
  int best = 0;
  for (size_t i = 0; i < sizeof table / sizeof table[0]; i++) {
    const char *s = table[i].s;
    if (table[i].k <= TK_HASH_LINE || table[i].k >= TK_BACKSLASH) continue;
    int n = (int)strlen(s);
    if (n > best && end - p >= n && memcmp(p, s, (size_t)n) == 0) {
      best = n;
      *kind = table[i].k;
    }
  }
  return best;
}

static bool skip_space_and_comments(Lexer *L) {
  const char *p = L->p = skip_splices(L, L->p);
  if (p >= L->end) return false;  /* a splice ended the buffer */
  if (*p == '\n') {
    L->line++;
    L->line_start = L->p = p + 1;
    L->at_bol = true;
    L->has_space = false;
    return true;
  }
  if (*p == ' ' || *p == '\t' || *p == '\r' || *p == '\f' || *p == '\v') {
    L->p = p + 1;
    L->has_space = true;
    return true;
  }
  if (p + 1 < L->end && p[0] == '/' && p[1] == '/') {
    while (p < L->end && *p != '\n') {
      p = skip_splices(L, p + 1);
    }
    L->p = p;
    L->has_space = true;
    return true;
  }
  if (p + 1 < L->end && p[0] == '/' && p[1] == '*') {
    Loc loc = here(L, p);
    for (p += 2;; p++) {
      if (p + 1 >= L->end) {
        diag_error(L->diag, loc, "unterminated comment");
        L->p = L->end;
        return true;
      }
      if (*p == '\n') { L->line++; L->line_start = p + 1; }
      if (p[0] == '*' && p[1] == '/') break;
    }
    L->p = p + 2;
    L->has_space = true;
    return true;
  }
  return false;
}

/* Scans one token at L->p (whitespace already skipped). */
static void lex_token(Lexer *L) {
  const char *p = L->p, *start = p;
  Loc loc = here(L, p);
  unsigned char c = (unsigned char)*p;
  if ((c >= '0' && c <= '9') || (c == '.' && p + 1 < L->end && p[1] >= '0' && p[1] <= '9')) {
    /* pp-number: digits, letters, '.', and exponent signs e+ E- p+ P- */
    for (p++; p < L->end; p++) {
      if ((p[0] == '+' || p[0] == '-') && strchr("eEpP", p[-1]) && p[-1]) continue;
      if (p[0] == '\'' && p + 1 < L->end && is_ident_char((unsigned char)p[1])) continue;
      if (!is_ident_char((unsigned char)*p) && *p != '.') break;
    }
    push(L, TK_NUM, start, p, loc);
  } else if (c == '"' || c == '\'') {
    p = scan_quoted(L, p, (char)c, loc);
    push(L, c == '"' ? TK_STR : TK_CHAR, start, p, loc);
  } else if (is_ident_start(c)) {
    while (p < L->end && is_ident_char((unsigned char)*p)) p++;
    /* encoding prefixes: u8"..", u"..", U"..", L"..", and char forms */
    int n = (int)(p - start);
    if (p < L->end && (*p == '"' || *p == '\'') &&
        ((n == 1 && strchr("uUL", start[0])) || (n == 2 && start[0] == 'u' && start[1] == '8'))) {
      char q = *p;
      p = scan_quoted(L, p, q, loc);
      push(L, q == '"' ? TK_STR : TK_CHAR, start, p, loc);
    } else {
      push(L, TK_IDENT, start, p, loc);
    }
  } else {
    TokenKind kind;
    int n = match_punct(p, L->end, &kind);
    if (n == 0) {
      kind = c == '\\' ? TK_BACKSLASH : TK_OTHER;
      n = 1;
    }
    if (kind == TK_HASH && L->at_bol) kind = TK_HASH_LINE;
    p += n;
    push(L, kind, start, p, loc);
  }
  L->p = p;
}

static void lex_all(Arena *a, Diag *d, uint32_t file, const char *src,
                    size_t len, TokenVec *out, bool quiet_literals) {
  Lexer L = {a, d, file, src, src + len, src, 1, src, true, false, out,
             quiet_literals};
  while (L.p < L.end) {
    if (*L.p == 0) { /* embedded NUL: treat as the end, like most compilers */
      diag_error(d, here(&L, L.p), "null character in source file");
      break;
    }
    if (skip_space_and_comments(&L)) continue;
    if (L.p >= L.end) break;
    lex_token(&L);
  }
  Token eof = {0};
  eof.kind = TK_EOF;
  eof.loc = eof.origin = here(&L, L.p);
  eof.text = L.p;
  eof.at_bol = true;
  vec_push(a, out, eof);
}

void lex_file(Arena *a, Diag *d, uint32_t file, const char *src, size_t len,
              TokenVec *out) {
  lex_all(a, d, file, src, len, out, false);
}

void lex_file_pp(Arena *a, Diag *d, uint32_t file, const char *src, size_t len,
                 TokenVec *out) {
  lex_all(a, d, file, src, len, out, true);
}
