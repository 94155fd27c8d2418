/* parse_internal.h: state and helpers shared by parse.c, parse_decl.c,
 * parse_expr.c and parse_stmt.c. Not for use outside the parser. */
#ifndef CUWA_PARSE_INTERNAL_H
#define CUWA_PARSE_INTERNAL_H

#include "parse.h"

typedef struct Template Template;
typedef struct DeclSpec DeclSpec;
typedef struct Scope Scope;

/* What an ordinary identifier means in a scope. */
typedef struct VarScope {
  Template *tmpl;    /* a function or class template (and its overloads) */
  Obj *var;          /* variable or function */
  Type *type_def;    /* typedef name */
  Type *enum_ty;     /* enumerator: its enum type ... */
  int64_t enum_val;  /* ... and value */
  bool is_enum;
  Node *const_val;   /* a const host global usable in device code: its value */
  Scope *ns;         /* a namespace (or namespace alias) name: its scope */
  Obj *uncaptured;   /* in a lambda body: a local of the enclosing function
                        that the lambda does not capture (parse_lambda.c) */
  struct PackBinding *pack; /* a template or function parameter pack
                        (parse_generic.c) */
} VarScope;

/* What a parameter pack name stands for in an instantiation. */
typedef struct PackBinding {
  bool is_type;       /* a type pack (typename... Ts) */
  struct TArg *elems; /* template packs: the arguments */
  const char *param;  /* a function parameter pack `Ts... name`: element
                         k is the parameter named "name...k" */
  int n;
} PackBinding;

struct Scope {
  Scope *up;
  Map vars;  /* name -> VarScope* */
  Map tags;  /* struct/union/enum tag -> Type* */
  /* C++ scopes (parse_namespace.c) */
  const char *qname;     /* a namespace's or class's qualified name ("a::b"), for
                            Obj names and messages; NULL for blocks */
  bool is_namespace;     /* a namespace (the file scope too) */
  Type *cls;             /* a class or enum scope: its type */
  Vec(Scope *) usings;   /* namespaces nominated by using-directives here
                            (and inline namespaces, in their parent) */
  bool access_private;   /* a class body: private/protected members follow */
  bool nonpublic_data;   /* a class has private/protected data members (then
                            it is not POD for layout: parse_inherit.c) */
};

/* Tentative parsing of host declarations writes an undo log so a failed
 * attempt leaves the file scope as it was. */
typedef struct UndoEntry {
  Map *map;
  const char *key;
  void *old;
} UndoEntry;

/* One parameter of the function declarator parsed last. */
typedef struct ParamDecl {
  const char *name;  /* NULL if unnamed */
  Loc loc;
  Type *ty;          /* adjusted (arrays and functions to pointers) */
  Node *def;         /* default argument, or NULL */
} ParamDecl;

/* One template parameter (C++17 [temp.param]). */
typedef struct TemplateParam {
  const char *name;   /* NULL if unnamed */
  bool is_type;       /* typename/class T; else a non-type parameter */
  bool is_pack;       /* typename... Ts */
  Type *ty;           /* non-type: its type */
  int def_start;      /* tokens of the default argument, or -1 */
  int def_end;
} TemplateParam;

/* One template argument: a type or a value. */
typedef struct TArg {
  Type *ty;           /* is_type: the type; else the value's type */
  int64_t val;
  bool is_type;
  bool is_pack;       /* the argument of a parameter pack: ... */
  struct TArg *pack;  /* ... its elements */
  int pack_len;
} TArg;

/* What a class template instance (Type.tmpl_id) was made from; during
 * deduction also a dependent template-id such as Vec<N>. */
typedef struct TemplateId {
  Template *tmpl;     /* the primary template */
  TArg *args;         /* all its arguments, defaults filled in */
  int nargs;
} TemplateId;

/* A function or class template, one per definition; overloads and
 * specializations of one name are chained through next. */
struct Template {
  Template *next;
  const char *name;
  bool is_class;
  bool is_kernel;     /* a __global__ function template */
  int kernel_index;   /* its place among template kernel definitions */
  TemplateParam *params;
  int nparams;
  int decl_start;     /* the declaration after `template <...>` */
  int decl_end;       /* just after it */
  int name_pos;       /* the declared name's token */
  int spec_start;     /* a specialization: '<' after the name, else -1 */
  Scope *scope;       /* where it was defined */
  Map instances;      /* key -> Obj* (functions) or Type* (classes) */
  Template *out_members; /* a class template: its members defined outside
                         it (parse_outofclass.c), chained by out_next */
  Template *out_next;
  Type *cls;          /* a member template: its class (instances are
                         Method*), else NULL */
  bool is_abbrev;     /* an abbreviated template f(auto x): parameter i
                         is the type of the i-th `auto` parameter */
};

/* A member function of a struct (Type.methods). */
typedef struct Method {
  struct Method *next;
  const char *name;
  Obj *fn;            /* takes `this` first unless is_static */
  bool is_static;
  int body_pos;       /* its '{' while the class is being defined; -1 */
  ParamDecl *params;  /* declared parameters (without this) */
  int nparams;
  DeclSpec *ds;
  bool is_ctor;       /* a constructor (parse_ctor.c); name is "<ctor>" */
  bool is_explicit;   /* an explicit constructor: no implicit conversions */
  int init_pos;       /* a constructor's mem-initializer list ':', or 0 */
  bool is_dtor;       /* a destructor with a body (parse_ctor.c); name "<dtor>" */
  bool is_decl_only;  /* declared in the class, defined outside it
                         (parse_outofclass.c) or not at all */
} Method;

/* A base class of a class (Type.bases, parse_inherit.c). */
typedef struct BaseClass {
  struct BaseClass *next;
  Type *ty;           /* the base class (unqualified) */
  Member *member;     /* its subobject; NULL for an empty base (offset 0) */
  Loc loc;
} BaseClass;

typedef Vec(Node *) NodeVec;

typedef struct Parser {
  Arena *arena;
  Diag *diag;
  Program *prog;
  Token *toks;        /* a private copy, so a limit can be marked by EOF */
  int ntoks;
  int pos;            /* current token */
  Scope *scope;       /* innermost */
  Scope *file_scope;
  Obj **globals_tail;
  Obj *fn;            /* function whose body is being parsed, or NULL */
  Obj **locals_tail;
  Node *cur_switch;   /* innermost switch, for case labels */
  int loop_depth;     /* for continue */
  int break_depth;    /* loops + switches, for break */
  int depth;          /* nesting of recursive rules, bounded */
  int kernel_count;   /* ordinals of __global__ definitions */
  bool tentative;     /* log scope changes in undo */
  Vec(UndoEntry) undo;
  Type *err_ty;       /* type of error nodes (a private int) */
  Vec(ParamDecl) params; /* of the last function declarator */
  int  stmt_err_mark; /* error count when the current statement started */
  Type *auto_ty;      /* marker: `auto` type, deduced from the initializer */
  Map intrinsics;     /* name -> (void*)(intptr_t)(first row + 1) */
  int open_blocks;    /* extern "C" { and namespace { not yet closed */
  /* C++ (parse_template.c, member functions) */
  bool no_gt;         /* parsing a template argument: '>' ends it */
  int half_gt;        /* position of a '>>' whose first '>' was consumed */
  const char *inst_name; /* name the next declaration gets (an instantiation) */
  void *inst_result;  /* the Obj/Type that declaration produced */
  int inst_depth;     /* nesting of instantiations */
  int template_kernels; /* template kernel definitions seen */
  Type *cur_class;    /* class whose member function is being parsed */
  Obj *cur_this;      /* its `this` parameter */
  Vec(Template *) kernel_tmpls; /* template kernel definitions in order */
  Vec(Scope *) block_scopes; /* scope to restore at each open block's '}' */
  int lambda_count;   /* closure types made so far (parse_lambda.c) */
  Type **auto_params; /* types for the `auto` parameters of the parameter
                         list being replayed (abbreviated templates,
                         generic lambdas; parse_generic.c), or NULL */
  int auto_param_count, auto_param_next;
  Vec(struct GenericLambda *) generic_lambdas; /* parse_lambda.c */
  Type *decl_class;   /* the class of a qualified declarator S::f
                         (parse_outofclass.c), or NULL */
  Vec(Obj *) dtor_live; /* locals with destructors in construction order,
                         innermost last (parse_dtor.c) */
  Vec(Obj *) dtor_owner; /* the function of each dtor_live entry */
  Vec(Obj *) dtor_temps; /* temporaries with destructors in the full
                         expression being parsed (parse_dtor.c) */
  Vec(Obj *) dtor_temp_owner; /* the function of each dtor_temps entry */
  int dtor_loop_mark; /* dtor_live.len when the innermost loop began */
  int dtor_break_mark;/* ... when the innermost loop or switch began */
} Parser;

/* The parts of the parser state that belong to one declaration being
 * parsed; saved around a nested one (a template instantiation, a member
 * function body). */
typedef struct ParseCtx {
  int pos, loop_depth, break_depth, stmt_err_mark, half_gt;
  Scope *scope;
  Obj *fn, **locals_tail, *cur_this;
  Node *cur_switch;
  Vec(ParamDecl) params;
  Type *cur_class;
  const char *inst_name;
  bool no_gt, tentative;
} ParseCtx;

/* The nesting limit of recursive rules (clang's bracket depth default). */
enum { MAX_NESTING = 256 };

/* Declaration specifiers. */
struct DeclSpec {
  Type *ty;
  Loc loc;
  Loc exec_loc;       /* where __global__ was, for its diagnostics */
  bool is_typedef, is_static, is_extern, is_inline, is_constexpr;
  int exec;           /* EXEC_* bits written by the user */
  bool has_device, has_constant, has_shared, has_managed;
  bool forceinline, noinline;
  const char *unavailable; /* __attribute__((unavailable("what"))) */
  bool auto_const;      /* `const auto x = e`: x gets e's type, const */
  int align;
  int launch_bounds[2];
  bool explicit_type; /* a type specifier was present */
};

/* ---- parse.c: tokens, scopes, errors ---- */
Token *tok(Parser *p);
Token *peek_at(Parser *p, int n);
Token *prev_tok(Parser *p);
void next(Parser *p);
bool at(Parser *p, TokenKind k);
bool accept(Parser *p, TokenKind k);
bool expect(Parser *p, TokenKind k, const char *what);
Loc loc_after_prev(Parser *p);
char *tok_name(Parser *p, Token *t);
int error_count(Parser *p);
bool enter_nesting(Parser *p);
void leave_nesting(Parser *p);
void skip_balanced(Parser *p);
void sync_stmt(Parser *p);
void enter_scope(Parser *p);
void leave_scope(Parser *p);
VarScope *find_var(Parser *p, const char *name, int len);
VarScope *find_var_in(Scope *s, const char *name);
Type *find_tag(Parser *p, const char *name, int len);
VarScope *push_var(Parser *p, const char *name);
void push_tag(Parser *p, const char *name, Type *ty);
Obj *find_host_name(Parser *p, const char *name, int len);
void note_host_decl(Parser *p, Obj *h);
void add_global(Parser *p, Obj *obj);
Obj *new_local(Parser *p, const char *name, Type *ty, Loc loc);
ParseCtx ctx_save(Parser *p);
int scan_decl_end(Parser *p, int start, bool *dev);
void ctx_restore(Parser *p, const ParseCtx *c);

/* ---- parse_decl.c ---- */
bool is_typename(Parser *p, Token *t);
bool parse_declspec(Parser *p, DeclSpec *ds, bool allow_storage);
Type *parse_declarator(Parser *p, Type *ty, Token **name);
Type *parse_abstract_declarator(Parser *p, Type *ty);
Type *parse_typename(Parser *p);
void parse_toplevel_decl(Parser *p);
Node *parse_local_decl(Parser *p);
Type *qualify(Parser *p, Type *t, bool c, bool v, bool r);
void skip_attribute(Parser *p, int *align, bool *packed);
Node *parse_initializer(Parser *p, Type **ty, bool is_static);
bool check_const_init(Parser *p, Node *n);

/* ---- parse_expr.c ---- */
Node *parse_expr(Parser *p);
Node *parse_assign(Parser *p);
Node *parse_cond_expr(Parser *p);
int64_t parse_const_int(Parser *p, Loc *loc);
bool eval_int(Parser *p, Node *n, int64_t *out);
bool eval_const(Parser *p, Node *n, int64_t *iv, double *fv, bool *is_float);
Node *new_node(Parser *p, NodeKind kind, Loc loc);
Node *new_num(Parser *p, int64_t v, Type *ty, Loc loc);
Node *new_cast(Parser *p, Node *e, Type *ty);
Node *err_node(Parser *p, Loc loc);
bool is_err(Parser *p, Node *n);
Node *rvalue(Parser *p, Node *n);
Node *to_bool(Parser *p, Node *n);
Node *convert_assign(Parser *p, Node *e, Type *ty, int ctx, Loc loc);
enum { CONV_ASSIGN, CONV_INIT, CONV_PASS, CONV_RETURN };
bool is_null_const(Node *n);
Node *fold_const(Parser *p, Node *n);
void init_builtins(Parser *p);

/* An enum class type: no implicit conversions ([dcl.enum]p10). */
static inline bool is_scoped_enum(const Type *t) {
  return t && t->kind == TY_ENUM && t->is_scoped;
}
bool check_scoped_enum_conv(Parser *p, Type *to, Type *from, int ctx, Loc loc);

/* ---- sema.c: typed node construction (C11 chapter 6.5 rules) ---- */
Node *sema_binary(Parser *p, NodeKind op, Node *lhs, Node *rhs, Loc loc);
Node *sema_assign(Parser *p, Node *lhs, Node *rhs, Loc loc);
Node *sema_compound_assign(Parser *p, NodeKind op, Node *lhs, Node *rhs, Loc loc);
Node *sema_unary(Parser *p, NodeKind op, Node *e, Loc loc);
Node *sema_incdec(Parser *p, NodeKind op, Node *e, Loc loc);
Node *sema_cond(Parser *p, Node *c, Node *t, Node *e, Loc loc);
Node *sema_comma(Parser *p, Node *lhs, Node *rhs, Loc loc);
Node *sema_member(Parser *p, Node *base, Token *name, bool arrow, Loc loc);
Node *sema_subscript(Parser *p, Node *a, Node *i, Loc loc);
Node *sema_explicit_cast(Parser *p, Node *e, Type *ty, Loc loc);
Node *promote(Parser *p, Node *n);
Type *usual_arith_type(Type *a, Type *b);
bool same_type(Type *a, Type *b);

/* ---- parse_template.c ---- */
void parse_template_decl(Parser *p);
bool parse_template_args(Parser *p, TArg **out, int *n);
Type *template_class_type(Parser *p, Template *t, Loc loc);
Node *template_call(Parser *p, Template *t, Token *name);
Template *template_member(Type *cls, Token *name);
Node *template_member_call(Parser *p, Node *self_ptr, Template *t, Token *name);
void template_instantiate_requests(Parser *p, KernelRequest *reqs, int n, int *starts);

/* ---- parse_expr.c: calls ---- */
NodeVec parse_call_args(Parser *p);
Node *finish_call(Parser *p, Obj *fn, NodeVec *args, Loc loc);
Method *find_method(Type *ty, const char *name, int len);

/* ---- parse_launch.c: kernel launches in device code ---- */
NodeVec parse_launch_config(Parser *p);
Node *device_launch(Parser *p, Obj *fn, NodeVec *cfg, NodeVec *args, Loc loc);
Node *device_launch_by_name(Parser *p, Token *name, VarScope *vs);
Node *device_sync_error(Parser *p, Token *name, Loc loc);

/* ---- parse_decl.c: member functions ---- */
void define_method_bodies(Parser *p, Type *sty);
Method *declare_method(Parser *p, Type *sty, DeclSpec *ds, Type *ft, Token *name);

/* ---- parse_namespace.c: namespaces, using, qualified names ---- */
bool parse_namespace_toplevel(Parser *p);
bool parse_using(Parser *p, bool in_class);
bool ns_close_block(Parser *p);
Scope *decl_scope(Parser *p);
char *ns_qualified_name(Parser *p, const char *name);
VarScope *lookup_var(Parser *p, Token *name);
Type *parse_qualified_type(Parser *p);
Type *parse_member_type(Parser *p, Type *cls);
bool is_qualified_typename(Parser *p, Token *t);
Node *parse_qualified_id(Parser *p, Token **name, VarScope **vs, bool *qualified);
Node *class_member_expr(Parser *p, Type *cls, Loc loc);
Scope *class_scope(Parser *p, Type *ty);
Node **param_defaults(Parser *p, int skip);
Node *fill_default_args(Parser *p, Obj *fn, NodeVec *args);
Type *enum_underlying_type(Parser *p);
void declare_class_name(Parser *p, DeclSpec *ds, Type *ty, Token *name);

/* ---- parse_stmt.c ---- */
Node *parse_compound_stmt(Parser *p);

/* ---- parse_generic.c: if constexpr, generic code ---- */
bool generic_constexpr_cond(Parser *p, Node *c, bool *val);
bool generic_discard_stmt(Parser *p);
Type *generic_auto_param(Parser *p, DeclSpec *ds);
bool generic_pack_param(Parser *p, ParamDecl **out, int *n);
bool generic_expand_arg(Parser *p, NodeVec *out);
Node *generic_sizeof_pack(Parser *p, Loc loc);
Node *generic_fold(Parser *p);
int generic_count_auto_params(Parser *p, int lparen);
bool template_abbreviated(Parser *p);  /* parse_template.c */
bool template_deduce_auto(Parser *p, Type *ft, NodeVec *args, Type **out, int n);
Node *lambda_generic_call(Parser *p, Node *fn, NodeVec *args, Loc loc);  /* parse_lambda.c */

/* ---- parse_asm.c: asm statements (ND_ASM) ---- */
Node *parse_asm_stmt(Parser *p);

/* ---- const_eval.c: a constexpr function call in a constant expression;
 * false when it is not constant ---- */
bool const_eval_call(Parser *p, Node *call, int64_t *iv, double *fv, bool *is_float);

/* ---- C++ (issue 5): references (sema_cxx.c), overload resolution and
 * operators (sema_overload.c), constructors (parse_ctor.c), lambdas
 * (parse_lambda.c) ---- */
Type *declarator_ref(Parser *p, Type *ty);
Type *ref_type(Parser *p, Type *base, int kind);
bool is_ref_type(Type *t);
Node *ref_deref(Parser *p, Node *n);
Node *ref_bind(Parser *p, Node *e, Type *ref, int ctx, Loc loc);
bool ref_is_lvalue(Node *n);
bool ref_compatible(Type *to, Type *from);
Obj *new_temp(Parser *p, Type *ty, Loc loc);
Node *var_node(Parser *p, Obj *v, Loc loc);
bool sema_is_lvalue(Node *n);
bool is_class_type(Type *t);
Node *object_address(Parser *p, Node *obj);
Node *overload_call_by_name(Parser *p, Token *name, VarScope *vs, bool builtin);
Node *overload_method_call(Parser *p, Node *self_ptr, Method *m, NodeVec *args, Loc loc);
Node *overload_binary(Parser *p, NodeKind op, Node *lhs, Node *rhs, Loc loc);
Node *overload_assign(Parser *p, NodeKind op, Node *lhs, Node *rhs, Loc loc);
Node *overload_unary(Parser *p, NodeKind op, Node *e, Loc loc);
Node *overload_member_op(Parser *p, const char *op, Node *obj, NodeVec *args, Loc loc);
Token *parse_operator_name(Parser *p, Type **conv);
Obj *overload_same_sig(Obj *first, Type *fty, Obj **last);
Node *class_temporary(Parser *p, Type *ty, Loc loc);
bool class_converts(Parser *p, Node *e, Type *to);
Node *class_convert(Parser *p, Node *e, Type *to, int ctx, Loc loc);
Obj *template_match_call(Parser *p, Template *t, NodeVec *cargs, Loc loc); /* parse_template.c */
Obj *overload_ctor(Parser *p, Obj **fns, int n, NodeVec *args, const char *cls, Loc loc, bool report);

/* ---- parse_ctor.c: constructors, default member initializers ---- */
bool ctor_parse_member(Parser *p, Type *sty);
void ctor_parse_specifiers(Parser *p, DeclSpec *ds, bool *is_explicit);
void ctor_skip_mem_inits(Parser *p);
void ctor_skip_default_init(Parser *p, Member *m);
Node *ctor_parse_body(Parser *p, Type *sty, Method *m);
void ctor_finish_class(Parser *p, Type *sty);
void class_add_implicit_method(Parser *p, Type *sty, bool is_dtor);
bool ctor_has_ctors(Type *t);
bool ctor_is_direct_init(Parser *p, Type *ty);
Node *ctor_local_init(Parser *p, Obj *v, bool *done);
Node *ctor_temporary(Parser *p, Type *ty, Loc loc);
Node *ctor_init_elem(Parser *p, Type *ty);
bool ctor_global_var(Parser *p, DeclSpec *ds);
void ctor_fill_defaults(Parser *p, Type *ty, Node **elems, int n);
bool ctor_converts(Parser *p, Node *e, Type *to);
Node *ctor_convert(Parser *p, Node *e, Type *to, Loc loc);

/* ---- parse_inherit.c: base classes ---- */
void inherit_parse_bases(Parser *p, Type *sty);
Member *inherit_prepend_bases(Parser *p, Type *sty, Member *members);
void inherit_finish_class(Parser *p, Type *sty);
bool inherit_is_base_of(Type *base, Type *derived);
Node *inherit_to_base(Parser *p, Node *obj, Type *base);
Node *inherit_convert(Parser *p, Node *e, Type *to, bool is_explicit, Loc loc);
Method *inherit_find_method(Type *ty, const char *name, int len);
Type *inherit_method_class(Type *ty, const char *name);
bool inherit_using(Parser *p, Type *sty);
bool inherit_has_member(Type *ty, const char *name, int len);
BaseClass *inherit_direct_base(Type *sty, Type *t);
Node *inherit_base_lvalue(Parser *p, Node *obj, BaseClass *b);

/* ---- parse_outofclass.c: member definitions outside the class ---- */
bool ooc_qualified_declarator(Parser *p);
bool ooc_toplevel(Parser *p);
bool ooc_define(Parser *p, DeclSpec *ds, Type *ty, Token *name);
bool ooc_template_member(Parser *p, Template *t);
void ooc_instantiate_members(Parser *p, Type *sty, const char *tmpl_name);
Node *ooc_qualified_call(Parser *p, Method *m, NodeVec *args, Loc loc);
void define_method_body(Parser *p, Type *sty, Method *m);

/* ---- parse_dtor.c: destructors of locals and temporaries ---- */
Method *dtor_find(Type *t);
void dtor_finish_class(Parser *p, Type *sty);
Node *dtor_parse_body(Parser *p, Type *sty, Method *m);
void dtor_note_local(Parser *p, Obj *v);
Node *dtor_calls_to(Parser *p, int mark, Loc loc);
Node *dtor_jump(Parser *p, Node *jump, int mark);
Node *dtor_wrap_return(Parser *p, Node *ret, int temp_mark);
void dtor_note_temp(Parser *p, Obj *tmp);
Node *dtor_wrap_call(Parser *p, Node *call);
Node *dtor_end_full_expr(Parser *p, Node *stmt, int temp_mark, Node *elided);

/* ---- parse_lambda.c: lambda expressions ---- */
Node *lambda_expr(Parser *p);
Node *builtin_call_args(Parser *p, Token *name, NodeVec *args, Loc loc);  /* parse_expr.c */
bool decl_report_missing_type(Parser *p);  /* parse_missing_type.c */

#endif
