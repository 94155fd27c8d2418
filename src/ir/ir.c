/* ir.c: building IR: modules, interned types, functions, globals, locals,
 * and instructions appended through an IrBuilder; plus the op and
 * intrinsic name tables. It does not check anything beyond what a builder
 * needs to compute result types (ir_verify.c checks) nor print (ir_print.c).
 * Everything lives in the module's arena. */
#include "ir.h"

#include <string.h>

static const char *op_names[] = {
#define IR_OP(k, s, n) s,
#include "ops.def"
#undef IR_OP
};

static const char *intrinsic_names[] = {
  "none",
#define INTRINSIC(id, name, sig) name,
#include "intrinsics.def"
#undef INTRINSIC
};

static const char *intrinsic_sigs[] = {
  "v",
#define INTRINSIC(id, name, sig) sig,
#include "intrinsics.def"
#undef INTRINSIC
};

const char *ir_op_name(IrOp op) {
  return (unsigned)op < IR_OP_COUNT ? op_names[op] : "?";
}

const char *ir_intrinsic_name(IrIntrinsic id) {
  return (unsigned)id < IN_COUNT ? intrinsic_names[id] : "?";
}

const char *ir_intrinsic_signature(IrIntrinsic id) {
  return (unsigned)id < IN_COUNT ? intrinsic_sigs[id] : "v";
}

/* ---- types ---------------------------------------------------------------- */

static IrType *new_type(IrModule *m, IrTypeKind k, int size, int align) {
  IrType *t = ARENA_NEW(m->arena, IrType);
  t->kind = k;
  t->size = size;
  t->align = align;
  return t;
}

IrModule *ir_new_module(Arena *a, const char *source_path) {
  static const int sizes[] = {0, 1, 1, 1, 2, 2, 4, 4, 8, 8, 2, 4, 8};
  IrModule *m = ARENA_NEW(a, IrModule);
  m->arena = a;
  m->source_path = source_path;
  map_init(&m->interned, a);
  map_init(&m->struct_names, a);
  for (int k = IRT_VOID; k <= IRT_F64; k++)
    m->scalars[k] = new_type(m, (IrTypeKind)k, sizes[k], k ? sizes[k] : 1);
  return m;
}

IrType *ir_type_scalar(IrModule *m, IrTypeKind k) {
  if (k > IRT_F64) ICE("ir_type_scalar of a non-scalar kind %d", (int)k);
  return m->scalars[k];
}

/* Interned by (elem pointer, space): equal pointee types that are distinct
 * objects (structs are unique anyway) give distinct pointer types, and
 * ir_type_equal compares structurally, so that is harmless. */
IrType *ir_type_ptr(IrModule *m, IrType *elem, IrSpace space) {
  char *key = arena_printf(m->arena, "p%p:%d", (void *)elem, (int)space);
  IrType *t = map_get(&m->interned, key);
  if (t) return t;
  t = new_type(m, IRT_PTR, 8, 8);
  t->elem = elem;
  t->space = space;
  map_put(&m->interned, key, t);
  vec_push(m->arena, &m->derived, t);
  return t;
}

IrType *ir_type_array(IrModule *m, IrType *elem, int len) {
  char *key = arena_printf(m->arena, "a%p:%d", (void *)elem, len);
  IrType *t = map_get(&m->interned, key);
  if (t) return t;
  t = new_type(m, IRT_ARRAY, elem->size * len, elem->align);
  t->elem = elem;
  t->len = len;
  map_put(&m->interned, key, t);
  vec_push(m->arena, &m->derived, t);
  return t;
}

/* The caller fills fields, size and align. Names are made unique by a
 * numeric suffix so that printers can use them directly. */
IrType *ir_type_struct(IrModule *m, const char *name, bool is_union) {
  if (!name) name = is_union ? "union" : "struct";
  const char *unique = name;
  for (int i = 1; map_get(&m->struct_names, unique); i++)
    unique = arena_printf(m->arena, "%s.%d", name, i);
  IrType *t = new_type(m, IRT_STRUCT, 0, 1);
  t->name = unique;
  t->is_union = is_union;
  t->id = (uint32_t)m->structs.len;
  map_put(&m->struct_names, unique, t);
  vec_push(m->arena, &m->structs, t);
  return t;
}

bool ir_type_is_int(const IrType *t) {
  return t->kind >= IRT_I8 && t->kind <= IRT_U64;
}

bool ir_type_is_signed(const IrType *t) {
  switch (t->kind) {
  case IRT_I8: case IRT_I16: case IRT_I32: case IRT_I64:
  case IRT_F16: case IRT_F32: case IRT_F64:
    return true;
  default:
    return false;
  }
}

bool ir_type_is_float(const IrType *t) {
  return t->kind >= IRT_F16 && t->kind <= IRT_F64;
}

bool ir_type_equal(const IrType *a, const IrType *b) {
  if (a == b) return true;
  if (!a || !b || a->kind != b->kind) return false;
  switch (a->kind) {
  case IRT_PTR:
    return a->space == b->space && ir_type_equal(a->elem, b->elem);
  case IRT_ARRAY:
    return a->len == b->len && ir_type_equal(a->elem, b->elem);
  case IRT_STRUCT:
    return false;  /* structs are nominal */
  default:
    return true;   /* scalars of one kind */
  }
}

/* One letter (or "p"/"cp" + letter) of an intrinsics.def signature. */
IrType *ir_type_from_sig(IrModule *m, const char **sig) {
  const char *s = *sig;
  while (*s == ' ') s++;
  bool is_ptr = false;
  if (*s == 'c' && s[1] == 'p') s += 2, is_ptr = true;
  else if (*s == 'p') s++, is_ptr = true;
  IrTypeKind k;
  switch (*s) {
  case 'v': k = IRT_VOID; break;
  case 'b': k = IRT_BOOL; break;
  case 'i': k = IRT_I32; break;
  case 'u': k = IRT_U32; break;
  case 'l': k = IRT_I64; break;
  case 'U': k = IRT_U64; break;
  case 'S': k = IRT_U16; break;
  case 'f': k = IRT_F32; break;
  case 'd': k = IRT_F64; break;
  default: ICE("bad intrinsic signature letter '%c'", *s);
  }
  *sig = s + 1;
  IrType *t = ir_type_scalar(m, k);
  return is_ptr ? ir_type_ptr(m, t, IRS_GENERIC) : t;
}

int ir_intrinsic_arg_count(IrIntrinsic id) {
  int n = 0;
  for (const char *s = ir_intrinsic_signature(id); *s; s++)
    if (*s == ' ') n++;
  return n;
}

IrType *ir_intrinsic_ret_type(IrModule *m, IrIntrinsic id) {
  const char *s = ir_intrinsic_signature(id);
  return ir_type_from_sig(m, &s);
}

IrType *ir_intrinsic_arg_type(IrModule *m, IrIntrinsic id, int i) {
  const char *s = ir_intrinsic_signature(id);
  ir_type_from_sig(m, &s);
  IrType *t = NULL;
  for (int k = 0; k <= i; k++) t = ir_type_from_sig(m, &s);
  return t;
}

static const char *space_name(IrSpace s) {
  switch (s) {
  case IRS_GENERIC: return "generic";
  case IRS_GLOBAL: return "global";
  case IRS_SHARED: return "shared";
  case IRS_CONSTANT: return "constant";
  case IRS_LOCAL: return "local";
  default: ICE("bad address space %d", (int)s);
  }
}

const char *ir_type_str(Arena *a, const IrType *t) {
  static const char *names[] = {"void", "bool", "i8", "u8", "i16", "u16",
                                "i32", "u32", "i64", "u64", "f16", "f32",
                                "f64"};
  switch (t->kind) {
  case IRT_PTR:
    return arena_printf(a, "ptr<%s %s>", space_name(t->space),
                        ir_type_str(a, t->elem));
  case IRT_ARRAY:
    return arena_printf(a, "[%d x %s]", t->len, ir_type_str(a, t->elem));
  case IRT_STRUCT:
    return arena_printf(a, "%%%s", t->name);
  default:
    if ((unsigned)t->kind <= IRT_F64) return names[t->kind];
    ICE("bad IR type kind %d", (int)t->kind);
  }
}

/* ---- functions, globals, locals ------------------------------------------ */

IrFunc *ir_new_func(IrModule *m, const char *name, IrType *ret) {
  IrFunc *f = ARENA_NEW(m->arena, IrFunc);
  f->name = name;
  f->ret = ret;
  f->module = m;
  f->id = (uint32_t)m->funcs.len;
  vec_push(m->arena, &m->funcs, f);
  return f;
}

IrGlobal *ir_new_global(IrModule *m, const char *name, IrType *ty,
                        IrSpace space) {
  IrGlobal *g = ARENA_NEW(m->arena, IrGlobal);
  g->name = name;
  g->ty = ty;
  g->space = space;
  g->id = (uint32_t)m->globals.len;
  vec_push(m->arena, &m->globals, g);
  return g;
}

/* ty is the slot's type; the IR_LOCAL value is a pointer to it. */
IrInst *ir_new_local(IrFunc *f, IrType *ty, const char *name, Loc loc) {
  Arena *a = f->module->arena;
  IrInst *l = ARENA_NEW(a, IrInst);
  l->op = IR_LOCAL;
  l->ty = ir_type_ptr(f->module, ty, IRS_LOCAL);
  l->loc = loc;
  l->str = name;
  l->id = f->next_id++;
  if (f->local_count == f->local_cap) {
    int cap = f->local_cap ? f->local_cap * 2 : 8;
    IrInst **n = ARENA_ARRAY(a, IrInst *, cap);
    if (f->local_count) memcpy(n, f->locals, sizeof(IrInst *) * (size_t)f->local_count);
    f->locals = n;
    f->local_cap = cap;
  }
  f->locals[f->local_count++] = l;
  return l;
}

/* ---- instructions --------------------------------------------------------- */

static void append(IrBlock *blk, IrInst *i) {
  i->parent = blk;
  i->prev = blk->last;
  i->next = NULL;
  if (blk->last) blk->last->next = i;
  else blk->first = i;
  blk->last = i;
}

IrInst *ir_emit(IrBuilder *b, IrOp op, IrType *ty, int nargs, IrInst **args) {
  Arena *a = b->m->arena;
  IrInst *i = ARENA_NEW(a, IrInst);
  i->op = op;
  i->ty = ty ? ty : ir_type_scalar(b->m, IRT_VOID);
  i->loc = b->loc;
  i->id = b->f ? b->f->next_id++ : 0;
  if (nargs > 0) {
    i->args = ARENA_ARRAY(a, IrInst *, nargs);
    for (int k = 0; k < nargs; k++) {
      if (!args[k]) ICE("NULL operand %d of %s", k, ir_op_name(op));
      i->args[k] = args[k];
    }
  }
  i->arg_count = nargs;
  append(b->block, i);
  return i;
}

IrInst *ir_emit_const_int(IrBuilder *b, IrType *ty, int64_t v) {
  IrInst *i = ir_emit(b, IR_CONST, ty, 0, NULL);
  i->imm = v;
  return i;
}

IrInst *ir_emit_const_float(IrBuilder *b, IrType *ty, double v) {
  IrInst *i = ir_emit(b, IR_CONST, ty, 0, NULL);
  i->fimm = v;
  return i;
}

IrInst *ir_emit_load(IrBuilder *b, IrInst *ptr) {
  if (ptr->ty->kind != IRT_PTR) ICE("load from a non-pointer");
  return ir_emit(b, IR_LOAD, ptr->ty->elem, 1, &ptr);
}

void ir_emit_store(IrBuilder *b, IrInst *ptr, IrInst *val) {
  IrInst *args[2] = {ptr, val};
  ir_emit(b, IR_STORE, NULL, 2, args);
}

static bool is_compare(IrOp op) {
  return op >= IR_EQ && op <= IR_GE;
}

IrInst *ir_emit_binary(IrBuilder *b, IrOp op, IrInst *l, IrInst *r) {
  IrInst *args[2] = {l, r};
  IrType *ty = is_compare(op) ? ir_type_scalar(b->m, IRT_BOOL) : l->ty;
  return ir_emit(b, op, ty, 2, args);
}

IrInst *ir_emit_unary(IrBuilder *b, IrOp op, IrType *ty, IrInst *x) {
  return ir_emit(b, op, ty ? ty : x->ty, 1, &x);
}

IrInst *ir_emit_conv(IrBuilder *b, IrType *to, IrInst *x) {
  return ir_emit(b, IR_CONV, to, 1, &x);
}

IrInst *ir_emit_if(IrBuilder *b, IrInst *cond) {
  return ir_emit(b, IR_IF, NULL, 1, &cond);
}

IrInst *ir_emit_loop(IrBuilder *b) { return ir_emit(b, IR_LOOP, NULL, 0, NULL); }

IrInst *ir_emit_undef(IrBuilder *b, IrType *ty) {
  return ir_emit(b, IR_UNDEF, ty, 0, NULL);
}

IrInst *ir_emit_param(IrBuilder *b, int index) {
  if (!b->f || index < 0 || index >= b->f->param_count)
    ICE("parameter %d out of range", index);
  IrInst *i = ir_emit(b, IR_PARAM, b->f->params[index], 0, NULL);
  i->imm = index;
  return i;
}

IrInst *ir_emit_global(IrBuilder *b, IrGlobal *g) {
  IrInst *i = ir_emit(b, IR_GLOBAL, ir_type_ptr(b->m, g->ty, g->space), 0, NULL);
  i->global = g;
  return i;
}

IrInst *ir_emit_string(IrBuilder *b, const char *bytes, int len_with_nul) {
  IrType *ty = ir_type_ptr(b->m, ir_type_scalar(b->m, IRT_I8), IRS_GENERIC);
  IrInst *i = ir_emit(b, IR_STRING, ty, 0, NULL);
  char *copy = arena_alloc(b->m->arena, (size_t)len_with_nul + 1);
  memcpy(copy, bytes, (size_t)len_with_nul);
  i->str = copy;
  i->str_len = len_with_nul;
  return i;
}

IrInst *ir_emit_ptr_add(IrBuilder *b, IrInst *ptr, IrInst *index) {
  IrInst *args[2] = {ptr, index};
  return ir_emit(b, IR_PTR_ADD, ptr->ty, 2, args);
}

IrInst *ir_emit_member_ptr(IrBuilder *b, IrInst *ptr, int field) {
  IrType *st = ptr->ty->elem;
  if (ptr->ty->kind != IRT_PTR || st->kind != IRT_STRUCT || field < 0 ||
      field >= st->field_count)
    ICE("member_ptr on a non-struct pointer or bad field %d", field);
  IrType *ty = ir_type_ptr(b->m, st->fields[field].ty, ptr->ty->space);
  IrInst *i = ir_emit(b, IR_MEMBER_PTR, ty, 1, &ptr);
  i->field = field;
  return i;
}

IrInst *ir_emit_decay(IrBuilder *b, IrInst *ptr) {
  if (ptr->ty->kind != IRT_PTR || ptr->ty->elem->kind != IRT_ARRAY)
    ICE("decay of a non-array pointer");
  IrType *ty = ir_type_ptr(b->m, ptr->ty->elem->elem, ptr->ty->space);
  return ir_emit(b, IR_DECAY, ty, 1, &ptr);
}

IrInst *ir_emit_ptr_cast(IrBuilder *b, IrType *to, IrInst *ptr) {
  return ir_emit(b, IR_PTR_CAST, to, 1, &ptr);
}

IrInst *ir_emit_select(IrBuilder *b, IrInst *c, IrInst *t, IrInst *f) {
  IrInst *args[3] = {c, t, f};
  return ir_emit(b, IR_SELECT, t->ty, 3, args);
}

IrInst *ir_emit_call(IrBuilder *b, IrFunc *callee, int nargs, IrInst **args) {
  IrInst *i = ir_emit(b, IR_CALL, callee->ret, nargs, args);
  i->callee = callee;
  return i;
}

IrInst *ir_emit_intrinsic(IrBuilder *b, IrIntrinsic id, int nargs,
                          IrInst **args) {
  IrInst *i = ir_emit(b, IR_INTRINSIC, ir_intrinsic_ret_type(b->m, id), nargs,
                      args);
  i->intrinsic = id;
  return i;
}

IrInst *ir_emit_grid(IrBuilder *b, IrOp op, int component) {
  IrInst *i = ir_emit(b, op, ir_type_scalar(b->m, IRT_U32), 0, NULL);
  i->imm = component;
  return i;
}

IrInst *ir_emit_return(IrBuilder *b, IrInst *val) {
  return ir_emit(b, IR_RETURN, NULL, val ? 1 : 0, val ? &val : NULL);
}

IrInst *ir_emit_jump(IrBuilder *b, IrOp op) {
  return ir_emit(b, op, NULL, 0, NULL);
}

IrInst *ir_emit_break_if(IrBuilder *b, IrInst *cond) {
  return ir_emit(b, IR_BREAK_IF, NULL, 1, &cond);
}

IrInst *ir_emit_trap(IrBuilder *b, const char *message) {
  IrInst *i = ir_emit(b, IR_TRAP, NULL, 0, NULL);
  i->str = message;
  return i;
}

IrInst *ir_emit_switch(IrBuilder *b, IrInst *selector, int ncases) {
  IrInst *i = ir_emit(b, IR_SWITCH, NULL, 1, &selector);
  i->cases = ARENA_ARRAY(b->m->arena, IrCase, ncases > 0 ? ncases : 1);
  i->case_count = ncases;
  return i;
}

void ir_insert_before(IrInst *pos, IrInst *inst) {
  IrBlock *blk = pos->parent;
  inst->parent = blk;
  inst->next = pos;
  inst->prev = pos->prev;
  if (pos->prev) pos->prev->next = inst;
  else blk->first = inst;
  pos->prev = inst;
}

void ir_remove(IrInst *inst) {
  IrBlock *blk = inst->parent;
  if (inst->prev) inst->prev->next = inst->next;
  else blk->first = inst->next;
  if (inst->next) inst->next->prev = inst->prev;
  else blk->last = inst->prev;
  inst->next = inst->prev = NULL;
  inst->parent = NULL;
}

bool ir_block_terminates(const IrBlock *blk) {
  const IrInst *i = blk->last;
  if (!i) return false;
  switch (i->op) {
  case IR_RETURN: case IR_BREAK: case IR_CONTINUE: case IR_TRAP:
    return true;
  case IR_IF:
    return ir_block_terminates(&i->blocks[0]) &&
           ir_block_terminates(&i->blocks[1]);
  default:
    return false;
  }
}
