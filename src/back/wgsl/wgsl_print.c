/* wgsl_print.c: prints a checked IR module as one WGSL module: metadata
 * comment lines for the runtime, the heap/uniform bindings, shared and
 * private memory arrays, typed load/store helpers per (type, space), one
 * WGSL function per IR function and one entry point cuwa_k<ordinal> per
 * kernel. It assumes wgsl_analyze accepted the module; it reports nothing. */
#include "wgsl_print.h"

#include <math.h>
#include <stdarg.h>
#include <stdio.h>
#include <string.h>

static const char *const XYZ[] = {"x", "y", "z"};

static void line(WgslPrinter *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void line(WgslPrinter *p, const char *fmt, ...) {
  for (int k = 0; k < p->indent; k++) strbuf_puts(p->o, "  ");
  va_list ap;
  va_start(ap, fmt);
  strbuf_vprintf(p->o, fmt, ap);
  va_end(ap);
  strbuf_putc(p->o, '\n');
}

/* ---- types ------------------------------------------------------------------ */

static const char *wty(WgslPrinter *p, const IrType *t) {
  switch (t->kind) {
  case IRT_VOID: return "void";
  case IRT_BOOL: return "bool";
  case IRT_I8: case IRT_I16: case IRT_I32: return "i32";
  case IRT_U8: case IRT_U16: case IRT_U32: case IRT_PTR: return "u32";
  case IRT_F32: return "f32";
  case IRT_ARRAY: return arena_printf(p->a, "array<%s, %d>", wty(p, t->elem), t->len);
  case IRT_STRUCT: return arena_printf(p->a, "S%u", t->id);
  default: ICE("type %d reached the WGSL printer", t->kind);
  }
}

/* A short unique name for t in helper names. */
static const char *tag(WgslPrinter *p, const IrType *t) {
  switch (t->kind) {
  case IRT_BOOL: return "b";
  case IRT_I8: return "i8";
  case IRT_U8: return "u8";
  case IRT_I16: return "i16";
  case IRT_U16: return "u16";
  case IRT_I32: return "i32";
  case IRT_U32: return "u32";
  case IRT_F32: return "f32";
  case IRT_PTR: return "p";
  case IRT_STRUCT: return arena_printf(p->a, "S%u", t->id);
  case IRT_ARRAY: return arena_printf(p->a, "A%d_%s", t->len, tag(p, t->elem));
  default: ICE("type %d reached the WGSL printer", t->kind);
  }
}

static bool is_signed_int(const IrType *t) {
  return t->kind == IRT_I8 || t->kind == IRT_I16 || t->kind == IRT_I32;
}

static bool is_unsigned_int(const IrType *t) {
  return t->kind == IRT_U8 || t->kind == IRT_U16 || t->kind == IRT_U32;
}

/* Sub-word integers live in i32/u32 and are kept in their range. */
static const char *narrow(WgslPrinter *p, const IrType *t, const char *e) {
  switch (t->kind) {
  case IRT_I8: return arena_printf(p->a, "extractBits(%s, 0u, 8u)", e);
  case IRT_I16: return arena_printf(p->a, "extractBits(%s, 0u, 16u)", e);
  case IRT_U8: return arena_printf(p->a, "(%s & 0xffu)", e);
  case IRT_U16: return arena_printf(p->a, "(%s & 0xffffu)", e);
  default: return e;
  }
}

/* ---- memory helpers ------------------------------------------------------------ */

static char space_letter(int space) {
  switch (space) {
  case WS_SHARED: return 's';
  case WS_LOCAL: return 'l';
  case 0:
  case WS_HEAP: return 'h';
  default: ICE("space %d", space);
  }
}

/* Word read/write/merge for space letter sp ('u' is the uniform buffer). */
static void need_words(WgslPrinter *p, char sp) {
  const char *key = arena_printf(p->a, "words_%c", sp);
  if (map_get(&p->done, key)) return;
  map_put(&p->done, key, (void *)key);
  StrBuf *h = &p->helpers;
  if (sp == 'u') {
    strbuf_puts(h, "fn cuwa_rw_u(a: u32) -> u32 { return cuwa_u[a >> 4u][(a >> 2u) & 3u]; }\n");
    return;
  }
  const char *arr = sp == 'h' ? "cuwa_heap" : sp == 's' ? "cuwa_shm" : "cuwa_lm";
  bool atomic = (sp == 'h' && p->w->heap_atomic) || (sp == 's' && p->w->shared_atomic);
  if (atomic) {
    strbuf_printf(h, "fn cuwa_rw_%c(a: u32) -> u32 { return atomicLoad(&%s[a >> 2u]); }\n", sp, arr);
    strbuf_printf(h, "fn cuwa_ww_%c(a: u32, v: u32) { atomicStore(&%s[a >> 2u], v); }\n", sp, arr);
    strbuf_printf(h,
                  "fn cuwa_wm_%c(a: u32, v: u32, m: u32) {\n"
                  "  atomicAnd(&%s[a >> 2u], ~(m & ~v));\n  atomicOr(&%s[a >> 2u], v & m);\n}\n",
                  sp, arr, arr);
  } else {
    strbuf_printf(h, "fn cuwa_rw_%c(a: u32) -> u32 { return %s[a >> 2u]; }\n", sp, arr);
    strbuf_printf(h, "fn cuwa_ww_%c(a: u32, v: u32) { %s[a >> 2u] = v; }\n", sp, arr);
    strbuf_printf(h,
                  "fn cuwa_wm_%c(a: u32, v: u32, m: u32) {\n"
                  "  let i = a >> 2u;\n  %s[i] = (%s[i] & ~m) | (v & m);\n}\n",
                  sp, arr, arr);
  }
}

static const char *need_load(WgslPrinter *p, const IrType *t, char sp);
static const char *need_store(WgslPrinter *p, const IrType *t, char sp);

/* The body expression of a scalar load from address a. */
static const char *scalar_load(WgslPrinter *p, const IrType *t, char sp) {
  const char *rw = arena_printf(p->a, "cuwa_rw_%c", sp);
  const char *sub = arena_printf(p->a, "%s(a & ~3u)", rw);
  switch (t->kind) {
  case IRT_I32: return arena_printf(p->a, "bitcast<i32>(%s(a))", rw);
  case IRT_U32: case IRT_PTR: return arena_printf(p->a, "%s(a)", rw);
  case IRT_F32: return arena_printf(p->a, "bitcast<f32>(%s(a))", rw);
  case IRT_U8: return arena_printf(p->a, "extractBits(%s, (a & 3u) * 8u, 8u)", sub);
  case IRT_I8: return arena_printf(p->a, "extractBits(bitcast<i32>(%s), (a & 3u) * 8u, 8u)", sub);
  case IRT_U16: return arena_printf(p->a, "extractBits(%s, (a & 2u) * 8u, 16u)", sub);
  case IRT_I16: return arena_printf(p->a, "extractBits(bitcast<i32>(%s), (a & 2u) * 8u, 16u)", sub);
  case IRT_BOOL: return arena_printf(p->a, "extractBits(%s, (a & 3u) * 8u, 8u) != 0u", sub);
  default: ICE("scalar load of %d", t->kind);
  }
}

/* The statements of a scalar store of v to address a. */
static const char *scalar_store(WgslPrinter *p, const IrType *t, char sp) {
  Arena *A = p->a;
  switch (t->kind) {
  case IRT_I32: case IRT_F32: return arena_printf(A, "cuwa_ww_%c(a, bitcast<u32>(v));", sp);
  case IRT_U32: return arena_printf(A, "cuwa_ww_%c(a, v);", sp);
  case IRT_PTR: return arena_printf(A, "cuwa_ww_%c(a, v); cuwa_ww_%c(a + 4u, 0u);", sp, sp);
  case IRT_U8: case IRT_I8: case IRT_BOOL: {
    const char *val = t->kind == IRT_BOOL ? "select(0u, 1u, v)"
                      : t->kind == IRT_I8 ? "(bitcast<u32>(v) & 0xffu)" : "(v & 0xffu)";
    return arena_printf(A, "let s = (a & 3u) * 8u; cuwa_wm_%c(a & ~3u, %s << s, 0xffu << s);", sp, val);
  }
  case IRT_U16: case IRT_I16: {
    const char *val = t->kind == IRT_I16 ? "(bitcast<u32>(v) & 0xffffu)" : "(v & 0xffffu)";
    return arena_printf(A, "let s = (a & 2u) * 8u; cuwa_wm_%c(a & ~3u, %s << s, 0xffffu << s);", sp, val);
  }
  default: ICE("scalar store of %d", t->kind);
  }
}

/* Prints (once) fn cuwa_ld_<tag>_<sp>(a: u32) -> T; returns its name. */
static const char *need_load(WgslPrinter *p, const IrType *t, char sp) {
  const char *name = arena_printf(p->a, "cuwa_ld_%s_%c", tag(p, t), sp);
  if (map_get(&p->done, name)) return name;
  map_put(&p->done, name, (void *)name);
  need_words(p, sp);
  StrBuf body = {0};
  if (t->kind == IRT_STRUCT) {
    strbuf_printf(&body, "  return %s(", wty(p, t));
    for (int k = 0; k < t->field_count; k++)
      strbuf_printf(&body, "%s%s(a + %du)", k ? ", " : "", need_load(p, t->fields[k].ty, sp),
                    t->fields[k].offset);
    strbuf_puts(&body, ");\n");
  } else if (t->kind == IRT_ARRAY) {
    strbuf_printf(&body, "  var r: %s;\n  for (var i = 0u; i < %du; i++) { r[i] = %s(a + i * %du); }\n"
                         "  return r;\n",
                  wty(p, t), t->len, need_load(p, t->elem, sp), t->elem->size);
  } else {
    strbuf_printf(&body, "  return %s;\n", scalar_load(p, t, sp));
  }
  strbuf_printf(&p->helpers, "fn %s(a: u32) -> %s {\n%s}\n", name, wty(p, t), body.data);
  strbuf_free(&body);
  return name;
}

/* Prints (once) fn cuwa_st_<tag>_<sp>(a: u32, v: T); returns its name. */
static const char *need_store(WgslPrinter *p, const IrType *t, char sp) {
  const char *name = arena_printf(p->a, "cuwa_st_%s_%c", tag(p, t), sp);
  if (map_get(&p->done, name)) return name;
  map_put(&p->done, name, (void *)name);
  need_words(p, sp);
  StrBuf body = {0};
  if (t->kind == IRT_STRUCT) {
    for (int k = 0; k < t->field_count; k++)
      strbuf_printf(&body, "  %s(a + %du, v.f%d);\n", need_store(p, t->fields[k].ty, sp),
                    t->fields[k].offset, k);
  } else if (t->kind == IRT_ARRAY) {
    strbuf_printf(&body, "  for (var i = 0u; i < %du; i++) { %s(a + i * %du, v[i]); }\n", t->len,
                  need_store(p, t->elem, sp), t->elem->size);
  } else {
    strbuf_printf(&body, "  %s\n", scalar_store(p, t, sp));
  }
  strbuf_printf(&p->helpers, "fn %s(a: u32, v: %s) {\n%s}\n", name, wty(p, t), body.data);
  strbuf_free(&body);
  return name;
}

/* ---- values ----------------------------------------------------------------- */

static const char *float_lit(WgslPrinter *p, double v) {
  float f = (float)v;
  if (isnan(f) || isinf(f)) {
    wgsl_need_helper(p, "cuwa_fbits");
    return isnan(f) ? "cuwa_fbits(0x7fc00000u)" : f > 0 ? "cuwa_fbits(0x7f800000u)" : "cuwa_fbits(0xff800000u)";
  }
  char buf[64];
  snprintf(buf, sizeof buf, "%.9g", (double)f);
  if (!strpbrk(buf, ".en")) strcat(buf, ".0");
  if (fabsf(f) < 1.17549435e-38f) { /* subnormals and -0: by bits */
    uint32_t bits;
    memcpy(&bits, &f, sizeof bits);
    if (bits) return arena_printf(p->a, "bitcast<f32>(%uu)", bits);
  }
  return arena_printf(p->a, "%sf", buf);
}

static const char *const_lit(WgslPrinter *p, const IrInst *i) {
  const IrType *t = i->ty;
  if (t->kind == IRT_BOOL) return i->imm ? "true" : "false";
  if (t->kind == IRT_F32) return arena_printf(p->a, "(%s)", float_lit(p, i->fimm));
  if (t->kind == IRT_PTR) return arena_printf(p->a, "%uu", (uint32_t)i->imm);
  if (is_unsigned_int(t)) return arena_printf(p->a, "%uu", (uint32_t)i->imm);
  if (is_signed_int(t)) {
    int32_t v = (int32_t)i->imm;
    if (v == INT32_MIN) return "(-2147483647i - 1i)";
    return arena_printf(p->a, v < 0 ? "(%di)" : "%di", v);
  }
  ICE("constant of type %d", t->kind);
}

static int local_address(WgslPrinter *p, const IrInst *local) {
  return wgsl_func_info(p->w, p->f)->frame_base + wgsl_inst(local)->offset;
}

/* The WGSL expression naming value v. */
static const char *val(WgslPrinter *p, const IrInst *v) {
  if (v->op == IR_LOCAL) {
    if (wgsl_inst(v)->flat) return arena_printf(p->a, "%du", local_address(p, v));
    return arena_printf(p->a, "l%u", v->id);
  }
  return arena_printf(p->a, "v%u", v->id);
}

static const char *space_of(const IrInst *ptr) {
  static const char letters[][2] = {"h", "s", "l"};
  char c = space_letter(wgsl_space_of(ptr));
  return c == 'h' ? letters[0] : c == 's' ? letters[1] : letters[2];
}

static const char *load_expr(WgslPrinter *p, const IrInst *i) {
  const IrInst *ptr = i->args[0];
  if (ptr->op == IR_LOCAL && !wgsl_inst(ptr)->flat) return val(p, ptr);
  return arena_printf(p->a, "%s(%s)", need_load(p, i->ty, space_of(ptr)[0]), val(p, ptr));
}

static void print_store(WgslPrinter *p, const IrInst *i) {
  const IrInst *ptr = i->args[0], *v = i->args[1];
  if (ptr->op == IR_LOCAL && !wgsl_inst(ptr)->flat) line(p, "%s = %s;", val(p, ptr), val(p, v));
  else line(p, "%s(%s, %s);", need_store(p, v->ty, space_of(ptr)[0]), val(p, ptr), val(p, v));
}

static const char *binary_expr(WgslPrinter *p, const IrInst *i) {
  const IrType *t = i->args[0]->ty;
  const char *a = val(p, i->args[0]), *b = val(p, i->args[1]);
  bool sgn = is_signed_int(t), flt = t->kind == IRT_F32, bl = t->kind == IRT_BOOL;
  const char *sfx = sgn ? "i32" : "u32", *op = NULL;
  switch (i->op) {
  case IR_ADD: op = "+"; break;
  case IR_SUB: op = "-"; break;
  case IR_MUL: op = "*"; break;
  case IR_AND: op = "&"; break;
  case IR_OR: op = "|"; break;
  case IR_XOR: op = bl ? "!=" : "^"; break;
  case IR_EQ: return arena_printf(p->a, "(%s == %s)", a, b);
  case IR_NE: return arena_printf(p->a, "(%s != %s)", a, b);
  case IR_LT: return arena_printf(p->a, "(%s < %s)", a, b);
  case IR_LE: return arena_printf(p->a, "(%s <= %s)", a, b);
  case IR_GT: return arena_printf(p->a, "(%s > %s)", a, b);
  case IR_GE: return arena_printf(p->a, "(%s >= %s)", a, b);
  case IR_DIV:
    if (flt) return arena_printf(p->a, "(%s / %s)", a, b);
    wgsl_need_helper(p, arena_printf(p->a, "cuwa_div_%s", sfx));
    return narrow(p, t, arena_printf(p->a, "cuwa_div_%s(%s, %s)", sfx, a, b));
  case IR_REM:
    if (flt) return (wgsl_need_helper(p, "cuwa_fmod"), arena_printf(p->a, "cuwa_fmod(%s, %s)", a, b));
    wgsl_need_helper(p, arena_printf(p->a, "cuwa_rem_%s", sfx));
    return narrow(p, t, arena_printf(p->a, "cuwa_rem_%s(%s, %s)", sfx, a, b));
  case IR_SHL: case IR_SHR: {
    const char *h = arena_printf(p->a, "cuwa_%s_%s", i->op == IR_SHL ? "shl" : "shr", sfx);
    wgsl_need_helper(p, h);
    return narrow(p, t, arena_printf(p->a, "%s(%s, %s)", h, a, b));
  }
  default: ICE("binary op %s", ir_op_name(i->op));
  }
  return narrow(p, t, arena_printf(p->a, "(%s %s %s)", a, op, b));
}

static const char *conv_expr(WgslPrinter *p, const IrType *to, const IrInst *x) {
  const IrType *from = x->ty;
  const char *v = val(p, x);
  bool fs = is_signed_int(from), fu = is_unsigned_int(from) || from->kind == IRT_PTR;
  if (to->kind == IRT_BOOL) {
    if (from->kind == IRT_BOOL) return v;
    return arena_printf(p->a, "(%s != %s)", v, from->kind == IRT_F32 ? "0.0f" : fs ? "0i" : "0u");
  }
  if (to->kind == IRT_F32) {
    if (from->kind == IRT_BOOL) return arena_printf(p->a, "select(0.0f, 1.0f, %s)", v);
    return from->kind == IRT_F32 ? v : arena_printf(p->a, "f32(%s)", v);
  }
  bool ts = is_signed_int(to);
  if (from->kind == IRT_BOOL) return arena_printf(p->a, ts ? "select(0i, 1i, %s)" : "select(0u, 1u, %s)", v);
  if (from->kind == IRT_F32) {
    static const char *const max[] = {[IRT_I8] = "127i", [IRT_I16] = "32767i", [IRT_U8] = "255u", [IRT_U16] = "65535u"};
    static const char *const min[] = {[IRT_I8] = "-128i", [IRT_I16] = "-32768i"};
    wgsl_need_helper(p, ts ? "cuwa_f2i" : "cuwa_f2u");
    const char *e = arena_printf(p->a, ts ? "cuwa_f2i(%s)" : "cuwa_f2u(%s)", v);
    if (to->kind == IRT_I8 || to->kind == IRT_I16) return arena_printf(p->a, "clamp(%s, %s, %s)", e, min[to->kind], max[to->kind]);
    if (to->kind == IRT_U8 || to->kind == IRT_U16) return arena_printf(p->a, "min(%s, %s)", e, max[to->kind]);
    return e;
  }
  const char *base = v;
  if (ts && fu) base = arena_printf(p->a, "bitcast<i32>(%s)", v);
  if (!ts && fs) base = arena_printf(p->a, "bitcast<u32>(%s)", v);
  if (to->kind == IRT_PTR) return base;
  if (to->size >= from->size && ts == fs) return base; /* widening, same signedness */
  return narrow(p, to, base);
}

static const char *intrinsic_expr(WgslPrinter *p, const IrInst *i) {
  const char *helper;
  const char *pat = wgsl_intrinsic_pattern(i->intrinsic, &helper);
  if (!pat) ICE("intrinsic %s", ir_intrinsic_name(i->intrinsic));
  if (helper) wgsl_need_helper(p, helper);
  StrBuf b = {0};
  for (const char *s = pat; *s; s++) {
    if (*s == '$' && s[1] >= '0' && s[1] <= '3' && s[1] - '0' < i->arg_count) {
      strbuf_puts(&b, val(p, i->args[s[1] - '0']));
      s++;
    } else {
      strbuf_putc(&b, *s);
    }
  }
  const char *r = arena_strdup(p->a, b.data ? b.data : "");
  strbuf_free(&b);
  return r;
}

static const char *call_expr(WgslPrinter *p, const IrInst *i) {
  StrBuf b = {0};
  strbuf_printf(&b, "cuwa_f%u(cb, ct", i->callee->id);
  for (int k = 0; k < i->arg_count; k++) strbuf_printf(&b, ", %s", val(p, i->args[k]));
  strbuf_putc(&b, ')');
  const char *r = arena_strdup(p->a, b.data);
  strbuf_free(&b);
  return r;
}

/* The expression of a value-producing instruction, or NULL for those that
 * print statements themselves. */
static const char *value_expr(WgslPrinter *p, const IrInst *i) {
  WgslInfo *w = p->w;
  switch (i->op) {
  case IR_CONST: return const_lit(p, i);
  case IR_UNDEF: return arena_printf(p->a, "%s()", wty(p, i->ty));
  case IR_PARAM:
    if (!p->f->is_kernel) return arena_printf(p->a, "p%d", (int)i->imm);
    return arena_printf(p->a, "%s(%du)", need_load(p, i->ty, 'u'),
                        WGSL_PARAM_BASE + wgsl_param_offset(p->f, (int)i->imm));
  case IR_GLOBAL:
    if (i->global->space == IRS_SHARED)
      return arena_printf(p->a, "%du", i->global->is_dynamic_shared ? w->shared_static : wgsl_global_offset(w, i->global));
    return arena_printf(p->a, "(cuwa_u[2].z + %du)", wgsl_global_offset(w, i->global));
  case IR_DYN_SHARED: return arena_printf(p->a, "%du", w->shared_static);
  case IR_LOAD: return load_expr(p, i);
  case IR_PTR_ADD:
    return arena_printf(p->a, "(%s + %s * %du)", val(p, i->args[0]),
                        conv_expr(p, ir_type_scalar(p->m, IRT_U32), i->args[1]), i->ty->elem->size);
  case IR_MEMBER_PTR:
    return arena_printf(p->a, "(%s + %du)", val(p, i->args[0]), i->args[0]->ty->elem->fields[i->field].offset);
  case IR_DECAY: case IR_PTR_CAST: return val(p, i->args[0]);
  case IR_ADD: case IR_SUB: case IR_MUL: case IR_DIV: case IR_REM: case IR_AND: case IR_OR:
  case IR_XOR: case IR_SHL: case IR_SHR: case IR_EQ: case IR_NE: case IR_LT: case IR_LE:
  case IR_GT: case IR_GE:
    return binary_expr(p, i);
  case IR_NEG:
    if (is_unsigned_int(i->ty)) return narrow(p, i->ty, arena_printf(p->a, "(0u - %s)", val(p, i->args[0])));
    return narrow(p, i->ty, arena_printf(p->a, "(-%s)", val(p, i->args[0])));
  case IR_NOT:
    if (i->ty->kind == IRT_BOOL) return arena_printf(p->a, "(!%s)", val(p, i->args[0]));
    return narrow(p, i->ty, arena_printf(p->a, "(~%s)", val(p, i->args[0])));
  case IR_CONV: return conv_expr(p, i->ty, i->args[0]);
  case IR_BITCAST: return arena_printf(p->a, "bitcast<%s>(%s)", wty(p, i->ty), val(p, i->args[0]));
  case IR_SELECT:
    return arena_printf(p->a, "select(%s, %s, %s)", val(p, i->args[2]), val(p, i->args[1]), val(p, i->args[0]));
  case IR_CALL: return call_expr(p, i);
  case IR_INTRINSIC: return intrinsic_expr(p, i);
  case IR_THREAD_IDX: return arena_printf(p->a, "ct.%s", XYZ[i->imm]);
  case IR_BLOCK_IDX: return arena_printf(p->a, "cb.%s", XYZ[i->imm]);
  case IR_BLOCK_DIM: return arena_printf(p->a, "cuwa_u[1].%s", XYZ[i->imm]);
  case IR_GRID_DIM: return arena_printf(p->a, "cuwa_u[0].%s", XYZ[i->imm]);
  default: return NULL;
  }
}

/* ---- statements --------------------------------------------------------------- */

static void print_block(WgslPrinter *p, const IrBlock *b);

static void print_zero_return(WgslPrinter *p) {
  if (p->f->ret->kind == IRT_VOID) line(p, "return;");
  else line(p, "return %s();", wty(p, p->f->ret));
}

static void print_switch(WgslPrinter *p, const IrInst *i) {
  line(p, "switch (%s) {", val(p, i->args[0]));
  p->indent++;
  bool has_default = false;
  StrBuf labels = {0};
  for (int k = 0; k < i->case_count; k++) {
    const IrCase *c = &i->cases[k];
    for (int j = 0; j < c->value_count; j++)
      strbuf_printf(&labels, "%s%s", labels.len ? ", " : "",
                    is_signed_int(i->args[0]->ty) ? arena_printf(p->a, "%di", (int32_t)c->values[j])
                                                  : arena_printf(p->a, "%uu", (uint32_t)c->values[j]));
    if (c->is_default) {
      strbuf_printf(&labels, "%sdefault", labels.len ? ", " : "");
      has_default = true;
    }
    if (c->falls_through && !c->body.first && k + 1 < i->case_count) continue; /* shared labels */
    if (labels.len) {
      line(p, "case %s: {", labels.data);
      p->indent++;
      /* fall through: the following cases' bodies, copied (WGSL has no
       * fallthrough; each copy has its own scope) */
      for (int j = k; j < i->case_count; j++) {
        print_block(p, &i->cases[j].body);
        if (!i->cases[j].falls_through || ir_block_terminates(&i->cases[j].body)) break;
      }
      p->indent--;
      line(p, "}");
    }
    labels.len = 0;
    if (labels.data) labels.data[0] = 0;
  }
  if (!has_default) line(p, "default: {}");
  strbuf_free(&labels);
  p->indent--;
  line(p, "}");
}

static void print_inst(WgslPrinter *p, const IrInst *i) {
  const char *e;
  switch (i->op) {
  case IR_STORE: print_store(p, i); return;
  case IR_IF:
    line(p, "if (%s) {", val(p, i->args[0]));
    p->indent++;
    print_block(p, &i->blocks[0]);
    p->indent--;
    if (i->blocks[1].first) {
      line(p, "} else {");
      p->indent++;
      print_block(p, &i->blocks[1]);
      p->indent--;
    }
    line(p, "}");
    return;
  case IR_LOOP:
    line(p, "loop {");
    p->indent++;
    print_block(p, &i->blocks[0]);
    if (i->blocks[1].first) {
      line(p, "continuing {");
      p->indent++;
      print_block(p, &i->blocks[1]);
      p->indent--;
      line(p, "}");
    }
    p->indent--;
    line(p, "}");
    return;
  case IR_SWITCH: print_switch(p, i); return;
  case IR_BREAK: line(p, "break;"); return;
  case IR_BREAK_IF: line(p, "break if %s;", val(p, i->args[0])); return;
  case IR_CONTINUE: line(p, "continue;"); return;
  case IR_RETURN:
    if (i->arg_count) line(p, "return %s;", val(p, i->args[0]));
    else line(p, "return;");
    return;
  case IR_BARRIER: line(p, "storageBarrier();"); line(p, "workgroupBarrier();"); return;
  case IR_TRAP:
    line(p, "cuwa_trap(cb, ct);");
    print_zero_return(p);
    return;
  default: break;
  }
  e = value_expr(p, i);
  if (!e) ICE("%s reached the WGSL printer", ir_op_name(i->op));
  if (i->ty->kind == IRT_VOID) {
    if (*e) line(p, "%s;", e);
  } else {
    line(p, "let v%u: %s = %s;", i->id, wty(p, i->ty), e);
  }
}

static void print_block(WgslPrinter *p, const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) print_inst(p, i);
}

/* ---- functions, entry points, module --------------------------------------------- */

static void print_func(WgslPrinter *p, const IrFunc *f) {
  p->f = f;
  StrBuf sig = {0};
  strbuf_printf(&sig, "// %s %s\nfn cuwa_f%u(cb: vec4<u32>, ct: vec3<u32>", f->is_kernel ? "kernel" : "function",
                f->name, f->id);
  if (!f->is_kernel)
    for (int k = 0; k < f->param_count; k++) strbuf_printf(&sig, ", p%d: %s", k, wty(p, f->params[k]));
  strbuf_puts(&sig, ")");
  if (f->ret->kind != IRT_VOID) strbuf_printf(&sig, " -> %s", wty(p, f->ret));
  line(p, "%s {", sig.data);
  strbuf_free(&sig);
  p->indent = 1;
  for (int k = 0; k < f->local_count; k++) {
    const IrInst *l = f->locals[k];
    if (wgsl_inst(l)->flat) continue;
    line(p, "var l%u: %s; // %s", l->id, wty(p, l->ty->elem), l->str ? l->str : "");
  }
  print_block(p, &f->body);
  if (f->ret->kind != IRT_VOID && !ir_block_terminates(&f->body)) print_zero_return(p);
  p->indent = 0;
  line(p, "}");
}

/* One entry point per kernel: workgroups -> (block, chunk of threads). A
 * block larger than the workgroup runs as several workgroups ("chunks"),
 * which only kernels without barriers allow (the runtime checks). */
static void print_entry(WgslPrinter *p, const IrFunc *k) {
  line(p, "@compute @workgroup_size(cuwa_wg)");
  line(p, "fn cuwa_k%d(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,", k->ordinal);
  line(p, "           @builtin(local_invocation_index) li: u32) {");
  line(p, "  _ = &cuwa_shm;  // every entry point declares the override cuwa_dyn_words");
  line(p, "  let lin = wid.x + wid.y * nwg.x;");
  line(p, "  if (lin >= cuwa_u[2].y) { return; }");
  line(p, "  let chunks = cuwa_u[2].x;");
  line(p, "  let bl = lin / chunks;");
  line(p, "  let t = (lin %% chunks) * cuwa_wg + li;");
  line(p, "  let g = cuwa_u[0].xyz;");
  line(p, "  let bd = cuwa_u[1].xyz;");
  if (!k->uses_barrier) line(p, "  if (t >= bd.x * bd.y * bd.z) { return; }");
  line(p, "  let cb = vec4<u32>(bl %% g.x, (bl / g.x) %% g.y, bl / (g.x * g.y), 0u);");
  line(p, "  let ct = vec3<u32>(t %% bd.x, (t / bd.x) %% bd.y, t / (bd.x * bd.y));");
  line(p, "  cuwa_f%u(cb, ct);", k->id);
  line(p, "}");
}

static void print_header(WgslPrinter *p, const char *unit, StrBuf *out) {
  WgslInfo *w = p->w;
  IrModule *m = p->m;
  strbuf_printf(out, "// cuwa-wgsl 1 unit=%s source=%s\n", unit, m->source_path ? m->source_path : "");
  strbuf_printf(out, "// cuwa-module globals=%d shared=%d local=%d uniform=%d trap=%d\n",
                w->globals_size, w->shared_static, w->local_size, w->uniform_vec4s * 16, w->uses_trap);
  for (int k = 0; k < m->globals.len; k++) {
    IrGlobal *g = m->globals.data[k];
    if (g->space != IRS_SHARED) strbuf_printf(out, "// cuwa-var %s %d %d\n", g->name, wgsl_global_offset(w, g), g->ty->size);
  }
  for (int k = 0; k < m->funcs.len; k++) {
    IrFunc *f = m->funcs.data[k];
    if (f->is_kernel) strbuf_printf(out, "// cuwa-kernel %d %s barrier=%d\n", f->ordinal, f->name, f->uses_barrier);
  }
  strbuf_printf(out, "\n@group(0) @binding(0) var<storage, read_write> cuwa_heap: array<%s>;\n",
                w->heap_atomic ? "atomic<u32>" : "u32");
  strbuf_printf(out, "@group(0) @binding(1) var<uniform> cuwa_u: array<vec4<u32>, %d>;\n", w->uniform_vec4s);
  strbuf_puts(out, "override cuwa_wg: u32 = 64u;        // invocations per workgroup\n");
  strbuf_puts(out, "override cuwa_dyn_words: u32 = 0u;  // dynamic shared memory, in words\n");
  strbuf_printf(out, "var<workgroup> cuwa_shm: array<%s, %du + cuwa_dyn_words>;\n",
                w->shared_atomic ? "atomic<u32>" : "u32", w->shared_static / 4);
  if (w->local_size) strbuf_printf(out, "var<private> cuwa_lm: array<u32, %d>;\n", w->local_size / 4);
  for (int k = 0; k < m->structs.len; k++) {
    const IrType *t = m->structs.data[k];
    strbuf_printf(out, "struct %s { // %s\n", wty(p, t), t->name);
    for (int j = 0; j < t->field_count; j++) strbuf_printf(out, "  f%d: %s,\n", j, wty(p, t->fields[j].ty));
    strbuf_puts(out, "}\n");
  }
}

/* A failed assert: the first one records where (words 0..7 of the heap,
 * which no allocation uses) and the launch reports cudaErrorAssert. */
static const char trap_fn[] =
    "fn cuwa_trap(cb: vec4<u32>, ct: vec3<u32>) {\n"
    "  cuwa_ww_h(4u, cb.x); cuwa_ww_h(8u, cb.y); cuwa_ww_h(12u, cb.z);\n"
    "  cuwa_ww_h(16u, ct.x); cuwa_ww_h(20u, ct.y); cuwa_ww_h(24u, ct.z);\n"
    "  cuwa_ww_h(0u, 1u);\n}\n";

bool wgsl_emit(IrModule *m, const char *unit, Diag *d, StrBuf *out) {
  WgslInfo w;
  if (!wgsl_analyze(m, d, &w)) return false;
  WgslPrinter p = {.w = &w, .m = m, .a = m->arena};
  map_init(&p.done, m->arena);
  StrBuf body = {0};
  p.o = &body;
  for (int k = 0; k < m->funcs.len; k++) print_func(&p, m->funcs.data[k]);
  for (int k = 0; k < m->funcs.len; k++)
    if (m->funcs.data[k]->is_kernel) print_entry(&p, m->funcs.data[k]);
  if (w.uses_trap) {
    need_words(&p, 'h');
    strbuf_puts(&p.helpers, trap_fn);
  }
  print_header(&p, unit, out);
  strbuf_puts(out, "\n");
  if (p.helpers.data) strbuf_puts(out, p.helpers.data);
  strbuf_puts(out, "\n");
  if (body.data) strbuf_puts(out, body.data);
  strbuf_free(&body);
  strbuf_free(&p.helpers);
  return true;
}
