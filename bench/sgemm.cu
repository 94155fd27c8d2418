// sgemm: C = A * B for 768 x 768 floats, naive (one thread per element
// of C, 16 x 16 blocks) and tiled through 16 x 16 shared-memory tiles.
#include "bench.h"

#define TILE 16

extern "C" void omp_sgemm_naive(int n, const float *a, const float *b, float *c);
extern "C" void omp_sgemm_tiled(int n, const float *a, const float *b, float *c);

__global__ void sgemm_naive(int n, const float *a, const float *b, float *c) {
  int row = blockIdx.y * blockDim.y + threadIdx.y;
  int col = blockIdx.x * blockDim.x + threadIdx.x;
  if (row < n && col < n) {
    float sum = 0.0f;
    for (int k = 0; k < n; k++) sum += a[row * n + k] * b[k * n + col];
    c[row * n + col] = sum;
  }
}

__global__ void sgemm_tiled(int n, const float *a, const float *b, float *c) {
  __shared__ float as[TILE][TILE];
  __shared__ float bs[TILE][TILE];
  int tx = threadIdx.x, ty = threadIdx.y;
  int row = blockIdx.y * TILE + ty, col = blockIdx.x * TILE + tx;
  float sum = 0.0f;
  for (int t = 0; t < n / TILE; t++) {
    as[ty][tx] = a[row * n + t * TILE + tx];
    bs[ty][tx] = b[(t * TILE + ty) * n + col];
    __syncthreads();
    for (int k = 0; k < TILE; k++) sum += as[ty][k] * bs[k][tx];
    __syncthreads();
  }
  c[row * n + col] = sum;
}

int main() {
  const int n = 768;
  float *a, *b, *c, *co = new float[n * n];
  BENCH_CHECK_CUDA(cudaMallocManaged(&a, n * n * sizeof(float)));
  BENCH_CHECK_CUDA(cudaMallocManaged(&b, n * n * sizeof(float)));
  BENCH_CHECK_CUDA(cudaMallocManaged(&c, n * n * sizeof(float)));
  for (int i = 0; i < n * n; i++) a[i] = (float)(i % 7) - 3.0f, b[i] = (float)(i % 5) * 0.5f;
  dim3 block(TILE, TILE), grid(n / TILE, n / TILE);

  sgemm_naive<<<grid, block>>>(n, a, b, c);
  BENCH_CHECK_CUDA(cudaDeviceSynchronize());
  omp_sgemm_naive(n, a, b, co);
  bool ok = bench_close(c, co, n * n, 1e-5);
  double cn = bench_cuda_ms([&] { sgemm_naive<<<grid, block>>>(n, a, b, c); });
  double on = bench_median_ms([&] { omp_sgemm_naive(n, a, b, co); });
  bench_report("sgemm_naive", cn, on, ok);

  sgemm_tiled<<<grid, block>>>(n, a, b, c);
  BENCH_CHECK_CUDA(cudaDeviceSynchronize());
  omp_sgemm_tiled(n, a, b, co);
  ok = bench_close(c, co, n * n, 1e-5);
  double ct = bench_cuda_ms([&] { sgemm_tiled<<<grid, block>>>(n, a, b, c); });
  double ot = bench_median_ms([&] { omp_sgemm_tiled(n, a, b, co); });
  bench_report("sgemm_tiled", ct, ot, ok);
  return bench_failed;
}
