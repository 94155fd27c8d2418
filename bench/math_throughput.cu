// math_throughput: expf, sinf, logf and powf over 2^24 floats each, one
// thread per element: the speed of the CPU device's math functions in
// thread loops (vectorized through SLEEF where cuwa was built with it,
// docs/floating-point.md) against OpenMP calling glibc.
#include "bench.h"

extern "C" void omp_math(int fn, int n, const float *x, const float *y, float *out);

__global__ void k_expf(int n, const float *x, float *out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = expf(x[i]);
}
__global__ void k_sinf(int n, const float *x, float *out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = sinf(x[i]);
}
__global__ void k_logf(int n, const float *x, float *out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = logf(x[i]);
}
__global__ void k_powf(int n, const float *x, const float *y, float *out) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = powf(x[i], y[i]);
}

static void launch(int fn, int n, const float *x, const float *y, float *out) {
  int g = (n + 255) / 256;
  switch (fn) {
  case 0: k_expf<<<g, 256>>>(n, x, out); break;
  case 1: k_sinf<<<g, 256>>>(n, x, out); break;
  case 2: k_logf<<<g, 256>>>(n, x, out); break;
  default: k_powf<<<g, 256>>>(n, x, y, out); break;
  }
}

int main() {
  const int n = 1 << 24;
  const char *names[4] = {"math_expf", "math_sinf", "math_logf", "math_powf"};
  float *x, *y, *out, *ref = new float[n];
  BENCH_CHECK_CUDA(cudaMallocManaged(&x, n * sizeof(float)));
  BENCH_CHECK_CUDA(cudaMallocManaged(&y, n * sizeof(float)));
  BENCH_CHECK_CUDA(cudaMallocManaged(&out, n * sizeof(float)));
  for (int fn = 0; fn < 4; fn++) {
    /* exp: [-80, 80]; sin: [-100, 100]; log and pow's base: (0, 1000]; pow's exponent [-8, 8] */
    for (int i = 0; i < n; i++) {
      float t = (float)((i * 2654435761u) >> 8) / 16777216.0f;
      x[i] = fn == 0 ? 160.0f * t - 80.0f : fn == 1 ? 200.0f * t - 100.0f : 1000.0f * t + 1e-3f;
      y[i] = 16.0f * (float)((i * 40503u) & 0xffff) / 65536.0f - 8.0f;
    }
    launch(fn, n, x, y, out);
    BENCH_CHECK_CUDA(cudaDeviceSynchronize());
    omp_math(fn, n, x, y, ref);
    bool ok = bench_close(out, ref, n, 4e-7);  /* a few ulps: both are within CUDA's bound */
    double c = bench_cuda_ms([&] { launch(fn, n, x, y, out); });
    double o = bench_median_ms([&] { omp_math(fn, n, x, y, ref); });
    bench_report(names[fn], c, o, ok);
  }
  return bench_failed;
}
