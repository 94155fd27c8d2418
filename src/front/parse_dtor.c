/* parse_dtor.c: C++ destructors (C++17 [class.dtor], [stmt.jump]p2,
 * [class.temporary]p4). The parser inserts the calls, so lowering sees
 * plain calls: at the end of a block for its locals, in reverse order of
 * construction; before break, continue and return for the locals they
 * leave; after the full expression for temporaries of expression
 * statements, declarations and returns (a temporary that initializes an
 * object or is returned is elided, as C++17 does). A destructor's body is
 * followed by the destruction of members and bases. Not here:
 * multidimensional arrays and array members of classes with destructors,
 * temporaries in conditions (all reported), virtual destructors. */
#include "parse_internal.h"

#include <string.h>

Method *dtor_find(Type *t) {
  if (!is_class_type(t)) return NULL;
  for (Method *m = type_unqual(t)->methods; m; m = m->next)
    if (m->is_dtor) return m;
  return NULL;
}

static bool has_dtor_elems(Type *t) {
  t = type_unqual(t);
  while (t->kind == TY_ARRAY) t = type_unqual(t->base);
  return dtor_find(t) != NULL;
}

/* The implicit destructor ([class.dtor]p7) of a class that declares none
 * but has members or bases with destructors. */
void dtor_finish_class(Parser *p, Type *sty) {
  if (sty->kind != TY_STRUCT || dtor_find(sty)) return;
  bool needed = false;
  for (Member *m = sty->members; m; m = m->next) needed |= has_dtor_elems(m->ty);
  for (BaseClass *b = sty->bases; b; b = b->next) needed |= dtor_find(b->ty) != NULL;
  if (!needed) return;
  class_add_implicit_method(p, sty, true);
}

/* The statement `obj.~T();` for a class object lvalue obj. */
static Node *dtor_call_stmt(Parser *p, Node *obj, Loc loc) {
  Method *d = dtor_find(obj->ty);
  NodeVec args = {0};
  Node *a = new_node(p, ND_ADDR, loc);
  a->lhs = obj;
  a->ty = type_pointer_to(p->arena, d->fn->ty->params[0]->base);
  vec_push(p->arena, &args, a);
  Node *call = finish_call(p, d->fn, &args, loc);
  Node *s = new_node(p, ND_EXPR_STMT, loc);
  s->lhs = call;
  return s;
}

static void append(Node ***cur, Node *s) {
  **cur = s;
  *cur = &s->next;
}

/* A destructor's body, then its members' and bases' destructors in
 * reverse order of construction ([class.dtor]p9). */
Node *dtor_parse_body(Parser *p, Type *sty, Method *m) {
  Node *blk = m->body_pos >= 0 ? parse_compound_stmt(p) : new_node(p, ND_BLOCK, sty->loc);
  Node **cur = &blk->body;
  while (*cur) cur = &(*cur)->next;
  Loc loc = p->cur_this->loc;
  Node *self = new_node(p, ND_DEREF, loc);
  self->lhs = var_node(p, p->cur_this, loc);
  self->ty = sty;
  int n = 0;
  for (Member *mem = sty->members; mem; mem = mem->next) n++;
  Member **rev = ARENA_ARRAY(p->arena, Member *, n > 0 ? n : 1);
  int i = 0;
  for (Member *mem = sty->members; mem; mem = mem->next) rev[i++] = mem;
  for (i = n - 1; i >= 0; i--) {
    Member *mem = rev[i];
    if (!has_dtor_elems(mem->ty)) continue;
    if (type_unqual(mem->ty)->kind == TY_ARRAY) {
      diag_unsupported(p->diag, mem->loc, "an array member of a class with a destructor");
      continue;
    }
    Node *mn = new_node(p, ND_MEMBER, loc);
    mn->lhs = self;
    mn->member = mem;
    mn->ival = mem->index;
    mn->ty = mem->ty;
    append(&cur, dtor_call_stmt(p, mn, loc));
  }
  int nb = 0;
  for (BaseClass *b = sty->bases; b; b = b->next) nb++;
  for (int k = nb - 1; k >= 0; k--) {  /* empty bases (the others are members) */
    BaseClass *b = sty->bases;
    for (int j = 0; j < k; j++) b = b->next;
    if (!b->member && dtor_find(b->ty)) append(&cur, dtor_call_stmt(p, inherit_base_lvalue(p, self, b), loc));
  }
  return blk;
}

/* for (int i = n - 1; i >= 0; --i) a[i].~T(); for an array local a
 * (elements are destroyed in reverse order, [class.dtor]p9). */
static Node *dtor_array_loop(Parser *p, Obj *a, Loc loc) {
  Obj *i = new_local(p, NULL, ty_int, loc);
  i->name = "dtor_i";
  i->init = new_num(p, type_unqual(a->ty)->array_len - 1, ty_int, loc);
  Node *decl = new_node(p, ND_DECL, loc);
  decl->obj = i;
  Node *f = new_node(p, ND_FOR, loc);
  f->init = decl;
  f->cond = sema_binary(p, ND_GE, var_node(p, i, loc), new_num(p, 0, ty_int, loc), loc);
  f->inc = sema_incdec(p, ND_PRE_DEC, var_node(p, i, loc), loc);
  f->then = dtor_call_stmt(p, sema_subscript(p, var_node(p, a, loc), var_node(p, i, loc), loc), loc);
  return f;
}

/* The destruction of local v (an object or a one-dimensional array). */
static Node *dtor_local_stmt(Parser *p, Obj *v, Loc loc) {
  if (type_unqual(v->ty)->kind == TY_ARRAY) return dtor_array_loop(p, v, loc);
  return dtor_call_stmt(p, var_node(p, v, loc), loc);
}

/* ---- locals ------------------------------------------------------------------- */

/* A local just declared: if its class has a destructor, it runs when the
 * local's scope ends. */
void dtor_note_local(Parser *p, Obj *v) {
  if (!p->fn || v->space == AS_SHARED || v->is_static || !has_dtor_elems(v->ty)) return;
  Type *t = type_unqual(v->ty);
  if (t->kind == TY_ARRAY && (type_unqual(t->base)->kind == TY_ARRAY || t->array_len <= 0)) {
    diag_unsupported(p->diag, v->loc, "a multidimensional array of a class with a destructor");
    return;
  }
  vec_push(p->arena, &p->dtor_live, v);
  vec_push(p->arena, &p->dtor_owner, p->fn);
}

/* Destructor calls for the live locals above mark, innermost first, as a
 * statement list; they are no longer live. */
Node *dtor_calls_to(Parser *p, int mark, Loc loc) {
  Node head = {0}, *cur = &head;
  for (int i = p->dtor_live.len - 1; i >= mark; i--)
    if (p->dtor_owner.data[i] == p->fn) cur = cur->next = dtor_local_stmt(p, p->dtor_live.data[i], loc);
  if (mark < p->dtor_live.len) {
    p->dtor_live.len = mark;
    p->dtor_owner.len = mark;
  }
  return head.next;
}

/* The calls for locals above mark without ending their lifetime (a jump
 * leaves their scope on one path only). */
static Node *calls_keeping(Parser *p, int mark, Loc loc, Obj *skip) {
  Node head = {0}, *cur = &head;
  for (int i = p->dtor_live.len - 1; i >= mark; i--)
    if (p->dtor_owner.data[i] == p->fn && p->dtor_live.data[i] != skip)
      cur = cur->next = dtor_local_stmt(p, p->dtor_live.data[i], loc);
  return head.next;
}

/* { list...; last } */
static Node *block_of(Parser *p, Node *list, Node *last, Loc loc) {
  Node *b = new_node(p, ND_BLOCK, loc);
  b->body = list ? list : last;
  if (list) {
    Node *s = list;
    while (s->next) s = s->next;
    s->next = last;
  }
  return b;
}

/* break / continue leaving the locals above mark. */
Node *dtor_jump(Parser *p, Node *jump, int mark) {
  Node *calls = calls_keeping(p, mark, jump->loc, NULL);
  return calls ? block_of(p, calls, jump, jump->loc) : jump;
}

/* ---- temporaries ------------------------------------------------------------------ */

void dtor_note_temp(Parser *p, Obj *tmp) {
  if (!p->fn || !dtor_find(tmp->ty)) return;
  vec_push(p->arena, &p->dtor_temps, tmp);
  vec_push(p->arena, &p->dtor_temp_owner, p->fn);
}

/* A call returning a class object with a destructor: the object is a
 * temporary, (tmp = f(...), tmp), destroyed after the full expression
 * unless it initializes an object or is returned. */
Node *dtor_wrap_call(Parser *p, Node *call) {
  if (!p->fn || call->kind != ND_CALL || !dtor_find(call->ty)) return call;
  Obj *tmp = new_temp(p, call->ty, call->loc);
  if (!tmp) return call;
  dtor_note_temp(p, tmp);
  Node *as = new_node(p, ND_ASSIGN, call->loc);
  as->lhs = var_node(p, tmp, call->loc);
  as->rhs = call;
  as->ty = tmp->ty;
  Node *c = new_node(p, ND_COMMA, call->loc);
  c->lhs = as;
  c->rhs = var_node(p, tmp, call->loc);
  c->ty = tmp->ty;
  return c;
}

/* The temporary an expression is, when it is `(ctor(&tmp, ...), tmp)`. */
static Obj *temp_of(Node *e) {
  while (e && e->kind == ND_CAST) e = e->lhs;
  if (!e || e->kind != ND_COMMA || !e->rhs || e->rhs->kind != ND_VAR) return NULL;
  return e->rhs->obj->is_temp ? e->rhs->obj : NULL;
}

/* Does the initializer init copy-initialize from temporary t (elided:
 * init is t, or a braced list with t as an element, or a list of
 * statements `x = t;` as a constructor's member initializers)? */
static bool initializes_from(Node *init, Obj *t, int depth) {
  if (!init || depth > MAX_NESTING) return false;
  if (temp_of(init) == t) return true;
  if (init->kind == ND_EXPR_STMT || init->kind == ND_DECL) {
    for (Node *s = init; s; s = s->next)
      if (s->kind == ND_EXPR_STMT && s->lhs && s->lhs->kind == ND_ASSIGN && temp_of(s->lhs->rhs) == t) return true;
    return false;
  }
  if (init->kind != ND_INIT_LIST) return false;
  for (Node *a = init->args; a; a = a->next)
    if (initializes_from(a, t, depth + 1)) return true;
  return false;
}

/* The temporaries above temp_mark, created by a full expression that
 * ended with stmt: destroyed after it (elided: the one that initializes
 * an object). Returns stmt followed by the calls. */
Node *dtor_end_full_expr(Parser *p, Node *stmt, int temp_mark, Node *elided) {
  if (p->dtor_temps.len <= temp_mark) return stmt;
  Node head = {0}, *cur = &head;
  Loc loc = stmt ? stmt->loc : p->fn ? p->fn->loc : tok(p)->loc;
  int keep = temp_mark;  /* another function's (a nested definition's) stay */
  for (int i = p->dtor_temps.len - 1; i >= temp_mark; i--) {
    Obj *t = p->dtor_temps.data[i];
    if (p->dtor_temp_owner.data[i] != p->fn) continue;
    if (!initializes_from(elided, t, 0)) cur = cur->next = dtor_call_stmt(p, var_node(p, t, loc), loc);
  }
  for (int i = temp_mark; i < p->dtor_temps.len; i++)
    if (p->dtor_temp_owner.data[i] != p->fn) {
      p->dtor_temps.data[keep] = p->dtor_temps.data[i];
      p->dtor_temp_owner.data[keep++] = p->dtor_temp_owner.data[i];
    }
  p->dtor_temps.len = p->dtor_temp_owner.len = keep;
  if (!stmt || !head.next) return stmt ? stmt : head.next;
  if (stmt->kind == ND_EXPR_STMT) return block_of(p, stmt, head.next, stmt->loc);
  if (stmt->kind != ND_DECL) {  /* a condition's temporaries, ... */
    diag_unsupported(p->diag, stmt->loc, "a temporary with a destructor in this statement");
    return stmt;
  }
  Node *last = stmt;  /* a declaration's statements (declare_local) */
  while (last->next) last = last->next;
  last->next = head.next;
  return stmt;
}

/* return e; with locals (and temporaries) to destroy: the value is
 * computed first, into a local, unless it is one of those locals (named
 * return value, as gcc and nvcc elide it) or a temporary (elided). */
Node *dtor_wrap_return(Parser *p, Node *ret, int temp_mark) {
  Obj *named = NULL;
  Node *e = ret->lhs;
  while (e && e->kind == ND_CAST && e->lhs && type_is_compatible(type_unqual(e->ty), type_unqual(e->lhs->ty))) e = e->lhs;
  if (e && e->kind == ND_VAR && is_class_type(e->ty)) named = e->obj;
  Node *temps = dtor_end_full_expr(p, NULL, temp_mark, ret->lhs);
  Node *calls = calls_keeping(p, 0, ret->loc, named);
  if (!calls && !temps) return ret;
  Node head = {0}, *cur = &head;
  if (ret->lhs && !named && type_unqual(ret->lhs->ty)->kind != TY_VOID) {
    Obj *v = new_local(p, NULL, ret->lhs->ty, ret->loc);
    v->name = "ret_val";
    v->init = ret->lhs;
    Node *d = new_node(p, ND_DECL, ret->loc);
    d->obj = v;
    cur = cur->next = d;
    ret->lhs = var_node(p, v, ret->loc);
  } else if (ret->lhs && !named) {
    Node *s = new_node(p, ND_EXPR_STMT, ret->loc);
    s->lhs = ret->lhs;
    cur = cur->next = s;
    ret->lhs = NULL;
  }
  cur->next = temps;
  while (cur->next) cur = cur->next;
  cur->next = calls;
  return block_of(p, head.next, ret, ret->loc);
}
