// device_functions: __device__ functions calling __device__ functions
// (several levels, pointer and by-value arguments, recursion), __host__
// __device__ functions used on both sides, __forceinline__ and __noinline__.
// skip: webgpu: recursion (fib) cannot be expressed in WGSL (test_wgsl: recursion)
#include "check.h"

__device__ int square(int x) { return x * x; }
__device__ __forceinline__ int add3(int a, int b, int c) { return a + b + c; }
__device__ __noinline__ int sum_squares(int a, int b, int c) {
  return add3(square(a), square(b), square(c));
}
__device__ void accumulate(int *acc, int v) { *acc += sum_squares(v, v + 1, v + 2); }
__host__ __device__ int mix(int a, int b) { return a * 31 + b; }
__device__ __host__ float lerp(float a, float b, float t) { return a + t * (b - a); }
__device__ int fib(int n) { return n < 2 ? n : fib(n - 1) + fib(n - 2); }

__global__ void compute(int *out, float *fout, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  int acc = 0;
  for (int k = 0; k < 3; k++) accumulate(&acc, i + k);
  out[4 * i + 0] = acc;
  out[4 * i + 1] = mix(i, acc);
  out[4 * i + 2] = fib(i % 12);
  out[4 * i + 3] = sum_squares(i, -i, 2 * i);
  fout[i] = lerp(1.0f, 3.0f, 0.25f * (i % 5));
}

static int host_fib(int n) { return n < 2 ? n : host_fib(n - 1) + host_fib(n - 2); }

int main() {
  const int n = 100;
  int *d, h[4 * n];
  float *fd, fh[n];
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  CHECK_CUDA(cudaMalloc(&fd, sizeof fh));
  compute<<<(n + 31) / 32, 32>>>(d, fd, n);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(fh, fd, sizeof fh, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    int acc = 0;
    for (int k = 0; k < 3; k++) {
      int v = i + k;
      acc += v * v + (v + 1) * (v + 1) + (v + 2) * (v + 2);
    }
    CHECK(acc, h[4 * i + 0]);
    CHECK(mix(i, acc), h[4 * i + 1]);
    CHECK(host_fib(i % 12), h[4 * i + 2]);
    CHECK(6 * i * i, h[4 * i + 3]);
    CHECK_NEAR(lerp(1.0f, 3.0f, 0.25f * (i % 5)), fh[i], 0.0);
  }
  cudaFree(d);
  cudaFree(fd);
  return check_done("device_functions");
}
