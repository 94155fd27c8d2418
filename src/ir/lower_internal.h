/* lower_internal.h: the state shared by the files of AST -> IR lowering
 * (lower.c: program, types, globals, functions; lower_expr.c: expressions;
 * lower_stmt.c: statements). Not an interface outside src/ir/lower*.c. */
#ifndef CUWA_LOWER_INTERNAL_H
#define CUWA_LOWER_INTERNAL_H

#include "lower.h"

typedef struct Lower {
  Arena *a;
  Diag *d;
  Program *prog;
  IrModule *m;
  Map types;          /* struct/union root Type* -> IrType* */
  Map funcs;          /* function Obj* -> IrFunc* */
  Map globals;        /* variable Obj* -> IrGlobal* */
  Map locals;         /* this function's local Obj* -> IR_LOCAL slot */
  Vec(Obj *) work;    /* functions whose bodies wait to be lowered */
  Vec(IrFunc *) work_ir;
  IrBuilder b;        /* where code goes now */
  Obj *fn;            /* the AST function being lowered */
  int loop_depth;     /* enclosing loops, for diagnostics */
  int switch_depth;
} Lower;

/* lower.c */
IrType *lower_type(Lower *L, Type *t, Loc loc);
IrInst *lower_var_addr(Lower *L, Obj *v, Loc loc);
IrFunc *lower_func_ref(Lower *L, Obj *fn, Loc loc);
IrGlobal *lower_local_static(Lower *L, Obj *v);
IrGlobal *lower_string_global(Lower *L, const char *s, int len, Loc loc);
void *lower_map_get(Map *m, const void *key);
void lower_map_put(Lower *L, Map *m, const void *key, void *val);

/* lower_expr.c */
IrInst *lower_expr(Lower *L, Node *n);      /* NULL for void */
IrInst *lower_addr(Lower *L, Node *n);      /* an lvalue's address */
IrInst *lower_coerce(Lower *L, IrInst *v, IrType *to);
IrInst *lower_to_bool(Lower *L, IrInst *v);
IrInst *lower_zero(Lower *L, IrType *t);
void lower_init(Lower *L, IrInst *addr, Node *init);

/* lower_stmt.c */
void lower_stmt(Lower *L, Node *n);

/* lower_launch.c: k<<<g, b, shmem, stream>>>(args) in device code */
void lower_device_launch(Lower *L, Node *n);

/* lower_asm.c: an asm statement with PTX text (ND_ASM) */
void lower_asm(Lower *L, Node *n);

#endif
