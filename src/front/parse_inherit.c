/* parse_inherit.c: C++ single and multiple non-virtual inheritance (C++17
 * [class.derived], [conv.ptr]p3, [class.member.lookup]). A non-empty base
 * is an unnamed Member (is_base) laid out before the class's own members,
 * as the Itanium ABI does for non-virtual bases; an empty base has no
 * Member and lives at offset 0. Derived-to-base conversions are member
 * accesses, so lowering sees plain structs. Not here: virtual bases,
 * virtual functions, access control (public/protected/private are
 * accepted and not enforced), ambiguity of a name found in two bases. */
#include "parse_internal.h"

#include <string.h>

static bool is_empty_class(Type *t) {
  t = type_unqual(t);
  return t->kind == TY_STRUCT && !t->members;
}

/* base-specifier = attribute* ("virtual" | "public" | "protected" | "private")* type */
static void parse_base(Parser *p, Type *sty, BaseClass ***tail) {
  Loc loc = tok(p)->loc;
  for (;;) {
    if (at(p, KW_ATTRIBUTE)) skip_attribute(p, NULL, NULL);
    else if (at(p, KW_PUBLIC) || at(p, KW_PROTECTED) || at(p, KW_PRIVATE)) next(p);
    else if (at(p, KW_VIRTUAL)) {
      diag_unsupported(p->diag, tok(p)->loc, "virtual base class");
      next(p);
    } else break;
  }
  loc = tok(p)->loc;
  DeclSpec ds;
  parse_declspec(p, &ds, false);
  Type *t = type_unqual(ds.ty);
  if (ds.ty == p->err_ty) return;
  if (t->kind != TY_STRUCT) {
    diag_error(p->diag, loc, "base specifier must name a class");
    return;
  }
  if (t->size < 0) {
    diag_error(p->diag, loc, "base class has incomplete type");
    return;
  }
  if (t == sty) return;
  for (BaseClass *b = sty->bases; b; b = b->next)
    if (b->ty == t) {
      diag_error(p->diag, loc, "base class '%s' specified more than once as a direct base class",
                 type_name(p->arena, t));
      return;
    }
  BaseClass *b = ARENA_NEW(p->arena, BaseClass);
  b->ty = t;
  b->loc = loc;
  **tail = b;
  *tail = &b->next;
}

/* Copies the names of scope src that dst does not declare into dst. */
static void import_names(Scope *dst, Scope *src) {
  for (int k = 0; src && k < src->vars.cap; k++) {
    MapEntry *e = &src->vars.slots[k];
    if (e->key && e->key != (const char *)1 && e->val && !map_getn(&dst->vars, e->key, e->keylen))
      map_putn(&dst->vars, e->key, e->keylen, e->val);
  }
  for (int k = 0; src && k < src->tags.cap; k++) {
    MapEntry *e = &src->tags.slots[k];
    if (e->key && e->key != (const char *)1 && e->val && !map_getn(&dst->tags, e->key, e->keylen))
      map_putn(&dst->tags, e->key, e->keylen, e->val);
  }
}

/* The bases' names (typedefs, static constants, enumerators, nested
 * types) are found inside the class after its own and before the
 * enclosing scope's: a scope of them goes between the two. */
static void open_base_scope(Parser *p, Type *sty) {
  Scope *s = class_scope(p, sty);
  Scope *bs = ARENA_NEW(p->arena, Scope);
  map_init(&bs->vars, p->arena);
  map_init(&bs->tags, p->arena);
  bs->up = s->up;
  for (BaseClass *b = sty->bases; b; b = b->next) import_names(bs, class_scope(p, b->ty));
  s->up = bs;
}

/* base-clause = ":" base-specifier ("," base-specifier)* ; ':' is current. */
void inherit_parse_bases(Parser *p, Type *sty) {
  next(p);  /* : */
  BaseClass **tail = (BaseClass **)&sty->bases;
  while (*tail) tail = &(*tail)->next;
  for (;;) {
    int before = p->pos;
    parse_base(p, sty, &tail);
    if (p->pos == before || !accept(p, TK_COMMA)) break;
  }
  if (!at(p, TK_LBRACE)) diag_error(p->diag, tok(p)->loc, "expected '{' after base class list");
  if (sty->bases) open_base_scope(p, sty);
}

/* The base subobjects (non-empty bases) in front of the class's members,
 * members renumbered. Names the bases declare become visible in the
 * class scope unless the class declares them too. */
Member *inherit_prepend_bases(Parser *p, Type *sty, Member *members) {
  Member head = {0}, *cur = &head;
  for (BaseClass *b = sty->bases; b; b = b->next) {
    if (is_empty_class(b->ty)) {
      if (members && type_unqual(members->ty) == b->ty)
        diag_unsupported(p->diag, members->loc, "a first member of the type of an empty base class");
      continue;
    }
    Member *m = ARENA_NEW(p->arena, Member);
    m->ty = b->ty;
    m->loc = b->loc;
    m->is_base = true;
    b->member = m;
    cur = cur->next = m;
  }
  cur->next = members;
  int i = 0;
  for (Member *m = head.next; m; m = m->next) m->index = i++;
  Scope *s = class_scope(p, sty);  /* for qualified names D::N */
  for (BaseClass *b = sty->bases; b && s; b = b->next) import_names(s, class_scope(p, b->ty));
  return head.next;
}

/* ---- layout checks (Itanium C++ ABI 2.4) ---------------------------------------- */

/* POD for the purpose of layout (C++03 POD): no constructors, destructor,
 * bases or private/protected data members, and POD members. Only a
 * non-POD base's tail padding is reused. */
static bool is_layout_pod(Type *t) {
  t = type_unqual(t);
  while (t->kind == TY_ARRAY) t = type_unqual(t->base);
  if (t->kind != TY_STRUCT && t->kind != TY_UNION) return true;
  if (t->bases || ctor_has_ctors(t) || dtor_find(t)) return false;
  if (t->scope && ((Scope *)t->scope)->nonpublic_data) return false;
  for (Member *m = t->members; m; m = m->next)
    if (!is_layout_pod(m->ty)) return false;
  return true;
}

/* dsize: the size without tail padding that a derived class may reuse. */
static int data_size(Type *t, int depth) {
  t = type_unqual(t);
  if (is_layout_pod(t) || depth > MAX_NESTING) return t->size;
  int end = 0;
  for (Member *m = t->members; m; m = m->next) {
    int e = m->offset + (m->is_base ? data_size(m->ty, depth + 1) : m->ty->size);
    if (e > end) end = e;
  }
  return end;
}

/* After layout: where the Itanium ABI would place a member in a base's
 * tail padding, cuwa's sequential layout would differ from the host
 * compiler's, so that is reported. */
void inherit_finish_class(Parser *p, Type *sty) {
  for (Member *m = sty->members; m && m->next; m = m->next) {
    if (!m->is_base) continue;
    int dsize = m->offset + data_size(m->ty, 0);
    int a = m->next->ty->align > 0 ? m->next->ty->align : 1;
    int start = (dsize + a - 1) / a * a;
    if (start < m->next->offset)
      diag_unsupported(p->diag, m->next->loc,
                       "a member placed in the tail padding of a non-POD base class");
  }
}

/* ---- relations and conversions ---------------------------------------------------- */

bool inherit_is_base_of(Type *base, Type *derived) {
  base = type_unqual(base);
  derived = type_unqual(derived);
  if (base->kind != TY_STRUCT || derived->kind != TY_STRUCT) return false;
  for (BaseClass *b = derived->bases; b; b = b->next)
    if (b->ty == base || inherit_is_base_of(base, b->ty)) return true;
  return false;
}

BaseClass *inherit_direct_base(Type *sty, Type *t) {
  t = type_unqual(t);
  for (BaseClass *b = type_unqual(sty)->bases; b; b = b->next)
    if (b->ty == t) return b;
  return NULL;
}

/* The subobject of direct base b in the class object obj. */
Node *inherit_base_lvalue(Parser *p, Node *obj, BaseClass *b) {
  Type *t = qualify(p, b->ty, obj->ty->is_const, obj->ty->is_volatile, false);
  if (b->member) {
    Node *n = new_node(p, ND_MEMBER, obj->loc);
    n->lhs = obj;
    n->member = b->member;
    n->ival = b->member->index;
    n->ty = t;
    return n;
  }
  /* an empty base is at offset 0: *(B *)&obj */
  Node *a = object_address(p, obj);
  Node *c = new_cast(p, a, type_pointer_to(p->arena, t));
  Node *d = new_node(p, ND_DEREF, obj->loc);
  d->lhs = c;
  d->ty = t;
  return d;
}

/* The base-class subobject of type `base` in obj (a class lvalue or
 * value), following the first path that reaches it. */
Node *inherit_to_base(Parser *p, Node *obj, Type *base) {
  base = type_unqual(base);
  for (int depth = 0; depth < MAX_NESTING && type_unqual(obj->ty) != base; depth++) {
    BaseClass *b = type_unqual(obj->ty)->bases;
    while (b && b->ty != base && !inherit_is_base_of(base, b->ty)) b = b->next;
    if (!b) return obj;
    obj = inherit_base_lvalue(p, obj, b);
  }
  return obj;
}

/* The byte offset of base in derived (derived is known to have it). */
static int base_offset(Type *derived, Type *base) {
  int off = 0;
  for (int depth = 0; depth < MAX_NESTING && type_unqual(derived) != type_unqual(base); depth++) {
    BaseClass *b = type_unqual(derived)->bases;
    while (b && b->ty != type_unqual(base) && !inherit_is_base_of(base, b->ty)) b = b->next;
    if (!b) break;
    off += b->member ? b->member->offset : 0;
    derived = b->ty;
  }
  return off;
}

/* Derived-to-base conversions of e to `to` ([conv.ptr]p3, slicing copies);
 * with is_explicit also base-to-derived pointer casts (static_cast, C
 * casts). NULL when no class relation applies. */
Node *inherit_convert(Parser *p, Node *e, Type *to, bool is_explicit, Loc loc) {
  Type *tu = type_unqual(to), *fu = type_unqual(e->ty);
  if (tu->kind == TY_STRUCT && fu->kind == TY_STRUCT && inherit_is_base_of(tu, fu))
    return inherit_to_base(p, e, tu);
  if (tu->kind != TY_PTR || fu->kind != TY_PTR || is_ref_type(fu)) return NULL;
  Type *tb = type_unqual(tu->base), *fb = type_unqual(fu->base);
  if (inherit_is_base_of(tb, fb)) {
    if (!is_explicit && fu->base->is_const && !tu->base->is_const) return NULL;
    Node *d = new_node(p, ND_DEREF, loc);
    d->lhs = e;
    d->ty = fu->base;
    Node *a = new_node(p, ND_ADDR, loc);
    a->lhs = inherit_to_base(p, d, tb);
    a->ty = tu;
    return a;
  }
  if (is_explicit && inherit_is_base_of(fb, tb)) {
    if (base_offset(tb, fb) != 0) {
      diag_unsupported(p->diag, loc, "a cast to a derived class whose base is not at offset 0");
      return err_node(p, loc);
    }
    return new_cast(p, e, tu);
  }
  return NULL;
}

/* ---- lookup in base classes ([class.member.lookup]) -------------------------------- */

Method *inherit_find_method(Type *ty, const char *name, int len) {
  for (BaseClass *b = type_unqual(ty)->bases; b; b = b->next) {
    Method *m = find_method(b->ty, name, len);
    if (m) return m;
  }
  return NULL;
}

/* The class that declares the member functions `name` that ty's lookup
 * finds: ty itself, else the first base that has them ([class.member.lookup];
 * ambiguity between bases is not reported). ty when none has. */
Type *inherit_method_class(Type *ty, const char *name) {
  Type *t = type_unqual(ty);
  if (t->kind != TY_STRUCT) return ty;
  for (Method *m = t->methods; m; m = m->next)
    if (strcmp(m->name, name) == 0) return ty;
  for (BaseClass *b = t->bases; b; b = b->next) {
    Type *c = inherit_method_class(b->ty, name);
    if (c != b->ty || find_method(b->ty, name, (int)strlen(name))) return c;
  }
  return ty;
}

/* The class a using-declaration's qualifier names, if it is a base of
 * sty (B or B<args>, then "::"); p->pos after the "::". */
static Type *using_base(Parser *p, Type *sty) {
  Token *t = tok(p);
  if (t->kind != TK_IDENT) return NULL;
  Type *b = find_tag(p, t->text, t->len);
  if (!b && peek_at(p, 1)->kind == TK_LT) {
    VarScope *v = find_var(p, t->text, t->len);
    if (!v || !v->tmpl || !v->tmpl->is_class) return NULL;
    next(p);
    b = template_class_type(p, v->tmpl, t->loc);
  } else {
    next(p);
  }
  if (!b || !inherit_is_base_of(b, sty) || !accept(p, TK_SCOPE)) return NULL;
  return type_unqual(b);
}

/* using-declaration naming a member of a base class, in sty's body
 * ([namespace.udecl]): `using B::f;` adds B's member functions f to
 * sty's overload set; data members and types need nothing (access is not
 * enforced); `using B::B;` (inheriting constructors) is reported. False,
 * nothing consumed, for other using-declarations. */
bool inherit_using(Parser *p, Type *sty) {
  if (!at(p, KW_USING) || !sty->bases) return false;
  int start = p->pos;
  next(p);
  accept(p, KW_TYPENAME);
  Type *b = using_base(p, sty);
  if (!b || !at(p, TK_IDENT)) {
    p->pos = start;
    return false;
  }
  Token *name = tok(p);
  next(p);
  const char *n = tok_name(p, name);
  const char *bn = b->name ? b->name : "";
  const char *short_bn = strrchr(bn, ':') ? strrchr(bn, ':') + 1 : bn;
  size_t sl = strcspn(short_bn, "<");
  if (strlen(n) == sl && strncmp(n, short_bn, sl) == 0) {
    diag_unsupported(p->diag, name->loc, "inheriting constructors");
  } else {
    Type *owner = type_unqual(inherit_method_class(b, n));
    Method **tail = (Method **)&sty->methods;
    while (*tail) tail = &(*tail)->next;
    for (Method *m = owner->methods; m; m = m->next) {
      if (strcmp(m->name, n) != 0) continue;
      Method *c = ARENA_NEW(p->arena, Method);
      *c = *m;  /* the same function: its `this` is the base's */
      c->next = NULL;
      c->is_decl_only = true;  /* defined with its own class */
      *tail = c;
      tail = &c->next;
    }
  }
  expect(p, TK_SEMI, "after using declaration");
  return true;
}

/* Does ty or one of its bases have a data member `name`? */
bool inherit_has_member(Type *ty, const char *name, int len) {
  ty = type_unqual(ty);
  for (Member *m = ty->members; m; m = m->next)
    if (m->name && (int)strlen(m->name) == len && memcmp(m->name, name, (size_t)len) == 0) return true;
  for (BaseClass *b = ty->bases; b; b = b->next)
    if (inherit_has_member(b->ty, name, len)) return true;
  return false;
}
