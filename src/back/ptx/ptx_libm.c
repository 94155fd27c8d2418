/* ptx_libm.c: the accurate math functions of the PTX back end (sinf, exp,
 * pow, fmod ...; CUDA's precision, not the .approx instructions). Their
 * code is cuwa's own libm.cu, compiled by cuwa into .func bodies kept in
 * ptx_libm_gen.inc (regenerate: build, then `test_ptx --gen-libm`, see
 * tests/unit/test_ptx.c). Here: which intrinsic calls which .func, the
 * call itself, and printing the bodies a module needs. */
#include "ptx_internal.h"

typedef struct PtxLibFunc {
  const char *name;  /* __cuwa_libm_sin */
  const char *text;  /* "\n// name\n.func ... { ... }\n" */
} PtxLibFunc;

#include "ptx_libm_gen.inc"

#define LIB_COUNT ((int)(sizeof ptx_libm_funcs / sizeof *ptx_libm_funcs))

typedef struct LibmRow { IrIntrinsic id; const char *fn; } LibmRow;

static const LibmRow libm_rows[] = {
  {IN_EXPF, "expf"}, {IN_EXP10F, "exp10f"}, {IN_EXPM1F, "expm1f"}, {IN_LOGF, "logf"},
  {IN_LOG2F, "log2f"}, {IN_LOG10F, "log10f"}, {IN_LOG1PF, "log1pf"}, {IN_SINF, "sinf"},
  {IN_COSF, "cosf"}, {IN_TANF, "tanf"}, {IN_ASINF, "asinf"}, {IN_ACOSF, "acosf"},
  {IN_ATANF, "atanf"}, {IN_ATAN2F, "atan2f"}, {IN_SINHF, "sinhf"}, {IN_COSHF, "coshf"},
  {IN_TANHF, "tanhf"}, {IN_POWF, "powf"}, {IN_FMODF, "fmodf"}, {IN_HYPOTF, "hypotf"},
  {IN_ERFF, "erff"}, {IN_ERFCF, "erfcf"}, {IN_CBRTF, "cbrtf"},
  {IN_RSQRT, "rsqrt"}, {IN_CBRT, "cbrt"}, {IN_EXP, "exp"}, {IN_EXP2, "exp2"},
  {IN_EXP10, "exp10"}, {IN_EXPM1, "expm1"}, {IN_LOG, "log"}, {IN_LOG2, "log2"},
  {IN_LOG10, "log10"}, {IN_LOG1P, "log1p"}, {IN_SIN, "sin"}, {IN_COS, "cos"},
  {IN_TAN, "tan"}, {IN_ASIN, "asin"}, {IN_ACOS, "acos"}, {IN_ATAN, "atan"},
  {IN_ATAN2, "atan2"}, {IN_SINH, "sinh"}, {IN_COSH, "cosh"}, {IN_TANH, "tanh"},
  {IN_POW, "pow"}, {IN_FMOD, "fmod"}, {IN_HYPOT, "hypot"}, {IN_ERF, "erf"},
  {IN_ACOSH, "acosh"}, {IN_ACOSHF, "acoshf"}, {IN_ASINH, "asinh"}, {IN_ASINHF, "asinhf"},
  {IN_ATANH, "atanh"}, {IN_ATANHF, "atanhf"}, {IN_SINPI, "sinpi"}, {IN_SINPIF, "sinpif"},
  {IN_COSPI, "cospi"}, {IN_COSPIF, "cospif"}, {IN_RCBRT, "rcbrt"}, {IN_RCBRTF, "rcbrtf"},
  {IN_ERFCX, "erfcx"}, {IN_ERFCXF, "erfcxf"}, {IN_NORMCDF, "normcdf"},
  {IN_NORMCDFF, "normcdff"}, {IN_ERFINV, "erfinv"}, {IN_ERFINVF, "erfinvf"},
  {IN_ERFCINV, "erfcinv"}, {IN_ERFCINVF, "erfcinvf"}, {IN_NORMCDFINV, "normcdfinv"},
  {IN_NORMCDFINVF, "normcdfinvf"}, {IN_LGAMMA, "lgamma"}, {IN_LGAMMAF, "lgammaf"},
  {IN_TGAMMA, "tgamma"}, {IN_TGAMMAF, "tgammaf"}, {IN_CYL_BESSEL_I0, "cyl_bessel_i0"},
  {IN_CYL_BESSEL_I0F, "cyl_bessel_i0f"}, {IN_CYL_BESSEL_I1, "cyl_bessel_i1"},
  {IN_CYL_BESSEL_I1F, "cyl_bessel_i1f"}, {IN_LOGB, "logb"}, {IN_LOGBF, "logbf"},
  {IN_ILOGB, "ilogb"}, {IN_ILOGBF, "ilogbf"}, {IN_LDEXP, "ldexp"}, {IN_LDEXPF, "ldexpf"},
  {IN_SCALBLN, "scalbln"}, {IN_SCALBLNF, "scalblnf"}, {IN_REMAINDER, "remainder"},
  {IN_REMAINDERF, "remainderf"}, {IN_RHYPOT, "rhypot"}, {IN_RHYPOTF, "rhypotf"},
  {IN_NORM3D, "norm3d"}, {IN_NORM3DF, "norm3df"}, {IN_RNORM3D, "rnorm3d"},
  {IN_RNORM3DF, "rnorm3df"}, {IN_NORM4D, "norm4d"}, {IN_NORM4DF, "norm4df"},
  {IN_RNORM4D, "rnorm4d"}, {IN_RNORM4DF, "rnorm4df"}, {IN_NORM, "norm"}, {IN_NORMF, "normf"},
  {IN_RNORM, "rnorm"}, {IN_RNORMF, "rnormf"}, {IN_NEXTAFTER, "nextafter"},
  {IN_NEXTAFTERF, "nextafterf"}, {IN_FDIM, "fdim"}, {IN_FDIMF, "fdimf"}, {IN_SCALBN, "ldexp"},
  {IN_SCALBNF, "ldexpf"}, {IN_ERFC, "erfc"}, {IN_REMQUO_QUO, "remquo_quo"},
  {IN_REMQUOF_QUO, "remquof_quo"}, {IN_J0, "j0"}, {IN_J0F, "j0f"}, {IN_J1, "j1"}, {IN_J1F, "j1f"},
  {IN_Y0, "y0"}, {IN_Y0F, "y0f"}, {IN_Y1, "y1"}, {IN_Y1F, "y1f"}, {IN_JN, "jn"}, {IN_JNF, "jnf"},
  {IN_YN, "yn"}, {IN_YNF, "ynf"},
};

static const char *libm_fn(IrIntrinsic id) {
  for (size_t k = 0; k < sizeof libm_rows / sizeof *libm_rows; k++)
    if (libm_rows[k].id == id) return libm_rows[k].fn;
  return NULL;
}

static int lib_index(const char *name) {
  for (int k = 0; k < LIB_COUNT; k++)
    if (strcmp(ptx_libm_funcs[k].name, name) == 0) return k;
  return -1;
}

bool ptx_libm_supported(IrIntrinsic id) { return libm_fn(id) != NULL; }

/* call (r), __cuwa_libm_<fn>, (a0, a1) with the .func ABI */
void ptx_print_libm_call(PtxEmit *e, const IrInst *i) {
  const char *fn = i->op == IR_REM ? (i->ty->kind == IRT_F64 ? "fmod" : "fmodf")
                                   : libm_fn(i->intrinsic);
  if (!fn) ICE("no library function for %s", ir_intrinsic_name(i->intrinsic));
  const char *name = arena_printf(e->a, PTX_LIBM_PREFIX "%s", fn);
  int k = lib_index(name);
  if (k < 0) ICE("%s is not in ptx_libm_gen.inc", name);
  if (!e->lib_used) e->lib_used = ARENA_ARRAY(e->a, bool, LIB_COUNT);
  e->lib_used[k] = true;
  ptx_line(e, "{");
  for (int a = 0; a < i->arg_count; a++) {
    const IrInst *x = i->args[a];
    const char *v = ptx_val(e, x);
    if (x->ty->kind == IRT_PTR && x->ty->space != IRS_GENERIC) {  /* .func takes generic */
      const char *g = ptx_reg(e, RC_B64);
      ptx_line(e, "cvta%s.u64 %s, %s;", ptx_space(x->ty->space), g, v);
      v = g;
    }
    const char *pt = ptx_rc(x->ty) == RC_B64 ? "b64" : "b32";
    ptx_line(e, ".param .%s __cuwa_a%d;", pt, a);
    ptx_line(e, "st.param.%s [__cuwa_a%d], %s;", pt, a, v);
  }
  const char *rt = ptx_rc(i->ty) == RC_B64 ? "b64" : "b32";
  ptx_line(e, ".param .%s __cuwa_cr;", rt);
  StrBuf args = {0};
  for (int a = 0; a < i->arg_count; a++) strbuf_printf(&args, "%s__cuwa_a%d", a ? ", " : "", a);
  ptx_line(e, "call (__cuwa_cr), %s, (%s);", name, args.data);
  strbuf_free(&args);
  ptx_line(e, "ld.param.%s %s, [__cuwa_cr];", rt, ptx_def(e, i));
  ptx_line(e, "}");
}

/* Marks the library functions that entry k calls ("..., name, (..."). */
static void mark_callees(bool *used, int k) {
  for (int j = 0; j < LIB_COUNT; j++) {
    if (used[j]) continue;
    char pat[96];
    snprintf(pat, sizeof pat, ", %s, (", ptx_libm_funcs[j].name);
    if (strstr(ptx_libm_funcs[k].text, pat)) {
      used[j] = true;
      mark_callees(used, j);
    }
  }
}

/* The lines of ptx_libm_globals (".const .align 8 .b8 name[n] = {...};")
 * whose variable some used function names. */
static void print_used_globals(PtxEmit *e, StrBuf *out) {
  for (const char *line = ptx_libm_globals; *line;) {
    const char *nl = strchr(line, '\n');
    int len = nl ? (int)(nl - line + 1) : (int)strlen(line);
    const char *name = strstr(line, PTX_LIBM_PREFIX), *end = name ? strchr(name, '[') : NULL;
    bool used = !name || !end || end > line + len || end - name > 120;
    char want[128];
    if (!used) snprintf(want, sizeof want, "%.*s", (int)(end - name), name);
    for (int k = 0; k < LIB_COUNT && !used; k++) {
      if (!e->lib_used[k]) continue;
      /* the whole name, not the start of a longer one (erfcx_c, erfcx_asym_c) */
      for (const char *t = strstr(ptx_libm_funcs[k].text, want); t && !used;
           t = strstr(t + 1, want)) {
        char c = t[strlen(want)];
        used = !(c == '_' || (c >= '0' && c <= '9') || (c >= 'a' && c <= 'z'));
      }
    }
    if (used) strbuf_printf(out, "%.*s", len, line);
    line += len;
  }
}

void ptx_libm_print(PtxEmit *e, StrBuf *out) {
  if (!e->lib_used) return;
  for (int k = 0; k < LIB_COUNT; k++)
    if (e->lib_used[k]) mark_callees(e->lib_used, k);
  print_used_globals(e, out);
  for (int k = 0; k < LIB_COUNT; k++) {  /* prototypes: the head of each body */
    if (!e->lib_used[k]) continue;
    const char *t = strstr(ptx_libm_funcs[k].text, ".func");
    const char *end = t ? strstr(t, "\n{") : NULL;
    if (!end) ICE("malformed library function %s", ptx_libm_funcs[k].name);
    strbuf_printf(out, "%.*s;\n", (int)(end - t), t);
  }
  for (int k = 0; k < LIB_COUNT; k++)
    if (e->lib_used[k]) strbuf_puts(out, ptx_libm_funcs[k].text);
}
