/* lower_asm.c: asm statements (ND_ASM) with PTX text -> ordinary IR, so
 * that every back end runs them. Reads the template one instruction at a
 * time (operands %0.. and %[name], %%reg, .reg declarations in { }
 * scopes, @p predicates), keeps each register in a local slot, and hands
 * each instruction to lower_asm_ops.c. Special registers (%laneid, %tid.x,
 * %clock64, ...) become grid ops and intrinsics. Branches, labels and the
 * instructions lower_asm_ops.c does not know are reported, never dropped. */
#include "lower_asm.h"

#include <stdlib.h>
#include <string.h>

typedef struct PtxReg {
  const char *name;
  IrInst *slot;
  int depth;          /* the { } scope that declared it */
} PtxReg;

typedef struct PtxParser {
  Asm *A;
  const char *s, *end, *text;
  Vec(PtxReg) regs;
  int depth;
  IrInst **op_slots;  /* per asm operand (NULL for immediates) */
} PtxParser;

/* ---- values --------------------------------------------------------------- */

IrType *asm_scalar(Asm *A, IrTypeKind k) { return ir_type_scalar(A->L->m, k); }

static IrTypeKind int_kind(int size, bool is_signed) {
  switch (size) {
  case 1: return is_signed ? IRT_I8 : IRT_U8;
  case 2: return is_signed ? IRT_I16 : IRT_U16;
  case 4: return is_signed ? IRT_I32 : IRT_U32;
  default: return is_signed ? IRT_I64 : IRT_U64;
  }
}

/* v as type t with the same bits where the sizes agree (registers hold
 * bits); integers are truncated or extended by v's signedness. */
IrInst *asm_fit(Asm *A, IrInst *v, IrType *t) {
  IrBuilder *b = &A->L->b;
  if (ir_type_equal(v->ty, t)) return v;
  if (t->kind == IRT_PTR) {
    if (v->ty->kind == IRT_PTR) return ir_emit_ptr_cast(b, t, v);
    return ir_emit_unary(b, IR_INT_TO_PTR, t, asm_fit(A, v, asm_scalar(A, IRT_U64)));
  }
  if (v->ty->kind == IRT_PTR)
    v = ir_emit_unary(b, IR_PTR_TO_INT, asm_scalar(A, IRT_U64), v);
  if (t->kind == IRT_BOOL) {
    if (v->ty->kind == IRT_BOOL) return v;
    v = asm_fit(A, v, asm_scalar(A, int_kind(v->ty->size, false)));
    return ir_emit_binary(b, IR_NE, v, ir_emit_const_int(b, v->ty, 0));
  }
  if (v->ty->kind == IRT_BOOL) return ir_emit_conv(b, t, v);
  if (ir_type_is_float(v->ty) && v->ty->size != t->size)
    v = ir_emit_unary(b, IR_BITCAST, asm_scalar(A, int_kind(v->ty->size, false)), v);
  if (ir_type_is_float(t)) {
    if (v->ty->size != t->size) v = ir_emit_conv(b, asm_scalar(A, int_kind(t->size, false)), v);
    return ir_type_is_float(v->ty) ? v : ir_emit_unary(b, IR_BITCAST, t, v);
  }
  if (ir_type_is_float(v->ty)) return ir_emit_unary(b, IR_BITCAST, t, v);
  return ir_emit_conv(b, t, v);
}

IrInst *asm_new_slot(Asm *A, IrType *t, const char *name) {
  return ir_new_local(A->L->b.f, t, name, A->loc);
}

/* The linear thread index in the block, x fastest: warps are 32
 * consecutive ones everywhere in cuwa (cooperative_groups.h cta_rank). */
static IrInst *linear_tid(Asm *A) {
  IrBuilder *b = &A->L->b;
  IrInst *t[3], *n[2];
  for (int c = 0; c < 3; c++) t[c] = ir_emit_grid(b, IR_THREAD_IDX, c);
  for (int c = 0; c < 2; c++) n[c] = ir_emit_grid(b, IR_BLOCK_DIM, c);
  IrInst *r = ir_emit_binary(b, IR_ADD, ir_emit_binary(b, IR_MUL, t[2], n[1]), t[1]);
  return ir_emit_binary(b, IR_ADD, ir_emit_binary(b, IR_MUL, r, n[0]), t[0]);
}

static IrInst *u32c(Asm *A, int64_t v) {
  return ir_emit_const_int(&A->L->b, asm_scalar(A, IRT_U32), v);
}

/* %lanemask_eq/lt/le/ge/gt */
static IrInst *lanemask(Asm *A, const char *which) {
  IrBuilder *b = &A->L->b;
  IrInst *lane = ir_emit_binary(b, IR_AND, linear_tid(A), u32c(A, 31));
  IrInst *eq = ir_emit_binary(b, IR_SHL, u32c(A, 1), lane);
  if (!strcmp(which, "eq")) return eq;
  IrInst *lt = ir_emit_binary(b, IR_SUB, eq, u32c(A, 1));
  IrInst *le = ir_emit_binary(b, IR_SUB, ir_emit_binary(b, IR_SHL, eq, u32c(A, 1)), u32c(A, 1));
  if (!strcmp(which, "lt")) return lt;
  if (!strcmp(which, "le")) return le;
  return ir_emit_unary(b, IR_NOT, NULL, !strcmp(which, "ge") ? lt : le);
}

IrInst *asm_special(Asm *A, PtxOp *o) {
  IrBuilder *b = &A->L->b;
  static const struct { const char *name; IrOp op; } grid[] = {
    {"tid", IR_THREAD_IDX}, {"ntid", IR_BLOCK_DIM}, {"ctaid", IR_BLOCK_IDX}, {"nctaid", IR_GRID_DIM},
  };
  for (size_t i = 0; i < sizeof grid / sizeof grid[0]; i++)
    if (!strcmp(o->name, grid[i].name)) return ir_emit_grid(b, grid[i].op, o->comp);
  const char *n = o->name;
  if (!strcmp(n, "laneid")) return ir_emit_binary(b, IR_AND, linear_tid(A), u32c(A, 31));
  if (!strcmp(n, "warpid")) return ir_emit_binary(b, IR_SHR, linear_tid(A), u32c(A, 5));
  if (!strcmp(n, "nwarpid")) {  /* the warps of this block (a GPU gives its SM's maximum) */
    IrInst *sz = ir_emit_binary(b, IR_MUL, ir_emit_grid(b, IR_BLOCK_DIM, 0), ir_emit_grid(b, IR_BLOCK_DIM, 1));
    sz = ir_emit_binary(b, IR_MUL, sz, ir_emit_grid(b, IR_BLOCK_DIM, 2));
    return ir_emit_binary(b, IR_SHR, ir_emit_binary(b, IR_ADD, sz, u32c(A, 31)), u32c(A, 5));
  }
  if (!strncmp(n, "lanemask_", 9)) return lanemask(A, n + 9);
  if (!strcmp(n, "clock")) return ir_emit_intrinsic(b, IN_CLOCK, 0, NULL);
  if (!strcmp(n, "clock64") || !strcmp(n, "globaltimer"))
    return ir_emit_intrinsic(b, IN_CLOCK64, 0, NULL);
  if (!strcmp(n, "smid") || !strcmp(n, "gridid")) return u32c(A, 0);  /* one SM, one grid */
  if (!strcmp(n, "nsmid")) return u32c(A, 1);
  ICE("special register %s", n);
}

/* The value of operand o as type t. */
IrInst *asm_read(Asm *A, PtxOp *o, IrType *t) {
  IrBuilder *b = &A->L->b;
  switch (o->kind) {
  case PO_REG: {
    IrInst *v = asm_fit(A, ir_emit_load(b, o->slot), t);
    return o->negate ? ir_emit_unary(b, IR_NOT, NULL, asm_fit(A, v, asm_scalar(A, IRT_BOOL))) : v;
  }
  case PO_IMM:
    if (ir_type_is_float(t)) return asm_fit(A, ir_emit_const_int(b, asm_scalar(A, int_kind(t->size, false)), o->imm), t);
    if (t->kind == IRT_BOOL) return ir_emit_const_int(b, t, o->imm != 0);
    return ir_emit_const_int(b, t, o->imm);
  case PO_FIMM:
    if (o->fimm_bits) {
      IrType *bits = asm_scalar(A, o->fimm == 4 ? IRT_U32 : IRT_U64);
      return asm_fit(A, asm_fit(A, ir_emit_const_int(b, bits, o->imm),
                                asm_scalar(A, o->fimm == 4 ? IRT_F32 : IRT_F64)), t);
    }
    if (ir_type_is_float(t)) return ir_emit_const_float(b, t, o->fimm);
    return ir_emit_const_int(b, t, (int64_t)o->fimm);
  case PO_SPECIAL:
    return asm_fit(A, asm_special(A, o), t);
  case PO_SINK: case PO_ADDR: case PO_VEC:
    return ir_emit_undef(b, t);  /* asm_lower_insn checks the kinds it reads */
  default:
    ICE("asm_read: operand kind %d", (int)o->kind);
  }
}

void asm_write(Asm *A, PtxOp *o, IrInst *v) {
  if (o->kind == PO_SINK) return;
  if (o->kind != PO_REG) ICE("asm_write: operand kind %d", (int)o->kind);
  ir_emit_store(&A->L->b, o->slot, asm_fit(A, v, o->slot->ty->elem));
}

bool asm_unsupported(Asm *A, PtxInsn *in) {
  char *what = arena_printf(A->L->a, "inline PTX instruction '%s'", in->full);
  diag_unsupported(A->L->d, in->loc, what);
  A->failed = true;
  return false;
}

/* ---- locations and errors -------------------------------------------------- */

/* The source position of byte off of the template: inside its literal when
 * the literal is spelled in the file (escapes count as written). */
static Loc text_loc(PtxParser *P, const char *at) {
  AsmStmt *a = P->A->a;
  int off = (int)(at - P->text);
  AsmPiece *pc = NULL;
  for (int i = 0; i < a->piece_count; i++)
    if (a->pieces[i].offset <= off) pc = &a->pieces[i];
  if (!pc) return P->A->loc;
  const char *r = memchr(pc->raw, '"', (size_t)pc->raw_len);
  if (!r) return pc->loc;
  Loc loc = pc->loc;
  loc.col += (uint32_t)(r + 1 - pc->raw);
  const char *end = pc->raw + pc->raw_len - 1;
  for (r++; off > pc->offset && r < end; off--) {
    if (*r == '\\') {
      r++;
      if (r < end && *r >= '0' && *r <= '7')
        while (r + 1 < end && r[1] >= '0' && r[1] <= '7') r++, loc.col++;
      loc.col++;
    }
    r++;
    loc.col++;
  }
  return loc;
}

static void ptx_error(PtxParser *P, const char *at, const char *fmt, const char *arg) {
  if (P->A->failed) return;
  diag_error(P->A->L->d, text_loc(P, at), fmt, arg);
  P->A->failed = true;
}

/* ---- tokens ------------------------------------------------------------- */

static bool is_name_char(char c) {
  return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '_' || c == '$';
}

static void skip_space(PtxParser *P) {
  for (;;) {
    while (P->s < P->end && strchr(" \t\r\n\v\f", *P->s) && *P->s) P->s++;
    if (P->s + 1 < P->end && P->s[0] == '/' && P->s[1] == '/') {
      while (P->s < P->end && *P->s != '\n') P->s++;
    } else if (P->s + 1 < P->end && P->s[0] == '/' && P->s[1] == '*') {
      const char *e = strstr(P->s + 2, "*/");
      P->s = e && e < P->end ? e + 2 : P->end;
    } else {
      return;
    }
  }
}

static char peekc(PtxParser *P) {
  skip_space(P);
  return P->s < P->end ? *P->s : 0;
}

static bool acceptc(PtxParser *P, char c) {
  if (peekc(P) != c) return false;
  P->s++;
  return true;
}

static bool expectc(PtxParser *P, char c) {
  if (acceptc(P, c)) return true;
  char what[2] = {c, 0};
  ptx_error(P, P->s < P->end ? P->s : P->end, "expected '%s' in inline PTX", what);
  return false;
}

/* A name [A-Za-z_$][A-Za-z0-9_$]* at the cursor (no skipping), or NULL. */
static const char *take_name(PtxParser *P) {
  const char *b = P->s;
  while (P->s < P->end && is_name_char(*P->s)) P->s++;
  return P->s > b ? arena_strndup(P->A->L->a, b, (size_t)(P->s - b)) : NULL;
}

/* ---- registers ----------------------------------------------------------- */

static IrInst *find_reg(PtxParser *P, const char *name) {
  for (int i = P->regs.len - 1; i >= 0; i--)
    if (!strcmp(P->regs.data[i].name, name)) return P->regs.data[i].slot;
  return NULL;
}

static void add_reg(PtxParser *P, const char *name, IrType *t) {
  PtxReg r = {name, asm_new_slot(P->A, t, name), P->depth};
  vec_push(P->A->L->a, &P->regs, r);
}

/* .reg .type name (<n>)? ("," name (<n>)?)* ";" */
static bool parse_reg_decl(PtxParser *P) {
  const char *at = P->s;
  IrType *t = NULL;
  while (acceptc(P, '.')) {
    const char *m = take_name(P);
    if (!m || !(t = asm_type_of(P->A, m)) || t->kind == IRT_VOID) {
      ptx_error(P, at, "unsupported register type in inline PTX '.reg' declaration%s", "");
      return false;
    }
  }
  if (!t) {
    ptx_error(P, at, "expected a type in inline PTX '.reg' declaration%s", "");
    return false;
  }
  do {
    skip_space(P);
    const char *pct = acceptc(P, '%') ? (acceptc(P, '%'), "%") : "";
    const char *name = take_name(P);
    if (!name) {
      ptx_error(P, P->s, "expected a register name in inline PTX '.reg' declaration%s", "");
      return false;
    }
    name = arena_printf(P->A->L->a, "%s%s", pct, name);
    if (acceptc(P, '<')) {
      skip_space(P);
      long n = strtol(P->s, (char **)&P->s, 10);
      if (!expectc(P, '>')) return false;
      for (long i = 0; i < n && i < 4096; i++) add_reg(P, arena_printf(P->A->L->a, "%s%ld", name, i), t);
    } else {
      add_reg(P, name, t);
    }
  } while (acceptc(P, ','));
  return expectc(P, ';');
}

/* ---- operands ----------------------------------------------------------- */

static bool parse_operand(PtxParser *P, PtxOp *o);

static const char *const specials[] = {
  "laneid", "warpid", "nwarpid", "clock", "clock64", "globaltimer", "smid", "nsmid", "gridid",
  "lanemask_eq", "lanemask_lt", "lanemask_le", "lanemask_ge", "lanemask_gt", NULL,
};

static bool parse_special(PtxParser *P, PtxOp *o, const char *name, const char *at) {
  o->kind = PO_SPECIAL;
  o->name = name;
  o->comp = -1;
  if (!strcmp(name, "tid") || !strcmp(name, "ntid") || !strcmp(name, "ctaid") || !strcmp(name, "nctaid")) {
    const char *c = P->s + 1;
    if (P->s < P->end && *P->s == '.' && c < P->end && strchr("xyz", *c) && *c && !is_name_char(c[1])) {
      o->comp = *c - 'x';
      P->s += 2;
      return true;
    }
    ptx_error(P, at, "special register '%%%s' needs a component (.x, .y or .z) in inline PTX", name);
    return false;
  }
  for (int i = 0; specials[i]; i++)
    if (!strcmp(name, specials[i])) return true;
  ptx_error(P, at, "inline PTX special register '%%%s' is not supported yet", name);
  return false;
}

/* A register by name: declared in the text, else a special register. */
static bool parse_reg_name(PtxParser *P, PtxOp *o, bool pct) {
  const char *at = P->s - (pct ? (P->s[-2] == '%' ? 2 : 1) : 0);  /* %%name or %name */
  const char *name = take_name(P);
  if (!name) {
    ptx_error(P, at, "expected an operand in inline PTX%s", "");
    return false;
  }
  const char *full = pct ? arena_printf(P->A->L->a, "%%%s", name) : name;
  IrInst *slot = find_reg(P, full);
  if (slot) {
    o->kind = PO_REG;
    o->slot = slot;
    o->name = full;
    return true;
  }
  if (!pct && !strcmp(name, "_")) {
    o->kind = PO_SINK;
    return true;
  }
  if (pct) return parse_special(P, o, name, at);
  ptx_error(P, at, "use of undeclared register '%s' in inline PTX", name);
  return false;
}

/* %N or %[name]: an operand of the asm statement. */
static bool parse_asm_ref(PtxParser *P, PtxOp *o) {
  const char *at = P->s - 1;
  AsmStmt *a = P->A->a;
  int idx = -1;
  if (P->s < P->end && *P->s == '[') {
    P->s++;
    const char *name = take_name(P);
    if (!name || !expectc(P, ']')) return false;
    for (int i = 0; i < a->op_count; i++)
      if (a->ops[i].name && !strcmp(a->ops[i].name, name)) idx = i;
    if (idx < 0) {
      ptx_error(P, at, "unknown symbolic operand name '%s' in inline asm string", name);
      return false;
    }
  } else {
    idx = (int)strtol(P->s, (char **)&P->s, 10);
    if (idx >= a->op_count) {
      ptx_error(P, at, "invalid operand number in inline asm string%s", "");
      return false;
    }
  }
  if (!P->op_slots[idx]) {  /* an immediate ("n") */
    o->kind = PO_IMM;
    o->imm = a->ops[idx].expr->ival;
    return true;
  }
  o->kind = PO_REG;
  o->slot = P->op_slots[idx];
  o->name = arena_printf(P->A->L->a, "%%%d", idx);
  return true;
}

/* A number: 0f/0d bits, hex, octal, binary, decimal, or a float. */
static bool parse_number(PtxParser *P, PtxOp *o, bool neg) {
  const char *b = P->s, *at = P->s;
  while (P->s < P->end && (is_name_char(*P->s) || *P->s == '.' ||
                           ((*P->s == '-' || *P->s == '+') && (P->s[-1] == 'e' || P->s[-1] == 'E') &&
                            !(b[0] == '0' && (b[1] == 'x' || b[1] == 'X')))))
    P->s++;
  char *txt = arena_strndup(P->A->L->a, b, (size_t)(P->s - b)), *e;
  size_t len = strlen(txt);
  if (len > 2 && txt[0] == '0' && (txt[1] == 'f' || txt[1] == 'F' || txt[1] == 'd' || txt[1] == 'D')) {
    o->kind = PO_FIMM;
    o->fimm_bits = true;
    o->fimm = (txt[1] | 0x20) == 'f' ? 4 : 8;  /* the size, for fimm_bits */
    o->imm = (int64_t)strtoull(txt + 2, &e, 16);
    if (neg) ptx_error(P, at, "negative floating bit pattern in inline PTX%s", "");
  } else if (strpbrk(txt, ".eE") && !(txt[0] == '0' && (txt[1] == 'x' || txt[1] == 'X'))) {
    o->kind = PO_FIMM;
    o->fimm = strtod(txt, &e);
    if (neg) o->fimm = -o->fimm;
  } else {
    o->kind = PO_IMM;
    int base = txt[0] == '0' && (txt[1] | 0x20) == 'b' ? 2 : 0;
    uint64_t v = strtoull(base == 2 ? txt + 2 : txt, &e, base);
    o->imm = (int64_t)(neg ? 0 - v : v);
  }
  if (*e && strcmp(e, "U") && strcmp(e, "u")) {
    ptx_error(P, at, "invalid number '%s' in inline PTX", txt);
    return false;
  }
  return true;
}

/* [base], [base+off], [base-off], [imm] */
static bool parse_address(PtxParser *P, PtxOp *o) {
  o->kind = PO_ADDR;
  o->base = ARENA_NEW(P->A->L->a, PtxOp);
  if (!parse_operand(P, o->base)) return false;
  if (o->base->kind != PO_REG && o->base->kind != PO_IMM) {
    ptx_error(P, P->s, "unsupported address in inline PTX%s", "");
    return false;
  }
  char c = peekc(P);
  if (c == '+' || c == '-') {
    P->s++;
    PtxOp off = {0};
    skip_space(P);
    if (!parse_number(P, &off, c == '-') || off.kind != PO_IMM) return false;
    o->imm = off.imm;
  }
  return expectc(P, ']');
}

/* {a, b, ...} */
static bool parse_vector(PtxParser *P, PtxOp *o) {
  PtxOp tmp[8];
  int n = 0;
  do {
    if (n == 8 || !parse_operand(P, &tmp[n])) return false;
    n++;
  } while (acceptc(P, ','));
  if (!expectc(P, '}')) return false;
  o->kind = PO_VEC;
  o->nelems = n;
  o->elems = ARENA_ARRAY(P->A->L->a, PtxOp, n);
  memcpy(o->elems, tmp, sizeof(PtxOp) * (size_t)n);
  return true;
}

static bool parse_operand(PtxParser *P, PtxOp *o) {
  memset(o, 0, sizeof *o);
  char c = peekc(P);
  if (c == '[') return P->s++, parse_address(P, o);
  if (c == '{') return P->s++, parse_vector(P, o);
  if (c == '!') {
    P->s++;
    skip_space(P);
    if (!parse_operand(P, o)) return false;
    o->negate = true;
    return o->kind == PO_REG || (ptx_error(P, P->s, "'!' needs a predicate register in inline PTX%s", ""), false);
  }
  if (c == '-' || (c >= '0' && c <= '9')) {
    bool neg = c == '-';
    if (neg) P->s++, skip_space(P);
    return parse_number(P, o, neg);
  }
  if (c == '%') {
    P->s++;
    if (P->s < P->end && ((*P->s >= '0' && *P->s <= '9') || *P->s == '[')) return parse_asm_ref(P, o);
    if (P->s < P->end && *P->s == '%') return P->s++, parse_reg_name(P, o, true);
    /* nvcc passes a lone % before a name through: "mov.u64 %0, %globaltimer;" */
    if (P->s < P->end && is_name_char(*P->s)) return parse_reg_name(P, o, true);
    ptx_error(P, P->s - 1, "invalid %% escape in inline assembly string%s", "");
    return false;
  }
  return parse_reg_name(P, o, false);
}

/* ---- instructions ---------------------------------------------------------- */

/* opcode{.mod} op ("," op)* : the part after the opcode's name. */
static bool parse_insn(PtxParser *P, PtxInsn *in, const char *opcode, const char *at) {
  memset(in, 0, sizeof *in);
  in->loc = text_loc(P, at);
  in->opcode = opcode;
  StrBuf full = {0};
  strbuf_puts(&full, opcode);
  while (P->s < P->end && *P->s == '.') {
    P->s++;
    const char *m = take_name(P);
    while (m && P->s + 1 < P->end && P->s[0] == ':' && P->s[1] == ':') {  /* .L2::128B */
      P->s += 2;
      const char *rest = take_name(P);
      m = arena_printf(P->A->L->a, "%s::%s", m, rest ? rest : "");
    }
    if (!m) break;
    strbuf_printf(&full, ".%s", m);
    if (in->nmods < PTX_MAX_MODS) in->mods[in->nmods] = m;
    in->nmods++;
  }
  in->full = arena_strdup(P->A->L->a, full.data);
  strbuf_free(&full);
  if (in->nmods > PTX_MAX_MODS) return asm_unsupported(P->A, in);
  char c = peekc(P);
  if (c == ';' || c == 0 || c == '}') return true;
  do {
    if (in->nops == PTX_MAX_OPS) return asm_unsupported(P->A, in);
    PtxOp *o = &in->ops[in->nops++];
    if (!parse_operand(P, o)) return false;
    if (acceptc(P, '|')) {  /* setp's p|q */
      PtxOp *pair = ARENA_ARRAY(P->A->L->a, PtxOp, 2);
      pair[0] = *o;
      if (!parse_operand(P, &pair[1])) return false;
      memset(o, 0, sizeof *o);
      o->kind = PO_VEC;
      o->elems = pair;
      o->nelems = 2;
    }
  } while (acceptc(P, ','));
  return true;
}

/* One statement: "{", "}", ";", a .reg directive, or [@[!]p] insn ";". */
static bool lower_ptx_stmt(PtxParser *P) {
  char c = peekc(P);
  const char *at = P->s;
  if (c == ';') return P->s++, true;
  if (c == '{') return P->s++, P->depth++, true;
  if (c == '}') {
    P->s++;
    while (P->regs.len > 0 && P->regs.data[P->regs.len - 1].depth >= P->depth) P->regs.len--;
    if (P->depth > 0) P->depth--;
    return true;
  }
  if (c == '.') {
    P->s++;
    const char *d = take_name(P);
    if (d && !strcmp(d, "reg")) return parse_reg_decl(P);
    ptx_error(P, at, "inline PTX directive '.%s' is not supported yet", d ? d : "");
    return false;
  }
  PtxOp pred = {0};
  bool predicated = false;
  if (c == '@') {
    P->s++;
    if (!parse_operand(P, &pred) || pred.kind != PO_REG) {
      ptx_error(P, at, "expected a predicate register after '@' in inline PTX%s", "");
      return false;
    }
    predicated = true;
    skip_space(P);
    at = P->s;
  }
  const char *opcode = take_name(P);
  if (!opcode) {
    ptx_error(P, at, "expected an instruction in inline PTX%s", "");
    return false;
  }
  if (peekc(P) == ':') {
    ptx_error(P, at, "a label in inline PTX is not supported yet%s", "");
    return false;
  }
  PtxInsn in;
  if (!parse_insn(P, &in, opcode, at)) return false;
  if (peekc(P) != '}' && peekc(P) != 0 && !expectc(P, ';')) return false;
  IrBuilder *b = &P->A->L->b;
  IrBlock *after = b->block;
  if (predicated) {
    IrInst *iff = ir_emit_if(b, asm_read(P->A, &pred, asm_scalar(P->A, IRT_BOOL)));
    b->block = &iff->blocks[0];
  }
  bool ok = asm_lower_insn(P->A, &in);
  b->block = after;
  return ok;
}

/* ---- the statement ---------------------------------------------------------- */

/* The register type of a constraint: r 32-bit, l 64-bit (a pointer stays a
 * pointer), h 16-bit, c 8-bit, f float, d double; NULL for immediates. */
static IrType *constraint_type(Asm *A, AsmOperand *op, IrType *expr_ty) {
  const char *c = op->constraint;
  if (strchr(c, 'r')) return asm_scalar(A, IRT_U32);
  if (strchr(c, 'l')) return expr_ty && expr_ty->kind == IRT_PTR ? expr_ty : asm_scalar(A, IRT_U64);
  if (strchr(c, 'h')) return asm_scalar(A, IRT_U16);
  if (strchr(c, 'c')) return asm_scalar(A, IRT_U8);
  if (strchr(c, 'f')) return asm_scalar(A, IRT_F32);
  if (strchr(c, 'd')) return asm_scalar(A, IRT_F64);
  return NULL;
}

/* Slots for the operands: outputs get their lvalue's address (and, for
 * '+', its value), inputs their value. */
static bool bind_operands(Asm *A, PtxParser *P, IrInst **addrs) {
  Lower *L = A->L;
  for (int i = 0; i < A->a->op_count; i++) {
    AsmOperand *op = &A->a->ops[i];
    IrInst *v = NULL;
    if (op->is_output) {
      addrs[i] = lower_addr(L, op->expr);
      if (op->is_inout) v = ir_emit_load(&L->b, addrs[i]);
    } else if (op->expr->kind != ND_NUM || constraint_type(A, op, NULL)) {
      v = lower_expr(L, op->expr);
    }
    IrType *et = op->is_output ? addrs[i]->ty->elem : v ? v->ty : NULL;
    IrType *t = constraint_type(A, op, et);
    if (!t && (op->is_output || op->expr->kind != ND_NUM)) {
      diag_unsupported(L->d, op->expr->loc,
                       arena_printf(L->a, "asm operand constraint '%s'", op->constraint));
      return false;
    }
    if (!t) continue;  /* an immediate */
    P->op_slots[i] = asm_new_slot(A, t, "asm");
    if (v) {
      /* an input converts as C converts; an output's old value keeps its bits */
      bool num = !ir_type_is_float(v->ty) && !ir_type_is_float(t) && v->ty->kind != IRT_PTR;
      IrInst *x = num || op->is_output ? asm_fit(A, v, t) : lower_coerce(L, v, t);
      ir_emit_store(&L->b, P->op_slots[i], x);
    }
  }
  return true;
}

static void store_outputs(Asm *A, PtxParser *P, IrInst **addrs) {
  for (int i = 0; i < A->a->op_count; i++) {
    if (!A->a->ops[i].is_output) continue;
    IrInst *v = ir_emit_load(&A->L->b, P->op_slots[i]);
    IrInst *st = ir_emit(&A->L->b, IR_STORE, NULL, 2,
                         (IrInst *[]){addrs[i], asm_fit(A, v, addrs[i]->ty->elem)});
    st->is_volatile = A->a->ops[i].expr->ty->is_volatile;
  }
}

void lower_asm(Lower *L, Node *n) {
  AsmStmt *a = n->asm_stmt;
  Asm A = {.L = L, .a = a, .loc = n->loc};
  PtxParser P = {.A = &A, .text = a->text, .s = a->text, .end = a->text + a->text_len};
  P.op_slots = ARENA_ARRAY(L->a, IrInst *, a->op_count > 0 ? a->op_count : 1);
  IrInst **addrs = ARENA_ARRAY(L->a, IrInst *, a->op_count > 0 ? a->op_count : 1);
  Loc saved = L->b.loc;
  L->b.loc = n->loc;
  if (bind_operands(&A, &P, addrs)) {
    while (!A.failed && peekc(&P)) lower_ptx_stmt(&P);
    if (!A.failed) store_outputs(&A, &P, addrs);
  }
  L->b.loc = saved;
}
