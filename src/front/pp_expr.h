/* pp_expr.h: the #if/#elif expression evaluator, shared by preprocess.c
 * and pp_expr.c only (not part of the front end's public interface). */
#ifndef CUWA_PP_EXPR_H
#define CUWA_PP_EXPR_H

#include "token.h"

/* pp_eval_expr: evaluates the controlling expression toks[0..] (ending in
 * TK_EOF) of the directive named `directive` ("if" or "elif") at `where`.
 * The tokens are macro-expanded already and `defined`/`__has_include` were
 * replaced by 0/1, so every identifier left is 0 (true/false are 1/0 as in
 * C++). Returns false after reporting an error; the value is in *value. */
bool pp_eval_expr(Diag *d, const Token *toks, Loc where, const char *directive,
                  bool *value);

#endif
