/* ast_dump.c: a readable dump of the typed AST, for the parser's unit
 * tests and for debugging. Expressions print as one-line s-expressions
 * with their types, "(add:int a:int (cast:int c:char))"; statements one per
 * line, indented. Read-only: it never changes the tree. */
#include "parse.h"

static const char *node_name(NodeKind k) {
  switch (k) {
  case ND_ADD: return "add";
  case ND_SUB: return "sub";
  case ND_MUL: return "mul";
  case ND_DIV: return "div";
  case ND_MOD: return "mod";
  case ND_BITAND: return "bitand";
  case ND_BITOR: return "bitor";
  case ND_BITXOR: return "bitxor";
  case ND_SHL: return "shl";
  case ND_SHR: return "shr";
  case ND_EQ: return "eq";
  case ND_NE: return "ne";
  case ND_LT: return "lt";
  case ND_LE: return "le";
  case ND_GT: return "gt";
  case ND_GE: return "ge";
  case ND_LOGAND: return "logand";
  case ND_LOGOR: return "logor";
  case ND_NEG: return "neg";
  case ND_BITNOT: return "bitnot";
  case ND_NOT: return "not";
  case ND_PTR_ADD: return "ptradd";
  case ND_PTR_SUB: return "ptrsub";
  case ND_PTR_DIFF: return "ptrdiff";
  case ND_ASSIGN: return "assign";
  case ND_COMPOUND_ASSIGN: return "cassign";
  case ND_PRE_INC: return "preinc";
  case ND_PRE_DEC: return "predec";
  case ND_POST_INC: return "postinc";
  case ND_POST_DEC: return "postdec";
  case ND_COND: return "cond";
  case ND_COMMA: return "comma";
  case ND_MEMBER: return "member";
  case ND_ADDR: return "addr";
  case ND_DEREF: return "deref";
  case ND_DECAY: return "decay";
  case ND_CAST: return "cast";
  case ND_CALL: return "call";
  case ND_BUILTIN: return "builtin";
  case ND_INIT_LIST: return "init";
  case ND_ZERO_INIT: return "zero";
  case ND_STMT_EXPR: return "stmtexpr";
  default: return "?";
  }
}

static void put_type(StrBuf *b, Type *t) {
  Arena a;
  arena_init(&a);
  strbuf_puts(b, t ? type_name(&a, t) : "?");
  arena_free(&a);
}

static void dump_expr(StrBuf *b, Node *n, int depth);

static void dump_children(StrBuf *b, Node *n, int depth) {
  if (n->lhs) { strbuf_putc(b, ' '); dump_expr(b, n->lhs, depth); }
  if (n->rhs) { strbuf_putc(b, ' '); dump_expr(b, n->rhs, depth); }
  for (Node *a = n->args; a; a = a->next) { strbuf_putc(b, ' '); dump_expr(b, a, depth); }
}

static void dump_expr(StrBuf *b, Node *n, int depth) {
  if (depth > 1000) { strbuf_puts(b, "..."); return; }
  if (!n) { strbuf_puts(b, "(missing)"); return; }
  depth++;
  switch (n->kind) {
  case ND_NUM:
    if (n->ty && type_is_flonum(n->ty)) strbuf_printf(b, "%g:", n->fval);
    else strbuf_printf(b, "%lld:", (long long)n->ival);
    put_type(b, n->ty);
    return;
  case ND_STR:
    strbuf_putc(b, '"');
    for (int i = 0; i + 1 < n->str_len; i++) {
      unsigned char c = (unsigned char)n->str[i];
      if (c >= 32 && c < 127 && c != '"' && c != '\\') strbuf_putc(b, (char)c);
      else strbuf_printf(b, "\\x%02x", c);
    }
    strbuf_putc(b, '"');
    return;
  case ND_VAR: case ND_FUNCREF:
    strbuf_printf(b, "%s:", n->obj->name ? n->obj->name : "?");
    put_type(b, n->ty);
    return;
  case ND_BUILTIN_VAR: {
    static const char *names[] = {"threadIdx", "blockIdx", "blockDim", "gridDim"};
    strbuf_printf(b, "%s.%c", n->builtin >= 0 && n->builtin < 4 ? names[n->builtin] : "?",
                  "xyz?"[n->ival >= 0 && n->ival < 3 ? n->ival : 3]);
    return;
  }
  case ND_COND:
    strbuf_puts(b, "(cond:");
    put_type(b, n->ty);
    strbuf_putc(b, ' ');
    dump_expr(b, n->cond, depth);
    strbuf_putc(b, ' ');
    dump_expr(b, n->then, depth);
    strbuf_putc(b, ' ');
    dump_expr(b, n->els, depth);
    strbuf_putc(b, ')');
    return;
  default:
    break;
  }
  strbuf_printf(b, "(%s", node_name(n->kind));
  if (n->kind == ND_COMPOUND_ASSIGN) strbuf_printf(b, "[%s@", node_name(n->op)), put_type(b, n->op_ty), strbuf_putc(b, ']');
  if (n->kind == ND_BUILTIN) strbuf_printf(b, "#%d", n->builtin);
  strbuf_putc(b, ':');
  put_type(b, n->ty);
  if (n->kind == ND_MEMBER) strbuf_printf(b, " .%s", n->member && n->member->name ? n->member->name : "<anon>");
  if (n->kind == ND_CALL) strbuf_printf(b, " %s", n->obj->name);
  if (n->kind == ND_INIT_LIST && n->member) strbuf_printf(b, " .%s", n->member->name ? n->member->name : "<anon>");
  dump_children(b, n, depth);
  strbuf_putc(b, ')');
}

static void indent(StrBuf *b, int n) {
  for (int i = 0; i < n; i++) strbuf_puts(b, "  ");
}

static void dump_stmt(StrBuf *b, Node *n, int ind);

static void dump_opt_expr(StrBuf *b, const char *label, Node *n) {
  if (!n) return;
  strbuf_printf(b, " %s=", label);
  dump_expr(b, n, 0);
}

static void dump_decl(StrBuf *b, Node *n) {
  Obj *v = n->obj;
  strbuf_printf(b, "decl %s:", v->name);
  put_type(b, v->ty);
  static const char *spaces[] = {"generic", "global", "shared", "constant", "local", "param"};
  if (v->space != AS_LOCAL) strbuf_printf(b, " %s", spaces[v->space]);
  if (v->is_static) strbuf_puts(b, " static");
  if (v->is_extern_shared) strbuf_puts(b, " extern_shared");
  dump_opt_expr(b, "init", v->init);
}

void ast_dump_node(StrBuf *b, Node *n, int ind) {
  dump_stmt(b, n, ind);
}

static void dump_stmt(StrBuf *b, Node *n, int ind) {
  if (ind > 600) return;
  indent(b, ind);
  if (!n) {
    strbuf_puts(b, "(missing)\n");
    return;
  }
  switch (n->kind) {
  case ND_BLOCK:
    strbuf_puts(b, "block\n");
    for (Node *s = n->body; s; s = s->next) dump_stmt(b, s, ind + 1);
    return;
  case ND_EXPR_STMT:
    strbuf_puts(b, "expr ");
    dump_expr(b, n->lhs, 0);
    break;
  case ND_DECL: dump_decl(b, n); break;
  case ND_IF:
    strbuf_puts(b, "if");
    dump_opt_expr(b, "cond", n->cond);
    strbuf_putc(b, '\n');
    dump_stmt(b, n->then, ind + 1);
    if (n->els) {
      indent(b, ind);
      strbuf_puts(b, "else\n");
      dump_stmt(b, n->els, ind + 1);
    }
    return;
  case ND_FOR:
    strbuf_puts(b, "for");
    dump_opt_expr(b, "cond", n->cond);
    dump_opt_expr(b, "inc", n->inc);
    strbuf_putc(b, '\n');
    if (n->init) dump_stmt(b, n->init, ind + 1);
    dump_stmt(b, n->then, ind + 1);
    return;
  case ND_DO:
    strbuf_puts(b, "do");
    dump_opt_expr(b, "cond", n->cond);
    strbuf_putc(b, '\n');
    dump_stmt(b, n->then, ind + 1);
    return;
  case ND_SWITCH:
    strbuf_puts(b, "switch");
    dump_opt_expr(b, "cond", n->cond);
    strbuf_puts(b, " cases=");
    for (Node *c = n->case_next; c; c = c->case_next) {
      if (c->is_default) strbuf_puts(b, "default,");
      else strbuf_printf(b, "%lld,", (long long)c->ival);
    }
    strbuf_putc(b, '\n');
    dump_stmt(b, n->then, ind + 1);
    return;
  case ND_CASE:
    if (n->is_default) strbuf_puts(b, "default:\n");
    else strbuf_printf(b, "case %lld:\n", (long long)n->ival);
    dump_stmt(b, n->then, ind + 1);
    return;
  case ND_BREAK: strbuf_puts(b, "break"); break;
  case ND_CONTINUE: strbuf_puts(b, "continue"); break;
  case ND_RETURN:
    strbuf_puts(b, "return");
    if (n->lhs) { strbuf_putc(b, ' '); dump_expr(b, n->lhs, 0); }
    break;
  case ND_NULL_STMT: strbuf_puts(b, "null"); break;
  case ND_ASM: strbuf_printf(b, "asm \"%s\"", n->asm_stmt->text); break;
  default:
    strbuf_puts(b, "?stmt ");
    dump_expr(b, n, 0);
    break;
  }
  strbuf_putc(b, '\n');
}

static void dump_obj(StrBuf *b, Obj *o) {
  static const char *spaces[] = {"generic", "global", "shared", "constant", "local", "param"};
  if (!o->is_function) {
    strbuf_printf(b, "var %s:", o->name);
    put_type(b, o->ty);
    strbuf_printf(b, " %s", spaces[o->space]);
    if (o->is_extern) strbuf_puts(b, " extern");
    if (o->align) strbuf_printf(b, " align=%d", o->align);
    dump_opt_expr(b, "init", o->init);
    strbuf_putc(b, '\n');
    return;
  }
  strbuf_printf(b, "func %s:", o->name);
  put_type(b, o->ty);
  if (o->exec & EXEC_GLOBAL) strbuf_printf(b, " __global__ #%d", o->ordinal);
  if (o->exec & EXEC_HOST) strbuf_puts(b, " __host__");
  if (o->exec & EXEC_DEVICE) strbuf_puts(b, " __device__");
  if (o->is_forceinline) strbuf_puts(b, " forceinline");
  if (o->is_noinline) strbuf_puts(b, " noinline");
  if (o->launch_bounds[0]) strbuf_printf(b, " launch_bounds(%d,%d)", o->launch_bounds[0], o->launch_bounds[1]);
  strbuf_putc(b, '\n');
  if (!o->body) return;
  strbuf_puts(b, "  params:");
  for (Obj *v = o->params; v; v = v->next) {
    strbuf_printf(b, " %s:", v->name ? v->name : "_");
    put_type(b, v->ty);
    strbuf_printf(b, "@%s", spaces[v->space]);
  }
  strbuf_puts(b, "\n  locals:");
  for (Obj *v = o->locals; v; v = v->next) {
    strbuf_printf(b, " %s:", v->name);
    put_type(b, v->ty);
    if (v->space != AS_LOCAL) strbuf_printf(b, "@%s", spaces[v->space]);
  }
  strbuf_putc(b, '\n');
  dump_stmt(b, o->body, 1);
}

void ast_dump(StrBuf *b, Program *prog) {
  for (Obj *o = prog->globals; o; o = o->next) dump_obj(b, o);
}
