/* ir.h: cuwa's intermediate representation, shared by every back end.
 *
 * A module holds functions (kernels and device functions), globals
 * (__device__, __constant__, __shared__ variables, string constants) and
 * named struct types. A function body is a tree of structured control flow
 * (IR_IF, IR_LOOP, IR_SWITCH with IR_BREAK/IR_CONTINUE/IR_RETURN), whose
 * blocks hold instructions in order. Instructions that produce a value are
 * the values (SSA: each is defined once, before its uses, in a block that
 * encloses all its uses). Mutable variables are local slots (IrFunc.locals,
 * op IR_LOCAL, each the address of its storage) read and written with
 * IR_LOAD/IR_STORE; back ends may keep them in registers.
 *
 * Types carry signedness (i32 vs u32) because C, WGSL and PTX print them
 * differently. Pointers carry an address space. Aggregates (structs,
 * arrays) may be loaded and stored as values.
 *
 * Semantics that every back end must implement exactly as a CUDA GPU does:
 *  - integer arithmetic wraps (two's complement) for signed types too; the
 *    C back end prints it with unsigned arithmetic or -fwrapv;
 *  - IR_SHL/IR_SHR mask nothing: a shift count >= width gives what PTX's
 *    shl/shr clamp gives (0, or all sign bits for signed shr);
 *  - integer IR_DIV/IR_REM by zero give -1 (all ones) / the dividend, as
 *    PTX div/rem do; INT_MIN / -1 gives INT_MIN; no trap;
 *  - IR_CONV float -> integer rounds toward zero and saturates to the
 *    target range, NaN -> 0 (PTX cvt.rzi.sat semantics, which nvcc uses;
 *    for 64-bit targets NaN -> 1 << 63, as measured on an H100);
 *    integer -> float rounds to nearest even; bool -> 0/1; x -> bool is
 *    x != 0;
 *  - float arithmetic is IEEE binary32/64, round to nearest even, no
 *    fused contraction unless the program wrote fmaf (docs/floating-point.md).
 * The IR is checked by ir_verify after lowering and after every pass. */
#ifndef CUWA_IR_H
#define CUWA_IR_H

#include "../util/util.h"

typedef enum IrOp {
#define IR_OP(k, s, n) k,
#include "ops.def"
#undef IR_OP
  IR_OP_COUNT
} IrOp;

typedef enum IrIntrinsic {
  IN_NONE,
#define INTRINSIC(id, name, sig) id,
#include "intrinsics.def"
#undef INTRINSIC
  IN_COUNT
} IrIntrinsic;

typedef enum IrTypeKind {
  IRT_VOID,
  IRT_BOOL,
  IRT_I8, IRT_U8, IRT_I16, IRT_U16, IRT_I32, IRT_U32, IRT_I64, IRT_U64,
  IRT_F16, IRT_F32, IRT_F64,
  IRT_PTR,
  IRT_ARRAY,
  IRT_STRUCT,  /* also unions (is_union) */
} IrTypeKind;

typedef enum IrSpace {
  IRS_GENERIC,   /* CUDA generic pointer: could point anywhere */
  IRS_GLOBAL,
  IRS_SHARED,
  IRS_CONSTANT,
  IRS_LOCAL,
} IrSpace;

/* The memory scope of an atomic intrinsic (IrInst.imm of IR_INTRINSIC
 * atomics; 0 when the front end does not say): atomicAdd is device scope,
 * atomicAdd_block block scope, atomicAdd_system system scope. A back end
 * may use a wider scope than asked (every cuwa device but the GPU does). */
typedef enum IrScope {
  IR_SCOPE_DEVICE,
  IR_SCOPE_BLOCK,
  IR_SCOPE_SYSTEM,
} IrScope;

typedef struct IrType IrType;
typedef struct IrField {
  const char *name;   /* NULL for anonymous members */
  IrType *ty;
  int offset;         /* bytes from the start of the struct */
} IrField;

struct IrType {
  IrTypeKind kind;
  int size, align;    /* bytes, as the C ABI of the host (LP64) lays it out */
  IrType *elem;       /* IRT_PTR: pointee; IRT_ARRAY: element */
  IrSpace space;      /* IRT_PTR */
  bool is_const;      /* IRT_PTR: pointee is const (informative) */
  int len;            /* IRT_ARRAY: element count */
  const char *name;   /* IRT_STRUCT: a unique, printable name */
  IrField *fields;    /* IRT_STRUCT */
  int field_count;
  bool is_union;      /* IRT_STRUCT */
  uint32_t id;        /* IRT_STRUCT: dense index in IrModule.structs */
};

typedef struct IrInst IrInst;
typedef struct IrBlock IrBlock;
typedef struct IrFunc IrFunc;
typedef struct IrGlobal IrGlobal;

struct IrBlock {
  IrInst *first, *last;  /* instructions in order (doubly linked) */
};

typedef struct IrCase {
  int64_t *values;    /* case labels (converted to the selector's type) */
  int value_count;
  bool is_default;    /* also the default label */
  bool falls_through; /* control reaches the next case's body at the end */
  IrBlock body;
} IrCase;

struct IrInst {
  IrOp op;
  IrType *ty;         /* result type; IRT_VOID for statements */
  Loc loc;            /* the user's source position it came from */
  uint32_t id;        /* dense per function, for printing */
  IrInst *next, *prev;
  IrBlock *parent;    /* the block holding it */

  IrInst **args;      /* operands */
  int arg_count;

  int64_t imm;        /* IR_CONST integers, IR_PARAM index, grid ops' component,
                         atomic intrinsics' IrScope */
  double fimm;        /* IR_CONST floating */
  const char *str;    /* IR_STRING bytes, IR_TRAP message, IR_LOCAL name */
  int str_len;        /* IR_STRING: byte count including the final NUL */
  IrIntrinsic intrinsic;  /* IR_INTRINSIC */
  IrFunc *callee;     /* IR_CALL; IN_CDP_LAUNCH: the kernel it launches */
  IrGlobal *global;   /* IR_GLOBAL */
  int field;          /* IR_MEMBER_PTR */
  bool is_volatile;   /* IR_LOAD, IR_STORE */

  IrBlock blocks[2];  /* IR_IF: then, else; IR_LOOP: body, continuing */
  IrCase *cases;      /* IR_SWITCH */
  int case_count;

  void *aux;          /* scratch for passes and back ends; no meaning across
                         passes */
};

struct IrGlobal {
  const char *name;   /* the user's name (unique in the module) */
  IrType *ty;
  IrSpace space;      /* IRS_GLOBAL (__device__), IRS_CONSTANT, IRS_SHARED */
  Loc loc;
  const uint8_t *init;/* initial bytes (ty->size of them), or NULL = zero */
  /* Relocations in init: pointers to other globals (rare; e.g. a __device__
   * pointer initialised with the address of another __device__ array). */
  struct IrReloc { int offset; IrGlobal *target; int64_t addend; } *relocs;
  int reloc_count;
  IrFunc *owner;      /* IRS_SHARED: the kernel or device function declaring it */
  bool is_dynamic_shared; /* extern __shared__ x[] */
  bool is_extern;     /* declared, defined in another unit (not supported yet) */
  bool is_internal;   /* function-scope static: no host-visible symbol */
  bool is_managed;    /* __managed__ (IRS_GLOBAL): the host reads and writes it too */
  uint32_t id;
};

struct IrFunc {
  const char *name;   /* the user's name */
  Loc loc;
  bool is_kernel;     /* __global__ */
  int ordinal;        /* kernels: n-th __global__ of the unit (see driver) */
  IrType *ret;
  IrType **params;    /* parameter types */
  const char **param_names;
  int param_count;
  IrInst **locals;    /* IR_LOCAL slots (ty: pointer to the slot's type) */
  int local_count, local_cap;
  IrBlock body;
  bool uses_barrier;  /* set by lowering and passes: contains IR_BARRIER,
                         directly or through calls */
  bool is_forceinline, is_noinline;
  uint32_t next_id;   /* next IrInst id */
  uint32_t id;
  struct IrModule *module; /* the module holding it (types, arena) */
};

typedef struct IrModule {
  Arena *arena;
  Vec(IrFunc *) funcs;
  Vec(IrGlobal *) globals;
  Vec(IrType *) structs;
  /* Interned scalar types: ir_type_scalar returns these. */
  IrType *scalars[IRT_F64 + 1];
  const char *source_path;  /* the .cu file, for messages and registration */
  Vec(IrType *) derived;    /* interned pointer and array types */
  Map interned;             /* key "p<elem>:<space>" / "a<elem>:<len>" -> type */
  Map struct_names;         /* struct names in use, to keep them unique */
  unsigned fp_flags;        /* (added) IR_FP_*: the driver's -ftz=true,
                               -prec-div=false, -prec-sqrt=false, which a
                               back end may honour with faster forms */
} IrModule;

enum { IR_FP_FTZ = 1, IR_FP_APPROX_DIV = 2, IR_FP_APPROX_SQRT = 4 };

/* ---- building (ir.c) ---------------------------------------------------- */

IrModule *ir_new_module(Arena *a, const char *source_path);
IrType *ir_type_scalar(IrModule *m, IrTypeKind k);
IrType *ir_type_ptr(IrModule *m, IrType *elem, IrSpace space);
IrType *ir_type_array(IrModule *m, IrType *elem, int len);
IrType *ir_type_struct(IrModule *m, const char *name, bool is_union);
bool ir_type_is_int(const IrType *t);     /* bool excluded */
bool ir_type_is_signed(const IrType *t);
bool ir_type_is_float(const IrType *t);
bool ir_type_equal(const IrType *a, const IrType *b);

IrFunc *ir_new_func(IrModule *m, const char *name, IrType *ret);
IrGlobal *ir_new_global(IrModule *m, const char *name, IrType *ty,
                        IrSpace space);
IrInst *ir_new_local(IrFunc *f, IrType *ty, const char *name, Loc loc);

/* An IrBuilder appends to a block; ir_emit_* create and append. */
typedef struct IrBuilder {
  IrModule *m;
  IrFunc *f;
  IrBlock *block;     /* where instructions go */
  Loc loc;            /* stamped on every new instruction */
} IrBuilder;

IrInst *ir_emit(IrBuilder *b, IrOp op, IrType *ty, int nargs, IrInst **args);
IrInst *ir_emit_const_int(IrBuilder *b, IrType *ty, int64_t v);
IrInst *ir_emit_const_float(IrBuilder *b, IrType *ty, double v);
IrInst *ir_emit_load(IrBuilder *b, IrInst *ptr);
void ir_emit_store(IrBuilder *b, IrInst *ptr, IrInst *val);
IrInst *ir_emit_binary(IrBuilder *b, IrOp op, IrInst *l, IrInst *r);
IrInst *ir_emit_unary(IrBuilder *b, IrOp op, IrType *ty, IrInst *x);
IrInst *ir_emit_conv(IrBuilder *b, IrType *to, IrInst *x);
IrInst *ir_emit_if(IrBuilder *b, IrInst *cond);    /* then/else in blocks[] */
IrInst *ir_emit_loop(IrBuilder *b);
void ir_insert_before(IrInst *pos, IrInst *inst);
void ir_remove(IrInst *inst);

/* Conveniences over ir_emit (types follow from the operands). */
IrInst *ir_emit_undef(IrBuilder *b, IrType *ty);
IrInst *ir_emit_param(IrBuilder *b, int index);
IrInst *ir_emit_global(IrBuilder *b, IrGlobal *g);   /* ptr<g->space> */
IrInst *ir_emit_string(IrBuilder *b, const char *bytes, int len_with_nul);
IrInst *ir_emit_ptr_add(IrBuilder *b, IrInst *ptr, IrInst *index);
IrInst *ir_emit_member_ptr(IrBuilder *b, IrInst *ptr, int field);
IrInst *ir_emit_decay(IrBuilder *b, IrInst *ptr);
IrInst *ir_emit_ptr_cast(IrBuilder *b, IrType *to, IrInst *ptr);
IrInst *ir_emit_select(IrBuilder *b, IrInst *c, IrInst *t, IrInst *f);
IrInst *ir_emit_call(IrBuilder *b, IrFunc *callee, int nargs, IrInst **args);
IrInst *ir_emit_intrinsic(IrBuilder *b, IrIntrinsic id, int nargs,
                          IrInst **args);   /* result type from the signature */
IrInst *ir_emit_grid(IrBuilder *b, IrOp op, int component); /* THREAD_IDX.. */
IrInst *ir_emit_return(IrBuilder *b, IrInst *val);  /* val may be NULL */
IrInst *ir_emit_jump(IrBuilder *b, IrOp op);  /* BREAK, CONTINUE, BARRIER */
IrInst *ir_emit_break_if(IrBuilder *b, IrInst *cond);
IrInst *ir_emit_trap(IrBuilder *b, const char *message);
/* IR_SWITCH with n cases (values filled in by the caller). */
IrInst *ir_emit_switch(IrBuilder *b, IrInst *selector, int ncases);
/* True when control cannot reach the end of the block (it ends in return,
 * break, continue, trap, or an if whose both arms end so). */
bool ir_block_terminates(const IrBlock *blk);
/* The IR type of one signature letter of intrinsics.def ('f', 'i', ...). */
IrType *ir_type_from_sig(IrModule *m, const char **sig);
int ir_intrinsic_arg_count(IrIntrinsic id);
IrType *ir_intrinsic_ret_type(IrModule *m, IrIntrinsic id);
IrType *ir_intrinsic_arg_type(IrModule *m, IrIntrinsic id, int i);
const char *ir_type_str(Arena *a, const IrType *t);  /* "ptr<global i32>" */

/* ---- printing, checking (ir_print.c, ir_verify.c) ------------------------ */

void ir_print_module(StrBuf *out, const IrModule *m);
/* Returns the number of problems; each is reported as an internal error
 * naming the pass that ran last ("after <pass>"). */
int ir_verify(const IrModule *m, const char *after_pass, Diag *d);

/* ---- analyses (pass_*.c) ------------------------------------------------------ */

/* What an intrinsic does besides computing its result (pass_uniform.c). */
typedef enum IrIntrinsicClass {
  INC_PURE,    /* a function of its operands only */
  INC_EFFECT,  /* reads or orders something else: clock, fences, sleep */
  INC_ATOMIC,  /* read-modify-write through its first operand */
  INC_WARP,    /* a warp collective: shuffles, votes, match, reduce, syncwarp */
  INC_BLOCK,   /* a block collective: __syncthreads_count/_and/_or */
} IrIntrinsicClass;
IrIntrinsicClass ir_intrinsic_class(IrIntrinsic id);
/* Uniformity (pass_uniform.c): an array by inst id (f->next_id + 1
 * entries, in a): for values, the same in every thread of the block; for
 * locals (IR_LOCAL), the slot holds such a value wherever it is read; for
 * IR_IF/IR_LOOP/IR_SWITCH, every thread that reaches it takes the same
 * path through it (same branch or case; leaves a loop in the same
 * iteration). Kernels only: a device function's parameters count as
 * non-uniform. */
bool *ir_uniform_analyze(Arena *a, const IrFunc *f);

/* ---- intrinsic metadata (ir.c) -------------------------------------------- */
const char *ir_intrinsic_name(IrIntrinsic id);
const char *ir_intrinsic_signature(IrIntrinsic id);
const char *ir_op_name(IrOp op);

#endif
