// device_var: __device__ variables (a scalar, an initialized array, a
// struct) written by kernels and read back with cudaMemcpyFromSymbol, set
// from the host with cudaMemcpyToSymbol, and located with
// cudaGetSymbolAddress / cudaGetSymbolSize.
#include "check.h"

struct Stats {
  int count;
  float sum;
};

__device__ int total;
__device__ int squares[16] = {1, 1, 1, 1};
__device__ Stats stats;

__global__ void fill(int base) {
  int i = threadIdx.x;
  squares[i] = (base + i) * (base + i);
  if (i == 0) {
    total = total * 2 + base;
    stats.count += 16;
    stats.sum += 0.5f;
  }
}

__global__ void copy_out(int *out) { out[threadIdx.x] = squares[threadIdx.x] + total; }

int main() {
  int h[16], t = 0;
  int start = 7;
  CHECK_CUDA(cudaMemcpyFromSymbol(h, squares, sizeof h));
  for (int i = 0; i < 16; i++) CHECK(i < 4 ? 1 : 0, h[i]);
  CHECK_CUDA(cudaMemcpyToSymbol(total, &start, sizeof start));
  Stats s0 = {100, 1.0f};
  CHECK_CUDA(cudaMemcpyToSymbol(stats, &s0, sizeof s0));
  fill<<<1, 16>>>(3);
  CHECK_CUDA(cudaGetLastError());
  fill<<<1, 16>>>(4);
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK_CUDA(cudaMemcpyFromSymbol(h, squares, sizeof h));
  CHECK_CUDA(cudaMemcpyFromSymbol(&t, total, sizeof t));
  for (int i = 0; i < 16; i++) CHECK((4 + i) * (4 + i), h[i]);
  CHECK((7 * 2 + 3) * 2 + 4, t);
  Stats s;
  CHECK_CUDA(cudaMemcpyFromSymbol(&s, stats, sizeof s));
  CHECK(132, s.count);
  CHECK_NEAR(2.0f, s.sum, 0.0);

  int *addr = NULL;
  size_t size = 0;
  CHECK_CUDA(cudaGetSymbolAddress((void **)&addr, squares));
  CHECK_CUDA(cudaGetSymbolSize(&size, squares));
  CHECK(sizeof(int) * 16, size);
  int direct[16];
  CHECK_CUDA(cudaMemcpy(direct, addr, sizeof direct, cudaMemcpyDeviceToHost));
  for (int i = 0; i < 16; i++) CHECK(h[i], direct[i]);

  int *dout, out[16];
  CHECK_CUDA(cudaMalloc(&dout, sizeof out));
  copy_out<<<1, 16>>>(dout);
  CHECK_CUDA(cudaMemcpy(out, dout, sizeof out, cudaMemcpyDeviceToHost));
  for (int i = 0; i < 16; i++) CHECK(h[i] + t, out[i]);
  cudaFree(dout);
  return check_done("device_var");
}
