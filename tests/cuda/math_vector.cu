// skip: webgpu: cudaMallocManaged is not supported on the webgpu device (docs/runtime.md)
// math_vector.cu: float math functions in kernels simple enough that the
// CPU device's thread loops vectorize them (one call per thread, no
// switch: with SLEEF they run as vector calls, docs/floating-point.md),
// against a long double host reference; the largest error in ulps must
// stay within CUDA's documented bound (against the correctly rounded
// result, so plus half an ulp against the unrounded reference here), and
// special values (zeros, infinities, NaN, subnormals, the ends of the
// domain) must match C's. The measured figures go to stderr (they differ
// between devices and nvcc's build); stdout only says ok, or what failed.
// tests/cuda/math_accuracy.cu covers every function through scalar calls.
#include <math.h>
#include <stdio.h>
#include <stdlib.h>
#include <string.h>
#include "check.h"

enum { N = 1 << 18, NSPECIAL = 40 };

#define F1(X)                                                                                  \
  X(expf, expl, 2) X(exp2f, exp2l, 2) X(exp10f, ref_exp10, 2) X(logf, logl, 1) X(log2f, log2l, 1) \
  X(log10f, log10l, 2) X(sinf, sinl, 2) X(cosf, cosl, 2) X(tanf, tanl, 4) X(asinf, asinl, 2)    \
  X(acosf, acosl, 2) X(atanf, atanl, 2) X(cbrtf, cbrtl, 1) X(tanhf, tanhl, 2) X(atanhf, atanhl, 3)
#define F2(X) X(powf, powl, 4) X(atan2f, atan2l, 3)

#define KERNEL1(f, r, b)                                        \
  __global__ void k_##f(int n, const float *x, float *out) {    \
    int i = blockIdx.x * blockDim.x + threadIdx.x;              \
    if (i < n) out[i] = f(x[i]);                                \
  }                                                             \
  static void run_##f(const float *x, const float *y, float *out) { k_##f<<<N / 256, 256>>>(N, x, out); }
#define KERNEL2(f, r, b)                                                      \
  __global__ void k_##f(int n, const float *x, const float *y, float *out) {  \
    int i = blockIdx.x * blockDim.x + threadIdx.x;                            \
    if (i < n) out[i] = f(x[i], y[i]);                                        \
  }                                                                           \
  static void run_##f(const float *x, const float *y, float *out) { k_##f<<<N / 256, 256>>>(N, x, y, out); }
F1(KERNEL1)
F2(KERNEL2)

static long double ref_exp10(long double x) { return powl(10.0L, x); }

/* error in units of the last place of float, measured at the reference */
static double ulps(long double ref, float got) {
  if (isnan(ref)) return isnan(got) ? 0 : 1e9;
  if (isnan(got)) return 1e9;
  if (isinf(got) && (float)ref == got) return 0;
  long double g = got;
  if (isinf(got)) g = copysignl(ldexpl(1, 128), g);
  if (isinf(ref)) ref = copysignl(ldexpl(1, 128), ref);
  int e;
  frexpl(ref, &e);
  if (e - 1 < -126) e = -125;
  return (double)(fabsl(g - ref) / ldexpl(1, e - 1 - 23));
}

static float bits_float(unsigned u) { float f; memcpy(&f, &u, 4); return f; }
static unsigned rnd(void) { return (unsigned)rand() << 16 ^ (unsigned)rand(); }

/* specials, then random bit patterns (every exponent) and values of
   the usual domains, mixed */
static void fill(float *x, float *y) {
  const float sp[NSPECIAL] = {0.0f, -0.0f, INFINITY, -INFINITY, NAN, 1.0f, -1.0f, 0.5f, -0.5f, 2.0f,
                              -2.0f, 1e-45f, -1e-45f, 1.17549435e-38f, 3.4e38f, -3.4e38f, 88.7228394f,
                              88.7228470f, -103.97f, -87.3365f, 128.0f, -150.0f, 1e30f, 3.0f, -3.0f,
                              0.33333334f, 1.5f, -8.0f, 1e-20f, 16777216.0f, 1e10f, 105414.35f,
                              0.99999994f, -0.99999994f, 1.00000012f, 38.5f, -45.5f, 3.14159274f,
                              1.57079637f, 1e-7f};
  for (int i = 0; i < N; i++) {
    if (i < NSPECIAL * NSPECIAL) {
      x[i] = sp[i % NSPECIAL];
      y[i] = sp[i / NSPECIAL];
      continue;
    }
    float t = (float)(rnd() % 16777216) / 16777216.0f;
    switch (i % 4) {
    case 0: x[i] = bits_float(rnd()); break;
    case 1: x[i] = 200.0f * t - 100.0f; break;
    case 2: x[i] = 2.0f * t - 1.0f; break;
    default: x[i] = 1000.0f * t; break;
    }
    y[i] = i % 3 ? 60.0f * (float)(rnd() % 65536) / 65536.0f - 30.0f : bits_float(rnd());
  }
}

int main(void) {
  float *x, *y, *out;
  CHECK_CUDA(cudaMallocManaged(&x, N * 4));
  CHECK_CUDA(cudaMallocManaged(&y, N * 4));
  CHECK_CUDA(cudaMallocManaged(&out, N * 4));
  fill(x, y);
  int bad = 0;
#define RUN(f, r, bound, launch, refexpr)                                                    \
  {                                                                                          \
    launch;                                                                                  \
    CHECK_CUDA(cudaDeviceSynchronize());                                                     \
    double worst = 0;                                                                        \
    int at = 0;                                                                              \
    for (int i = 0; i < N; i++) {                                                            \
      double u = ulps(refexpr, out[i]);                                                      \
      if (u > worst) worst = u, at = i;                                                      \
    }                                                                                        \
    fprintf(stderr, "%-8s %.3f ulp (bound %d) at %a %a -> %a\n", #f, worst, bound, x[at], y[at], out[at]); \
    if (worst > bound + 0.5) {                                                               \
      bad++;                                                                                 \
      printf("%-8s %.3f ulp (bound %d) at %a %a -> %a  FAILED\n", #f, worst, bound, x[at], y[at], out[at]); \
    }                                                                                        \
  }
#define RUN1(f, r, b) RUN(f, r, b, run_##f(x, y, out), r((long double)x[i]))
#define RUN2(f, r, b) RUN(f, r, b, run_##f(x, y, out), r((long double)x[i], (long double)y[i]))
  F1(RUN1)
  F2(RUN2)
  printf("math_vector: %s\n", bad ? "FAILED" : "ok");
  return bad != 0;
}
