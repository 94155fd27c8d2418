/* test_wgsl.c: unit tests of the WGSL back end. Small kernels go from
 * CUDA source through the front end and lowering to WGSL; the tests check
 * the text, the diagnostics of can_emit for what WGSL cannot express, and,
 * when Dawn and a Vulkan driver are installed (scripts/install-webgpu),
 * that Dawn accepts every WGSL module produced here (shader module and one
 * pipeline per kernel). Without Dawn those checks print "skip". Prints
 * "N passed, M failed".
 * unit-link: ../../src/runtime/webgpu/webgpu_device.c ../../src/runtime/webgpu/webgpu_module.c ../../src/runtime/webgpu/webgpu_printf.c ../../src/runtime/webgpu/wgpu_load.c
 */
#include "../../src/back/wgsl/wgsl.h"
#include "../../src/front/parse.h"
#include "../../src/ir/lower.h"
#include "../../src/runtime/webgpu/webgpu.h"

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int passed, failed;
static Device *dawn;  /* NULL when Dawn is not installed */

#define EXPECT(cond)                                                         \
  do {                                                                       \
    if (!(cond)) {                                                           \
      fprintf(stderr, "%s:%d: expected %s\n", __FILE__, __LINE__, #cond);    \
      ok = false;                                                            \
    }                                                                        \
  } while (0)

static void report(const char *name, bool ok) {
  printf("%s %s\n", ok ? "ok  " : "FAIL", name);
  if (ok) passed++;
  else failed++;
}

static void sink_buf(void *ctx, const char *text) { strbuf_puts(ctx, text); }

typedef struct Result {
  char *wgsl;      /* NULL when can_emit refused */
  StrBuf diags;
} Result;

static Result compile_wgsl(const char *src) {
  Result r = {0};
  Arena a;
  arena_init(&a);
  Diag d;
  diag_init(&d, &a);
  d.sink = sink_buf;
  d.sink_ctx = &r.diags;
  uint32_t file = diag_add_file(&d, "t.cu", src, strlen(src));
  TokenVec toks = {0};
  lex_file(&a, &d, file, src, strlen(src), &toks);
  for (int i = 0; i < toks.len; i++)  /* what the preprocessor does */
    if (toks.data[i].kind == TK_IDENT) toks.data[i].kind = lex_keyword(toks.data[i].text, toks.data[i].len);
  Program *p = d.errors ? NULL : parse_program(&a, &d, &toks);
  IrModule *m = p && !d.errors ? lower_program(&a, &d, p, "t.cu") : NULL;
  if (m && backend_wgsl.can_emit(m, &d)) {
    StrBuf out = {0};
    if (backend_wgsl.emit(m, "u1234", &d, &out)) r.wgsl = strbuf_take(&out);
    strbuf_free(&out);
  }
  arena_free(&a);
  return r;
}

/* Dawn's verdict on the module; true when Dawn is absent. */
static bool dawn_accepts(const char *name, const char *wgsl, unsigned wg) {
  if (!dawn || !wgsl) return true;
  char why[4096];
  if (webgpu_validate_wgsl(dawn, wgsl, wg, 4, why, sizeof why) == 0) return true;
  fprintf(stderr, "%s: Dawn rejected the WGSL:\n%s\n---\n%s\n", name, why, wgsl);
  return false;
}

/* Compiles src, expects WGSL containing each of `wants` (NULL-ended), and
 * Dawn's acceptance. */
static void expect_wgsl(const char *name, const char *src, const char *const *wants) {
  bool ok = true;
  Result r = compile_wgsl(src);
  EXPECT(r.wgsl != NULL);
  if (!r.wgsl) fprintf(stderr, "%s: %s\n", name, r.diags.data ? r.diags.data : "");
  for (int k = 0; r.wgsl && wants && wants[k]; k++)
    if (!strstr(r.wgsl, wants[k])) {
      fprintf(stderr, "%s: missing \"%s\" in\n%s\n", name, wants[k], r.wgsl);
      ok = false;
    }
  EXPECT(dawn_accepts(name, r.wgsl, 64));
  EXPECT(dawn_accepts(name, r.wgsl, 256));
  free(r.wgsl);
  strbuf_free(&r.diags);
  report(name, ok);
}

/* Expects can_emit to refuse with a diagnostic containing `want`. */
static void expect_refusal(const char *name, const char *src, const char *want) {
  bool ok = true;
  Result r = compile_wgsl(src);
  EXPECT(r.wgsl == NULL);
  EXPECT(r.diags.data && strstr(r.diags.data, want));
  EXPECT(r.diags.data && strstr(r.diags.data, "is not supported on webgpu"));
  if (!ok) fprintf(stderr, "%s: diagnostics:\n%s\n", name, r.diags.data ? r.diags.data : "(none)");
  free(r.wgsl);
  strbuf_free(&r.diags);
  report(name, ok);
}

static void test_kernels(void) {
  expect_wgsl("vector_add",
              "__global__ void add(const float *a, const float *b, float *c, int n) {\n"
              "  int i = blockIdx.x * blockDim.x + threadIdx.x;\n"
              "  if (i < n) c[i] = a[i] + b[i];\n}\n",
              (const char *const[]){"fn cuwa_k0(", "@workgroup_size(cuwa_wg)", "cuwa_ld_f32_h",
                                    "// cuwa-kernel 0 add barrier=0", NULL});
  expect_wgsl("device_functions_and_loops",
              "__device__ int sq(int x) { return x * x; }\n"
              "__device__ void acc(int *p, int v) { *p += v; }\n"
              "__global__ void k(int *out, int n) {\n"
              "  int s = 0;\n"
              "  for (int i = 0; i < n; i++) { if (i % 3 == 0) continue; acc(&s, sq(i)); }\n"
              "  while (s > 1000) s /= 2;\n"
              "  switch (s & 3) { case 0: case 1: s += 1; break; case 2: s -= 1; break; default: s = 0; }\n"
              "  out[threadIdx.x] = s >> (n & 7);\n}\n",
              (const char *const[]){"cuwa_div_i32", "cuwa_rem_i32", "switch", "var<private> cuwa_lm", NULL});
  expect_wgsl("structs_and_constant_memory",
              "struct P { int a; float b; unsigned char c[3]; short d; };\n"
              "__constant__ float coef[4] = {1.0f, 2.0f, 3.0f, 4.0f};\n"
              "__device__ int counter;\n"
              "__global__ void k(P p, P *out, float *f) {\n"
              "  P q = p; q.a += (int)coef[threadIdx.x & 3]; q.c[1] = (unsigned char)q.a;\n"
              "  out[threadIdx.x] = q; f[threadIdx.x] = q.b * coef[2] + (float)q.d;\n"
              "  if (threadIdx.x == 0) counter = q.c[1];\n}\n",
              (const char *const[]){"// cuwa-var coef 0 16", "// cuwa-var counter", "struct S",
                                    "array<atomic<u32>>", NULL});
  expect_wgsl("shared_memory_and_barriers",
              "__global__ void rev(int *d, int n) {\n"
              "  __shared__ int s[64];\n"
              "  extern __shared__ float dyn[];\n"
              "  int t = threadIdx.x;\n"
              "  s[t] = d[t]; dyn[t] = (float)t;\n"
              "  __syncthreads();\n"
              "  d[t] = s[n - t - 1] + (int)dyn[n - t - 1];\n}\n",
              (const char *const[]){"workgroupBarrier()", "barrier=1", "cuwa_ld_i32_s", NULL});
  expect_wgsl("math_and_conversions",
              "__global__ void m(float *f, int *i, unsigned *u) {\n"
              "  float x = f[0];\n"
              "  f[1] = sqrtf(x) + expf(x) + powf(x, 3.0f) + fminf(x, 2.0f) + roundf(x) + fmodf(x, 1.5f);\n"
              "  i[0] = (int)x; u[0] = (unsigned)x; i[1] = __float2int_rn(x) + __popc(u[1]) + __clz(i[2]);\n"
              "  u[2] = __umulhi(u[0], u[1]) ^ (u[0] >> 33) ^ __brev(u[3]); i[3] = i[0] / i[1] % i[2];\n"
              "  f[2] = __int_as_float(i[4]) + (float)u[4] + copysignf(1.0f, x) + __saturatef(x);\n}\n",
              (const char *const[]){"cuwa_f2i", "cuwa_f2u", "cuwa_pow", "cuwa_umulhi", "cuwa_shr_u32", NULL});
  expect_wgsl("grid_builtins",
              "__global__ void g(int *o) {\n"
              "  int b = blockIdx.x + gridDim.x * (blockIdx.y + gridDim.y * blockIdx.z);\n"
              "  int t = threadIdx.x + blockDim.x * (threadIdx.y + blockDim.y * threadIdx.z);\n"
              "  o[b * blockDim.x * blockDim.y * blockDim.z + t] = b * 1000 + t;\n}\n",
              (const char *const[]){"cb.z", "ct.y", "cuwa_u[0].y", NULL});
}

static void test_issue6(void) {
  expect_wgsl("atomics",
              "__global__ void k(int *c, unsigned *u, float *f, unsigned short *h) {\n"
              "  __shared__ int s[4];\n"
              "  atomicAdd(&c[0], 1); atomicMin(&c[1], (int)threadIdx.x); atomicInc(&u[0], 9u);\n"
              "  atomicCAS(&c[2], 0, 1); atomicAdd(&f[0], 0.5f); atomicCAS(&h[1], (unsigned short)0, (unsigned short)1);\n"
              "  atomicExch(&s[0], 3); atomicXor_block(&s[1], 5); __threadfence();\n"
              "  atomicAdd((unsigned long long *)&u[2], 1ull);\n}\n",
              (const char *const[]){"array<atomic<u32>>", "atomicAdd(&cuwa_heap", "atomicCompareExchangeWeak",
                                    "array<atomic<u32>, 4u + cuwa_dyn_words>", NULL});
  expect_wgsl("long_long",
              "__global__ void k(long long *d, unsigned long long *u, float *f, int s) {\n"
              "  long long a = d[0], b = d[1];\n"
              "  d[2] = a * b + a / b - a % b; u[0] = u[1] >> s | u[2] << 3; d[3] = a < b ? a : -b;\n"
              "  f[0] = (float)a + (float)u[0]; d[4] = (long long)f[1]; u[3] = __brevll(u[4]) + __popcll(u[5]);\n"
              "  unsigned long i = blockIdx.x * (unsigned long)blockDim.x + threadIdx.x; d[i] = __mul64hi(a, b);\n}\n",
              (const char *const[]){"vec2<u32>", "cuwa_mul64", "cuwa_sdiv64", "cuwa_shr64u", "cuwa_i64tof", NULL});
  expect_wgsl("warp_ops",
              "__global__ void k(int *o, float *f) {\n"
              "  int t = threadIdx.x; float v = f[t];\n"
              "  for (int d = 16; d > 0; d /= 2) v += __shfl_down_sync(0xffffffff, v, d);\n"
              "  if (t & 1) o[t] = __ballot_sync(0xffffffff, t > 3) + __all_sync(0x55555555, 1);\n"
              "  o[t + 64] = __reduce_add_sync(0xffffffff, t) + __match_any_sync(0xffffffff, t & 3);\n"
              "  if (__syncthreads_count(t < 5) == 5) f[t] = v;\n}\n",
              (const char *const[]){"cuwa_shfl(ct, cur", "cuwa_wvote(ct, cur", "workgroupUniformLoad",
                                    "barrier=1", NULL});
  expect_wgsl("early_return_before_barrier",
              "__device__ int twice(int *s, int v) { s[threadIdx.x] = v; __syncthreads(); return 2 * s[0]; }\n"
              "__global__ void k(int *o, int n) {\n"
              "  __shared__ int s[256];\n"
              "  int t = threadIdx.x;\n  if (t >= n) return;\n"
              "  s[t] = t; __syncthreads();\n"
              "  while (s[0] < n) { if (t == 0) s[0] += 1; __syncthreads(); }\n"
              "  o[t] = twice(s, s[(t + 1) % n]);\n}\n",
              (const char *const[]){"var alive = true;", "cuwa_bcount(ct, true", "act: bool", NULL});
  expect_wgsl("printf",
              "extern \"C\" int printf(const char *, ...);\n"
              "__global__ void k(int *o, double d) { printf(\"%d %f %s %lld\\n\", o[0], d, \"x\", (long long)o[1]); }\n",
              (const char *const[]){"// cuwa-printf", "// cuwa-string 0 ", "fn cuwa_printf0(", NULL});
}

static void test_generic_pointers(void) {
  expect_wgsl("generic_pointer",
              "__global__ void k(int *g, int c) {\n"
              "  __shared__ int s[4];\n  int l[2] = {0, 1};\n"
              "  int *p = c ? g : c > 1 ? s : l;\n  p[0] = 1; atomicAdd(c ? g : s, 2);\n  g[1] = p[1];\n}\n",
              (const char *const[]){"fn cuwa_rw_g(", "0xfff80000u", "cuwa_agadd_i(", NULL});
}

static void test_refusals(void) {
  expect_refusal("double", "__global__ void k(double *d) { d[0] = d[1] * 2.0; }\n", "double precision");
  expect_refusal("long_long_switch", "__global__ void k(long long *d) { switch (d[0]) { case 1: d[1] = 0; } }\n",
                 "a switch on a 64-bit value");
  expect_refusal("recursion",
                 "__device__ int f(int x) { return x ? f(x - 1) + 1 : 0; }\n"
                 "__global__ void k(int *o) { o[0] = f(o[1]); }\n",
                 "recursion");
  expect_refusal("printf_double_arithmetic",
                 "extern \"C\" int printf(const char *, ...);\n"
                 "__global__ void k(double d) { printf(\"%f\\n\", d * 2.0); }\n",
                 "double precision");
  expect_refusal("erff", "__global__ void k(float *o) { o[0] = erff(o[1]); }\n",
                 "the device function 'erff'");
}

/* Dawn if installed: CUWA_WEBGPU_LIB, else <build>/lib; SwiftShader as the
 * Vulkan driver when no other is chosen. */
static void open_dawn(void) {
  char why[512] = "";
  const char *build = getenv("CUWA_BUILD_DIR");
  char lib[1024];
  if (!getenv("CUWA_WEBGPU_LIB") && build) {
    snprintf(lib, sizeof lib, "%s/lib/libwebgpu_wrapper.so", build);
    if (access(lib, R_OK) == 0) setenv("CUWA_WEBGPU_LIB", lib, 1);
  }
  const char *icd = "/usr/lib/chromium/vk_swiftshader_icd.json";
  if (!getenv("VK_ICD_FILENAMES") && !getenv("VK_DRIVER_FILES") && access(icd, R_OK) == 0)
    setenv("VK_ICD_FILENAMES", icd, 1);
  if (!getenv("XDG_RUNTIME_DIR")) setenv("XDG_RUNTIME_DIR", "/tmp", 1);
  dawn = webgpu_device_new(why, sizeof why);
  if (!dawn) printf("skip Dawn validation: %s\n", why);
}

int main(void) {
  open_dawn();
  test_kernels();
  test_issue6();
  test_generic_pointers();
  test_refusals();
  if (dawn) dawn->ops->destroy(dawn);
  printf("%d passed, %d failed\n", passed, failed);
  return failed ? 1 : 0;
}
