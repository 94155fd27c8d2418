/* parse_missing_type.c: a declaration whose type is a qualified name that
 * names no type (cuda::barrier, cg::block_tile_memory<N>) is reported as
 * an unknown type name, not as a missing type specifier. Only the report;
 * parse_decl.c recovers. (`virtual` is reported as a specifier there.) */
#include "parse_internal.h"

/* A qualified name A::B(::C)* used as a type: it is not one. The tokens
 * are consumed; false (nothing consumed) when it is not that shape or a
 * '(' follows (a qualified declarator, handled elsewhere). */
static bool report_qualified(Parser *p) {
  int n = 0;
  while (peek_at(p, n)->kind == TK_IDENT && peek_at(p, n + 1)->kind == TK_SCOPE) n += 2;
  if (n == 0 || peek_at(p, n)->kind != TK_IDENT) return false;
  TokenKind after = peek_at(p, n + 1)->kind;
  if (after != TK_IDENT && after != TK_LT && after != TK_STAR && after != TK_AMP) return false;
  StrBuf b = {0};
  for (int i = 0; i <= n; i++) strbuf_puts(&b, tok_name(p, peek_at(p, i)));
  diag_error(p->diag, tok(p)->loc, "unknown type name '%s'", b.data);
  strbuf_free(&b);
  for (int i = 0; i <= n; i++) next(p);
  return true;
}

/* True when it reported why the declaration at the current token has no
 * type; false leaves the generic report to the caller. */
bool decl_report_missing_type(Parser *p) {
  return report_qualified(p);
}
