/* ptx_ops.c: PTX for the value-computing IR instructions: constants,
 * integer and float arithmetic (IEEE round-to-nearest; add, sub and mul
 * may be contracted into fma by ptxas as nvcc's default -fmad=true does,
 * except in libm.cu, whose double-double steps must stay exact),
 * comparisons, conversions (cvt.rzi saturating semantics of ir.h) and the
 * intrinsics of intrinsics.def, by a template table. Integers narrower
 * than 32 bits live sign- or zero-extended in 32-bit registers. It prints
 * no control flow and no memory access. */
#include "ptx_internal.h"

/* ".rn" (exact IEEE, never fused) inside libm.cu's functions; elsewhere
 * nothing, which lets ptxas fuse a * b + c as nvcc -fmad=true does. */
/* The -ftz/-prec-div/-prec-sqrt flags (IR_FP_*) that apply to what is
 * being printed: not inside cuwa's own libm, written for IEEE f32. */
static unsigned fp_flags(PtxEmit *e) {
  bool libm = e->kernel && strncmp(e->kernel->name, PTX_LIBM_PREFIX, strlen(PTX_LIBM_PREFIX)) == 0;
  return libm ? 0 : e->m->fp_flags;
}

static const char *ftz32(PtxEmit *e, const IrType *t) {
  return t->kind == IRT_F32 && (fp_flags(e) & IR_FP_FTZ) ? ".ftz" : "";
}

static const char *rn_or_contract(PtxEmit *e) {
  return e->kernel && strncmp(e->kernel->name, PTX_LIBM_PREFIX, strlen(PTX_LIBM_PREFIX)) == 0 ? ".rn" : "";
}

/* ---- types ---------------------------------------------------------------- */

static int bits(const IrType *t) { return t->kind == IRT_BOOL ? 1 : t->size * 8; }

/* The PTX arithmetic type of an integer or pointer register. */
const char *ptx_int_type(const IrType *t) {
  bool s = ir_type_is_signed(t);
  if (t->kind == IRT_PTR) return "u64";
  if (t->size == 8) return s ? "s64" : "u64";
  return s ? "s32" : "u32";
}

static const char *float_type(const IrType *t) {
  switch (t->kind) {
  case IRT_F16: return "f16";
  case IRT_F32: return "f32";
  case IRT_F64: return "f64";
  default: ICE("float_type of a non-float");
  }
}

static const char *bit_type(const IrType *t) {
  switch (ptx_rc(t)) {
  case RC_B16: return "b16";
  case RC_B32: return "b32";
  case RC_B64: return "b64";
  case RC_PRED: return "pred";
  default: ICE("bit_type");
  }
}

/* Re-extends a sub-32-bit integer held in 32-bit register r. */
void ptx_normalize(PtxEmit *e, const IrType *t, const char *r) {
  if (t->kind == IRT_BOOL || !ir_type_is_int(t) || t->size >= 4) return;
  if (ir_type_is_signed(t)) ptx_line(e, "bfe.s32 %s, %s, 0, %d;", r, r, t->size * 8);
  else ptx_line(e, "and.b32 %s, %s, %d;", r, r, t->size == 1 ? 0xff : 0xffff);
}

/* ---- constants -------------------------------------------------------------- */

/* IEEE binary16 bits of v, rounded to nearest even. */
static unsigned half_bits(double v) {
  float f = (float)v;
  uint32_t x;
  memcpy(&x, &f, 4);
  unsigned sign = (x >> 16) & 0x8000;
  int exp = (int)((x >> 23) & 0xff) - 127 + 15;
  uint32_t man = x & 0x7fffff;
  if (((x >> 23) & 0xff) == 0xff) return sign | 0x7c00 | (man ? 0x200 : 0);
  if (exp >= 31) return sign | 0x7c00;
  if (exp <= 0) {
    if (exp < -10) return sign;
    man |= 0x800000;
    int shift = 14 - exp;
    uint32_t h = man >> shift, rem = man & ((1u << shift) - 1), half = 1u << (shift - 1);
    if (rem > half || (rem == half && (h & 1))) h++;
    return sign | h;
  }
  uint32_t h = ((uint32_t)exp << 10) | (man >> 13), rem = man & 0x1fff;
  if (rem > 0x1000 || (rem == 0x1000 && (h & 1))) h++;
  return sign | h;
}

void ptx_print_const(PtxEmit *e, const IrInst *i) {
  const char *d = ptx_def(e, i);
  const IrType *t = i->ty;
  if (t->kind == IRT_BOOL) {
    ptx_line(e, "setp.ne.u32 %s, %s, 0;", d, i->imm ? "1" : "0");
  } else if (t->kind == IRT_F32) {
    float f = (float)i->fimm;
    uint32_t x;
    memcpy(&x, &f, 4);
    ptx_line(e, "mov.b32 %s, 0f%08X;", d, x);
  } else if (t->kind == IRT_F64) {
    uint64_t x;
    memcpy(&x, &i->fimm, 8);
    ptx_line(e, "mov.b64 %s, 0d%016llX;", d, (unsigned long long)x);
  } else if (t->kind == IRT_F16) {
    ptx_line(e, "mov.b16 %s, 0x%04X;", d, half_bits(i->fimm));
  } else if (ptx_rc(t) == RC_B64) {
    ptx_line(e, "mov.b64 %s, %llu;", d, (unsigned long long)i->imm);
  } else {
    ptx_line(e, "mov.b32 %s, %u;", d, (unsigned)(uint32_t)i->imm);
    ptx_normalize(e, t, d);
  }
}

/* ---- arithmetic -------------------------------------------------------------- */

static const char *int_op(IrOp op, const IrType *t) {
  bool s = ir_type_is_signed(t);
  bool w = t->size == 8;
  switch (op) {
  case IR_ADD: return "add";
  case IR_SUB: return "sub";
  case IR_MUL: return "mul.lo";
  case IR_DIV: return "div";
  case IR_REM: return "rem";
  case IR_AND: return w ? "and.b64" : "and.b32";
  case IR_OR: return w ? "or.b64" : "or.b32";
  case IR_XOR: return w ? "xor.b64" : "xor.b32";
  case IR_SHL: return w ? "shl.b64" : "shl.b32";
  case IR_SHR: return w ? (s ? "shr.s64" : "shr.u64") : (s ? "shr.s32" : "shr.u32");
  default: ICE("int_op %s", ir_op_name(op));
  }
}

static void print_float_binary(PtxEmit *e, const IrInst *i, const char *d, const char *a,
                               const char *b) {
  const char *ft = float_type(i->ty);
  if (i->ty->kind == IRT_F16) {
    /* f16 arithmetic through f32: exact for +-* before the one rounding
     * to half (24 >= 2*11+2 bits), and correctly rounded for division */
    const char *x = ptx_reg(e, RC_B32), *y = ptx_reg(e, RC_B32), *r = ptx_reg(e, RC_B32);
    ptx_line(e, "cvt.f32.f16 %s, %s;", x, a);
    ptx_line(e, "cvt.f32.f16 %s, %s;", y, b);
    const char *op = i->op == IR_ADD ? "add.rn" : i->op == IR_SUB ? "sub.rn"
                   : i->op == IR_MUL ? "mul.rn" : "div.rn";
    if (i->op != IR_ADD && i->op != IR_SUB && i->op != IR_MUL && i->op != IR_DIV)
      ICE("f16 %s", ir_op_name(i->op));
    ptx_line(e, "%s.f32 %s, %s, %s;", op, r, x, y);
    ptx_line(e, "cvt.rn.f16.f32 %s, %s;", d, r);
    return;
  }
  switch (i->op) {
  case IR_ADD: ptx_line(e, "add%s%s.%s %s, %s, %s;", rn_or_contract(e), ftz32(e, i->ty), ft, d, a, b); break;
  case IR_SUB: ptx_line(e, "sub%s%s.%s %s, %s, %s;", rn_or_contract(e), ftz32(e, i->ty), ft, d, a, b); break;
  case IR_MUL: ptx_line(e, "mul%s%s.%s %s, %s, %s;", rn_or_contract(e), ftz32(e, i->ty), ft, d, a, b); break;
  case IR_DIV: {
    /* -prec-div=false: nvcc's div.full (2 ulp), not the IEEE division */
    bool full = i->ty->kind == IRT_F32 && (fp_flags(e) & IR_FP_APPROX_DIV);
    ptx_line(e, "div%s%s.%s %s, %s, %s;", full ? ".full" : ".rn", ftz32(e, i->ty), ft, d, a, b);
    break;
  }
  default: ICE("float %s", ir_op_name(i->op));
  }
}

void ptx_print_binary(PtxEmit *e, const IrInst *i) {
  if (i->op == IR_REM && (i->ty->kind == IRT_F32 || i->ty->kind == IRT_F64)) {
    ptx_print_libm_call(e, i);  /* C's % on floats (fmod) */
    return;
  }
  const char *a = ptx_val(e, i->args[0]), *b = ptx_val(e, i->args[1]);
  const char *d = ptx_def(e, i);
  const IrType *t = i->ty;
  if (ir_type_is_float(t)) {
    print_float_binary(e, i, d, a, b);
    return;
  }
  if (t->kind == IRT_BOOL) {
    const char *op = i->op == IR_AND ? "and" : i->op == IR_OR ? "or" : i->op == IR_XOR ? "xor" : NULL;
    if (!op) ICE("bool %s", ir_op_name(i->op));
    ptx_line(e, "%s.pred %s, %s, %s;", op, d, a, b);
    return;
  }
  if ((i->op == IR_SHL || i->op == IR_SHR) && t->size == 8) {
    /* PTX takes a u32 count; clamp first so 2^32+1 is not 1 */
    const char *c64 = ptx_reg(e, RC_B64), *c = ptx_reg(e, RC_B32);
    ptx_line(e, "min.u64 %s, %s, 64;", c64, b);
    ptx_line(e, "cvt.u32.u64 %s, %s;", c, c64);
    b = c;
  }
  const char *op = int_op(i->op, t);
  if (strchr(op, '.') && strncmp(op, "mul", 3) != 0)
    ptx_line(e, "%s %s, %s, %s;", op, d, a, b);
  else
    ptx_line(e, "%s.%s %s, %s, %s;", op, ptx_int_type(t), d, a, b);
  ptx_normalize(e, t, d);
}

void ptx_print_unary(PtxEmit *e, const IrInst *i) {
  const char *a = ptx_val(e, i->args[0]);
  const char *d = ptx_def(e, i);
  const IrType *t = i->ty;
  if (t->kind == IRT_BOOL) {
    if (i->op != IR_NOT) ICE("bool neg");
    ptx_line(e, "not.pred %s, %s;", d, a);
  } else if (t->kind == IRT_F16) {
    ptx_line(e, "xor.b16 %s, %s, 0x8000;", d, a);  /* neg.f16 needs sm_53 */
  } else if (ir_type_is_float(t)) {
    ptx_line(e, "neg.%s %s, %s;", float_type(t), d, a);
  } else if (i->op == IR_NEG) {
    ptx_line(e, "neg.%s %s, %s;", t->size == 8 ? "s64" : "s32", d, a);
    ptx_normalize(e, t, d);
  } else {
    ptx_line(e, "not.%s %s, %s;", t->size == 8 ? "b64" : "b32", d, a);
    ptx_normalize(e, t, d);
  }
}

/* ---- comparisons ------------------------------------------------------------- */

static const char *cmp_name(IrOp op, bool fl, bool sgn) {
  switch (op) {
  case IR_EQ: return "eq";
  case IR_NE: return fl ? "neu" : "ne";
  case IR_LT: return fl || sgn ? "lt" : "lo";
  case IR_LE: return fl || sgn ? "le" : "ls";
  case IR_GT: return fl || sgn ? "gt" : "hi";
  case IR_GE: return fl || sgn ? "ge" : "hs";
  default: ICE("cmp %s", ir_op_name(op));
  }
}

/* A bool operand as a u32 0/1 register, for comparisons of bools. */
static const char *bool_to_u32(PtxEmit *e, const char *p) {
  const char *r = ptx_reg(e, RC_B32);
  ptx_line(e, "selp.u32 %s, 1, 0, %s;", r, p);
  return r;
}

void ptx_print_compare(PtxEmit *e, const IrInst *i) {
  const IrType *t = i->args[0]->ty;
  const char *a = ptx_val(e, i->args[0]), *b = ptx_val(e, i->args[1]);
  const char *d = ptx_def(e, i);
  if (t->kind == IRT_BOOL) {
    a = bool_to_u32(e, a);
    b = bool_to_u32(e, b);
    ptx_line(e, "setp.%s.u32 %s, %s, %s;", cmp_name(i->op, false, false), d, a, b);
  } else if (t->kind == IRT_F16) {
    const char *x = ptx_reg(e, RC_B32), *y = ptx_reg(e, RC_B32);
    ptx_line(e, "cvt.f32.f16 %s, %s;", x, a);
    ptx_line(e, "cvt.f32.f16 %s, %s;", y, b);
    ptx_line(e, "setp.%s.f32 %s, %s, %s;", cmp_name(i->op, true, true), d, x, y);
  } else if (ir_type_is_float(t)) {
    ptx_line(e, "setp.%s.%s %s, %s, %s;", cmp_name(i->op, true, true), float_type(t), d, a, b);
  } else {
    bool s = ir_type_is_signed(t);
    ptx_line(e, "setp.%s.%s %s, %s, %s;", cmp_name(i->op, false, s), ptx_int_type(t), d, a, b);
  }
}

/* ---- conversions ------------------------------------------------------------- */

static void conv_to_bool(PtxEmit *e, const IrType *f, const char *d, const char *a) {
  if (f->kind == IRT_F16) {
    const char *x = ptx_reg(e, RC_B32);
    ptx_line(e, "cvt.f32.f16 %s, %s;", x, a);
    ptx_line(e, "setp.neu.f32 %s, %s, 0f00000000;", d, x);
  } else if (f->kind == IRT_F32) {
    ptx_line(e, "setp.neu.f32 %s, %s, 0f00000000;", d, a);
  } else if (f->kind == IRT_F64) {
    ptx_line(e, "setp.neu.f64 %s, %s, 0d0000000000000000;", d, a);
  } else {
    ptx_line(e, "setp.ne.%s %s, %s, 0;", f->size == 8 || f->kind == IRT_PTR ? "u64" : "u32", d, a);
  }
}

static void conv_from_bool(PtxEmit *e, const IrType *t, const char *d, const char *a) {
  switch (t->kind) {
  case IRT_F16: ptx_line(e, "selp.b16 %s, 0x3C00, 0x0000, %s;", d, a); break;
  case IRT_F32: ptx_line(e, "selp.f32 %s, 0f3F800000, 0f00000000, %s;", d, a); break;
  case IRT_F64:
    ptx_line(e, "selp.f64 %s, 0d3FF0000000000000, 0d0000000000000000, %s;", d, a);
    break;
  default: ptx_line(e, "selp.%s %s, 1, 0, %s;", t->size == 8 ? "u64" : "u32", d, a); break;
  }
}

static void conv_int_int(PtxEmit *e, const IrType *f, const IrType *t, const char *d,
                         const char *a) {
  if (f->size == 8 && t->size == 8) ptx_line(e, "mov.b64 %s, %s;", d, a);
  else if (f->size == 8) ptx_line(e, "cvt.u32.u64 %s, %s;", d, a);
  else if (t->size == 8)
    ptx_line(e, "cvt.%s.%s %s, %s;", ir_type_is_signed(f) ? "s64" : "u64",
             ir_type_is_signed(f) ? "s32" : "u32", d, a);
  else ptx_line(e, "mov.b32 %s, %s;", d, a);
  ptx_normalize(e, t, d);
}

/* float -> integer: round toward zero, saturate, NaN -> 0 (cvt.rzi). */
static void conv_float_int(PtxEmit *e, const IrType *f, const IrType *t, const char *d,
                           const char *a) {
  const char *ft = float_type(f);
  bool s = ir_type_is_signed(t);
  if (t->size >= 4) {
    ptx_line(e, "cvt.rzi.%s.%s %s, %s;", ptx_int_type(t), ft, d, a);
    return;
  }
  ptx_line(e, "cvt.rzi.%s.%s %s, %s;", s ? "s32" : "u32", ft, d, a);
  int hi = s ? (1 << (t->size * 8 - 1)) - 1 : (1 << (t->size * 8)) - 1;
  ptx_line(e, "min.%s %s, %s, %d;", s ? "s32" : "u32", d, d, hi);
  if (s) ptx_line(e, "max.s32 %s, %s, %d;", d, d, -hi - 1);
}

void ptx_print_conv(PtxEmit *e, const IrInst *i) {
  const IrType *f = i->args[0]->ty, *t = i->ty;
  const char *a = ptx_val(e, i->args[0]);
  const char *d = ptx_def(e, i);
  bool ff = ir_type_is_float(f), tf = ir_type_is_float(t);
  if (t->kind == IRT_BOOL && f->kind == IRT_BOOL) ptx_line(e, "mov.pred %s, %s;", d, a);
  else if (t->kind == IRT_BOOL) conv_to_bool(e, f, d, a);
  else if (f->kind == IRT_BOOL) conv_from_bool(e, t, d, a);
  else if (!ff && !tf) conv_int_int(e, f, t, d, a);
  else if (ff && !tf) conv_float_int(e, f, t, d, a);
  else if (!ff && tf)
    ptx_line(e, "cvt.rn.%s.%s %s, %s;", float_type(t), ptx_int_type(f), d, a);
  else if (f->kind == t->kind) ptx_line(e, "mov.%s %s, %s;", bit_type(t), d, a);
  else if (bits(t) > bits(f)) ptx_line(e, "cvt.%s.%s %s, %s;", float_type(t), float_type(f), d, a);
  else ptx_line(e, "cvt.rn.%s.%s %s, %s;", float_type(t), float_type(f), d, a);
}

void ptx_print_select(PtxEmit *e, const IrInst *i) {
  const char *c = ptx_val(e, i->args[0]);
  const char *x = ptx_val(e, i->args[1]), *y = ptx_val(e, i->args[2]);
  const char *d = ptx_def(e, i);
  if (i->ty->kind == IRT_BOOL) {
    const char *p = ptx_reg(e, RC_PRED), *q = ptx_reg(e, RC_PRED);
    ptx_line(e, "and.pred %s, %s, %s;", p, c, x);
    ptx_line(e, "not.pred %s, %s;", q, c);
    ptx_line(e, "and.pred %s, %s, %s;", q, q, y);
    ptx_line(e, "or.pred %s, %s, %s;", d, p, q);
    return;
  }
  /* aggregates are immutable slot addresses: selecting one is selp.b64 */
  ptx_line(e, "selp.%s %s, %s, %s, %s;", bit_type(i->ty), d, x, y, c);
}

/* ---- intrinsics -------------------------------------------------------------- */

/* %0 result, %1.. arguments; %P a fresh predicate, %T %U fresh b32, %D a
 * fresh b64 register (one of each per use). Other '%' stay as they are. */
typedef struct IntrinsicRow { IrIntrinsic id; int min_sm; const char *tmpl; } IntrinsicRow;

static const IntrinsicRow intrinsic_rows[] = {
  {IN_SQRTF, 0, "sqrt.rn.f32 %0, %1;"},
  {IN_RSQRTF, 0, "rsqrt.approx.f32 %0, %1;"},            /* CUDA: 2 ulp */
  {IN_EXP2F, 0, "ex2.approx.f32 %0, %1;"},               /* CUDA: 2 ulp */
  {IN_FABSF, 0, "abs.f32 %0, %1;"},
  {IN_FMINF, 0, "min.f32 %0, %1, %2;"},
  {IN_FMAXF, 0, "max.f32 %0, %1, %2;"},
  {IN_FLOORF, 0, "cvt.rmi.f32.f32 %0, %1;"},
  {IN_CEILF, 0, "cvt.rpi.f32.f32 %0, %1;"},
  {IN_TRUNCF, 0, "cvt.rzi.f32.f32 %0, %1;"},
  {IN_RINTF, 0, "cvt.rni.f32.f32 %0, %1;"},
  {IN_ROUNDF, 0, "cvt.rzi.f32.f32 %T, %1; sub.rn.f32 %U, %1, %T; abs.f32 %U, %U; "
                 "setp.ge.f32 %P, %U, 0f3F000000; mov.b32 %U, 0f3F800000; "
                 "copysign.f32 %U, %1, %U; add.rn.f32 %U, %T, %U; selp.f32 %0, %U, %T, %P;"},
  {IN_FMAF, 0, "fma.rn.f32 %0, %1, %2, %3;"},
  {IN_COPYSIGNF, 0, "copysign.f32 %0, %2, %1;"},
  {IN_FDIVIDEF, 0, "div.rn.f32 %0, %1, %2;"},
  {IN_FAST_FDIVIDEF, 0, "div.full.f32 %0, %1, %2;"},
  {IN_FAST_EXPF, 0, "mul.f32 %T, %1, 0f3FB8AA3B; ex2.approx.f32 %0, %T;"},
  {IN_FAST_LOGF, 0, "lg2.approx.f32 %T, %1; mul.f32 %0, %T, 0f3F317218;"},
  {IN_FAST_SINF, 0, "sin.approx.f32 %0, %1;"},
  {IN_FAST_COSF, 0, "cos.approx.f32 %0, %1;"},
  {IN_FAST_POWF, 0, "lg2.approx.f32 %T, %1; mul.f32 %T, %T, %2; ex2.approx.f32 %0, %T;"},
  {IN_SATURATEF, 0, "cvt.sat.f32.f32 %0, %1;"},
  {IN_ISNANF, 0, "testp.nan.f32 %P, %1; selp.s32 %0, 1, 0, %P;"},
  {IN_ISINFF, 0, "testp.infinite.f32 %P, %1; selp.s32 %0, 1, 0, %P;"},
  {IN_ISFINITEF, 0, "testp.finite.f32 %P, %1; selp.s32 %0, 1, 0, %P;"},
  {IN_SQRT, 0, "sqrt.rn.f64 %0, %1;"},
  {IN_FABS, 0, "abs.f64 %0, %1;"},
  {IN_FMIN, 0, "min.f64 %0, %1, %2;"},
  {IN_FMAX, 0, "max.f64 %0, %1, %2;"},
  {IN_FLOOR, 0, "cvt.rmi.f64.f64 %0, %1;"},
  {IN_CEIL, 0, "cvt.rpi.f64.f64 %0, %1;"},
  {IN_TRUNC, 0, "cvt.rzi.f64.f64 %0, %1;"},
  {IN_RINT, 0, "cvt.rni.f64.f64 %0, %1;"},
  {IN_ROUND, 0, "cvt.rzi.f64.f64 %D, %1; sub.rn.f64 %E, %1, %D; abs.f64 %E, %E; "
                "setp.ge.f64 %P, %E, 0d3FE0000000000000; mov.b64 %E, 0d3FF0000000000000; "
                "copysign.f64 %E, %1, %E; add.rn.f64 %E, %D, %E; selp.f64 %0, %E, %D, %P;"},
  {IN_FMA, 0, "fma.rn.f64 %0, %1, %2, %3;"},
  {IN_COPYSIGN, 0, "copysign.f64 %0, %2, %1;"},
  {IN_ISNAN, 0, "testp.nan.f64 %P, %1; selp.s32 %0, 1, 0, %P;"},
  {IN_ISINF, 0, "testp.infinite.f64 %P, %1; selp.s32 %0, 1, 0, %P;"},
  {IN_ISFINITE, 0, "testp.finite.f64 %P, %1; selp.s32 %0, 1, 0, %P;"},
  {IN_POPC, 0, "popc.b32 %0, %1;"},
  {IN_POPCLL, 0, "popc.b64 %0, %1;"},
  {IN_CLZ, 0, "clz.b32 %0, %1;"},
  {IN_CLZLL, 0, "clz.b64 %0, %1;"},
  {IN_FFS, 0, "brev.b32 %T, %1; clz.b32 %T, %T; add.s32 %T, %T, 1; "
              "setp.eq.s32 %P, %1, 0; selp.s32 %0, 0, %T, %P;"},
  {IN_FFSLL, 0, "brev.b64 %D, %1; clz.b64 %T, %D; add.s32 %T, %T, 1; "
                "setp.eq.s64 %P, %1, 0; selp.s32 %0, 0, %T, %P;"},
  {IN_BREV, 0, "brev.b32 %0, %1;"},
  {IN_BREVLL, 0, "brev.b64 %0, %1;"},
  {IN_MUL24, 0, "mul24.lo.s32 %0, %1, %2;"},
  {IN_UMUL24, 0, "mul24.lo.u32 %0, %1, %2;"},
  {IN_MULHI, 0, "mul.hi.s32 %0, %1, %2;"},
  {IN_UMULHI, 0, "mul.hi.u32 %0, %1, %2;"},
  {IN_MUL64HI, 0, "mul.hi.s64 %0, %1, %2;"},
  {IN_UMUL64HI, 0, "mul.hi.u64 %0, %1, %2;"},
  {IN_ABS, 0, "abs.s32 %0, %1;"},
  {IN_LLABS, 0, "abs.s64 %0, %1;"},
  {IN_MIN_I, 0, "min.s32 %0, %1, %2;"},
  {IN_MIN_U, 0, "min.u32 %0, %1, %2;"},
  {IN_MIN_L, 0, "min.s64 %0, %1, %2;"},
  {IN_MIN_UL, 0, "min.u64 %0, %1, %2;"},
  {IN_MIN_F, 0, "min.f32 %0, %1, %2;"},
  {IN_MIN_D, 0, "min.f64 %0, %1, %2;"},
  {IN_MAX_I, 0, "max.s32 %0, %1, %2;"},
  {IN_MAX_U, 0, "max.u32 %0, %1, %2;"},
  {IN_MAX_L, 0, "max.s64 %0, %1, %2;"},
  {IN_MAX_UL, 0, "max.u64 %0, %1, %2;"},
  {IN_MAX_F, 0, "max.f32 %0, %1, %2;"},
  {IN_MAX_D, 0, "max.f64 %0, %1, %2;"},
  {IN_UMIN, 0, "min.u32 %0, %1, %2;"},
  {IN_UMAX, 0, "max.u32 %0, %1, %2;"},
  {IN_FADD_RN, 0, "add.rn.f32 %0, %1, %2;"},
  {IN_FSUB_RN, 0, "sub.rn.f32 %0, %1, %2;"},
  {IN_FMUL_RN, 0, "mul.rn.f32 %0, %1, %2;"},
  {IN_FDIV_RN, 0, "div.rn.f32 %0, %1, %2;"},
  {IN_FMAF_RN, 0, "fma.rn.f32 %0, %1, %2, %3;"},
  {IN_FRCP_RN, 0, "rcp.rn.f32 %0, %1;"},
  {IN_FSQRT_RN, 0, "sqrt.rn.f32 %0, %1;"},
  {IN_DADD_RN, 0, "add.rn.f64 %0, %1, %2;"},
  {IN_DSUB_RN, 0, "sub.rn.f64 %0, %1, %2;"},
  {IN_DMUL_RN, 0, "mul.rn.f64 %0, %1, %2;"},
  {IN_DDIV_RN, 0, "div.rn.f64 %0, %1, %2;"},
  {IN_FMA_RN, 0, "fma.rn.f64 %0, %1, %2, %3;"},
  {IN_DRCP_RN, 0, "rcp.rn.f64 %0, %1;"},
  {IN_DSQRT_RN, 0, "sqrt.rn.f64 %0, %1;"},
  {IN_BYTE_PERM, 0, "prmt.b32 %0, %1, %2, %3;"},
  {IN_SAD, 0, "sad.s32 %0, %1, %2, %3;"},
  {IN_USAD, 0, "sad.u32 %0, %1, %2, %3;"},
  /* halving adds without overflow: (a&b) + ((a^b)>>1), (a|b) - ((a^b)>>1) */
  {IN_HADD, 0, "and.b32 %T, %1, %2; xor.b32 %U, %1, %2; shr.s32 %U, %U, 1; add.s32 %0, %T, %U;"},
  {IN_RHADD, 0, "or.b32 %T, %1, %2; xor.b32 %U, %1, %2; shr.s32 %U, %U, 1; sub.s32 %0, %T, %U;"},
  {IN_UHADD, 0, "and.b32 %T, %1, %2; xor.b32 %U, %1, %2; shr.u32 %U, %U, 1; add.s32 %0, %T, %U;"},
  {IN_URHADD, 0, "or.b32 %T, %1, %2; xor.b32 %U, %1, %2; shr.u32 %U, %U, 1; sub.s32 %0, %T, %U;"},
  {IN_FUNNELSHIFT_L, 0, "shf.l.wrap.b32 %0, %1, %2, %3;"},
  {IN_FUNNELSHIFT_LC, 0, "shf.l.clamp.b32 %0, %1, %2, %3;"},
  {IN_FUNNELSHIFT_R, 0, "shf.r.wrap.b32 %0, %1, %2, %3;"},
  {IN_FUNNELSHIFT_RC, 0, "shf.r.clamp.b32 %0, %1, %2, %3;"},
  {IN_FLOAT_AS_INT, 0, "mov.b32 %0, %1;"},
  {IN_INT_AS_FLOAT, 0, "mov.b32 %0, %1;"},
  {IN_FLOAT_AS_UINT, 0, "mov.b32 %0, %1;"},
  {IN_UINT_AS_FLOAT, 0, "mov.b32 %0, %1;"},
  {IN_DOUBLE_AS_LONGLONG, 0, "mov.b64 %0, %1;"},
  {IN_LONGLONG_AS_DOUBLE, 0, "mov.b64 %0, %1;"},
  {IN_FLOAT2INT_RN, 0, "cvt.rni.s32.f32 %0, %1;"},
  {IN_FLOAT2INT_RZ, 0, "cvt.rzi.s32.f32 %0, %1;"},
  {IN_FLOAT2INT_RD, 0, "cvt.rmi.s32.f32 %0, %1;"},
  {IN_FLOAT2INT_RU, 0, "cvt.rpi.s32.f32 %0, %1;"},
  {IN_INT2FLOAT_RN, 0, "cvt.rn.f32.s32 %0, %1;"},
  {IN_DOUBLE2HIINT, 0, "mov.b64 {%T, %0}, %1;"},
  {IN_DOUBLE2LOINT, 0, "mov.b64 {%0, %T}, %1;"},
  /* directed rounding, rounded conversions, more integer ops (CUDA Math API) */
  {IN_FADD_RZ, 0, "add.rz.f32 %0, %1, %2;"},
  {IN_FSUB_RZ, 0, "sub.rz.f32 %0, %1, %2;"},
  {IN_FMUL_RZ, 0, "mul.rz.f32 %0, %1, %2;"},
  {IN_FDIV_RZ, 0, "div.rz.f32 %0, %1, %2;"},
  {IN_FRCP_RZ, 0, "rcp.rz.f32 %0, %1;"},
  {IN_FSQRT_RZ, 0, "sqrt.rz.f32 %0, %1;"},
  {IN_DADD_RZ, 0, "add.rz.f64 %0, %1, %2;"},
  {IN_DSUB_RZ, 0, "sub.rz.f64 %0, %1, %2;"},
  {IN_DMUL_RZ, 0, "mul.rz.f64 %0, %1, %2;"},
  {IN_DDIV_RZ, 0, "div.rz.f64 %0, %1, %2;"},
  {IN_DRCP_RZ, 0, "rcp.rz.f64 %0, %1;"},
  {IN_DSQRT_RZ, 0, "sqrt.rz.f64 %0, %1;"},
  {IN_FMAF_RZ, 0, "fma.rz.f32 %0, %1, %2, %3;"},
  {IN_FMA_RZ, 0, "fma.rz.f64 %0, %1, %2, %3;"},
  {IN_FADD_RU, 0, "add.rp.f32 %0, %1, %2;"},
  {IN_FSUB_RU, 0, "sub.rp.f32 %0, %1, %2;"},
  {IN_FMUL_RU, 0, "mul.rp.f32 %0, %1, %2;"},
  {IN_FDIV_RU, 0, "div.rp.f32 %0, %1, %2;"},
  {IN_FRCP_RU, 0, "rcp.rp.f32 %0, %1;"},
  {IN_FSQRT_RU, 0, "sqrt.rp.f32 %0, %1;"},
  {IN_DADD_RU, 0, "add.rp.f64 %0, %1, %2;"},
  {IN_DSUB_RU, 0, "sub.rp.f64 %0, %1, %2;"},
  {IN_DMUL_RU, 0, "mul.rp.f64 %0, %1, %2;"},
  {IN_DDIV_RU, 0, "div.rp.f64 %0, %1, %2;"},
  {IN_DRCP_RU, 0, "rcp.rp.f64 %0, %1;"},
  {IN_DSQRT_RU, 0, "sqrt.rp.f64 %0, %1;"},
  {IN_FMAF_RU, 0, "fma.rp.f32 %0, %1, %2, %3;"},
  {IN_FMA_RU, 0, "fma.rp.f64 %0, %1, %2, %3;"},
  {IN_FADD_RD, 0, "add.rm.f32 %0, %1, %2;"},
  {IN_FSUB_RD, 0, "sub.rm.f32 %0, %1, %2;"},
  {IN_FMUL_RD, 0, "mul.rm.f32 %0, %1, %2;"},
  {IN_FDIV_RD, 0, "div.rm.f32 %0, %1, %2;"},
  {IN_FRCP_RD, 0, "rcp.rm.f32 %0, %1;"},
  {IN_FSQRT_RD, 0, "sqrt.rm.f32 %0, %1;"},
  {IN_DADD_RD, 0, "add.rm.f64 %0, %1, %2;"},
  {IN_DSUB_RD, 0, "sub.rm.f64 %0, %1, %2;"},
  {IN_DMUL_RD, 0, "mul.rm.f64 %0, %1, %2;"},
  {IN_DDIV_RD, 0, "div.rm.f64 %0, %1, %2;"},
  {IN_DRCP_RD, 0, "rcp.rm.f64 %0, %1;"},
  {IN_DSQRT_RD, 0, "sqrt.rm.f64 %0, %1;"},
  {IN_FMAF_RD, 0, "fma.rm.f32 %0, %1, %2, %3;"},
  {IN_FMA_RD, 0, "fma.rm.f64 %0, %1, %2, %3;"},
  {IN_FLOAT2UINT_RN, 0, "cvt.rni.u32.f32 %0, %1;"},
  {IN_FLOAT2LL_RN, 0, "cvt.rni.s64.f32 %0, %1;"},
  {IN_FLOAT2ULL_RN, 0, "cvt.rni.u64.f32 %0, %1;"},
  {IN_DOUBLE2INT_RN, 0, "cvt.rni.s32.f64 %0, %1;"},
  {IN_DOUBLE2UINT_RN, 0, "cvt.rni.u32.f64 %0, %1;"},
  {IN_DOUBLE2LL_RN, 0, "cvt.rni.s64.f64 %0, %1;"},
  {IN_DOUBLE2ULL_RN, 0, "cvt.rni.u64.f64 %0, %1;"},
  {IN_DOUBLE2FLOAT_RN, 0, "cvt.rn.f32.f64 %0, %1;"},
  {IN_UINT2FLOAT_RN, 0, "cvt.rn.f32.u32 %0, %1;"},
  {IN_LL2FLOAT_RN, 0, "cvt.rn.f32.s64 %0, %1;"},
  {IN_LL2DOUBLE_RN, 0, "cvt.rn.f64.s64 %0, %1;"},
  {IN_ULL2FLOAT_RN, 0, "cvt.rn.f32.u64 %0, %1;"},
  {IN_ULL2DOUBLE_RN, 0, "cvt.rn.f64.u64 %0, %1;"},
  {IN_FLOAT2UINT_RZ, 0, "cvt.rzi.u32.f32 %0, %1;"},
  {IN_FLOAT2LL_RZ, 0, "cvt.rzi.s64.f32 %0, %1;"},
  {IN_FLOAT2ULL_RZ, 0, "cvt.rzi.u64.f32 %0, %1;"},
  {IN_DOUBLE2INT_RZ, 0, "cvt.rzi.s32.f64 %0, %1;"},
  {IN_DOUBLE2UINT_RZ, 0, "cvt.rzi.u32.f64 %0, %1;"},
  {IN_DOUBLE2LL_RZ, 0, "cvt.rzi.s64.f64 %0, %1;"},
  {IN_DOUBLE2ULL_RZ, 0, "cvt.rzi.u64.f64 %0, %1;"},
  {IN_DOUBLE2FLOAT_RZ, 0, "cvt.rz.f32.f64 %0, %1;"},
  {IN_INT2FLOAT_RZ, 0, "cvt.rz.f32.s32 %0, %1;"},
  {IN_UINT2FLOAT_RZ, 0, "cvt.rz.f32.u32 %0, %1;"},
  {IN_LL2FLOAT_RZ, 0, "cvt.rz.f32.s64 %0, %1;"},
  {IN_LL2DOUBLE_RZ, 0, "cvt.rz.f64.s64 %0, %1;"},
  {IN_ULL2FLOAT_RZ, 0, "cvt.rz.f32.u64 %0, %1;"},
  {IN_ULL2DOUBLE_RZ, 0, "cvt.rz.f64.u64 %0, %1;"},
  {IN_FLOAT2UINT_RU, 0, "cvt.rpi.u32.f32 %0, %1;"},
  {IN_FLOAT2LL_RU, 0, "cvt.rpi.s64.f32 %0, %1;"},
  {IN_FLOAT2ULL_RU, 0, "cvt.rpi.u64.f32 %0, %1;"},
  {IN_DOUBLE2INT_RU, 0, "cvt.rpi.s32.f64 %0, %1;"},
  {IN_DOUBLE2UINT_RU, 0, "cvt.rpi.u32.f64 %0, %1;"},
  {IN_DOUBLE2LL_RU, 0, "cvt.rpi.s64.f64 %0, %1;"},
  {IN_DOUBLE2ULL_RU, 0, "cvt.rpi.u64.f64 %0, %1;"},
  {IN_DOUBLE2FLOAT_RU, 0, "cvt.rp.f32.f64 %0, %1;"},
  {IN_INT2FLOAT_RU, 0, "cvt.rp.f32.s32 %0, %1;"},
  {IN_UINT2FLOAT_RU, 0, "cvt.rp.f32.u32 %0, %1;"},
  {IN_LL2FLOAT_RU, 0, "cvt.rp.f32.s64 %0, %1;"},
  {IN_LL2DOUBLE_RU, 0, "cvt.rp.f64.s64 %0, %1;"},
  {IN_ULL2FLOAT_RU, 0, "cvt.rp.f32.u64 %0, %1;"},
  {IN_ULL2DOUBLE_RU, 0, "cvt.rp.f64.u64 %0, %1;"},
  {IN_FLOAT2UINT_RD, 0, "cvt.rmi.u32.f32 %0, %1;"},
  {IN_FLOAT2LL_RD, 0, "cvt.rmi.s64.f32 %0, %1;"},
  {IN_FLOAT2ULL_RD, 0, "cvt.rmi.u64.f32 %0, %1;"},
  {IN_DOUBLE2INT_RD, 0, "cvt.rmi.s32.f64 %0, %1;"},
  {IN_DOUBLE2UINT_RD, 0, "cvt.rmi.u32.f64 %0, %1;"},
  {IN_DOUBLE2LL_RD, 0, "cvt.rmi.s64.f64 %0, %1;"},
  {IN_DOUBLE2ULL_RD, 0, "cvt.rmi.u64.f64 %0, %1;"},
  {IN_DOUBLE2FLOAT_RD, 0, "cvt.rm.f32.f64 %0, %1;"},
  {IN_INT2FLOAT_RD, 0, "cvt.rm.f32.s32 %0, %1;"},
  {IN_UINT2FLOAT_RD, 0, "cvt.rm.f32.u32 %0, %1;"},
  {IN_LL2FLOAT_RD, 0, "cvt.rm.f32.s64 %0, %1;"},
  {IN_LL2DOUBLE_RD, 0, "cvt.rm.f64.s64 %0, %1;"},
  {IN_ULL2FLOAT_RD, 0, "cvt.rm.f32.u64 %0, %1;"},
  {IN_ULL2DOUBLE_RD, 0, "cvt.rm.f64.u64 %0, %1;"},
  {IN_INT2DOUBLE_RN, 0, "cvt.rn.f64.s32 %0, %1;"},
  {IN_UINT2DOUBLE_RN, 0, "cvt.rn.f64.u32 %0, %1;"},
  {IN_HILOINT2DOUBLE, 0, "mov.b64 %0, {%2, %1};"},
  {IN_LLMIN, 0, "min.s64 %0, %1, %2;"},
  {IN_LLMAX, 0, "max.s64 %0, %1, %2;"},
  {IN_ULLMIN, 0, "min.u64 %0, %1, %2;"},
  {IN_ULLMAX, 0, "max.u64 %0, %1, %2;"},
  {IN_DP4A, 61, "dp4a.s32.s32 %0, %1, %2, %3;"},
  {IN_DP4A_U, 61, "dp4a.u32.u32 %0, %1, %2, %3;"},
  {IN_DP2A_LO, 61, "dp2a.lo.s32.s32 %0, %1, %2, %3;"},
  {IN_DP2A_LO_U, 61, "dp2a.lo.u32.u32 %0, %1, %2, %3;"},
  {IN_DP2A_HI, 61, "dp2a.hi.s32.s32 %0, %1, %2, %3;"},
  {IN_DP2A_HI_U, 61, "dp2a.hi.u32.u32 %0, %1, %2, %3;"},
  {IN_NEARBYINTF, 0, "cvt.rni.f32.f32 %0, %1;"},
  {IN_NEARBYINT, 0, "cvt.rni.f64.f64 %0, %1;"},
  {IN_LRINTF, 0, "cvt.rni.s64.f32 %0, %1;"},
  {IN_LLRINTF, 0, "cvt.rni.s64.f32 %0, %1;"},
  {IN_LRINT, 0, "cvt.rni.s64.f64 %0, %1;"},
  {IN_LLRINT, 0, "cvt.rni.s64.f64 %0, %1;"},
  {IN_LROUNDF, 0, "cvt.rzi.f32.f32 %T, %1; sub.rn.f32 %U, %1, %T; abs.f32 %U, %U; setp.ge.f32 %P, %U, 0f3F000000; mov.b32 %U, 0f3F800000; copysign.f32 %U, %1, %U; add.rn.f32 %U, %T, %U; selp.f32 %U, %U, %T, %P; cvt.rzi.s64.f32 %0, %U;"},
  {IN_LLROUNDF, 0, "cvt.rzi.f32.f32 %T, %1; sub.rn.f32 %U, %1, %T; abs.f32 %U, %U; setp.ge.f32 %P, %U, 0f3F000000; mov.b32 %U, 0f3F800000; copysign.f32 %U, %1, %U; add.rn.f32 %U, %T, %U; selp.f32 %U, %U, %T, %P; cvt.rzi.s64.f32 %0, %U;"},
  {IN_LROUND, 0, "cvt.rzi.f64.f64 %D, %1; sub.rn.f64 %E, %1, %D; abs.f64 %E, %E; setp.ge.f64 %P, %E, 0d3FE0000000000000; mov.b64 %E, 0d3FF0000000000000; copysign.f64 %E, %1, %E; add.rn.f64 %E, %D, %E; selp.f64 %E, %E, %D, %P; cvt.rzi.s64.f64 %0, %E;"},
  {IN_LLROUND, 0, "cvt.rzi.f64.f64 %D, %1; sub.rn.f64 %E, %1, %D; abs.f64 %E, %E; setp.ge.f64 %P, %E, 0d3FE0000000000000; mov.b64 %E, 0d3FF0000000000000; copysign.f64 %E, %1, %E; add.rn.f64 %E, %D, %E; selp.f64 %E, %E, %D, %P; cvt.rzi.s64.f64 %0, %E;"},
  {IN_SIGNBITF, 0, "mov.b32 %T, %1; shr.u32 %0, %T, 31;"},
  {IN_SIGNBIT, 0, "mov.b64 %D, %1; shr.u64 %D, %D, 63; cvt.u32.u64 %0, %D;"},
  {IN_FAST_EXP10F, 0, "mul.f32 %T, %1, 0f40549A78; ex2.approx.f32 %0, %T;"},
  {IN_FAST_LOG2F, 0, "lg2.approx.f32 %0, %1;"},
  {IN_FAST_LOG10F, 0, "lg2.approx.f32 %T, %1; mul.f32 %0, %T, 0f3E9A209B;"},
  {IN_FAST_TANF, 0, "sin.approx.f32 %T, %1; cos.approx.f32 %U, %1; div.approx.f32 %0, %T, %U;"},
  {IN_CLOCK, 0, "mov.u32 %T, %clock; cvt.u64.u32 %0, %T;"},
  {IN_CLOCK64, 0, "mov.u64 %0, %clock64;"},
  {IN_NANOSLEEP, 70, "nanosleep.u32 %1;"},
};

static const IntrinsicRow *find_row(IrIntrinsic id) {
  for (size_t k = 0; k < sizeof intrinsic_rows / sizeof *intrinsic_rows; k++)
    if (intrinsic_rows[k].id == id) return &intrinsic_rows[k];
  return NULL;
}

const char *ptx_intrinsic_template(IrIntrinsic id) {
  const IntrinsicRow *r = find_row(id);
  return r ? r->tmpl : NULL;
}

bool ptx_intrinsic_supported(IrIntrinsic id) {
  return find_row(id) != NULL || ptx_sync_supported(id) || ptx_libm_supported(id);
}

int ptx_intrinsic_min_sm(IrIntrinsic id) {
  const IntrinsicRow *r = find_row(id);
  return r ? r->min_sm : 0;
}

/* Expands a template into lines (one per ';'). */
void ptx_print_intrinsic(PtxEmit *e, const IrInst *i) {
  if (ptx_print_sync(e, i)) return;
  if (ptx_libm_supported(i->intrinsic)) {
    ptx_print_libm_call(e, i);
    return;
  }
  const char *t = ptx_intrinsic_template(i->intrinsic);
  if (!t) ICE("intrinsic %s reached the ptx printer", ir_intrinsic_name(i->intrinsic));
  if (i->intrinsic == IN_SQRTF && (fp_flags(e) & (IR_FP_APPROX_SQRT | IR_FP_FTZ))) {
    /* -prec-sqrt=false: sqrt.approx as nvcc; -ftz=true: the .ftz form */
    ptx_line(e, "sqrt%s%s.f32 %s, %s;", fp_flags(e) & IR_FP_APPROX_SQRT ? ".approx" : ".rn",
             fp_flags(e) & IR_FP_FTZ ? ".ftz" : "", ptx_def(e, i), ptx_val(e, i->args[0]));
    return;
  }
  int sm = ptx_intrinsic_min_sm(i->intrinsic);
  if (sm > e->min_sm) e->min_sm = sm;
  const char *d = i->ty->kind == IRT_VOID ? "" : ptx_def(e, i);
  const char *tmp[5] = {0};  /* P T U D E */
  StrBuf line = {0};
  for (const char *p = t; *p; p++) {
    if (*p == ';') {
      strbuf_putc(&line, ';');
      ptx_line(e, "%s", line.data + (line.data[0] == ' '));
      line.len = 0;
      line.data[0] = 0;
      continue;
    }
    if (*p != '%') { strbuf_putc(&line, *p); continue; }
    char c = p[1];
    if (c >= '0' && c <= '9') {
      strbuf_puts(&line, c == '0' ? d : ptx_val(e, i->args[c - '1']));
      p++;
    } else if (c && strchr("PTUDE", c)) {
      int k = (int)(strchr("PTUDE", c) - "PTUDE");
      static const int rc[5] = {RC_PRED, RC_B32, RC_B32, RC_B64, RC_B64};
      if (!tmp[k]) tmp[k] = ptx_reg(e, rc[k]);
      strbuf_puts(&line, tmp[k]);
      p++;
    } else {
      strbuf_putc(&line, '%');
    }
  }
  strbuf_free(&line);
}
