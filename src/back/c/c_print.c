/* c_print.c: prints an IrModule as one C11 (gnu11) file for the CPU device:
 * struct types, __device__/__constant__ storage with CuwaVarDescs, device
 * functions as static C functions, each kernel as a block function that
 * runs its threads in loops (plus a variant for grids of < 2^31 threads per
 * dimension that the C compiler can vectorize), and the CuwaKernelDesc /
 * CuwaModuleDesc tables with a registering constructor (kernel_abi.h).
 * Atomics become __atomic builtins (plain read-modify-writes on shared
 * memory, which only the block's OS thread touches). A block whose
 * threads all agree on the kernel's first thread-index test runs a thread
 * body without it (find_known_if). It assumes c_can_emit accepted the
 * module; kernels with barriers, collectives or liftable loops are
 * printed by c_fission.c. */
#include "c_internal.h"

#include <math.h>
#include <string.h>


/* ---- small helpers ------------------------------------------------------- */

void c_indent(CEmit *e) {
  for (int i = 0; i < e->depth; i++) strbuf_puts(e->o, "  ");
}

void c_line(CEmit *e, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  c_indent(e);
  strbuf_vprintf(e->o, fmt, ap);
  strbuf_putc(e->o, '\n');
  va_end(ap);
}

/* A C identifier fragment from a user's name (C++ names may hold "::"). */
const char *c_sanitize(Arena *a, const char *s) {
  char *r = arena_strdup(a, s ? s : "");
  for (char *p = r; *p; p++)
    if (!((*p >= 'a' && *p <= 'z') || (*p >= 'A' && *p <= 'Z') ||
          (*p >= '0' && *p <= '9') || *p == '_'))
      *p = '_';
  return r;
}

static void put_c_string(StrBuf *o, const char *s, int len) {
  strbuf_putc(o, '"');
  for (int i = 0; i < len; i++) {
    unsigned char c = (unsigned char)s[i];
    if (c == '"' || c == '\\' || c == '?') strbuf_printf(o, "\\%c", c);
    else if (c == '\n') strbuf_puts(o, "\\n");
    else if (c < 32 || c >= 127) strbuf_printf(o, "\\%03o", c);
    else strbuf_putc(o, (char)c);
  }
  strbuf_putc(o, '"');
}

static const char *const_literal(CEmit *e, const IrInst *i);

static const char *c_string(CEmit *e, const char *s, int len) {
  StrBuf b = {0};
  put_c_string(&b, s ? s : "", s ? len : 0);
  char *r = arena_strdup(e->a, b.data);
  strbuf_free(&b);
  return r;
}

static const char *file_of(CEmit *e, Loc loc) {
  if (e->d && loc.file < (uint32_t)e->d->files.len && loc.line)
    return e->d->files.data[loc.file]->path;
  return e->m->source_path ? e->m->source_path : "";
}

/* ---- types ---------------------------------------------------------------- */

static const char *scalar_names[] = {
  "void", "_Bool", "int8_t", "uint8_t", "int16_t", "uint16_t", "int32_t",
  "uint32_t", "int64_t", "uint64_t", "_Float16", "float", "double"};
/* Suffixes of the prelude helpers (cuwa_div_i32, cuwa_cvt_u8, ...). */
static const char *int_suffix[] = {
  NULL, NULL, "i8", "u8", "i16", "u16", "i32", "u32", "i64", "u64"};

const char *c_type(CEmit *e, const IrType *t) {
  switch (t->kind) {
  case IRT_PTR:
    return arena_printf(e->a, "%s *", c_type(e, t->elem));
  case IRT_ARRAY:
  case IRT_STRUCT: {
    const char *n = map_get(&e->type_names, arena_printf(e->a, "%p", (void *)t));
    if (!n) ICE("C name of %s not assigned", ir_type_str(e->a, t));
    return n;
  }
  default:
    if ((unsigned)t->kind <= IRT_F64) return scalar_names[t->kind];
    ICE("bad IR type kind %d", (int)t->kind);
  }
}

static bool is_aggregate(const IrType *t) {
  return t->kind == IRT_ARRAY || t->kind == IRT_STRUCT;
}

static const char *field_name(CEmit *e, const IrType *st, int i) {
  const char *n = st->fields[i].name;
  return n ? arena_printf(e->a, "f%d_%s", i, c_sanitize(e->a, n))
           : arena_printf(e->a, "f%d", i);
}

static void name_types(CEmit *e) {
  for (int i = 0; i < e->m->structs.len; i++) {
    IrType *t = e->m->structs.data[i];
    map_put(&e->type_names, arena_printf(e->a, "%p", (void *)t),
            arena_printf(e->a, "%s cuwa_s%u", t->is_union ? "union" : "struct", t->id));
  }
  for (int i = 0; i < e->m->derived.len; i++) {
    IrType *t = e->m->derived.data[i];
    if (t->kind == IRT_ARRAY)
      map_put(&e->type_names, arena_printf(e->a, "%p", (void *)t),
              arena_printf(e->a, "cuwa_a%d", i));
  }
}

static int align_up(int x, int a) { return a > 1 ? (x + a - 1) / a * a : x; }

static void define_type(CEmit *e, const IrType *t, bool *done);

static void define_deps(CEmit *e, const IrType *t, bool *done) {
  if (t->kind == IRT_ARRAY) define_type(e, t->elem, done);
  else if (t->kind == IRT_STRUCT)
    for (int i = 0; i < t->field_count; i++) define_type(e, t->fields[i].ty, done);
}

/* Struct fields with explicit padding so that offsets are the IR's (the
 * front end's layout); c_can_emit rejected layouts C cannot express. */
static void define_struct_body(CEmit *e, const IrType *t) {
  int cur = 0, pads = 0;
  for (int i = 0; i < t->field_count; i++) {
    const IrField *fl = &t->fields[i];
    if (!t->is_union && fl->offset > cur)
      c_line(e, "  char cuwa_pad%d[%d];", pads++, fl->offset - cur);
    c_line(e, "  %s %s;", c_type(e, fl->ty), field_name(e, t, i));
    int end = (t->is_union ? 0 : fl->offset) + fl->ty->size;
    if (t->is_union) { if (end > cur) cur = end; }
    else cur = end;
  }
  if (t->is_union && t->size > cur) c_line(e, "  char cuwa_pad%d[%d];", pads++, t->size);
  else if (!t->is_union && t->size > cur) {
    /* tail padding beyond what alignment gives (e.g. empty structs: size 1) */
    int nat = 1;
    for (int i = 0; i < t->field_count; i++)
      if (t->fields[i].ty->align > nat) nat = t->fields[i].ty->align;
    if (align_up(cur, nat) != t->size)
      c_line(e, "  char cuwa_pad%d[%d];", pads++, t->size - cur);
  }
}

static void define_type(CEmit *e, const IrType *t, bool *done) {
  int slot;
  if (t->kind == IRT_STRUCT) slot = (int)t->id;
  else if (t->kind == IRT_ARRAY) {
    slot = -1;
    for (int i = 0; i < e->m->derived.len; i++)
      if (e->m->derived.data[i] == t) slot = e->m->structs.len + i;
  } else return;
  if (slot < 0 || done[slot]) return;
  done[slot] = true;
  define_deps(e, t, done);
  const char *n = c_type(e, t);
  if (t->kind == IRT_ARRAY) {
    c_line(e, "struct %s { %s a[%d]; };", n, c_type(e, t->elem), t->len);
    return;
  }
  c_line(e, "%s {  /* %s */", n, t->name);
  define_struct_body(e, t);
  int nat = 1;
  for (int i = 0; i < t->field_count; i++)
    if (t->fields[i].ty->align > nat) nat = t->fields[i].ty->align;
  if (t->align > nat) c_line(e, "} __attribute__((aligned(%d)));", t->align);
  else c_line(e, "};");
  c_line(e, "_Static_assert(sizeof(%s) == %d, \"layout of %s\");", n, t->size, t->name);
  for (int i = 0; i < t->field_count; i++)
    c_line(e, "_Static_assert(offsetof(%s, %s) == %d, \"layout of %s\");", n,
         field_name(e, t, i), t->fields[i].offset, t->name);
}

static void print_types(CEmit *e) {
  for (int i = 0; i < e->m->structs.len; i++)
    c_line(e, "%s;", c_type(e, e->m->structs.data[i]));
  for (int i = 0; i < e->m->derived.len; i++)
    if (e->m->derived.data[i]->kind == IRT_ARRAY)
      c_line(e, "typedef struct cuwa_a%d cuwa_a%d;", i, i);
  int n = e->m->structs.len + e->m->derived.len;
  bool *done = ARENA_ARRAY(e->a, bool, n + 1);
  for (int i = 0; i < e->m->structs.len; i++) define_type(e, e->m->structs.data[i], done);
  for (int i = 0; i < e->m->derived.len; i++) define_type(e, e->m->derived.data[i], done);
  strbuf_putc(e->o, '\n');
}

/* ---- values --------------------------------------------------------------- */

const char *c_zero(CEmit *e, const IrType *t) {
  if (is_aggregate(t)) return arena_printf(e->a, "((%s){0})", c_type(e, t));
  if (t->kind == IRT_PTR) return arena_printf(e->a, "((%s)0)", c_type(e, t));
  return "0";
}

static const char *float_literal(CEmit *e, const IrType *t, double v) {
  bool f = t->kind == IRT_F32;
  if (isnan(v)) return f ? "__builtin_nanf(\"\")" : "__builtin_nan(\"\")";
  if (isinf(v)) return v < 0 ? (f ? "(-__builtin_inff())" : "(-__builtin_inf())")
                             : (f ? "__builtin_inff()" : "__builtin_inf()");
  return arena_printf(e->a, "((%s)%a)", f ? "float" : "double", v);
}

const char *c_const(CEmit *e, const IrType *t, int64_t v) {
  IrInst k = {.op = IR_CONST, .ty = (IrType *)t, .imm = v};
  return const_literal(e, &k);
}

const char *c_str(CEmit *e, const char *s) {
  return c_string(e, s, s ? (int)strlen(s) : 0);
}

static const char *const_literal(CEmit *e, const IrInst *i) {
  const IrType *t = i->ty;
  if (ir_type_is_float(t)) return float_literal(e, t, i->fimm);
  if (t->kind == IRT_BOOL) return i->imm ? "((_Bool)1)" : "((_Bool)0)";
  if (t->kind == IRT_PTR)
    return arena_printf(e->a, "((%s)(uintptr_t)0x%llxull)", c_type(e, t),
                        (unsigned long long)i->imm);
  if (i->imm > -2147483647LL && i->imm < 2147483647LL)
    return arena_printf(e->a, "((%s)%lld)", c_type(e, t), (long long)i->imm);
  return arena_printf(e->a, "((%s)0x%llxull)", c_type(e, t), (unsigned long long)i->imm);
}

const char *c_val(CEmit *e, const IrInst *i) {
  switch (i->op) {
  case IR_CONST: return const_literal(e, i);
  case IR_UNDEF: return c_zero(e, i->ty);
  case IR_PARAM:
    return arena_printf(e->a, e->f->is_kernel ? "cuwa_p->a%lld" : "a%lld", (long long)i->imm);
  case IR_LOCAL:
    if (e->fission && e->local_array[i->id]) return arena_printf(e->a, "(&l%u[cuwa_tid])", i->id);
    return arena_printf(e->a, "(&l%u)", i->id);
  default:
    if (e->fission && e->spilled[i->id]) return arena_printf(e->a, "t%u[cuwa_tid]", i->id);
    return arena_printf(e->a, "t%u", i->id);
  }
}

const char *c_deref(CEmit *e, const IrInst *p) {
  if (p->op == IR_LOCAL && e->fission && e->local_array[p->id])
    return arena_printf(e->a, "l%u[cuwa_tid]", p->id);
  if (p->op == IR_LOCAL) return arena_printf(e->a, "l%u", p->id);
  return arena_printf(e->a, "(*%s)", c_val(e, p));
}

/* Declares the value of i: "T tN = <expr>;" */
void c_def(CEmit *e, const IrInst *i, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  c_indent(e);
  if (e->fission && e->spilled[i->id]) strbuf_printf(e->o, "t%u[cuwa_tid] = ", i->id);
  else strbuf_printf(e->o, "%s t%u = ", c_type(e, i->ty), i->id);
  strbuf_vprintf(e->o, fmt, ap);
  strbuf_puts(e->o, ";\n");
  va_end(ap);
}

/* ---- arithmetic ------------------------------------------------------------ */

static const char *wide_unsigned(const IrType *t) {
  return t->size == 8 ? "uint64_t" : "uint32_t";
}

static const char *binop_symbol(IrOp op) {
  switch (op) {
  case IR_ADD: return "+";
  case IR_SUB: return "-";
  case IR_MUL: return "*";
  case IR_DIV: return "/";
  case IR_AND: return "&";
  case IR_OR: return "|";
  case IR_XOR: return "^";
  case IR_EQ: return "==";
  case IR_NE: return "!=";
  case IR_LT: return "<";
  case IR_LE: return "<=";
  case IR_GT: return ">";
  case IR_GE: return ">=";
  default: ICE("no C operator for %s", ir_op_name(op));
  }
}

static void print_binary(CEmit *e, const IrInst *i) {
  const IrType *t = i->ty;
  const char *a = c_val(e, i->args[0]), *b = c_val(e, i->args[1]);
  const char *T = c_type(e, t);
  if (ir_type_is_float(t) || t->kind == IRT_BOOL) {
    c_def(e, i, "(%s)(%s %s %s)", T, a, binop_symbol(i->op), b);
    return;
  }
  const char *sfx = int_suffix[t->kind];
  switch (i->op) {
  case IR_ADD: case IR_SUB: case IR_MUL: {
    /* in unsigned arithmetic wide enough to avoid int promotion */
    const char *W = wide_unsigned(t);
    c_def(e, i, "(%s)((%s)%s %s (%s)%s)", T, W, a, binop_symbol(i->op), W, b);
    break;
  }
  case IR_DIV: c_def(e, i, "cuwa_div_%s(%s, %s)", sfx, a, b); break;
  case IR_REM: c_def(e, i, "cuwa_rem_%s(%s, %s)", sfx, a, b); break;
  case IR_SHL: c_def(e, i, "cuwa_shl_%s(%s, %s)", sfx, a, b); break;
  case IR_SHR: c_def(e, i, "cuwa_shr_%s(%s, %s)", sfx, a, b); break;
  case IR_AND: case IR_OR: case IR_XOR:
    c_def(e, i, "(%s)(%s %s %s)", T, a, binop_symbol(i->op), b);
    break;
  default: ICE("print_binary on %s", ir_op_name(i->op));
  }
}

static void print_unary(CEmit *e, const IrInst *i) {
  const IrType *t = i->ty;
  const char *a = c_val(e, i->args[0]), *T = c_type(e, t);
  if (i->op == IR_NEG) {
    if (ir_type_is_float(t)) c_def(e, i, "(-%s)", a);
    else c_def(e, i, "(%s)(0u - (%s)%s)", T, wide_unsigned(t), a);
  } else if (t->kind == IRT_BOOL) {
    c_def(e, i, "(!%s)", a);
  } else {
    c_def(e, i, "(%s)~%s", T, a);
  }
}

static void print_compare(CEmit *e, const IrInst *i) {
  const char *a = c_val(e, i->args[0]), *b = c_val(e, i->args[1]);
  if (i->args[0]->ty->kind == IRT_PTR && i->op != IR_EQ && i->op != IR_NE)
    c_def(e, i, "((uintptr_t)%s %s (uintptr_t)%s)", a, binop_symbol(i->op), b);
  else if (i->args[0]->ty->kind == IRT_PTR)
    c_def(e, i, "((const void *)%s %s (const void *)%s)", a, binop_symbol(i->op), b);
  else
    c_def(e, i, "(%s %s %s)", a, binop_symbol(i->op), b);
}

static void print_conv(CEmit *e, const IrInst *i) {
  const IrType *to = i->ty, *from = i->args[0]->ty;
  const char *a = c_val(e, i->args[0]);
  if (to->kind == IRT_BOOL) c_def(e, i, "(%s != 0)", a);
  else if (ir_type_is_float(from) && ir_type_is_int(to))
    c_def(e, i, "cuwa_cvt_%s((double)%s)", int_suffix[to->kind], a);
  else c_def(e, i, "(%s)%s", c_type(e, to), a);
}

static void print_bitcast(CEmit *e, const IrInst *i) {
  const char *T = c_type(e, i->ty);
  c_def(e, i, "({ %s cuwa_b = %s; %s cuwa_r; memcpy(&cuwa_r, &cuwa_b, sizeof cuwa_r); cuwa_r; })",
        c_type(e, i->args[0]->ty), c_val(e, i->args[0]), T);
}

/* ---- intrinsics ------------------------------------------------------------- */

/* C text of an intrinsic; %0..%2 stand for the operands. */
static const char *intrinsic_template(IrIntrinsic id) {
  switch (id) {
#define SAME(ID, fn) case ID: return fn "(%0)";
#define SAME2(ID, fn) case ID: return fn "(%0, %1)";
  SAME(IN_SQRTF, "sqrtf") SAME(IN_CBRTF, "cbrtf") SAME(IN_EXPF, "expf")
  SAME(IN_EXP2F, "exp2f") SAME(IN_EXP10F, "exp10f") SAME(IN_EXPM1F, "expm1f")
  SAME(IN_LOGF, "logf") SAME(IN_LOG2F, "log2f") SAME(IN_LOG10F, "log10f")
  SAME(IN_LOG1PF, "log1pf") SAME(IN_SINF, "sinf") SAME(IN_COSF, "cosf")
  SAME(IN_TANF, "tanf") SAME(IN_ASINF, "asinf") SAME(IN_ACOSF, "acosf")
  SAME(IN_ATANF, "atanf") SAME2(IN_ATAN2F, "atan2f") SAME(IN_SINHF, "sinhf")
  SAME(IN_COSHF, "coshf") SAME(IN_TANHF, "tanhf") SAME2(IN_POWF, "powf")
  SAME(IN_FABSF, "fabsf") SAME2(IN_FMINF, "fminf") SAME2(IN_FMAXF, "fmaxf")
  SAME(IN_FLOORF, "floorf") SAME(IN_CEILF, "ceilf") SAME(IN_TRUNCF, "truncf")
  SAME(IN_ROUNDF, "roundf") SAME(IN_RINTF, "rintf") SAME2(IN_FMODF, "fmodf")
  SAME2(IN_HYPOTF, "hypotf") SAME2(IN_COPYSIGNF, "copysignf")
  SAME(IN_ERFF, "erff") SAME(IN_ERFCF, "erfcf")
  SAME(IN_FAST_EXPF, "expf") SAME(IN_FAST_LOGF, "logf") SAME(IN_FAST_SINF, "sinf")
  SAME(IN_FAST_COSF, "cosf") SAME2(IN_FAST_POWF, "powf")
  SAME(IN_SATURATEF, "cuwa_saturatef")
  SAME(IN_SQRT, "sqrt") SAME(IN_CBRT, "cuwa_cbrt") SAME(IN_EXP, "exp")
  SAME(IN_EXP2, "exp2") SAME(IN_EXP10, "cuwa_exp10") SAME(IN_EXPM1, "expm1")
  SAME(IN_LOG, "log") SAME(IN_LOG2, "log2") SAME(IN_LOG10, "log10")
  SAME(IN_LOG1P, "log1p") SAME(IN_SIN, "sin") SAME(IN_COS, "cos")
  SAME(IN_TAN, "tan") SAME(IN_ASIN, "asin") SAME(IN_ACOS, "acos")
  SAME(IN_ATAN, "atan") SAME2(IN_ATAN2, "atan2") SAME(IN_SINH, "sinh")
  SAME(IN_COSH, "cosh") SAME(IN_TANH, "cuwa_tanh") SAME2(IN_POW, "pow")
  SAME(IN_FABS, "fabs") SAME2(IN_FMIN, "fmin") SAME2(IN_FMAX, "fmax")
  SAME(IN_FLOOR, "floor") SAME(IN_CEIL, "ceil") SAME(IN_TRUNC, "trunc")
  SAME(IN_ROUND, "round") SAME(IN_RINT, "rint") SAME2(IN_FMOD, "fmod")
  SAME2(IN_HYPOT, "hypot") SAME2(IN_COPYSIGN, "copysign")
  SAME(IN_ERF, "erf") SAME(IN_ERFC, "erfc")
  SAME(IN_POPC, "__builtin_popcount") SAME(IN_POPCLL, "__builtin_popcountll")
  SAME(IN_CLZ, "cuwa_clz") SAME(IN_CLZLL, "cuwa_clzll")
  SAME(IN_FFS, "__builtin_ffs") SAME(IN_FFSLL, "__builtin_ffsll")
  SAME(IN_BREV, "cuwa_brev") SAME(IN_BREVLL, "cuwa_brevll")
  SAME2(IN_MUL24, "cuwa_mul24") SAME2(IN_UMUL24, "cuwa_umul24")
  SAME2(IN_MULHI, "cuwa_mulhi") SAME2(IN_UMULHI, "cuwa_umulhi")
  SAME2(IN_MUL64HI, "cuwa_mul64hi") SAME2(IN_UMUL64HI, "cuwa_umul64hi")
  SAME(IN_ABS, "cuwa_abs") SAME(IN_LLABS, "cuwa_llabs")
  SAME2(IN_MIN_F, "fminf") SAME2(IN_MIN_D, "fmin")
  SAME2(IN_MAX_F, "fmaxf") SAME2(IN_MAX_D, "fmax")
  SAME(IN_FLOAT_AS_INT, "cuwa_float_as_int") SAME(IN_INT_AS_FLOAT, "cuwa_int_as_float")
  SAME(IN_FLOAT_AS_UINT, "cuwa_float_as_uint") SAME(IN_UINT_AS_FLOAT, "cuwa_uint_as_float")
  SAME(IN_DOUBLE_AS_LONGLONG, "cuwa_double_as_longlong")
  SAME(IN_LONGLONG_AS_DOUBLE, "cuwa_longlong_as_double")
  SAME(IN_DOUBLE2HIINT, "cuwa_double2hiint") SAME(IN_DOUBLE2LOINT, "cuwa_double2loint")
#undef SAME
#undef SAME2
  case IN_FADD_RN: case IN_DADD_RN: return "(%0 + %1)";
  case IN_FSUB_RN: case IN_DSUB_RN: return "(%0 - %1)";
  case IN_FMUL_RN: case IN_DMUL_RN: return "(%0 * %1)";
  case IN_FDIV_RN: case IN_DDIV_RN: return "(%0 / %1)";
  case IN_FMAF_RN: return "fmaf(%0, %1, %2)";
  case IN_FMA_RN: return "fma(%0, %1, %2)";
  case IN_FRCP_RN: return "(1.0f / %0)";
  case IN_DRCP_RN: return "(1.0 / %0)";
  case IN_FSQRT_RN: return "sqrtf(%0)";
  case IN_DSQRT_RN: return "sqrt(%0)";
  case IN_BYTE_PERM: return "cuwa_byte_perm(%0, %1, %2)";
  case IN_SAD: return "cuwa_sad(%0, %1, %2)";
  case IN_USAD: return "cuwa_usad(%0, %1, %2)";
  case IN_HADD: return "cuwa_hadd(%0, %1)";
  case IN_RHADD: return "cuwa_rhadd(%0, %1)";
  case IN_UHADD: return "cuwa_uhadd(%0, %1)";
  case IN_URHADD: return "cuwa_urhadd(%0, %1)";
  case IN_FUNNELSHIFT_L: return "cuwa_funnelshift_l(%0, %1, %2, 0)";
  case IN_FUNNELSHIFT_LC: return "cuwa_funnelshift_l(%0, %1, %2, 1)";
  case IN_FUNNELSHIFT_R: return "cuwa_funnelshift_r(%0, %1, %2, 0)";
  case IN_FUNNELSHIFT_RC: return "cuwa_funnelshift_r(%0, %1, %2, 1)";
  case IN_RSQRTF: return "(1.0f / sqrtf(%0))";
  case IN_RSQRT: return "cuwa_rsqrt(%0)";
  case IN_FMAF: return "fmaf(%0, %1, %2)";
  case IN_FMA: return "fma(%0, %1, %2)";
  case IN_FDIVIDEF: case IN_FAST_FDIVIDEF: return "(%0 / %1)";
  case IN_ISNANF: case IN_ISNAN: return "(isnan(%0) != 0)";
  case IN_ISINFF: case IN_ISINF: return "(isinf(%0) != 0)";
  case IN_ISFINITEF: case IN_ISFINITE: return "(isfinite(%0) != 0)";
  case IN_MIN_I: case IN_MIN_U: case IN_MIN_L: case IN_MIN_UL: case IN_UMIN:
    return "(%0 < %1 ? %0 : %1)";
  case IN_MAX_I: case IN_MAX_U: case IN_MAX_L: case IN_MAX_UL: case IN_UMAX:
    return "(%0 > %1 ? %0 : %1)";
  case IN_FLOAT2INT_RN: return "cuwa_cvt_i32((double)rintf(%0))";
  case IN_FLOAT2INT_RZ: return "cuwa_cvt_i32((double)%0)";
  case IN_FLOAT2INT_RD: return "cuwa_cvt_i32((double)floorf(%0))";
  case IN_FLOAT2INT_RU: return "cuwa_cvt_i32((double)ceilf(%0))";
  case IN_INT2FLOAT_RN: return "((float)%0)";
  case IN_CLOCK: case IN_CLOCK64: return "((int64_t)cuwa_device_clock64())";
  case IN_CDP_LAST_ERROR: return "cuwa_device_last_error(ctx, tx, ty, tz, %0)";
  case IN_CDP_MALLOC: return "((uint64_t)(uintptr_t)malloc(%0))";
  case IN_CDP_FREE: return "free((void *)(uintptr_t)%0)";
  case IN_CDP_MEMCPY: return "cuwa_device_memcpy_async(ctx, %0, %1, %2, %3, 0)";
  case IN_CDP_MEMSET: return "cuwa_device_memcpy_async(ctx, %0, (uint64_t)(uint8_t)%1, %2, %3, 1)";
  case IN_NANOSLEEP: return "__asm__ __volatile__(\"\" ::: \"memory\")";
  case IN_THREADFENCE: case IN_THREADFENCE_SYSTEM: return "__atomic_thread_fence(__ATOMIC_SEQ_CST)";
  /* the threads of a block run on one OS thread: only the compiler may reorder */
  case IN_THREADFENCE_BLOCK: return "__atomic_signal_fence(__ATOMIC_SEQ_CST)";
  default: {
    const char *t = c_math_template(id);  /* c_math.c: the later math rows */
    if (!t) ICE("no C for intrinsic %s", ir_intrinsic_name(id));
    return t;
  }
  }
}

/* Atomics: cuwa_atomic_<op>_<type>[_local] of the prelude; _local when
 * the pointer is visibly into shared memory, which only this block's OS
 * thread touches, so a plain read-modify-write is atomic enough. */
static const char *atomic_op(IrIntrinsic id) {
  switch (id) {
  case IN_ATOMIC_ADD_I: case IN_ATOMIC_ADD_U: case IN_ATOMIC_ADD_UL: case IN_ATOMIC_ADD_F:
  case IN_ATOMIC_ADD_D: return "add";
  case IN_ATOMIC_SUB_I: case IN_ATOMIC_SUB_U: return "sub";
  case IN_ATOMIC_EXCH_I: case IN_ATOMIC_EXCH_U: case IN_ATOMIC_EXCH_UL: case IN_ATOMIC_EXCH_F:
    return "exch";
  case IN_ATOMIC_MIN_I: case IN_ATOMIC_MIN_U: case IN_ATOMIC_MIN_L: case IN_ATOMIC_MIN_UL:
    return "min";
  case IN_ATOMIC_MAX_I: case IN_ATOMIC_MAX_U: case IN_ATOMIC_MAX_L: case IN_ATOMIC_MAX_UL:
    return "max";
  case IN_ATOMIC_INC: return "inc";
  case IN_ATOMIC_DEC: return "dec";
  case IN_ATOMIC_AND_I: case IN_ATOMIC_AND_U: case IN_ATOMIC_AND_UL: return "and";
  case IN_ATOMIC_OR_I: case IN_ATOMIC_OR_U: case IN_ATOMIC_OR_UL: return "or";
  case IN_ATOMIC_XOR_I: case IN_ATOMIC_XOR_U: case IN_ATOMIC_XOR_UL: return "xor";
  case IN_ATOMIC_CAS_I: case IN_ATOMIC_CAS_U: case IN_ATOMIC_CAS_UL: case IN_ATOMIC_CAS_US:
    return "cas";
  default: ICE("%s is not an atomic", ir_intrinsic_name(id));
  }
}

static bool points_to_shared(const IrInst *p) {
  while (p->op == IR_PTR_CAST || p->op == IR_PTR_ADD || p->op == IR_MEMBER_PTR ||
         p->op == IR_DECAY) {
    if (p->ty->space == IRS_SHARED) return true;
    p = p->args[0];
  }
  return p->ty->kind == IRT_PTR && p->ty->space == IRS_SHARED;
}

static void print_atomic(CEmit *e, const IrInst *i) {
  const IrType *t = i->ty;
  const char *sfx = t->kind == IRT_F32 ? "f32" : t->kind == IRT_F64 ? "f64" : int_suffix[t->kind];
  StrBuf b = {0};
  strbuf_printf(&b, "cuwa_atomic_%s_%s%s(", atomic_op(i->intrinsic), sfx,
                points_to_shared(i->args[0]) ? "_local" : "");
  for (int k = 0; k < i->arg_count; k++)
    strbuf_printf(&b, "%s%s", k ? ", " : "", c_val(e, i->args[k]));
  strbuf_putc(&b, ')');
  if (c_check_wants(e, i->args[0])) c_print_checked_atomic(e, i, b.data);
  else c_def(e, i, "%s", b.data);
  strbuf_free(&b);
}

static void print_intrinsic(CEmit *e, const IrInst *i) {
  if (e->fiber && c_is_sync(i)) {  /* one stack per thread: c_fiber.c */
    c_print_fiber_sync(e, i);
    return;
  }
  if (i->intrinsic == IN_CDP_LAUNCH || i->intrinsic == IN_CDP_LAUNCH_NAMED) {  /* c_launch.c */
    c_print_device_launch(e, i);
    return;
  }
  switch (ir_intrinsic_class(i->intrinsic)) {
  case INC_ATOMIC: print_atomic(e, i); return;
  case INC_WARP: case INC_BLOCK:
    ICE("collective %s outside fission mode", ir_intrinsic_name(i->intrinsic));
  default: break;
  }
  StrBuf b = {0};
  for (const char *p = intrinsic_template(i->intrinsic); *p; p++) {
    if (p[0] == '%' && p[1] >= '0' && p[1] <= '3') {
      int k = p[1] - '0';
      if (k >= i->arg_count) ICE("intrinsic %s: operand %d missing", ir_intrinsic_name(i->intrinsic), k);
      strbuf_puts(&b, c_val(e, i->args[k]));
      p++;
    } else {
      strbuf_putc(&b, *p);
    }
  }
  if (i->ty->kind == IRT_VOID) c_line(e, "%s;", b.data);
  else c_def(e, i, "(%s)%s", c_type(e, i->ty), b.data);
  strbuf_free(&b);
}

/* ---- memory, calls ----------------------------------------------------------- */

static const char *global_addr(CEmit *e, const IrInst *i) {
  const IrGlobal *g = i->global;
  if (g->space == IRS_SHARED && g->is_dynamic_shared)
    return arena_printf(e->a, "((%s)ctx->dyn_shared)", c_type(e, i->ty));
  if (g->space == IRS_SHARED) return arena_printf(e->a, "cuwa_sh%u", g->id);
  return arena_printf(e->a, "(&cuwa_g%u.v)", g->id);
}

static void print_memory(CEmit *e, const IrInst *i) {
  const char *a = i->arg_count ? c_val(e, i->args[0]) : NULL;
  switch (i->op) {
  case IR_LOAD:
    if (c_check_wants(e, i->args[0])) c_print_checked_load(e, i);
    else if (i->is_volatile) c_def(e, i, "(*(volatile %s *)%s)", c_type(e, i->ty), a);
    else if (c_stride_load(e, i)) c_def(e, i, "(%s)%s", c_type(e, i->ty), c_stride_load(e, i));
    else if (e->fwd && e->fwd[i->id]) c_def(e, i, "%s", c_val(e, e->fwd[i->id]));
    else c_def(e, i, "%s", c_deref(e, i->args[0]));
    break;
  case IR_STORE:
    if (c_check_wants(e, i->args[0])) c_print_checked_store(e, i);
    else if (i->is_volatile)
      c_line(e, "*(volatile %s *)%s = %s;", c_type(e, i->args[1]->ty), a, c_val(e, i->args[1]));
    else c_line(e, "%s = %s;", c_deref(e, i->args[0]), c_val(e, i->args[1]));
    break;
  case IR_PTR_ADD: c_def(e, i, "(%s + %s)", a, c_index(e, i->args[1])); break;
  case IR_PTR_DIFF:
    c_def(e, i, "(int64_t)(%s - (%s)%s)", a, c_type(e, i->args[0]->ty), c_val(e, i->args[1]));
    break;
  case IR_MEMBER_PTR:
    c_def(e, i, "(&%s->%s)", a, field_name(e, i->args[0]->ty->elem, i->field));
    break;
  case IR_DECAY: c_def(e, i, "(%s->a)", a); break;
  case IR_PTR_CAST: c_def(e, i, "((%s)%s)", c_type(e, i->ty), a); break;
  case IR_PTR_TO_INT: c_def(e, i, "((%s)(uintptr_t)%s)", c_type(e, i->ty), a); break;
  case IR_INT_TO_PTR: c_def(e, i, "((%s)(uintptr_t)%s)", c_type(e, i->ty), a); break;
  case IR_MEMCPY:
    if (c_check_wants(e, i->args[0])) {
      c_print_checked_mem(e, i);
      break;
    }
    c_line(e, "memcpy(%s, %s, (size_t)%s);", a, c_val(e, i->args[1]), c_val(e, i->args[2]));
    break;
  case IR_MEMSET:
    if (c_check_wants(e, i->args[0])) {
      c_print_checked_mem(e, i);
      break;
    }
    c_line(e, "memset(%s, (int)%s, (size_t)%s);", a, c_val(e, i->args[1]), c_val(e, i->args[2]));
    break;
  case IR_GLOBAL: c_def(e, i, "%s", global_addr(e, i)); break;
  case IR_STRING:
    c_def(e, i, "(%s)%s", c_type(e, i->ty), c_string(e, i->str, i->str_len - 1));
    break;
  case IR_DYN_SHARED: c_def(e, i, "((%s)ctx->dyn_shared)", c_type(e, i->ty)); break;
  default: ICE("print_memory on %s", ir_op_name(i->op));
  }
}

static const char *func_name(CEmit *e, const IrFunc *f) {
  return arena_printf(e->a, "cuwa_f%u_%s%s", f->id, c_sanitize(e->a, f->name), e->sfx);
}

/* What a thread returns with when it stops early (trap). */
const char *c_early_return(CEmit *e) {
  if (e->fission)
    return arena_printf(e->a, "cuwa_exited[cuwa_tid] = 1; cuwa_active--; goto cuwa_next%d;",
                        e->region_label);
  if (e->f->ret->kind == IRT_VOID) return "return;";
  return arena_printf(e->a, "return %s;", c_zero(e, e->f->ret));
}

static void print_call(CEmit *e, const IrInst *i) {
  const IrFunc *c = i->callee;
  StrBuf b = {0};
  strbuf_printf(&b, "%s(ctx, tx, ty, tz, cuwa_trap", func_name(e, c));
  for (int g = 0; g < e->m->globals.len; g++)
    if (e->shared_sets[c->id][g]) strbuf_printf(&b, ", cuwa_sh%d", g);
  for (int k = 0; k < i->arg_count; k++) strbuf_printf(&b, ", %s", c_val(e, i->args[k]));
  strbuf_putc(&b, ')');
  if (i->ty->kind == IRT_VOID) c_line(e, "%s;", b.data);
  else c_def(e, i, "%s", b.data);
  strbuf_free(&b);
  if (e->may_trap[c->id]) c_line(e, "if (*cuwa_trap) { %s }", c_early_return(e));
}

static void print_printf(CEmit *e, const IrInst *i) {
  StrBuf b = {0};
  strbuf_printf(&b, "cuwa_device_printf((const char *)%s", c_val(e, i->args[0]));
  for (int k = 1; k < i->arg_count; k++) strbuf_printf(&b, ", %s", c_val(e, i->args[k]));
  strbuf_putc(&b, ')');
  if (i->ty->kind == IRT_VOID) c_line(e, "%s;", b.data);
  else c_def(e, i, "(%s)%s", c_type(e, i->ty), b.data);
  strbuf_free(&b);
}

static void print_trap(CEmit *e, const IrInst *i) {
  c_line(e, "cuwa_device_assert_fail(ctx, tx, ty, tz, %s, %s, %u, %s);",
       c_string(e, i->str, i->str ? (int)strlen(i->str) : 0),
       c_string(e, file_of(e, i->loc), (int)strlen(file_of(e, i->loc))), i->loc.line,
       c_string(e, e->f->name, (int)strlen(e->f->name)));
  if (!e->fission) c_line(e, "*cuwa_trap = 1;");
  c_line(e, "%s", c_early_return(e));
}

/* ---- control flow -------------------------------------------------------------- */


static void print_braced(CEmit *e, const IrBlock *b) {
  e->depth++;
  c_print_block(e, b);
  e->depth--;
}

/* Whether a continue in blk (not in a nested loop) targets this loop. */
static bool has_continue(const IrBlock *blk) {
  for (const IrInst *i = blk->first; i; i = i->next) {
    if (i->op == IR_CONTINUE) return true;
    if (i->op == IR_IF && (has_continue(&i->blocks[0]) || has_continue(&i->blocks[1])))
      return true;
    if (i->op == IR_SWITCH)
      for (int c = 0; c < i->case_count; c++)
        if (has_continue(&i->cases[c].body)) return true;
  }
  return false;
}

static void print_loop(CEmit *e, const IrInst *i) {
  c_line(e, "for (;;) {");
  e->inner_loops++;
  e->inner_breakables++;
  vec_push(e->a, &e->loops, i->id);
  e->depth++;
  c_line(e, "{");
  print_braced(e, &i->blocks[0]);
  c_line(e, "}");
  if (has_continue(&i->blocks[0])) c_line(e, "cuwa_cont%u:;", i->id);
  c_line(e, "{");
  print_braced(e, &i->blocks[1]);
  c_line(e, "}");
  e->depth--;
  e->loops.len--;
  e->inner_loops--;
  e->inner_breakables--;
  c_line(e, "}");
}

static void print_switch(CEmit *e, const IrInst *i) {
  const IrType *t = i->args[0]->ty;
  c_line(e, "switch (%s) {", c_val(e, i->args[0]));
  e->inner_breakables++;
  for (int c = 0; c < i->case_count; c++) {
    const IrCase *cs = &i->cases[c];
    for (int v = 0; v < cs->value_count; v++) c_line(e, "case %s:", c_const(e, t, cs->values[v]));
    if (cs->is_default) c_line(e, "default:");
    c_line(e, "{");
    print_braced(e, &cs->body);
    c_line(e, "}");
    if (!cs->falls_through) c_line(e, "break;");
  }
  e->inner_breakables--;
  c_line(e, "}");
}

static void print_control(CEmit *e, const IrInst *i) {
  switch (i->op) {
  case IR_IF:
    if (i == e->known_if && e->fast && !e->fission)
      c_line(e, "if (cuwa_known ? cuwa_known == 1 : %s) {", c_val(e, i->args[0]));
    else c_line(e, "if (%s) {", c_val(e, i->args[0]));
    print_braced(e, &i->blocks[0]);
    if (i->blocks[1].first) {
      c_line(e, "} else {");
      print_braced(e, &i->blocks[1]);
    }
    c_line(e, "}");
    break;
  case IR_LOOP: print_loop(e, i); break;
  case IR_SWITCH: print_switch(e, i); break;
  case IR_BREAK:
    if (e->fission && !e->inner_breakables) c_print_fission_jump(e, i);
    else c_line(e, "break;");
    break;
  case IR_BREAK_IF:
    if (e->fission && !e->inner_loops) c_print_fission_jump(e, i);
    else c_line(e, "if (%s) { break; }", c_val(e, i->args[0]));
    break;
  case IR_CONTINUE:
    if (e->fission && !e->inner_loops) {
      c_print_fission_jump(e, i);
      break;
    }
    if (!e->loops.len) ICE("continue outside a loop");
    c_line(e, "goto cuwa_cont%u;", e->loops.data[e->loops.len - 1]);
    break;
  case IR_RETURN:
    if (e->fission) c_line(e, "%s", c_early_return(e));
    else if (i->arg_count) c_line(e, "return %s;", c_val(e, i->args[0]));
    else c_line(e, "return;");
    break;
  case IR_TRAP: print_trap(e, i); break;
  case IR_BARRIER:
    if (e->fiber) {
      c_print_fiber_sync(e, i);
      break;
    }
    ICE("barrier reached the C printer (c_can_emit rejects it)");
  default: ICE("print_control on %s", ir_op_name(i->op));
  }
}

void c_print_inst(CEmit *e, const IrInst *i) {
  switch (i->op) {
  case IR_CONST: case IR_UNDEF: case IR_PARAM: case IR_LOCAL:
    break;  /* printed where used */
  case IR_ADD: case IR_SUB: case IR_MUL: case IR_DIV: case IR_REM:
  case IR_AND: case IR_OR: case IR_XOR: case IR_SHL: case IR_SHR:
    print_binary(e, i);
    break;
  case IR_NEG: case IR_NOT: print_unary(e, i); break;
  case IR_EQ: case IR_NE: case IR_LT: case IR_LE: case IR_GT: case IR_GE:
    print_compare(e, i);
    break;
  case IR_CONV: print_conv(e, i); break;
  case IR_BITCAST: print_bitcast(e, i); break;
  case IR_SELECT:
    c_def(e, i, "(%s ? %s : %s)", c_val(e, i->args[0]), c_val(e, i->args[1]), c_val(e, i->args[2]));
    break;
  case IR_LOAD: case IR_STORE: case IR_PTR_ADD: case IR_PTR_DIFF:
  case IR_MEMBER_PTR: case IR_DECAY: case IR_PTR_CAST: case IR_PTR_TO_INT:
  case IR_INT_TO_PTR: case IR_MEMCPY: case IR_MEMSET: case IR_GLOBAL:
  case IR_STRING: case IR_DYN_SHARED:
    print_memory(e, i);
    break;
  case IR_CALL: print_call(e, i); break;
  case IR_INTRINSIC: print_intrinsic(e, i); break;
  case IR_PRINTF: print_printf(e, i); break;
  case IR_THREAD_IDX: c_def(e, i, "t%c", "xyz"[i->imm]); break;
  case IR_BLOCK_IDX: c_def(e, i, "ctx->block_idx.%c", "xyz"[i->imm]); break;
  case IR_BLOCK_DIM: c_def(e, i, "ctx->block_dim.%c", "xyz"[i->imm]); break;
  case IR_GRID_DIM: c_def(e, i, "ctx->grid_dim.%c", "xyz"[i->imm]); break;
  default: print_control(e, i); break;
  }
}

void c_print_block(CEmit *e, const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) c_print_inst(e, i);
}

/* ---- analysis: shared memory and traps per function ---------------------------- */

static void scan_block(CEmit *e, const IrFunc *f, const IrBlock *b, bool *changed);

static void scan_inst(CEmit *e, const IrFunc *f, const IrInst *i, bool *changed) {
  bool *set = e->shared_sets[f->id];
  if (i->op == IR_GLOBAL && i->global->space == IRS_SHARED && !i->global->is_dynamic_shared &&
      !set[i->global->id])
    set[i->global->id] = *changed = true;
  if (i->op == IR_TRAP && !e->may_trap[f->id]) e->may_trap[f->id] = *changed = true;
  if (i->op == IR_CALL) {
    const bool *cs = e->shared_sets[i->callee->id];
    for (int g = 0; g < e->m->globals.len; g++)
      if (cs[g] && !set[g]) set[g] = *changed = true;
    if (e->may_trap[i->callee->id] && !e->may_trap[f->id]) e->may_trap[f->id] = *changed = true;
  }
  scan_block(e, f, &i->blocks[0], changed);
  scan_block(e, f, &i->blocks[1], changed);
  for (int c = 0; c < i->case_count; c++) scan_block(e, f, &i->cases[c].body, changed);
}

static void scan_block(CEmit *e, const IrFunc *f, const IrBlock *b, bool *changed) {
  for (const IrInst *i = b->first; i; i = i->next) scan_inst(e, f, i, changed);
}

static void analyze(CEmit *e) {
  int nf = e->m->funcs.len, ng = e->m->globals.len;
  e->shared_sets = ARENA_ARRAY(e->a, bool *, nf + 1);
  e->may_trap = ARENA_ARRAY(e->a, bool, nf + 1);
  for (int f = 0; f < nf; f++) e->shared_sets[f] = ARENA_ARRAY(e->a, bool, ng + 1);
  /* Fixpoint over the call graph (recursion allowed). */
  for (bool changed = true; changed;) {
    changed = false;
    for (int f = 0; f < nf; f++) {
      const IrFunc *fn = e->m->funcs.data[f];
      scan_block(e, fn, &fn->body, &changed);
    }
  }
}

/* ---- functions ---------------------------------------------------------------- */

static void print_locals(CEmit *e, const IrFunc *f) {
  for (int i = 0; i < f->local_count; i++) {
    const IrInst *l = f->locals[i];
    const IrType *t = l->ty->elem;
    if (is_aggregate(t))
      c_line(e, "%s l%u; memset(&l%u, 0, sizeof l%u);  /* %s */", c_type(e, t), l->id, l->id,
           l->id, l->str ? l->str : "");
    else
      c_line(e, "%s l%u = %s;  /* %s */", c_type(e, t), l->id, c_zero(e, t), l->str ? l->str : "");
  }
}

static void print_device_signature(CEmit *e, const IrFunc *f) {
  StrBuf *o = e->o;
  strbuf_printf(o, "static %s%s %s(const CuwaBlockCtx *ctx, uint32_t tx, uint32_t ty, "
                "uint32_t tz, int *cuwa_trap",
                f->is_forceinline ? "inline " : f->is_noinline ? "__attribute__((noinline)) " : "",
                c_type(e, f->ret), func_name(e, f));
  for (int g = 0; g < e->m->globals.len; g++)
    if (e->shared_sets[f->id][g])
      strbuf_printf(o, ", %s *cuwa_sh%d", c_type(e, e->m->globals.data[g]->ty), g);
  for (int k = 0; k < f->param_count; k++)
    strbuf_printf(o, ", %s a%d", c_type(e, f->params[k]), k);
  strbuf_putc(o, ')');
}

static void print_device_func(CEmit *e, const IrFunc *f) {
  e->f = f;
  c_find_forwards(e, f);
  strbuf_printf(e->o, "/* %s */\n", f->name);
  print_device_signature(e, f);
  strbuf_puts(e->o, " {\n");
  e->depth = 1;
  print_locals(e, f);
  c_print_block(e, &f->body);
  if (f->ret->kind != IRT_VOID) c_line(e, "return %s;", c_zero(e, f->ret));
  e->depth = 0;
  strbuf_puts(e->o, "}\n\n");
}

/* threadIdx.c seen through conversions (it is below 2^31) and forwarded
 * locals (`int t = threadIdx.x; ... blockIdx.x * blockDim.x + t`). */
static const IrInst *thread_index_of(CEmit *e, const IrInst *x) {
  for (int n = 0; n < 8; n++) {
    if (x->op == IR_THREAD_IDX) return x;
    if (x->op == IR_CONV && ir_type_is_int(x->ty) && ir_type_is_int(x->args[0]->ty) &&
        x->ty->size >= 4 && x->args[0]->ty->size >= 4)
      x = x->args[0];
    else if (x->op == IR_LOAD && e->fwd && e->fwd[x->id])
      x = e->fwd[x->id];
    else
      return NULL;
  }
  return NULL;
}

/* blockIdx.c * blockDim.c + threadIdx.c in u32 (either order), or with a
 * constant K for blockDim.c: below gridDim.c * max(blockDim.c, K), so
 * below 2^31 in the "fast" variants (c_global_index_scale gives K). */
static int global_index_scale(CEmit *e, const IrInst *i, int *dim) {
  if (i->op != IR_ADD || i->ty->kind != IRT_U32) return 0;
  for (int k = 0; k < 2; k++) {
    const IrInst *t = thread_index_of(e, i->args[k]), *m = i->args[1 - k];
    if (!t || m->op != IR_MUL) continue;
    *dim = (int)t->imm;
    for (int j = 0; j < 2; j++) {
      const IrInst *a = m->args[j], *b = m->args[1 - j];
      if (a->op != IR_BLOCK_IDX || a->imm != t->imm) continue;
      if (b->op == IR_BLOCK_DIM && b->imm == t->imm) return 1;
      /* a constant, maybe converted from int */
      if (b->op == IR_CONV && b->args[0]->op == IR_CONST) b = b->args[0];
      if (b->op == IR_CONST && b->imm > 0 && b->imm <= 65536) return (int)b->imm;
    }
  }
  return 0;
}

bool c_is_global_index(CEmit *e, const IrInst *i) {
  int dim;
  return global_index_scale(e, i, &dim) > 0;
}

/* The largest constant K of the global indices in dimension c (1 if
 * they all use blockDim). */
int c_global_index_scale(CEmit *e, const IrBlock *b, int c) {
  int k = 1;
  for (const IrInst *i = b->first; i; i = i->next) {
    int dim = -1, s = global_index_scale(e, i, &dim);
    if (s > k && dim == c) k = s;
    for (int j = 0; j < 2; j++) {
      int t = c_global_index_scale(e, &i->blocks[j], c);
      if (t > k) k = t;
    }
    for (int j = 0; j < i->case_count; j++) {
      int t = c_global_index_scale(e, &i->cases[j].body, c);
      if (t > k) k = t;
    }
  }
  return k;
}

/* The test that selects a kernel's "fast" variant: per dimension,
 * gridDim * max(blockDim, K) < 2^31 (see global_index_scale). */
const char *c_fast_test(CEmit *e, const IrBlock *body, const char *ctx) {
  StrBuf b = {0};
  for (int c = 0; c < 3; c++) {
    char d = "xyz"[c];
    int k = c_global_index_scale(e, body, c);
    strbuf_printf(&b, "%s(uint64_t)%sgrid_dim.%c * (%sblock_dim.%c > %du ? %sblock_dim.%c : %du) <= 0x7fffffffu",
                  c ? " && " : "", ctx, d, ctx, d, k, ctx, d, k);
  }
  const char *r = arena_strdup(e->a, b.data);
  strbuf_free(&b);
  return r;
}

bool c_kernel_has_shared(CEmit *e, const IrFunc *k) {
  for (int g = 0; g < e->m->globals.len; g++)
    if (e->shared_sets[k->id][g]) return true;
  return false;
}

static void print_kernel_structs(CEmit *e, const IrFunc *k) {
  if (k->param_count) {
    c_line(e, "struct cuwa_params_%d {", k->ordinal);
    for (int i = 0; i < k->param_count; i++)
      c_line(e, "  %s a%d;  /* %s */", c_type(e, k->params[i]), i,
           k->param_names && k->param_names[i] ? k->param_names[i] : "");
    c_line(e, "};");
  }
  if (c_kernel_has_shared(e, k)) {
    c_line(e, "struct cuwa_shared_%d {", k->ordinal);
    for (int g = 0; g < e->m->globals.len; g++)
      if (e->shared_sets[k->id][g])
        c_line(e, "  %s g%d;  /* %s */", c_type(e, e->m->globals.data[g]->ty), g,
             e->m->globals.data[g]->name);
    c_line(e, "};");
  }
}

/* The kernel body as a per-thread function: a return ends only the thread. */
/* Whether the kernel computes blockIdx * blockDim + threadIdx, the global
 * thread index, anywhere: then a variant for small grids pays off. */
bool c_has_global_index(CEmit *e, const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) {
    if (c_is_global_index(e, i)) return true;
    if (c_has_global_index(e, &i->blocks[0]) || c_has_global_index(e, &i->blocks[1]))
      return true;
    for (int c = 0; c < i->case_count; c++)
      if (c_has_global_index(e, &i->cases[c].body)) return true;
  }
  return false;
}

static const char *params_type(CEmit *e, const IrFunc *k) {
  return k->param_count ? arena_printf(e->a, "struct cuwa_params_%d", k->ordinal) : "void";
}

/* The first top-level if whose condition depends only on the thread
 * index, the block and the parameters (`if (i < n)`, `if (i >= n)
 * return;`): a block for whose threads it is all true or all false runs
 * a thread body without the test, which vectorizes without masks. */
static const IrInst *find_known_if(CEmit *e, const IrFunc *k) {
  for (const IrInst *i = k->body.first; i; i = i->next) {
    if (i->op != IR_IF) continue;
    int budget = 40;
    if (c_thread_pure(e, i->args[0], NULL, &budget)) return i;
    return NULL;  /* only the first if: later ones depend on what came before */
  }
  return NULL;
}

/* cuwa_cond_<n>: the known if's condition for one thread. */
static void print_known_cond(CEmit *e, const IrFunc *k) {
  InstVec chain = {0};
  int budget = 40;
  c_thread_pure(e, e->known_if->args[0], &chain, &budget);
  strbuf_printf(e->o,
                "static inline __attribute__((always_inline)) _Bool cuwa_cond_%d%s("
                "const CuwaBlockCtx *ctx, const %s *cuwa_p, uint32_t tx, uint32_t ty, "
                "uint32_t tz) {\n", k->ordinal, e->sfx, params_type(e, k));
  e->depth = 1;
  c_line(e, "(void)ctx; (void)cuwa_p; (void)tx; (void)ty; (void)tz;");
  for (int i = 0; i < chain.len; i++) c_print_inst(e, chain.data[i]);
  c_line(e, "return %s;", c_val(e, e->known_if->args[0]));
  e->depth = 0;
  strbuf_puts(e->o, "}\n\n");
}

static void print_kernel_thread(CEmit *e, const IrFunc *k, bool fast) {
  e->f = k;
  e->fast = fast;
  c_find_forwards(e, k);
  bool sh = c_kernel_has_shared(e, k);
  if (fast && e->known_if) print_known_cond(e, k);
  strbuf_printf(e->o,
                "/* kernel %s: one thread%s */\n"
                "static inline __attribute__((always_inline)) void cuwa_thread_%d%s%s("
                "const CuwaBlockCtx *ctx, const %s *cuwa_p, %s *cuwa_shs, uint32_t tx, "
                "uint32_t ty, uint32_t tz%s) {\n",
                k->name, fast ? " (grids of fewer than 2^31 threads per dimension)" : "",
                k->ordinal, fast ? "_fast" : "", e->sfx, params_type(e, k),
                sh ? arena_printf(e->a, "struct cuwa_shared_%d", k->ordinal) : "void",
                fast ? ", const int cuwa_known" : "");
  e->depth = 1;
  c_line(e, "int cuwa_trap_v = 0;");
  c_line(e, "int *cuwa_trap = &cuwa_trap_v;");
  for (int g = 0; g < e->m->globals.len; g++)
    if (e->shared_sets[k->id][g])
      c_line(e, "%s *cuwa_sh%d = &cuwa_shs->g%d;", c_type(e, e->m->globals.data[g]->ty), g, g);
  print_locals(e, k);
  c_print_block(e, &k->body);
  e->depth = 0;
  e->fast = false;
  strbuf_puts(e->o, "}\n\n");
}

static void print_thread_loops(CEmit *e, const IrFunc *k, const char *variant, const char *extra) {
  c_line(e, "for (uint32_t tz = 0; tz < cuwa_nz; tz++)");
  c_line(e, "  for (uint32_t ty = 0; ty < cuwa_ny; ty++)");
  c_line(e, "    for (uint32_t tx = 0; tx < cuwa_nx; tx++)");
  c_line(e, "      cuwa_thread_%d%s%s(&cuwa_ctx, cuwa_p, %s, tx, ty, tz%s);", k->ordinal, variant,
         e->sfx, c_kernel_has_shared(e, k) ? "&cuwa_shs" : "NULL", extra);
}

/* The fast thread loops, specialized on what the block knows of the
 * known if's condition (see find_known_if). */
static void print_fast_loops(CEmit *e, const IrFunc *k) {
  if (!e->known_if) {
    print_thread_loops(e, k, "_fast", ", 0");
    return;
  }
  c_line(e, "int cuwa_all = 1, cuwa_none = 1;");
  c_line(e, "for (uint32_t tz = 0; tz < cuwa_nz; tz++)");
  c_line(e, "  for (uint32_t ty = 0; ty < cuwa_ny; ty++)");
  c_line(e, "    for (uint32_t tx = 0; tx < cuwa_nx; tx++) {");
  c_line(e, "      const _Bool cuwa_c = cuwa_cond_%d%s(&cuwa_ctx, cuwa_p, tx, ty, tz);", k->ordinal,
         e->sfx);
  c_line(e, "      cuwa_all &= cuwa_c;");
  c_line(e, "      cuwa_none &= !cuwa_c;");
  c_line(e, "    }");
  c_line(e, "if (cuwa_all) {");
  e->depth++;
  print_thread_loops(e, k, "_fast", ", 1");
  e->depth--;
  c_line(e, "} else if (cuwa_none) {");
  e->depth++;
  print_thread_loops(e, k, "_fast", ", 2");
  e->depth--;
  c_line(e, "} else {");
  e->depth++;
  print_thread_loops(e, k, "_fast", ", 0");
  e->depth--;
  c_line(e, "}");
}

static void print_kernel_block(CEmit *e, const IrFunc *k, bool has_fast) {
  bool sh = c_kernel_has_shared(e, k);
  int n = k->ordinal;
  bool dims = !e->check && c_uses_dim_y(&k->body);  /* c_print_dims_dispatch */
  const char *name = arena_printf(e->a, "cuwa_block_%s_%d%s", c_sanitize(e->a, k->name), n, e->sfx);
  if (dims)
    c_line(e, "static inline __attribute__((always_inline)) void %s_dims(const CuwaBlockCtx *ctx, "
              "const void *params, const uint32_t cuwa_cnx) {", name);
  else
    c_line(e, "static void %s(const CuwaBlockCtx *ctx, const void *params) {", name);
  e->depth = 1;
  /* Local copies of the parameters and the context: their address does not
   * escape the inlined thread body, so the C compiler keeps them in
   * registers and can vectorize the thread loop even when stores through
   * user pointers could alias (-fno-strict-aliasing). */
  if (dims) c_line(e, "const CuwaBlockCtx cuwa_ctx = cuwa_ctx_nx(ctx, cuwa_cnx);");
  else c_line(e, "const CuwaBlockCtx cuwa_ctx = *ctx;");
  if (k->param_count) {
    c_line(e, "struct cuwa_params_%d cuwa_pv;", n);
    c_line(e, "memcpy(&cuwa_pv, params, sizeof cuwa_pv);");
    c_line(e, "const struct cuwa_params_%d *cuwa_p = &cuwa_pv;", n);
  } else {
    c_line(e, "const void *cuwa_p = params;");
  }
  if (sh) {
    /* Shared memory starts zeroed so that runs are reproducible. */
    c_line(e, "struct cuwa_shared_%d cuwa_shs;", n);
    c_line(e, "memset(&cuwa_shs, 0, sizeof cuwa_shs);");
  }
  if (e->check)
    c_line(e, "cuwa_check_block_begin(ctx, %s, NULL, 0);",
           sh ? "&cuwa_shs, sizeof cuwa_shs" : "NULL, 0");
  c_line(e, "const uint32_t cuwa_nx = cuwa_ctx.block_dim.x, cuwa_ny = cuwa_ctx.block_dim.y, "
          "cuwa_nz = cuwa_ctx.block_dim.z;");
  if (has_fast) {
    /* The global thread index cannot wrap: tell the C compiler, which then
     * vectorizes the thread loop (see c_is_global_index). */
    c_line(e, "if (%s) {", c_fast_test(e, &k->body, "cuwa_ctx."));
    e->depth++;
    print_fast_loops(e, k);
    e->depth--;
    c_line(e, "} else {");
    e->depth++;
    print_thread_loops(e, k, "", "");
    e->depth--;
    c_line(e, "}");
  } else {
    print_thread_loops(e, k, "", "");
  }
  e->depth = 0;
  c_line(e, "}\n");
  if (dims) c_print_dims_dispatch(e, name);
}

static void print_kernel_desc(CEmit *e, const IrFunc *k, int scratch, bool checked) {
  int n = k->ordinal;
  bool sh = c_kernel_has_shared(e, k);
  if (k->param_count) {
    c_indent(e);
    strbuf_printf(e->o, "static const uint32_t cuwa_poff_%d[] = {", n);
    for (int i = 0; i < k->param_count; i++)
      strbuf_printf(e->o, "%s(uint32_t)offsetof(struct cuwa_params_%d, a%d)", i ? ", " : "", n, i);
    strbuf_puts(e->o, "};\n");
    strbuf_printf(e->o, "static const uint32_t cuwa_psize_%d[] = {", n);
    for (int i = 0; i < k->param_count; i++)
      strbuf_printf(e->o, "%s(uint32_t)sizeof(%s)", i ? ", " : "", c_type(e, k->params[i]));
    strbuf_puts(e->o, "};\n");
  }
  const char *ps = arena_printf(e->a, "struct cuwa_params_%d", n);
  c_line(e, "const CuwaKernelDesc cuwa_kernel_%s_%d = {", e->unit, n);
  c_line(e, "  %s, %d, cuwa_block_%s_%d,", c_string(e, k->name, (int)strlen(k->name)), n,
       c_sanitize(e->a, k->name), n);
  if (k->param_count)
    c_line(e, "  %d, cuwa_poff_%d, cuwa_psize_%d, (uint32_t)sizeof(%s), (uint32_t)_Alignof(%s),",
         k->param_count, n, n, ps, ps);
  else c_line(e, "  0, NULL, NULL, 0, 1,");
  if (sh) c_line(e, "  (uint32_t)sizeof(struct cuwa_shared_%d), %d,", n, scratch);
  else c_line(e, "  0, %d,", scratch);
  const char *path = e->m->source_path ? e->m->source_path : "";
  c_line(e, "  %s,", c_string(e, path, (int)strlen(path)));
  if (checked) c_line(e, "  cuwa_block_%s_%d_mc", c_sanitize(e->a, k->name), n);
  else c_line(e, "  NULL");
  c_line(e, "};\n");
}

/* ---- globals and the module ------------------------------------------------------ */

static bool is_registered_var(const IrGlobal *g) {
  return (g->space == IRS_GLOBAL || g->space == IRS_CONSTANT) && !g->is_internal;
}

static void print_globals(CEmit *e) {
  for (int i = 0; i < e->m->globals.len; i++) {
    const IrGlobal *g = e->m->globals.data[i];
    if (g->space == IRS_SHARED) continue;
    c_indent(e);
    strbuf_printf(e->o, "static union { %s v; uint8_t b[%d]; } cuwa_g%d", c_type(e, g->ty),
                  g->ty->size > 0 ? g->ty->size : 1, i);
    bool nonzero = false;
    for (int k = 0; g->init && k < g->ty->size; k++) nonzero |= g->init[k] != 0;
    if (nonzero) {
      strbuf_puts(e->o, " = {.b = {");
      for (int k = 0; k < g->ty->size; k++)
        strbuf_printf(e->o, "%s%u", k ? (k % 16 ? "," : ",\n    ") : "", g->init[k]);
      strbuf_puts(e->o, "}}");
    }
    strbuf_printf(e->o, ";  /* %s */\n", g->name);
    if (is_registered_var(g))
      c_line(e, "const CuwaVarDesc cuwa_var_%s_%s = {%s, &cuwa_g%d, %d, %s};", e->unit,
           c_sanitize(e->a, g->name), c_string(e, g->name, (int)strlen(g->name)), i, g->ty->size,
           g->space == IRS_CONSTANT ? "CUWA_VAR_CONSTANT"
           : g->is_managed          ? "CUWA_VAR_MANAGED"
                                    : "CUWA_VAR_DEVICE");
  }
  strbuf_putc(e->o, '\n');
}

static void print_module_desc(CEmit *e, bool checked) {
  int nk = 0, nv = 0;
  c_line(e, "static const CuwaKernelDesc *const cuwa_kernels[] = {");
  for (int i = 0; i < e->m->funcs.len; i++)
    if (e->m->funcs.data[i]->is_kernel)
      c_line(e, "  &cuwa_kernel_%s_%d,", e->unit, e->m->funcs.data[i]->ordinal), nk++;
  c_line(e, "  NULL};");
  c_line(e, "static const CuwaVarDesc *const cuwa_vars[] = {");
  for (int i = 0; i < e->m->globals.len; i++)
    if (is_registered_var(e->m->globals.data[i]))
      c_line(e, "  &cuwa_var_%s_%s,", e->unit, c_sanitize(e->a, e->m->globals.data[i]->name)), nv++;
  c_line(e, "  NULL};");
  const char *path = e->m->source_path ? e->m->source_path : "";
  /* Tentative definitions: the driver appends the WGSL and PTX texts as
   * the real definitions (kernel_abi.h, CuwaTargetCode). */
  c_line(e, "static const CuwaTargetCode cuwa_target_wgsl, cuwa_target_ptx;");
  c_line(e, "static const CuwaModuleDesc cuwa_module = {CUWA_ABI_VERSION, \"%s\", %s, %d, "
          "cuwa_kernels, %d, cuwa_vars, &cuwa_target_wgsl, &cuwa_target_ptx};",
       e->unit, c_string(e, path, (int)strlen(path)), nk, nv);
  c_line(e, "__attribute__((constructor)) static void cuwa_register_%s(void) {", e->unit);
  for (int i = 0; i < e->m->globals.len; i++) {
    const IrGlobal *g = e->m->globals.data[i];
    for (int r = 0; r < g->reloc_count; r++) {
      /* pointers to other globals in an initializer: fixed up at load */
      c_line(e, "  { char *p = (char *)&cuwa_g%u + %lld; memcpy((char *)&cuwa_g%d + %d, &p, "
              "sizeof p); }",
           g->relocs[r].target->id, (long long)g->relocs[r].addend, i, g->relocs[r].offset);
    }
  }
  for (int i = 0; checked && i < e->m->globals.len; i++) {
    const IrGlobal *g = e->m->globals.data[i];
    if (g->space != IRS_SHARED)
      c_line(e, "  cuwa_check_register_range(&cuwa_g%d, sizeof cuwa_g%d, %s);", i, i,
             c_str(e, g->name));
  }
  c_line(e, "  cuwa_register_module(&cuwa_module);");
  c_line(e, "}");
}

/* Device functions and kernels (the checked variant when e->check);
 * scratch[ordinal] gets the larger per-thread scratch of the variants. */
static void print_code(CEmit *e, int *scratch) {
  IrModule *m = e->m;
  for (int i = 0; i < m->funcs.len; i++) {
    const IrFunc *f = m->funcs.data[i];
    if (f->is_kernel && !e->check) print_kernel_structs(e, f);
    else if (!f->is_kernel && !f->uses_barrier) {  /* barrier users are inlined (c_lower.c) */
      e->f = f;
      print_device_signature(e, f);
      strbuf_puts(e->o, ";\n");
    }
  }
  strbuf_putc(e->o, '\n');
  for (int i = 0; i < m->funcs.len; i++)
    if (!m->funcs.data[i]->is_kernel && !m->funcs.data[i]->uses_barrier)
      print_device_func(e, m->funcs.data[i]);
  for (int i = 0; i < m->funcs.len; i++) {
    const IrFunc *k = m->funcs.data[i];
    if (!k->is_kernel) continue;
    e->scratch_bytes = 0;
    if (c_wants_fission(e, k)) {
      c_print_fission_kernel(e, k);
    } else {
      e->f = k;
      c_find_forwards(e, k);
      /* the checked variant runs slowly anyway: no small-grid variant */
      bool fast = !e->check && c_has_global_index(e, &k->body);
      e->known_if = fast ? find_known_if(e, k) : NULL;
      print_kernel_thread(e, k, false);
      if (fast) print_kernel_thread(e, k, true);
      print_kernel_block(e, k, fast);
    }
    if (e->scratch_bytes > scratch[k->ordinal]) scratch[k->ordinal] = e->scratch_bytes;
  }
}

bool c_emit_module(IrModule *m, const char *unit, Diag *d, StrBuf *out, bool checked) {
  Arena scratch;
  arena_init(&scratch);
  CEmit e = {.m = m, .d = d, .o = out, .a = &scratch, .sfx = ""};
  e.unit = c_sanitize(&scratch, unit);
  map_init(&e.type_names, &scratch);
  strbuf_printf(out, "/* generated by cuwa from %s: the CPU device code */\n",
                m->source_path ? m->source_path : "?");
  strbuf_puts(out, c_prelude);
  name_types(&e);
  analyze(&e);
  print_types(&e);
  print_globals(&e);
  int nk = 1;
  for (int i = 0; i < m->funcs.len; i++)
    if (m->funcs.data[i]->is_kernel && m->funcs.data[i]->ordinal >= nk)
      nk = m->funcs.data[i]->ordinal + 1;
  int *scratch_of = ARENA_ARRAY(&scratch, int, nk);
  print_code(&e, scratch_of);
  if (checked) {
    strbuf_puts(out, "/* ---- the checked variant (cuwa -G; docs/memcheck.md) ---- */\n");
    e.check = true;
    e.sfx = "_mc";
    print_code(&e, scratch_of);
    e.check = false;
    e.sfx = "";
  }
  for (int i = 0; i < m->funcs.len; i++)
    if (m->funcs.data[i]->is_kernel)
      print_kernel_desc(&e, m->funcs.data[i], scratch_of[m->funcs.data[i]->ordinal], checked);
  print_module_desc(&e, checked);
  arena_free(&scratch);
  return true;
}

bool c_emit(IrModule *m, const char *unit, Diag *d, StrBuf *out) {
  return c_emit_module(m, unit, d, out, false);
}
