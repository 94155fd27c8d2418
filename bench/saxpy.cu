// saxpy: y = a * x + y over 2^24 floats, one thread per element.
#include "bench.h"

extern "C" void omp_saxpy(int n, float a, const float *x, float *y);

__global__ void saxpy(int n, float a, const float *x, float *y) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

int main() {
  const int n = 1 << 24;
  float *x, *y, *yo = new float[n];
  BENCH_CHECK_CUDA(cudaMallocManaged(&x, n * sizeof(float)));
  BENCH_CHECK_CUDA(cudaMallocManaged(&y, n * sizeof(float)));
  for (int i = 0; i < n; i++) x[i] = (float)(i % 1000) * 0.001f, y[i] = yo[i] = 1.0f;
  saxpy<<<(n + 255) / 256, 256>>>(n, 0.5f, x, y);
  BENCH_CHECK_CUDA(cudaDeviceSynchronize());
  omp_saxpy(n, 0.5f, x, yo);
  bool ok = bench_close(y, yo, n, 0);
  double c = bench_cuda_ms([&] { saxpy<<<(n + 255) / 256, 256>>>(n, 0.5f, x, y); });
  double o = bench_median_ms([&] { omp_saxpy(n, 0.5f, x, yo); });
  bench_report("saxpy", c, o, ok);
  return bench_failed;
}
