/* test_parse.c: unit tests of the parser and type checker (src/front/parse*.c,
 * sema.c, type.c): snippets of CUDA are parsed and their typed AST (through
 * ast_dump) or diagnostics compared. Also replays tests/errors/ (x.cu against
 * the exact stderr in x.err) with the front end alone (cases with
 * preprocessor directives or without a front-end error are left to
 * tests/run, which runs cuwa), --new-errors writes the .err of
 * cases that have none yet, and --dump FILE prints the AST and diagnostics
 * of one file (for debugging).
 * Run from the repository root. Prints failures and "N passed, M failed". */
#include "front/parse.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;

#define CHECK(cond)                                                              \
  do {                                                                           \
    if (cond) passed++;                                                          \
    else { failed++; printf("FAIL %s:%d: %s\n", __FILE__, __LINE__, #cond); }    \
  } while (0)

static void sink_buf(void *ctx, const char *text) { strbuf_puts(ctx, text); }

typedef struct Parsed {
  char *ast;    /* ast_dump output (malloc'd) */
  char *diags;  /* every diagnostic printed (malloc'd) */
  int errors;
  Program *prog;
} Parsed;

/* lex -> keywords (what the preprocessor does) -> parse_program */
static Parsed parse_text(Arena *a, const char *path, const char *src) {
  Parsed r = {0};
  Diag d;
  diag_init(&d, a);
  StrBuf diags = {0}, ast = {0};
  d.sink = sink_buf;
  d.sink_ctx = &diags;
  uint32_t file = diag_add_file(&d, path, src, strlen(src));
  TokenVec toks = {0};
  lex_file(a, &d, file, src, strlen(src), &toks);
  for (int i = 0; i < toks.len; i++)
    if (toks.data[i].kind == TK_IDENT)
      toks.data[i].kind = lex_keyword(toks.data[i].text, toks.data[i].len);
  /* as the driver: no parsing after lexical errors */
  if (!d.errors) r.prog = parse_program(a, &d, &toks);
  if (r.prog) ast_dump(&ast, r.prog);
  r.errors = d.errors;
  r.ast = ast.data ? strbuf_take(&ast) : calloc(1, 1);
  r.diags = diags.data ? strbuf_take(&diags) : calloc(1, 1);
  return r;
}

static void parsed_free(Parsed *r) {
  free(r->ast);
  free(r->diags);
}

/* Parses src; checks that it has no errors and that the dump contains
 * every one of the NULL-terminated fragments. */
static void expect_ast(int line, const char *src, const char **frags) {
  Arena a;
  arena_init(&a);
  Parsed r = parse_text(&a, "t.cu", src);
  bool ok = r.errors == 0;
  for (int i = 0; frags[i]; i++)
    if (!strstr(r.ast, frags[i])) {
      ok = false;
      printf("FAIL line %d: missing fragment: %s\n", line, frags[i]);
    }
  if (ok) passed++;
  else {
    failed++;
    printf("FAIL line %d\n--- diagnostics:\n%s--- ast:\n%s\n", line, r.diags, r.ast);
  }
  parsed_free(&r);
  arena_free(&a);
}
#define AST(src, ...) expect_ast(__LINE__, src, (const char *[]){__VA_ARGS__, NULL})

/* Parses src; checks that the diagnostics contain the fragment. */
static void expect_diag(int line, const char *src, const char *frag) {
  Arena a;
  arena_init(&a);
  Parsed r = parse_text(&a, "t.cu", src);
  if (strstr(r.diags, frag) && (r.errors > 0 || strstr(frag, "warning"))) passed++;
  else {
    failed++;
    printf("FAIL line %d: expected diagnostic: %s\n--- got:\n%s\n", line, frag, r.diags);
  }
  parsed_free(&r);
  arena_free(&a);
}
#define DIAG(src, frag) expect_diag(__LINE__, src, frag)

/* Parses src; checks there are no errors at all. */
static void expect_clean(int line, const char *src) {
  Arena a;
  arena_init(&a);
  Parsed r = parse_text(&a, "t.cu", src);
  if (r.errors == 0) passed++;
  else {
    failed++;
    printf("FAIL line %d: unexpected errors:\n%s\n", line, r.diags);
  }
  parsed_free(&r);
  arena_free(&a);
}
#define CLEAN(src) expect_clean(__LINE__, src)

/* ---- tests ------------------------------------------------------------------ */

static void test_kernels(void) {
  AST("__global__ void k(float *a, int n) { int i = blockIdx.x * blockDim.x + threadIdx.x;"
      " if (i < n) a[i] = a[i] * 2.0f; }",
      "func k:void (float *, int) __global__ #0",
      "params: a:float *@param n:int@param",
      "locals: i:int",
      "decl i:int init=(cast:int (add:unsigned int (mul:unsigned int blockIdx.x blockDim.x) threadIdx.x))",
      "if cond=(cast:bool (lt:int i:int n:int))",
      "expr (assign:float (deref:float (ptradd:float * a:float * i:int)) (mul:float (deref:float (ptradd:float * a:float * i:int)) 2:float))");
  AST("__global__ void a() {} __device__ int f(int x) { return x; } __global__ void b() {}",
      "func a:void () __global__ #0", "func b:void () __global__ #1",
      "func f:int (int) __device__", "return x:int");
  AST("__host__ __device__ float sq(float x) { return x * x; }",
      "func sq:float (float) __host__ __device__");
  AST("__global__ void __launch_bounds__(256, 2) k() {}", "launch_bounds(256,2)");
  AST("static __device__ __forceinline__ int f() { return warpSize; }",
      "forceinline", "return 32:int");
}

static void test_host_skip(void) {
  AST("#include_is_not_here\n"
      "int N = 100;\n float *h_A;\n const int BLOCK = 256;\n"
      "void host_fn(float *x) { std::vector<float> v(10); for (auto &e : v) e = 1; }\n"
      "int main() { k<<<1, 1>>>(0); return 0; }\n"
      "__global__ void k(float *a) { __shared__ float s[BLOCK]; s[0] = BLOCK; a[0] = s[0]; }",
      "locals: s:float [256]@shared", "(assign:float (deref:float (ptradd:float * (decay:float * s:float [256]) 0:int)) (cast:float 256:int))");
  DIAG("int N = 100;\n__global__ void k(int *a) { a[0] = N; }",
       "t.cu:2:36: error: identifier \"N\" is undefined in device code");
  DIAG("int N = 100;\n__global__ void k(int *a) { a[0] = N; }",
       "t.cu:1:5: note: 'N' is a host variable declared here");
  DIAG("void foo(int x) { }\n__global__ void k() { foo(1); }",
       "error: calling a __host__ function(\"foo\") from a __global__ function(\"k\") is not allowed");
  DIAG("void foo(int x);\n__device__ void d() { foo(1); }",
       "error: calling a __host__ function(\"foo\") from a __device__ function(\"d\") is not allowed");
  DIAG("std::vector<float> h_data;\n__global__ void k(float *a) { a[0] = h_data[0]; }",
       "error: identifier \"h_data\" is undefined in device code");
  CLEAN("using namespace std;\nnamespace foo { __device__ int g(int x) { return x; } }\n"
        "extern \"C\" { __global__ void k(int *a) { a[0] = foo::g(1); } }\n"
        "extern \"C\" __global__ void k2() {}\n"
        "template <typename T> T hsum(T a, T b) { return a + b; }\n"
        "class Foo { public: int x; void f(); };\n"
        "struct Bar { int y; Bar() {} };\n");
  DIAG("template <template <class> class C> __global__ void k() {}",
       "error: template template parameter is not supported yet");
  DIAG("__global__ void k() { atomicAdd(0, 1); }",
       "error: no matching function for call to 'atomicAdd' with an argument of type 'int'");
  DIAG("__global__ void k() { __stcs(0, 1); }", "error: '__stcs' is not supported yet");
  DIAG("__global__ void k() { undefined_fn(1); }", "error: use of undeclared identifier 'undefined_fn'");
}

static void test_types(void) {
  AST("typedef unsigned long size_t; struct S { char c; double d; int a[3]; };\n"
      "__device__ size_t f() { return sizeof(struct S) + sizeof(S) + _Alignof(S) + sizeof(int[4][2]); }",
      "return (add:unsigned long (add:unsigned long (add:unsigned long 32:unsigned long 32:unsigned long) 8:unsigned long) 32:unsigned long)");
  AST("union U { int i; float f; }; __device__ int f(union U u) { return sizeof(u) + u.i; }",
      "(member:int .i u:union U)");
  AST("enum Color { RED, GREEN = 5, BLUE }; __device__ int f() { return BLUE; }", "return 6:int");
  AST("struct A { struct { int x, y; }; int z; }; __device__ int f(A *a) { return a->y; }",
      "(member:int .y (member:struct (anonymous) .<anon> (deref:struct A a:struct A *)))");
  AST("__device__ long long f(unsigned char c, short s) { return c + s; }",
      "(cast:long long (add:int (cast:int c:unsigned char) (cast:int s:short)))");
  AST("__device__ unsigned f(unsigned a, long b) { return a + b; }",
      "(cast:unsigned int (add:long (cast:long a:unsigned int) b:long))");
  AST("__device__ float f(const float * __restrict__ p) { return p[1]; }",
      "func f:float (const float *__restrict)");
  AST("__device__ int (*fp)(int);", "var fp:int (*)(int) global");
  AST("__device__ float m[4][8]; __device__ float g(int i, int j) { return m[i][j]; }",
      "(deref:float (ptradd:float * (decay:float * (deref:float [8] (ptradd:float (*)[8] (decay:float (*)[8] m:float [4][8]) i:int))) j:int))");
  DIAG("struct S { int a : 3; };\n__global__ void k(S *s) {}", "bit-field is not supported yet");
}

static void test_literals(void) {
  AST("__device__ void f() { long a = 0x7fffffff; long b = 0x80000000; long c = 2147483648; "
      "long d = 10u; long e = 077; long g = 0b101; long h = 1'000; long i = 5ull; }",
      "init=(cast:long 2147483647:int)", "init=(cast:long 2147483648:unsigned int)",
      "init=2147483648:long", "init=(cast:long 10:unsigned int)", "init=(cast:long 63:int)",
      "init=(cast:long 5:int)", "init=(cast:long 1000:int)", "init=(cast:long 5:unsigned long long)");
  AST("__device__ void f() { double a = 1e-5; float b = .5f; double c = 0x1p4; long double d = 1.5L; }",
      "init=1e-05:double", "init=0.5:float", "init=16:double", "init=1.5:long double");
  AST("__device__ void f() { char a = 'a'; char b = '\\n'; char c = '\\x41'; char d = '\\0'; int e = '\\377'; }",
      "init=97:char", "init=10:char", "init=65:char", "init=0:char", "init=(cast:int -1:char)");
  AST("__device__ void f() { const char *s = \"ab\" \"c\"; char t[] = \"hi\"; char u[4] = \"x\"; }",
      "decl s:const char * init=(decay:const char * \"abc\")",
      "decl t:char [3] init=(init:char [3] 104:char 105:char 0:char)",
      "decl u:char [4] init=(init:char [4] 120:char 0:char 0:char 0:char)");
  AST("__device__ bool f(int *p) { bool a = true; p = nullptr; return a && !p; }",
      "(assign:int * p:int * (cast:int * (cast:void * 0:int)))",
      "(logand:int a:bool (cast:bool (not:int (cast:bool p:int *))))");
  DIAG("__device__ int x = 08;", "error: invalid digit '8' in octal constant");
  DIAG("__device__ int x = 1abc;", "error: invalid suffix 'abc' on integer constant");
  DIAG("__device__ float x = 1.0q;", "error: invalid suffix 'q' on floating constant");
}

static void test_exprs(void) {
  AST("__device__ int f(int a, int b, int c) { return a + b * c - (a << 2) % b; }",
      "(sub:int (add:int a:int (mul:int b:int c:int)) (mod:int (shl:int a:int 2:int) b:int))");
  AST("__device__ int f(int a, int b) { return a < b ? a : b; }",
      "(cond:int (cast:bool (lt:int a:int b:int)) a:int b:int)");
  AST("__device__ double f(int a, float b) { return a ? b : 1.0; }",
      "(cond:double (cast:bool a:int) (cast:double b:float) 1:double)");
  AST("__device__ void f(float *p, int i) { p += i; p++; --p; i <<= 2; i *= 1.5f; }",
      "(cassign[ptradd@float *]:float * p:float * i:int)", "(postinc:float * p:float *)",
      "(predec:float * p:float *)", "(cassign[shl@int]:int i:int 2:int)",
      "(cassign[mul@float]:int i:int 1.5:float)");
  AST("__device__ long f(int *a, int *b) { return b - a; }", "(ptrdiff:long b:int * a:int *)");
  AST("__device__ int f(int *a) { return 2[a]; }", "(deref:int (ptradd:int * a:int * 2:int))");
  AST("__device__ int f(int x) { return (int)(float)x + static_cast<int>(1.5) + int(2.5f); }",
      "(cast:int (cast:float x:int))", "(cast:int 1.5:double)", "(cast:int 2.5:float)");
  AST("__device__ int f(int x) { return (x, x + 1); }", "(comma:int x:int (add:int x:int 1:int))");
  AST("struct P { float x, y; }; __device__ float f(P *p, P q) { p->x = q.y; return p->x; }",
      "(assign:float (member:float .x (deref:struct P p:struct P *)) (member:float .y q:struct P))");
  AST("__device__ unsigned f(unsigned x) { return x >> 3 | ~x ^ -x; }",
      "(bitor:unsigned int (shr:unsigned int x:unsigned int (cast:unsigned int 3:int)) (bitxor:unsigned int (bitnot:unsigned int x:unsigned int) (neg:unsigned int x:unsigned int)))");
  AST("__device__ int g(int a, float b); __device__ int f() { return g(1.5, 2); }",
      "(call:int g (cast:int 1.5:double) (cast:float 2:int))");
  AST("__device__ int f(int *p) { int *q = &p[1]; return *q; }",
      "decl q:int * init=(addr:int * (deref:int (ptradd:int * p:int * 1:int)))", "return (deref:int q:int *)");
}

/* The ND_BUILTIN id of an intrinsics.def row: its position + 1. */
static int intrinsic_id(const char *name, const char *sig) {
  static const char *const rows[][2] = {
#define INTRINSIC(id, n, s) {n, s},
#include "ir/intrinsics.def"
#undef INTRINSIC
  };
  for (size_t i = 0; i < sizeof rows / sizeof rows[0]; i++)
    if (strcmp(rows[i][0], name) == 0 && strcmp(rows[i][1], sig) == 0) return (int)i + 1;
  return -1;
}

static char frag_buf[8][200];

/* "(builtin#<id of name/sig>" followed by rest */
static const char *bfrag(int slot, const char *name, const char *sig, const char *rest) {
  snprintf(frag_buf[slot], sizeof frag_buf[slot], "(builtin#%d%s", intrinsic_id(name, sig), rest);
  return frag_buf[slot];
}

static void test_builtins(void) {
  AST("__device__ float f(float x, double y, int i, unsigned u) { return sqrtf(x) + sqrt(x) + (float)sqrt(y) + min(i, 3) + max(u, 2u) + min(x, i) + fabs(x); }",
      bfrag(0, "sqrtf", "f f", ":float x:float)"), bfrag(1, "sqrt", "d d", ":double y:double)"),
      bfrag(2, "min", "i i i", ":int i:int 3:int)"),
      bfrag(3, "max", "u u u", ":unsigned int u:unsigned int 2:unsigned int)"),
      bfrag(4, "min", "f f f", ":float x:float (cast:float i:int))"),
      bfrag(5, "fabsf", "f f", ":float x:float)"));
  AST("__device__ double f(long long a, unsigned long long b, double d, float x) { return min(a, 2) + max(b, 1ull) + pow(d, 2) + powf(x, 2) + abs(-3) + isnan(x); }",
      bfrag(0, "min", "l l l", ":long long a:long long (cast:long long 2:int))"),
      bfrag(1, "max", "U U U", ":unsigned long long b:unsigned long long 1:unsigned long long)"),
      bfrag(2, "pow", "d d d", ":double d:double (cast:double 2:int))"),
      bfrag(3, "powf", "f f f", ":float x:float (cast:float 2:int))"),
      bfrag(4, "abs", "i i", ":int (neg:int 3:int))"),
      bfrag(5, "isnan", "i f", ":int x:float)"));
  AST("__global__ void k(int n) { printf(\"%d %f\\n\", n, 1.0f); __syncthreads(); }",
      "(builtin#1000:int (decay:const char * \"%d %f\\x0a\") n:int (cast:double 1:float))",
      "(builtin#1004:void)");
  AST("struct S { int a; float b; }; __device__ unsigned long f() { return __builtin_offsetof(S, b); }",
      "return 4:unsigned long");
  AST("__device__ void f(float *a, float *b) { memcpy(a, b, 16); memset(a, 0, 4); }",
      "(builtin#1002:void * (cast:void * a:float *) (cast:const void * b:float *) (cast:unsigned long 16:int))");
  AST("__device__ void f(int x) { if (!x) __assert_fail(\"x\", \"t.cu\", 3, __PRETTY_FUNCTION__); }",
      "(builtin#1001:void (decay:const char * \"x\") (decay:const char * \"t.cu\") (cast:unsigned int 3:int) (decay:const char * \"f\"))");
  DIAG("__global__ void k() { threadIdx.x = 1; }", "error: expression is not assignable");
  DIAG("__global__ void k() { int v = threadIdx.w; }", "error: no member named 'w' in 'uint3'");
  DIAG("__device__ float f() { return sqrtf(1.0f, 2.0f); }",
       "error: too many arguments to function call, expected 1, have 2");
}

static void test_decls(void) {
  AST("__device__ int a[] = {1, 2, 3}; __constant__ float c[4] = {1.0f}; __device__ int z;",
      "var a:int [3] global init=(init:int [3] 1:int 2:int 3:int)",
      "var c:float [4] constant init=(init:float [4] 1:float (zero:float) (zero:float) (zero:float))",
      "var z:int global");
  AST("struct P { int x; float y[2]; }; __device__ P ps[2] = {{1, {2, 3}}, 4, 5, 6};",
      "init=(init:struct P [2] (init:struct P 1:int (init:float [2] 2:float 3:float)) (init:struct P 4:int (init:float [2] 5:float 6:float)))");
  AST("struct P { int x, y; }; __device__ P p = {.y = 2}; __device__ int q[4] = {[2] = 7};",
      "var p:struct P global init=(init:struct P (zero:int) 2:int)",
      "var q:int [4] global init=(init:int [4] (zero:int) (zero:int) 7:int (zero:int))");
  AST("union U { int i; float f; }; __device__ U u = {.f = 1.0f};",
      "init=(init:union U .f 1:float)");
  AST("__device__ int g = 2 * 3 + 1;", "var g:int global init=7:int");
  AST("__global__ void k() { extern __shared__ float dyn[]; __shared__ int s[32]; dyn[0] = s[0]; }",
      "decl dyn:float [] shared extern_shared", "decl s:int [32] shared");
  AST("__device__ void f() { for (int i = 0, j = 1; i < j; i++) { int k = i; } int k = 2; }",
      "locals: i:int j:int k:int k:int");
  AST("__device__ int f() { const int N = 4; int a[N * 2]; static const int t[2] = {1, 2}; return sizeof(a) + t[1]; }",
      "decl a:int [8]", "decl t:const int [2] static");
  AST("struct __align__(8) A8 { float x; }; __device__ A8 v; __device__ unsigned long f() { return alignof(A8); }",
      "return 8:unsigned long");
  AST("__device__ void f() { auto x = 1.5f; auto y = x * 2; }", "decl x:float", "decl y:float");
}

static void test_stmts(void) {
  AST("__device__ int f(int x) { int s = 0; while (x) { s += x--; if (s > 10) break; else continue; } do s++; while (s < 3); return s; }",
      "for cond=(cast:bool x:int)", "break", "continue", "do cond=");
  AST("__device__ int f(int x) { switch (x) { case 1: return 1; case 2: case 3: x++; break; default: return 0; } return x; }",
      "switch cond=x:int cases=1,2,3,default,");
  AST("__device__ void f() { for (;;) { } }", "for\n");
  DIAG("__device__ void f(int x) { switch (x) { case 1: case 1: break; } }", "error: duplicate case value '1'");
  DIAG("__device__ void f() { break; }", "error: 'break' statement not in loop or switch statement");
  DIAG("__device__ void f() { continue; }", "error: 'continue' statement not in loop statement");
  DIAG("__device__ void f() { return 1; }", "error: void function 'f' should not return a value");
  DIAG("__device__ int f() { return; }", "error: non-void function 'f' should return a value");
  DIAG("__device__ void f() { goto out; out: ; }", "error: goto is not supported yet");
  DIAG("__device__ void f() { static int c = 0; }", "error: static local variable is not supported yet");
  DIAG("__device__ void f() { static_assert(sizeof(int) == 8, \"int\"); }", "error: static assertion failed: int");
}

static void test_errors(void) {
  DIAG("__device__ void f(float *a, float *b) { a + b; }",
       "error: invalid operands to binary expression ('float *' and 'float *')");
  DIAG("__device__ void f(int a) { a.x = 1; }", "error: member reference base type 'int' is not a structure or union");
  DIAG("struct S { int x; }; __device__ void f(S s) { s.z = 1; }", "error: no member named 'z' in 'struct S'");
  DIAG("__device__ void f(int a) { a[0] = 1; }", "error: subscripted value is not an array or pointer");
  DIAG("__device__ void f(int a) { a(1); }", "error: called object type 'int' is not a function or function pointer");
  DIAG("__device__ void f() { const int x = 1; x = 2; }",
       "error: cannot assign to variable 'x' with const-qualified type 'const int'");
  DIAG("__device__ int x; __device__ int x = 2;", "error: redefinition of 'x'");
  DIAG("__device__ void f() { int a; int a; }", "note: previous definition is here");
  DIAG("__device__ void f(int a) { a = a + 1 }", "error: expected ';' after expression");
  DIAG("__device__ void f(int a) { a = ; }", "error: expected expression");
  DIAG("__device__ void f(int a) { a = (a + 1; }", "error: expected ')'");
  DIAG("__device__ void g(int a, int b); __device__ void f() { g(1); }",
       "error: too few arguments to function call, expected 2, have 1");
  DIAG("__device__ void f(int *p, float *q) { p = q; }",
       "error: incompatible pointer types assigning to 'int *' from 'float *'");
  DIAG("__global__ int k() { return 0; }", "error: a __global__ function must have a void return type");
  DIAG("__global__ void k() { __shared__ int s = 0; }", "error: initializer is not allowed for __shared__ variable");
  DIAG("__device__ void f() { x = 1; }", "error: use of undeclared identifier 'x'");
  DIAG("__device__ void f() { int x = 1; int *p = x; }",
       "error: incompatible integer to pointer conversion initializing 'int *' with an expression of type 'int'");
  DIAG("__global__ void k() {} __device__ void f() { k(); }", "error: a __global__ function call must be configured");
}

static void test_more(void) {
  AST("extern __device__ int x; __device__ int f() { return x; } __device__ int x = 5;",
      "var x:int global init=5:int", "return x:int");
  AST("const int A = 4; constexpr int B = A * 2; static const float S = 0.5f;\n"
      "__global__ void k(float *o) { __shared__ float t[B]; o[0] = t[A] * S; }",
      "decl t:float [8] shared", "(mul:float (deref:float (ptradd:float * (decay:float * t:float [8]) 4:int)) 0.5:float)");
  AST("typedef float vec3[3]; __device__ float f(vec3 v) { return v[2]; }",
      "func f:float (float *)", "return (deref:float (ptradd:float * v:float * 2:int))");
  AST("struct S { int a; }; __device__ S make(int a) { S s; s.a = a; return s; }\n"
      "__device__ int g() { S t = make(3); S u; u = t; return make(1).a + u.a; }",
      "decl t:struct S init=(call:struct S make 3:int)", "(assign:struct S u:struct S t:struct S)",
      "(member:int .a (call:struct S make 1:int))");
  AST("enum Big { LOW = -1, HIGH = 0x100000000 }; __device__ long f() { return HIGH; }",
      "return 4294967296:long");
  AST("__device__ int sum(int n) { return n ? n + sum(n - 1) : 0; }", "(call:int sum (sub:int n:int 1:int))");
  AST("__device__ void f(int *p, const int *q, void *v) { v = p; p = (int *)v; q = p; bool b = p; }",
      "(assign:void * v:void * (cast:void * p:int *))", "(assign:const int * q:const int * p:int *)",
      "decl b:bool init=(cast:bool p:int *)");
  AST("__device__ char f(int i) { return \"abc\"[i]; }",
      "return (deref:const char (ptradd:const char * (decay:const char * \"abc\") i:int))");
  AST("struct V { float x, y; }; __device__ V g[2] = {{1, 2}}; __device__ float f() { V a = {3}; V b{}; return a.y + b.x + g[1].y; }",
      "var g:struct V [2] global init=(init:struct V [2] (init:struct V 1:float 2:float) (zero:struct V))",
      "decl a:struct V init=(init:struct V (cast:float 3:int) (zero:float))", "decl b:struct V init=(init:struct V (zero:float) (zero:float))");
  AST("__device__ void f(int x) { int y = x > 0 ? 1 : -1; if (x) y = 2; else if (!x) y = 3; }",
      "if cond=(cast:bool x:int)", "else");
  AST("__device__ int f(float x) { return (int)x % 3 + (x > 1.0f) + (unsigned char)x; }",
      "(gt:int x:float 1:float)", "(cast:int (cast:unsigned char x:float))");
  /* error recovery: a broken kernel does not stop the next one */
  Arena a;
  arena_init(&a);
  Parsed r = parse_text(&a, "t.cu", "__global__ void k1(int *p) { p[0] = ; }\n__global__ void k2(int *p) { p[0] = 1; }");
  CHECK(r.errors == 1 && strstr(r.ast, "func k2:void (int *) __global__ #1"));
  parsed_free(&r);
  r = parse_text(&a, "t.cu", "__global__ void k1(int *p { p[0] = 1; }\n__global__ void k2(int *p) { p[0] = 1; }");
  CHECK(r.errors == 1 && strstr(r.ast, "func k2:void (int *) __global__ #1"));
  parsed_free(&r);
  r = parse_text(&a, "t.cu", "int main() { return 0; }\nvoid h(float *x);\n__device__ int d;");
  CHECK(r.errors == 0 && map_get(&r.prog->host_names, "main") && strstr(r.ast, "var d:int global") &&
        !strstr(r.ast, "func h"));
  parsed_free(&r);
  arena_free(&a);
}

/* Deep nesting must be bounded, not crash. */
static void test_limits(void) {
  StrBuf b = {0};
  strbuf_puts(&b, "__device__ int f(int x) { return ");
  for (int i = 0; i < 5000; i++) strbuf_putc(&b, '(');
  strbuf_puts(&b, "x");
  for (int i = 0; i < 5000; i++) strbuf_putc(&b, ')');
  strbuf_puts(&b, "; }");
  DIAG(b.data, "error: bracket nesting level exceeded maximum of 256");
  strbuf_free(&b);
  StrBuf c = {0};
  strbuf_puts(&c, "__device__ void f() ");
  for (int i = 0; i < 5000; i++) strbuf_putc(&c, '{');
  DIAG(c.data, "error: bracket nesting level exceeded maximum of 256");
  strbuf_free(&c);
}

/* ---- golden diagnostics: tests/errors/x.cu against x.err -------------------- */

static char *read_file(const char *path) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  StrBuf b = {0};
  char buf[4096];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, f)) > 0) strbuf_putn(&b, buf, n);
  fclose(f);
  return b.data ? strbuf_take(&b) : calloc(1, 1);
}

static int cmp_str(const void *a, const void *b) {
  return strcmp(*(char *const *)a, *(char *const *)b);
}

static void test_error_goldens(const char *dir, bool update) {
  DIR *d = opendir(dir);
  if (!d) {
    printf("note: %s not found, golden diagnostics skipped\n", dir);
    return;
  }
  char *names[1024];
  int n = 0;
  struct dirent *e;
  while ((e = readdir(d)) && n < 1024) {
    size_t len = strlen(e->d_name);
    if (len > 3 && strcmp(e->d_name + len - 3, ".cu") == 0) names[n++] = strdup(e->d_name);
  }
  closedir(d);
  qsort(names, (size_t)n, sizeof *names, cmp_str);
  for (int i = 0; i < n; i++) {
    char path[1200], errpath[1200];
    snprintf(path, sizeof path, "%s/%s", dir, names[i]);
    snprintf(errpath, sizeof errpath, "%.*s.err", (int)(strlen(path) - 3), path);
    char *src = read_file(path), *want = read_file(errpath);
    if (src && (src[0] == '#' || strstr(src, "\n#"))) {
      /* needs the preprocessor: tests/run checks it through cuwa */
      free(src);
      free(want);
      free(names[i]);
      continue;
    }
    Arena a;
    arena_init(&a);
    Parsed r = parse_text(&a, path, src ? src : "");
    if (r.errors == 0) {
      /* not a front-end error (the driver's host pass reports it):
       * tests/run checks it through cuwa */
    } else if (update) {
      /* only writes .err files that do not exist yet: never clobbers */
      FILE *f = want ? NULL : fopen(errpath, "wb");
      if (f) { fputs(r.diags, f); fclose(f); }
      passed++;
    } else if (want && strcmp(want, r.diags) == 0) {
      passed++;
    } else {
      failed++;
      printf("FAIL %s\n--- expected:\n%s--- got:\n%s", path, want ? want : "(no .err file)\n", r.diags);
    }
    parsed_free(&r);
    arena_free(&a);
    free(src);
    free(want);
    free(names[i]);
  }
}

static int dump_file(const char *path) {
  char *src = read_file(path);
  if (!src) {
    fprintf(stderr, "cannot read %s\n", path);
    return 1;
  }
  Arena a;
  arena_init(&a);
  Parsed r = parse_text(&a, path, src);
  fputs(r.diags, stderr);
  fputs(r.ast, stdout);
  int errors = r.errors;
  parsed_free(&r);
  arena_free(&a);
  free(src);
  return errors ? 1 : 0;
}

int main(int argc, char **argv) {
  if (argc == 3 && strcmp(argv[1], "--dump") == 0) return dump_file(argv[2]);
  bool update = argc == 2 && strcmp(argv[1], "--new-errors") == 0;
  if (!update) {
    test_kernels();
    test_host_skip();
    test_types();
    test_literals();
    test_exprs();
    test_builtins();
    test_decls();
    test_stmts();
    test_errors();
    test_more();
    test_limits();
  }
  test_error_goldens("tests/errors", update);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
