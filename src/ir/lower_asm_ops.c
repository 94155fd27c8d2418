/* lower_asm_ops.c: what each PTX instruction of an asm statement computes,
 * as ordinary IR (PTX ISA 8.x semantics): moves, integer and float
 * arithmetic with carry chains, bit operations (prmt, bfe, bfi, lop3,
 * shf, ...), cvt with rounding modes, setp/selp, loads and stores, fences
 * and barriers. One table row per opcode lists the modifiers it accepts;
 * any other instruction or modifier is reported as not supported. */
#include "lower_asm.h"

#include <stdio.h>
#include <string.h>

typedef bool (*AsmFn)(Asm *A, PtxInsn *in, IrType *t);

static IrBuilder *B(Asm *A) { return &A->L->b; }
static IrType *sc(Asm *A, IrTypeKind k) { return asm_scalar(A, k); }
static IrInst *bin(Asm *A, IrOp op, IrInst *l, IrInst *r) { return ir_emit_binary(B(A), op, l, r); }
static IrInst *kint(Asm *A, IrType *t, int64_t v) { return ir_emit_const_int(B(A), t, v); }

static bool has(PtxInsn *in, const char *mod) {
  for (int i = 0; i < in->nmods; i++)
    if (!strcmp(in->mods[i], mod)) return true;
  return false;
}

static IrType *uns(Asm *A, IrType *t) {
  switch (t->size) {
  case 1: return sc(A, IRT_U8);
  case 2: return sc(A, IRT_U16);
  case 4: return sc(A, IRT_U32);
  default: return sc(A, IRT_U64);
  }
}

static IrType *sgn(Asm *A, IrType *t) {
  switch (t->size) {
  case 1: return sc(A, IRT_I8);
  case 2: return sc(A, IRT_I16);
  case 4: return sc(A, IRT_I32);
  default: return sc(A, IRT_I64);
  }
}

IrType *asm_type_of(Asm *A, const char *m) {
  static const struct { const char *name; IrTypeKind k; } types[] = {
    {"u8", IRT_U8}, {"s8", IRT_I8}, {"b8", IRT_U8}, {"u16", IRT_U16}, {"s16", IRT_I16},
    {"b16", IRT_U16}, {"u32", IRT_U32}, {"s32", IRT_I32}, {"b32", IRT_U32}, {"u64", IRT_U64},
    {"s64", IRT_I64}, {"b64", IRT_U64}, {"f32", IRT_F32}, {"f64", IRT_F64}, {"pred", IRT_BOOL},
  };
  for (size_t i = 0; i < sizeof types / sizeof types[0]; i++)
    if (!strcmp(m, types[i].name)) return sc(A, types[i].k);
  return NULL;
}

/* The intrinsic whose CUDA name is name ("__fadd_rz"), or IN_NONE. */
static IrIntrinsic intrinsic_named(const char *name) {
  for (int i = IN_NONE + 1; i < IN_COUNT; i++)
    if (!strcmp(ir_intrinsic_name((IrIntrinsic)i), name)) return (IrIntrinsic)i;
  return IN_NONE;
}

static IrInst *intrin(Asm *A, IrIntrinsic id, int n, IrInst **args) {
  for (int i = 0; i < n; i++) args[i] = asm_fit(A, args[i], ir_intrinsic_arg_type(A->L->m, id, i));
  return ir_emit_intrinsic(B(A), id, n, args);
}

static IrInst *rd(Asm *A, PtxInsn *in, int i, IrType *t) { return asm_read(A, &in->ops[i], t); }
static void wr(Asm *A, PtxInsn *in, int i, IrInst *v) { asm_write(A, &in->ops[i], v); }

/* The rounding modifier: "rn", "rz", "rm", "rp" (or the integer forms
 * "rni"...), or NULL. */
static const char *rounding(PtxInsn *in) {
  static const char *const r[] = {"rn", "rz", "rm", "rp", "rni", "rzi", "rmi", "rpi", NULL};
  for (int i = 0; r[i]; i++)
    if (has(in, r[i])) return r[i];
  return NULL;
}

/* __fadd_rz-style name for a float operation in a directed rounding. */
static IrIntrinsic float_rounded(IrType *t, const char *op, const char *rnd) {
  static const char sfx[] = {'n', 'z', 'd', 'u'};  /* rn rz rm rp */
  int r = rnd[1] == 'n' ? 0 : rnd[1] == 'z' ? 1 : rnd[1] == 'm' ? 2 : 3;
  char name[32];
  snprintf(name, sizeof name, "__%c%s_r%c", t->kind == IRT_F32 ? 'f' : 'd', op, sfx[r]);
  if (!strcmp(op, "fma")) snprintf(name, sizeof name, "__fma%s_r%c", t->kind == IRT_F32 ? "f" : "", sfx[r]);
  return intrinsic_named(name);
}

/* ---- moves ------------------------------------------------------------------- */

/* mov.b64 {lo, hi}, x and mov.b32 {a, b}, x: split into equal parts. */
static bool mov_unpack(Asm *A, PtxInsn *in, IrType *t) {
  PtxOp *v = &in->ops[0];
  IrInst *x = rd(A, in, 1, uns(A, t));
  int bits = t->size * 8 / v->nelems;
  if (bits != 8 && bits != 16 && bits != 32) return asm_unsupported(A, in);
  IrType *part = uns(A, sc(A, bits == 8 ? IRT_U8 : bits == 16 ? IRT_U16 : IRT_U32));
  for (int i = 0; i < v->nelems; i++) {
    IrInst *s = bin(A, IR_SHR, x, kint(A, x->ty, i * bits));
    asm_write(A, &v->elems[i], ir_emit_conv(B(A), part, s));
  }
  return true;
}

static bool mov_pack(Asm *A, PtxInsn *in, IrType *t) {
  PtxOp *v = &in->ops[1];
  IrType *u = uns(A, t);
  int bits = t->size * 8 / v->nelems;
  if (bits != 8 && bits != 16 && bits != 32) return asm_unsupported(A, in);
  IrType *part = sc(A, bits == 8 ? IRT_U8 : bits == 16 ? IRT_U16 : IRT_U32);
  IrInst *r = kint(A, u, 0);
  for (int i = 0; i < v->nelems; i++) {
    IrInst *e = ir_emit_conv(B(A), u, asm_read(A, &v->elems[i], part));
    r = bin(A, IR_OR, r, bin(A, IR_SHL, e, kint(A, u, i * bits)));
  }
  wr(A, in, 0, r);
  return true;
}

static bool op_mov(Asm *A, PtxInsn *in, IrType *t) {
  if (in->ops[0].kind == PO_VEC) return mov_unpack(A, in, t);
  if (in->ops[1].kind == PO_VEC) return mov_pack(A, in, t);
  wr(A, in, 0, rd(A, in, 1, t));
  return true;
}

/* ---- integer and float arithmetic ------------------------------------------- */

static IrInst *carry_in(Asm *A, IrType *u) {
  if (!A->carry) {
    A->carry = asm_new_slot(A, sc(A, IRT_U32), "cc");
    ir_emit_store(B(A), A->carry, kint(A, sc(A, IRT_U32), 0));
  }
  return ir_emit_conv(B(A), u, ir_emit_load(B(A), A->carry));
}

static void carry_out(Asm *A, IrInst *c) {
  if (!A->carry) A->carry = asm_new_slot(A, sc(A, IRT_U32), "cc");
  ir_emit_store(B(A), A->carry, ir_emit_conv(B(A), sc(A, IRT_U32), c));
}

/* a + b (+ CF) or a - b (- CF) in unsigned arithmetic, setting CF when
 * set_cc: the carry out of the addition, the borrow of the subtraction. */
static IrInst *add_carry(Asm *A, IrInst *a, IrInst *b, bool sub, bool use_cc, bool set_cc) {
  IrInst *t = bin(A, sub ? IR_SUB : IR_ADD, a, b), *s = t;
  IrInst *cin = use_cc ? carry_in(A, a->ty) : NULL;
  if (cin) s = bin(A, sub ? IR_SUB : IR_ADD, t, cin);
  if (set_cc) {
    IrInst *c = sub ? bin(A, IR_LT, a, b) : bin(A, IR_LT, t, a);
    if (cin) c = bin(A, IR_OR, c, sub ? bin(A, IR_LT, t, cin) : bin(A, IR_LT, s, t));
    carry_out(A, c);
  }
  return s;
}

/* Saturating signed 32-bit a op b (add.sat.s32, sub.sat.s32). */
static IrInst *sat_s32(Asm *A, IrInst *a, IrInst *b, IrOp op) {
  IrType *l = sc(A, IRT_I64);
  IrInst *w = bin(A, op, ir_emit_conv(B(A), l, a), ir_emit_conv(B(A), l, b));
  IrInst *lo = kint(A, l, INT32_MIN), *hi = kint(A, l, INT32_MAX);
  w = ir_emit_select(B(A), bin(A, IR_LT, w, lo), lo, w);
  w = ir_emit_select(B(A), bin(A, IR_GT, w, hi), hi, w);
  return ir_emit_conv(B(A), sc(A, IRT_I32), w);
}

static IrInst *saturate_float(Asm *A, IrInst *v) {
  if (v->ty->kind == IRT_F32) return intrin(A, IN_SATURATEF, 1, (IrInst *[]){v});
  IrInst *z = ir_emit_const_float(B(A), v->ty, 0.0), *o = ir_emit_const_float(B(A), v->ty, 1.0);
  v = intrin(A, IN_FMAX, 2, (IrInst *[]){v, z});
  return intrin(A, IN_FMIN, 2, (IrInst *[]){v, o});
}

/* add, sub, addc, subc (float or integer; .cc, .sat, rounding) */
static bool op_addsub(Asm *A, PtxInsn *in, IrType *t) {
  bool sub = in->opcode[0] == 's', with_c = in->opcode[3] == 'c';
  if (ir_type_is_float(t)) {
    if (with_c || has(in, "cc")) return asm_unsupported(A, in);
    IrInst *a = rd(A, in, 1, t), *b = rd(A, in, 2, t), *r;
    const char *rnd = rounding(in);
    if (rnd && strcmp(rnd, "rn")) r = intrin(A, float_rounded(t, sub ? "sub" : "add", rnd), 2, (IrInst *[]){a, b});
    else r = bin(A, sub ? IR_SUB : IR_ADD, a, b);
    wr(A, in, 0, has(in, "sat") ? saturate_float(A, r) : r);
    return true;
  }
  if (rounding(in)) return asm_unsupported(A, in);
  if (has(in, "sat")) {
    if (t->kind != IRT_I32 || with_c || has(in, "cc")) return asm_unsupported(A, in);
    wr(A, in, 0, sat_s32(A, rd(A, in, 1, t), rd(A, in, 2, t), sub ? IR_SUB : IR_ADD));
    return true;
  }
  IrType *u = uns(A, t);
  wr(A, in, 0, add_carry(A, rd(A, in, 1, u), rd(A, in, 2, u), sub, with_c, has(in, "cc")));
  return true;
}

/* The high half of a * b in t (signed or not). */
static IrInst *mul_hi(Asm *A, IrInst *a, IrInst *b, IrType *t) {
  if (t->size == 8) {
    IrIntrinsic id = ir_type_is_signed(t) ? IN_MUL64HI : IN_UMUL64HI;
    return asm_fit(A, intrin(A, id, 2, (IrInst *[]){a, b}), t);
  }
  IrType *w = ir_type_is_signed(t) ? sgn(A, sc(A, t->size == 4 ? IRT_I64 : IRT_I32))
                                   : uns(A, sc(A, t->size == 4 ? IRT_U64 : IRT_U32));
  IrInst *p = bin(A, IR_MUL, ir_emit_conv(B(A), w, a), ir_emit_conv(B(A), w, b));
  p = bin(A, IR_SHR, p, kint(A, w, t->size * 8));
  return ir_emit_conv(B(A), t, p);
}

/* a * b for mul/mad: .lo, .hi or .wide (the result type is wider). */
static IrInst *mul_part(Asm *A, PtxInsn *in, IrInst *a, IrInst *b, IrType *t) {
  if (has(in, "hi")) return mul_hi(A, a, b, t);
  if (has(in, "wide")) {
    IrType *w = t->size == 2 ? sc(A, ir_type_is_signed(t) ? IRT_I32 : IRT_U32)
                             : sc(A, ir_type_is_signed(t) ? IRT_I64 : IRT_U64);
    return bin(A, IR_MUL, ir_emit_conv(B(A), w, a), ir_emit_conv(B(A), w, b));
  }
  return bin(A, IR_MUL, a, b);
}

static bool int_mul_shape_ok(PtxInsn *in, IrType *t) {
  int n = has(in, "lo") + has(in, "hi") + has(in, "wide");
  return n == 1 && !(has(in, "wide") && t->size == 8);
}

static bool op_mul(Asm *A, PtxInsn *in, IrType *t) {
  IrInst *a = rd(A, in, 1, t), *b = rd(A, in, 2, t);
  if (ir_type_is_float(t)) {
    const char *rnd = rounding(in);
    IrInst *r = rnd && strcmp(rnd, "rn") ? intrin(A, float_rounded(t, "mul", rnd), 2, (IrInst *[]){a, b})
                                         : bin(A, IR_MUL, a, b);
    wr(A, in, 0, has(in, "sat") ? saturate_float(A, r) : r);
    return true;
  }
  if (!int_mul_shape_ok(in, t) || has(in, "sat")) return asm_unsupported(A, in);
  wr(A, in, 0, mul_part(A, in, a, b, t));
  return true;
}

/* fma.rnd / mad(.rnd).f32: fused; mad.lo/.hi/.wide(.cc), madc */
static bool op_mad(Asm *A, PtxInsn *in, IrType *t) {
  if (ir_type_is_float(t)) {
    if (in->opcode[3] == 'c' || has(in, "cc")) return asm_unsupported(A, in);
    IrInst *args[3] = {rd(A, in, 1, t), rd(A, in, 2, t), rd(A, in, 3, t)};
    const char *rnd = rounding(in);
    IrIntrinsic id = rnd && strcmp(rnd, "rn") ? float_rounded(t, "fma", rnd)
                                              : t->kind == IRT_F32 ? IN_FMAF : IN_FMA;
    IrInst *r = intrin(A, id, 3, args);
    wr(A, in, 0, has(in, "sat") ? saturate_float(A, r) : r);
    return true;
  }
  if (!strcmp(in->opcode, "fma") || !int_mul_shape_ok(in, t) || has(in, "sat") || rounding(in))
    return asm_unsupported(A, in);
  IrInst *p = mul_part(A, in, rd(A, in, 1, t), rd(A, in, 2, t), t);
  IrType *u = uns(A, p->ty);
  IrInst *c = rd(A, in, 3, u);
  bool madc = in->opcode[3] == 'c';
  wr(A, in, 0, add_carry(A, asm_fit(A, p, u), c, false, madc, has(in, "cc")));
  return true;
}

static bool op_divrem(Asm *A, PtxInsn *in, IrType *t) {
  IrInst *a = rd(A, in, 1, t), *b = rd(A, in, 2, t);
  bool rem = in->opcode[0] == 'r';
  if (ir_type_is_float(t)) {
    const char *rnd = rounding(in);
    if (rem) return asm_unsupported(A, in);
    wr(A, in, 0, rnd && strcmp(rnd, "rn") ? intrin(A, float_rounded(t, "div", rnd), 2, (IrInst *[]){a, b})
                                          : bin(A, IR_DIV, a, b));
    return true;
  }
  if (rounding(in) || has(in, "approx") || has(in, "full")) return asm_unsupported(A, in);
  wr(A, in, 0, bin(A, rem ? IR_REM : IR_DIV, a, b));
  return true;
}

static bool op_minmax(Asm *A, PtxInsn *in, IrType *t) {
  bool is_max = in->opcode[1] == 'a';
  IrInst *a = rd(A, in, 1, t), *b = rd(A, in, 2, t);
  if (ir_type_is_float(t)) {
    IrIntrinsic id = t->kind == IRT_F32 ? (is_max ? IN_FMAXF : IN_FMINF) : (is_max ? IN_FMAX : IN_FMIN);
    wr(A, in, 0, intrin(A, id, 2, (IrInst *[]){a, b}));
  } else {
    wr(A, in, 0, ir_emit_select(B(A), bin(A, is_max ? IR_GT : IR_LT, a, b), a, b));
  }
  return true;
}

static bool op_absneg(Asm *A, PtxInsn *in, IrType *t) {
  IrInst *a = rd(A, in, 1, t);
  if (in->opcode[0] == 'n') {
    wr(A, in, 0, ir_emit_unary(B(A), IR_NEG, NULL, a));
  } else if (ir_type_is_float(t)) {
    wr(A, in, 0, intrin(A, t->kind == IRT_F32 ? IN_FABSF : IN_FABS, 1, (IrInst *[]){a}));
  } else {
    IrInst *neg = bin(A, IR_LT, asm_fit(A, a, sgn(A, t)), kint(A, sgn(A, t), 0));
    wr(A, in, 0, ir_emit_select(B(A), neg, ir_emit_unary(B(A), IR_NEG, NULL, a), a));
  }
  return true;
}

/* ---- bit operations ---------------------------------------------------------- */

static bool op_logic(Asm *A, PtxInsn *in, IrType *t) {
  if (t->kind != IRT_BOOL) t = uns(A, t);
  IrInst *a = rd(A, in, 1, t);
  switch (in->opcode[0]) {
  case 'a': wr(A, in, 0, bin(A, IR_AND, a, rd(A, in, 2, t))); break;
  case 'o': wr(A, in, 0, bin(A, IR_OR, a, rd(A, in, 2, t))); break;
  case 'x': wr(A, in, 0, bin(A, IR_XOR, a, rd(A, in, 2, t))); break;
  case 'n': wr(A, in, 0, ir_emit_unary(B(A), IR_NOT, NULL, a)); break;
  case 'c': {  /* cnot */
    IrInst *z = t->kind == IRT_BOOL ? a : bin(A, IR_EQ, a, kint(A, t, 0));
    wr(A, in, 0, t->kind == IRT_BOOL ? ir_emit_unary(B(A), IR_NOT, NULL, a) : ir_emit_conv(B(A), t, z));
    break;
  }
  default: ICE("op_logic %s", in->opcode);
  }
  return true;
}

/* The shift count: u32, clamped to the width for narrow types (the IR
 * clamps in the operand's own type). */
static IrInst *shift_count(Asm *A, PtxInsn *in, int i, IrType *t) {
  IrInst *n = rd(A, in, i, sc(A, IRT_U32));
  if (t->size < 4) {
    IrInst *w = kint(A, n->ty, t->size * 8);
    n = ir_emit_select(B(A), bin(A, IR_GT, n, w), w, n);
  }
  return ir_emit_conv(B(A), t, n);
}

static bool op_shift(Asm *A, PtxInsn *in, IrType *t) {
  bool left = !strcmp(in->opcode, "shl");
  if (left || t->kind == IRT_U32 || t->kind == IRT_U64 || t->kind == IRT_U16) t = uns(A, t);
  if (has(in, "b16") || has(in, "b32") || has(in, "b64")) t = uns(A, t);
  wr(A, in, 0, bin(A, left ? IR_SHL : IR_SHR, rd(A, in, 1, t), shift_count(A, in, 2, t)));
  return true;
}

/* shf.{l,r}.{wrap,clamp}.b32 d, a, b, c: the funnel shift of b:a */
static bool op_shf(Asm *A, PtxInsn *in, IrType *t) {
  bool l = has(in, "l"), r = has(in, "r"), clamp = has(in, "clamp");
  if (l == r || clamp == has(in, "wrap") || t->size != 4) return asm_unsupported(A, in);
  IrIntrinsic id = l ? (clamp ? IN_FUNNELSHIFT_LC : IN_FUNNELSHIFT_L)
                     : (clamp ? IN_FUNNELSHIFT_RC : IN_FUNNELSHIFT_R);
  IrType *u = sc(A, IRT_U32);
  wr(A, in, 0, intrin(A, id, 3, (IrInst *[]){rd(A, in, 1, u), rd(A, in, 2, u), rd(A, in, 3, u)}));
  return true;
}

static bool op_prmt(Asm *A, PtxInsn *in, IrType *t) {
  IrType *u = sc(A, IRT_U32);
  if (t->size != 4) return asm_unsupported(A, in);
  wr(A, in, 0, intrin(A, IN_BYTE_PERM, 3, (IrInst *[]){rd(A, in, 1, u), rd(A, in, 2, u), rd(A, in, 3, u)}));
  return true;
}

/* bfe: with top = min(pos + len - 1, msb), the field is
 * (a << (msb - top)) >> (msb - top + pos), arithmetic for .s types (the
 * sign comes from bit top); len == 0 gives 0. Shift counts past the width
 * give 0 / the sign bits, as in the IR. */
static bool op_bfe(Asm *A, PtxInsn *in, IrType *t) {
  if (t->size < 4) return asm_unsupported(A, in);
  IrType *u32 = sc(A, IRT_U32);
  IrInst *a = rd(A, in, 1, t);
  IrInst *pos = bin(A, IR_AND, rd(A, in, 2, u32), kint(A, u32, 255));
  IrInst *len = bin(A, IR_AND, rd(A, in, 3, u32), kint(A, u32, 255));
  IrInst *msb = kint(A, u32, t->size * 8 - 1);
  IrInst *last = bin(A, IR_SUB, bin(A, IR_ADD, pos, len), kint(A, u32, 1));
  IrInst *top = ir_emit_select(B(A), bin(A, IR_LT, last, msb), last, msb);
  IrInst *up = bin(A, IR_SUB, msb, top);
  IrInst *x = bin(A, IR_SHL, asm_fit(A, a, uns(A, t)), ir_emit_conv(B(A), uns(A, t), up));
  x = asm_fit(A, x, t);
  x = bin(A, IR_SHR, x, ir_emit_conv(B(A), t, bin(A, IR_ADD, up, pos)));
  wr(A, in, 0, ir_emit_select(B(A), bin(A, IR_EQ, len, kint(A, u32, 0)), kint(A, t, 0), x));
  return true;
}

/* bfi d, f, b, pos, len: b with bits [pos, pos + len) from f */
static bool op_bfi(Asm *A, PtxInsn *in, IrType *t) {
  if (t->size < 4) return asm_unsupported(A, in);
  IrType *u = uns(A, t), *u32 = sc(A, IRT_U32);
  IrInst *f = rd(A, in, 1, u), *b = rd(A, in, 2, u);
  IrInst *pos = ir_emit_conv(B(A), u, bin(A, IR_AND, rd(A, in, 3, u32), kint(A, u32, 255)));
  IrInst *len = ir_emit_conv(B(A), u, bin(A, IR_AND, rd(A, in, 4, u32), kint(A, u32, 255)));
  IrInst *mask = bin(A, IR_SUB, bin(A, IR_SHL, kint(A, u, 1), len), kint(A, u, 1));
  mask = bin(A, IR_SHL, mask, pos);
  IrInst *r = bin(A, IR_OR, bin(A, IR_AND, b, ir_emit_unary(B(A), IR_NOT, NULL, mask)),
                  bin(A, IR_AND, bin(A, IR_SHL, f, pos), mask));
  wr(A, in, 0, r);
  return true;
}

/* lop3.b32 d, a, b, c, lut: the OR of the minterms whose lut bit is set
 * (bit i: a = i & 4, b = i & 2, c = i & 1, as 0xF0, 0xCC, 0xAA encode). */
static bool op_lop3(Asm *A, PtxInsn *in, IrType *t) {
  if (in->ops[4].kind != PO_IMM || t->size != 4) return asm_unsupported(A, in);
  IrType *u = sc(A, IRT_U32);
  IrInst *v[3] = {rd(A, in, 1, u), rd(A, in, 2, u), rd(A, in, 3, u)}, *nv[3];
  for (int i = 0; i < 3; i++) nv[i] = ir_emit_unary(B(A), IR_NOT, NULL, v[i]);
  int lut = (int)(in->ops[4].imm & 0xff);
  IrInst *r = kint(A, u, lut == 0xff ? 0xffffffff : 0);
  for (int i = 0; i < 8 && lut != 0xff; i++) {
    if (!(lut >> i & 1)) continue;
    IrInst *m = bin(A, IR_AND, bin(A, IR_AND, i & 4 ? v[0] : nv[0], i & 2 ? v[1] : nv[1]),
                    i & 1 ? v[2] : nv[2]);
    r = bin(A, IR_OR, r, m);
  }
  wr(A, in, 0, r);
  return true;
}

/* brev, popc, clz: the __brev/__popc/__clz intrinsics */
static bool op_bitcount(Asm *A, PtxInsn *in, IrType *t) {
  bool wide = t->size == 8;
  if (t->size < 4) return asm_unsupported(A, in);
  IrIntrinsic id;
  if (!strcmp(in->opcode, "brev")) id = wide ? IN_BREVLL : IN_BREV;
  else if (!strcmp(in->opcode, "popc")) id = wide ? IN_POPCLL : IN_POPC;
  else id = wide ? IN_CLZLL : IN_CLZ;
  IrInst *a = rd(A, in, 1, uns(A, t));
  wr(A, in, 0, intrin(A, id, 1, (IrInst *[]){a}));
  return true;
}

/* bfind: the position of the most significant non-sign bit, 0xffffffff
 * if none; .shiftamt: the left shift that would move it to the top. */
static bool op_bfind(Asm *A, PtxInsn *in, IrType *t) {
  if (t->size < 4) return asm_unsupported(A, in);
  IrType *u = uns(A, t), *u32 = sc(A, IRT_U32);
  IrInst *a = rd(A, in, 1, t), *x = asm_fit(A, a, u);
  if (ir_type_is_signed(t))
    x = ir_emit_select(B(A), bin(A, IR_LT, a, kint(A, t, 0)), ir_emit_unary(B(A), IR_NOT, NULL, x), x);
  IrInst *clz = asm_fit(A, intrin(A, t->size == 8 ? IN_CLZLL : IN_CLZ, 1, (IrInst *[]){x}), u32);
  IrInst *r = has(in, "shiftamt") ? clz : bin(A, IR_SUB, kint(A, u32, t->size * 8 - 1), clz);
  IrInst *none = bin(A, IR_EQ, x, kint(A, u, 0));
  wr(A, in, 0, ir_emit_select(B(A), none, kint(A, u32, 0xffffffff), r));
  return true;
}

/* ---- conversions ---------------------------------------------------------------- */

/* "int", "uint", "ll", "ull", "float", "double": CUDA's names in
 * __float2int_rn and friends. */
static const char *cuda_type_name(IrType *t) {
  switch (t->kind) {
  case IRT_I32: return "int";
  case IRT_U32: return "uint";
  case IRT_I64: return "ll";
  case IRT_U64: return "ull";
  case IRT_F32: return "float";
  case IRT_F64: return "double";
  default: return NULL;
  }
}

/* A conversion in a directed rounding mode through __x2y_r? intrinsics;
 * IN_NONE when CUDA has none (then it is exact or IR_CONV's default). */
static IrIntrinsic cvt_intrinsic(IrType *to, IrType *from, const char *rnd) {
  const char *f = cuda_type_name(from), *t = cuda_type_name(to);
  if (!f || !t) return IN_NONE;
  char r = rnd[1] == 'n' ? 'n' : rnd[1] == 'z' ? 'z' : rnd[1] == 'm' ? 'd' : 'u';
  char name[40];
  snprintf(name, sizeof name, "__%s2%s_r%c", f, t, r);
  return intrinsic_named(name);
}

static bool cvt_float_to_float(Asm *A, PtxInsn *in, IrType *to, IrType *from, const char *rnd) {
  IrInst *a = rd(A, in, 1, from);
  if (to->kind == from->kind) {  /* cvt.rni.f32.f32: round to an integer value */
    if (!rnd) { wr(A, in, 0, a); return true; }
    if (strlen(rnd) != 3) return asm_unsupported(A, in);
    bool f = to->kind == IRT_F32;
    IrIntrinsic id = rnd[1] == 'n' ? (f ? IN_RINTF : IN_RINT) : rnd[1] == 'z' ? (f ? IN_TRUNCF : IN_TRUNC)
                   : rnd[1] == 'm' ? (f ? IN_FLOORF : IN_FLOOR) : (f ? IN_CEILF : IN_CEIL);
    wr(A, in, 0, intrin(A, id, 1, (IrInst *[]){a}));
    return true;
  }
  if (rnd && strlen(rnd) == 3) return asm_unsupported(A, in);
  IrIntrinsic id = rnd && strcmp(rnd, "rn") ? cvt_intrinsic(to, from, rnd) : IN_NONE;
  wr(A, in, 0, id ? intrin(A, id, 1, (IrInst *[]){a}) : ir_emit_conv(B(A), to, a));
  return true;
}

static bool op_cvt(Asm *A, PtxInsn *in, IrType *unused) {
  (void)unused;
  IrType *ty[2] = {NULL, NULL};
  int n = 0;
  for (int i = 0; i < in->nmods; i++) {
    IrType *t = asm_type_of(A, in->mods[i]);
    if (t && n < 2) ty[n++] = t;
  }
  if (n != 2 || ty[0]->kind == IRT_BOOL || ty[1]->kind == IRT_BOOL || has(in, "sat"))
    return asm_unsupported(A, in);
  IrType *to = ty[0], *from = ty[1];
  const char *rnd = rounding(in);
  if (ir_type_is_float(to) && ir_type_is_float(from)) return cvt_float_to_float(A, in, to, from, rnd);
  if (!ir_type_is_float(to) && !ir_type_is_float(from)) {
    if (rnd) return asm_unsupported(A, in);
    wr(A, in, 0, ir_emit_conv(B(A), to, rd(A, in, 1, from)));
    return true;
  }
  if (!rnd || (ir_type_is_float(to) ? strlen(rnd) != 2 : strlen(rnd) != 3) ||
      (!ir_type_is_float(to) && to->size < 4))
    return asm_unsupported(A, in);  /* PTX requires the rounding; narrow targets saturate */
  IrInst *a = rd(A, in, 1, from);
  if (from->size < 4) a = ir_emit_conv(B(A), ir_type_is_signed(from) ? sc(A, IRT_I32) : sc(A, IRT_U32), a);
  IrIntrinsic id = (!strcmp(rnd, "rn") && ir_type_is_float(to)) || !strcmp(rnd, "rzi")
                       ? IN_NONE : cvt_intrinsic(to, a->ty, rnd);
  if (!id && strcmp(rnd, "rn") && strcmp(rnd, "rzi") && !(ir_type_is_float(to) && to->kind == IRT_F64 && a->ty->size == 4))
    return asm_unsupported(A, in);
  wr(A, in, 0, id ? intrin(A, id, 1, (IrInst *[]){a}) : ir_emit_conv(B(A), to, a));
  return true;
}

/* ---- predicates ----------------------------------------------------------------- */

/* a cmp b for setp's comparison operator; NULL if it is not one. */
static IrInst *compare(Asm *A, const char *cmp, IrInst *a, IrInst *b, IrType *t) {
  static const struct { const char *name; IrOp op; bool uns; } ops[] = {
    {"eq", IR_EQ, 0}, {"lt", IR_LT, 0}, {"le", IR_LE, 0}, {"gt", IR_GT, 0}, {"ge", IR_GE, 0},
    {"lo", IR_LT, 1}, {"ls", IR_LE, 1}, {"hi", IR_GT, 1}, {"hs", IR_GE, 1},
  };
  bool f = ir_type_is_float(t);
  if (!strcmp(cmp, "ne")) {  /* ordered for floats */
    return f ? bin(A, IR_OR, bin(A, IR_LT, a, b), bin(A, IR_GT, a, b)) : bin(A, IR_NE, a, b);
  }
  for (size_t i = 0; i < sizeof ops / sizeof ops[0]; i++) {
    if (strcmp(cmp, ops[i].name)) continue;
    if (ops[i].uns && (f || t->kind == IRT_BOOL)) return NULL;
    if (ops[i].uns) a = asm_fit(A, a, uns(A, t)), b = asm_fit(A, b, uns(A, t));
    return bin(A, ops[i].op, a, b);
  }
  if (!f) return NULL;
  IrInst *num = bin(A, IR_AND, bin(A, IR_EQ, a, a), bin(A, IR_EQ, b, b));
  if (!strcmp(cmp, "num")) return num;
  if (!strcmp(cmp, "nan")) return ir_emit_unary(B(A), IR_NOT, NULL, num);
  /* equ ltu ...: true when unordered: not the opposite ordered test */
  static const struct { const char *name; IrOp opp; } un[] = {
    {"ltu", IR_GE}, {"leu", IR_GT}, {"gtu", IR_LE}, {"geu", IR_LT},
  };
  if (!strcmp(cmp, "neu")) return bin(A, IR_NE, a, b);
  if (!strcmp(cmp, "equ"))
    return ir_emit_unary(B(A), IR_NOT, NULL, bin(A, IR_OR, bin(A, IR_LT, a, b), bin(A, IR_GT, a, b)));
  for (size_t i = 0; i < sizeof un / sizeof un[0]; i++)
    if (!strcmp(cmp, un[i].name)) return ir_emit_unary(B(A), IR_NOT, NULL, bin(A, un[i].opp, a, b));
  return NULL;
}

/* setp.cmp[.bool].type p[|q], a, b[, c] */
static bool op_setp(Asm *A, PtxInsn *in, IrType *t) {
  if (in->nmods < 2) return asm_unsupported(A, in);
  IrInst *a = rd(A, in, 1, t), *b = rd(A, in, 2, t);
  IrInst *r = compare(A, in->mods[0], a, b, t);
  if (!r) return asm_unsupported(A, in);
  IrInst *nr = ir_emit_unary(B(A), IR_NOT, NULL, r);
  IrOp op = has(in, "and") ? IR_AND : has(in, "or") ? IR_OR : has(in, "xor") ? IR_XOR : IR_OP_COUNT;
  if (op != IR_OP_COUNT) {
    if (in->nops != 4) return asm_unsupported(A, in);
    IrInst *c = rd(A, in, 3, sc(A, IRT_BOOL));
    r = bin(A, op, r, c);
    nr = bin(A, op, nr, c);
  } else if (in->nops != 3) {
    return asm_unsupported(A, in);
  }
  if (in->ops[0].kind == PO_VEC) {
    asm_write(A, &in->ops[0].elems[0], r);
    asm_write(A, &in->ops[0].elems[1], nr);
  } else {
    wr(A, in, 0, r);
  }
  return true;
}

static bool op_selp(Asm *A, PtxInsn *in, IrType *t) {
  IrInst *a = rd(A, in, 1, t), *b = rd(A, in, 2, t), *c = rd(A, in, 3, sc(A, IRT_BOOL));
  wr(A, in, 0, ir_emit_select(B(A), c, a, b));
  return true;
}

/* ---- memory -------------------------------------------------------------------- */

static IrSpace state_space(PtxInsn *in) {
  if (has(in, "global")) return IRS_GLOBAL;
  if (has(in, "shared")) return IRS_SHARED;
  if (has(in, "const")) return IRS_CONSTANT;
  if (has(in, "local")) return IRS_LOCAL;
  return IRS_GENERIC;
}

/* The address of [base + off] + i elements of t: a pointer register keeps
 * its own space; an integer one becomes a pointer into the state space. */
static IrInst *address(Asm *A, PtxInsn *in, PtxOp *o, IrType *t, int i) {
  IrInst *base = o->base->kind == PO_REG ? ir_emit_load(B(A), o->base->slot)
                                         : kint(A, sc(A, IRT_U64), o->base->imm);
  IrSpace sp = base->ty->kind == IRT_PTR ? base->ty->space : state_space(in);
  IrInst *p = asm_fit(A, base, ir_type_ptr(A->L->m, t, sp));
  int64_t off = o->imm;
  IrType *i64 = sc(A, IRT_I64);
  if (off % t->size) {  /* a byte offset that is not a whole element */
    IrInst *bp = ir_emit_ptr_cast(B(A), ir_type_ptr(A->L->m, sc(A, IRT_U8), sp), p);
    p = ir_emit_ptr_cast(B(A), p->ty, ir_emit_ptr_add(B(A), bp, kint(A, i64, off)));
    off = 0;
  }
  int64_t n = off / t->size + i;
  return n ? ir_emit_ptr_add(B(A), p, kint(A, i64, n)) : p;
}

static int vector_width(PtxInsn *in) {
  return has(in, "v4") ? 4 : has(in, "v2") ? 2 : 1;
}

/* ld[.space][.cache][.volatile][.vN].type d, [a] */
static bool op_ld(Asm *A, PtxInsn *in, IrType *t) {
  int n = vector_width(in);
  PtxOp *d = &in->ops[0];
  if (in->ops[1].kind != PO_ADDR || (n > 1) != (d->kind == PO_VEC) || (n > 1 && d->nelems != n) ||
      t->kind == IRT_BOOL)
    return asm_unsupported(A, in);
  for (int i = 0; i < n; i++) {
    IrInst *v = ir_emit_load(B(A), address(A, in, &in->ops[1], t, i));
    v->is_volatile = has(in, "volatile") || has(in, "cv");
    asm_write(A, n > 1 ? &d->elems[i] : d, v);
  }
  return true;
}

static bool op_st(Asm *A, PtxInsn *in, IrType *t) {
  int n = vector_width(in);
  PtxOp *s = &in->ops[1];
  if (in->ops[0].kind != PO_ADDR || (n > 1) != (s->kind == PO_VEC) || (n > 1 && s->nelems != n) ||
      t->kind == IRT_BOOL)
    return asm_unsupported(A, in);
  for (int i = 0; i < n; i++) {
    IrInst *v = asm_read(A, n > 1 ? &s->elems[i] : s, t);
    IrInst *st = ir_emit(B(A), IR_STORE, NULL, 2, (IrInst *[]){address(A, in, &in->ops[0], t, i), v});
    st->is_volatile = has(in, "volatile") || has(in, "wt");
  }
  return true;
}

/* ---- synchronization --------------------------------------------------------- */

static bool op_fence(Asm *A, PtxInsn *in, IrType *t) {
  (void)t;
  IrIntrinsic id = has(in, "cta") ? IN_THREADFENCE_BLOCK : has(in, "sys") ? IN_THREADFENCE_SYSTEM
                                                                       : IN_THREADFENCE;
  ir_emit_intrinsic(B(A), id, 0, NULL);
  return true;
}

/* bar.sync 0 / barrier.sync 0 (optionally with the block's thread count
 * omitted): __syncthreads(); bar.warp.sync mask: __syncwarp(mask). */
static bool op_bar(Asm *A, PtxInsn *in, IrType *t) {
  (void)t;
  if (has(in, "warp")) {
    if (in->nops != 1 || !has(in, "sync")) return asm_unsupported(A, in);
    intrin(A, IN_SYNCWARP, 1, (IrInst *[]){rd(A, in, 0, sc(A, IRT_U32))});
    return true;
  }
  if (!has(in, "sync") || in->nops != 1 || in->ops[0].kind != PO_IMM || in->ops[0].imm != 0)
    return asm_unsupported(A, in);
  ir_emit_jump(B(A), IR_BARRIER);
  A->L->b.f->uses_barrier = true;
  return true;
}

static bool op_trap(Asm *A, PtxInsn *in, IrType *t) {
  (void)t;
  (void)in;
  ir_emit_trap(B(A), "trap instruction in inline PTX");
  return true;
}

static bool op_nanosleep(Asm *A, PtxInsn *in, IrType *t) {
  (void)t;
  intrin(A, IN_NANOSLEEP, 1, (IrInst *[]){rd(A, in, 0, sc(A, IRT_U32))});
  return true;
}

/* ---- the table --------------------------------------------------------------- */

/* Operand shapes, one letter per operand: d a register to write (or a
 * vector of them), v a value (register, immediate, special; or a vector
 * for mov), m an address, p a value that may be negated. "*" : any. */
static const struct {
  const char *op;
  const char *mods;   /* accepted modifiers besides types, space-separated */
  const char *shape;
  AsmFn fn;
} ptx_ops[] = {
  {"mov", "", "dv", op_mov},
  {"add", "cc sat rn rz rm rp ftz", "dvv", op_addsub},
  {"sub", "cc sat rn rz rm rp ftz", "dvv", op_addsub},
  {"addc", "cc", "dvv", op_addsub},
  {"subc", "cc", "dvv", op_addsub},
  {"mul", "lo hi wide rn rz rm rp ftz sat", "dvv", op_mul},
  {"mad", "lo hi wide cc rn rz rm rp ftz sat", "dvvv", op_mad},
  {"madc", "lo hi cc", "dvvv", op_mad},
  {"fma", "rn rz rm rp ftz sat", "dvvv", op_mad},
  {"div", "rn rz rm rp ftz approx full", "dvv", op_divrem},
  {"rem", "", "dvv", op_divrem},
  {"min", "ftz", "dvv", op_minmax},
  {"max", "ftz", "dvv", op_minmax},
  {"abs", "ftz", "dv", op_absneg},
  {"neg", "ftz", "dv", op_absneg},
  {"and", "", "dvv", op_logic},
  {"or", "", "dvv", op_logic},
  {"xor", "", "dvv", op_logic},
  {"not", "", "dv", op_logic},
  {"cnot", "", "dv", op_logic},
  {"shl", "", "dvv", op_shift},
  {"shr", "", "dvv", op_shift},
  {"shf", "l r wrap clamp", "dvvv", op_shf},
  {"prmt", "", "dvvv", op_prmt},
  {"bfe", "", "dvvv", op_bfe},
  {"bfi", "", "dvvvv", op_bfi},
  {"lop3", "", "dvvvv", op_lop3},
  {"brev", "", "dv", op_bitcount},
  {"popc", "", "dv", op_bitcount},
  {"clz", "", "dv", op_bitcount},
  {"bfind", "shiftamt", "dv", op_bfind},
  {"cvt", "rn rz rm rp rni rzi rmi rpi ftz", "dv", op_cvt},
  {"setp", "eq ne lt le gt ge lo ls hi hs equ neu ltu leu gtu geu num nan and or xor ftz", "*", op_setp},
  {"selp", "", "dvvp", op_selp},
  {"ld", "global shared const local nc ca cg cs lu cv volatile v2 v4", "dm", op_ld},
  {"ldu", "global v2 v4", "dm", op_ld},
  {"st", "global shared local wb cg cs wt volatile v2 v4", "mv", op_st},
  {"membar", "gl cta sys", "", op_fence},
  {"fence", "sc acq_rel cta gpu sys", "", op_fence},
  {"bar", "sync warp", "*", op_bar},
  {"barrier", "sync aligned", "*", op_bar},
  {"trap", "", "", op_trap},
  {"nanosleep", "", "v", op_nanosleep},
};

static bool mod_allowed(Asm *A, const char *list, const char *m) {
  if (asm_type_of(A, m)) return true;
  size_t n = strlen(m);
  for (const char *s = list; (s = strstr(s, m)); s += n)
    if ((s == list || s[-1] == ' ') && (s[n] == ' ' || s[n] == 0)) return true;
  return false;
}

static bool shape_ok(PtxInsn *in, const char *shape) {
  if (!strcmp(shape, "*")) return true;
  if ((int)strlen(shape) != in->nops) return false;
  for (int i = 0; i < in->nops; i++) {
    PtxOp *o = &in->ops[i];
    PtxOpKind k = o->kind;
    bool vec = k == PO_VEC;
    switch (shape[i]) {
    case 'd':
      if (vec) {
        for (int j = 0; j < o->nelems; j++)
          if (o->elems[j].kind != PO_REG && o->elems[j].kind != PO_SINK) return false;
      } else if ((k != PO_REG && k != PO_SINK) || o->negate) {
        return false;
      }
      break;
    case 'v': case 'p':
      if (k == PO_ADDR || k == PO_SINK || (o->negate && shape[i] != 'p')) return false;
      if (vec && strcmp(in->opcode, "mov") && strcmp(in->opcode, "st")) return false;
      break;
    case 'm':
      if (k != PO_ADDR) return false;
      break;
    default: ICE("shape %c", shape[i]);
    }
  }
  return true;
}

/* The instruction's type: its last type modifier (cvt reads both). */
static IrType *insn_type(Asm *A, PtxInsn *in) {
  IrType *t = NULL;
  for (int i = 0; i < in->nmods; i++) {
    IrType *m = asm_type_of(A, in->mods[i]);
    if (m) t = m;
  }
  return t;
}

bool asm_lower_insn(Asm *A, PtxInsn *in) {
  for (size_t i = 0; i < sizeof ptx_ops / sizeof ptx_ops[0]; i++) {
    if (strcmp(in->opcode, ptx_ops[i].op)) continue;
    for (int j = 0; j < in->nmods; j++)
      if (!mod_allowed(A, ptx_ops[i].mods, in->mods[j])) return asm_unsupported(A, in);
    IrType *t = insn_type(A, in);
    bool untyped = ptx_ops[i].fn == op_fence || ptx_ops[i].fn == op_bar || ptx_ops[i].fn == op_trap;
    if ((!t && !untyped && ptx_ops[i].fn != op_nanosleep) || !shape_ok(in, ptx_ops[i].shape))
      return asm_unsupported(A, in);
    return ptx_ops[i].fn(A, in, t);
  }
  return asm_unsupported(A, in);
}
