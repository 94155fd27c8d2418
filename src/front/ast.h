/* ast.h: the typed syntax tree that the parser and sema produce and
 * ir/lower.c consumes. No back end includes this file.
 *
 * Contract between sema and lowering: after a successful parse every
 * expression node has its type (node->ty) and every implicit conversion of
 * C is explicit: integer promotions, usual arithmetic conversions,
 * array-to-pointer and function-to-pointer decay, conversions at
 * assignment, argument passing and return are ND_CAST / ND_DECAY nodes.
 * Binary arithmetic nodes therefore have operands of exactly the node's
 * type; comparisons have operands of one common type and type int (C) or
 * bool (C++ operators, when issue 5 brings them). Pointer arithmetic is
 * kept as pointer operations (ND_PTR_ADD/ND_PTR_SUB/ND_PTR_DIFF) with the
 * integer operand not scaled, so back ends without byte addressing (WGSL)
 * can index arrays. */
/* What the parser (src/front/parse*.c, sema.c) guarantees in detail:
 * - Qualifier-only differences get no cast (int * -> const int *); a
 *   pointer conversion that changes the pointee type or the address space
 *   (decay of a __shared__ array to a generic float *) is an ND_CAST.
 * - ND_PTR_ADD/ND_PTR_SUB: rhs is the index after integer promotion (int,
 *   unsigned int, long, ...), not widened; a[i] is
 *   ND_DEREF(ND_PTR_ADD(ND_DECAY(a), i)).
 * - Comparisons and ND_LOGAND/ND_LOGOR/ND_NOT have type int; ND_NOT's
 *   operand is converted to bool.
 * - Shifts: rhs is converted to the (promoted) lhs type.
 * - ND_STR has type const char [str_len]; ND_MEMBER.ival = member index.
 * - ND_SWITCH.ty is the promoted type of cond; ND_CASE.ival is in it.
 * - Locals: every one is in fn->locals, with an ND_DECL where declared.
 *   __shared__ locals have space AS_SHARED (extern __shared__ T x[]:
 *   is_extern and is_extern_shared, array_len -1); `static const` locals
 *   with constant initializers have is_static (space AS_LOCAL; their
 *   init is folded like a global's). Kernel parameters have AS_PARAM.
 * - File-scope initializers are folded: scalar leaves are ND_NUM, or
 *   address constants (&global, decayed global array or string, +- int).
 * - A const host global with a constant scalar initializer (const int
 *   N = 256;) is not an Obj of the device program: its uses are ND_NUM.
 * - Program.globals holds device variables (space AS_GLOBAL, AS_CONSTANT,
 *   AS_SHARED) and functions with EXEC_DEVICE or EXEC_GLOBAL, definitions
 *   and prototypes (is_definition tells), one Obj per name. */

#ifndef CUWA_AST_H
#define CUWA_AST_H

#include "token.h"

typedef struct Type Type;
typedef struct Member Member;
typedef struct Obj Obj;
typedef struct Node Node;

/* ---- types ----------------------------------------------------------- */

typedef enum TypeKind {
  TY_VOID,
  TY_BOOL,
  TY_CHAR,    /* plain char: signed on every cuwa target, as on x86/nvcc */
  TY_SHORT,
  TY_INT,
  TY_LONG,    /* 64-bit (LP64, as nvcc on Linux) */
  TY_LLONG,
  TY_HALF,    /* __half storage type (issue 5); not produced yet */
  TY_FLOAT,
  TY_DOUBLE,
  TY_LDOUBLE, /* long double: device code computes it as double, as nvcc */
  TY_ENUM,
  TY_PTR,
  TY_ARRAY,
  TY_FUNC,
  TY_STRUCT,
  TY_UNION,
} TypeKind;

/* Where an object lives. Pointers carry the space of what they point to
 * when it is known (a pointer to a __shared__ array), otherwise generic:
 * CUDA pointers are generic, and back ends that need a space (WGSL) infer
 * or report it. */
typedef enum AddrSpace {
  AS_GENERIC,
  AS_GLOBAL,    /* __device__ variables, cudaMalloc memory */
  AS_SHARED,    /* __shared__ */
  AS_CONSTANT,  /* __constant__ */
  AS_LOCAL,     /* a thread's own locals */
  AS_PARAM,     /* kernel parameters */
} AddrSpace;

struct Type {
  TypeKind kind;
  int size;           /* sizeof; -1 for incomplete types */
  int align;          /* alignof */
  bool is_unsigned;   /* integers and enums */
  bool is_const, is_volatile, is_restrict;  /* qualifiers of this type */
  Type *origin;       /* the unqualified type this is a qualified copy of */
  const char *name;   /* typedef/struct/enum tag for diagnostics, or NULL */
  Loc loc;            /* where the struct/enum/typedef was declared */

  Type *base;         /* TY_PTR: pointee; TY_ARRAY: element; TY_ENUM: underlying */
  AddrSpace space;    /* TY_PTR: space of the pointee, if known */
  int array_len;      /* TY_ARRAY: element count; -1 when unsized (extern) */

  Member *members;    /* TY_STRUCT/TY_UNION, in declaration order */
  bool is_flexible;   /* struct ends in a flexible array member */
  bool is_packed;

  Type *return_ty;    /* TY_FUNC */
  Type **params;      /* TY_FUNC: parameter types, after adjustment */
  int param_count;
  bool is_variadic;

  int tparam;         /* parser-private: a template type parameter's
                         placeholder during deduction (index + 1); never
                         in a finished AST. Also the type of a non-type
                         parameter's placeholder value, and on TY_ARRAY
                         an extent that is such a placeholder */
  void *tmpl_id;      /* (added) parser-private (TY_STRUCT/TY_UNION): a
                         class template instance's template and arguments
                         (parse_internal.h TemplateId), for deduction */
  void *methods;      /* parser-private (TY_STRUCT): member functions,
                         a list of parse_internal.h Method */
  void *scope;        /* parser-private (TY_STRUCT/TY_UNION/TY_ENUM): the
                         class or enum scope (parse_internal.h Scope) */
  bool is_scoped;     /* TY_ENUM: enum class (no implicit conversions) */
  void *bases;        /* parser-private (TY_STRUCT): its base classes, a
                         list of parse_internal.h BaseClass (parse_inherit.c) */
  int is_ref;         /* TY_PTR: a C++ reference, 1 T&, 2 T&&. The parser
                         dereferences it implicitly (uses of a reference
                         are ND_DEREF of it, binding is ND_ADDR), so
                         lowering sees an ordinary pointer */
};

struct Member {
  Member *next;
  Type *ty;
  const char *name;   /* NULL for an anonymous struct/union member */
  Loc loc;
  int index;          /* position among the members */
  int offset;         /* byte offset in the struct */
  bool is_bitfield;
  int bit_offset, bit_width;
  int init_start;     /* parser-private: token of a default member
                         initializer (`int x = 0;`), 0 if none */
  bool is_base;       /* (added) a non-virtual base class subobject (C++
                         inheritance): unnamed, of the base's type, laid out
                         before the class's own members (Itanium ABI). An
                         empty base has no Member */
};

/* ---- objects: variables and functions ---------------------------------- */

/* Execution spaces (CUDA Programming Guide, "Function Execution Space
 * Specifiers"); a function may have both HOST and DEVICE. */
enum {
  EXEC_HOST = 1,     /* __host__, or no specifier */
  EXEC_DEVICE = 2,   /* __device__ */
  EXEC_GLOBAL = 4,   /* __global__ (a kernel) */
};

struct Obj {
  Obj *next;           /* in the list it belongs to (globals, locals, params) */
  const char *name;
  Type *ty;
  Loc loc;
  bool is_local;       /* a function's parameter or local variable */
  bool is_function;
  bool is_definition;  /* a function body or a variable definition */
  bool is_static, is_extern, is_inline;

  /* variables */
  AddrSpace space;     /* AS_LOCAL, AS_GLOBAL (__device__), AS_SHARED,
                          AS_CONSTANT, AS_PARAM (kernel parameter) */
  bool is_extern_shared;  /* extern __shared__ T x[]: dynamic shared memory */
  Node *init;          /* initializer as an expression tree (ND_INIT_LIST or
                          an expression); lowering evaluates it */
  int align;           /* alignas / __align__ */
  bool is_host_var;    /* a host-only global; device code may not use it */
  bool is_managed;     /* (added) __managed__: space AS_GLOBAL, also host-visible */

  /* functions */
  int exec;            /* EXEC_* bits */
  bool is_forceinline, is_noinline;
  const char *unavailable; /* __attribute__((unavailable("what"))): a call
                          is the error "what is not supported yet" */
  Obj *params;         /* parameters in order (is_local, space AS_LOCAL or
                          AS_PARAM for kernels) */
  Obj *locals;         /* every local variable, params excluded */
  Node *body;          /* ND_BLOCK, for definitions */
  int launch_bounds[2];/* __launch_bounds__(max threads, min blocks); 0 = none */
  int ordinal;         /* kernels: n-th __global__ definition in the unit
                          (the host pass numbers them the same way) */
  const char *host_only_reason; /* a skipped host declaration: why, for the
                          error when device code uses it */
  Node **default_args; /* parser-private: per parameter (`this` included
                          for methods) its default argument or NULL; or NULL */
  Obj *overload;       /* parser-private: the next function of the same
                          name in the scope (C++ overloading) */
  bool is_constexpr;   /* (added) a constexpr function: constant
                          expressions may call it (front/const_eval.c) */
  bool is_temp;        /* a temporary the parser made (a const T& bound to
                          an rvalue, a constructed object): it has no
                          ND_DECL; lowering makes its slot at first use */
};

/* ---- expressions and statements --------------------------------------- */

typedef enum NodeKind {
  /* expressions */
  ND_NUM,        /* integer or floating constant: ival / fval per ty */
  ND_STR,        /* string literal: str/str_len (bytes incl. the NUL) */
  ND_VAR,        /* reference to obj */
  ND_FUNCREF,    /* a function designator (obj), before decay */
  ND_ADD, ND_SUB, ND_MUL, ND_DIV, ND_MOD,
  ND_BITAND, ND_BITOR, ND_BITXOR, ND_SHL, ND_SHR,  /* SHR: arithmetic if signed */
  ND_EQ, ND_NE, ND_LT, ND_LE, ND_GT, ND_GE,         /* operands' common type */
  ND_LOGAND, ND_LOGOR,   /* operands converted to bool; result int */
  ND_NEG, ND_BITNOT, ND_NOT,
  ND_PTR_ADD,    /* lhs pointer + rhs integer (in elements) */
  ND_PTR_SUB,    /* lhs pointer - rhs integer (in elements) */
  ND_PTR_DIFF,   /* lhs pointer - rhs pointer, in elements; type long */
  ND_ASSIGN,     /* lhs = rhs; rhs already converted to lhs's type */
  ND_COMPOUND_ASSIGN, /* lhs op= rhs: op in ->op, computed in ->op_ty, the
                         result converted back to lhs's type */
  ND_PRE_INC, ND_PRE_DEC, ND_POST_INC, ND_POST_DEC, /* integers, floats, ptrs */
  ND_COND,       /* cond ? then : els */
  ND_COMMA,      /* lhs, rhs */
  ND_MEMBER,     /* lhs.member (lhs is a struct lvalue or value) */
  ND_ADDR,       /* &lhs */
  ND_DEREF,      /* *lhs */
  ND_DECAY,      /* array lvalue lhs -> pointer to its first element */
  ND_CAST,       /* lhs converted to ty (explicit or implicit) */
  ND_CALL,       /* call of a device function: obj, args (converted);
                    (added) a launch in device code obj<<<cond, then, els,
                    inc>>>(args) when cond is set: grid and block (unsigned
                    int or dim3), shared bytes (unsigned long), stream
                    (unsigned long long); type void (parse_launch.c) */
  ND_BUILTIN,    /* CUDA builtin call: builtin id + args (builtins.def) */
  ND_BUILTIN_VAR,/* threadIdx.x and friends: builtin id, member index in val */
  ND_INIT_LIST,  /* { ... } for an aggregate: args in member/element order,
                    already expanded to the full aggregate (missing ones are
                    NULL = zero), designators resolved. Concretely: args holds
                    exactly arg_count nodes, one per array element or struct
                    member (anonymous members count as one member, initialised
                    by a nested list); a union has one arg for the member in
                    ->member. An element the source leaves out is an
                    ND_ZERO_INIT node (a linked list can't hold NULL). Each
                    scalar arg is already converted to its element type;
                    char arrays from string literals are expanded to lists
                    of ND_NUM chars */
  ND_STMT_EXPR,  /* GNU ({ ... }) : body */
  ND_SIZEOF_VLA, /* not produced: VLAs are rejected */
  ND_ZERO_INIT,  /* (added by the parser) the zero value of ty, for an
                    aggregate element an initializer list leaves out */

  /* statements */
  ND_BLOCK,      /* { body... } : body list via next */
  ND_EXPR_STMT,  /* lhs; */
  ND_DECL,       /* declaration of obj (a local) with optional obj->init */
  ND_IF,         /* if (cond) then else els */
  ND_FOR,        /* for (init; cond; inc) then; cond may be NULL.
                    while and for both become ND_FOR */
  ND_DO,         /* do then while (cond); */
  ND_SWITCH,     /* switch (cond) then; cases via case_next */
  ND_CASE,       /* case val: / default: (is_default) then */
  ND_BREAK,
  ND_CONTINUE,
  ND_RETURN,     /* return lhs; lhs converted to the return type */
  ND_GOTO,       /* not produced: goto is rejected with a diagnostic */
  ND_LABEL,      /* not produced */
  ND_NULL_STMT,  /* ; */
  ND_ASM,        /* (added) asm [volatile] ("PTX" : outs : ins : clobbers);
                    asm_stmt; lowered by ir/lower_asm.c */
  ND_KIND_COUNT
} NodeKind;

struct Node {
  NodeKind kind;
  Type *ty;          /* expressions: the value's type */
  Loc loc;           /* the operator or the construct's first token */
  Node *next;        /* next statement in a block / next argument */

  Node *lhs, *rhs;
  Node *cond, *then, *els, *init, *inc;  /* statements; ND_COND uses cond/then/els */
  Node *body;        /* ND_BLOCK, ND_STMT_EXPR: first statement */
  Node *args;        /* ND_CALL/ND_BUILTIN/ND_INIT_LIST: argument list */
  int arg_count;

  Obj *obj;          /* ND_VAR, ND_FUNCREF, ND_CALL, ND_DECL */
  Member *member;    /* ND_MEMBER */
  int builtin;       /* ND_BUILTIN, ND_BUILTIN_VAR: id from builtins.def */
  NodeKind op;       /* ND_COMPOUND_ASSIGN: the arithmetic node kind */
  Type *op_ty;       /* ND_COMPOUND_ASSIGN: type the operation is done in */

  int64_t ival;      /* ND_NUM integers (and bool), ND_CASE value, member index */
  double fval;       /* ND_NUM floating */
  const char *str;   /* ND_STR bytes */
  int str_len;

  Node *case_next;   /* ND_SWITCH: its cases; ND_CASE: the next case */
  bool is_default;   /* ND_CASE */
  struct AsmStmt *asm_stmt; /* (added) ND_ASM */
};

/* One operand of an asm statement (GNU syntax, as nvcc takes it). */
typedef struct AsmOperand {
  const char *constraint; /* as written: "=r", "+l", "f", "n", ... */
  const char *name;       /* [name] for %[name], or NULL */
  Node *expr;             /* an output's lvalue, an input's value; for
                             "n" an ND_NUM */
  bool is_output;         /* '=' or '+' */
  bool is_inout;          /* '+': also read */
} AsmOperand;

/* A piece of the template: one string literal token, for locations. */
typedef struct AsmPiece {
  Loc loc;                /* the literal token */
  const char *raw;        /* its spelling, quotes included */
  int raw_len;
  int offset;             /* where its decoded bytes start in text */
} AsmPiece;

/* asm [volatile] ("template" : outputs : inputs : clobbers) (ND_ASM).
 * Operands are numbered outputs first, then inputs (%0, %1, ...). The
 * template is PTX; the front end does not read it. */
typedef struct AsmStmt {
  const char *text;       /* decoded template, string literals joined */
  int text_len;
  AsmPiece *pieces;
  int piece_count;
  AsmOperand *ops;
  int op_count;
  bool is_volatile;
  bool clobbers_memory;   /* "memory" among the clobbers */
} AsmStmt;

/* ND_BUILTIN_VAR ids (Node.builtin); Node.ival is the component 0 x,
 * 1 y, 2 z; the type is unsigned int. */
enum {
  BUILTIN_THREADIDX,
  BUILTIN_BLOCKIDX,
  BUILTIN_BLOCKDIM,
  BUILTIN_GRIDDIM,
};

/* ND_BUILTIN ids (Node.builtin): 1 .. IN_COUNT-1 are the intrinsics of
 * ir/intrinsics.def with IrIntrinsic's numbering (IN_NONE = 0, then table
 * order), args converted to the signature's parameter types. The front
 * end's own builtins follow: */
enum {
  BUILTIN_PRINTF = 1000, /* printf(fmt, ...) -> int; fmt is const char *,
                            the rest got the default argument promotions
                            (float -> double, small ints -> int) */
  BUILTIN_ASSERT_FAIL,   /* __assert_fail(expr, file, line, func) -> void:
                            (const char *, const char *, unsigned int,
                            const char *); what assert() expands to */
  BUILTIN_MEMCPY,        /* memcpy(dst, src, n) -> void *:
                            (void *, const void *, unsigned long) */
  BUILTIN_MEMSET,        /* memset(dst, c, n) -> void *:
                            (void *, int, unsigned long) */
  BUILTIN_SYNCTHREADS,   /* __syncthreads() -> void */
};

/* ---- the translation unit ---------------------------------------------- */

typedef struct Program {
  Obj *globals;      /* every file-scope variable and function in order of
                        declaration (device-relevant ones; skipped host code
                        is remembered in host_names only) */
  Map host_names;    /* name -> Obj with host_only_reason: declarations the
                        device pass skipped as host-only */
  Vec(const char *) host_headers; /* <iostream> and friends: not expanded */
} Program;

/* The built-in types, shared by every unit (immutable). */
extern Type *ty_void, *ty_bool, *ty_char, *ty_schar, *ty_uchar, *ty_short,
    *ty_ushort, *ty_int, *ty_uint, *ty_long, *ty_ulong, *ty_llong, *ty_ullong,
    *ty_float, *ty_double, *ty_ldouble;

bool type_is_integer(const Type *t);  /* bool, char..llong, enum */
bool type_is_flonum(const Type *t);   /* half, float, double, long double */
bool type_is_arith(const Type *t);
bool type_is_scalar(const Type *t);   /* arithmetic or pointer */
bool type_is_compatible(const Type *a, const Type *b);
Type *type_copy(Arena *a, const Type *t);
Type *type_pointer_to(Arena *a, Type *base);
Type *type_array_of(Arena *a, Type *base, int len);
Type *type_func(Arena *a, Type *return_ty);
Type *type_ref_to(Arena *a, Type *base); /* T& (TY_PTR with is_ref) */
Type *type_unqual(Type *t);          /* strips const/volatile/restrict */
char *type_name(Arena *a, const Type *t); /* "const float *" for diagnostics */

#endif
