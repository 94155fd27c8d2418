// multi/b.cu: main, with its own static `fill` and `counter` (which must not
// be confused with a.cu's) and a launch of a.cu's kernel `scale`.
#include "multi.h"
#include "../check.h"

static __device__ int counter = 50;

static __global__ void fill(int *p, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) p[i] = -i;
  if (i == 0) counter += 2;
}

int main() {
  const int n = 200;
  int *d, h[n];
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  launch_fill_a(d, n);
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) CHECK(1000 + i, h[i]);
  fill<<<(n + 63) / 64, 64>>>(d, n);
  scale<<<(n + 63) / 64, 64>>>(d, n, 3);
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) CHECK(-3 * i, h[i]);
  int mine = -1;
  CHECK_CUDA(cudaMemcpyFromSymbol(&mine, counter, sizeof mine));
  CHECK(52, mine);
  CHECK(1, read_counter_a());
  cudaFree(d);
  return check_done("multi");
}
