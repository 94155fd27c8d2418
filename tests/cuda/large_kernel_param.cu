// large_kernel_param: structs of 4 KB and 32000 bytes passed by value to a
// kernel (CUDA 12.1+ allows 32764 bytes of parameters on Volta and later;
// cuda-samples LargeKernelParameter), read with a dynamic index and
// through __grid_constant__, next to a scalar parameter after them.
// skip: webgpu: kernel parameters beyond the WebGPU uniform buffer limit are refused
#include "check.h"

#define SMALL 1000
#define LARGE 8000

typedef struct { int v[SMALL]; } small_t;
typedef struct { int v[LARGE]; } large_t;

__global__ void sum_small(const small_t p, int *out, int k) {
  int s = 0;
  for (int i = threadIdx.x; i < SMALL; i += blockDim.x) s += p.v[i] * k;
  atomicAdd(out, s);
}

__global__ void sum_large(__grid_constant__ const large_t p, int *out, int k) {
  int s = 0;
  for (int i = threadIdx.x; i < LARGE; i += blockDim.x) s += p.v[i] * k;
  atomicAdd(out, s);
  if (threadIdx.x == 0) out[1] = p.v[LARGE - 1 - (k & 7)];
}

int main() {
  static small_t ps;
  static large_t pl;
  long long ws = 0, wl = 0;
  for (int i = 0; i < SMALL; i++) ws += (ps.v[i] = i % 97 - 40);
  for (int i = 0; i < LARGE; i++) wl += (pl.v[i] = i % 89 - 30);
  int *d, h[2];
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  CHECK_CUDA(cudaMemset(d, 0, sizeof h));
  sum_small<<<1, 64>>>(ps, d, 3);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(ws * 3, h[0]);
  CHECK_CUDA(cudaMemset(d, 0, sizeof h));
  sum_large<<<1, 128>>>(pl, d, 2);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(wl * 2, h[0]);
  CHECK(pl.v[LARGE - 3], h[1]);
  CHECK_CUDA(cudaFree(d));
  return check_done("large_kernel_param");
}
