/* ptx_emit.c: prints a whole IR module as PTX text: module-scope
 * variables, one .entry cuwa_k<ordinal> per kernel with every device
 * function inlined (returns become branches), structured control flow as
 * labels and predicated branches, memory access in the pointer's state
 * space, printf through vprintf and assert through __assertfail. It
 * assumes ptx_can_emit accepted the module; arithmetic is in ptx_ops.c. */
#include "ptx_internal.h"

#include <stdarg.h>

/* ---- registers, labels, lines -------------------------------------------------- */

static const char *rc_prefix[RC_COUNT] = {"%p", "%rs", "%r", "%rd"};

const char *ptx_reg(PtxEmit *e, int rc) {
  return arena_printf(e->a, "%s%d", rc_prefix[rc], ++e->nreg[rc]);
}

bool ptx_is_aggregate(const IrType *t) {
  return t->kind == IRT_STRUCT || t->kind == IRT_ARRAY;
}

int ptx_rc(const IrType *t) {
  switch (t->kind) {
  case IRT_BOOL: return RC_PRED;
  case IRT_F16: return RC_B16;
  case IRT_I8: case IRT_U8: case IRT_I16: case IRT_U16: case IRT_I32: case IRT_U32:
  case IRT_F32: return RC_B32;
  case IRT_I64: case IRT_U64: case IRT_F64: case IRT_PTR:
  case IRT_ARRAY: case IRT_STRUCT: return RC_B64;  /* aggregates: slot address */
  default: ICE("no register class for type kind %d", (int)t->kind);
  }
}

const char *ptx_label(PtxEmit *e) { return arena_printf(e->a, "$L%d", ++e->labels); }

void ptx_line(PtxEmit *e, const char *fmt, ...) {
  va_list ap;
  va_start(ap, fmt);
  strbuf_putc(e->body, '\t');
  strbuf_vprintf(e->body, fmt, ap);
  strbuf_putc(e->body, '\n');
  va_end(ap);
}

static void put_label(PtxEmit *e, const char *l) { strbuf_printf(e->body, "%s:\n", l); }

const char *ptx_val(PtxEmit *e, const IrInst *i) {
  const char *v = e->inst->val[i->id];
  if (!v) ICE("value %%%u used before its definition in %s", i->id, e->inst->f->name);
  return v;
}

void ptx_set_val(PtxEmit *e, const IrInst *i, const char *v) { e->inst->val[i->id] = v; }

/* A fresh register for i's value (aggregates: see new_slot). */
const char *ptx_def(PtxEmit *e, const IrInst *i) {
  const char *r = ptx_reg(e, ptx_rc(i->ty));
  ptx_set_val(e, i, r);
  return r;
}

const char *ptx_space(IrSpace s) {
  switch (s) {
  case IRS_GENERIC: return "";
  case IRS_GLOBAL: return ".global";
  case IRS_SHARED: return ".shared";
  case IRS_CONSTANT: return ".const";
  case IRS_LOCAL: return ".local";
  default: ICE("space %d", (int)s);
  }
}

/* ld/st type of a scalar in memory. */
const char *ptx_mem_type(const IrType *t) {
  switch (t->kind) {
  case IRT_BOOL: case IRT_U8: return "u8";
  case IRT_I8: return "s8";
  case IRT_I16: return "s16";
  case IRT_U16: return "u16";
  case IRT_I32: return "s32";
  case IRT_U32: return "u32";
  case IRT_I64: return "s64";
  case IRT_U64: case IRT_PTR: return "u64";
  case IRT_F16: return "b16";
  case IRT_F32: return "f32";
  case IRT_F64: return "f64";
  default: ICE("no memory type for kind %d", (int)t->kind);
  }
}

static bool is_ident(const char *s) {
  if (!s || !*s || !(s[0] == '_' || (s[0] >= 'a' && s[0] <= 'z') || (s[0] >= 'A' && s[0] <= 'Z')))
    return false;
  for (; *s; s++)
    if (!(*s == '_' || (*s >= 'a' && *s <= 'z') || (*s >= 'A' && *s <= 'Z') ||
          (*s >= '0' && *s <= '9')))
      return false;
  return true;
}

/* A namespaced variable "a::b::x" is "a$$b$$x" in PTX (the cuda runtime
 * spells the descriptor's name the same way for cuModuleGetGlobal); NULL
 * for any other name that is not an identifier. */
static const char *namespaced_name(PtxEmit *e, const char *name) {
  size_t n = strlen(name);
  char *out = arena_printf(e->a, "%s", name), *o = out;
  for (size_t k = 0; k < n; k++) {
    if (name[k] == ':' && name[k + 1] == ':') {
      *o++ = '_', *o++ = '_';  /* checked as "__" below, written as "$$" */
      k++;
    } else {
      *o++ = name[k];
    }
  }
  *o = 0;
  if (!is_ident(out)) return NULL;
  o = out;
  for (size_t k = 0; k < n; k++, o++)
    if (name[k] == ':' && name[k + 1] == ':') o[0] = o[1] = '$', k++, o++;
  return out;
}

/* The user's name when the runtime must find it (cuModuleGetGlobal) and
 * it is a plain identifier; a private name otherwise. */
const char *ptx_global_name(PtxEmit *e, const IrGlobal *g) {
  if (g->is_dynamic_shared) return "__cuwa_dyn_shared";
  if (strncmp(g->name, PTX_LIBM_PREFIX, strlen(PTX_LIBM_PREFIX)) == 0) return g->name;
  if (!g->is_internal && g->space != IRS_SHARED && strncmp(g->name, "__cuwa", 6) != 0) {
    if (is_ident(g->name)) return g->name;
    const char *n = namespaced_name(e, g->name);
    if (n) return n;
  }
  return arena_printf(e->a, "__cuwa_g%u", g->id);
}

const char *ptx_file_of(PtxEmit *e, Loc loc) {
  if (e->d && loc.file < (uint32_t)e->d->files.len && loc.line)
    return e->d->files.data[loc.file]->path;
  return e->m->source_path ? e->m->source_path : "";
}

static void put_bytes(StrBuf *o, const uint8_t *b, int n) {
  strbuf_puts(o, " = {");
  for (int k = 0; k < n; k++) strbuf_printf(o, "%s%u", k ? "," : "", b[k]);
  strbuf_putc(o, '}');
}

/* A NUL-terminated string constant in .global memory; its symbol. */
const char *ptx_string_const(PtxEmit *e, const char *s, int len_with_nul) {
  const char *name = arena_printf(e->a, "__cuwa_str%d", e->strings++);
  uint8_t *b = ARENA_ARRAY(e->a, uint8_t, len_with_nul + 1);
  memcpy(b, s, len_with_nul > 0 ? (size_t)len_with_nul - 1 : 0);
  int n = len_with_nul > 0 ? len_with_nul : 1;
  strbuf_printf(&e->decls, ".global .align 1 .b8 %s[%d]", name, n);
  put_bytes(&e->decls, b, n);
  strbuf_puts(&e->decls, ";\n");
  return name;
}

/* Generic address of a string constant. */
static const char *string_addr(PtxEmit *e, const char *s, int len_with_nul) {
  const char *name = ptx_string_const(e, s, len_with_nul);
  const char *r = ptx_reg(e, RC_B64), *g = ptx_reg(e, RC_B64);
  ptx_line(e, "mov.u64 %s, %s;", r, name);
  ptx_line(e, "cvta.global.u64 %s, %s;", g, r);
  return g;
}

/* ---- frame slots and copies ----------------------------------------------------- */

/* size bytes of the kernel's .local frame; a register with its address. */
static const char *new_slot(PtxEmit *e, int size, int align) {
  if (align < 1) align = 1;
  if (align > 16) align = 16;
  if (align > e->frame_align) e->frame_align = align;
  e->frame_size = (e->frame_size + align - 1) / align * align;
  int off = e->frame_size;
  e->frame_size += size > 0 ? size : 1;
  const char *r = ptx_reg(e, RC_B64);
  ptx_line(e, "add.s64 %s, %s, %d;", r, e->frame_base, off);
  return r;
}

static int copy_unit(int size, int align) {
  int u = align > 8 ? 8 : align < 1 ? 1 : align;
  while (u > 1 && size % u) u /= 2;
  return u;
}

/* Aggregates up to this many copy units are copied by straight-line
 * code, bigger ones (LargeKernelParameter's 32000-byte parameter) by a
 * loop, so that the PTX does not grow by two lines a word. */
enum { PARAM_UNROLL = 64 };

/* The copy loop: src and dst are registers holding addresses. */
static void copy_mem_loop(PtxEmit *e, const char *dst, IrSpace ds, const char *src, IrSpace ss,
                          int size, int u) {
  const char *t = ptx_reg(e, u == 8 ? RC_B64 : RC_B32);
  const char *ty = u == 8 ? "u64" : u == 4 ? "u32" : u == 2 ? "u16" : "u8";
  const char *s = ptx_reg(e, RC_B64), *d = ptx_reg(e, RC_B64), *end = ptx_reg(e, RC_B64);
  const char *p = ptx_reg(e, RC_PRED), *top = ptx_label(e);
  ptx_line(e, "mov.u64 %s, %s;", s, src);
  ptx_line(e, "mov.u64 %s, %s;", d, dst);
  ptx_line(e, "add.s64 %s, %s, %d;", end, s, size);
  strbuf_printf(e->body, "%s:\n", top);
  ptx_line(e, "ld%s.%s %s, [%s];", ptx_space(ss), ty, t, s);
  ptx_line(e, "st%s.%s [%s], %s;", ptx_space(ds), ty, d, t);
  ptx_line(e, "add.s64 %s, %s, %d;", s, s, u);
  ptx_line(e, "add.s64 %s, %s, %d;", d, d, u);
  ptx_line(e, "setp.lt.u64 %s, %s, %s;", p, s, end);
  ptx_line(e, "@%s bra %s;", p, top);
}

/* Copies size bytes between two addresses in the given state spaces. */
static void copy_mem(PtxEmit *e, const char *dst, IrSpace ds, const char *src, IrSpace ss,
                     int size, int align) {
  int u = copy_unit(size, align);
  if (size / u > PARAM_UNROLL && dst[0] == '%' && src[0] == '%') {
    copy_mem_loop(e, dst, ds, src, ss, size, u);
    return;
  }
  const char *t = ptx_reg(e, u == 8 ? RC_B64 : RC_B32);
  const char *ty = u == 8 ? "u64" : u == 4 ? "u32" : u == 2 ? "u16" : "u8";
  for (int off = 0; off < size; off += u) {
    ptx_line(e, "ld%s.%s %s, [%s+%d];", ptx_space(ss), ty, t, src, off);
    ptx_line(e, "st%s.%s [%s+%d], %s;", ptx_space(ds), ty, dst, off, t);
  }
}

static void zero_mem(PtxEmit *e, const char *dst, IrSpace ds, int size, int align) {
  int u = copy_unit(size, align);
  const char *ty = u == 8 ? "u64" : u == 4 ? "u32" : u == 2 ? "u16" : "u8";
  for (int off = 0; off < size; off += u) ptx_line(e, "st%s.%s [%s+%d], 0;", ptx_space(ds), ty, dst, off);
}

/* ---- memory instructions ---------------------------------------------------------- */

static bool is_promoted(PtxEmit *e, const IrInst *p) {
  return p->op == IR_LOCAL && e->inst->local_reg[p->id];
}

static IrSpace ptr_space(const IrInst *p) { return p->ty->space; }

/* The address operand and space of a load or store through p: a generic
 * pointer known to point to global memory is converted (cvta.to.global is
 * free in SASS) so the access is LDG/STG rather than a generic LD/ST. */
static const char *access_addr(PtxEmit *e, const IrInst *p, IrSpace *sp) {
  const char *a = ptx_val(e, p);
  *sp = ptr_space(p);
  if (*sp != IRS_GENERIC || !e->inst->glob || !e->inst->glob[p->id]) return a;
  const char *g = ptx_reg(e, RC_B64);
  ptx_line(e, "cvta.to.global.u64 %s, %s;", g, a);
  *sp = IRS_GLOBAL;
  return g;
}

static const char *mov_type(const IrType *t);

static void print_load(PtxEmit *e, const IrInst *i) {
  const IrInst *p = i->args[0];
  if (is_promoted(e, p)) {
    const char *d = ptx_def(e, i);
    ptx_line(e, "mov.%s %s, %s;", mov_type(i->ty), d, e->inst->local_reg[p->id]);
    return;
  }
  IrSpace space;
  const char *a = access_addr(e, p, &space);
  const char *sp = ptx_space(space);
  const char *vol = i->is_volatile ? ".volatile" : "";
  if (ptx_is_aggregate(i->ty)) {
    const char *s = new_slot(e, i->ty->size, i->ty->align);
    copy_mem(e, s, IRS_LOCAL, a, space, i->ty->size, i->ty->align);
    ptx_set_val(e, i, s);
  } else if (i->ty->kind == IRT_BOOL) {
    const char *t = ptx_reg(e, RC_B32);
    ptx_line(e, "ld%s%s.u8 %s, [%s];", vol, sp, t, a);
    ptx_line(e, "setp.ne.u32 %s, %s, 0;", ptx_def(e, i), t);
  } else {
    ptx_line(e, "ld%s%s.%s %s, [%s];", vol, sp, ptx_mem_type(i->ty), ptx_def(e, i), a);
  }
}

static const char *mov_type(const IrType *t) {
  switch (ptx_rc(t)) {
  case RC_PRED: return "pred";
  case RC_B16: return "b16";
  case RC_B32: return "b32";
  default: return "b64";
  }
}

static void print_store(PtxEmit *e, const IrInst *i) {
  const IrInst *p = i->args[0], *v = i->args[1];
  const char *x = ptx_val(e, v);
  if (is_promoted(e, p)) {
    ptx_line(e, "mov.%s %s, %s;", mov_type(v->ty), e->inst->local_reg[p->id], x);
    return;
  }
  IrSpace space;
  const char *a = access_addr(e, p, &space);
  const char *sp = ptx_space(space);
  const char *vol = i->is_volatile ? ".volatile" : "";
  if (ptx_is_aggregate(v->ty)) {
    copy_mem(e, a, space, x, IRS_LOCAL, v->ty->size, v->ty->align);
  } else if (v->ty->kind == IRT_BOOL) {
    const char *t = ptx_reg(e, RC_B32);
    ptx_line(e, "selp.u32 %s, 1, 0, %s;", t, x);
    ptx_line(e, "st%s%s.u8 [%s], %s;", vol, sp, a, t);
  } else {
    ptx_line(e, "st%s%s.%s [%s], %s;", vol, sp, ptx_mem_type(v->ty), a, x);
  }
}

/* A 64-bit signed or unsigned copy of an integer index. */
static const char *index64(PtxEmit *e, const IrInst *x) {
  const char *v = ptx_val(e, x);
  if (x->ty->size == 8) return v;
  const char *r = ptx_reg(e, RC_B64);
  ptx_line(e, "cvt.%s.%s %s, %s;", ir_type_is_signed(x->ty) ? "s64" : "u64",
           ir_type_is_signed(x->ty) ? "s32" : "u32", r, v);
  return r;
}

static int elem_size(const IrType *ptr) {
  int s = ptr->elem ? ptr->elem->size : 1;
  return s > 0 ? s : 1;  /* void*: bytes, as GNU C */
}

static void print_ptr_add(PtxEmit *e, const IrInst *i) {
  const char *p = ptx_val(e, i->args[0]);
  const IrInst *x = i->args[1];
  int size = elem_size(i->args[0]->ty);
  const char *off = ptx_reg(e, RC_B64);
  if (x->ty->size == 8) ptx_line(e, "mul.lo.s64 %s, %s, %d;", off, ptx_val(e, x), size);
  else if (x->ty->kind == IRT_BOOL) {
    ptx_line(e, "selp.u64 %s, %d, 0, %s;", off, size, ptx_val(e, x));
  } else
    ptx_line(e, "mul.wide.%s %s, %s, %d;", ir_type_is_signed(x->ty) ? "s32" : "u32", off,
             ptx_val(e, x), size);
  ptx_line(e, "add.s64 %s, %s, %s;", ptx_def(e, i), p, off);
}

/* cvta between state spaces (through generic when neither is generic). */
static const char *convert_space(PtxEmit *e, const char *v, IrSpace from, IrSpace to) {
  if (from == to) return v;
  if (from != IRS_GENERIC) {
    const char *g = ptx_reg(e, RC_B64);
    ptx_line(e, "cvta%s.u64 %s, %s;", ptx_space(from), g, v);
    v = g;
  }
  if (to != IRS_GENERIC) {
    const char *s = ptx_reg(e, RC_B64);
    ptx_line(e, "cvta.to%s.u64 %s, %s;", ptx_space(to), s, v);
    v = s;
  }
  return v;
}

static void print_byte_loop(PtxEmit *e, const IrInst *i, bool is_copy) {
  const char *dst = ptx_val(e, i->args[0]), *n = index64(e, i->args[2]);
  IrSpace ds = ptr_space(i->args[0]);
  const char *k = ptx_reg(e, RC_B64), *p = ptx_reg(e, RC_PRED), *t = ptx_reg(e, RC_B32);
  const char *a = ptx_reg(e, RC_B64), *head = ptx_label(e), *done = ptx_label(e);
  ptx_line(e, "mov.u64 %s, 0;", k);
  put_label(e, head);
  ptx_line(e, "setp.ge.u64 %s, %s, %s;", p, k, n);
  ptx_line(e, "@%s bra %s;", p, done);
  if (is_copy) {
    ptx_line(e, "add.s64 %s, %s, %s;", a, ptx_val(e, i->args[1]), k);
    ptx_line(e, "ld%s.u8 %s, [%s];", ptx_space(ptr_space(i->args[1])), t, a);
  } else {
    ptx_line(e, "mov.b32 %s, %s;", t, ptx_val(e, i->args[1]));
  }
  ptx_line(e, "add.s64 %s, %s, %s;", a, dst, k);
  ptx_line(e, "st%s.u8 [%s], %s;", ptx_space(ds), a, t);
  ptx_line(e, "add.s64 %s, %s, 1;", k, k);
  ptx_line(e, "bra %s;", head);
  put_label(e, done);
}

static void print_memory(PtxEmit *e, const IrInst *i) {
  switch (i->op) {
  case IR_LOAD: print_load(e, i); break;
  case IR_STORE: print_store(e, i); break;
  case IR_PTR_ADD: print_ptr_add(e, i); break;
  case IR_PTR_DIFF: {
    const char *t = ptx_reg(e, RC_B64);
    ptx_line(e, "sub.s64 %s, %s, %s;", t, ptx_val(e, i->args[0]), ptx_val(e, i->args[1]));
    ptx_line(e, "div.s64 %s, %s, %d;", ptx_def(e, i), t, elem_size(i->args[0]->ty));
    break;
  }
  case IR_MEMBER_PTR: {
    const IrType *st = i->args[0]->ty->elem;
    ptx_line(e, "add.s64 %s, %s, %d;", ptx_def(e, i), ptx_val(e, i->args[0]),
             st->fields[i->field].offset);
    break;
  }
  case IR_DECAY: ptx_set_val(e, i, ptx_val(e, i->args[0])); break;
  case IR_PTR_CAST:
    ptx_set_val(e, i, convert_space(e, ptx_val(e, i->args[0]), i->args[0]->ty->space, i->ty->space));
    break;
  case IR_PTR_TO_INT: {
    const char *g = convert_space(e, ptx_val(e, i->args[0]), i->args[0]->ty->space, IRS_GENERIC);
    if (i->ty->size == 8) ptx_set_val(e, i, g);
    else {
      ptx_line(e, "cvt.u32.u64 %s, %s;", ptx_def(e, i), g);
      ptx_normalize(e, i->ty, ptx_val(e, i));
    }
    break;
  }
  case IR_INT_TO_PTR:
    ptx_set_val(e, i, convert_space(e, index64(e, i->args[0]), IRS_GENERIC, i->ty->space));
    break;
  case IR_MEMCPY: print_byte_loop(e, i, true); break;
  case IR_MEMSET: print_byte_loop(e, i, false); break;
  case IR_GLOBAL:
    ptx_line(e, "mov.u64 %s, %s;", ptx_def(e, i), ptx_global_name(e, i->global));
    break;
  case IR_STRING: {
    const char *g = string_addr(e, i->str, i->str_len);
    ptx_set_val(e, i, convert_space(e, g, IRS_GENERIC, i->ty->space));
    break;
  }
  case IR_DYN_SHARED: {
    const char *r = ptx_reg(e, RC_B64);
    ptx_line(e, "mov.u64 %s, __cuwa_dyn_shared;", r);
    ptx_set_val(e, i, convert_space(e, r, IRS_SHARED, i->ty->space));
    break;
  }
  default: ICE("print_memory %s", ir_op_name(i->op));
  }
}

/* ---- calls: vprintf, __assertfail, inlined device functions ------------------------- */

static void print_printf(PtxEmit *e, const IrInst *i) {
  e->uses_vprintf = true;
  int size = 0;
  for (int k = 1; k < i->arg_count; k++) {
    const IrType *t = i->args[k]->ty;
    int s = t->size >= 8 || ir_type_is_float(t) ? 8 : 4;
    size = (size + s - 1) / s * s + s;
  }
  const char *buf = "0";
  if (size) {
    const char *slot = new_slot(e, size, 8);
    int off = 0;
    for (int k = 1; k < i->arg_count; k++) {
      const IrInst *x = i->args[k];
      const char *v = ptx_val(e, x);
      const IrType *t = x->ty;
      if (ir_type_is_float(t) && t->kind != IRT_F64) {  /* C promotes to double */
        const char *dd = ptx_reg(e, RC_B64);
        ptx_line(e, "cvt.f64.%s %s, %s;", t->kind == IRT_F16 ? "f16" : "f32", dd, v);
        v = dd;
      } else if (t->kind == IRT_BOOL) {
        const char *r = ptx_reg(e, RC_B32);
        ptx_line(e, "selp.u32 %s, 1, 0, %s;", r, v);
        v = r;
      } else if (t->kind == IRT_PTR && t->space != IRS_GENERIC) {
        v = convert_space(e, v, t->space, IRS_GENERIC);
      }
      int s = t->size >= 8 || ir_type_is_float(t) ? 8 : 4;
      off = (off + s - 1) / s * s;
      ptx_line(e, "st.local.b%d [%s+%d], %s;", s * 8, slot, off, v);
      off += s;
    }
    const char *g = ptx_reg(e, RC_B64);
    ptx_line(e, "cvta.local.u64 %s, %s;", g, slot);
    buf = g;
  }
  const char *fmt = convert_space(e, ptx_val(e, i->args[0]), i->args[0]->ty->space, IRS_GENERIC);
  const char *r = i->ty->kind == IRT_VOID ? ptx_reg(e, RC_B32) : ptx_def(e, i);
  ptx_line(e, "{");
  ptx_line(e, ".param .b64 pf0;");
  ptx_line(e, "st.param.b64 [pf0], %s;", fmt);
  ptx_line(e, ".param .b64 pf1;");
  ptx_line(e, "st.param.b64 [pf1], %s;", buf);
  ptx_line(e, ".param .b32 pfr;");
  ptx_line(e, "call (pfr), vprintf, (pf0, pf1);");
  ptx_line(e, "ld.param.b32 %s, [pfr];", r);
  ptx_line(e, "}");
}

static void print_trap(PtxEmit *e, const IrInst *i) {
  e->uses_assert = true;
  const char *msg = i->str ? i->str : "";
  const char *file = ptx_file_of(e, i->loc);
  const char *fn = e->inst->f->name;
  const char *m = string_addr(e, msg, (int)strlen(msg) + 1);
  const char *f = string_addr(e, file, (int)strlen(file) + 1);
  const char *n = string_addr(e, fn, (int)strlen(fn) + 1);
  ptx_line(e, "{");
  ptx_line(e, ".param .b64 af0;");
  ptx_line(e, "st.param.b64 [af0], %s;", m);
  ptx_line(e, ".param .b64 af1;");
  ptx_line(e, "st.param.b64 [af1], %s;", f);
  ptx_line(e, ".param .b32 af2;");
  ptx_line(e, "st.param.b32 [af2], %u;", i->loc.line);
  ptx_line(e, ".param .b64 af3;");
  ptx_line(e, "st.param.b64 [af3], %s;", n);
  ptx_line(e, ".param .b64 af4;");
  ptx_line(e, "st.param.b64 [af4], 1;");
  ptx_line(e, "call __assertfail, (af0, af1, af2, af3, af4);");
  ptx_line(e, "}");
  ptx_line(e, "trap;");  /* __assertfail does not return; keep the CFG honest */
}

static void print_body(PtxEmit *e, PtxInstance *in);

static bool inst_needs_slot(const IrInst *l);

static void print_func_call(PtxEmit *e, const IrInst *i);

/* Inlines the callee at the call site, with fresh registers and slots
 * (a .func callee is called instead). */
static void print_call(PtxEmit *e, const IrInst *i) {
  const IrFunc *c = i->callee;
  if (e->as_func[c->id]) {
    print_func_call(e, i);
    return;
  }
  PtxInstance *in = ARENA_NEW(e->a, PtxInstance);
  in->f = c;
  in->parent = e->inst;
  in->args = ARENA_ARRAY(e->a, const char *, i->arg_count + 1);
  in->arg_glob = ARENA_ARRAY(e->a, bool, i->arg_count + 1);
  for (int k = 0; k < i->arg_count; k++) {
    in->args[k] = ptx_val(e, i->args[k]);
    in->arg_glob[k] = e->inst->glob[i->args[k]->id];
  }
  in->ret_label = ptx_label(e);
  if (i->ty->kind != IRT_VOID) {
    if (ptx_is_aggregate(i->ty)) in->ret_val = new_slot(e, i->ty->size, i->ty->align);
    else in->ret_val = ptx_reg(e, ptx_rc(i->ty));
    ptx_set_val(e, i, in->ret_val);
  }
  PtxInstance *saved = e->inst;
  int saved_jumps = e->njumps;
  print_body(e, in);
  e->inst = saved;
  e->njumps = saved_jumps;
  put_label(e, in->ret_label);
}

static void print_return(PtxEmit *e, const IrInst *i) {
  PtxInstance *in = e->inst;
  if (!in->ret_label) {
    if (e->in_func && i->arg_count > 0)
      ptx_store_param(e, "__cuwa_r", i->args[0]->ty, ptx_val(e, i->args[0]));
    ptx_line(e, "ret;");
    return;
  }
  if (i->arg_count > 0 && in->ret_val) {
    const IrInst *v = i->args[0];
    if (ptx_is_aggregate(v->ty))
      copy_mem(e, in->ret_val, IRS_LOCAL, ptx_val(e, v), IRS_LOCAL, v->ty->size, v->ty->align);
    else
      ptx_line(e, "mov.%s %s, %s;", mov_type(v->ty), in->ret_val, ptx_val(e, v));
  }
  ptx_line(e, "bra %s;", in->ret_label);
}

/* ---- structured control flow ------------------------------------------------------- */

static void print_block(PtxEmit *e, const IrBlock *b);

static void push_jump(PtxEmit *e, const char *brk, const char *cont) {
  if (e->njumps == (int)(sizeof e->jumps / sizeof *e->jumps)) ICE("loops nested too deeply");
  e->jumps[e->njumps++] = (PtxJump){brk, cont};
}

static const char *innermost_continue(PtxEmit *e) {
  for (int k = e->njumps - 1; k >= 0; k--)
    if (e->jumps[k].cont) return e->jumps[k].cont;
  ICE("continue outside a loop");
}

static void print_if(PtxEmit *e, const IrInst *i) {
  const char *c = ptx_val(e, i->args[0]);
  const char *lend = ptx_label(e);
  bool has_else = i->blocks[1].first != NULL;
  const char *lelse = has_else ? ptx_label(e) : lend;
  ptx_line(e, "@!%s bra %s;", c, lelse);
  print_block(e, &i->blocks[0]);
  if (has_else) {
    if (!ir_block_terminates(&i->blocks[0])) ptx_line(e, "bra %s;", lend);
    put_label(e, lelse);
    print_block(e, &i->blocks[1]);
  }
  put_label(e, lend);
}

static void print_loop(PtxEmit *e, const IrInst *i) {
  const char *head = ptx_label(e), *cont = ptx_label(e), *brk = ptx_label(e);
  put_label(e, head);
  push_jump(e, brk, cont);
  print_block(e, &i->blocks[0]);
  put_label(e, cont);
  print_block(e, &i->blocks[1]);
  e->njumps--;
  ptx_line(e, "bra %s;", head);
  put_label(e, brk);
}

static void print_switch(PtxEmit *e, const IrInst *i) {
  const IrInst *sel = i->args[0];
  const char *s = ptx_val(e, sel), *end = ptx_label(e), *dflt = end;
  const char **labels = ARENA_ARRAY(e->a, const char *, i->case_count + 1);
  const char *p = ptx_reg(e, RC_PRED);
  for (int k = 0; k < i->case_count; k++) {
    labels[k] = ptx_label(e);
    if (i->cases[k].is_default) dflt = labels[k];
    for (int v = 0; v < i->cases[k].value_count; v++) {
      long long x = (long long)i->cases[k].values[v];
      if (sel->ty->size == 8) ptx_line(e, "setp.eq.s64 %s, %s, %lld;", p, s, x);
      else ptx_line(e, "setp.eq.s32 %s, %s, %d;", p, s, (int)(int32_t)x);
      ptx_line(e, "@%s bra %s;", p, labels[k]);
    }
  }
  ptx_line(e, "bra %s;", dflt);
  push_jump(e, end, NULL);
  for (int k = 0; k < i->case_count; k++) {
    put_label(e, labels[k]);
    print_block(e, &i->cases[k].body);
    if (!i->cases[k].falls_through && !ir_block_terminates(&i->cases[k].body))
      ptx_line(e, "bra %s;", end);
  }
  e->njumps--;
  put_label(e, end);
}

static void print_control(PtxEmit *e, const IrInst *i) {
  switch (i->op) {
  case IR_IF: print_if(e, i); break;
  case IR_LOOP: print_loop(e, i); break;
  case IR_SWITCH: print_switch(e, i); break;
  case IR_BREAK:
    if (!e->njumps) ICE("break outside a loop");
    ptx_line(e, "bra %s;", e->jumps[e->njumps - 1].brk);
    break;
  case IR_BREAK_IF:
    if (!e->njumps) ICE("break_if outside a loop");
    ptx_line(e, "@%s bra %s;", ptx_val(e, i->args[0]), e->jumps[e->njumps - 1].brk);
    break;
  case IR_CONTINUE: ptx_line(e, "bra %s;", innermost_continue(e)); break;
  case IR_RETURN: print_return(e, i); break;
  case IR_BARRIER: ptx_line(e, "bar.sync 0;"); break;
  case IR_TRAP: print_trap(e, i); break;
  default: ICE("print_control %s", ir_op_name(i->op));
  }
}

/* ---- values -------------------------------------------------------------------------- */

static const char *sreg_name(IrOp op) {
  switch (op) {
  case IR_THREAD_IDX: return "%tid";
  case IR_BLOCK_IDX: return "%ctaid";
  case IR_BLOCK_DIM: return "%ntid";
  case IR_GRID_DIM: return "%nctaid";
  default: ICE("sreg");
  }
}

static void copy_param_loop(PtxEmit *e, const char *slot, const char *name, int size, int u,
                            const char *ty, const char *r) {
  const char *src = ptx_reg(e, RC_B64), *dst = ptx_reg(e, RC_B64), *end = ptx_reg(e, RC_B64);
  const char *p = ptx_reg(e, RC_PRED), *top = ptx_label(e);
  ptx_line(e, "mov.u64 %s, %s;", src, name);
  ptx_line(e, "mov.u64 %s, %s;", dst, slot);
  ptx_line(e, "add.s64 %s, %s, %d;", end, src, size);
  put_label(e, top);
  ptx_line(e, "ld.param.%s %s, [%s];", ty, r, src);
  ptx_line(e, "st.local.%s [%s], %s;", ty, dst, r);
  ptx_line(e, "add.s64 %s, %s, %d;", src, src, u);
  ptx_line(e, "add.s64 %s, %s, %d;", dst, dst, u);
  ptx_line(e, "setp.lt.u64 %s, %s, %s;", p, src, end);
  ptx_line(e, "@%s bra %s;", p, top);
}

/* A kernel parameter: loaded from .param space (aggregates copied). */
static void print_param(PtxEmit *e, const IrInst *i) {
  PtxInstance *in = e->inst;
  if (in->args) {
    ptx_set_val(e, i, in->args[i->imm]);
    return;
  }
  const char *name = arena_printf(e->a, "__cuwa_p%d", (int)i->imm);
  const IrType *t = i->ty;
  if (ptx_is_aggregate(t)) {
    const char *s = new_slot(e, t->size, t->align);
    int u = copy_unit(t->size, t->align);
    const char *r = ptx_reg(e, u == 8 ? RC_B64 : RC_B32);
    const char *ty = u == 8 ? "u64" : u == 4 ? "u32" : u == 2 ? "u16" : "u8";
    if (t->size / u > PARAM_UNROLL) copy_param_loop(e, s, name, t->size, u, ty, r);
    else
      for (int off = 0; off < t->size; off += u) {
        ptx_line(e, "ld.param.%s %s, [%s+%d];", ty, r, name, off);
        ptx_line(e, "st.local.%s [%s+%d], %s;", ty, s, off, r);
      }
    ptx_set_val(e, i, s);
  } else if (e->in_func) {
    ptx_load_param(e, name, t, ptx_def(e, i));
  } else if (t->kind == IRT_BOOL) {
    const char *r = ptx_reg(e, RC_B32);
    ptx_line(e, "ld.param.u8 %s, [%s];", r, name);
    ptx_line(e, "setp.ne.u32 %s, %s, 0;", ptx_def(e, i), r);
  } else {
    ptx_line(e, "ld.param.%s %s, [%s];", ptx_mem_type(t), ptx_def(e, i), name);
  }
}

static void print_undef(PtxEmit *e, const IrInst *i) {
  if (ptx_is_aggregate(i->ty)) {
    const char *s = new_slot(e, i->ty->size, i->ty->align);
    zero_mem(e, s, IRS_LOCAL, i->ty->size, i->ty->align);
    ptx_set_val(e, i, s);
  } else if (i->ty->kind == IRT_BOOL) {
    ptx_line(e, "setp.ne.u32 %s, 0, 0;", ptx_def(e, i));
  } else {
    ptx_line(e, "mov.%s %s, 0;", mov_type(i->ty), ptx_def(e, i));
  }
}

static void print_inst(PtxEmit *e, const IrInst *i) {
  switch (i->op) {
  case IR_CONST: ptx_print_const(e, i); break;
  case IR_UNDEF: print_undef(e, i); break;
  case IR_PARAM: print_param(e, i); break;
  case IR_LOCAL: break;  /* set up by the instance's prologue */
  case IR_ADD: case IR_SUB: case IR_MUL: case IR_DIV: case IR_REM:
  case IR_AND: case IR_OR: case IR_XOR: case IR_SHL: case IR_SHR:
    ptx_print_binary(e, i);
    break;
  case IR_NEG: case IR_NOT: ptx_print_unary(e, i); break;
  case IR_EQ: case IR_NE: case IR_LT: case IR_LE: case IR_GT: case IR_GE:
    ptx_print_compare(e, i);
    break;
  case IR_CONV: ptx_print_conv(e, i); break;
  case IR_BITCAST:
    ptx_line(e, "mov.%s %s, %s;", mov_type(i->ty), ptx_def(e, i), ptx_val(e, i->args[0]));
    break;
  case IR_SELECT: ptx_print_select(e, i); break;
  case IR_LOAD: case IR_STORE: case IR_PTR_ADD: case IR_PTR_DIFF:
  case IR_MEMBER_PTR: case IR_DECAY: case IR_PTR_CAST: case IR_PTR_TO_INT:
  case IR_INT_TO_PTR: case IR_MEMCPY: case IR_MEMSET: case IR_GLOBAL:
  case IR_STRING: case IR_DYN_SHARED:
    print_memory(e, i);
    break;
  case IR_CALL: print_call(e, i); break;
  case IR_INTRINSIC: ptx_print_intrinsic(e, i); break;
  case IR_PRINTF: print_printf(e, i); break;
  case IR_THREAD_IDX: case IR_BLOCK_IDX: case IR_BLOCK_DIM: case IR_GRID_DIM:
    ptx_line(e, "mov.u32 %s, %s.%c;", ptx_def(e, i), sreg_name(i->op), "xyz"[i->imm]);
    break;
  case IR_IF: case IR_LOOP: case IR_SWITCH: case IR_BREAK: case IR_BREAK_IF:
  case IR_CONTINUE: case IR_RETURN: case IR_BARRIER: case IR_TRAP:
    print_control(e, i);
    break;
  default: ICE("ptx: unexpected op %s", ir_op_name(i->op));
  }
}

static void print_block(PtxEmit *e, const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) {
    print_inst(e, i);
    if (i->op == IR_RETURN || i->op == IR_BREAK || i->op == IR_CONTINUE || i->op == IR_TRAP)
      break;  /* the rest is unreachable */
  }
}

/* ---- locals: registers when only loaded and stored, else frame slots ------------------- */

typedef struct UseScan { const IrFunc *f; bool *escapes; } UseScan;

static void scan_block(UseScan *u, const IrBlock *b) {
  for (const IrInst *i = b->first; i; i = i->next) {
    for (int k = 0; k < i->arg_count; k++) {
      const IrInst *a = i->args[k];
      if (a->op != IR_LOCAL) continue;
      bool direct = k == 0 && !i->is_volatile && (i->op == IR_LOAD || i->op == IR_STORE);
      if (!direct) u->escapes[a->id] = true;
    }
    scan_block(u, &i->blocks[0]);
    scan_block(u, &i->blocks[1]);
    for (int c = 0; c < i->case_count; c++) scan_block(u, &i->cases[c].body);
  }
}

static bool inst_needs_slot(const IrInst *l) {
  const IrType *t = l->ty->elem;
  return ptx_is_aggregate(t);
}

static void print_body(PtxEmit *e, PtxInstance *in) {
  const IrFunc *f = in->f;
  in->val = ARENA_ARRAY(e->a, const char *, f->next_id + 1);
  in->local_reg = ARENA_ARRAY(e->a, const char *, f->next_id + 1);
  UseScan u = {f, ARENA_ARRAY(e->a, bool, f->next_id + 1)};
  scan_block(&u, &f->body);
  in->glob = ptx_glob_analyze(e->a, f, u.escapes, !in->args && !e->in_func, in->arg_glob);
  e->inst = in;
  for (int k = 0; k < f->local_count; k++) {
    const IrInst *l = f->locals[k];
    if (!u.escapes[l->id] && !inst_needs_slot(l)) {
      in->local_reg[l->id] = ptx_reg(e, ptx_rc(l->ty->elem));
      ptx_set_val(e, l, "<promoted>");
    } else {
      ptx_set_val(e, l, new_slot(e, l->ty->elem->size, l->ty->elem->align));
    }
  }
  print_block(e, &f->body);
}

/* ---- .func: device functions that are not inlined ------------------------------------- */

/* The .param declaration of a value of type t (the PTX ABI widens bool
 * and sub-word integers to b32). */
static void print_param_type(StrBuf *o, const IrType *t, const char *name) {
  if (ptx_is_aggregate(t))
    strbuf_printf(o, ".param .align %d .b8 %s[%d]", t->align > 0 ? t->align : 1, name,
                  t->size > 0 ? t->size : 1);
  else strbuf_printf(o, ".param .%s %s", mov_type(t)[0] == 'p' ? "b32" : mov_type(t), name);
}

/* Copies an aggregate between the .local frame and a .param variable. */
static void copy_param(PtxEmit *e, const char *slot, const char *name, const IrType *t,
                       bool to_param) {
  int u = copy_unit(t->size, t->align);
  const char *r = ptx_reg(e, u == 8 ? RC_B64 : RC_B32);
  const char *ty = u == 8 ? "u64" : u == 4 ? "u32" : u == 2 ? "u16" : "u8";
  for (int off = 0; off < t->size; off += u) {
    if (to_param) {
      ptx_line(e, "ld.local.%s %s, [%s+%d];", ty, r, slot, off);
      ptx_line(e, "st.param.%s [%s+%d], %s;", ty, name, off, r);
    } else {
      ptx_line(e, "ld.param.%s %s, [%s+%d];", ty, r, name, off);
      ptx_line(e, "st.local.%s [%s+%d], %s;", ty, slot, off, r);
    }
  }
}

void ptx_store_param(PtxEmit *e, const char *name, const IrType *t, const char *v) {
  if (ptx_is_aggregate(t)) {
    copy_param(e, v, name, t, true);
  } else if (t->kind == IRT_BOOL) {
    const char *r = ptx_reg(e, RC_B32);
    ptx_line(e, "selp.u32 %s, 1, 0, %s;", r, v);
    ptx_line(e, "st.param.b32 [%s], %s;", name, r);
  } else {
    ptx_line(e, "st.param.%s [%s], %s;", mov_type(t), name, v);
  }
}

/* Loads a .param of type t into d (a register, or for aggregates a new
 * slot whose address is returned). */
const char *ptx_load_param(PtxEmit *e, const char *name, const IrType *t, const char *d) {
  if (ptx_is_aggregate(t)) {
    const char *s = new_slot(e, t->size, t->align);
    copy_param(e, s, name, t, false);
    return s;
  }
  if (t->kind == IRT_BOOL) {
    const char *r = ptx_reg(e, RC_B32);
    ptx_line(e, "ld.param.b32 %s, [%s];", r, name);
    ptx_line(e, "setp.ne.u32 %s, %s, 0;", d, r);
  } else {
    ptx_line(e, "ld.param.%s %s, [%s];", mov_type(t), d, name);
  }
  return d;
}

/* libm.cu's functions keep their names: ptx_libm_gen.inc calls them so. */
const char *ptx_func_name(PtxEmit *e, const IrFunc *f) {
  if (strncmp(f->name, PTX_LIBM_PREFIX, strlen(PTX_LIBM_PREFIX)) == 0) return f->name;
  return arena_printf(e->a, "__cuwa_f%u", f->id);
}

/* call (ret), f, (args) through .param variables of a fresh scope. */
static void print_func_call(PtxEmit *e, const IrInst *i) {
  const IrFunc *c = i->callee;
  StrBuf args = {0};
  ptx_line(e, "{");
  for (int k = 0; k < i->arg_count; k++) {
    const char *name = arena_printf(e->a, "__cuwa_a%d", k);
    StrBuf decl = {0};
    print_param_type(&decl, i->args[k]->ty, name);
    ptx_line(e, "%s;", decl.data);
    strbuf_free(&decl);
    ptx_store_param(e, name, i->args[k]->ty, ptx_val(e, i->args[k]));
    strbuf_printf(&args, "%s%s", k ? ", " : "", name);
  }
  bool has_ret = i->ty->kind != IRT_VOID;
  if (has_ret) {
    StrBuf decl = {0};
    print_param_type(&decl, i->ty, "__cuwa_cr");
    ptx_line(e, "%s;", decl.data);
    strbuf_free(&decl);
  }
  ptx_line(e, "call %s%s, (%s);", has_ret ? "(__cuwa_cr), " : "", ptx_func_name(e, c),
           args.data ? args.data : "");
  if (has_ret) {
    if (ptx_is_aggregate(i->ty)) ptx_set_val(e, i, ptx_load_param(e, "__cuwa_cr", i->ty, NULL));
    else ptx_load_param(e, "__cuwa_cr", i->ty, ptx_def(e, i));
  }
  ptx_line(e, "}");
  strbuf_free(&args);
}

/* ".func (.param .b32 __cuwa_r) __cuwa_f3(.param .b32 __cuwa_p0, ...)" */
static void print_func_head(PtxEmit *e, const IrFunc *f, StrBuf *o) {
  strbuf_puts(o, ".func ");
  if (f->ret->kind != IRT_VOID) {
    strbuf_putc(o, '(');
    print_param_type(o, f->ret, "__cuwa_r");
    strbuf_puts(o, ") ");
  }
  strbuf_printf(o, "%s(", ptx_func_name(e, f));
  for (int p = 0; p < f->param_count; p++) {
    strbuf_puts(o, p ? ", " : "");
    print_param_type(o, f->params[p], arena_printf(e->a, "__cuwa_p%d", p));
  }
  strbuf_putc(o, ')');
}

/* Calls from f, depth first: marks what is reachable (reach) and finds
 * whether target is reachable (recursion). */
static bool reaches(const IrBlock *b, const IrFunc *target, uint8_t *seen);

static bool reaches_func(const IrFunc *f, const IrFunc *target, uint8_t *seen) {
  if (f == target) return true;
  if (seen[f->id]) return false;
  seen[f->id] = 1;
  return reaches(&f->body, target, seen);
}

static bool reaches(const IrBlock *b, const IrFunc *target, uint8_t *seen) {
  for (const IrInst *i = b->first; i; i = i->next) {
    if (i->op == IR_CALL && reaches_func(i->callee, target, seen)) return true;
    if (reaches(&i->blocks[0], target, seen) || reaches(&i->blocks[1], target, seen)) return true;
    for (int k = 0; k < i->case_count; k++)
      if (reaches(&i->cases[k].body, target, seen)) return true;
  }
  return false;
}

/* .func: recursive and __noinline__ functions that a kernel reaches;
 * every other device function is inlined. */
static void choose_funcs(PtxEmit *e) {
  IrModule *m = e->m;
  uint32_t n = 1;
  for (int i = 0; i < m->funcs.len; i++)
    if (m->funcs.data[i]->id + 1 > n) n = m->funcs.data[i]->id + 1;
  e->as_func = ARENA_ARRAY(e->a, bool, n);
  uint8_t *seen = ARENA_ARRAY(e->a, uint8_t, n);
  for (int i = 0; i < m->funcs.len; i++) {
    const IrFunc *f = m->funcs.data[i];
    if (f->is_kernel) continue;
    bool used = false;
    for (int k = 0; k < m->funcs.len && !used; k++) {
      if (!m->funcs.data[k]->is_kernel) continue;
      memset(seen, 0, n);
      used = reaches(&m->funcs.data[k]->body, f, seen);
    }
    memset(seen, 0, n);
    e->as_func[f->id] = used && (f->is_noinline || reaches(&f->body, f, seen));
  }
}

/* ---- kernels and the module --------------------------------------------------------------- */

static void print_param_decl(PtxEmit *e, StrBuf *o, const IrType *t, int k) {
  if (ptx_is_aggregate(t))
    strbuf_printf(o, "\t.param .align %d .b8 __cuwa_p%d[%d]", t->align > 0 ? t->align : 1, k,
                  t->size);
  else if (t->kind == IRT_BOOL) strbuf_printf(o, "\t.param .u8 __cuwa_p%d", k);
  else strbuf_printf(o, "\t.param .%s __cuwa_p%d", ptx_mem_type(t), k);
}

/* Kernel parameters beyond 4352 bytes (CUDA 12.1, Volta and later: up to
 * 32764) need PTX ISA 8.1; smaller ones keep 7.0 for older drivers. */
static void note_param_space(PtxEmit *e, const IrFunc *k) {
  int total = 0;
  for (int p = 0; p < k->param_count; p++) {
    const IrType *t = k->params[p];
    int al = t->align > 0 ? t->align : 1;
    total = (total + al - 1) / al * al + t->size;
  }
  if (total > 4352 && e->ptx_version < 81) e->ptx_version = 81;
}

static void print_entry_head(PtxEmit *e, const IrFunc *k, StrBuf *out) {
  note_param_space(e, k);
  strbuf_printf(out, "\n// %s\n.visible .entry cuwa_k%d(\n", k->name, k->ordinal);
  for (int p = 0; p < k->param_count; p++) {
    print_param_decl(e, out, k->params[p], p);
    strbuf_puts(out, p + 1 < k->param_count ? ",\n" : "\n");
  }
  strbuf_puts(out, ")");
}

/* One .entry (a kernel) or .func, with its registers and .local frame. */
static void print_function(PtxEmit *e, const IrFunc *k, StrBuf *out) {
  StrBuf body = {0};
  e->body = &body;
  memset(e->nreg, 0, sizeof e->nreg);
  e->frame_size = 0;
  e->frame_align = 1;
  e->njumps = 0;
  e->kernel = k;
  e->in_func = !k->is_kernel;
  e->frame_base = ptx_reg(e, RC_B64);
  PtxInstance *in = ARENA_NEW(e->a, PtxInstance);
  in->f = k;
  print_body(e, in);
  if (!ir_block_terminates(&k->body)) ptx_line(e, "ret;");
  if (k->is_kernel) {
    print_entry_head(e, k, out);
  } else {
    strbuf_printf(out, "\n// %s\n", k->name);
    print_func_head(e, k, out);
  }
  strbuf_puts(out, "\n{\n");
  static const char *decl[RC_COUNT] = {".pred", ".b16", ".b32", ".b64"};
  for (int c = 0; c < RC_COUNT; c++)
    if (e->nreg[c]) strbuf_printf(out, "\t.reg %s %s<%d>;\n", decl[c], rc_prefix[c], e->nreg[c] + 1);
  if (e->frame_size) {
    strbuf_printf(out, "\t.local .align %d .b8 __cuwa_frame[%d];\n", e->frame_align, e->frame_size);
    strbuf_printf(out, "\tmov.u64 %s, __cuwa_frame;\n", e->frame_base);
  }
  strbuf_puts(out, body.data ? body.data : "");
  strbuf_puts(out, "}\n");
  strbuf_free(&body);
}

static void print_global(PtxEmit *e, const IrGlobal *g, StrBuf *o) {
  const char *name = ptx_global_name(e, g);
  int align = g->ty->align > 0 ? g->ty->align : 1;
  int size = g->ty->size > 0 ? g->ty->size : 1;
  if (g->is_dynamic_shared) return;  /* all alias __cuwa_dyn_shared */
  switch (g->space) {
  case IRS_SHARED: strbuf_printf(o, ".shared .align %d .b8 %s[%d];\n", align, name, size); return;
  case IRS_GLOBAL: strbuf_printf(o, "%s.global .align %d .b8 %s[%d]", g->is_internal ? "" : ".visible ", align, name, size); break;
  case IRS_CONSTANT: strbuf_printf(o, "%s.const .align %d .b8 %s[%d]", g->is_internal ? "" : ".visible ", align, name, size); break;
  default: ICE("global in space %d", (int)g->space);
  }
  if (g->init) put_bytes(o, g->init, size);
  strbuf_puts(o, ";\n");
}

static void print_functions(PtxEmit *e, StrBuf *protos, StrBuf *code) {
  IrModule *m = e->m;
  for (int f = 0; f < m->funcs.len; f++) {
    const IrFunc *fn = m->funcs.data[f];
    if (fn->is_kernel || !e->as_func[fn->id]) continue;
    print_func_head(e, fn, protos);
    strbuf_puts(protos, ";\n");
    print_function(e, fn, code);
  }
  for (int f = 0; f < m->funcs.len; f++)
    if (m->funcs.data[f]->is_kernel) print_function(e, m->funcs.data[f], code);
}

bool ptx_emit(IrModule *m, const char *unit, Diag *d, StrBuf *out) {
  Arena a;
  arena_init(&a);
  /* sm_70 at least: the driver JIT-compiles PTX of an older .target for a
   * newer GPU with pre-Volta warp scheduling (the Volta compatibility
   * guide's opt-in), where a spin lock taken by lanes of one warp hangs;
   * CUDA code since Volta relies on independent thread scheduling */
  PtxEmit e = {.m = m, .a = &a, .d = d, .min_sm = 70, .ptx_version = 70};
  StrBuf vars = {0}, protos = {0}, code = {0}, lib = {0};
  choose_funcs(&e);
  for (int g = 0; g < m->globals.len; g++) print_global(&e, m->globals.data[g], &vars);
  print_functions(&e, &protos, &code);
  ptx_libm_print(&e, &lib);
  strbuf_printf(out, "// cuwa PTX for %s (unit %s)\n.version %d.%d\n.target sm_%d\n.address_size 64\n\n",
                m->source_path ? m->source_path : "?", unit ? unit : "", e.ptx_version / 10,
                e.ptx_version % 10, e.min_sm);
  if (e.uses_vprintf)
    strbuf_puts(out, ".extern .func (.param .b32 r) vprintf(.param .b64 f, .param .b64 a);\n");
  if (e.uses_assert)
    strbuf_puts(out, ".extern .func __assertfail(.param .b64 m, .param .b64 f, .param .b32 l, "
                     ".param .b64 fn, .param .b64 cs);\n");
  strbuf_puts(out, ".extern .shared .align 16 .b8 __cuwa_dyn_shared[];\n");
  strbuf_puts(out, vars.data ? vars.data : "");
  strbuf_puts(out, e.decls.data ? e.decls.data : "");
  strbuf_puts(out, lib.data ? lib.data : "");
  strbuf_puts(out, protos.data ? protos.data : "");
  strbuf_puts(out, code.data ? code.data : "");
  strbuf_free(&vars);
  strbuf_free(&protos);
  strbuf_free(&code);
  strbuf_free(&lib);
  strbuf_free(&e.decls);
  arena_free(&a);
  return true;
}
