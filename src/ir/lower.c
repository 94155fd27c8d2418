/* lower.c: AST -> IR for a whole unit: finds the kernels, lowers them and
 * the device functions they call (a worklist), turns AST types into IR
 * types, __device__/__constant__/__shared__ and function-scope static
 * variables into IrGlobals (constant initializers evaluated to bytes here),
 * then runs ir_verify. Expressions and statements are in lower_expr.c and
 * lower_stmt.c. Host-only code is never lowered. */
#include "lower_internal.h"

#include <string.h>

/* ---- pointer-keyed maps ------------------------------------------------------ */

void *lower_map_get(Map *m, const void *key) {
  return map_getn(m, (const char *)&key, sizeof key);
}

void lower_map_put(Lower *L, Map *m, const void *key, void *val) {
  const void **k = ARENA_NEW(L->a, const void *);
  *k = key;
  map_putn(m, (const char *)k, sizeof *k, val);
}

/* ---- types ------------------------------------------------------------------------ */

static IrSpace lower_space(AddrSpace s) {
  switch (s) {
  case AS_GENERIC: return IRS_GENERIC;
  case AS_GLOBAL: return IRS_GLOBAL;
  case AS_SHARED: return IRS_SHARED;
  case AS_CONSTANT: return IRS_CONSTANT;
  case AS_LOCAL: case AS_PARAM: return IRS_LOCAL;
  default: ICE("bad address space %d", (int)s);
  }
}

static Type *type_root(Type *t) {
  while (t->origin) t = t->origin;
  return t;
}

static IrType *lower_struct(Lower *L, Type *t, Loc loc) {
  Type *root = type_root(t);
  IrType *it = lower_map_get(&L->types, root);
  if (it) return it;
  if (root->size < 0) {
    diag_error(L->d, loc, "incomplete type '%s' used in device code",
               root->name ? root->name : "struct");
    return ir_type_scalar(L->m, IRT_I8);
  }
  it = ir_type_struct(L->m, root->name, root->kind == TY_UNION);
  lower_map_put(L, &L->types, root, it);  /* before the fields: self pointers */
  it->size = root->size;
  it->align = root->align > 0 ? root->align : 1;
  int n = 0;
  for (Member *mb = root->members; mb; mb = mb->next) n++;
  it->fields = ARENA_ARRAY(L->a, IrField, n > 0 ? n : 1);
  int i = 0;
  for (Member *mb = root->members; mb; mb = mb->next, i++) {
    if (mb->is_bitfield) diag_unsupported(L->d, mb->loc, "a bit-field member in device code");
    it->fields[i].name = mb->name;
    it->fields[i].ty = lower_type(L, mb->ty, mb->loc);
    it->fields[i].offset = mb->offset;
  }
  it->field_count = n;
  return it;
}

IrType *lower_type(Lower *L, Type *t, Loc loc) {
  IrModule *m = L->m;
  switch (t->kind) {
  case TY_VOID: return ir_type_scalar(m, IRT_VOID);
  case TY_BOOL: return ir_type_scalar(m, IRT_BOOL);
  case TY_CHAR: return ir_type_scalar(m, t->is_unsigned ? IRT_U8 : IRT_I8);
  case TY_SHORT: return ir_type_scalar(m, t->is_unsigned ? IRT_U16 : IRT_I16);
  case TY_INT: return ir_type_scalar(m, t->is_unsigned ? IRT_U32 : IRT_I32);
  case TY_LONG: case TY_LLONG: return ir_type_scalar(m, t->is_unsigned ? IRT_U64 : IRT_I64);
  case TY_HALF: return ir_type_scalar(m, IRT_F16);
  case TY_FLOAT: return ir_type_scalar(m, IRT_F32);
  case TY_DOUBLE: case TY_LDOUBLE: return ir_type_scalar(m, IRT_F64);
  case TY_ENUM:
    if (t->base) return lower_type(L, t->base, loc);
    return ir_type_scalar(m, t->is_unsigned ? IRT_U32 : IRT_I32);
  case TY_PTR:
    if (t->base->kind == TY_FUNC) {
      diag_unsupported(L->d, loc, "a function pointer in device code");
      return ir_type_ptr(m, ir_type_scalar(m, IRT_U8), IRS_GENERIC);
    }
    return ir_type_ptr(m, lower_type(L, t->base, loc), lower_space(t->space));
  case TY_ARRAY:
    return ir_type_array(m, lower_type(L, t->base, loc), t->array_len > 0 ? t->array_len : 0);
  case TY_STRUCT: case TY_UNION:
    return lower_struct(L, t, loc);
  case TY_FUNC:
    diag_unsupported(L->d, loc, "a function value in device code");
    return ir_type_scalar(m, IRT_I32);
  default:
    ICE("lower_type: type kind %d", (int)t->kind);
  }
}

/* ---- constant initializers of globals ---------------------------------------------- */

typedef struct ConstVal {
  bool is_float;
  int64_t i;
  double f;
  IrGlobal *target;  /* an address constant: &target + i bytes */
} ConstVal;

static bool eval_const(Lower *L, Node *n, ConstVal *out);

static bool eval_address(Lower *L, Node *n, ConstVal *out) {
  while (n->kind == ND_CAST && n->ty->kind == TY_PTR) n = n->lhs;
  if (n->kind == ND_ADDR || n->kind == ND_DECAY) {
    Node *v = n->lhs;
    if (v->kind == ND_STR) {
      out->target = lower_string_global(L, v->str, v->str_len, v->loc);
      out->i = 0;
      return true;
    }
    if (v->kind != ND_VAR || v->obj->is_local || v->obj->is_function) return false;
    if (v->obj->space != AS_GLOBAL && v->obj->space != AS_CONSTANT) return false;
    IrGlobal *g = lower_map_get(&L->globals, v->obj);
    if (!g) return false;  /* declared later: not supported as a constant */
    out->target = g;
    out->i = 0;
    return true;
  }
  if (n->kind == ND_PTR_ADD || n->kind == ND_PTR_SUB) {
    ConstVal idx = {0};
    if (!eval_address(L, n->lhs, out) || !eval_const(L, n->rhs, &idx) || idx.is_float) return false;
    int64_t sz = n->ty->base->size;
    out->i += (n->kind == ND_PTR_ADD ? idx.i : -idx.i) * sz;
    return true;
  }
  return false;
}

static int64_t wrap_int(const Type *t, int64_t v) {
  if (t->kind == TY_BOOL) return v != 0;
  int bits = t->size * 8;
  if (bits >= 64) return v;
  uint64_t mask = (1ull << bits) - 1, u = (uint64_t)v & mask;
  if (!t->is_unsigned && (u >> (bits - 1))) u |= ~mask;
  return (int64_t)u;
}

static bool eval_cast(Lower *L, Node *n, ConstVal *out) {
  ConstVal v = {0};
  if (!eval_const(L, n->lhs, &v)) return false;
  Type *to = n->ty;
  if (v.target) {
    *out = v;
    return to->kind == TY_PTR || (type_is_integer(to) && to->size == 8);
  }
  *out = (ConstVal){0};
  if (type_is_flonum(to)) {
    out->is_float = true;
    out->f = v.is_float ? v.f : (n->lhs->ty->is_unsigned ? (double)(uint64_t)v.i : (double)v.i);
    if (to->kind == TY_FLOAT) out->f = (float)out->f;
  } else if (v.is_float) {
    out->i = wrap_int(to, (int64_t)v.f);
  } else {
    out->i = wrap_int(to, v.i);
  }
  return true;
}

static bool eval_binary(Lower *L, Node *n, ConstVal *out) {
  ConstVal a = {0}, b = {0};
  if (!eval_const(L, n->lhs, &a) || !eval_const(L, n->rhs, &b) || a.target || b.target)
    return false;
  *out = (ConstVal){0};
  if (a.is_float || b.is_float) {
    out->is_float = true;
    switch (n->kind) {
    case ND_ADD: out->f = a.f + b.f; break;
    case ND_SUB: out->f = a.f - b.f; break;
    case ND_MUL: out->f = a.f * b.f; break;
    case ND_DIV: out->f = a.f / b.f; break;
    default: return false;
    }
    if (n->ty->kind == TY_FLOAT) out->f = (float)out->f;
    return true;
  }
  uint64_t x = (uint64_t)a.i, y = (uint64_t)b.i;
  bool u = n->ty->is_unsigned;
  switch (n->kind) {
  case ND_ADD: out->i = (int64_t)(x + y); break;
  case ND_SUB: out->i = (int64_t)(x - y); break;
  case ND_MUL: out->i = (int64_t)(x * y); break;
  case ND_DIV: case ND_MOD:
    if (y == 0 || (!u && b.i == -1)) return false;
    if (n->kind == ND_DIV) out->i = u ? (int64_t)(x / y) : a.i / b.i;
    else out->i = u ? (int64_t)(x % y) : a.i % b.i;
    break;
  case ND_BITAND: out->i = (int64_t)(x & y); break;
  case ND_BITOR: out->i = (int64_t)(x | y); break;
  case ND_BITXOR: out->i = (int64_t)(x ^ y); break;
  case ND_SHL: if (y >= 64) return false; out->i = (int64_t)(x << y); break;
  case ND_SHR:
    if (y >= 64) return false;
    out->i = u ? (int64_t)(x >> y) : a.i >> y;
    break;
  default: return false;
  }
  out->i = wrap_int(n->ty, out->i);
  return true;
}

/* Folds what a constant initializer may hold: numbers, casts, arithmetic,
 * addresses of globals and string literals. */
static bool eval_const(Lower *L, Node *n, ConstVal *out) {
  *out = (ConstVal){0};
  switch (n->kind) {
  case ND_NUM:
    if (type_is_flonum(n->ty)) {
      out->is_float = true;
      out->f = n->fval;
    } else {
      out->i = n->ival;
    }
    return true;
  case ND_CAST:
    if (n->ty->kind == TY_PTR && eval_address(L, n, out)) return true;
    return eval_cast(L, n, out);
  case ND_ADDR: case ND_DECAY: case ND_PTR_ADD: case ND_PTR_SUB:
    return eval_address(L, n, out);
  case ND_NEG: case ND_BITNOT:
    if (!eval_const(L, n->lhs, out) || out->target) return false;
    if (out->is_float) out->f = -out->f;
    else out->i = wrap_int(n->ty, n->kind == ND_NEG ? (int64_t)(0 - (uint64_t)out->i) : ~out->i);
    return true;
  case ND_COND: {
    ConstVal c = {0};
    if (!eval_const(L, n->cond, &c) || c.target) return false;
    return eval_const(L, (c.is_float ? c.f != 0 : c.i != 0) ? n->then : n->els, out);
  }
  case ND_COMMA:
    return eval_const(L, n->rhs, out);
  default:
    return eval_binary(L, n, out);
  }
}

typedef struct InitBuf {
  uint8_t *bytes;
  Vec(struct IrReloc) relocs;
  bool ok;
} InitBuf;

static void put_scalar(Lower *L, InitBuf *ib, int off, IrType *t, ConstVal *v) {
  if (v->target) {
    struct IrReloc r = {off, v->target, v->i};
    vec_push(L->a, &ib->relocs, r);
    return;
  }
  union { int8_t i8; int16_t i16; int32_t i32; int64_t i64; float f; double d; uint8_t b[8]; } u;
  memset(&u, 0, sizeof u);
  double f = v->is_float ? v->f : (double)v->i;
  int64_t i = v->is_float ? (int64_t)v->f : v->i;
  switch (t->kind) {
  case IRT_F32: u.f = (float)f; break;
  case IRT_F64: u.d = f; break;
  case IRT_F16: ib->ok = false; return;
  case IRT_BOOL: u.i8 = i != 0; break;
  default:
    if (t->size == 1) u.i8 = (int8_t)i;
    else if (t->size == 2) u.i16 = (int16_t)i;
    else if (t->size == 4) u.i32 = (int32_t)i;
    else u.i64 = i;
  }
  memcpy(ib->bytes + off, u.b, (size_t)t->size);
}

static void eval_init(Lower *L, InitBuf *ib, int off, IrType *t, Node *n) {
  if (!ib->ok || n->kind == ND_ZERO_INIT) return;
  if (n->kind == ND_INIT_LIST) {
    Node *arg = n->args;
    if (t->kind == IRT_ARRAY) {
      for (int i = 0; arg && i < t->len; i++, arg = arg->next)
        eval_init(L, ib, off + i * t->elem->size, t->elem, arg);
    } else if (t->kind == IRT_STRUCT && t->is_union) {
      int idx = n->member ? n->member->index : 0;
      if (arg && idx < t->field_count) eval_init(L, ib, off, t->fields[idx].ty, arg);
    } else if (t->kind == IRT_STRUCT) {
      for (int i = 0; arg && i < t->field_count; i++, arg = arg->next)
        eval_init(L, ib, off + t->fields[i].offset, t->fields[i].ty, arg);
    } else if (arg) {
      eval_init(L, ib, off, t, arg);  /* int x = {5}; */
    }
    return;
  }
  ConstVal v;
  if (t->kind == IRT_ARRAY || t->kind == IRT_STRUCT || !eval_const(L, n, &v)) {
    ib->ok = false;
    return;
  }
  put_scalar(L, ib, off, t, &v);
}

static void global_set_init(Lower *L, IrGlobal *g, Node *init, Obj *v) {
  if (!init) return;
  InitBuf ib = {ARENA_ARRAY(L->a, uint8_t, g->ty->size + 1), {0}, true};
  eval_init(L, &ib, 0, g->ty, init);
  if (!ib.ok) {
    diag_error(L->d, init->loc,
               "dynamic initialization is not supported for the device variable '%s'", v->name);
    return;
  }
  g->init = ib.bytes;
  g->relocs = ib.relocs.data;
  g->reloc_count = ib.relocs.len;
}

/* ---- globals ------------------------------------------------------------------------ */

IrGlobal *lower_string_global(Lower *L, const char *s, int len, Loc loc) {
  IrType *t = ir_type_array(L->m, ir_type_scalar(L->m, IRT_I8), len);
  IrGlobal *g = ir_new_global(L->m, arena_printf(L->a, ".str%d", L->m->globals.len), t,
                              IRS_CONSTANT);
  g->is_internal = true;
  g->loc = loc;
  uint8_t *b = ARENA_ARRAY(L->a, uint8_t, len + 1);
  memcpy(b, s, (size_t)len);
  g->init = b;
  return g;
}

static IrGlobal *lower_file_var(Lower *L, Obj *v) {
  IrGlobal *g = lower_map_get(&L->globals, v);
  if (g) return g;
  IrSpace sp = v->space == AS_CONSTANT ? IRS_CONSTANT
               : v->space == AS_SHARED ? IRS_SHARED : IRS_GLOBAL;
  g = ir_new_global(L->m, v->name, lower_type(L, v->ty, v->loc), sp);
  g->loc = v->loc;
  g->is_dynamic_shared = v->is_extern_shared;
  g->is_extern = v->is_extern && !v->is_definition && !v->is_extern_shared;
  g->is_managed = v->is_managed;
  lower_map_put(L, &L->globals, v, g);
  if (sp == IRS_SHARED && v->init)
    diag_error(L->d, v->loc, "initializer not allowed for __shared__ variable '%s'", v->name);
  else global_set_init(L, g, v->init, v);
  return g;
}

/* A static local or a __shared__ variable declared in a function. */
IrGlobal *lower_local_static(Lower *L, Obj *v) {
  IrGlobal *g = lower_map_get(&L->globals, v);
  if (g) return g;
  IrFunc *f = L->b.f;
  IrSpace sp = v->space == AS_SHARED ? IRS_SHARED
               : v->space == AS_CONSTANT ? IRS_CONSTANT : IRS_GLOBAL;
  const char *name = arena_printf(L->a, "%s.%s", f ? f->name : "?", v->name);
  for (int i = 1; ; i++) {  /* the module's names stay unique */
    bool taken = false;
    for (int k = 0; k < L->m->globals.len && !taken; k++)
      taken = strcmp(L->m->globals.data[k]->name, name) == 0;
    if (!taken) break;
    name = arena_printf(L->a, "%s.%s.%d", f ? f->name : "?", v->name, i);
  }
  g = ir_new_global(L->m, name, lower_type(L, v->ty, v->loc), sp);
  g->loc = v->loc;
  g->owner = sp == IRS_SHARED ? f : NULL;
  g->is_internal = true;
  g->is_dynamic_shared = v->is_extern_shared;
  lower_map_put(L, &L->globals, v, g);
  if (sp == IRS_SHARED && v->init)
    diag_error(L->d, v->loc, "initializer not allowed for __shared__ variable '%s'", v->name);
  else global_set_init(L, g, v->init, v);
  return g;
}

IrInst *lower_var_addr(Lower *L, Obj *v, Loc loc) {
  IrInst *slot = lower_map_get(&L->locals, v);
  if (slot) return slot;
  if (v->is_temp && L->b.f) {  /* a parser temporary: no ND_DECL, slot at first use */
    slot = ir_new_local(L->b.f, lower_type(L, v->ty, v->loc), v->name, v->loc);
    lower_map_put(L, &L->locals, v, slot);
    return slot;
  }
  if (v->is_function) {
    diag_unsupported(L->d, loc, "a function pointer in device code");
    return NULL;
  }
  IrGlobal *g = lower_map_get(&L->globals, v);
  if (!g && v->is_local && (v->is_static || v->space == AS_SHARED)) g = lower_local_static(L, v);
  if (!g && !v->is_local) {
    if (v->is_host_var || (v->space != AS_GLOBAL && v->space != AS_CONSTANT &&
                           v->space != AS_SHARED)) {
      diag_error(L->d, loc, "the host variable '%s' cannot be used in device code", v->name);
      return NULL;
    }
    g = lower_file_var(L, v);
  }
  if (!g) ICE("local '%s' used before its declaration was lowered", v->name);
  return ir_emit_global(&L->b, g);
}

/* ---- functions ------------------------------------------------------------------------- */

/* A call may name a declaration whose body comes later in the unit. */
static Obj *find_definition(Lower *L, Obj *fn) {
  if (fn->body) return fn;
  for (Obj *o = L->prog->globals; o; o = o->next)
    if (o->is_function && o->body && strcmp(o->name, fn->name) == 0 &&
        type_is_compatible(o->ty, fn->ty))
      return o;
  return fn;
}

static IrFunc *new_ir_func(Lower *L, Obj *fn) {
  Type *ft = fn->ty;
  IrFunc *f = ir_new_func(L->m, fn->name, lower_type(L, ft->return_ty, fn->loc));
  f->loc = fn->loc;
  f->is_kernel = (fn->exec & EXEC_GLOBAL) != 0;
  f->ordinal = fn->ordinal;
  f->is_forceinline = fn->is_forceinline;
  f->is_noinline = fn->is_noinline;
  int n = 0;
  for (Obj *p = fn->params; p; p = p->next) n++;
  f->params = ARENA_ARRAY(L->a, IrType *, n > 0 ? n : 1);
  f->param_names = ARENA_ARRAY(L->a, const char *, n > 0 ? n : 1);
  int i = 0;
  for (Obj *p = fn->params; p; p = p->next, i++) {
    f->params[i] = lower_type(L, p->ty, p->loc);
    f->param_names[i] = p->name;
  }
  f->param_count = n;
  if (ft->is_variadic) diag_unsupported(L->d, fn->loc, "a variadic device function");
  return f;
}

IrFunc *lower_func_ref(Lower *L, Obj *fn, Loc loc) {
  fn = find_definition(L, fn);
  IrFunc *f = lower_map_get(&L->funcs, fn);
  if (f) return f;
  if (fn->unavailable) {
    diag_unsupported(L->d, loc, fn->unavailable);
    return NULL;
  }
  if (!fn->body) {
    /* Separate compilation of device code (-rdc) is not supported yet. */
    diag_error(L->d, loc, "device function '%s' is declared but not defined in this file",
               fn->name);
    return NULL;
  }
  f = new_ir_func(L, fn);
  lower_map_put(L, &L->funcs, fn, f);
  if (fn->body) {
    vec_push(L->a, &L->work, fn);
    vec_push(L->a, &L->work_ir, f);
  }
  return f;
}

static void lower_body(Lower *L, Obj *fn, IrFunc *f) {
  map_init(&L->locals, L->a);
  L->fn = fn;
  L->b = (IrBuilder){L->m, f, &f->body, fn->loc};
  int i = 0;
  for (Obj *p = fn->params; p; p = p->next, i++) {
    /* a slot per parameter: C parameters are mutable */
    IrInst *slot = ir_new_local(f, f->params[i], p->name, p->loc);
    ir_emit_store(&L->b, slot, ir_emit_param(&L->b, i));
    lower_map_put(L, &L->locals, p, slot);
  }
  lower_stmt(L, fn->body);
  L->b.block = &f->body;
  if (f->ret->kind != IRT_VOID && !ir_block_terminates(&f->body)) {
    /* falling off the end of a non-void function: the value is undefined */
    ir_emit_return(&L->b, ir_emit_undef(&L->b, f->ret));
  }
}

/* uses_barrier: directly or through calls (fixpoint; recursion allowed). */
static bool block_calls_barrier(const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) {
    if (i->op == IR_BARRIER || (i->op == IR_CALL && i->callee->uses_barrier)) return true;
    if (block_calls_barrier(&i->blocks[0]) || block_calls_barrier(&i->blocks[1])) return true;
    for (int c = 0; c < i->case_count; c++)
      if (block_calls_barrier(&i->cases[c].body)) return true;
  }
  return false;
}

static void mark_barriers(IrModule *m) {
  for (bool changed = true; changed;) {
    changed = false;
    for (int i = 0; i < m->funcs.len; i++) {
      IrFunc *f = m->funcs.data[i];
      if (!f->uses_barrier && block_calls_barrier(&f->body)) f->uses_barrier = changed = true;
    }
  }
}

static bool is_device_var(Obj *o) {
  return !o->is_function && !o->is_host_var &&
         (o->space == AS_GLOBAL || o->space == AS_CONSTANT);
}

IrModule *lower_program(Arena *a, Diag *d, Program *p, const char *source_path) {
  int errors = d->errors;
  Lower L = {.a = a, .d = d, .prog = p};
  L.m = ir_new_module(a, source_path);
  map_init(&L.types, a);
  map_init(&L.funcs, a);
  map_init(&L.globals, a);
  /* Every __device__/__constant__ variable: the host may reach it through
   * cudaMemcpyToSymbol even when no kernel uses it. */
  for (Obj *o = p->globals; o; o = o->next)
    if (is_device_var(o) && (o->is_definition || !o->is_extern)) lower_file_var(&L, o);
  for (Obj *o = p->globals; o; o = o->next)
    if (o->is_function && (o->exec & EXEC_GLOBAL) && o->body) lower_func_ref(&L, o, o->loc);
  for (int i = 0; i < L.work.len; i++) lower_body(&L, L.work.data[i], L.work_ir.data[i]);
  mark_barriers(L.m);
  if (d->errors != errors) return NULL;
  if (ir_verify(L.m, "lowering", d) != 0) return NULL;
  return L.m;
}
