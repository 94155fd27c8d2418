// scan: the inclusive prefix sum of 2^24 ints in three launches: each
// 512-thread block scans its part (warp shuffles, then the warp totals
// through shared memory) and writes its total; one block scans the
// totals; every block adds the total of the blocks before it.
#include "bench.h"

#define THREADS 512

extern "C" void omp_scan(int n, const int *in, int *out);

// Inclusive scan of v over the block; returns this thread's prefix and
// leaves the block total in *total.
__device__ int block_scan(int v, int *total) {
  __shared__ int warp_sums[THREADS / 32];
  int t = threadIdx.x, lane = t % 32, warp = t / 32;
  for (int o = 1; o < 32; o *= 2) {
    int y = __shfl_up_sync(0xffffffff, v, o);
    if (lane >= o) v += y;
  }
  if (lane == 31) warp_sums[warp] = v;
  __syncthreads();
  if (warp == 0) {
    int w = lane < THREADS / 32 ? warp_sums[lane] : 0;
    for (int o = 1; o < 32; o *= 2) {
      int y = __shfl_up_sync(0xffffffff, w, o);
      if (lane >= o) w += y;
    }
    if (lane < THREADS / 32) warp_sums[lane] = w;
  }
  __syncthreads();
  if (warp > 0) v += warp_sums[warp - 1];
  *total = warp_sums[THREADS / 32 - 1];
  __syncthreads();
  return v;
}

__global__ void scan_blocks(const int *in, int *out, int *sums, int n) {
  int i = blockIdx.x * THREADS + threadIdx.x;
  int total;
  int v = block_scan(i < n ? in[i] : 0, &total);
  if (i < n) out[i] = v;
  if (threadIdx.x == 0) sums[blockIdx.x] = total;
}

__global__ void scan_sums(int *sums, int m) {
  int carry = 0;
  for (int base = 0; base < m; base += THREADS) {
    int i = base + threadIdx.x, total;
    int v = block_scan(i < m ? sums[i] : 0, &total);
    if (i < m) sums[i] = v + carry;
    carry += total;
  }
}

__global__ void add_offsets(int *out, const int *sums, int n) {
  int i = blockIdx.x * THREADS + threadIdx.x;
  if (blockIdx.x > 0 && i < n) out[i] += sums[blockIdx.x - 1];
}

int main() {
  const int n = 1 << 24, blocks = (n + THREADS - 1) / THREADS;
  int *in, *out, *sums, *oo = new int[n];
  BENCH_CHECK_CUDA(cudaMallocManaged(&in, n * sizeof(int)));
  BENCH_CHECK_CUDA(cudaMallocManaged(&out, n * sizeof(int)));
  BENCH_CHECK_CUDA(cudaMallocManaged(&sums, blocks * sizeof(int)));
  for (int i = 0; i < n; i++) in[i] = (i % 13) - 6;
  auto run = [&] {
    scan_blocks<<<blocks, THREADS>>>(in, out, sums, n);
    scan_sums<<<1, THREADS>>>(sums, blocks);
    add_offsets<<<blocks, THREADS>>>(out, sums, n);
  };
  run();
  BENCH_CHECK_CUDA(cudaDeviceSynchronize());
  omp_scan(n, in, oo);
  bool ok = bench_close(out, oo, n, 0);
  double c = bench_cuda_ms(run);
  double o = bench_median_ms([&] { omp_scan(n, in, oo); });
  bench_report("scan", c, o, ok);
  return bench_failed;
}
