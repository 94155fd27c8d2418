/* parse_asm.c: GNU asm statements in device code, as nvcc takes them:
 *   asm [volatile] ("PTX" : "=r"(out), ... : "r"(in), ... : "memory");
 * Builds an ND_ASM node (ast.h AsmStmt): the decoded template with the
 * locations of its literal pieces, and the operands with their checked
 * expressions. The PTX itself is not read here: ir/lower_asm.c lowers it
 * (and reports what it does not know). asm goto is not supported. */
#include "parse_internal.h"

#include <string.h>

typedef Vec(AsmOperand) AsmOperandVec;

static bool is_ident(Parser *p, const char *s) {
  return at(p, TK_IDENT) && token_is(tok(p), s);
}

/* Decodes one escape of a string literal (C11 6.4.4.4) at *s. */
static char decode_escape(const char **s, const char *end) {
  const char *q = *s + 1;
  char c = q < end ? *q++ : '\\';
  switch (c) {
  case 'n': c = '\n'; break;
  case 't': c = '\t'; break;
  case 'r': c = '\r'; break;
  case 'v': c = '\v'; break;
  case 'f': c = '\f'; break;
  case 'a': c = '\a'; break;
  case 'b': c = '\b'; break;
  case 'x': {
    int v = 0;
    while (q < end && strchr("0123456789abcdefABCDEF", *q) && *q)
      v = v * 16 + (*q <= '9' ? *q - '0' : (*q | 0x20) - 'a' + 10), q++;
    c = (char)v;
    break;
  }
  default:
    if (c >= '0' && c <= '7') {
      int v = c - '0';
      for (int i = 0; i < 2 && q < end && *q >= '0' && *q <= '7'; i++) v = v * 8 + (*q++ - '0');
      c = (char)v;
    }
    break;
  }
  *s = q;
  return c;
}

/* template = TK_STR+ : joined, with one AsmPiece per literal. */
static bool parse_asm_template(Parser *p, AsmStmt *a) {
  if (!at(p, TK_STR)) {
    diag_error(p->diag, tok(p)->loc, "expected string literal in 'asm'");
    return false;
  }
  StrBuf b = {0};
  Vec(AsmPiece) pieces = {0};
  while (at(p, TK_STR)) {
    Token *t = tok(p);
    AsmPiece pc = {t->loc, t->text, t->len, (int)b.len};
    vec_push(p->arena, &pieces, pc);
    const char *s = memchr(t->text, '"', (size_t)t->len), *end = t->text + t->len - 1;
    for (s = s ? s + 1 : end; s < end;)
      strbuf_putc(&b, *s == '\\' ? decode_escape(&s, end) : *s++);
    next(p);
  }
  a->text_len = (int)b.len;
  a->text = arena_strndup(p->arena, b.data ? b.data : "", b.len);
  strbuf_free(&b);
  a->pieces = pieces.data;
  a->piece_count = pieces.len;
  return true;
}

/* The string of a constraint or clobber. */
static const char *asm_string(Parser *p) {
  Token *t = tok(p);
  if (!at(p, TK_STR)) {
    diag_error(p->diag, t->loc, "expected string literal in 'asm'");
    return NULL;
  }
  next(p);
  const char *s = memchr(t->text, '"', (size_t)t->len);
  if (!s) return "";
  return arena_strndup(p->arena, s + 1, (size_t)(t->text + t->len - 1 - (s + 1)));
}

/* Checks an operand's expression against its constraint. */
static Node *asm_operand_expr(Parser *p, AsmOperand *op, Loc loc) {
  Node *e = parse_expr(p);
  if (is_err(p, e)) return e;
  if (op->is_output) {
    if (!sema_is_lvalue(e) || e->ty->kind == TY_ARRAY) {
      diag_error(p->diag, e->loc, "invalid lvalue in asm output");
      return err_node(p, e->loc);
    }
    if (e->ty->is_const) {
      diag_error(p->diag, e->loc, "cannot assign to a const object in asm output");
      return err_node(p, e->loc);
    }
    return e;
  }
  e = rvalue(p, e);
  if (!type_is_scalar(e->ty)) {
    diag_error(p->diag, e->loc, "invalid type '%s' in asm input",
               type_name(p->arena, e->ty));
    return err_node(p, e->loc);
  }
  if (strpbrk(op->constraint, "ni") && !strpbrk(op->constraint, "rlhfdc")) {
    int64_t v;
    if (!type_is_integer(e->ty) || !eval_int(p, e, &v)) {
      diag_error(p->diag, loc, "constraint '%s' expects an integer constant expression",
                 op->constraint);
      return err_node(p, e->loc);
    }
    return new_num(p, v, e->ty, e->loc);
  }
  return e;
}

/* operand = ("[" ident "]")? string "(" expr ")" */
static bool parse_asm_operand(Parser *p, AsmOperandVec *ops, bool output) {
  AsmOperand op = {0};
  if (accept(p, TK_LBRACKET)) {
    if (at(p, TK_IDENT)) op.name = tok_name(p, tok(p));
    next(p);
    if (!expect(p, TK_RBRACKET, NULL)) return false;
  }
  Loc loc = tok(p)->loc;
  op.constraint = asm_string(p);
  if (!op.constraint) return false;
  op.is_output = output;
  op.is_inout = output && strchr(op.constraint, '+');
  if (output && !strpbrk(op.constraint, "=+")) {
    diag_error(p->diag, loc, "output operand constraint lacks '='");
    return false;
  }
  if (!output && strpbrk(op.constraint, "=+")) {
    diag_error(p->diag, loc, "input operand constraint contains '%c'",
               strchr(op.constraint, '=') ? '=' : '+');
    return false;
  }
  if (!expect(p, TK_LPAREN, NULL)) return false;
  op.expr = asm_operand_expr(p, &op, loc);
  vec_push(p->arena, ops, op);
  return expect(p, TK_RPAREN, NULL) && !is_err(p, op.expr);
}

/* A ':' (or half of a '::'); *half tracks a '::' whose first ':' was used. */
static bool asm_colon(Parser *p, bool *half) {
  if (*half) {
    *half = false;
    next(p);
    return true;
  }
  if (accept(p, TK_COLON)) return true;
  if (at(p, TK_SCOPE)) {
    *half = true;
    return true;
  }
  return false;
}

/* operands = (operand ("," operand)*)? */
static bool parse_asm_operands(Parser *p, AsmOperandVec *ops, bool output, bool half) {
  if (half || at(p, TK_COLON) || at(p, TK_SCOPE) || at(p, TK_RPAREN)) return true;
  do {
    if (!parse_asm_operand(p, ops, output)) return false;
  } while (accept(p, TK_COMMA));
  return true;
}

/* clobbers = (string ("," string)*)? */
static bool parse_asm_clobbers(Parser *p, AsmStmt *a) {
  if (at(p, TK_RPAREN)) return true;
  do {
    const char *c = asm_string(p);
    if (!c) return false;
    if (!strcmp(c, "memory")) a->clobbers_memory = true;
  } while (accept(p, TK_COMMA));
  return true;
}

/* asm-body = "(" template (":" operands (":" operands (":" clobbers)?)?)? ")" */
static bool parse_asm_body(Parser *p, AsmStmt *a) {
  if (!expect(p, TK_LPAREN, "after 'asm'")) return false;
  if (!parse_asm_template(p, a)) return false;
  AsmOperandVec ops = {0};
  bool half = false, ok = true;
  if (asm_colon(p, &half)) {
    ok = parse_asm_operands(p, &ops, true, half);
    if (ok && asm_colon(p, &half)) {
      ok = parse_asm_operands(p, &ops, false, half);
      if (ok && asm_colon(p, &half)) ok = parse_asm_clobbers(p, a);
    }
  }
  a->ops = ops.data;
  a->op_count = ops.len;
  return ok && expect(p, TK_RPAREN, NULL);
}

/* asm-stmt = ("asm" | "__asm__") ("volatile" | "__volatile__" | "inline")*
 *            asm-body ";" */
Node *parse_asm_stmt(Parser *p) {
  Loc loc = tok(p)->loc;
  next(p);
  AsmStmt *a = ARENA_NEW(p->arena, AsmStmt);
  for (;;) {
    if (accept(p, KW_VOLATILE) || (is_ident(p, "__volatile__") && (next(p), true)) ||
        (is_ident(p, "__volatile") && (next(p), true)))
      a->is_volatile = true;
    else if (at(p, KW_INLINE) || at(p, KW_INLINE_GNU) || at(p, KW_INLINE_GNU2))
      next(p);
    else
      break;
  }
  if (at(p, KW_GOTO)) {
    diag_unsupported(p->diag, tok(p)->loc, "asm goto");
    sync_stmt(p);
    return new_node(p, ND_NULL_STMT, loc);
  }
  if (!parse_asm_body(p, a)) {
    sync_stmt(p);
    return new_node(p, ND_NULL_STMT, loc);
  }
  expect(p, TK_SEMI, "after 'asm'");
  Node *n = new_node(p, ND_ASM, loc);
  n->asm_stmt = a;
  return n;
}
