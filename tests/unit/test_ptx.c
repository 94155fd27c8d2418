/* test_ptx.c: tests of the PTX back end. Small kernels and every
 * tests/cuda program go through the front end (preprocess, parse, lower)
 * and backend_ptx; what can_emit accepts must print PTX, and when ptxas
 * is installed (CUWA_PTXAS, else /usr/local/cuda/bin/ptxas or the PATH)
 * ptxas must accept it (-arch=sm_90, and sm_75 when the .target allows).
 * What can_emit rejects must come with an "is not supported on the ptx
 * back end" diagnostic. Also checks that src/back/ptx/ptx_libm_gen.inc is
 * what libm.cu gives now; `test_ptx --gen-libm` (from the repository
 * root) rewrites it. No GPU needed. */
#include "../../src/back/back.h"
#include "../../src/front/parse.h"
#include "../../src/front/preprocess.h"
#include "../../src/ir/lower.h"

#include <dirent.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int passed, failed, skipped;
static const char *ptxas;

static void report(const char *name, bool ok, const char *why) {
  printf("%s %s%s%s\n", ok ? "ok  " : "FAIL", name, why ? ": " : "", why ? why : "");
  if (ok) passed++;
  else failed++;
}

static void sink_buf(void *ctx, const char *text) { strbuf_puts(ctx, text); }

static char *read_all(Arena *a, const char *path, size_t *len) {
  FILE *f = fopen(path, "rb");
  if (!f) return NULL;
  fseek(f, 0, SEEK_END);
  long n = ftell(f);
  fseek(f, 0, SEEK_SET);
  char *buf = arena_alloc(a, (size_t)n + 1);
  size_t got = fread(buf, 1, (size_t)n, f);
  fclose(f);
  buf[got] = 0;
  *len = got;
  return buf;
}

static char *io_read(void *ctx, Arena *a, const char *path, size_t *len) {
  (void)ctx;
  return read_all(a, path, len);
}

typedef struct PtxResult {
  char *ptx;      /* malloc'd, NULL when not emitted */
  StrBuf diags;
  bool front_ok;  /* the front end accepted the source */
} PtxResult;

/* path -> PTX through the same stages as the driver's device pass. */
static PtxResult compile_path(const char *path, unsigned fp_flags) {
  PtxResult r = {0};
  Arena a;
  arena_init(&a);
  Diag d;
  diag_init(&d, &a);
  d.sink = sink_buf;
  d.sink_ctx = &r.diags;
  FileIO io = {io_read, NULL};
  const char *inc[] = {"tests/cuda"};
  PPOptions pp = {inc, 1, "include/cuwa/device", NULL, 0, NULL, 0, 750, "cuda_runtime.h"};
  PPResult toks;
  memset(&toks, 0, sizeof toks);
  Program *p = NULL;
  IrModule *m = NULL;
  if (preprocess_file(&a, &d, &io, path, &pp, &toks) && !d.errors)
    p = parse_program(&a, &d, &toks.tokens);
  if (p && !d.errors) m = lower_program(&a, &d, p, path);
  r.front_ok = m && !d.errors;
  if (m) m->fp_flags = fp_flags;
  if (r.front_ok && backend_ptx.can_emit(m, &d)) {
    StrBuf out = {0};
    if (backend_ptx.emit(m, "u1234", &d, &out)) r.ptx = strbuf_take(&out);
    else strbuf_free(&out);
  }
  arena_free(&a);
  return r;
}

/* Runs ptxas on text; true if it accepts. Its messages go to log. */
static bool run_ptxas(const char *text, const char *log) {
  char path[] = "/tmp/cuwa_test_ptx_XXXXXX";
  int fd = mkstemp(path);
  if (fd < 0) return false;
  size_t n = strlen(text);
  bool ok = write(fd, text, n) == (ssize_t)n;
  close(fd);
  char cmd[1024];
  snprintf(cmd, sizeof cmd, "'%s' -O1 -arch=sm_90 '%s' -o /dev/null >'%s' 2>&1", ptxas, path, log);
  ok = ok && system(cmd) == 0;
  /* sm_75, the oldest GPU ptxas 13 knows: the .target must be honest */
  const char *t = strstr(text, ".target sm_");
  if (ok && t && atoi(t + 11) <= 75) {
    snprintf(cmd, sizeof cmd, "'%s' -O0 -arch=sm_75 '%s' -o /dev/null >'%s' 2>&1", ptxas, path, log);
    ok = system(cmd) == 0;
  }
  unlink(path);
  return ok;
}

static void print_file(const char *path) {
  FILE *f = fopen(path, "r");
  char line[512];
  for (int k = 0; f && k < 20 && fgets(line, sizeof line, f); k++) printf("    %s", line);
  if (f) fclose(f);
}

/* One source: emitted PTX must pass ptxas; a rejection must be reported. */
static void check_program(const char *name, const char *path, unsigned fp_flags,
                          const char *const *want) {
  PtxResult r = compile_path(path, fp_flags);
  if (!r.front_ok) {
    skipped++;  /* the front end's tests cover this */
  } else if (!r.ptx) {
    bool said = r.diags.data && strstr(r.diags.data, "not supported on the ptx back end");
    printf("note %s: not emitted for ptx: %s", name, r.diags.data ? r.diags.data : "(no message)\n");
    report(name, said, said ? NULL : "can_emit failed without a diagnostic");
  } else if (ptxas) {
    const char *log = "/tmp/cuwa_test_ptx.log";
    bool ok = run_ptxas(r.ptx, log);
    for (int k = 0; ok && want && want[k]; k++)
      if (!strstr(r.ptx, want[k])) {
        printf("  %s: no '%s' in the PTX\n", name, want[k]);
        ok = false;
      }
    report(name, ok, ok ? NULL : "ptxas rejected the PTX, or a wanted form is missing");
    if (!ok) print_file(log);
  } else {
    report(name, strstr(r.ptx, ".entry") != NULL, NULL);
  }
  free(r.ptx);
  strbuf_free(&r.diags);
}

static void check_source_ex(const char *name, const char *src, unsigned fp_flags,
                            const char *const *want) {
  char path[] = "/tmp/cuwa_test_src_XXXXXX.cu";
  int fd = mkstemps(path, 3);
  if (fd < 0) return;
  bool ok = write(fd, src, strlen(src)) == (ssize_t)strlen(src);
  close(fd);
  if (ok) check_program(name, path, fp_flags, want);
  unlink(path);
}

static void check_source(const char *name, const char *src) { check_source_ex(name, src, 0, NULL); }

static const char *find_ptxas(void) {
  const char *env = getenv("CUWA_PTXAS");
  if (env && *env) return access(env, X_OK) == 0 ? env : NULL;
  if (access("/usr/local/cuda/bin/ptxas", X_OK) == 0) return "/usr/local/cuda/bin/ptxas";
  return system("command -v ptxas >/dev/null 2>&1") == 0 ? "ptxas" : NULL;
}

static int compare_names(const void *a, const void *b) {
  return strcmp(*(const char *const *)a, *(const char *const *)b);
}

static void check_test_suite(void) {
  DIR *dir = opendir("tests/cuda");
  if (!dir) return;
  char *names[256];
  int n = 0;
  for (struct dirent *de; (de = readdir(dir)) && n < 256;) {
    size_t len = strlen(de->d_name);
    if (len > 3 && strcmp(de->d_name + len - 3, ".cu") == 0) names[n++] = strdup(de->d_name);
  }
  closedir(dir);
  qsort(names, (size_t)n, sizeof *names, compare_names);
  for (int k = 0; k < n; k++) {
    char path[512];
    snprintf(path, sizeof path, "tests/cuda/%s", names[k]);
    check_program(path, path, 0, NULL);
    free(names[k]);
  }
}

static const char *kernels =
    "struct Pair { int a; float b; char c; };\n"
    "__device__ int counter;\n"
    "__constant__ float coef[4] = {1.0f, 2.0f, 3.0f, 4.0f};\n"
    "__device__ float helper(float x, int k) { return x * coef[k & 3]; }\n"
    "__device__ Pair make(int a) { Pair p; p.a = a; p.b = a * 0.5f; p.c = (char)a; return p; }\n"
    "__global__ void k1(float *out, const float *in, int n, Pair q, bool flag) {\n"
    "  __shared__ float tile[64];\n"
    "  extern __shared__ unsigned char dyn[];\n"
    "  int i = blockIdx.x * blockDim.x + threadIdx.x;\n"
    "  tile[threadIdx.x & 63] = i < n ? in[i] : 0.0f;\n"
    "  dyn[threadIdx.x] = (unsigned char)i;\n"
    "  __syncthreads();\n"
    "  Pair p = make(i);\n"
    "  float acc = 0;\n"
    "  for (int k = 0; k < 4; k++) { if (k == 2) continue; acc += helper(tile[k], k); }\n"
    "  switch (i & 3) { case 0: acc += 1; break; case 1: acc -= 1; default: acc *= 2; }\n"
    "  long long w = (long long)i << 40; unsigned short s = (unsigned short)i;\n"
    "  acc += (float)(w >> 35) + s + q.b + p.b + (flag ? 1.0f : 0.0f) + (int)acc / 3;\n"
    "  double dd = sqrt((double)acc) + fabs(-acc) + floor(acc);\n"
    "  if (i < n) out[i] = acc + (float)dd + __popc(i) + sqrtf(acc) + (float)p.c;\n"
    "  if (i == 0) counter = (int)acc;\n"
    "}\n";

/* ---- ptx_libm_gen.inc: libm.cu through cuwa, as .func bodies ----------------------- */

static void put_c_string(StrBuf *o, const char *s, size_t n) {
  strbuf_puts(o, "\"");
  for (size_t k = 0; k < n; k++) {
    char c = s[k];
    if (c == '\n') strbuf_puts(o, k + 1 < n ? "\\n\"\n    \"" : "\\n");
    else if (c == '\t') strbuf_puts(o, "\\t");
    else if (c == '"' || c == '\\') strbuf_printf(o, "\\%c", c);
    else strbuf_putc(o, c);
  }
  strbuf_puts(o, "\"");
}

/* The .inc text from libm.cu's PTX: its globals (made module-private) and
 * one entry per "// __cuwa_libm_x" .func; the kernel that calls them all
 * is dropped. NULL if libm.cu does not compile. */
static char *gen_libm(void) {
  PtxResult r = compile_path("src/back/ptx/libm.cu", 0);
  if (!r.ptx) {
    printf("%s", r.diags.data ? r.diags.data : "libm.cu: no PTX\n");
    strbuf_free(&r.diags);
    return NULL;
  }
  bool private_func = false;  /* "__cuwa_f<id>": a .func not named __cuwa_libm_ */
  for (const char *p = strstr(r.ptx, "__cuwa_f"); p; p = strstr(p + 1, "__cuwa_f"))
    if (p[8] >= '0' && p[8] <= '9') private_func = true;
  if (private_func) {  /* a helper became a .func: inline only */
    printf("libm.cu: a helper is recursive or __noinline__ (only __cuwa_libm_ functions may be)\n");
    free(r.ptx);
    strbuf_free(&r.diags);
    return NULL;
  }
  StrBuf globals = {0}, funcs = {0}, out = {0};
  char *kernel = strstr(r.ptx, "\n// __cuwa_libm_all\n");
  if (kernel) kernel[1] = 0;
  for (char *line = r.ptx; line && *line;) {
    char *nl = strchr(line, '\n');
    size_t len = nl ? (size_t)(nl - line + 1) : strlen(line);
    if (strncmp(line, ".visible .const", 15) == 0 || strncmp(line, ".visible .global", 16) == 0)
      strbuf_printf(&globals, "%.*s", (int)(len - 9), line + 9);
    if (strncmp(line, "// __cuwa_libm_", 15) == 0 && nl && strncmp(nl + 1, ".func", 5) == 0) {
      char *end = strstr(line, "\n}\n");
      if (!end) break;
      size_t n = (size_t)(end + 3 - line);
      strbuf_printf(&funcs, "  {\"%.*s\",\n    ", (int)(len - 4), line + 3);
      strbuf_puts(&funcs, "\"\\n\"\n    ");
      put_c_string(&funcs, line, n);
      strbuf_puts(&funcs, "},\n");
      line = end + 3;
      continue;
    }
    line += len;
  }
  strbuf_puts(&out, "/* ptx_libm_gen.inc: generated from libm.cu by `test_ptx --gen-libm`\n"
                    " * (tests/unit/test_ptx.c); do not edit. */\n");
  strbuf_puts(&out, "static const char ptx_libm_globals[] =\n    ");
  put_c_string(&out, globals.data ? globals.data : "", globals.len);
  strbuf_puts(&out, ";\n\nstatic const PtxLibFunc ptx_libm_funcs[] = {\n");
  strbuf_puts(&out, funcs.data ? funcs.data : "");
  strbuf_puts(&out, "};\n");
  strbuf_free(&globals);
  strbuf_free(&funcs);
  strbuf_free(&r.diags);
  free(r.ptx);
  return strbuf_take(&out);
}

/* The checked-in ptx_libm_gen.inc must be what libm.cu gives now. */
static void check_libm_fresh(void) {
  char *want = gen_libm();
  Arena a;
  arena_init(&a);
  size_t len = 0;
  char *have = read_all(&a, "src/back/ptx/ptx_libm_gen.inc", &len);
  bool ok = want && have && strcmp(want, have) == 0;
  report("ptx_libm_gen.inc", ok, ok ? NULL : "stale: rebuild, then run test_ptx --gen-libm");
  arena_free(&a);
  free(want);
}

static int write_libm(void) {
  char *text = gen_libm();
  FILE *f = text ? fopen("src/back/ptx/ptx_libm_gen.inc", "w") : NULL;
  if (!f) return 1;
  fputs(text, f);
  fclose(f);
  free(text);
  printf("wrote src/back/ptx/ptx_libm_gen.inc\n");
  return 0;
}

int main(int argc, char **argv) {
  if (argc > 1 && strcmp(argv[1], "--gen-libm") == 0) return write_libm();
  ptxas = find_ptxas();
  if (!ptxas) printf("note: ptxas not found; PTX is checked for an .entry only\n");
  check_source("kernels", kernels);
  check_source("libm_and_recursion",
               "__device__ int fact(int n) { return n < 2 ? 1 : n * fact(n - 1); }\n"
               "__global__ void k(float *o, double *d) {\n"
               "  o[0] = sinf(o[1]) + powf(o[2], o[3]) + fmodf(o[4], o[5]) + erfcf(o[6]);\n"
               "  d[0] = exp(d[1]) + atan2(d[2], d[3]) + cbrt(d[4]) + fact((int)d[5]);\n"
               "}\n");
  check_source("math_api",  /* the rest of the CUDA Math API, rounded ops and conversions */
               "__global__ void k(float *f, double *d, int *n) {\n"
               "  f[0] = asinhf(f[1]) + acoshf(f[2]) + atanhf(f[3]) + sinpif(f[4]) + cospif(f[5])\n"
               "    + rcbrtf(f[6]) + erfinvf(f[7]) + erfcinvf(f[8]) + erfcxf(f[9]) + normcdff(f[1])\n"
               "    + normcdfinvf(f[2]) + lgammaf(f[3]) + tgammaf(f[4]) + cyl_bessel_i0f(f[5])\n"
               "    + cyl_bessel_i1f(f[6]) + logbf(f[7]) + rhypotf(f[1], f[2]) + norm3df(f[1], f[2], f[3])\n"
               "    + rnorm4df(f[1], f[2], f[3], f[4]) + normf(3, f) + rnormf(3, f) + ilogbf(f[1])\n"
               "    + ldexpf(f[1], n[1]) + scalblnf(f[2], (long)n[2]) + nextafterf(f[1], f[2])\n"
               "    + fdimf(f[1], f[2]) + remainderf(f[1], f[2]) + nearbyintf(f[3]) + lroundf(f[4])\n"
               "    + __exp10f(f[5]) + __tanf(f[6]) + __fdiv_rz(f[1], f[2]) + __float2uint_rd(f[3]);\n"
               "  d[0] = erfc(d[1]) + tgamma(d[2]) + lgamma(d[3]) + norm(2, d) + rnorm3d(d[1], d[2], d[3])\n"
               "    + remainder(d[1], d[2]) + __dadd_ru(d[1], d[2]) + __fma_rd(d[1], d[2], d[3])\n"
               "    + __ull2double_rz((unsigned long long)n[0]) + __hiloint2double(n[0], n[1]) + llround(d[4])\n"
               "    + j0(d[1]) + y1(d[2]) + jn(n[0], d[3]) + yn(3, d[4]) + j1f(f[1]) + ynf(n[1], f[2]);\n"
               "  int q; d[1] = remquo(d[2], d[3], &q);\n"
               "  n[0] = q + __dp4a(n[1], n[2], n[3]) + __dp2a_hi(n[1], n[2], n[3]) + (int)llmax(n[1], n[2]);\n"
               "}\n");
  /* -ftz=true -prec-div=false -prec-sqrt=false (--use_fast_math) */
  static const char *const fast[] = {"div.full.ftz.f32", "sqrt.approx.ftz.f32", "mul.ftz.f32",
                                     "div.rn.f64", NULL};
  check_source_ex("fp_flags",
                  "__global__ void k(float *o, double *d) {\n"
                  "  o[0] = o[1] / o[2] + sqrtf(o[3]) * o[4] + sinf(o[5]); d[0] = d[1] / d[2];\n"
                  "}\n",
                  IR_FP_FTZ | IR_FP_APPROX_DIV | IR_FP_APPROX_SQRT, fast);
  check_libm_fresh();
  check_test_suite();
  printf("%d passed, %d failed (%d skipped)\n", passed, failed, skipped);
  return failed ? 1 : 0;
}
