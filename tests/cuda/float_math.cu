// float_math: single- and double-precision math functions and intrinsics
// against the host's double-precision results. Tolerances follow CUDA's
// documented maximum errors (Programming Guide, "Mathematical Functions"):
// exact for the correctly rounded operations (sqrtf, fmaf, rounding,
// __fadd_rn, conversions), a few ulp for the standard functions, and the
// documented absolute/relative bounds for the fast intrinsics (__expf ...).
// skip: webgpu: double precision and erff (test_wgsl: double, erff)
#include "check.h"
#include <float.h>

#define N 48
#define NF 40

__global__ void float_ops(const float *xs, const float *ys, float *out, double *dout) {
  int i = threadIdx.x;
  float x = xs[i], y = ys[i];
  float ax = fabsf(x) + 0.5f;  // positive argument for sqrt/log/pow
  float *o = out + i * NF;
  o[0] = sqrtf(ax);
  o[1] = rsqrtf(ax);
  o[2] = expf(x);
  o[3] = logf(ax);
  o[4] = sinf(x);
  o[5] = cosf(x);
  o[6] = tanf(x * 0.25f);
  o[7] = powf(ax, y);
  o[8] = fabsf(x);
  o[9] = floorf(x);
  o[10] = ceilf(x);
  o[11] = roundf(x);
  o[12] = truncf(x);
  o[13] = fminf(x, y);
  o[14] = fmaxf(x, y);
  o[15] = fmaf(x, y, 1.0f);
  o[16] = fmodf(x, y);
  o[17] = exp2f(x);
  o[18] = log2f(ax);
  o[19] = log10f(ax);
  o[20] = atan2f(x, y);
  o[21] = tanhf(x);
  o[22] = erff(x * 0.5f);
  o[23] = cbrtf(x);
  o[24] = hypotf(x, y);
  o[25] = __expf(x);
  o[26] = __logf(ax);
  o[27] = __sinf(x);
  o[28] = __cosf(x);
  o[29] = __fdividef(x, y);
  o[30] = __saturatef(x * 0.25f);
  o[31] = __fadd_rn(x, y);
  o[32] = __fmul_rn(x, y);
  o[33] = (float)__float2int_rn(x * 3.0f);
  o[34] = (float)__float2int_rz(x * 3.0f);
  o[35] = (float)__float2int_ru(x * 3.0f);
  o[36] = (float)__float2int_rd(x * 3.0f);
  o[37] = __int_as_float(__float_as_int(x) ^ 0x80000000);
  o[38] = rintf(x * 3.0f);
  o[39] = copysignf(ax, y);
  double dx = x, dy = y;
  double *d = dout + i * 6;
  d[0] = sqrt(fabs(dx) + 0.5);
  d[1] = exp(dx);
  d[2] = log(fabs(dx) + 0.5);
  d[3] = sin(dx);
  d[4] = pow(fabs(dx) + 0.5, dy);
  d[5] = fma(dx, dy, 0.125);
}

// Relative tolerance in units of float epsilon, with an absolute floor.
static void check_f(double expected, float actual, double ulps, double abs_tol,
                    const char *what, float x, float y) {
  double tol = ulps * FLT_EPSILON * fabs(expected) + abs_tol;
  if (!(fabs(expected - actual) <= tol) && !(isnan(expected) && isnan(actual)))
    printf("%s(%.9g, %.9g): ", what, x, y);
  CHECK_NEAR(expected, actual, tol);
}

int main() {
  float xs[N], ys[N], out[N * NF];
  double dout[N * 6];
  unsigned seed = 12345;
  for (int i = 0; i < N; i++) {
    seed = seed * 1103515245u + 12345u;
    xs[i] = ((seed >> 8) % 20000) / 1000.0f - 10.0f;   // [-10, 10)
    seed = seed * 1103515245u + 12345u;
    ys[i] = ((seed >> 8) % 6000) / 1000.0f - 3.0f;     // [-3, 3)
    if (ys[i] == 0.0f) ys[i] = 0.5f;
  }
  xs[0] = 2.5f; xs[1] = -2.5f; xs[2] = 0.5f; xs[3] = -0.5f; xs[4] = 1.5f; xs[5] = 0.0f;
  float *dxs, *dys, *dout_f;
  double *dout_d;
  CHECK_CUDA(cudaMalloc(&dxs, sizeof xs));
  CHECK_CUDA(cudaMalloc(&dys, sizeof ys));
  CHECK_CUDA(cudaMalloc(&dout_f, sizeof out));
  CHECK_CUDA(cudaMalloc(&dout_d, sizeof dout));
  CHECK_CUDA(cudaMemcpy(dxs, xs, sizeof xs, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(dys, ys, sizeof ys, cudaMemcpyHostToDevice));
  float_ops<<<1, N>>>(dxs, dys, dout_f, dout_d);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(out, dout_f, sizeof out, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(dout, dout_d, sizeof dout, cudaMemcpyDeviceToHost));
  for (int i = 0; i < N; i++) {
    double x = xs[i], y = ys[i], ax = fabs(x) + 0.5;
    const float *o = out + i * NF;
    check_f(sqrt(ax), o[0], 0.5, 0, "sqrtf", xs[i], ys[i]);
    check_f(1 / sqrt(ax), o[1], 2, 0, "rsqrtf", xs[i], ys[i]);
    check_f(exp(x), o[2], 2, 0, "expf", xs[i], ys[i]);
    check_f(log(ax), o[3], 1, 1e-7, "logf", xs[i], ys[i]);
    check_f(sin(x), o[4], 2, 1e-7, "sinf", xs[i], ys[i]);
    check_f(cos(x), o[5], 2, 1e-7, "cosf", xs[i], ys[i]);
    check_f(tan(x * 0.25), o[6], 4, 1e-7, "tanf", xs[i], ys[i]);
    check_f(pow(ax, y), o[7], 4, 0, "powf", xs[i], ys[i]);
    check_f(fabs(x), o[8], 0, 0, "fabsf", xs[i], ys[i]);
    check_f(floor(x), o[9], 0, 0, "floorf", xs[i], ys[i]);
    check_f(ceil(x), o[10], 0, 0, "ceilf", xs[i], ys[i]);
    check_f(round(x), o[11], 0, 0, "roundf", xs[i], ys[i]);
    check_f(trunc(x), o[12], 0, 0, "truncf", xs[i], ys[i]);
    check_f(x < y ? x : y, o[13], 0, 0, "fminf", xs[i], ys[i]);
    check_f(x > y ? x : y, o[14], 0, 0, "fmaxf", xs[i], ys[i]);
    check_f((float)(x * y + 1.0), o[15], 0, 0, "fmaf", xs[i], ys[i]);
    check_f(fmod(x, y), o[16], 0, 0, "fmodf", xs[i], ys[i]);
    check_f(exp2(x), o[17], 2, 0, "exp2f", xs[i], ys[i]);
    check_f(log2(ax), o[18], 1, 1e-7, "log2f", xs[i], ys[i]);
    check_f(log10(ax), o[19], 2, 1e-7, "log10f", xs[i], ys[i]);
    check_f(atan2(x, y), o[20], 3, 0, "atan2f", xs[i], ys[i]);
    check_f(tanh(x), o[21], 2, 0, "tanhf", xs[i], ys[i]);
    check_f(erf(x * 0.5), o[22], 2, 0, "erff", xs[i], ys[i]);
    check_f(cbrt(x), o[23], 1, 0, "cbrtf", xs[i], ys[i]);
    check_f(hypot(x, y), o[24], 3, 0, "hypotf", xs[i], ys[i]);
    // __expf: 2 + floor(|1.173 x|) ulp; __logf: 2^-21.41 absolute in
    // [0.5, 2], else 3 ulp; __sinf/__cosf: 2^-21.41 absolute in [-pi, pi]
    // and "larger otherwise" (2e-6 allowed here for |x| < 10).
    check_f(exp(x), o[25], 2 + floor(fabs(1.173 * x)), 0, "__expf", xs[i], ys[i]);
    check_f(log(ax), o[26], 3, 4e-7, "__logf", xs[i], ys[i]);
    check_f(sin(x), o[27], 0, fabs(x) <= 3.14159 ? 4e-7 : 2e-6, "__sinf", xs[i], ys[i]);
    check_f(cos(x), o[28], 0, fabs(x) <= 3.14159 ? 4e-7 : 2e-6, "__cosf", xs[i], ys[i]);
    check_f(x / y, o[29], 2, 0, "__fdividef", xs[i], ys[i]);
    double sat = x * 0.25 < 0 ? 0 : x * 0.25 > 1 ? 1 : x * 0.25;
    check_f(sat, o[30], 0, 0, "__saturatef", xs[i], ys[i]);
    check_f((float)(x + y), o[31], 0, 0, "__fadd_rn", xs[i], ys[i]);
    check_f((float)(x * y), o[32], 0, 0, "__fmul_rn", xs[i], ys[i]);
    float x3 = xs[i] * 3.0f;
    check_f(rint(x3), o[33], 0, 0, "__float2int_rn", xs[i], ys[i]);
    check_f(trunc(x3), o[34], 0, 0, "__float2int_rz", xs[i], ys[i]);
    check_f(ceil(x3), o[35], 0, 0, "__float2int_ru", xs[i], ys[i]);
    check_f(floor(x3), o[36], 0, 0, "__float2int_rd", xs[i], ys[i]);
    check_f(-x, o[37], 0, 0, "__int_as_float", xs[i], ys[i]);
    check_f(rint(x3), o[38], 0, 0, "rintf", xs[i], ys[i]);
    check_f(copysign(ax, y), o[39], 0, 0, "copysignf", xs[i], ys[i]);
    const double *d = dout + i * 6;
    CHECK_NEAR(sqrt(ax), d[0], 0.0);
    // exp, log: 1 ulp; sin, pow: 2 ulp (CUDA), plus the host's own error
    CHECK_NEAR(exp(x), d[1], 5e-16 * exp(x));
    CHECK_NEAR(log(ax), d[2], 5e-16 * fabs(log(ax)) + 1e-300);
    CHECK_NEAR(sin(x), d[3], 7e-16 * fabs(sin(x)) + 1e-17);
    CHECK_NEAR(pow(ax, y), d[4], 7e-16 * pow(ax, y));
    CHECK_NEAR(fma(x, y, 0.125), d[5], 0.0);
  }
  cudaFree(dxs); cudaFree(dys); cudaFree(dout_f); cudaFree(dout_d);
  return check_done("float_math");
}
