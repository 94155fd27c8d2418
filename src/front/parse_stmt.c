/* parse_stmt.c: statements of C inside device functions: blocks with
 * local declarations, if/else, loops (while and for both become ND_FOR),
 * switch with checked case labels, break/continue/return with their
 * context checks, static_assert. goto is reported as not supported.
 * Declarations are in parse_decl.c, expressions in parse_expr.c. */
#include "parse_internal.h"

static Node *parse_stmt(Parser *p);

static Node *stmt_node(Parser *p, NodeKind kind, Loc loc) {
  return new_node(p, kind, loc);
}

/* "(" expr ")" as a condition, converted to bool. */
static Node *paren_cond(Parser *p) {
  if (!expect(p, TK_LPAREN, NULL)) return err_node(p, tok(p)->loc);
  TokenKind after = peek_at(p, 1)->kind;  /* T::v, T(x), Tr<T>::v are expressions */
  if (is_typename(p, tok(p)) && after != TK_SCOPE && after != TK_LPAREN && after != TK_LT) {
    diag_unsupported(p->diag, tok(p)->loc, "declaration in a condition");
    sync_stmt(p);
    return err_node(p, tok(p)->loc);
  }
  Node *c = to_bool(p, parse_expr(p));
  expect(p, TK_RPAREN, NULL);
  return c;
}

/* A statement in its own scope (the body of if/for/while, C11 6.8.5p5). */
static Node *scoped_stmt(Parser *p) {
  enter_scope(p);
  int mark = p->dtor_live.len;
  Node *s = parse_stmt(p);
  Node *calls = dtor_calls_to(p, mark, s->loc);  /* parse_dtor.c */
  if (calls) {
    Node *b = stmt_node(p, ND_BLOCK, s->loc);
    b->body = s;
    s->next = calls;
    s = b;
  }
  leave_scope(p);
  return s;
}

/* The statement(s) a declaration produced, as one statement. */
static Node *as_block(Parser *p, Node *list, Loc loc) {
  if (list && !list->next) return list;
  Node *b = stmt_node(p, ND_BLOCK, loc);
  b->body = list;
  return b;
}

/* if constexpr (c) s1 else s2: in an instantiation only the taken
 * branch is parsed (parse_generic.c skips the other). */
static Node *parse_if_constexpr(Parser *p, Node *n) {
  next(p);
  n->cond = paren_cond(p);
  bool val = true;
  bool ok = generic_constexpr_cond(p, n->cond, &val);
  if (ok && !val && generic_discard_stmt(p)) n->then = stmt_node(p, ND_NULL_STMT, n->loc);
  else n->then = scoped_stmt(p);
  if (!accept(p, KW_ELSE)) return n;
  if (ok && val && generic_discard_stmt(p)) return n;
  n->els = scoped_stmt(p);
  return n;
}

static Node *parse_if(Parser *p) {
  Node *n = stmt_node(p, ND_IF, tok(p)->loc);
  next(p);
  if (at(p, KW_CONSTEXPR)) return parse_if_constexpr(p, n);
  n->cond = paren_cond(p);
  n->then = scoped_stmt(p);
  if (accept(p, KW_ELSE)) n->els = scoped_stmt(p);
  return n;
}

static Node *loop_body(Parser *p) {
  p->loop_depth++;
  p->break_depth++;
  int loop_mark = p->dtor_loop_mark, break_mark = p->dtor_break_mark;
  p->dtor_loop_mark = p->dtor_break_mark = p->dtor_live.len;  /* parse_dtor.c */
  Node *body = scoped_stmt(p);
  p->dtor_loop_mark = loop_mark;
  p->dtor_break_mark = break_mark;
  p->loop_depth--;
  p->break_depth--;
  return body;
}

/* while-stmt = "while" "(" expr ")" stmt  => ND_FOR without init/inc */
static Node *parse_while(Parser *p) {
  Node *n = stmt_node(p, ND_FOR, tok(p)->loc);
  next(p);
  n->cond = paren_cond(p);
  n->then = loop_body(p);
  return n;
}

/* do-stmt = "do" stmt "while" "(" expr ")" ";" */
static Node *parse_do(Parser *p) {
  Node *n = stmt_node(p, ND_DO, tok(p)->loc);
  next(p);
  n->then = loop_body(p);
  if (!expect(p, KW_WHILE, "in do/while loop")) {
    sync_stmt(p);
    return n;
  }
  n->cond = paren_cond(p);
  if (!expect(p, TK_SEMI, "after do/while statement")) sync_stmt(p);
  return n;
}

/* Is the for-init at the current position `decl ":"` (a range-based
 * for)? Looks for a ':' outside brackets that no '?' claims. */
static bool is_range_for(Parser *p) {
  int depth = 0, conds = 0;
  for (int i = p->pos;; i++) {
    TokenKind k = p->toks[i].kind;
    if (k == TK_EOF || (depth == 0 && (k == TK_SEMI || k == TK_RPAREN))) return false;
    if (k == TK_LPAREN || k == TK_LBRACKET || k == TK_LBRACE) depth++;
    else if (k == TK_RPAREN || k == TK_RBRACKET || k == TK_RBRACE) depth--;
    else if (depth == 0 && k == TK_QUESTION) conds++;
    else if (depth == 0 && k == TK_COLON && conds-- == 0) return true;
  }
}

static Node *var_ref(Parser *p, Obj *v, Loc loc) {
  Node *n = new_node(p, ND_VAR, loc);
  n->obj = v;
  n->ty = v->ty;
  return n;
}

static Node *decl_of(Parser *p, Obj *v, Node *init, Loc loc) {
  v->init = init;
  Node *d = stmt_node(p, ND_DECL, loc);
  d->obj = v;
  return d;
}

/* An lvalue without side effects (x, x.m, p->m with p a variable): the
 * loop can name it at each iteration. */
static bool is_plain_lvalue(Node *e) {
  for (int depth = 0; depth < 16; depth++) {
    if (e->kind == ND_VAR) return true;
    if (e->kind == ND_MEMBER) e = e->lhs;
    else if (e->kind == ND_DEREF && e->lhs->kind == ND_VAR) return true;
    else return false;
  }
  return false;
}

/* The loop variable's type: `auto` (const or not) is the element's type;
 * `&`/`&&` after the specifiers make it a reference (C++17 [stmt.ranged]). */
static Type *range_var_type(Parser *p, DeclSpec *ds, Type *elem, int ref) {
  Type *t = ds->ty;
  if (t == p->auto_ty || t->origin == p->auto_ty)
    t = qualify(p, type_unqual(elem), t->is_const, t->is_volatile, false);
  if (!ref) return t;
  Type *r = type_ref_to(p->arena, t);
  r->is_ref = ref;
  return r;
}

/* range-for = decl-specifiers ("&" | "&&")? declarator ":" expr ")" stmt
 * over an array of known size, as
 *   { T *__r = range; for (int __i = 0; __i < N; ++__i) { decl = __r[__i]; stmt } } */
static Node *parse_range_for(Parser *p, Node *n) {
  DeclSpec ds;
  parse_declspec(p, &ds, false);
  int ref = accept(p, TK_AMP) ? 1 : accept(p, TK_LOGAND) ? 2 : 0;
  Token *name = NULL;
  Type *ty = parse_declarator(p, ds.ty, &name);
  expect(p, TK_COLON, NULL);
  Node *range = parse_expr(p);
  expect(p, TK_RPAREN, NULL);
  if (is_err(p, range)) return stmt_node(p, ND_NULL_STMT, n->loc);
  Type *rt = type_unqual(range->ty);
  if (rt->kind != TY_ARRAY || rt->array_len < 0) {
    diag_error(p->diag, range->loc, "invalid range expression of type '%s'; no viable 'begin' function available",
               type_name(p->arena, range->ty));
    enter_scope(p);
    if (name) new_local(p, tok_name(p, name), p->err_ty, name->loc);
    loop_body(p);
    leave_scope(p);
    return stmt_node(p, ND_NULL_STMT, n->loc);
  }
  Obj *i = new_local(p, NULL, ty_int, n->loc);
  i->name = "__index";
  Node *idx0 = decl_of(p, i, new_num(p, 0, ty_int, n->loc), n->loc);
  Obj *r = NULL;
  if (!is_plain_lvalue(range)) {  /* evaluated once, through a pointer */
    Node *base = rvalue(p, range);  /* decays */
    r = new_local(p, NULL, base->ty, n->loc);
    r->name = "__range";
    n->init = decl_of(p, r, base, n->loc);
    n->init->next = idx0;
  } else {
    n->init = idx0;  /* a variable or member: indexed directly */
  }
  Node *blk = stmt_node(p, ND_BLOCK, n->loc);
  blk->body = n->init;
  n->init = blk;
  n->cond = to_bool(p, sema_binary(p, ND_LT, var_ref(p, i, n->loc),
                                   new_num(p, rt->array_len, ty_int, n->loc), n->loc));
  n->inc = sema_incdec(p, ND_PRE_INC, var_ref(p, i, n->loc), n->loc);
  Node *elem = sema_subscript(p, r ? var_ref(p, r, n->loc) : range, var_ref(p, i, n->loc), n->loc);
  if (ty == ds.ty) ty = range_var_type(p, &ds, elem->ty, ref);
  else if (ref) ty = range_var_type(p, &(DeclSpec){.ty = ty}, elem->ty, ref);
  enter_scope(p);
  Obj *v = new_local(p, name ? tok_name(p, name) : NULL, ty, name ? name->loc : n->loc);
  Node *vd = decl_of(p, v, convert_assign(p, elem, ty, CONV_INIT, n->loc), n->loc);
  Node *body = stmt_node(p, ND_BLOCK, n->loc);
  body->body = vd;
  vd->next = loop_body(p);
  leave_scope(p);
  n->then = body;
  return n;
}

/* for-stmt = "for" "(" (decl | expr? ";") expr? ";" expr? ")" stmt */
static Node *parse_for(Parser *p) {
  Node *n = stmt_node(p, ND_FOR, tok(p)->loc);
  next(p);
  enter_scope(p);
  if (!expect(p, TK_LPAREN, NULL)) {
    leave_scope(p);
    sync_stmt(p);
    return stmt_node(p, ND_NULL_STMT, n->loc);
  }
  if (is_typename(p, tok(p)) && is_range_for(p)) {
    n = parse_range_for(p, n);
    leave_scope(p);
    return n;
  }
  if (is_typename(p, tok(p))) {
    n->init = as_block(p, parse_local_decl(p), n->loc);
  } else if (!accept(p, TK_SEMI)) {
    Node *e = stmt_node(p, ND_EXPR_STMT, tok(p)->loc);
    e->lhs = parse_expr(p);
    n->init = e;
    expect(p, TK_SEMI, "in 'for' statement specifier");
  }
  if (at(p, TK_COLON)) diag_unsupported(p->diag, tok(p)->loc, "range-based for loop");
  if (!at(p, TK_SEMI)) n->cond = to_bool(p, parse_expr(p));
  expect(p, TK_SEMI, "in 'for' statement specifier");
  if (!at(p, TK_RPAREN)) n->inc = parse_expr(p);
  expect(p, TK_RPAREN, NULL);
  n->then = loop_body(p);
  leave_scope(p);
  return n;
}

/* switch-stmt = "switch" "(" expr ")" stmt */
static Node *parse_switch(Parser *p) {
  Node *n = stmt_node(p, ND_SWITCH, tok(p)->loc);
  next(p);
  expect(p, TK_LPAREN, NULL);
  Node *c = promote(p, parse_expr(p));
  expect(p, TK_RPAREN, NULL);
  if (!is_err(p, c) && !type_is_integer(c->ty)) {
    diag_error(p->diag, c->loc, "statement requires expression of integer type ('%s' invalid)",
               type_name(p->arena, c->ty));
    c = err_node(p, c->loc);
  }
  n->cond = c;
  n->ty = is_err(p, c) ? ty_int : type_unqual(c->ty);
  Node *outer = p->cur_switch;
  p->cur_switch = n;
  p->break_depth++;
  int break_mark = p->dtor_break_mark;
  p->dtor_break_mark = p->dtor_live.len;  /* parse_dtor.c */
  n->then = scoped_stmt(p);
  p->dtor_break_mark = break_mark;
  p->break_depth--;
  p->cur_switch = outer;
  return n;
}

/* case-stmt = "case" const-expr ":" stmt | "default" ":" stmt */
static Node *parse_case(Parser *p) {
  Token *kw = tok(p);
  next(p);
  Node *n = stmt_node(p, ND_CASE, kw->loc);
  n->is_default = kw->kind == KW_DEFAULT;
  int errs = error_count(p);  /* a non-constant label is no duplicate */
  if (!n->is_default) {
    Loc l;
    n->ival = parse_const_int(p, &l);
    if (at(p, TK_ELLIPSIS)) diag_unsupported(p->diag, tok(p)->loc, "case range");
  }
  if (!expect(p, TK_COLON, n->is_default ? "after 'default'" : "after 'case'")) sync_stmt(p);
  Node *sw = p->cur_switch;
  if (!sw) {
    diag_error(p->diag, kw->loc, "'%s' statement not in switch statement",
               n->is_default ? "default" : "case");
  } else {
    Node *tail = NULL;
    if (!n->is_default) {
      Node *c = new_cast(p, new_num(p, n->ival, ty_llong, kw->loc), sw->ty);
      int64_t v;
      if (eval_int(p, c, &v)) n->ival = v;
    }
    for (Node *c = sw->case_next; c && error_count(p) == errs; c = c->case_next) {
      if (c->is_default == n->is_default && (n->is_default || c->ival == n->ival)) {
        if (n->is_default) diag_error(p->diag, kw->loc, "multiple default labels in one switch");
        else diag_error(p->diag, kw->loc, "duplicate case value '%lld'", (long long)n->ival);
        diag_note(p->diag, c->loc, "previous case defined here");
        break;
      }
      tail = c;
    }
    for (tail = sw->case_next; tail && tail->case_next; tail = tail->case_next) {}
    if (tail) tail->case_next = n;
    else sw->case_next = n;
  }
  if (at(p, TK_RBRACE)) {
    n->then = stmt_node(p, ND_NULL_STMT, tok(p)->loc); /* C23 label at end of block */
    return n;
  }
  n->then = parse_stmt(p);
  return n;
}

/* return-stmt = "return" expr? ";" */
static Node *parse_return(Parser *p) {
  int temp_mark = p->dtor_temps.len;
  Node *n = stmt_node(p, ND_RETURN, tok(p)->loc);
  next(p);
  Type *rt = p->fn ? p->fn->ty->return_ty : ty_void;
  if (rt == p->auto_ty && at(p, TK_SEMI)) rt = p->fn->ty->return_ty = ty_void;  /* a lambda's */
  if (!at(p, TK_SEMI)) {
    Node *e = at(p, TK_LBRACE) ? ctor_init_elem(p, rt) : NULL;  /* return {args}: parse_ctor.c */
    if (!e && at(p, TK_LBRACE)) e = class_temporary(p, rt, tok(p)->loc);  /* an aggregate's */
    if (!e) e = parse_expr(p);
    if (rt == p->auto_ty)  /* a lambda's return type: deduced from the first return */
      rt = p->fn->ty->return_ty = is_err(p, e) ? p->err_ty : type_unqual(rvalue(p, e)->ty);
    if (type_unqual(rt)->kind == TY_VOID) {
      if (!is_err(p, e) && type_unqual(e->ty)->kind != TY_VOID)
        diag_error(p->diag, n->loc, "void function '%s' should not return a value",
                   p->fn ? p->fn->name : "");
      n->lhs = e;
    } else {
      n->lhs = convert_assign(p, e, rt, CONV_RETURN, e->loc);
    }
  } else if (type_unqual(rt)->kind != TY_VOID && rt != p->err_ty) {
    diag_error(p->diag, n->loc, "non-void function '%s' should return a value",
               p->fn ? p->fn->name : "");
  }
  if (!expect(p, TK_SEMI, "after return statement")) sync_stmt(p);
  return dtor_wrap_return(p, n, temp_mark);  /* parse_dtor.c */
}

static Node *parse_jump(Parser *p) {
  Token *t = tok(p);
  next(p);
  Node *n = stmt_node(p, t->kind == KW_BREAK ? ND_BREAK : ND_CONTINUE, t->loc);
  if (t->kind == KW_BREAK && p->break_depth == 0)
    diag_error(p->diag, t->loc, "'break' statement not in loop or switch statement");
  if (t->kind == KW_CONTINUE && p->loop_depth == 0)
    diag_error(p->diag, t->loc, "'continue' statement not in loop statement");
  if (!expect(p, TK_SEMI, t->kind == KW_BREAK ? "after break statement" : "after continue statement"))
    sync_stmt(p);
  return dtor_jump(p, n, t->kind == KW_BREAK ? p->dtor_break_mark : p->dtor_loop_mark);  /* parse_dtor.c */
}

/* static_assert "(" const-expr ("," string)? ")" ";" */
static Node *parse_static_assert(Parser *p) {
  Loc loc = tok(p)->loc;
  next(p);
  expect(p, TK_LPAREN, NULL);
  Node *e = parse_assign(p);
  const char *msg = NULL;
  if (accept(p, TK_COMMA)) {
    Node *s = parse_assign(p);
    if (s->kind == ND_STR) msg = s->str;
  }
  expect(p, TK_RPAREN, NULL);
  if (!expect(p, TK_SEMI, "after static_assert")) sync_stmt(p);
  int64_t v;
  if (!is_err(p, e)) {
    if (!type_is_integer(e->ty) || !eval_int(p, e, &v))
      diag_error(p->diag, e->loc, "static assertion expression is not an integral constant expression");
    else if (!v && msg)
      diag_error(p->diag, loc, "static assertion failed: %s", msg);
    else if (!v)
      diag_error(p->diag, loc, "static assertion failed");
  }
  return stmt_node(p, ND_NULL_STMT, loc);
}

static Node *unsupported_stmt(Parser *p, const char *what) {
  Loc loc = tok(p)->loc;
  diag_unsupported(p->diag, loc, what);
  next(p);
  if (at(p, TK_LBRACE)) skip_balanced(p);
  sync_stmt(p);
  return stmt_node(p, ND_NULL_STMT, loc);
}

static Node *parse_expr_stmt(Parser *p) {
  Node *n = stmt_node(p, ND_EXPR_STMT, tok(p)->loc);
  n->lhs = parse_expr(p);
  if (!expect(p, TK_SEMI, "after expression")) sync_stmt(p);
  return n;
}

/* stmt = compound | if | while | do | for | switch | case | default
 *      | break | continue | return | ";" | static_assert | expr ";" */
static Node *parse_stmt_inner(Parser *p) {
  Token *t = tok(p);
  switch (t->kind) {
  case TK_LBRACE: return parse_compound_stmt(p);
  case TK_SEMI: next(p); return stmt_node(p, ND_NULL_STMT, t->loc);
  case KW_IF: return parse_if(p);
  case KW_WHILE: return parse_while(p);
  case KW_DO: return parse_do(p);
  case KW_FOR: return parse_for(p);
  case KW_SWITCH: return parse_switch(p);
  case KW_CASE: case KW_DEFAULT: return parse_case(p);
  case KW_BREAK: case KW_CONTINUE: return parse_jump(p);
  case KW_RETURN: return parse_return(p);
  case KW_STATIC_ASSERT: case KW_STATIC_ASSERT_C: return parse_static_assert(p);
  case KW_GOTO: return unsupported_stmt(p, "goto");
  case KW_ASM: case KW_ASM_GNU: return parse_asm_stmt(p);
  case KW_TRY: return unsupported_stmt(p, "try block");
  case KW_USING:
    parse_using(p, false);
    return stmt_node(p, ND_NULL_STMT, t->loc);
  case KW_NAMESPACE:
    if (peek_at(p, 1)->kind == TK_IDENT && peek_at(p, 2)->kind == TK_ASSIGN) {
      parse_namespace_toplevel(p);  /* namespace cg = cooperative_groups; */
      return stmt_node(p, ND_NULL_STMT, t->loc);
    }
    /* fallthrough */
  case KW_TEMPLATE: case KW_CLASS:
    return unsupported_stmt(p, t->kind == KW_USING ? "using declaration in a function"
                             : t->kind == KW_CLASS ? "class" : token_kind_name(t->kind));
  case KW_ELSE:
    diag_error(p->diag, t->loc, "expected expression");
    next(p);
    return stmt_node(p, ND_NULL_STMT, t->loc);
  case TK_IDENT:
    if (peek_at(p, 1)->kind == TK_COLON) {  /* a label: only goto could use it */
      next(p);
      next(p);
      if (at(p, TK_RBRACE)) return stmt_node(p, ND_NULL_STMT, t->loc);
      return parse_stmt(p);
    }
    return parse_expr_stmt(p);
  default:
    return parse_expr_stmt(p);
  }
}

static Node *parse_stmt(Parser *p) {
  if (!enter_nesting(p)) return stmt_node(p, ND_NULL_STMT, tok(p)->loc);
  p->stmt_err_mark = error_count(p);
  int temp_mark = p->dtor_temps.len;
  Node *n;
  if (is_typename(p, tok(p)) && peek_at(p, 1)->kind != TK_LPAREN) {
    /* a declaration where a statement must be: keep it in a block */
    n = as_block(p, parse_local_decl(p), tok(p)->loc);
    if (!n) n = stmt_node(p, ND_NULL_STMT, tok(p)->loc);
  } else {
    n = parse_stmt_inner(p);
  }
  n = dtor_end_full_expr(p, n, temp_mark, NULL);  /* parse_dtor.c: temporaries */
  leave_nesting(p);
  return n;
}

/* Is the statement at the current position a declaration? A type name,
 * unless it is a functional cast used as an expression: T(x) ... */
static bool starts_declaration(Parser *p) {
  Token *t = tok(p);
  if (!is_typename(p, t)) return false;
  if (peek_at(p, 1)->kind != TK_LPAREN) return true;
  /* T(x) at the start of a statement: a functional cast expression for a
   * simple type name (C++ would call `int(x);` a declaration, but device
   * code writes casts there, e.g. `float(i) * s;` is rare and harmless). */
  switch (t->kind) {
  case TK_IDENT: case KW_INT: case KW_FLOAT: case KW_DOUBLE: case KW_CHAR:
  case KW_BOOL: case KW_LONG: case KW_SHORT: case KW_UNSIGNED: case KW_SIGNED:
  case KW_VOID:
    return false;
  default:
    return true;
  }
}

/* compound-stmt = "{" (declaration | stmt)* "}" */
Node *parse_compound_stmt(Parser *p) {
  Node *blk = stmt_node(p, ND_BLOCK, tok(p)->loc);
  if (!expect(p, TK_LBRACE, NULL)) return blk;
  if (!enter_nesting(p)) return blk;
  enter_scope(p);
  int dtor_mark = p->dtor_live.len;
  Node head = {0}, *cur = &head;
  while (!at(p, TK_RBRACE) && !at(p, TK_EOF)) {
    int before = p->pos;
    p->stmt_err_mark = error_count(p);
    if (starts_declaration(p)) {
      Node *list = parse_local_decl(p);
      for (; list; list = list->next) cur = cur->next = list;
    } else {
      cur = cur->next = parse_stmt(p);
    }
    if (p->pos == before) next(p);  /* always make progress */
  }
  cur->next = dtor_calls_to(p, dtor_mark, tok(p)->loc);  /* parse_dtor.c: locals' destructors */
  leave_scope(p);
  leave_nesting(p);
  if (at(p, TK_EOF) && error_count(p) == p->stmt_err_mark) {
    diag_error(p->diag, tok(p)->loc, "expected '}'");
    diag_note(p->diag, blk->loc, "to match this '{'");
  }
  accept(p, TK_RBRACE);
  blk->body = head.next;
  return blk;
}
