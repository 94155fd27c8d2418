/* test_host_rewrite.c: unit tests of the host pass's rewrite
 * (src/driver/host_rewrite.c, included here so that its static helpers
 * need no export): kernel stubs, launches, device-only code, device
 * variables, CUDA-only tokens, the errors it reports, and that the line
 * count never changes. The last test compiles a rewritten unit with c++
 * -fsyntax-only against cuwa's headers (run from the repository root).
 * Prints failures and "N passed, M failed". */
#include "../../src/driver/host_rewrite.c"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>

static int passed, failed;

#define CHECK(cond, ...)                                              \
  do {                                                                \
    if (cond) {                                                       \
      passed++;                                                       \
    } else {                                                          \
      failed++;                                                       \
      printf("FAIL %s:%d: %s: ", __FILE__, __LINE__, #cond);          \
      printf(__VA_ARGS__);                                            \
      printf("\n");                                                   \
    }                                                                 \
  } while (0)

typedef struct Result {
  char *out;      /* rewritten text (malloc'd), or NULL on error */
  char *errors;   /* diagnostics (malloc'd) */
} Result;

static void sink(void *ctx, const char *text) { strbuf_puts(ctx, text); }

static int count_lines(const char *s) {
  int n = 0;
  for (; *s; s++) n += *s == '\n';
  return n;
}

/* Rewrites src as if it were `c++ -E` output of "t.cu". */
static Result rewrite(const char *src) {
  Arena a;
  arena_init(&a);
  Diag d;
  diag_init(&d, &a);
  StrBuf errs = {0}, out = {0};
  d.sink = sink;
  d.sink_ctx = &errs;
  char *text = arena_printf(&a, "# 1 \"t.cu\"\n%s", src);
  bool ok = host_rewrite(&a, &d, text, strlen(text), "U", &out);
  Result r = {ok ? strbuf_take(&out) : NULL, errs.data ? strbuf_take(&errs) : strdup("")};
  if (ok) CHECK(count_lines(r.out) == count_lines(text), "line count changed:\n%s", r.out);
  strbuf_free(&out);
  arena_free(&a);
  return r;
}

static void free_result(Result *r) {
  free(r->out);
  free(r->errors);
}

/* The rewrite of src contains each of the NULL-terminated strings. */
static void expect(const char *src, ...) {
  Result r = rewrite(src);
  CHECK(r.out != NULL, "rewrite failed: %s", r.errors);
  va_list ap;
  va_start(ap, src);
  for (const char *want; (want = va_arg(ap, const char *));)
    CHECK(r.out && strstr(r.out, want), "missing [%s] in:\n%s", want, r.out ? r.out : "");
  va_end(ap);
  free_result(&r);
}

static void expect_absent(const char *src, const char *unwanted) {
  Result r = rewrite(src);
  CHECK(r.out && !strstr(r.out, unwanted), "unexpected [%s] in:\n%s", unwanted,
        r.out ? r.out : r.errors);
  free_result(&r);
}

static void expect_error(const char *src, const char *message) {
  Result r = rewrite(src);
  CHECK(r.out == NULL && strstr(r.errors, message), "wanted error [%s], got [%s]", message,
        r.errors);
  free_result(&r);
}

static void test_kernels(void) {
  expect("__global__ void k(float *a, int n) { a[0] = n; }\n",
         "extern \"C\" const CuwaKernelDesc cuwa_kernel_U_0;",
         "void k(float *a, int n) { void *cuwa_args[] = {(void *)&a, (void *)&n}; "
         "cuwa_launch_stub(&cuwa_kernel_U_0, cuwa_args); }",
         "cuwa_register_kernel_stub((const void *)static_cast<void (*)(float * a, int n)>(&k), "
         "&cuwa_kernel_U_0)",
         NULL);
  expect("__global__ void k0() {}\n__global__ void k1(void) {\n\n}\n",
         "cuwa_launch_stub(&cuwa_kernel_U_0, (void **)0);",
         "cuwa_launch_stub(&cuwa_kernel_U_1, (void **)0);", "static_cast<void (*)(void)>(&k1)",
         NULL);
  /* unnamed parameters get names; arrays, function pointers, defaults */
  expect("__global__ void k(int, const float *, size_t, int a[], void (*)(int), int n = 3) {}\n",
         "void k(int cuwa_p0, const float * cuwa_p1, size_t cuwa_p2, int a[], "
         "void (* cuwa_p4)(int), int n = 3)",
         "(void *)&cuwa_p0, (void *)&cuwa_p1, (void *)&cuwa_p2, (void *)&a, (void *)&cuwa_p4, "
         "(void *)&n",
         "static_cast<void (*)(int, const float *, size_t, int a [ ], void ( * ) ( int ), int n)>",
         NULL);
  /* specifiers around the name, namespaces, extern "C", static */
  expect("namespace ns { static __global__ void __launch_bounds__(256, 2) k(int x) {} }\n",
         "namespace ns { extern \"C\" const CuwaKernelDesc cuwa_kernel_U_0; static  void  k(int x)",
         NULL);
  expect_absent("__global__ __launch_bounds__(128) void k(int x) {}\n", "__launch_bounds__");
  expect("extern \"C\" __global__ void k(int x) {}\n",
         "extern \"C\" const CuwaKernelDesc cuwa_kernel_U_0; extern \"C\"  void k(int x)", NULL);
  /* prototypes stay as host declarations and are not numbered */
  expect("__global__ void k(int);\n__global__ void k(int x) {}\n", "\n void k(int);",
         "cuwa_kernel_U_0", NULL);
  expect_absent("__global__ void k(int);\n__global__ void k(int x) {}\n", "cuwa_kernel_U_1");
  /* the kernel body is gone, its lines kept */
  expect_absent("__global__ void k(int *p) {\n  p[threadIdx.x] = 1;\n}\n", "threadIdx");
  /* template kernels: a stub template whose instances find their kernel
   * through an undefined symbol the device pass defines */
  expect("template <typename T, int N = 4> __global__ void k(T *p) { p[0] = N; }\n",
         "template <typename T, int N = 4> struct cuwa_tk_U_0 { static const CuwaKernelDesc "
         "*const desc; static const int reg; };",
         "(void)cuwa_tk_U_0<T, N>::reg; cuwa_launch_stub(cuwa_tk_U_0<T, N>::desc, cuwa_args); }",
         "template <typename T, int N> const int cuwa_tk_U_0<T, N>::reg = "
         "(cuwa_register_kernel_stub((const void *)&k<T, N>, cuwa_tk_U_0<T, N>::desc), 0);",
         NULL);
  expect_absent("template <typename T> __global__ void k(T *p) {}\n__global__ void j() {}\n",
                "cuwa_kernel_U_1");
}

static void test_launches(void) {
  expect("void f() { k<<<g, b>>>(x, y); }\n",
         "(cuwaPushCallConfiguration(g, b, 0, 0) ? (void)0 : k(x, y));", NULL);
  expect("void f() { k<<<g, b, s>>>(); }\n", "(cuwaPushCallConfiguration(g, b, s, 0) ? (void)0 : k());",
         NULL);
  expect("void f() { k<<<g, b, s, st>>>(1); }\n",
         "(cuwaPushCallConfiguration(g, b, s, st) ? (void)0 : k(1));", NULL);
  expect("void f() { ns::k<<<dim3((n + 1) / 2, 1), dim3(16, 16)>>>(a, f(b, c)); }\n",
         "(cuwaPushCallConfiguration(dim3((n + 1) / 2, 1), dim3(16, 16), 0, 0) ? (void)0 : "
         "ns::k(a, f(b, c)));",
         NULL);
  expect("void f() { ::k<<<1, 1>>>(); }\n", ": ::k());", NULL);
  expect("void f() { k<float, 4><<<1, 1>>>(p); }\n", "(void)0 : k<float, 4>(p));", NULL);
  expect("void f() { (k)<<<1, 1>>>(p); }\n", "(void)0 : (k)(p));", NULL);
  expect("void f() { if (c) table[i]<<<1, 1>>>(p); }\n",
         "if (c) (cuwaPushCallConfiguration(1, 1, 0, 0) ? (void)0 : table[i](p));", NULL);
  expect("void f() { return k<<<1, 1>>>(p); }\n", "return (cuwaPushCallConfiguration", NULL);
  expect("void f() { else_ = 1; obj.fp<<<1, 1>>>(p); }\n", "(void)0 : obj.fp(p));", NULL);
  expect("void f() { for (int i = 0; i < 3; i++)\n    k<<<1,\n 1>>>(i); }\n",
         "(cuwaPushCallConfiguration(1,\n 1, 0, 0) ? (void)0 : k(i));", NULL);
  /* a launch at file scope, in an initializer */
  expect("static int x = (k<<<1, 1>>>(), 0);\n", "(cuwaPushCallConfiguration(1, 1, 0, 0)", NULL);
  /* `>>>` that closes templates is no launch */
  expect_absent("std::vector<std::vector<std::pair<int, int>>> v;\n", "cuwaPush");
  expect("template <class T, class U = A<B<C<int>>>> struct S {};\n__global__ void k() {}\n",
         "cuwa_kernel_U_0", NULL);
  expect_error("void f() { k<<<1>>>(); }\n", "a kernel launch takes 2 to 4 configuration arguments");
  expect_error("void f() { k<<<1, 2>>>; }\n", "t.cu:1:20: error: expected '(' after the kernel");
  expect_error("void f() {\n  k<<<1, 2; }\n", "t.cu:2:4: error: expected '>>>'");
}

static void test_device_code(void) {
  /* device-only functions vanish, with their lines */
  expect_absent("__device__ int sq(int x) { return x * x; }\n", "sq");
  expect_absent("static __device__ __forceinline__ int sq(int x) { return x * x; }\n", "sq");
  expect_absent("template <typename T> __device__ T sq(T x) { return x * x; }\n", "sq");
  expect_absent("template <> __device__ int sq<int>(int x) { return x; }\n", "sq");
  expect_absent("__device__ int sq(int x);\n", "sq");
  expect_absent("__device__ void f(int *p) {\n#pragma unroll\n  for (;;) {}\n}\n", "pragma");
  /* host device functions stay, without the specifiers */
  expect("__host__ __device__ inline int twice(int x) { return 2 * x; }\n",
         "  inline int twice(int x) { return 2 * x; }", NULL);
  expect("__device__ __host__ int twice(int x) { return 2 * x; }\n", "  int twice(int x)", NULL);
  expect("__host__ int h(int x) { return x; }\n", " int h(int x)", NULL);
  expect("__host__ __device__ __forceinline__ int f(int x) { return x; }\n", "inline int f", NULL);
  expect("__host__ __device__ inline __forceinline__ int f(int x) { return x; }\n",
         "inline  int f", NULL);
  /* members: device-only ones go, host device ones and constructors stay */
  expect("struct S {\n  int a;\n  __device__ int get() const { return a; }\n"
         "  __host__ __device__ S(int x) : a{x} {}\n  __host__ __device__ bool operator<(const S &o) const { return a < o.a; }\n};\n",
         "struct S {\n  int a;\n  \n", "S(int x) : a{x} {}", "bool operator<", NULL);
  expect_absent("struct S { __device__ S operator+(S o) const { return o; } };\n", "operator");
  expect("struct __align__(16) V { float x; };\n", "struct __attribute__((aligned(16))) V", NULL);
  expect("__noinline__ void f() {}\n", "__attribute__((noinline)) void f", NULL);
  expect_absent("__attribute__((__noinline__)) void f();\n", "((noinline))");
  expect("void f() {\n#pragma unroll\n  for (;;) {}\n}\n", "void f() {\n\n  for", NULL);
  /* device lambdas in host code become host lambdas */
  expect("void f() { auto l = [] __device__ (int i) { return i; }; }\n", "[]  (int i)", NULL);
}

static void test_variables(void) {
  expect("__constant__ float c[4] = {1, 2, 3, 4};\n",
         "extern \"C\" CuwaVarDesc cuwa_var_U_c;  float c[4] = {1, 2, 3, 4}; "
         "__attribute__((unused)) static const int cuwa_vreg_0 = "
         "(cuwa_register_var_shadow((const void *)&c, &cuwa_var_U_c), 0);",
         NULL);
  expect("static __device__ unsigned int count = 0, table[8];\n", "cuwa_var_U_count",
         "cuwa_var_U_table", "static  unsigned int count = 0, table[8];", "(const void *)&table",
         NULL);
  expect("__device__ Pair<int, float> p;\n", "(const void *)&p", NULL);
  expect_absent("extern __device__ int shared_elsewhere;\n", "cuwa_vreg");
  expect("namespace ns { __managed__ int m; }\n", "namespace ns { extern \"C\" CuwaVarDesc", NULL);
}

static void test_line_markers(void) {
  /* errors point at the user's file and line through the markers */
  expect_error("int a;\n# 40 \"other.cu\"\nint b;\n\n__global__ void k(int, ...) {}\n",
               "other.cu:42:24: error: a kernel cannot take a variable number of arguments");
  /* markers inside removed code are kept */
  expect("__device__ int f() {\n# 7 \"inc.h\" 1\n  return 1;\n# 3 \"t.cu\" 2\n}\nint g;\n",
         "# 7 \"inc.h\" 1", "# 3 \"t.cu\" 2", NULL);
}

/* A whole unit through the host compiler, as the driver does it. */
static void test_compiles(void) {
  const char *src =
      "#include <vector>\n"
      "namespace ns {\n"
      "__device__ float sq(float x) { return x * x; }\n"
      "__global__ void scale(float *a, int n, float s) { a[threadIdx.x] = sq(s); }\n"
      "}\n"
      "__constant__ float coef[4] = {1, 2, 3, 4};\n"
      "__device__ int counter, other[3];\n"
      "struct S { int a; __device__ int get() const { return a; }\n"
      "  __host__ __device__ S(int x) : a{x} {} };\n"
      "__global__ void k1(int, float *, const S, int arr[], void (*)(int)) {}\n"
      "extern \"C\" __global__ void k2(int n = 3) {}\n"
      "int main() {\n"
      "  std::vector<std::vector<std::pair<int, int>>> v;\n"
      "  float *d = nullptr;\n"
      "  ns::scale<<<1, 256>>>(d, 10, 2.0f);\n"
      "  (k2)<<<dim3(1, 1, 1), dim3(1), 0, 0>>>(1);\n"
      "  void (*fp)(int) = k2;\n"
      "  fp<<<1, 1>>>(4);\n"
      "  return 0;\n"
      "}\n";
  FILE *f = fopen("/tmp/cuwa_test_host_rewrite.cu", "w");
  if (!f) { CHECK(false, "cannot write a temporary file"); return; }
  fputs(src, f);
  fclose(f);
  int rc = system("c++ -E -x c++ -std=c++17 -D__CUDACC__ -Iinclude -include cuwa/kernel_abi.h "
                  "-include cuda_runtime.h /tmp/cuwa_test_host_rewrite.cu "
                  "-o /tmp/cuwa_test_host_rewrite.ii");
  CHECK(rc == 0, "c++ -E failed");
  FILE *in = fopen("/tmp/cuwa_test_host_rewrite.ii", "rb");
  if (!in) return;
  StrBuf text = {0};
  char buf[65536];
  size_t n;
  while ((n = fread(buf, 1, sizeof buf, in)) > 0) strbuf_putn(&text, buf, n);
  fclose(in);
  Arena a;
  arena_init(&a);
  Diag d;
  diag_init(&d, &a);
  StrBuf out = {0};
  CHECK(host_rewrite(&a, &d, text.data, text.len, "0123456789abcdef", &out), "rewrite failed");
  FILE *o = fopen("/tmp/cuwa_test_host_rewrite.host.ii", "w");
  if (o) {
    fwrite(out.data, 1, out.len, o);
    fclose(o);
  }
  rc = system("c++ -x c++-cpp-output -std=c++17 -Wall -Wextra -Werror -fsyntax-only "
              "/tmp/cuwa_test_host_rewrite.host.ii");
  CHECK(rc == 0, "the rewritten unit does not compile (see above)");
  strbuf_free(&text);
  strbuf_free(&out);
  arena_free(&a);
  remove("/tmp/cuwa_test_host_rewrite.cu");
  remove("/tmp/cuwa_test_host_rewrite.ii");
  remove("/tmp/cuwa_test_host_rewrite.host.ii");
}

int main(void) {
  test_kernels();
  test_launches();
  test_device_code();
  test_variables();
  test_line_markers();
  test_compiles();
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
