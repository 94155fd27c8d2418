/* test_ir.c: unit tests of the IR (builders, ir_verify, ir_print), of the
 * C back end (hand-built modules are emitted as C, compiled with cc and run
 * with a tiny fake runtime) and, when the front end is linked in, of
 * lowering from CUDA source. Tests may spawn processes (system()); the
 * library never does. Prints "N passed, M failed". */
#include "../../src/back/back.h"
#include "../../src/ir/ir.h"
#ifndef TEST_WITHOUT_FRONT
#define TEST_WITH_FRONT 1  /* lowering tests from CUDA source */
#endif
#ifdef TEST_WITH_FRONT
#include "../../src/front/parse.h"
#include "../../src/ir/lower.h"
#endif

#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include <unistd.h>

static int passed, failed;
static const char *tmpdir = "/tmp";
static const char *include_dir = "include";

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

/* Diagnostics go to a buffer so tests can check them. */
static void sink_buf(void *ctx, const char *text) { strbuf_puts(ctx, text); }

typedef struct T {
  Arena a;
  Diag d;
  StrBuf diag_text;
  IrModule *m;
  IrBuilder b;
} T;

static void t_init(T *t) {
  memset(t, 0, sizeof *t);
  arena_init(&t->a);
  diag_init(&t->d, &t->a);
  t->d.sink = sink_buf;
  t->d.sink_ctx = &t->diag_text;
  diag_add_file(&t->d, "test.cu", "", 0);
  t->m = ir_new_module(&t->a, "test.cu");
  t->b.m = t->m;
}

static void t_free(T *t) {
  strbuf_free(&t->diag_text);
  arena_free(&t->a);
}

static IrType *ty(T *t, IrTypeKind k) { return ir_type_scalar(t->m, k); }
static IrType *ptr(T *t, IrType *e) { return ir_type_ptr(t->m, e, IRS_GLOBAL); }

static IrFunc *new_kernel(T *t, const char *name, int nparams, IrType **params) {
  IrFunc *f = ir_new_func(t->m, name, ty(t, IRT_VOID));
  f->is_kernel = true;
  int ord = 0;
  for (int i = 0; i < t->m->funcs.len - 1; i++) ord += t->m->funcs.data[i]->is_kernel;
  f->ordinal = ord;
  f->params = params;
  f->param_count = nparams;
  t->b.f = f;
  t->b.block = &f->body;
  return f;
}

/* ---- compiling and running generated C ------------------------------------- */

static const char *fake_runtime =
    "#include <cuwa/kernel_abi.h>\n"
    "#include <stdarg.h>\n#include <stdio.h>\n#include <stdlib.h>\n#include <string.h>\n"
    "static const CuwaModuleDesc *mod;\n"
    "static int assert_count;\n"
    "void cuwa_register_module(const CuwaModuleDesc *m) { mod = m; }\n"
    "int cuwa_device_printf(const char *fmt, ...) {\n"
    "  va_list ap; va_start(ap, fmt); int n = vprintf(fmt, ap); va_end(ap); return n; }\n"
    "long long cuwa_device_clock64(void) { return 42; }\n"
    "void cuwa_device_assert_fail(const CuwaBlockCtx *c, uint32_t tx, uint32_t ty, uint32_t tz,\n"
    "    const char *e, const char *f, int l, const char *fn) {\n"
    "  assert_count++; printf(\"assert %s %s:%d %s (%u,%u,%u)\\n\", e, f, l, fn, tx, ty, tz); }\n"
    "static const CuwaKernelDesc *find(const char *name) {\n"
    "  for (int i = 0; i < mod->kernel_count; i++)\n"
    "    if (!strcmp(mod->kernels[i]->name, name)) return mod->kernels[i];\n"
    "  printf(\"no kernel %s\\n\", name); exit(3); }\n"
    "static void *var(const char *name) {\n"
    "  for (int i = 0; i < mod->var_count; i++)\n"
    "    if (!strcmp(mod->vars[i]->name, name)) return mod->vars[i]->cpu_addr;\n"
    "  printf(\"no var %s\\n\", name); exit(3); }\n"
    "static void launch(const char *name, CuwaDim3 g, CuwaDim3 b, size_t dyn, void **args) {\n"
    "  const CuwaKernelDesc *k = find(name);\n"
    "  _Alignas(16) char buf[1024]; char *dsh = calloc(1, dyn + 16);\n"
    "  for (int i = 0; i < k->param_count; i++)\n"
    "    memcpy(buf + k->param_offsets[i], args[i], k->param_sizes[i]);\n"
    "  CuwaBlockCtx c; memset(&c, 0, sizeof c); c.grid_dim = g; c.block_dim = b;\n"
    "  c.dyn_shared = dsh; c.dyn_shared_size = dyn;\n"
    "  for (uint32_t z = 0; z < g.z; z++) for (uint32_t y = 0; y < g.y; y++)\n"
    "    for (uint32_t x = 0; x < g.x; x++) {\n"
    "      c.block_idx = (CuwaDim3){x, y, z}; k->cpu_block(&c, buf); }\n"
    "  free(dsh); }\n"
    "static void launch_one(const char *name, CuwaDim3 g, CuwaDim3 b, CuwaDim3 bi, void **args) {\n"
    "  const CuwaKernelDesc *k = find(name); _Alignas(16) char buf[1024];\n"
    "  for (int i = 0; i < k->param_count; i++)\n"
    "    memcpy(buf + k->param_offsets[i], args[i], k->param_sizes[i]);\n"
    "  CuwaBlockCtx c; memset(&c, 0, sizeof c); c.grid_dim = g; c.block_dim = b; c.block_idx = bi;\n"
    "  k->cpu_block(&c, buf); }\n"
    "#define D3(x, y, z) ((CuwaDim3){x, y, z})\n"
    "#define CHECK(c) do { if (!(c)) { printf(\"check failed: %s (line %d)\\n\", #c, __LINE__); return 1; } } while (0)\n";

/* Writes the generated C and a harness with `main_body`, compiles both with
 * the flags the driver uses, runs the program and compares its stdout with
 * `expect_out` (if not NULL). */
static bool run_c(const char *name, const char *gen_c, const char *main_body,
                  const char *expect_out) {
  char gen[512], har[512], exe[512], out[512], cmd[4096];
  snprintf(gen, sizeof gen, "%s/cuwa_test_%s_%d.c", tmpdir, name, (int)getpid());
  snprintf(har, sizeof har, "%s/cuwa_test_%s_%d_main.c", tmpdir, name, (int)getpid());
  snprintf(exe, sizeof exe, "%s/cuwa_test_%s_%d", tmpdir, name, (int)getpid());
  snprintf(out, sizeof out, "%s/cuwa_test_%s_%d.out", tmpdir, name, (int)getpid());
  FILE *f = fopen(gen, "w");
  if (!f) return false;
  fputs(gen_c, f);
  fclose(f);
  f = fopen(har, "w");
  if (!f) return false;
  fprintf(f, "%s\nint main(void) {\n%s\n  return 0;\n}\n", fake_runtime, main_body);
  fclose(f);
  const char *cc = getenv("CUWA_TEST_CC");  /* e.g. clang; default cc */
  snprintf(cmd, sizeof cmd,
           "%s -std=gnu11 -O3 -Wall -Werror -Wno-unused -Wno-unused-parameter "
           "-Wno-unused-variable -Wno-unused-but-set-variable -ffp-contract=off "
           "-fno-strict-aliasing -I%s %s %s -o %s -lm",
           cc && *cc ? cc : "cc", include_dir, gen, har, exe);
  if (system(cmd) != 0) {
    fprintf(stderr, "compile failed: %s (kept %s)\n", cmd, gen);
    return false;
  }
  snprintf(cmd, sizeof cmd, "%s > %s", exe, out);
  int rc = system(cmd);
  FILE *o = fopen(out, "r");
  char text[8192] = {0};
  if (o) {
    size_t n = fread(text, 1, sizeof text - 1, o);
    text[n] = 0;
    fclose(o);
  }
  bool ok = rc == 0;
  if (!ok) fprintf(stderr, "%s: exit status %d, output:\n%s", name, rc, text);
  if (ok && expect_out && strcmp(text, expect_out) != 0) {
    fprintf(stderr, "%s: output differs:\n--- got\n%s--- expected\n%s", name, text, expect_out);
    ok = false;
  }
  if (ok) {
    remove(gen);
    remove(har);
  }
  remove(exe);
  remove(out);
  return ok;
}

/* verify + can_emit + emit; returns the C text (malloc'd) or NULL. */
static char *emit_c(T *t) {
  if (ir_verify(t->m, "test", &t->d) != 0) {
    StrBuf p = {0};
    ir_print_module(&p, t->m);
    fprintf(stderr, "%s%s", t->diag_text.data ? t->diag_text.data : "", p.data);
    strbuf_free(&p);
    return NULL;
  }
  if (!backend_c.can_emit(t->m, &t->d)) {
    fprintf(stderr, "%s", t->diag_text.data ? t->diag_text.data : "");
    return NULL;
  }
  StrBuf out = {0};
  if (!backend_c.emit(t->m, "u1234", &t->d, &out)) {
    strbuf_free(&out);
    return NULL;
  }
  return strbuf_take(&out);
}

/* ---- hand-built IR tests ---------------------------------------------------- */

/* c[i] = a[i] + b[i] with i = blockIdx.x * blockDim.x + threadIdx.x, i < n */
static void test_vector_add(void) {
  T t;
  t_init(&t);
  bool ok = true;
  IrType *pf = ptr(&t, ty(&t, IRT_F32)), *i32 = ty(&t, IRT_I32), *u32 = ty(&t, IRT_U32);
  IrType **params = ARENA_ARRAY(&t.a, IrType *, 4);
  params[0] = params[1] = params[2] = pf;
  params[3] = i32;
  IrFunc *k = new_kernel(&t, "vadd", 4, params);
  IrBuilder *b = &t.b;
  IrInst *bi = ir_emit_grid(b, IR_BLOCK_IDX, 0);
  IrInst *bd = ir_emit_grid(b, IR_BLOCK_DIM, 0);
  IrInst *ti = ir_emit_grid(b, IR_THREAD_IDX, 0);
  IrInst *i = ir_emit_binary(b, IR_ADD, ir_emit_binary(b, IR_MUL, bi, bd), ti);
  IrInst *is = ir_emit_conv(b, i32, i);
  IrInst *n = ir_emit_param(b, 3);
  IrInst *cond = ir_emit_binary(b, IR_LT, is, n);
  IrInst *iff = ir_emit_if(b, cond);
  b->block = &iff->blocks[0];
  IrInst *pa = ir_emit_ptr_add(b, ir_emit_param(b, 0), is);
  IrInst *pb = ir_emit_ptr_add(b, ir_emit_param(b, 1), is);
  IrInst *pc = ir_emit_ptr_add(b, ir_emit_param(b, 2), is);
  ir_emit_store(b, pc, ir_emit_binary(b, IR_ADD, ir_emit_load(b, pa), ir_emit_load(b, pb)));
  (void)u32;
  (void)k;
  EXPECT(ir_verify(t.m, "test", &t.d) == 0);
  StrBuf p = {0};
  ir_print_module(&p, t.m);
  EXPECT(strstr(p.data, "kernel @vadd #0") != NULL);
  EXPECT(strstr(p.data, "ptr_add ptr<global f32>") != NULL);
  strbuf_free(&p);
  char *c = emit_c(&t);
  EXPECT(c != NULL);
  if (c) {
    ok &= run_c("vadd", c,
                "  float a[100], b[100], c[100]; int n = 100;\n"
                "  for (int i = 0; i < 100; i++) { a[i] = i; b[i] = 2 * i; c[i] = -1; }\n"
                "  float *pa = a, *pb = b, *pc = c; void *args[] = {&pa, &pb, &pc, &n};\n"
                "  launch(\"vadd\", D3(4, 1, 1), D3(32, 1, 1), 0, args);\n"
                "  for (int i = 0; i < 100; i++) CHECK(c[i] == 3 * i);\n"
                "  printf(\"done\\n\");\n",
                "done\n");
  }
  free(c);
  t_free(&t);
  report("vector_add", ok);
}

/* The verifier catches a use outside the defining block and a bad store. */
static void test_verify_errors(void) {
  T t;
  t_init(&t);
  bool ok = true;
  IrFunc *k = new_kernel(&t, "bad", 0, NULL);
  IrBuilder *b = &t.b;
  IrInst *c = ir_emit_const_int(b, ty(&t, IRT_BOOL), 1);
  IrInst *iff = ir_emit_if(b, c);
  b->block = &iff->blocks[0];
  IrInst *x = ir_emit_const_int(b, ty(&t, IRT_I32), 5);
  b->block = &k->body;
  IrInst *l = ir_new_local(k, ty(&t, IRT_F32), "f", (Loc){0});
  ir_emit_store(b, l, x);              /* i32 into f32 slot, x out of scope */
  ir_emit_jump(b, IR_BREAK);           /* break outside a loop */
  int n = ir_verify(t.m, "test", &t.d);
  EXPECT(n == 3);
  EXPECT(t.diag_text.data && strstr(t.diag_text.data, "not defined in an enclosing block"));
  EXPECT(t.diag_text.data && strstr(t.diag_text.data, "outside a loop or switch"));
  t_free(&t);
  report("verify_errors", ok);
}

/* Integer semantics: division by zero, INT_MIN / -1, shifts >= width,
 * saturating float -> int, wrapping signed add; plus a loop with continue
 * and a switch, all through one kernel writing results to an i32 array. */
static void test_semantics(void) {
  T t;
  t_init(&t);
  bool ok = true;
  IrType *i32 = ty(&t, IRT_I32), *u32 = ty(&t, IRT_U32), *f32 = ty(&t, IRT_F32);
  IrType **params = ARENA_ARRAY(&t.a, IrType *, 1);
  params[0] = ptr(&t, i32);
  IrFunc *k = new_kernel(&t, "sem", 1, params);
  IrBuilder *b = &t.b;
  IrInst *out = ir_emit_param(b, 0);
  int slot = 0;
#define OUT(v) ir_emit_store(b, ir_emit_ptr_add(b, out, ir_emit_const_int(b, i32, slot++)), (v))
  IrInst *seven = ir_emit_const_int(b, i32, 7), *zero = ir_emit_const_int(b, i32, 0);
  IrInst *min = ir_emit_const_int(b, i32, INT32_MIN), *m1 = ir_emit_const_int(b, i32, -1);
  OUT(ir_emit_binary(b, IR_DIV, seven, zero));                         /* -1 */
  OUT(ir_emit_binary(b, IR_REM, seven, zero));                         /* 7 */
  OUT(ir_emit_binary(b, IR_DIV, min, m1));                             /* INT_MIN */
  OUT(ir_emit_binary(b, IR_REM, min, m1));                             /* 0 */
  OUT(ir_emit_binary(b, IR_SHL, seven, ir_emit_const_int(b, i32, 32))); /* 0 */
  OUT(ir_emit_binary(b, IR_SHR, m1, ir_emit_const_int(b, i32, 40)));   /* -1 */
  IrInst *big = ir_emit_const_int(b, i32, INT32_MAX);
  OUT(ir_emit_binary(b, IR_ADD, big, ir_emit_const_int(b, i32, 1)));   /* INT_MIN */
  OUT(ir_emit_conv(b, i32, ir_emit_const_float(b, f32, 3e10)));        /* INT_MAX */
  OUT(ir_emit_conv(b, i32, ir_emit_const_float(b, f32, 0.0 / 0.0)));   /* 0 */
  OUT(ir_emit_conv(b, i32, ir_emit_conv(b, u32, ir_emit_const_float(b, f32, -5.5)))); /* 0 */
  OUT(ir_emit_conv(b, i32, ir_emit_const_float(b, f32, -5.9)));        /* -5 */
  /* sum = 0; for (i = 0; ; i++) { if (i == 3) continue; if (i >= 6) break; sum += i; } */
  IrInst *sum = ir_new_local(k, i32, "sum", (Loc){0});
  IrInst *iv = ir_new_local(k, i32, "i", (Loc){0});
  ir_emit_store(b, sum, zero);
  ir_emit_store(b, iv, zero);
  IrInst *loop = ir_emit_loop(b);
  IrBlock *after = b->block;
  b->block = &loop->blocks[0];
  IrInst *cur = ir_emit_load(b, iv);
  IrInst *if1 = ir_emit_if(b, ir_emit_binary(b, IR_EQ, cur, ir_emit_const_int(b, i32, 3)));
  IrBlock *body = b->block;
  b->block = &if1->blocks[0];
  ir_emit_jump(b, IR_CONTINUE);
  b->block = body;
  IrInst *if2 = ir_emit_if(b, ir_emit_binary(b, IR_GE, cur, ir_emit_const_int(b, i32, 6)));
  b->block = &if2->blocks[0];
  ir_emit_jump(b, IR_BREAK);
  b->block = body;
  ir_emit_store(b, sum, ir_emit_binary(b, IR_ADD, ir_emit_load(b, sum), cur));
  b->block = &loop->blocks[1];
  ir_emit_store(b, iv, ir_emit_binary(b, IR_ADD, ir_emit_load(b, iv), ir_emit_const_int(b, i32, 1)));
  b->block = after;
  OUT(ir_emit_load(b, sum));                                            /* 0+1+2+4+5 = 12 */
  /* switch (2) { case 1: r = 10; case 2: r = 20; (falls) case 3: r += 1; break; default: r = 99 } */
  IrInst *r = ir_new_local(k, i32, "r", (Loc){0});
  IrInst *sw = ir_emit_switch(b, ir_emit_const_int(b, i32, 2), 3);
  int64_t *vals = ARENA_ARRAY(&t.a, int64_t, 3);
  vals[0] = 1; vals[1] = 2; vals[2] = 3;
  for (int c = 0; c < 3; c++) {
    sw->cases[c].values = &vals[c];
    sw->cases[c].value_count = 1;
  }
  sw->cases[0].falls_through = sw->cases[1].falls_through = true;
  sw->cases[2].is_default = true;  /* "case 3: default:" */
  b->block = &sw->cases[0].body;
  ir_emit_store(b, r, ir_emit_const_int(b, i32, 10));
  b->block = &sw->cases[1].body;
  ir_emit_store(b, r, ir_emit_const_int(b, i32, 20));
  b->block = &sw->cases[2].body;
  ir_emit_store(b, r, ir_emit_binary(b, IR_ADD, ir_emit_load(b, r), ir_emit_const_int(b, i32, 1)));
  ir_emit_jump(b, IR_BREAK);
  b->block = after;
  OUT(ir_emit_load(b, r));                                              /* 21 */
#undef OUT
  char *c = emit_c(&t);
  EXPECT(c != NULL);
  if (c)
    ok &= run_c("sem", c,
                "  int r[16]; int *pr = r; void *args[] = {&pr};\n"
                "  launch(\"sem\", D3(1, 1, 1), D3(1, 1, 1), 0, args);\n"
                "  int want[] = {-1, 7, INT32_MIN, 0, 0, -1, INT32_MIN, INT32_MAX, 0, 0, -5, 12, 21};\n"
                "  for (int i = 0; i < 13; i++) if (r[i] != want[i]) { printf(\"r[%d] = %d, want %d\\n\", i, r[i], want[i]); return 1; }\n",
                "");
  free(c);
  t_free(&t);
  report("semantics", ok);
}

/* A __device__ pointer initialised with the address of another global (a
 * relocation fixed up by the registering constructor), a __constant__
 * struct with an initializer, and their var descs. */
static void test_globals(void) {
  T t;
  t_init(&t);
  bool ok = true;
  IrType *i32 = ty(&t, IRT_I32);
  IrGlobal *arr = ir_new_global(t.m, "arr", ir_type_array(t.m, i32, 4), IRS_GLOBAL);
  static const int32_t vals[4] = {1, 2, 3, 4};
  arr->init = (const uint8_t *)vals;
  IrGlobal *p = ir_new_global(t.m, "p", ptr(&t, i32), IRS_GLOBAL);
  struct IrReloc *r = ARENA_NEW(&t.a, struct IrReloc);
  r->offset = 0;
  r->target = arr;
  r->addend = 8;
  p->relocs = r;
  p->reloc_count = 1;
  IrType *st = ir_type_struct(t.m, "Pair", false);
  st->fields = ARENA_ARRAY(&t.a, IrField, 2);
  st->fields[0] = (IrField){"a", ty(&t, IRT_I8), 0};
  st->fields[1] = (IrField){"b", ty(&t, IRT_F64), 8};
  st->field_count = 2;
  st->size = 16;
  st->align = 8;
  IrGlobal *c = ir_new_global(t.m, "c", st, IRS_CONSTANT);
  static const union { struct { int8_t a; double b; } s; uint8_t bytes[16]; } cv = {{-5, 2.5}};
  c->init = cv.bytes;
  IrType **params = ARENA_ARRAY(&t.a, IrType *, 1);
  params[0] = ptr(&t, ty(&t, IRT_F64));
  new_kernel(&t, "g", 1, params);
  IrBuilder *b = &t.b;
  IrInst *out = ir_emit_param(b, 0);
  IrInst *pv = ir_emit_load(b, ir_emit_global(b, p));
  IrInst *v = ir_emit_conv(b, ty(&t, IRT_F64), ir_emit_load(b, pv));
  IrInst *cg = ir_emit_global(b, c);
  IrInst *ca = ir_emit_conv(b, ty(&t, IRT_F64), ir_emit_load(b, ir_emit_member_ptr(b, cg, 0)));
  IrInst *cb = ir_emit_load(b, ir_emit_member_ptr(b, cg, 1));
  ir_emit_store(b, out, ir_emit_binary(b, IR_ADD, v, ir_emit_binary(b, IR_MUL, ca, cb)));
  StrBuf pr = {0};
  ir_print_module(&pr, t.m);
  EXPECT(strstr(pr.data, "global @p global ptr<global i32> reloc 0=@arr+8") != NULL);
  EXPECT(strstr(pr.data, "struct %Pair size 16 align 8 { i8 a @0, f64 b @8 }") != NULL);
  strbuf_free(&pr);
  char *code = emit_c(&t);
  EXPECT(code != NULL);
  if (code)
    ok &= run_c("globals", code,
                "  double o = 0; double *po = &o; void *args[] = {&po};\n"
                "  launch(\"g\", D3(1, 1, 1), D3(1, 1, 1), 0, args);\n"
                "  CHECK(o == 3 + -5 * 2.5);\n"
                "  CHECK(mod->var_count == 3 && ((int **)var(\"p\"))[0] == (int *)var(\"arr\") + 2);\n",
                "");
  free(code);
  t_free(&t);
  report("globals", ok);
}

/* A barrier inside a switch is accepted: the C back end runs the switch
 * at block level with per-thread case flags (c_fission.c). */
static void test_barrier_unsupported(void) {
  T t;
  t_init(&t);
  bool ok = true;
  IrFunc *k = new_kernel(&t, "bar", 0, NULL);
  t.b.loc = (Loc){0, 3, 5};
  IrInst *sw = ir_emit_switch(&t.b, ir_emit_const_int(&t.b, ty(&t, IRT_I32), 0), 1);
  sw->cases[0].is_default = true;
  t.b.block = &sw->cases[0].body;
  ir_emit_jump(&t.b, IR_BARRIER);
  k->uses_barrier = true;
  EXPECT(ir_verify(t.m, "test", &t.d) == 0);
  EXPECT(backend_c.can_emit(t.m, &t.d));
  EXPECT(!t.diag_text.data || !*t.diag_text.data);
  t_free(&t);
  report("barrier_unsupported", ok);
}

#ifdef TEST_WITH_FRONT
#include "test_ir_front.inc"
#endif

/* test_ir [include-dir] [--dump file.cu]: --dump prints the IR and C of a
 * CUDA file instead of testing (for debugging). */
int main(int argc, char **argv) {
  for (int i = 1; i < argc; i++) {
#ifdef TEST_WITH_FRONT
    if (!strcmp(argv[i], "--dump") && i + 1 < argc) return dump_source(argv[i + 1]);
#endif
    include_dir = argv[i];
  }
  test_vector_add();
  test_verify_errors();
  test_semantics();
  test_globals();
  test_barrier_unsupported();
#ifdef TEST_WITH_FRONT
  run_front_tests();
#endif
  printf("%d passed, %d failed\n", passed, failed);
  return failed != 0;
}
