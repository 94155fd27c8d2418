/* token.h: tokens as the lexer produces them and the preprocessor and
 * parser consume them. The kinds come from token.def. A token's text points
 * into its source buffer (or an arena copy for pasted/stringized tokens). */
#ifndef CUWA_TOKEN_H
#define CUWA_TOKEN_H

#include "../util/util.h"

typedef enum TokenKind {
#define TOKEN(k, s) k,
#define KEYWORD(k, s) k,
#include "token.def"
#undef TOKEN
#undef KEYWORD
  TK_COUNT
} TokenKind;

typedef struct Token Token;
struct Token {
  TokenKind kind;
  Loc loc;            /* where the user should look: for a token from a macro
                         expansion, the place the macro was used */
  const char *text;   /* spelling, not NUL-terminated; len bytes */
  int len;
  bool at_bol;        /* first token on its line (preprocessor directives) */
  bool has_space;     /* whitespace before it (stringizing, pasting) */
  bool from_system;   /* from one of cuwa's device headers (diagnostic policy) */
  void *hideset;      /* the preprocessor's macro hide set */
  Loc origin;         /* for macro-expanded tokens: where it is spelled in the
                         macro definition; otherwise equal to loc */
};

typedef Vec(Token) TokenVec;

const char *token_kind_name(TokenKind k);  /* spelling from token.def */
bool token_is(const Token *t, const char *s); /* same text as s */
char *token_text(Arena *a, const Token *t);   /* NUL-terminated copy */

/* lex_file: splits a whole source buffer into tokens, a TK_EOF at the end.
 * Every identifier is TK_IDENT (macro names may look like keywords); the
 * preprocessor turns identifiers into keywords with lex_keyword when it
 * hands tokens to the parser. Reports bad input (unterminated comment/string,
 * stray bytes are TK_OTHER for the parser to report) through d. */
void lex_file(Arena *a, Diag *d, uint32_t file, const char *src, size_t len,
              TokenVec *out);
/* lex_file_pp: lex_file for the preprocessor: an unterminated character or
 * string literal is not reported here but by the preprocessor, and only
 * where it is not skipped by #if (`#if 0` blocks often hold prose such as
 * "don't"; clang and gcc accept them). */
void lex_file_pp(Arena *a, Diag *d, uint32_t file, const char *src, size_t len,
                 TokenVec *out);
/* lex_keyword: turns an identifier token into a keyword if it is one
 * (the preprocessor lexes everything as identifiers first). */
TokenKind lex_keyword(const char *text, int len);

#endif
