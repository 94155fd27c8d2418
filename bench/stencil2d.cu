// stencil2d: one Jacobi sweep of a 5-point stencil on a 4096 x 4096 grid
// of floats (32 x 8 blocks), borders copied.
#include "bench.h"

extern "C" void omp_stencil2d(int w, int h, const float *in, float *out);

__global__ void stencil2d(int w, int h, const float *in, float *out) {
  int x = blockIdx.x * blockDim.x + threadIdx.x;
  int y = blockIdx.y * blockDim.y + threadIdx.y;
  if (x >= w || y >= h) return;
  int i = y * w + x;
  if (x == 0 || y == 0 || x == w - 1 || y == h - 1) {
    out[i] = in[i];
    return;
  }
  out[i] = 0.2f * (in[i] + in[i - 1] + in[i + 1] + in[i - w] + in[i + w]);
}

int main() {
  const int w = 4096, h = 4096;
  size_t n = (size_t)w * h;
  float *in, *out, *oo = new float[n];
  BENCH_CHECK_CUDA(cudaMallocManaged(&in, n * sizeof(float)));
  BENCH_CHECK_CUDA(cudaMallocManaged(&out, n * sizeof(float)));
  for (size_t i = 0; i < n; i++) in[i] = (float)((i * 2654435761u) % 1000) * 0.01f;
  dim3 block(32, 8), grid(w / 32, h / 8);
  stencil2d<<<grid, block>>>(w, h, in, out);
  BENCH_CHECK_CUDA(cudaDeviceSynchronize());
  omp_stencil2d(w, h, in, oo);
  bool ok = bench_close(out, oo, n, 1e-6);
  double c = bench_cuda_ms([&] { stencil2d<<<grid, block>>>(w, h, in, out); });
  double o = bench_median_ms([&] { omp_stencil2d(w, h, in, oo); });
  bench_report("stencil2d", c, o, ok);
  return bench_failed;
}
