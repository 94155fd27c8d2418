/* lower_asm.h: state shared by lower_asm.c (the PTX text of an asm
 * statement: tokens, registers, operands) and lower_asm_ops.c (what each
 * PTX instruction computes, as ordinary IR). Not an interface outside
 * these two files. */
#ifndef CUWA_LOWER_ASM_H
#define CUWA_LOWER_ASM_H

#include "lower_internal.h"

typedef enum PtxOpKind {
  PO_REG,      /* a register: slot (an asm operand %N or a .reg) */
  PO_IMM,      /* an integer immediate (also an "n" asm operand) */
  PO_FIMM,     /* a floating immediate: 0fXXXXXXXX, 0dX..., 1.5 */
  PO_SPECIAL,  /* a special register: %laneid, %tid.x, ... */
  PO_ADDR,     /* [base + offset] */
  PO_VEC,      /* {a, b, ...}, or p|q for setp */
  PO_SINK,     /* _ */
} PtxOpKind;

typedef struct PtxOp PtxOp;
struct PtxOp {
  PtxOpKind kind;
  IrInst *slot;       /* PO_REG */
  bool negate;        /* PO_REG: !p (a predicate) */
  int64_t imm;        /* PO_IMM; PO_ADDR: byte offset */
  double fimm;        /* PO_FIMM */
  bool fimm_bits;     /* PO_FIMM given as bits (imm holds them) */
  const char *name;   /* PO_SPECIAL: "laneid", "tid" ...; PO_REG: for messages */
  int comp;           /* PO_SPECIAL: .x .y .z as 0 1 2, else -1 */
  PtxOp *base;        /* PO_ADDR: the base (PO_REG, PO_IMM) */
  PtxOp *elems;       /* PO_VEC */
  int nelems;
};

enum { PTX_MAX_MODS = 8, PTX_MAX_OPS = 6 };

/* One instruction: [@[!]p] opcode{.mod} operand, ...; */
typedef struct PtxInsn {
  Loc loc;
  const char *opcode;         /* "add" */
  const char *full;           /* "add.cc.u32", for messages */
  const char *mods[PTX_MAX_MODS]; /* modifiers without the dot, in order */
  int nmods;
  PtxOp ops[PTX_MAX_OPS];
  int nops;
} PtxInsn;

typedef struct Asm {
  Lower *L;
  AsmStmt *a;
  Loc loc;            /* the asm statement */
  IrInst *carry;      /* the condition code CC.CF: u32 slot holding 0 or 1 */
  bool failed;        /* an error was reported: stop lowering the text */
} Asm;

/* lower_asm.c */
IrType *asm_scalar(Asm *A, IrTypeKind k);
IrInst *asm_fit(Asm *A, IrInst *v, IrType *t);    /* same bits, type t */
IrInst *asm_read(Asm *A, PtxOp *o, IrType *t);    /* an operand's value */
void asm_write(Asm *A, PtxOp *o, IrInst *v);      /* into a register */
IrInst *asm_special(Asm *A, PtxOp *o);            /* %laneid, %tid.x ... */
IrInst *asm_new_slot(Asm *A, IrType *t, const char *name);
bool asm_unsupported(Asm *A, PtxInsn *in);        /* reports; false */

/* lower_asm_ops.c: lowers one instruction; false after an error */
bool asm_lower_insn(Asm *A, PtxInsn *in);
/* The IR type of a type modifier ("u32"), or NULL if mod is none. */
IrType *asm_type_of(Asm *A, const char *mod);

#endif
