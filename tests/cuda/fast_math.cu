// fast_math: built with --use_fast_math (as nvcc takes it), sinf, cosf,
// expf, logf, powf and sincosf become the __ fast intrinsics (log2f,
// log10f, tanf stay: docs/floating-point.md); results stay
// within the fast intrinsics' error bounds of the accurate values, and
// __USE_FAST_MATH__ is defined in device and host code.
// cuwa-flags: --use_fast_math
#include "check.h"

__global__ void kernel(const float *in, float *out, int *defined) {
  int i = threadIdx.x;
  float x = in[i];
  float s, c;
  sincosf(x, &s, &c);
  out[i * 8 + 0] = sinf(x);
  out[i * 8 + 1] = cosf(x);
  out[i * 8 + 2] = expf(x);
  out[i * 8 + 3] = logf(x + 1.0f);
  out[i * 8 + 4] = powf(x + 1.0f, 1.5f);
  out[i * 8 + 5] = s + c;
  out[i * 8 + 6] = log2f(x + 1.0f) + log10f(x + 1.0f);
  out[i * 8 + 7] = tanf(x * 0.25f);
#ifdef __USE_FAST_MATH__
  if (i == 0) *defined = 1;
#else
  if (i == 0) *defined = 0;
#endif
}

int main() {
  const int n = 64;
  float hin[n], hout[8 * n];
  for (int i = 0; i < n; i++) hin[i] = i * 0.05f;
  float *din, *dout;
  int *ddef, hdef = -1;
  CHECK_CUDA(cudaMalloc(&din, sizeof hin));
  CHECK_CUDA(cudaMalloc(&dout, sizeof hout));
  CHECK_CUDA(cudaMalloc(&ddef, sizeof hdef));
  CHECK_CUDA(cudaMemcpy(din, hin, sizeof hin, cudaMemcpyHostToDevice));
  kernel<<<1, n>>>(din, dout, ddef);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(hout, dout, sizeof hout, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(&hdef, ddef, sizeof hdef, cudaMemcpyDeviceToHost));
  CHECK(1, hdef);
#ifdef __USE_FAST_MATH__
  CHECK(1, 1);
#else
  CHECK(1, 0);  // the host pass sees the define too
#endif
  for (int i = 0; i < n; i++) {
    double x = hin[i];
    // the fast intrinsics' bounds, loosely; sin and cos: WGSL's absolute
    // 2^-11 (webgpu), wider than __sinf's 2^-21.41 on a GPU
    CHECK_NEAR(sin(x), hout[i * 8 + 0], 5e-4);
    CHECK_NEAR(cos(x), hout[i * 8 + 1], 5e-4);
    CHECK_NEAR(exp(x), hout[i * 8 + 2], 1e-5 * exp(x) + 1e-6);
    CHECK_NEAR(log(x + 1), hout[i * 8 + 3], 1e-5);
    CHECK_NEAR(pow(x + 1, 1.5), hout[i * 8 + 4], 1e-4);
    CHECK_NEAR(sin(x) + cos(x), hout[i * 8 + 5], 1e-3);
    CHECK_NEAR(log2(x + 1) + log10(x + 1), hout[i * 8 + 6], 2e-5);
    CHECK_NEAR(tan(x * 0.25), hout[i * 8 + 7], 1e-3);  // WGSL: tan as sin / cos
  }
  return check_done("fast_math");
}
