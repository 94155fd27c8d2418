/* cuwa/cpu_math.h: C implementations, for the CPU device's generated C,
 * of the CUDA Math API functions glibc lacks (sinpi, erfinv, normcdfinv,
 * erfcx, cyl_bessel_i0, norm3d, ...), of the directed-rounding
 * arithmetic (__fadd_rz, ...) and of the rounded conversions. Each is
 * computed in a wider format (double for float, long double for double)
 * so the result stays within CUDA's documented ulp bound (tested by
 * tests/cuda/math_accuracy*.cu). Included by the prelude of c_prelude.c
 * after cuwa_cvt_*; not a user header. */
#ifndef CUWA_CPU_MATH_H
#define CUWA_CPU_MATH_H

#include <fenv.h>
#include <math.h>
#include <stdint.h>

#define CUWA_MATH static inline __attribute__((unused))
#define CUWA_PI_L 3.14159265358979323846264338327950288L
#define CUWA_SQRT1_2_L 0.707106781186547524400844362104849039L
#define CUWA_2_SQRTPI_L 1.12837916709551257389615890312154517L

/* ---- sinpi, cospi: reduction by an exact remainder --------------------------- */

/* sin(pi x) for |x| <= 1, by symmetry onto [-1/2, 1/2] (exact steps) */
CUWA_MATH long double cuwa_sinpi_reduced(long double r) {
  if (r > 0.5L) r = 1.0L - r;
  else if (r < -0.5L) r = -1.0L - r;
  return sinl(CUWA_PI_L * r);
}
/* cos(pi a) for 0 <= a <= 1; every subtraction below is exact (Sterbenz) */
CUWA_MATH long double cuwa_cospi_reduced(long double a) {
  if (a <= 0.25L) return cosl(CUWA_PI_L * a);
  if (a <= 0.75L) return sinl(CUWA_PI_L * (0.5L - a));
  return -cosl(CUWA_PI_L * (1.0L - a));
}
CUWA_MATH double cuwa_sinpi(double x) {
  if (isinf(x)) return NAN;
  if (x == 0) return x;
  return (double)cuwa_sinpi_reduced(remainder(x, 2.0));
}
CUWA_MATH float cuwa_sinpif(float x) { return (float)cuwa_sinpi(x); }
CUWA_MATH double cuwa_cospi(double x) {
  if (isinf(x)) return NAN;
  return (double)cuwa_cospi_reduced(fabs(remainder(x, 2.0)));
}
CUWA_MATH float cuwa_cospif(float x) { return (float)cuwa_cospi(x); }

/* ---- glibc double functions beyond CUDA's bound (exp10, tanh, cbrt: 2 ulp;
 * 1/sqrt rounds twice): through long double ------------------------------- */

CUWA_MATH double cuwa_exp10(double x) { return (double)exp10l(x); }
CUWA_MATH double cuwa_tanh(double x) { return (double)tanhl(x); }
CUWA_MATH double cuwa_cbrt(double x) { return (double)cbrtl(x); }
CUWA_MATH double cuwa_rsqrt(double x) { return (double)(1.0L / sqrtl(x)); }

/* ---- roots and norms ----------------------------------------------------------- */

CUWA_MATH double cuwa_rcbrt(double x) { return (double)(1.0L / cbrtl(x)); }
CUWA_MATH float cuwa_rcbrtf(float x) { return (float)(1.0 / cbrt(x)); }
CUWA_MATH double cuwa_rhypot(double a, double b) { return (double)(1.0L / hypotl(a, b)); }
CUWA_MATH float cuwa_rhypotf(float a, float b) { return (float)(1.0 / hypot(a, b)); }
/* sqrt of the sum of squares in long double: no overflow, no underflow */
CUWA_MATH long double cuwa_norm_l(int n, const double *v) {
  long double s = 0;
  int inf = 0;
  for (int i = 0; i < n; i++) {
    inf |= isinf(v[i]);
    s += (long double)v[i] * v[i];
  }
  return inf ? (long double)INFINITY : sqrtl(s);
}
CUWA_MATH double cuwa_norm3d(double a, double b, double c) {
  double v[3] = {a, b, c};
  return (double)cuwa_norm_l(3, v);
}
CUWA_MATH double cuwa_norm4d(double a, double b, double c, double d) {
  double v[4] = {a, b, c, d};
  return (double)cuwa_norm_l(4, v);
}
CUWA_MATH double cuwa_rnorm3d(double a, double b, double c) {
  double v[3] = {a, b, c};
  return (double)(1.0L / cuwa_norm_l(3, v));
}
CUWA_MATH double cuwa_rnorm4d(double a, double b, double c, double d) {
  double v[4] = {a, b, c, d};
  return (double)(1.0L / cuwa_norm_l(4, v));
}
CUWA_MATH float cuwa_norm3df(float a, float b, float c) { return (float)cuwa_norm3d(a, b, c); }
CUWA_MATH float cuwa_norm4df(float a, float b, float c, float d) { return (float)cuwa_norm4d(a, b, c, d); }
CUWA_MATH float cuwa_rnorm3df(float a, float b, float c) {
  double v[3] = {a, b, c};
  return (float)(1.0L / cuwa_norm_l(3, v));
}
CUWA_MATH float cuwa_rnorm4df(float a, float b, float c, float d) {
  double v[4] = {a, b, c, d};
  return (float)(1.0L / cuwa_norm_l(4, v));
}
CUWA_MATH long double cuwa_normf_l(int n, const float *v) {
  long double s = 0;
  int inf = 0;
  for (int i = 0; i < n; i++) {
    inf |= isinf(v[i]);
    s += (long double)v[i] * v[i];
  }
  return inf ? (long double)INFINITY : sqrtl(s);
}
CUWA_MATH double cuwa_norm(int n, const double *v) { return (double)cuwa_norm_l(n, v); }
CUWA_MATH double cuwa_rnorm(int n, const double *v) { return (double)(1.0L / cuwa_norm_l(n, v)); }
CUWA_MATH float cuwa_normf(int n, const float *v) { return (float)cuwa_normf_l(n, v); }
CUWA_MATH float cuwa_rnormf(int n, const float *v) { return (float)(1.0L / cuwa_normf_l(n, v)); }

/* ---- error function family ---------------------------------------------------- */

/* M. Giles, "Approximating the erfinv function" (single precision): a
 * start for Newton's method */
CUWA_MATH long double cuwa_erfinv_guess(long double y, long double w) {
  long double p;
  if (w < 5.0L) {
    w -= 2.5L;
    p = 2.81022636e-08L;
    p = 3.43273939e-07L + p * w; p = -3.5233877e-06L + p * w;
    p = -4.39150654e-06L + p * w; p = 0.00021858087L + p * w;
    p = -0.00125372503L + p * w; p = -0.00417768164L + p * w;
    p = 0.246640727L + p * w; p = 1.50140941L + p * w;
  } else {
    w = sqrtl(w) - 3.0L;
    p = -0.000200214257L;
    p = 0.000100950558L + p * w; p = 0.00134934322L + p * w;
    p = -0.00367342844L + p * w; p = 0.00573950773L + p * w;
    p = -0.0076224613L + p * w; p = 0.00943887047L + p * w;
    p = 1.00167406L + p * w; p = 2.83297682L + p * w;
  }
  return p * y;
}
/* x >= 0 with erfc(x) = w, 0 < w <= 1 */
CUWA_MATH long double cuwa_erfcinv_l(long double w) {
  long double x;
  if (w > 0.0625L) {
    /* erf(x) = 1 - w (exact) by Newton */
    long double y = 1.0L - w;
    x = cuwa_erfinv_guess(y, -logl(w * (2.0L - w)));
    for (int i = 0; i < 4; i++) x -= (erfl(x) - y) / (CUWA_2_SQRTPI_L * expl(-x * x));
    return x;
  }
  /* the tail: Newton on log erfc(x) = log w, nearly linear in x^2 */
  long double lw = logl(w);
  x = sqrtl(-lw);
  if (w > 1e-30L) x = cuwa_erfinv_guess(1.0L - w, -logl(w * (2.0L - w)));
  for (int i = 0; i < 12; i++) {
    long double e = erfcl(x);
    long double step = (logl(e) - lw) * e / (-CUWA_2_SQRTPI_L * expl(-x * x));
    x -= step;
    if (fabsl(step) <= x * 1e-19L) break;
  }
  return x;
}
CUWA_MATH long double cuwa_erfinv_l(long double y) {
  if (isnan(y) || y < -1 || y > 1) return NAN;
  if (y == 1) return INFINITY;
  if (y == -1) return -INFINITY;
  if (y == 0) return y;
  if (fabsl(y) <= 0.5L) {
    long double x = cuwa_erfinv_guess(y, -logl((1.0L - y) * (1.0L + y)));
    for (int i = 0; i < 4; i++) x -= (erfl(x) - y) / (CUWA_2_SQRTPI_L * expl(-x * x));
    return x;
  }
  long double x = cuwa_erfcinv_l(1.0L - fabsl(y));
  return y < 0 ? -x : x;
}
CUWA_MATH long double cuwa_erfcinv_ld(long double w) {
  if (isnan(w) || w < 0 || w > 2) return NAN;
  if (w == 0) return INFINITY;
  if (w == 2) return -INFINITY;
  if (w <= 1) return cuwa_erfcinv_l(w);
  return -cuwa_erfcinv_l(2.0L - w);
}
CUWA_MATH double cuwa_erfinv(double y) { return (double)cuwa_erfinv_l(y); }
CUWA_MATH float cuwa_erfinvf(float y) { return (float)cuwa_erfinv_l(y); }
CUWA_MATH double cuwa_erfcinv(double w) { return (double)cuwa_erfcinv_ld(w); }
CUWA_MATH float cuwa_erfcinvf(float w) { return (float)cuwa_erfcinv_ld(w); }
CUWA_MATH double cuwa_normcdfinv(double p) {
  return (double)(-1.41421356237309504880168872420969808L * cuwa_erfcinv_ld(2.0L * p));
}
CUWA_MATH float cuwa_normcdfinvf(float p) { return (float)cuwa_normcdfinv(p); }
CUWA_MATH double cuwa_normcdf(double x) { return (double)(0.5L * erfcl(-x * CUWA_SQRT1_2_L)); }
CUWA_MATH float cuwa_normcdff(float x) { return (float)cuwa_normcdf(x); }
/* exp(x^2) erfc(x): directly while erfc does not underflow, then the
 * asymptotic series; for x < 0 through erfc(-x) = 2 - erfc(x) */
CUWA_MATH long double cuwa_erfcx_l(long double x) {
  if (isnan(x)) return x;
  if (x < 0) return 2.0L * expl(x * x) - cuwa_erfcx_l(-x);
  if (x < 100) return expl(x * x) * erfcl(x);
  if (isinf(x)) return 0;
  long double t = 1.0L / (2.0L * x * x), s = 1, term = 1;
  for (int k = 1; k <= 6; k++) {
    term *= -(2 * k - 1) * t;
    s += term;
  }
  return s / (x * 1.77245385090551602729816748334114518L);
}
CUWA_MATH double cuwa_erfcx(double x) { return (double)cuwa_erfcx_l(x); }
CUWA_MATH float cuwa_erfcxf(float x) { return (float)cuwa_erfcx_l(x); }

/* ---- gamma and Bessel functions ------------------------------------------------- */

/* float ones through double (glibc's float lgamma/tgamma/j0... exceed
 * CUDA's bounds); lgamma_r: no write to the global signgam */
CUWA_MATH double cuwa_lgamma(double x) { int s; return lgamma_r(x, &s); }
CUWA_MATH float cuwa_lgammaf(float x) { int s; return (float)lgamma_r(x, &s); }
CUWA_MATH double cuwa_tgamma(double x) { return (double)tgammal(x); }
CUWA_MATH float cuwa_tgammaf(float x) { return (float)tgamma(x); }
CUWA_MATH double cuwa_j0(double x) { return j0(x); }
CUWA_MATH double cuwa_j1(double x) { return j1(x); }
CUWA_MATH double cuwa_y0(double x) { return y0(x); }
CUWA_MATH double cuwa_y1(double x) { return y1(x); }
CUWA_MATH double cuwa_jn(int n, double x) { return jn(n, x); }
CUWA_MATH double cuwa_yn(int n, double x) { return yn(n, x); }
CUWA_MATH float cuwa_j0f(float x) { return (float)j0(x); }
CUWA_MATH float cuwa_j1f(float x) { return (float)j1(x); }
CUWA_MATH float cuwa_y0f(float x) { return (float)y0(x); }
CUWA_MATH float cuwa_y1f(float x) { return (float)y1(x); }
CUWA_MATH float cuwa_jnf(int n, float x) { return (float)jn(n, x); }
CUWA_MATH float cuwa_ynf(int n, float x) { return (float)yn(n, x); }
/* modified Bessel I0, I1: the power series (positive terms, no
 * cancellation) in long double; it stops once terms no longer count */
CUWA_MATH long double cuwa_bessel_i_l(long double x, int order) {
  if (isnan(x)) return x;
  long double ax = fabsl(x);
  if (isinf(ax)) return order ? x : ax;
  long double q = ax * ax / 4, term = order ? ax / 2 : 1, s = term;
  for (int k = 1; k < 100000; k++) {
    term *= q / ((long double)k * (k + order));
    s += term;
    if (term < s * 1e-21L && k > ax) break;
  }
  return order && x < 0 ? -s : s;
}
CUWA_MATH double cuwa_cyl_bessel_i0(double x) { return (double)cuwa_bessel_i_l(x, 0); }
CUWA_MATH double cuwa_cyl_bessel_i1(double x) { return (double)cuwa_bessel_i_l(x, 1); }
CUWA_MATH float cuwa_cyl_bessel_i0f(float x) { return (float)cuwa_bessel_i_l(x, 0); }
CUWA_MATH float cuwa_cyl_bessel_i1f(float x) { return (float)cuwa_bessel_i_l(x, 1); }

/* ---- rounding to integers, remquo ------------------------------------------------ */

/* saturating like cvt.rni/cvt.rni after rint/round; never C's undefined
 * out-of-range conversion */
CUWA_MATH int64_t cuwa_lrintf(float x) { return cuwa_cvt_i64((double)rintf(x)); }
CUWA_MATH int64_t cuwa_llrintf(float x) { return cuwa_cvt_i64((double)rintf(x)); }
CUWA_MATH int64_t cuwa_lroundf(float x) { return cuwa_cvt_i64((double)roundf(x)); }
CUWA_MATH int64_t cuwa_llroundf(float x) { return cuwa_cvt_i64((double)roundf(x)); }
CUWA_MATH int64_t cuwa_lrint(double x) { return cuwa_cvt_i64(rint(x)); }
CUWA_MATH int64_t cuwa_llrint(double x) { return cuwa_cvt_i64(rint(x)); }
CUWA_MATH int64_t cuwa_lround(double x) { return cuwa_cvt_i64(round(x)); }
CUWA_MATH int64_t cuwa_llround(double x) { return cuwa_cvt_i64(round(x)); }
CUWA_MATH int32_t cuwa_remquo_quof(float x, float y) { int q = 0; remquof(x, y, &q); return q; }
CUWA_MATH int32_t cuwa_remquo_quo(double x, double y) { int q = 0; remquo(x, y, &q); return q; }

/* ---- directed rounding ------------------------------------------------------------ */

/* The operation runs with the FPU in the asked mode. Operands and result
 * pass through volatile objects so the compiler can neither fold it nor
 * evaluate it before fesetround or after the mode is restored (it
 * assumes the default mode: no -frounding-math). */
#define CUWA_ROUNDED_BEGIN(MODE) int cuwa_old = fegetround(); fesetround(MODE);
#define CUWA_ROUNDED_END(T, EXPR) volatile T cuwa_r = (EXPR); fesetround(cuwa_old); return cuwa_r;
#define CUWA_ROUNDED1(NAME, T, A, MODE, EXPR) \
  CUWA_MATH T NAME(A a0) { volatile A a = a0; CUWA_ROUNDED_BEGIN(MODE) CUWA_ROUNDED_END(T, EXPR) }
#define CUWA_ROUNDED2(NAME, T, MODE, EXPR) \
  CUWA_MATH T NAME(T a0, T b0) { \
    volatile T a = a0, b = b0; CUWA_ROUNDED_BEGIN(MODE) CUWA_ROUNDED_END(T, EXPR) }
#define CUWA_ROUNDED3(NAME, T, MODE, EXPR) \
  CUWA_MATH T NAME(T a0, T b0, T c0) { \
    volatile T a = a0, b = b0, c = c0; CUWA_ROUNDED_BEGIN(MODE) CUWA_ROUNDED_END(T, EXPR) }
#define CUWA_ROUNDED_OPS(M, MODE)                                           \
  CUWA_ROUNDED2(cuwa_fadd_##M, float, MODE, a + b)                          \
  CUWA_ROUNDED2(cuwa_fsub_##M, float, MODE, a - b)                          \
  CUWA_ROUNDED2(cuwa_fmul_##M, float, MODE, a * b)                          \
  CUWA_ROUNDED2(cuwa_fdiv_##M, float, MODE, a / b)                          \
  CUWA_ROUNDED3(cuwa_fmaf_##M, float, MODE, fmaf(a, b, c))                  \
  CUWA_ROUNDED1(cuwa_frcp_##M, float, float, MODE, 1.0f / a)                \
  CUWA_ROUNDED1(cuwa_fsqrt_##M, float, float, MODE, sqrtf(a))               \
  CUWA_ROUNDED2(cuwa_dadd_##M, double, MODE, a + b)                         \
  CUWA_ROUNDED2(cuwa_dsub_##M, double, MODE, a - b)                         \
  CUWA_ROUNDED2(cuwa_dmul_##M, double, MODE, a * b)                         \
  CUWA_ROUNDED2(cuwa_ddiv_##M, double, MODE, a / b)                         \
  CUWA_ROUNDED3(cuwa_fma_##M, double, MODE, fma(a, b, c))                   \
  CUWA_ROUNDED1(cuwa_drcp_##M, double, double, MODE, 1.0 / a)               \
  CUWA_ROUNDED1(cuwa_dsqrt_##M, double, double, MODE, sqrt(a))              \
  CUWA_ROUNDED1(cuwa_double2float_##M, float, double, MODE, (float)a)       \
  CUWA_ROUNDED1(cuwa_int2float_##M, float, int32_t, MODE, (float)a)         \
  CUWA_ROUNDED1(cuwa_uint2float_##M, float, uint32_t, MODE, (float)a)       \
  CUWA_ROUNDED1(cuwa_ll2float_##M, float, int64_t, MODE, (float)a)          \
  CUWA_ROUNDED1(cuwa_ull2float_##M, float, uint64_t, MODE, (float)a)        \
  CUWA_ROUNDED1(cuwa_ll2double_##M, double, int64_t, MODE, (double)a)       \
  CUWA_ROUNDED1(cuwa_ull2double_##M, double, uint64_t, MODE, (double)a)
CUWA_ROUNDED_OPS(rz, FE_TOWARDZERO)
CUWA_ROUNDED_OPS(ru, FE_UPWARD)
CUWA_ROUNDED_OPS(rd, FE_DOWNWARD)

/* ---- bits and small integer dot products --------------------------------------- */

CUWA_MATH double cuwa_hiloint2double(int32_t hi, int32_t lo) {
  uint64_t b = ((uint64_t)(uint32_t)hi << 32) | (uint32_t)lo;
  double r;
  __builtin_memcpy(&r, &b, 8);
  return r;
}
/* __dp4a: four byte products plus c; __dp2a: two 16-bit x byte products
 * (the low or high bytes of b) plus c; wrapping 32-bit sums */
CUWA_MATH int32_t cuwa_dp4a(int32_t a, int32_t b, int32_t c) {
  uint32_t s = (uint32_t)c;
  for (int i = 0; i < 4; i++)
    s += (uint32_t)((int32_t)(int8_t)(a >> (8 * i)) * (int32_t)(int8_t)(b >> (8 * i)));
  return (int32_t)s;
}
CUWA_MATH uint32_t cuwa_udp4a(uint32_t a, uint32_t b, uint32_t c) {
  for (int i = 0; i < 4; i++) c += ((a >> (8 * i)) & 0xff) * ((b >> (8 * i)) & 0xff);
  return c;
}
CUWA_MATH int32_t cuwa_dp2a(int32_t a, int32_t b, int32_t c, int hi) {
  uint32_t s = (uint32_t)c;
  for (int i = 0; i < 2; i++)
    s += (uint32_t)((int32_t)(int16_t)(a >> (16 * i)) * (int32_t)(int8_t)(b >> (8 * (i + 2 * hi))));
  return (int32_t)s;
}
CUWA_MATH uint32_t cuwa_udp2a(uint32_t a, uint32_t b, uint32_t c, int hi) {
  for (int i = 0; i < 2; i++) c += ((a >> (16 * i)) & 0xffff) * ((b >> (8 * (i + 2 * hi))) & 0xff);
  return c;
}

/* ---- vectorizable float math ------------------------------------------------
 * With CUWA_SLEEF (the driver defines it where cuwa was built with SLEEF,
 * x86-64 only) the float functions below become calls of cuwa_v<f>,
 * declared with GCC's simd attribute so that thread loops calling them
 * still vectorize: the vectorizer calls _ZGV<isa>N<w>v_cuwa_v<f>, SLEEF's
 * 1.0-ulp functions (src/runtime/cpu/vmath.c; chosen and measured there),
 * and loops that stay scalar call glibc's. Each is within CUDA's bound.
 * Defined last, so the helpers above keep glibc's functions. */
#if defined(CUWA_SLEEF) && defined(__x86_64__) && defined(__GNUC__) && !defined(__clang__)
#define CUWA_VMATH_LIST(X1, X2)                                                            \
  X1(expf) X1(exp2f) X1(exp10f) X1(logf) X1(log2f) X1(log10f) X1(sinf) X1(cosf) X1(tanf)  \
  X1(asinf) X1(acosf) X1(atanf) X1(cbrtf) X1(tanhf) X1(atanhf) X2(powf) X2(atan2f)
#define CUWA_VMATH_DECL1(F) __attribute__((simd("notinbranch"), const, nothrow)) float cuwa_v##F(float);
#define CUWA_VMATH_DECL2(F) \
  __attribute__((simd("notinbranch"), const, nothrow)) float cuwa_v##F(float, float);
CUWA_VMATH_LIST(CUWA_VMATH_DECL1, CUWA_VMATH_DECL2)
#define expf(x) cuwa_vexpf(x)
#define exp2f(x) cuwa_vexp2f(x)
#define exp10f(x) cuwa_vexp10f(x)
#define logf(x) cuwa_vlogf(x)
#define log2f(x) cuwa_vlog2f(x)
#define log10f(x) cuwa_vlog10f(x)
#define sinf(x) cuwa_vsinf(x)
#define cosf(x) cuwa_vcosf(x)
#define tanf(x) cuwa_vtanf(x)
#define asinf(x) cuwa_vasinf(x)
#define acosf(x) cuwa_vacosf(x)
#define atanf(x) cuwa_vatanf(x)
#define cbrtf(x) cuwa_vcbrtf(x)
#define tanhf(x) cuwa_vtanhf(x)
#define atanhf(x) cuwa_vatanhf(x)
#define powf(x, y) cuwa_vpowf(x, y)
#define atan2f(x, y) cuwa_vatan2f(x, y)
#endif

#endif
