/* lower_launch.c: a kernel launch in device code (ND_CALL with a launch
 * configuration, parse_launch.c) to the IN_CDP_LAUNCH intrinsic: grid and
 * block as three u32 each (a dim3 taken apart), shared bytes and stream
 * as u64, then the kernel's arguments. It also makes sure the launched
 * kernel is compiled. Whether a device can run it is the back ends'
 * business (dynamic parallelism: docs/dynamic-parallelism.md). */
#include "lower_internal.h"

#include <string.h>

/* The x, y, z of a dim3 value, or (v, 1, 1) of an integer. */
static void lower_launch_dim(Lower *L, Node *n, IrInst **out) {
  IrType *u32 = ir_type_scalar(L->m, IRT_U32);
  IrInst *v = lower_expr(L, n);
  if (v && v->ty->kind == IRT_STRUCT) {
    IrInst *slot = ir_new_local(L->b.f, v->ty, "cuwa_launch_dim", n->loc);
    ir_emit_store(&L->b, slot, v);
    static const char *const names[] = {"x", "y", "z"};
    for (int c = 0; c < 3; c++) {
      int field = -1;
      for (int f = 0; f < v->ty->field_count; f++)
        if (v->ty->fields[f].name && strcmp(v->ty->fields[f].name, names[c]) == 0) field = f;
      if (field < 0) ICE("dim3 without member %s", names[c]);
      out[c] = lower_coerce(L, ir_emit_load(&L->b, ir_emit_member_ptr(&L->b, slot, field)), u32);
    }
    return;
  }
  out[0] = v ? lower_coerce(L, v, u32) : ir_emit_const_int(&L->b, u32, 1);
  out[1] = out[2] = ir_emit_const_int(&L->b, u32, 1);
}

/* Whether this unit defines fn (or a declaration of it). */
static bool defined_here(Lower *L, Obj *fn) {
  if (fn->body) return true;
  for (Obj *o = L->prog->globals; o; o = o->next)
    if (o->is_function && o->body && strcmp(o->name, fn->name) == 0 &&
        type_is_compatible(o->ty, fn->ty))
      return true;
  return false;
}

static int align_to(int x, int a) { return a > 1 ? (x + a - 1) / a * a : x; }

/* A kernel only declared here (defined in another .cu file, as nvcc -rdc
 * allows): the arguments go into a local laid out as the C back end lays
 * out that kernel's parameter struct in its own unit (C rules, the same
 * types in order); the runtime finds the kernel by name. */
static void lower_named_launch(Lower *L, Node *n, IrInst **args) {
  Obj *fn = n->obj;
  Type *ft = fn->ty;
  IrType *u64 = ir_type_scalar(L->m, IRT_U64);
  IrType *st = ir_type_struct(L->m, "cuwa_launch_args", false);
  int count = ft->param_count, off = 0, align = 1;
  st->fields = ARENA_ARRAY(L->a, IrField, count > 0 ? count : 1);
  for (int i = 0; i < count; i++) {
    IrType *t = lower_type(L, ft->params[i], n->loc);
    off = align_to(off, t->align);
    st->fields[i] = (IrField){arena_printf(L->a, "a%d", i), t, off};
    off += t->size;
    if (t->align > align) align = t->align;
  }
  st->field_count = count;
  st->align = align;
  st->size = align_to(off > 0 ? off : 1, align);
  IrInst *slot = ir_new_local(L->b.f, st, "cuwa_launch_args", n->loc);
  int i = 0;
  for (Node *a = n->args; a && i < count; a = a->next, i++) {
    IrInst *v = lower_expr(L, a);
    if (v) ir_emit_store(&L->b, ir_emit_member_ptr(&L->b, slot, i), lower_coerce(L, v, st->fields[i].ty));
  }
  args[8] = ir_emit_unary(&L->b, IR_PTR_TO_INT, u64,
                          ir_emit_string(&L->b, fn->name, (int)strlen(fn->name) + 1));
  args[9] = ir_emit_unary(&L->b, IR_PTR_TO_INT, u64, slot);
  args[10] = ir_emit_const_int(&L->b, u64, count ? st->size : 0);
  ir_emit_intrinsic(&L->b, IN_CDP_LAUNCH_NAMED, 11, args)->loc = n->loc;
}

void lower_device_launch(Lower *L, Node *n) {
  if (!defined_here(L, n->obj)) {
    IrInst *args[11];
    IrType *u64 = ir_type_scalar(L->m, IRT_U64);
    lower_launch_dim(L, n->cond, args);
    lower_launch_dim(L, n->then, args + 3);
    IrInst *shmem = lower_expr(L, n->els), *stream = lower_expr(L, n->inc);
    args[6] = shmem ? lower_coerce(L, shmem, u64) : ir_emit_const_int(&L->b, u64, 0);
    args[7] = stream ? lower_coerce(L, stream, u64) : ir_emit_const_int(&L->b, u64, 0);
    lower_named_launch(L, n, args);
    return;
  }
  IrFunc *k = lower_func_ref(L, n->obj, n->loc);
  if (!k) return;  /* reported */
  IrType *u64 = ir_type_scalar(L->m, IRT_U64);
  int nargs = 8 + k->param_count;
  IrInst **args = ARENA_ARRAY(L->a, IrInst *, nargs);
  lower_launch_dim(L, n->cond, args);
  lower_launch_dim(L, n->then, args + 3);
  IrInst *shmem = lower_expr(L, n->els), *stream = lower_expr(L, n->inc);
  args[6] = shmem ? lower_coerce(L, shmem, u64) : ir_emit_const_int(&L->b, u64, 0);
  args[7] = stream ? lower_coerce(L, stream, u64) : ir_emit_const_int(&L->b, u64, 0);
  int i = 8;
  for (Node *a = n->args; a; a = a->next, i++) {
    if (i >= nargs) ICE("launch of %s with too many arguments", k->name);
    IrInst *v = lower_expr(L, a);
    args[i] = v ? lower_coerce(L, v, k->params[i - 8]) : ir_emit_undef(&L->b, k->params[i - 8]);
  }
  if (i != nargs) ICE("launch of %s with %d arguments", k->name, i - 8);
  IrInst *launch = ir_emit_intrinsic(&L->b, IN_CDP_LAUNCH, nargs, args);
  launch->callee = k;
  launch->loc = n->loc;
}
