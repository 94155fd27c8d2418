// transpose: a 4096 x 4096 float matrix transposed through 32 x 33
// shared-memory tiles, 32 x 8 threads per block (each moves 4 elements).
#include "bench.h"

#define TILE 32
#define ROWS 8

extern "C" void omp_transpose(int w, int h, const float *in, float *out);

__global__ void transpose(const float *in, float *out, int w, int h) {
  __shared__ float tile[TILE][TILE + 1];
  int x = blockIdx.x * TILE + threadIdx.x;
  int y = blockIdx.y * TILE + threadIdx.y;
  for (int j = 0; j < TILE; j += ROWS) tile[threadIdx.y + j][threadIdx.x] = in[(y + j) * w + x];
  __syncthreads();
  x = blockIdx.y * TILE + threadIdx.x;
  y = blockIdx.x * TILE + threadIdx.y;
  for (int j = 0; j < TILE; j += ROWS) out[(y + j) * h + x] = tile[threadIdx.x][threadIdx.y + j];
}

int main() {
  const int w = 4096, h = 4096;
  size_t n = (size_t)w * h;
  float *in, *out, *oo = new float[n];
  BENCH_CHECK_CUDA(cudaMallocManaged(&in, n * sizeof(float)));
  BENCH_CHECK_CUDA(cudaMallocManaged(&out, n * sizeof(float)));
  for (size_t i = 0; i < n; i++) in[i] = (float)i;
  dim3 block(TILE, ROWS), grid(w / TILE, h / TILE);
  transpose<<<grid, block>>>(in, out, w, h);
  BENCH_CHECK_CUDA(cudaDeviceSynchronize());
  omp_transpose(w, h, in, oo);
  bool ok = bench_close(out, oo, n, 0);
  double c = bench_cuda_ms([&] { transpose<<<grid, block>>>(in, out, w, h); });
  double o = bench_median_ms([&] { omp_transpose(w, h, in, oo); });
  bench_report("transpose", c, o, ok);
  return bench_failed;
}
