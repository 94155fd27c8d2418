/* wgsl_print.c: prints a checked IR module as one WGSL module: metadata
 * comment lines for the runtime, the heap/uniform bindings, shared and
 * private memory arrays, typed load/store helpers per (type, space), one
 * WGSL function per IR function and one entry point cuwa_k<ordinal> per
 * kernel; collective functions and kernels also get a coarse variant
 * (_vt: several CUDA threads per invocation, for blocks larger than the
 * adapter's workgroups). It assumes wgsl_analyze accepted the module; it
 * reports nothing. */
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

/* Coarse printing: per-thread statements go inside a loop over the
 * invocation's CUDA threads, opened on the first and closed before the
 * next block-level statement (a barrier, a collective, uniform control
 * flow). Without p->vt both are no-ops, so line placement is unchanged. */
static void vt_thread(WgslPrinter *p) {
  if (!p->vt || p->vt_open) return;
  line(p, "for (var s = 0u; s < cuwa_vt; s++) {");
  p->indent++;
  line(p, "let t = s * cuwa_wg + li;");
  line(p, "let ct = cuwa_vct(t);");
  p->vt_open = true;
}

static void vt_block(WgslPrinter *p) {
  if (!p->vt_open) return;
  p->indent--;
  line(p, "}");
  p->vt_open = false;
}

/* A per-thread line, and a block-level one. */
static void tline(WgslPrinter *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void tline(WgslPrinter *p, const char *fmt, ...) {
  vt_thread(p);
  for (int k = 0; k < p->indent; k++) strbuf_puts(p->o, "  ");
  va_list ap;
  va_start(ap, fmt);
  strbuf_vprintf(p->o, fmt, ap);
  va_end(ap);
  strbuf_putc(p->o, '\n');
}

static void bline(WgslPrinter *p, const char *fmt, ...) __attribute__((format(printf, 2, 3)));
static void bline(WgslPrinter *p, const char *fmt, ...) {
  vt_block(p);
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
  case IRT_I64: case IRT_U64: return "vec2<u32>"; /* (low, high) */
  case IRT_F64: return "vec2<u32>";  /* only printed (printf): its bits */
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
  case IRT_I64: return "i64";
  case IRT_U64: return "u64";
  case IRT_F64: return "f64";
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

static bool is_int64(const IrType *t) { return t->kind == IRT_I64 || t->kind == IRT_U64; }

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
  case WS_GENERIC: return 'g';
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
  if (sp == 'g') { /* by the address: local, shared or heap */
    bool local = p->w->local_size > 0;
    need_words(p, 'h');
    need_words(p, 's');
    if (local) need_words(p, 'l');
    const char *l1 = local ? "  if (a >= 0xfff80000u) { return cuwa_rw_l(a); }\n" : "";
    const char *l2 = local ? "  if (a >= 0xfff80000u) { cuwa_ww_l(a, v); return; }\n" : "";
    const char *l3 = local ? "  if (a >= 0xfff80000u) { cuwa_wm_l(a, v, m); return; }\n" : "";
    strbuf_printf(h, "fn cuwa_rw_g(a: u32) -> u32 {\n%s"
                     "  if (a >= 0xfff00000u) { return cuwa_rw_s(a); }\n  return cuwa_rw_h(a);\n}\n", l1);
    strbuf_printf(h, "fn cuwa_ww_g(a: u32, v: u32) {\n%s"
                     "  if (a >= 0xfff00000u) { cuwa_ww_s(a, v); return; }\n  cuwa_ww_h(a, v);\n}\n", l2);
    strbuf_printf(h, "fn cuwa_wm_g(a: u32, v: u32, m: u32) {\n%s"
                     "  if (a >= 0xfff00000u) { cuwa_wm_s(a, v, m); return; }\n  cuwa_wm_h(a, v, m);\n}\n", l3);
    return;
  }
  const char *arr = sp == 'h' ? "cuwa_heap" : sp == 's' ? "cuwa_shm" : "cuwa_lm";
  /* shared and local addresses carry their space in the high bits */
  const char *ix = sp == 'h' ? "a >> 2u" : "(a & 0x7ffffu) >> 2u";
  bool atomic = (sp == 'h' && p->w->heap_atomic) || (sp == 's' && p->w->shared_atomic);
  if (atomic) {
    strbuf_printf(h, "fn cuwa_rw_%c(a: u32) -> u32 { return atomicLoad(&%s[%s]); }\n", sp, arr, ix);
    strbuf_printf(h, "fn cuwa_ww_%c(a: u32, v: u32) { atomicStore(&%s[%s], v); }\n", sp, arr, ix);
    strbuf_printf(h,
                  "fn cuwa_wm_%c(a: u32, v: u32, m: u32) {\n"
                  "  atomicAnd(&%s[%s], ~(m & ~v));\n  atomicOr(&%s[%s], v & m);\n}\n",
                  sp, arr, ix, arr, ix);
  } else {
    strbuf_printf(h, "fn cuwa_rw_%c(a: u32) -> u32 { return %s[%s]; }\n", sp, arr, ix);
    strbuf_printf(h, "fn cuwa_ww_%c(a: u32, v: u32) { %s[%s] = v; }\n", sp, arr, ix);
    strbuf_printf(h,
                  "fn cuwa_wm_%c(a: u32, v: u32, m: u32) {\n"
                  "  let i = %s;\n  %s[i] = (%s[i] & ~m) | (v & m);\n}\n",
                  sp, ix, arr, arr);
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
  case IRT_I64: case IRT_U64: case IRT_F64: return arena_printf(p->a, "vec2<u32>(%s(a), %s(a + 4u))", rw, rw);
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
  case IRT_I64: case IRT_U64: case IRT_F64:
    return arena_printf(A, "cuwa_ww_%c(a, v.x); cuwa_ww_%c(a + 4u, v.y);", sp, sp);
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
  strbuf_printf(&p->helpers, "fn %s(a: u32, v: %s) {\n%s}\n", name, wty(p, t), body.data ? body.data : "");
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
  if (is_int64(t))
    return arena_printf(p->a, "vec2<u32>(%uu, %uu)", (uint32_t)i->imm, (uint32_t)((uint64_t)i->imm >> 32));
  if (t->kind == IRT_F64) { /* a printf argument: its bits */
    uint64_t b;
    memcpy(&b, &i->fimm, sizeof b);
    return arena_printf(p->a, "vec2<u32>(%uu, %uu)", (uint32_t)b, (uint32_t)(b >> 32));
  }
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
  bool arr = p->vt && p->arr[v->id];
  if (v->op == IR_LOCAL) {
    /* coarse: each CUDA thread of the invocation has its copy of cuwa_lm */
    if (wgsl_inst(v)->flat && p->vt)
      return arena_printf(p->a, "(%uu + s * %du)", WGSL_LOCAL_BASE + local_address(p, v), p->w->local_size);
    if (wgsl_inst(v)->flat) return arena_printf(p->a, "%uu", WGSL_LOCAL_BASE + local_address(p, v));
    return arena_printf(p->a, arr ? "l%u[s]" : "l%u", v->id);
  }
  return arena_printf(p->a, arr ? "v%u[s]" : "v%u", v->id);
}

static const char *space_of(const IrInst *ptr) {
  static const char letters[][2] = {"h", "s", "l", "g"};
  char c = space_letter(wgsl_space_of(ptr));
  return c == 'h' ? letters[0] : c == 's' ? letters[1] : c == 'l' ? letters[2] : letters[3];
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

/* 64-bit integers on vec2<u32>: helpers of wgsl_helpers.c. */
static const char *binary64_expr(WgslPrinter *p, const IrInst *i, const char *a, const char *b) {
  bool sgn = i->args[0]->ty->kind == IRT_I64;
  const char *s = sgn ? "s" : "u", *fn = NULL;
  wgsl_need_helper(p, "cuwa_i64");
  switch (i->op) {
  case IR_ADD: fn = "cuwa_add64"; break;
  case IR_SUB: fn = "cuwa_sub64"; break;
  case IR_MUL: fn = "cuwa_mul64"; break;
  case IR_AND: return arena_printf(p->a, "(%s & %s)", a, b);
  case IR_OR: return arena_printf(p->a, "(%s | %s)", a, b);
  case IR_XOR: return arena_printf(p->a, "(%s ^ %s)", a, b);
  case IR_EQ: return arena_printf(p->a, "all(%s == %s)", a, b);
  case IR_NE: return arena_printf(p->a, "any(%s != %s)", a, b);
  case IR_LT: return arena_printf(p->a, "cuwa_lt64%s(%s, %s)", s, a, b);
  case IR_GT: return arena_printf(p->a, "cuwa_lt64%s(%s, %s)", s, b, a);
  case IR_LE: return arena_printf(p->a, "(!cuwa_lt64%s(%s, %s))", s, b, a);
  case IR_GE: return arena_printf(p->a, "(!cuwa_lt64%s(%s, %s))", s, a, b);
  case IR_SHL: fn = "cuwa_shl64"; break;
  case IR_SHR: fn = sgn ? "cuwa_shr64s" : "cuwa_shr64u"; break;
  case IR_DIV: case IR_REM:
    wgsl_need_helper(p, "cuwa_divrem64");
    fn = arena_printf(p->a, "cuwa_%s%s64", s, i->op == IR_DIV ? "div" : "rem");
    break;
  default: ICE("binary op %s", ir_op_name(i->op));
  }
  return arena_printf(p->a, "%s(%s, %s)", fn, a, b);
}

static const char *binary_expr(WgslPrinter *p, const IrInst *i) {
  const IrType *t = i->args[0]->ty;
  const char *a = val(p, i->args[0]), *b = val(p, i->args[1]);
  if (is_int64(t)) return binary64_expr(p, i, a, b);
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

/* Conversions from or to 64-bit integers. */
static const char *conv64_expr(WgslPrinter *p, const IrType *to, const IrType *from, const char *v) {
  wgsl_need_helper(p, "cuwa_i64");
  if (is_int64(from)) {
    if (is_int64(to)) return v;
    if (to->kind == IRT_BOOL) return arena_printf(p->a, "any(%s != vec2<u32>(0u))", v);
    if (to->kind == IRT_F32) {
      wgsl_need_helper(p, "cuwa_f64conv");
      return arena_printf(p->a, "cuwa_%s64tof(%s)", from->kind == IRT_I64 ? "i" : "u", v);
    }
    const char *lo = arena_printf(p->a, "%s.x", v);
    if (to->kind == IRT_PTR || is_unsigned_int(to)) return narrow(p, to, lo);
    return narrow(p, to, arena_printf(p->a, "bitcast<i32>(%s)", lo));
  }
  if (from->kind == IRT_BOOL) return arena_printf(p->a, "vec2<u32>(select(0u, 1u, %s), 0u)", v);
  if (from->kind == IRT_F32) {
    wgsl_need_helper(p, "cuwa_f64conv");
    return arena_printf(p->a, "cuwa_f2%s64(%s)", to->kind == IRT_I64 ? "i" : "u", v);
  }
  if (is_signed_int(from)) return arena_printf(p->a, "cuwa_sext(%s)", v);
  return arena_printf(p->a, "vec2<u32>(%s, 0u)", v); /* unsigned, pointers */
}

static const char *conv_expr(WgslPrinter *p, const IrType *to, const IrInst *x) {
  const IrType *from = x->ty;
  const char *v = val(p, x);
  if (to->kind == IRT_F64) return arena_printf(p->a, "vec2<u32>(bitcast<u32>(%s), 0u)", v); /* printf */
  if (is_int64(to) || is_int64(from)) return conv64_expr(p, to, from, v);
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
  if (wgsl_is_collective_intrinsic(i->intrinsic)) {
    const char *args[4] = {0}, *pred_out;
    for (int k = 0; k < i->arg_count && k < 4; k++) args[k] = val(p, i->args[k]);
    return wgsl_warp_expr(p, i, args, p->pred_level ? "cur" : "true", &pred_out);
  }
  if (ir_intrinsic_class(i->intrinsic) == INC_ATOMIC) {
    const char *args[4] = {0};
    for (int k = 0; k < i->arg_count && k < 4; k++) args[k] = val(p, i->args[k]);
    return wgsl_atomic_expr(p, i, space_of(i->args[0])[0], args);
  }
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
  if (wgsl_func_info(p->w, i->callee)->collective) strbuf_puts(&b, p->pred_level ? ", cur" : ", true");
  for (int k = 0; k < i->arg_count; k++) strbuf_printf(&b, ", %s", val(p, i->args[k]));
  strbuf_putc(&b, ')');
  const char *r = arena_strdup(p->a, b.data);
  strbuf_free(&b);
  return r;
}

/* A string literal (printf's format and %s arguments): an id into the
 * table of "// cuwa-string" lines the runtime reads. */
static const char *string_id(WgslPrinter *p, const IrInst *i) {
  int id = p->nstrings++;
  strbuf_printf(&p->strings, "// cuwa-string %d ", id);
  for (int k = 0; k + 1 < i->str_len; k++) strbuf_printf(&p->strings, "%02x", (unsigned char)i->str[k]);
  strbuf_puts(&p->strings, "\n");
  return arena_printf(p->a, "%du", id);
}

/* The tag and (low, high) words of printf argument a named v. */
static void printf_arg(WgslPrinter *p, const IrInst *a, const char *v, int *tag, const char **lo,
                       const char **hi) {
  *hi = "0u";
  *lo = v;
  switch (a->ty->kind) {
  case IRT_BOOL: *tag = WP_I32; *lo = arena_printf(p->a, "select(0u, 1u, %s)", v); return;
  case IRT_I8: case IRT_I16: case IRT_I32: *tag = WP_I32; *lo = arena_printf(p->a, "bitcast<u32>(%s)", v); return;
  case IRT_U8: case IRT_U16: case IRT_U32: *tag = WP_U32; return;
  case IRT_F32: *tag = WP_F32; *lo = arena_printf(p->a, "bitcast<u32>(%s)", v); return;
  case IRT_PTR: *tag = a->op == IR_STRING ? WP_STRING : WP_PTR; return;
  case IRT_I64: case IRT_U64: case IRT_F64:
    *tag = a->ty->kind == IRT_I64 ? WP_I64 : a->ty->kind == IRT_U64 ? WP_U64 : WP_F64;
    if (a->op == IR_CONV && a->args[0]->ty->kind == IRT_F32) *tag = WP_F32; /* promoted float */
    *lo = arena_printf(p->a, "%s.x", v);
    *hi = arena_printf(p->a, "%s.y", v);
    return;
  default: ICE("printf argument of type %d", a->ty->kind);
  }
}

/* printf: a helper per call site appends one record to the buffer. */
static const char *printf_expr(WgslPrinter *p, const IrInst *i) {
  int n = i->arg_count - 1, words = 1 + 3 * n, site = p->nprintfs++;
  StrBuf h = {0}, call = {0};
  strbuf_printf(&h, "fn cuwa_printf%d(f: u32", site);
  strbuf_printf(&call, "cuwa_printf%d(%s", site, val(p, i->args[0]));
  for (int k = 1; k <= n; k++) {
    strbuf_printf(&h, ", a%d: %s", k, wty(p, i->args[k]->ty));
    strbuf_printf(&call, ", %s", val(p, i->args[k]));
  }
  strbuf_printf(&h, ") -> i32 {\n  let b = cuwa_u[2].w >> 2u;\n  let at = atomicAdd(&cuwa_heap[b], %du);\n"
                    "  if (b != 0u && at + %du < %du) {\n    let r = b + 1u + at;\n"
                    "    atomicStore(&cuwa_heap[r], (f << 8u) | %du);\n",
                words, words, WGSL_PRINTF_BYTES / 4, n);
  for (int k = 1; k <= n; k++) {
    int tag;
    const char *lo, *hi;
    printf_arg(p, i->args[k], arena_printf(p->a, "a%d", k), &tag, &lo, &hi);
    strbuf_printf(&h, "    atomicStore(&cuwa_heap[r + %du], %du);\n", 3 * k - 2, tag);
    strbuf_printf(&h, "    atomicStore(&cuwa_heap[r + %du], %s);\n", 3 * k - 1, lo);
    strbuf_printf(&h, "    atomicStore(&cuwa_heap[r + %du], %s);\n", 3 * k, hi);
  }
  strbuf_printf(&h, "  }\n  return %di;\n}\n", n);
  strbuf_puts(&p->helpers, h.data);
  strbuf_putc(&call, ')');
  const char *r = arena_strdup(p->a, call.data);
  strbuf_free(&h);
  strbuf_free(&call);
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
    if (!p->f->is_kernel) return arena_printf(p->a, p->vt ? "p%d[s]" : "p%d", (int)i->imm);
    return arena_printf(p->a, "%s(%du)", need_load(p, i->ty, 'u'),
                        WGSL_PARAM_BASE + wgsl_param_offset(p->f, (int)i->imm));
  case IR_GLOBAL:
    if (i->global->space == IRS_SHARED)
      return arena_printf(p->a, "%uu", WGSL_SHARED_BASE + (unsigned)(i->global->is_dynamic_shared
                                                                      ? w->shared_static
                                                                      : wgsl_global_offset(w, i->global)));
    return arena_printf(p->a, "(cuwa_u[2].z + %du)", wgsl_global_offset(w, i->global));
  case IR_DYN_SHARED: return arena_printf(p->a, "%uu", WGSL_SHARED_BASE + (unsigned)w->shared_static);
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
    if (is_int64(i->ty)) return (wgsl_need_helper(p, "cuwa_i64"), arena_printf(p->a, "cuwa_neg64(%s)", val(p, i->args[0])));
    if (is_unsigned_int(i->ty)) return narrow(p, i->ty, arena_printf(p->a, "(0u - %s)", val(p, i->args[0])));
    return narrow(p, i->ty, arena_printf(p->a, "(-%s)", val(p, i->args[0])));
  case IR_NOT:
    if (i->ty->kind == IRT_BOOL) return arena_printf(p->a, "(!%s)", val(p, i->args[0]));
    return narrow(p, i->ty, arena_printf(p->a, "(~%s)", val(p, i->args[0])));
  case IR_CONV: return conv_expr(p, i->ty, i->args[0]);
  case IR_BITCAST:
    if (is_int64(i->ty)) return val(p, i->args[0]); /* i64 <-> u64 */
    return arena_printf(p->a, "bitcast<%s>(%s)", wty(p, i->ty), val(p, i->args[0]));
  case IR_PTR_DIFF: /* u32 offsets: the difference fits in 32 bits */
    wgsl_need_helper(p, "cuwa_i64");
    return arena_printf(p->a, "cuwa_sext(bitcast<i32>(%s - %s) / %di)", val(p, i->args[0]), val(p, i->args[1]),
                        i->args[0]->ty->elem->size ? i->args[0]->ty->elem->size : 1);
  case IR_PTR_TO_INT: return conv_expr(p, i->ty, i->args[0]);
  case IR_INT_TO_PTR: return conv_expr(p, i->ty, i->args[0]);
  case IR_SELECT:
    return arena_printf(p->a, "select(%s, %s, %s)", val(p, i->args[2]), val(p, i->args[1]), val(p, i->args[0]));
  case IR_CALL: return call_expr(p, i);
  case IR_INTRINSIC: return intrinsic_expr(p, i);
  case IR_STRING: return string_id(p, i);
  case IR_PRINTF: return printf_expr(p, i);
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
    p->plain_depth += p->pred; /* a return inside breaks out (print_plain) */
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
    if (p->pred && --p->plain_depth > 0) line(p, "if (!%s) { break; }", p->alive);
    return;
  case IR_SWITCH:
    p->plain_depth += p->pred;
    print_switch(p, i);
    if (p->pred && --p->plain_depth > 0) line(p, "if (!%s) { break; }", p->alive);
    return;
  case IR_BREAK: line(p, "break;"); return;
  case IR_BREAK_IF: line(p, "break if %s;", val(p, i->args[0])); return;
  case IR_CONTINUE: line(p, "continue;"); return;
  case IR_RETURN:
    if (p->pred) { /* inside a plain loop or switch of a predicated function */
      if (i->arg_count) line(p, "%s = %s;", p->rv, val(p, i->args[0]));
      line(p, "%s = false; %s = false; break;", p->alive, p->cur);
      return;
    }
    if (i->arg_count) line(p, "return %s;", val(p, i->args[0]));
    else line(p, "return;");
    return;
  case IR_BARRIER: line(p, "storageBarrier();"); line(p, "workgroupBarrier();"); return;
  case IR_TRAP:
    line(p, "cuwa_trap(cb, ct);");
    if (p->pred) line(p, "%s = false; %s = false; break;", p->alive, p->cur);
    else print_zero_return(p);
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

static void print_pred_inst(WgslPrinter *p, const IrInst *i);
static bool vt_exit_per_thread(WgslPrinter *p, const IrBlock *b, bool under_arr);

static void print_block(WgslPrinter *p, const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) {
    if (p->pred_level) print_pred_inst(p, i);
    else print_inst(p, i);
  }
}

/* ---- predicated printing (collective functions, wgsl_pred.c) ------------------ *
 * Every invocation walks the whole function; `cur` says whether its CUDA
 * thread is executing here, `alive` whether it has not returned. Values
 * are function-scope vars; pure ones are computed by all invocations,
 * memory accesses and calls only where cur holds. Uniform ifs, loops and
 * switches stay WGSL control flow; divergent ifs become flag updates. */

static const char *new_flag(WgslPrinter *p, char kind) {
  const char *n = arena_printf(p->a, "cuwa_%c%d", kind, p->temps++);
  strbuf_printf(p->decls, p->vt ? "  var %s: array<bool, cuwa_vt>;\n" : "  var %s: bool;\n", n);
  return p->vt ? arena_printf(p->a, "%s[s]", n) : n;
}

/* A construct printed as ordinary WGSL, for the invocations that are here. */
static void print_plain(WgslPrinter *p, const IrInst *i) {
  tline(p, "if (%s) {", p->cur);
  p->indent++;
  p->pred_level = false;
  print_inst(p, i);
  p->pred_level = true;
  p->indent--;
  line(p, "}");
}

static void print_pred_if(WgslPrinter *p, const IrInst *i) {
  const char *c = val(p, i->args[0]);
  if (wgsl_func_info(p->w, p->f)->uniform[i->id] && !(p->vt && p->arr[i->args[0]->id])) {
    bline(p, "if (%s) {", c);
    p->indent++;
    print_block(p, &i->blocks[0]);
    vt_block(p);
    p->indent--;
    line(p, "} else {");
    p->indent++;
    print_block(p, &i->blocks[1]);
    vt_block(p);
    p->indent--;
    line(p, "}");
    return;
  }
  const char *pk = new_flag(p, 'p'), *tk = new_flag(p, 't'), *cur = p->cur;
  tline(p, "%s = %s;", pk, cur);
  tline(p, "%s = %s && %s;", cur, pk, c);
  p->pred_ifs++;
  print_block(p, &i->blocks[0]);
  tline(p, "%s = %s;", tk, cur);
  tline(p, "%s = %s && !%s;", cur, pk, val(p, i->args[0]));
  print_block(p, &i->blocks[1]);
  p->pred_ifs--;
  tline(p, "%s = %s || %s;", cur, cur, tk);
}

static void push_frame(WgslPrinter *p, char kind, const char *flag) {
  if (p->nframes == (int)(sizeof p->frames / sizeof p->frames[0])) ICE("loops nested too deeply");
  p->frames[p->nframes++] = (struct WgslFrame){kind, flag, p->pred_ifs};
}

/* A loop with a collective. Uniform (ir_uniform_analyze): a WGSL loop,
 * threads that continue are switched off until the continuing block.
 * Otherwise voted: each iteration starts with a block-wide vote (through
 * workgroupUniformLoad) whether any thread is still in the loop; threads
 * that left wait switched off. */
static void print_pred_loop(WgslPrinter *p, const IrInst *i) {
  bool uniform = wgsl_func_info(p->w, p->f)->uniform[i->id];
  if (p->vt && uniform && (vt_exit_per_thread(p, &i->blocks[0], false) || vt_exit_per_thread(p, &i->blocks[1], false)))
    uniform = false;
  const char *lk = new_flag(p, 'l'), *in = NULL, *cur = p->cur, *alive = p->alive;
  tline(p, "%s = %s;", lk, cur);
  if (!uniform) {
    wgsl_need_warp(p);
    in = new_flag(p, 'i');
    tline(p, "%s = %s;", in, cur);
  }
  push_frame(p, uniform ? 'L' : 'V', in);
  bline(p, "loop {");
  p->indent++;
  if (!uniform && p->vt) {  /* the vote counts the invocation's threads */
    line(p, "cuwa_n = 0u;");
    tline(p, "if (%s && %s) { cuwa_n += 1u; }", in, alive);
    bline(p, "if (cuwa_bsum(li, cuwa_n) == 0u) { break; }");
    tline(p, "%s = %s && %s;", cur, in, alive);
  } else if (!uniform) {
    line(p, "if (cuwa_bcount(ct, true, %s && alive) == 0u) { break; }", in);
    line(p, "cur = %s && alive;", in);
  } else {
    tline(p, "%s = %s;", lk, cur);
  }
  print_block(p, &i->blocks[0]);
  bline(p, "continuing {");
  p->indent++;
  tline(p, "%s = %s && %s;", cur, uniform ? lk : in, alive);
  print_block(p, &i->blocks[1]);
  vt_block(p);
  p->indent--;
  line(p, "}");
  p->indent--;
  line(p, "}");
  p->nframes--;
  tline(p, "%s = %s && %s;", cur, lk, alive);
}

/* A switch with a collective or a return: each case group is entered by
 * the threads whose selector matches; a break switches a thread off until
 * the end of the switch. */
static void print_pred_switch(WgslPrinter *p, const IrInst *i) {
  const char *sel = val(p, i->args[0]);
  bool sgn = is_signed_int(i->args[0]->ty);
  const char *sk = new_flag(p, 's'), *bk = new_flag(p, 'b'), *ek = new_flag(p, 'e');
  StrBuf all = {0};  /* sel == any label */
  bool has_default = false;
  for (int k = 0; k < i->case_count; k++) {
    for (int j = 0; j < i->cases[k].value_count; j++)
      strbuf_printf(&all, "%s%s == %s", all.len ? " || " : "", sel,
                    sgn ? arena_printf(p->a, "%di", (int32_t)i->cases[k].values[j])
                        : arena_printf(p->a, "%uu", (uint32_t)i->cases[k].values[j]));
    has_default |= i->cases[k].is_default;
  }
  const char *dflt = all.len ? arena_printf(p->a, "!(%s)", all.data) : "true";
  strbuf_free(&all);
  tline(p, "%s = %s; %s = false; %s = false;", sk, p->cur, bk, ek);
  push_frame(p, 'S', bk);
  StrBuf match = {0};
  for (int k = 0; k < i->case_count; k++) {
    const IrCase *c = &i->cases[k];
    for (int j = 0; j < c->value_count; j++)
      strbuf_printf(&match, "%s%s == %s", match.len ? " || " : "", sel,
                    sgn ? arena_printf(p->a, "%di", (int32_t)c->values[j]) : arena_printf(p->a, "%uu", (uint32_t)c->values[j]));
    if (c->is_default) strbuf_printf(&match, "%s%s", match.len ? " || " : "", dflt);
    if (c->falls_through && !c->body.first && k + 1 < i->case_count) continue; /* shared labels */
    if (match.len) {
      tline(p, "%s = %s && (%s);", p->cur, sk, match.data);
      for (int j = k; j < i->case_count; j++) {
        print_block(p, &i->cases[j].body);
        if (!i->cases[j].falls_through || ir_block_terminates(&i->cases[j].body)) break;
      }
      tline(p, "%s = %s || %s;", ek, ek, p->cur);
    }
    match.len = 0;
    if (match.data) match.data[0] = 0;
  }
  strbuf_free(&match);
  p->nframes--;
  if (has_default) tline(p, "%s = %s || %s;", p->cur, ek, bk);
  else tline(p, "%s = %s || %s || (%s && %s);", p->cur, ek, bk, sk, dflt);
}

/* break, continue and break_if in predicated code. */
static void print_pred_jump(WgslPrinter *p, const IrInst *i) {
  if (!p->nframes) ICE("a jump outside loops");
  struct WgslFrame *f = &p->frames[p->nframes - 1];
  if (i->op == IR_CONTINUE) {
    int k = p->nframes - 1;
    while (k >= 0 && p->frames[k].kind == 'S') k--;
    if (k < 0) ICE("continue outside loops");
    if (k == p->nframes - 1 && p->frames[k].kind == 'L' && p->pred_ifs == p->frames[k].pred_ifs) bline(p, "continue;");
    else tline(p, "%s = false;", p->cur);
    return;
  }
  switch (f->kind) {
  case 'L': vt_block(p); print_inst(p, i); return; /* uniform: every thread leaves */
  case 'V':
    if (i->op == IR_BREAK_IF) tline(p, "if (%s && %s) { %s = false; }", p->cur, val(p, i->args[0]), f->flag);
    else tline(p, "if (%s) { %s = false; }", p->cur, f->flag), tline(p, "%s = false;", p->cur);
    return;
  case 'S': tline(p, "if (%s) { %s = true; }", p->cur, f->flag); tline(p, "%s = false;", p->cur); return;
  default: ICE("frame %c", f->kind);
  }
}

/* Whether evaluating i where the thread is not may fault or have effects. */
static bool needs_guard(const IrInst *i) {
  switch (i->op) {
  case IR_LOAD: return !(i->args[0]->op == IR_LOCAL && !wgsl_inst(i->args[0])->flat);
  case IR_CALL: case IR_PRINTF: return true;
  case IR_INTRINSIC: return ir_intrinsic_class(i->intrinsic) != INC_PURE;
  default: return false;
  }
}

/* Declares (once) the function-scope var prefix<id> of value i; coarse:
 * an array per CUDA thread unless i is block-uniform (or force). Returns
 * the name to assign ("v5" or "v5[s]"). */
static const char *decl_value(WgslPrinter *p, const IrInst *i, const char *prefix, const char *ty, bool force) {
  bool arr = p->vt && (force || p->arr[i->id]);
  const char *key = arena_printf(p->a, "%s f%u %s%u", p->vt ? "vdecl" : "decl", p->f->id, prefix, i->id);
  if (!map_get(&p->done, key)) {
    map_put(&p->done, key, (void *)key);
    strbuf_printf(p->decls, arr ? "  var %s%u: array<%s, cuwa_vt>;\n" : "  var %s%u: %s;\n", prefix, i->id, ty);
  }
  if (arr && prefix[0] == 'v') p->arr[i->id] = true;
  return arena_printf(p->a, arr ? "%s%u[s]" : "%s%u", prefix, i->id);
}

/* A warp or block collective in coarse printing: a write phase over the
 * invocation's CUDA threads, a barrier, a read phase (wgsl_warp_parts). */
static void print_vt_collective(WgslPrinter *p, const IrInst *i) {
  const char *args[4] = {0}, *put_v, *put_p, *read, *pred_out;
  for (int k = 0; k < i->arg_count && k < 4; k++) args[k] = val(p, i->args[k]);
  char kind = wgsl_warp_parts(p, i, args, &put_v, &put_p, &read, &pred_out);
  if (kind == 's') {
    bline(p, "workgroupBarrier();");
    return;
  }
  if (kind == 'b') {
    bline(p, "cuwa_n = 0u;");
    tline(p, "if (%s && (%s)) { cuwa_n += 1u; }", p->cur, put_p);
    bline(p, "cuwa_c = cuwa_bsum(li, cuwa_n);");
    const char *v = decl_value(p, i, "v", wty(p, i->ty), false);
    if (strchr(v, '[')) tline(p, "%s = %s;", v, read);
    else line(p, "%s = %s;", v, read);
    return;
  }
  bline(p, "workgroupBarrier();");
  tline(p, "cuwa_wset(t, %s, %s, %s);", put_v, p->cur, put_p);
  bline(p, "workgroupBarrier();");
  if (pred_out) { /* __match_all_sync: the predicate goes to memory */
    const char *m = decl_value(p, i, "m", "vec2<u32>", true), *v = decl_value(p, i, "v", "u32", true);
    tline(p, "%s = %s;", m, read);
    tline(p, "%s = %s.y;", v, m);
    tline(p, "if (%s) { %s(%s, select(0i, 1i, %s.y != 0u)); }", p->cur,
          need_store(p, i->args[2]->ty->elem, space_of(i->args[2])[0]), val(p, i->args[2]), m);
    return;
  }
  if (i->ty->kind == IRT_VOID) return;
  tline(p, "%s = %s;", decl_value(p, i, "v", wty(p, i->ty), true), read);
}

/* A call of a collective function in coarse printing: its _vt variant
 * takes and returns arrays over the invocation's CUDA threads. */
static void print_vt_call(WgslPrinter *p, const IrInst *i) {
  StrBuf b = {0};
  strbuf_printf(&b, "cuwa_f%u_vt(cb, li, cur", i->callee->id);
  for (int k = 0; k < i->arg_count; k++) {
    const IrInst *a = i->args[k];
    if (a->op != IR_LOCAL && p->arr[a->id]) {
      strbuf_printf(&b, ", v%u", a->id);
      continue;
    }
    const char *tmp = arena_printf(p->a, "cuwa_a%d", p->vt_temps++);
    strbuf_printf(p->decls, "  var %s: array<%s, cuwa_vt>;\n", tmp, wty(p, a->ty));
    tline(p, "%s[s] = %s;", tmp, val(p, a));
    strbuf_printf(&b, ", %s", tmp);
  }
  strbuf_putc(&b, ')');
  if (i->ty->kind == IRT_VOID) {
    bline(p, "%s;", b.data);
  } else {
    const char *v = decl_value(p, i, "v", wty(p, i->ty), true);
    bline(p, "v%u = %s;", i->id, b.data);
    (void)v;
  }
  strbuf_free(&b);
}

static void print_pred_value(WgslPrinter *p, const IrInst *i) {
  bool coll = (i->op == IR_INTRINSIC && wgsl_is_collective_intrinsic(i->intrinsic)) ||
              (i->op == IR_CALL && wgsl_func_info(p->w, i->callee)->collective);
  if (p->vt && coll) {
    if (i->op == IR_CALL) print_vt_call(p, i);
    else print_vt_collective(p, i);
    return;
  }
  if (i->op == IR_INTRINSIC && (i->intrinsic >= IN_MATCH_ALL_I && i->intrinsic <= IN_MATCH_ALL_D)) {
    const char *args[4] = {0}, *pred_out;
    for (int k = 0; k < i->arg_count && k < 4; k++) args[k] = val(p, i->args[k]);
    const char *m = arena_printf(p->a, "m%u", i->id);
    const char *key = arena_printf(p->a, "decl f%u v%u", p->f->id, i->id);
    if (!map_get(&p->done, key)) {
      map_put(&p->done, key, (void *)key);
      strbuf_printf(p->decls, "  var %s: vec2<u32>;\n  var v%u: u32;\n", m, i->id);
    }
    line(p, "%s = %s;", m, wgsl_warp_expr(p, i, args, "cur", &pred_out));
    line(p, "v%u = %s.y;", i->id, m);
    line(p, "if (cur) { %s(%s, select(0i, 1i, %s.y != 0u)); }",
         need_store(p, i->args[2]->ty->elem, space_of(i->args[2])[0]), val(p, i->args[2]), m);
    return;
  }
  const char *e = value_expr(p, i);
  if (!e) ICE("%s reached the WGSL printer", ir_op_name(i->op));
  const char *stmt;
  bool per_thread = true;  /* coarse: a block-uniform value stays scalar */
  if (i->ty->kind == IRT_VOID) {
    if (!*e) return;
    stmt = arena_printf(p->a, "%s;", e);
  } else {
    /* once: a switch prints a falling-through case body twice */
    const char *v = decl_value(p, i, "v", wty(p, i->ty), false);
    per_thread = strchr(v, '[') != NULL;
    stmt = arena_printf(p->a, "%s = %s;", v, e);
  }
  if (!coll && needs_guard(i)) tline(p, "if (%s) { %s }", p->cur, stmt);
  else if (per_thread) tline(p, "%s", stmt);
  else line(p, "%s", stmt);
}

static void print_pred_inst(WgslPrinter *p, const IrInst *i) {
  WgslFuncInfo *fi = wgsl_func_info(p->w, p->f);
  switch (i->op) {
  case IR_IF:
    if (wgsl_inst(i)->pred) print_pred_if(p, i);
    else print_plain(p, i);
    return;
  case IR_LOOP:
    if (wgsl_inst(i)->pred) print_pred_loop(p, i);
    else print_plain(p, i);
    return;
  case IR_SWITCH:
    if (wgsl_inst(i)->pred) print_pred_switch(p, i);
    else print_plain(p, i);
    return;
  case IR_STORE: {
    const IrInst *ptr = i->args[0];
    if (ptr->op == IR_LOCAL && !wgsl_inst(ptr)->flat && fi->uniform[ptr->id] && !(p->vt && p->arr[ptr->id])) {
      vt_block(p); /* once per invocation, between its threads' stretches */
      print_store(p, i);
    } else {
      tline(p, "if (%s) {", p->cur);
      p->indent++;
      print_store(p, i);
      p->indent--;
      line(p, "}");
    }
    return;
  }
  case IR_BREAK: case IR_BREAK_IF: case IR_CONTINUE: print_pred_jump(p, i); return;
  case IR_RETURN:
    if (i->arg_count) tline(p, "if (%s) { %s = %s; %s = false; }", p->cur, p->rv, val(p, i->args[0]), p->alive);
    else tline(p, "if (%s) { %s = false; }", p->cur, p->alive);
    tline(p, "%s = false;", p->cur);
    return;
  case IR_TRAP:
    tline(p, "if (%s) { cuwa_trap(cb, ct); %s = false; }", p->cur, p->alive);
    tline(p, "%s = false;", p->cur);
    return;
  case IR_BARRIER: vt_block(p); print_inst(p, i); return;
  default: print_pred_value(p, i); return;
  }
}

/* ---- functions, entry points, module --------------------------------------------- */

static void print_func(WgslPrinter *p, const IrFunc *f) {
  p->f = f;
  WgslFuncInfo *fi = wgsl_func_info(p->w, f);
  StrBuf sig = {0};
  strbuf_printf(&sig, "// %s %s\nfn cuwa_f%u(cb: vec4<u32>, ct: vec3<u32>", f->is_kernel ? "kernel" : "function",
                f->name, f->id);
  if (fi->collective) strbuf_puts(&sig, ", act: bool");
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
  if (fi->collective) {
    /* predicated: the body first, then its vars before it */
    StrBuf body = {0}, decls = {0};
    StrBuf *out = p->o;
    p->o = &body;
    p->decls = &decls;
    p->pred = p->pred_level = true;
    p->plain_depth = p->pred_ifs = p->nframes = 0;
    print_block(p, &f->body);
    p->pred = p->pred_level = false;
    p->o = out;
    strbuf_puts(out, "  var alive = true;\n  var cur = act;\n");
    if (f->ret->kind != IRT_VOID) strbuf_printf(out, "  var rv: %s;\n", wty(p, f->ret));
    if (decls.data) strbuf_puts(out, decls.data);
    if (body.data) strbuf_puts(out, body.data);
    if (f->ret->kind != IRT_VOID) line(p, "return rv;");
    strbuf_free(&body);
    strbuf_free(&decls);
  } else {
    print_block(p, &f->body);
    if (f->ret->kind != IRT_VOID && !ir_block_terminates(&f->body)) print_zero_return(p);
  }
  p->indent = 0;
  line(p, "}");
}

/* ---- coarse printing --------------------------------------------------------- */

/* Which values and locals of a collective function are arrays over the
 * invocation's CUDA threads (p->arr): those ir_uniform_analyze does not
 * prove block-uniform, and also a local written inside a plain construct
 * (each CUDA thread runs it: `k++` in a loop would count k times) or
 * with a per-thread value, and a value computed from a per-thread one.
 * Values of plain constructs are WGSL lets: never arrays. */
static void vt_scan(WgslPrinter *p, const IrBlock *b, bool plain, bool init, bool *changed) {
  const bool *u = wgsl_func_info(p->w, p->f)->uniform;
  for (const IrInst *i = b->first; i; i = i->next) {
    bool ctl = i->op == IR_IF || i->op == IR_LOOP || i->op == IR_SWITCH;
    if (init && !plain && !ctl && i->ty && i->ty->kind != IRT_VOID) p->arr[i->id] = !u[i->id];
    if (!plain && !p->arr[i->id] && i->ty && i->ty->kind != IRT_VOID && !ctl) {
      for (int k = 0; k < i->arg_count; k++) {
        const IrInst *a = i->args[k];
        bool flat = a->op == IR_LOCAL && wgsl_inst(a)->flat;
        if (!flat && p->arr[a->id]) p->arr[i->id] = *changed = true;
        if (flat) p->arr[i->id] = *changed = true;
      }
    }
    if (i->op == IR_STORE && i->args[0]->op == IR_LOCAL && !wgsl_inst(i->args[0])->flat) {
      const IrInst *l = i->args[0], *v = i->args[1];
      bool per_thread = plain || (v->op == IR_LOCAL ? wgsl_inst(v)->flat || p->arr[v->id] : p->arr[v->id]);
      if (!p->arr[l->id] && per_thread) p->arr[l->id] = *changed = true;
    }
    bool in_plain = plain || (ctl && !wgsl_inst(i)->pred);
    vt_scan(p, &i->blocks[0], in_plain, init, changed);
    vt_scan(p, &i->blocks[1], in_plain, init, changed);
    for (int k = 0; k < i->case_count; k++) vt_scan(p, &i->cases[k].body, in_plain, init, changed);
  }
}

static void vt_mark(WgslPrinter *p, const IrFunc *f) {
  const bool *u = wgsl_func_info(p->w, f)->uniform;
  for (int k = 0; k < f->local_count; k++) p->arr[f->locals[k]->id] = !u[f->locals[k]->id];
  bool changed = false;
  vt_scan(p, &f->body, false, true, &changed);
  do {
    changed = false;
    vt_scan(p, &f->body, false, false, &changed);
  } while (changed);
}

/* Whether a jump out of the loop whose body is b hangs on a per-thread
 * condition (an if around it, or break_if): the loop is then voted. */
static bool vt_exit_per_thread(WgslPrinter *p, const IrBlock *b, bool under_arr) {
  for (const IrInst *i = b->first; i; i = i->next) {
    switch (i->op) {
    case IR_BREAK: case IR_CONTINUE:
      if (under_arr) return true;
      break;
    case IR_BREAK_IF:
      if (under_arr || p->arr[i->args[0]->id]) return true;
      break;
    case IR_IF: {
      bool a = under_arr || p->arr[i->args[0]->id];
      if (vt_exit_per_thread(p, &i->blocks[0], a) || vt_exit_per_thread(p, &i->blocks[1], a)) return true;
      break;
    }
    default: break; /* nested loops: their jumps are their own; a break in
                       a switch leaves the switch, a continue there only
                       switches the thread off (print_pred_jump) */
    }
  }
  return false;
}

/* The coarse variant of collective function f (docs/webgpu.md, "Blocks
 * larger than the adapter"): each invocation runs the CUDA threads
 * t = s * cuwa_wg + li for s < cuwa_vt, a constant the runtime sets per
 * launch. Per-thread values, locals, flags, parameters and the result are
 * arrays over s; statements between barriers and collectives run in loops
 * over s (vt_thread), so every thread finishes a stretch before any
 * passes the next barrier. */
static void print_func_vt(WgslPrinter *p, const IrFunc *f) {
  p->f = f;
  wgsl_need_warp(p);
  p->vt = true;
  p->vt_open = false;
  p->arr = arena_alloc(p->a, f->next_id + 1);
  memset(p->arr, 0, f->next_id + 1);
  vt_mark(p, f);
  p->cur = "cur[s]", p->alive = "alive[s]", p->rv = "rv[s]";
  StrBuf sig = {0};
  strbuf_printf(&sig, "// %s %s, cuwa_vt CUDA threads per invocation\n"
                      "fn cuwa_f%u_vt(cb: vec4<u32>, li: u32, act: array<bool, cuwa_vt>",
                f->is_kernel ? "kernel" : "function", f->name, f->id);
  if (!f->is_kernel)
    for (int k = 0; k < f->param_count; k++) strbuf_printf(&sig, ", p%d: array<%s, cuwa_vt>", k, wty(p, f->params[k]));
  strbuf_puts(&sig, ")");
  if (f->ret->kind != IRT_VOID) strbuf_printf(&sig, " -> array<%s, cuwa_vt>", wty(p, f->ret));
  line(p, "%s {", sig.data);
  strbuf_free(&sig);
  p->indent = 1;
  for (int k = 0; k < f->local_count; k++) {
    const IrInst *l = f->locals[k];
    if (wgsl_inst(l)->flat) continue;
    if (p->arr[l->id]) line(p, "var l%u: array<%s, cuwa_vt>; // %s", l->id, wty(p, l->ty->elem), l->str ? l->str : "");
    else line(p, "var l%u: %s; // %s", l->id, wty(p, l->ty->elem), l->str ? l->str : "");
  }
  StrBuf body = {0}, decls = {0};
  StrBuf *out = p->o;
  p->o = &body;
  p->decls = &decls;
  p->pred = p->pred_level = true;
  p->plain_depth = p->pred_ifs = p->nframes = 0;
  print_block(p, &f->body);
  vt_block(p);
  p->pred = p->pred_level = false;
  p->o = out;
  strbuf_puts(out, "  var alive: array<bool, cuwa_vt>;\n  var cur = act;\n  var cuwa_n: u32;\n  var cuwa_c: u32;\n");
  if (f->ret->kind != IRT_VOID) strbuf_printf(out, "  var rv: array<%s, cuwa_vt>;\n", wty(p, f->ret));
  if (decls.data) strbuf_puts(out, decls.data);
  strbuf_puts(out, "  for (var s = 0u; s < cuwa_vt; s++) { alive[s] = true; }\n");
  if (body.data) strbuf_puts(out, body.data);
  if (f->ret->kind != IRT_VOID) line(p, "return rv;");
  strbuf_free(&body);
  strbuf_free(&decls);
  p->indent = 0;
  line(p, "}");
  p->vt = false;
  p->arr = NULL;
  p->cur = "cur", p->alive = "alive", p->rv = "rv";
}

/* The coarse entry point of a collective kernel: one workgroup per block
 * (the runtime picks cuwa_wg * cuwa_vt >= the block's threads). */
static void print_entry_vt(WgslPrinter *p, const IrFunc *k) {
  line(p, "@compute @workgroup_size(cuwa_wg)");
  line(p, "fn cuwa_k%d_vt(@builtin(workgroup_id) wid: vec3<u32>, @builtin(num_workgroups) nwg: vec3<u32>,",
       k->ordinal);
  line(p, "           @builtin(local_invocation_index) li: u32) {");
  line(p, "  _ = &cuwa_shm;");
  line(p, "  let bl = wid.x + wid.y * nwg.x;");
  line(p, "  if (bl >= cuwa_u[2].y) { return; }");
  line(p, "  let g = cuwa_u[0].xyz;");
  line(p, "  let cb = vec4<u32>(bl %% g.x, (bl / g.x) %% g.y, bl / (g.x * g.y), 0u);");
  line(p, "  var act: array<bool, cuwa_vt>;");
  line(p, "  for (var s = 0u; s < cuwa_vt; s++) { act[s] = s * cuwa_wg + li < cuwa_nthr(); }");
  line(p, "  cuwa_f%u_vt(cb, li, act);", k->id);
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
  bool coll = wgsl_func_info(p->w, k)->collective;
  if (!coll) line(p, "  if (t >= bd.x * bd.y * bd.z) { return; }");
  line(p, "  let cb = vec4<u32>(bl %% g.x, (bl / g.x) %% g.y, bl / (g.x * g.y), 0u);");
  line(p, "  let ct = vec3<u32>(t %% bd.x, (t / bd.x) %% bd.y, t / (bd.x * bd.y));");
  line(p, "  cuwa_f%u(cb, ct%s);", k->id, coll ? ", true" : "");
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
    /* internal constants (string literals, function statics) have no host
     * copy to initialise them from */
    if (g->space != IRS_SHARED && g->is_internal && g->init) {
      strbuf_printf(out, "// cuwa-init %d ", wgsl_global_offset(w, g));
      for (int b = 0; b < g->ty->size; b++) strbuf_printf(out, "%02x", g->init[b]);
      strbuf_puts(out, "\n");
    }
  }
  if (p->strings.data) strbuf_puts(out, p->strings.data);
  if (p->nprintfs) strbuf_printf(out, "// cuwa-printf %d\n", WGSL_PRINTF_BYTES);
  for (int k = 0; k < m->funcs.len; k++) {
    IrFunc *f = m->funcs.data[k];
    if (f->is_kernel) /* vt=1: a coarse entry point cuwa_k<ordinal>_vt exists */
      strbuf_printf(out, "// cuwa-kernel %d %s barrier=%d%s\n", f->ordinal, f->name,
                    f->uses_barrier || wgsl_func_info(w, f)->collective,
                    wgsl_func_info(w, f)->collective ? " vt=1" : "");
  }
  strbuf_printf(out, "\n@group(0) @binding(0) var<storage, read_write> cuwa_heap: array<%s>;\n",
                w->heap_atomic ? "atomic<u32>" : "u32");
  strbuf_printf(out, "@group(0) @binding(1) var<uniform> cuwa_u: array<vec4<u32>, %d>;\n", w->uniform_vec4s);
  strbuf_puts(out, "override cuwa_wg: u32 = 64u;        // invocations per workgroup\n");
  strbuf_puts(out, "override cuwa_dyn_words: u32 = 0u;  // dynamic shared memory, in words\n");
  /* CUDA threads per invocation of the _vt entry points: the runtime
   * rewrites this line for blocks larger than the adapter allows */
  strbuf_puts(out, "const cuwa_vt: u32 = 1u;\n");
  strbuf_printf(out, "var<workgroup> cuwa_shm: array<%s, %du + cuwa_dyn_words>;\n",
                w->shared_atomic ? "atomic<u32>" : "u32", w->shared_static / 4);
  if (w->local_size) strbuf_printf(out, "var<private> cuwa_lm: array<u32, %d * cuwa_vt>;\n", w->local_size / 4);
  for (int k = 0; k < m->structs.len; k++) {
    const IrType *t = m->structs.data[k];
    strbuf_printf(out, "struct %s { // %s\n", wty(p, t), t->name);
    for (int j = 0; j < t->field_count; j++) strbuf_printf(out, "  f%d: %s,\n", j, wty(p, t->fields[j].ty));
    /* WGSL wants a member; an empty class has none to load or store */
    if (!t->field_count) strbuf_puts(out, "  cuwa_empty: u32,\n");
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
  WgslPrinter p = {.w = &w, .m = m, .a = m->arena, .cur = "cur", .alive = "alive", .rv = "rv"};
  map_init(&p.done, m->arena);
  StrBuf body = {0};
  p.o = &body;
  for (int k = 0; k < m->funcs.len; k++) print_func(&p, m->funcs.data[k]);
  for (int k = 0; k < m->funcs.len; k++)
    if (m->funcs.data[k]->is_kernel) print_entry(&p, m->funcs.data[k]);
  for (int k = 0; k < m->funcs.len; k++)
    if (wgsl_func_info(&w, m->funcs.data[k])->collective) print_func_vt(&p, m->funcs.data[k]);
  for (int k = 0; k < m->funcs.len; k++)
    if (m->funcs.data[k]->is_kernel && wgsl_func_info(&w, m->funcs.data[k])->collective)
      print_entry_vt(&p, m->funcs.data[k]);
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
  strbuf_free(&p.strings);
  return true;
}
