/* vmath.c: the vectorizable float math functions of the CPU device's
 * generated C (include/cuwa/cpu_math.h declares cuwa_v<f> with GCC's
 * simd attribute; the vectorizer calls _ZGV<isa>N<w>v_cuwa_v<f>). The
 * vector forms are SLEEF's 1.0-ulp (u10) functions, each within CUDA's
 * documented bound (docs/floating-point.md); the scalar form, for loop
 * remainders and loops that do not vectorize, is glibc's. Built only on
 * x86-64 with SLEEF's header present (scripts/install-deps); the driver
 * then links -lsleef. Only these entry points; no dispatch of its own. */
#if defined(__x86_64__) && defined(__GNUC__) && defined(__has_include)
#if __has_include(<sleef.h>)
#define CUWA_HAVE_SLEEF 1
#endif
#endif

#ifdef CUWA_HAVE_SLEEF
#include <immintrin.h>
#include <math.h>
#include <sleef.h>

/* The x86-64 vector function ABI's four ISAs: b SSE2 (4 lanes), c AVX
 * (8), d AVX2 (8), e AVX-512 (16), each to SLEEF's build for that ISA
 * (sleef.h declares the wider ones only when this file is compiled for
 * them, so they are declared here with their target). */
#define AVX __attribute__((target("avx")))
#define AVX2 __attribute__((target("avx2,fma")))
#define AVX512 __attribute__((target("avx512f")))
/* VMATH1_WITH(F, scalar): SCALAR is what a loop that stays scalar gets. */
#define VMATH1(F) VMATH1_WITH(F, F(x))
#define VMATH1_WITH(F, SCALAR)                                                       \
  AVX __m256 Sleef_##F##8_u10avx(__m256);                                            \
  AVX2 __m256 Sleef_##F##8_u10avx2(__m256);                                          \
  AVX512 __m512 Sleef_##F##16_u10avx512f(__m512);                                    \
  float cuwa_v##F(float x);                                                          \
  float cuwa_v##F(float x) { return SCALAR; }                                        \
  __m128 _ZGVbN4v_cuwa_v##F(__m128 x);                                              \
  __m128 _ZGVbN4v_cuwa_v##F(__m128 x) { return Sleef_##F##4_u10sse2(x); }           \
  AVX __m256 _ZGVcN8v_cuwa_v##F(__m256 x);               \
  AVX __m256 _ZGVcN8v_cuwa_v##F(__m256 x) {              \
    return Sleef_##F##8_u10avx(x);                                                   \
  }                                                                                  \
  AVX2 __m256 _ZGVdN8v_cuwa_v##F(__m256 x);          \
  AVX2 __m256 _ZGVdN8v_cuwa_v##F(__m256 x) {         \
    return Sleef_##F##8_u10avx2(x);                                                  \
  }                                                                                  \
  AVX512 __m512 _ZGVeN16v_cuwa_v##F(__m512 x);          \
  AVX512 __m512 _ZGVeN16v_cuwa_v##F(__m512 x) {         \
    return Sleef_##F##16_u10avx512f(x);                                              \
  }
#define VMATH2(F)                                                                        \
  AVX __m256 Sleef_##F##8_u10avx(__m256, __m256);                                        \
  AVX2 __m256 Sleef_##F##8_u10avx2(__m256, __m256);                                      \
  AVX512 __m512 Sleef_##F##16_u10avx512f(__m512, __m512);                                \
  float cuwa_v##F(float x, float y);                                                     \
  float cuwa_v##F(float x, float y) { return F(x, y); }                                  \
  __m128 _ZGVbN4vv_cuwa_v##F(__m128 x, __m128 y);                                       \
  __m128 _ZGVbN4vv_cuwa_v##F(__m128 x, __m128 y) { return Sleef_##F##4_u10sse2(x, y); } \
  AVX __m256 _ZGVcN8vv_cuwa_v##F(__m256 x, __m256 y);        \
  AVX __m256 _ZGVcN8vv_cuwa_v##F(__m256 x, __m256 y) {       \
    return Sleef_##F##8_u10avx(x, y);                                                    \
  }                                                                                      \
  AVX2 __m256 _ZGVdN8vv_cuwa_v##F(__m256 x, __m256 y);   \
  AVX2 __m256 _ZGVdN8vv_cuwa_v##F(__m256 x, __m256 y) {  \
    return Sleef_##F##8_u10avx2(x, y);                                                   \
  }                                                                                      \
  AVX512 __m512 _ZGVeN16vv_cuwa_v##F(__m512 x, __m512 y);   \
  AVX512 __m512 _ZGVeN16vv_cuwa_v##F(__m512 x, __m512 y) {  \
    return Sleef_##F##16_u10avx512f(x, y);                                               \
  }

/* The list of include/cuwa/cpu_math.h (CUWA_VMATH_LIST): measured over
 * 4M inputs per function and ISA, the largest errors are 0.5-1.0 ulp
 * (expf 0.96, logf 0.60, sinf 0.85, cosf 0.93, powf 0.77, atan2f 1.88 on
 * SSE2), and special values match glibc. Left out, because SLEEF is
 * worse there than CUDA's bound or wrong near the ends of the domain:
 * expm1f, log1pf, sinhf, coshf, asinhf, acoshf, erff, erfcf, hypotf. */
VMATH1(expf)
VMATH1(exp2f)
VMATH1(exp10f)
VMATH1(logf)
VMATH1(log2f)
VMATH1(log10f)
VMATH1(sinf)
VMATH1(cosf)
VMATH1(tanf)
VMATH1(asinf)
VMATH1(acosf)
VMATH1(atanf)
VMATH1(cbrtf)
VMATH1_WITH(tanhf, (float)tanh((double)x)) /* glibc tanhf: 2.05 ulp seen */
VMATH1(atanhf)
VMATH2(powf)
VMATH2(atan2f)
#else
/* ISO C wants something in a translation unit */
typedef int cuwa_vmath_unused;
#endif
