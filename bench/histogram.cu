// histogram: 256 bins over 2^26 bytes, each block counting into shared
// memory with atomicAdd and merging into the global bins with atomicAdd.
#include "bench.h"

extern "C" void omp_histogram(int n, const unsigned char *data, unsigned *bins);

__global__ void histogram(const unsigned char *data, int n, unsigned *bins) {
  __shared__ unsigned local[256];
  for (int i = threadIdx.x; i < 256; i += blockDim.x) local[i] = 0;
  __syncthreads();
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
    atomicAdd(&local[data[i]], 1u);
  __syncthreads();
  for (int i = threadIdx.x; i < 256; i += blockDim.x) atomicAdd(&bins[i], local[i]);
}

int main() {
  const int n = 1 << 26;
  unsigned char *data;
  unsigned *bins, bo[256];
  BENCH_CHECK_CUDA(cudaMallocManaged(&data, n));
  BENCH_CHECK_CUDA(cudaMallocManaged(&bins, 256 * sizeof(unsigned)));
  unsigned x = 12345;
  for (int i = 0; i < n; i++) {
    x = x * 1103515245u + 12345u;
    data[i] = (unsigned char)((x >> 16) % 200 + (i % 3 == 0 ? 50 : 0));
  }
  auto run = [&] {
    cudaMemset(bins, 0, 256 * sizeof(unsigned));
    histogram<<<256, 256>>>(data, n, bins);
  };
  run();
  BENCH_CHECK_CUDA(cudaDeviceSynchronize());
  omp_histogram(n, data, bo);
  bool ok = bench_close(bins, bo, 256, 0);
  double c = bench_cuda_ms(run);
  double o = bench_median_ms([&] { omp_histogram(n, data, bo); });
  bench_report("histogram", c, o, ok);
  return bench_failed;
}
