/* parse_generic.c: pieces of C++17 generic code around templates: the
 * discarded branch of `if constexpr` inside an instantiation (skipped as
 * tokens, never parsed, so it may be ill-formed for the current
 * arguments, C++17 [stmt.if]p2); `auto` parameters replayed with their
 * types; parameter packs in an instantiation: `Ts... args` parameters,
 * `pattern...` call arguments, sizeof..., fold expressions. Template
 * declarations, deduction and instantiation are in parse_template.c. */
#include "parse_internal.h"

#include <string.h>

static void skip_stmt_tokens(Parser *p);

/* Skips to after the ';' that ends an expression or declaration
 * statement, stepping over bracketed groups (lambdas included). */
static void skip_simple_stmt(Parser *p) {
  for (;;) {
    TokenKind k = tok(p)->kind;
    if (k == TK_EOF || k == TK_RBRACE) return;
    if (k == TK_SEMI) {
      next(p);
      return;
    }
    if (k == TK_LPAREN || k == TK_LBRACKET || k == TK_LBRACE) skip_balanced(p);
    else next(p);
  }
}

/* kw "(" ... ")" stmt: if, for, while, switch. */
static void skip_headed_stmt(Parser *p) {
  next(p);
  accept(p, KW_CONSTEXPR);
  if (at(p, TK_LPAREN)) skip_balanced(p);
  skip_stmt_tokens(p);
}

/* One statement, by its tokens only (nothing is declared or checked). */
static void skip_stmt_tokens(Parser *p) {
  if (!enter_nesting(p)) return;
  switch (tok(p)->kind) {
  case TK_LBRACE:
    skip_balanced(p);
    break;
  case KW_IF:
    skip_headed_stmt(p);
    if (accept(p, KW_ELSE)) skip_stmt_tokens(p);
    break;
  case KW_FOR: case KW_WHILE: case KW_SWITCH:
    skip_headed_stmt(p);
    break;
  case KW_DO:
    next(p);
    skip_stmt_tokens(p);
    skip_simple_stmt(p);  /* while (cond); */
    break;
  case KW_CASE: case KW_DEFAULT:
    while (!at(p, TK_COLON) && !at(p, TK_EOF) && !at(p, TK_RBRACE)) next(p);
    if (accept(p, TK_COLON)) skip_stmt_tokens(p);
    break;
  default:
    skip_simple_stmt(p);
    break;
  }
  leave_nesting(p);
}

/* The condition of `if constexpr`: a constant expression converted to
 * bool. *val is its value; false after a diagnostic. */
bool generic_constexpr_cond(Parser *p, Node *c, bool *val) {
  if (is_err(p, c)) return false;
  int64_t v = 0;
  double fv = 0;
  bool is_float = false;
  if (!type_is_scalar(c->ty) || !eval_const(p, c, &v, &fv, &is_float)) {
    diag_error(p->diag, c->loc, "constexpr if condition is not a constant expression");
    return false;
  }
  *val = is_float ? fv != 0 : v != 0;
  return true;
}

/* The discarded branch of an `if constexpr` in an instantiation: not
 * parsed at all. Outside templates it is parsed (and checked) as usual. */
bool generic_discard_stmt(Parser *p) {
  if (p->inst_depth == 0) return false;
  skip_stmt_tokens(p);
  return true;
}

/* The type of the next `auto` parameter of the parameter list being
 * replayed (C++20 [dcl.fct]p22: each one is an invented type parameter);
 * `const auto &x` keeps its const. */
Type *generic_auto_param(Parser *p, DeclSpec *ds) {
  if (p->auto_param_next >= p->auto_param_count) return ds->ty;
  Type *t = p->auto_params[p->auto_param_next++];
  return ds->auto_const ? qualify(p, t, true, false, false) : t;
}

/* How many parameters of the list at '(' (lparen) are declared `auto`
 * (or `const auto`): 0 for an ordinary function or lambda. */
int generic_count_auto_params(Parser *p, int lparen) {
  int n = 0, depth = 0;
  for (int i = lparen;; i++) {
    TokenKind k = p->toks[i].kind;
    if (k == TK_EOF || k == TK_SEMI || k == TK_LBRACE) return n;
    if (k == TK_LPAREN || k == TK_LBRACKET) depth++;
    else if ((k == TK_RPAREN || k == TK_RBRACKET) && --depth == 0) return n;
    if (k != KW_AUTO || depth != 1) continue;
    TokenKind before = p->toks[i - 1].kind;
    if (before == KW_CONST || before == KW_VOLATILE) before = p->toks[i - 2].kind;
    if (before == TK_LPAREN || before == TK_COMMA) n++;
  }
}

/* ---- parameter packs (C++17 [temp.variadic]) ------------------------------- */

enum { MAX_PACK_NAMES = 8 };

/* The end of the list element starting at i: the ',' or closing bracket
 * at depth 0 (angle brackets count only after a name, as in Box<Ts>). */
static int element_end(Parser *p, int i) {
  int depth = 0, angle = 0;
  for (;; i++) {
    TokenKind k = p->toks[i].kind;
    if (k == TK_EOF || k == TK_SEMI || (k == TK_LBRACE && depth == 0)) return i;
    if (k == TK_LPAREN || k == TK_LBRACKET || k == TK_LBRACE) depth++;
    else if (k == TK_RPAREN || k == TK_RBRACKET || k == TK_RBRACE) {
      if (depth-- == 0) return i;
    } else if (depth == 0 && k == TK_LT && p->toks[i - 1].kind == TK_IDENT) angle++;
    else if (depth == 0 && k == TK_GT && angle > 0) angle--;
    else if (depth == 0 && angle == 0 && k == TK_COMMA) return i;
  }
}

/* The pack names used in tokens [s, e), with the common length *n;
 * false if there is none or their lengths differ (reported). */
static int pack_names(Parser *p, int s, int e, Token **names, PackBinding **packs, int *n) {
  int count = 0;
  for (int i = s; i < e; i++) {
    Token *t = &p->toks[i];
    if (t->kind != TK_IDENT || p->toks[i - 1].kind == TK_DOT || p->toks[i - 1].kind == TK_ARROW) continue;
    VarScope *vs = find_var(p, t->text, t->len);
    if (!vs || !vs->pack) continue;
    bool dup = false;
    for (int k = 0; k < count; k++) dup |= packs[k] == vs->pack;
    if (dup || count == MAX_PACK_NAMES) continue;
    if (count && vs->pack->n != *n) {
      diag_error(p->diag, t->loc, "pack expansion contains parameter packs of different lengths (%d and %d)",
                 *n, vs->pack->n);
      return -1;
    }
    names[count] = t;
    packs[count++] = vs->pack;
    *n = vs->pack->n;
  }
  return count;
}

/* Binds each pack name to its k-th element in a new scope. */
static void bind_elements(Parser *p, Token **names, PackBinding **packs, int count, int k) {
  enter_scope(p);
  for (int j = 0; j < count; j++) {
    VarScope *vs = push_var(p, tok_name(p, names[j]));
    PackBinding *b = packs[j];
    if (b->param) {
      char *pn = arena_printf(p->arena, "%s...%d", b->param, k);
      VarScope *pv = find_var(p, pn, (int)strlen(pn));
      vs->var = pv ? pv->var : NULL;
    } else if (b->is_type) {
      vs->type_def = b->elems[k].ty;
    } else {
      vs->const_val = new_num(p, b->elems[k].val, b->elems[k].ty ? b->elems[k].ty : ty_int, names[j]->loc);
    }
  }
}

/* `pattern...` over tokens [s, ell) (ell is the '...'): one expression
 * per element, appended to out. */
static bool expand_exprs(Parser *p, int s, int ell, NodeVec *out) {
  Token *names[MAX_PACK_NAMES];
  PackBinding *packs[MAX_PACK_NAMES];
  int n = 0, count = pack_names(p, s, ell, names, packs, &n);
  if (count < 0) return true;
  if (count == 0) {
    diag_error(p->diag, p->toks[ell].loc, "pattern of pack expansion does not contain any unexpanded parameter packs");
    return true;
  }
  TokenKind saved = p->toks[ell].kind;
  p->toks[ell].kind = TK_EOF;
  for (int k = 0; k < n; k++) {
    bind_elements(p, names, packs, count, k);
    p->pos = s;
    vec_push(p->arena, out, parse_assign(p));
    leave_scope(p);
  }
  p->toks[ell].kind = saved;
  return true;
}

/* A call argument `pattern...`: its expansion; false (nothing consumed)
 * for an ordinary argument. */
bool generic_expand_arg(Parser *p, NodeVec *out) {
  int s = p->pos, e = element_end(p, s);
  if (e <= s + 1 || p->toks[e - 1].kind != TK_ELLIPSIS) return false;
  expand_exprs(p, s, e - 1, out);
  p->pos = e;
  return true;
}

/* A function parameter pack `Ts... name` (or `const Ts &... name`) in
 * an instantiation: one parameter "name...k" per element, and `name`
 * bound to them. False (nothing consumed) for an ordinary parameter. */
bool generic_pack_param(Parser *p, ParamDecl **out, int *nout) {
  int s = p->pos, e = element_end(p, s), ell = -1;
  for (int i = s + 1; i < e; i++)
    if (p->toks[i].kind == TK_ELLIPSIS) ell = i;
  if (ell < 0) return false;
  Token *names[MAX_PACK_NAMES];
  PackBinding *packs[MAX_PACK_NAMES];
  int n = 0, count = pack_names(p, s, ell, names, packs, &n);
  if (count <= 0) return false;
  Token *name = ell + 1 < e && p->toks[ell + 1].kind == TK_IDENT ? &p->toks[ell + 1] : NULL;
  char *base = name ? tok_name(p, name) : NULL;
  *out = ARENA_ARRAY(p->arena, ParamDecl, n > 0 ? n : 1);
  *nout = n;
  TokenKind saved = p->toks[ell].kind;
  p->toks[ell].kind = TK_EOF;
  for (int k = 0; k < n; k++) {
    bind_elements(p, names, packs, count, k);
    p->pos = s;
    DeclSpec ds;
    parse_declspec(p, &ds, false);
    Token *none;
    Type *t = parse_declarator(p, ds.ty, &none);
    leave_scope(p);
    (*out)[k] = (ParamDecl){base ? arena_printf(p->arena, "%s...%d", base, k) : NULL,
                            name ? name->loc : ds.loc, t, NULL};
  }
  p->toks[ell].kind = saved;
  if (base) {
    PackBinding *b = ARENA_NEW(p->arena, PackBinding);
    b->param = base;
    b->n = n;
    push_var(p, base)->pack = b;
  }
  p->pos = e;
  return true;
}

/* sizeof...(pack): the number of its elements; at the '...'. */
Node *generic_sizeof_pack(Parser *p, Loc loc) {
  next(p);
  bool paren = accept(p, TK_LPAREN);
  Token *t = tok(p);
  VarScope *vs = at(p, TK_IDENT) ? find_var(p, t->text, t->len) : NULL;
  if (!vs || !vs->pack) {
    if (t->kind == TK_IDENT)
      diag_error(p->diag, t->loc, "'%s' does not refer to the name of a parameter pack", tok_name(p, t));
    else
      diag_error(p->diag, t->loc, "expected the name of a parameter pack after 'sizeof...'");
    return err_node(p, loc);
  }
  next(p);
  if (paren) expect(p, TK_RPAREN, NULL);
  return new_num(p, vs->pack->n, ty_ulong, loc);
}

/* The operators a fold expression may use ([expr.prim.fold]), but the
 * assignments and pointer-to-member ones. */
static bool fold_op(TokenKind k, NodeKind *op) {
  switch (k) {
  case TK_PLUS: *op = ND_ADD; return true;
  case TK_MINUS: *op = ND_SUB; return true;
  case TK_STAR: *op = ND_MUL; return true;
  case TK_SLASH: *op = ND_DIV; return true;
  case TK_PERCENT: *op = ND_MOD; return true;
  case TK_AMP: *op = ND_BITAND; return true;
  case TK_PIPE: *op = ND_BITOR; return true;
  case TK_CARET: *op = ND_BITXOR; return true;
  case TK_SHL: *op = ND_SHL; return true;
  case TK_SHR: *op = ND_SHR; return true;
  case TK_LOGAND: *op = ND_LOGAND; return true;
  case TK_LOGOR: *op = ND_LOGOR; return true;
  case TK_EQ: *op = ND_EQ; return true;
  case TK_NE: *op = ND_NE; return true;
  case TK_LT: *op = ND_LT; return true;
  case TK_GT: *op = ND_GT; return true;
  case TK_LE: *op = ND_LE; return true;
  case TK_GE: *op = ND_GE; return true;
  case TK_COMMA: *op = ND_COMMA; return true;
  default: return false;
  }
}

static Node *fold_combine(Parser *p, NodeKind op, Node *a, Node *b, Loc loc) {
  if (is_err(p, a)) return a;
  if (is_err(p, b)) return b;
  return op == ND_COMMA ? sema_comma(p, a, b, loc) : sema_binary(p, op, a, b, loc);
}

/* The value of an empty unary fold: true for &&, false for ||, void()
 * for ','; an error for the others. */
static Node *fold_empty(Parser *p, NodeKind op, Token *op_tok, Loc loc) {
  if (op == ND_LOGAND || op == ND_LOGOR) return new_num(p, op == ND_LOGAND, ty_bool, loc);
  if (op == ND_COMMA) return new_cast(p, new_num(p, 0, ty_int, loc), ty_void);
  diag_error(p->diag, loc, "unary fold expression has empty expansion for operator '%s' with no fallback value",
             tok_name(p, op_tok));
  return err_node(p, loc);
}

/* One side of a binary fold, parsed on its own; tokens [s, e). */
static Node *fold_init(Parser *p, int s, int e) {
  TokenKind saved = p->toks[e].kind;
  p->toks[e].kind = TK_EOF;
  p->pos = s;
  Node *n = parse_cond_expr(p);
  p->toks[e].kind = saved;
  return n;
}

/* fold-expression = "(" pack op "..." ")" | "(" "..." op pack ")"
 *                 | "(" e op "..." op e ")" ; at '('. NULL (nothing
 * consumed) if the parentheses hold no fold. */
Node *generic_fold(Parser *p) {
  int lp = p->pos, rp = element_end(p, lp + 1), ell = -1;
  if (p->toks[rp].kind != TK_RPAREN) return NULL;
  for (int i = lp + 1, depth = 0; i < rp; i++) {
    TokenKind k = p->toks[i].kind;
    if (k == TK_LPAREN || k == TK_LBRACKET || k == TK_LBRACE) depth++;
    else if (k == TK_RPAREN || k == TK_RBRACKET || k == TK_RBRACE) depth--;
    else if (k == TK_ELLIPSIS && depth == 0) ell = i;
  }
  NodeKind op, op2;
  if (ell < 0) return NULL;
  bool op_before = ell > lp + 1 && fold_op(p->toks[ell - 1].kind, &op);
  bool op_after = ell + 1 < rp && fold_op(p->toks[ell + 1].kind, &op2);
  if (!op_before && !op_after) return NULL;
  Loc loc = p->toks[ell].loc;
  NodeVec elems = {0};
  Node *init = NULL, *acc;
  bool right;  /* (E op ...) and (E op ... op I) fold to the right */
  if (op_before && op_after) {  /* binary: the side with the pack is E */
    Token *names[MAX_PACK_NAMES];
    PackBinding *packs[MAX_PACK_NAMES];
    int n = 0;
    right = pack_names(p, lp + 1, ell - 1, names, packs, &n) > 0;
    init = right ? fold_init(p, ell + 2, rp) : fold_init(p, lp + 1, ell - 1);
    if (right) expand_exprs(p, lp + 1, ell - 1, &elems);
    else expand_exprs(p, ell + 2, rp, &elems);
  } else if (op_before) {
    right = true;
    expand_exprs(p, lp + 1, ell - 1, &elems);
  } else {
    right = false;
    op = op2;
    expand_exprs(p, ell + 2, rp, &elems);
  }
  Token *op_tok = &p->toks[op_before ? ell - 1 : ell + 1];
  if (elems.len == 0) acc = init ? init : fold_empty(p, op, op_tok, loc);
  else if (right) {
    acc = init ? fold_combine(p, op, elems.data[elems.len - 1], init, loc) : elems.data[elems.len - 1];
    for (int k = elems.len - 2; k >= 0; k--) acc = fold_combine(p, op, elems.data[k], acc, loc);
  } else {
    acc = init ? fold_combine(p, op, init, elems.data[0], loc) : elems.data[0];
    for (int k = 1; k < elems.len; k++) acc = fold_combine(p, op, acc, elems.data[k], loc);
  }
  p->pos = rp + 1;
  return acc;
}
