// reduction: the sum of 2^25 ints, as a block reduction through a shared
// memory tree (256 threads, grid-stride accumulation) and as a warp
// shuffle reduction (one shared slot per warp); the per-block partial
// sums are added by a second launch of the same kernel.
#include "bench.h"

extern "C" long long omp_reduce(int n, const int *in);

__global__ void reduce_shared(const int *in, int *out, int n) {
  __shared__ int s[256];
  int t = threadIdx.x;
  int sum = 0;
  for (int i = blockIdx.x * blockDim.x + t; i < n; i += blockDim.x * gridDim.x) sum += in[i];
  s[t] = sum;
  __syncthreads();
  for (int k = blockDim.x / 2; k > 0; k >>= 1) {
    if (t < k) s[t] += s[t + k];
    __syncthreads();
  }
  if (t == 0) out[blockIdx.x] = s[0];
}

__global__ void reduce_shfl(const int *in, int *out, int n) {
  __shared__ int warp_sums[32];
  int t = threadIdx.x, lane = t % 32, warp = t / 32;
  int sum = 0;
  for (int i = blockIdx.x * blockDim.x + t; i < n; i += blockDim.x * gridDim.x) sum += in[i];
  for (int o = 16; o > 0; o /= 2) sum += __shfl_down_sync(0xffffffff, sum, o);
  if (lane == 0) warp_sums[warp] = sum;
  __syncthreads();
  if (warp == 0) {
    sum = lane < (int)blockDim.x / 32 ? warp_sums[lane] : 0;
    for (int o = 16; o > 0; o /= 2) sum += __shfl_down_sync(0xffffffff, sum, o);
    if (lane == 0) out[blockIdx.x] = sum;
  }
}

int main() {
  const int n = 1 << 25, blocks = 1024;
  int *in, *part;
  BENCH_CHECK_CUDA(cudaMallocManaged(&in, n * sizeof(int)));
  BENCH_CHECK_CUDA(cudaMallocManaged(&part, (blocks + 1) * sizeof(int)));
  for (int i = 0; i < n; i++) in[i] = (i % 17) - 8;
  long long want = omp_reduce(n, in);
  long long got_omp = 0;
  auto shared = [&] {
    reduce_shared<<<blocks, 256>>>(in, part, n);
    reduce_shared<<<1, 256>>>(part, part + blocks, blocks);
  };
  auto shfl = [&] {
    reduce_shfl<<<blocks, 256>>>(in, part, n);
    reduce_shfl<<<1, 256>>>(part, part + blocks, blocks);
  };
  shared();
  BENCH_CHECK_CUDA(cudaDeviceSynchronize());
  bool ok = part[blocks] == want;
  double c = bench_cuda_ms(shared);
  double o = bench_median_ms([&] { got_omp = omp_reduce(n, in); });
  bench_report("reduce_shared", c, o, ok && got_omp == want);
  shfl();
  BENCH_CHECK_CUDA(cudaDeviceSynchronize());
  ok = part[blocks] == want;
  c = bench_cuda_ms(shfl);
  bench_report("reduce_shfl", c, o, ok);
  return bench_failed;
}
