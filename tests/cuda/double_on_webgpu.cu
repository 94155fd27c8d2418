// double_on_webgpu: WGSL has no f64, so a kernel with double arithmetic
// cannot run on the webgpu device. The launch must fail with
// cudaErrorNoKernelImageForDevice (the runtime prints the kernel and the
// line of the double arithmetic) and must never compute a wrong answer;
// the error is not sticky. On the other devices the kernel runs.
#include <string.h>
#include "check.h"

__global__ void scale(double *a, double f) { a[threadIdx.x] = a[threadIdx.x] * f + 0.5; }

int main() {
  cudaDeviceProp p;
  CHECK_CUDA(cudaGetDeviceProperties(&p, 0));
  bool webgpu = strncmp(p.name, "WebGPU", 6) == 0;
  double h[32], *d;
  for (int i = 0; i < 32; i++) h[i] = i;
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  CHECK_CUDA(cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice));
  scale<<<1, 32>>>(d, 1.0 / 3.0);
  cudaError_t e = cudaGetLastError();
  if (webgpu) {
    CHECK(cudaErrorNoKernelImageForDevice, e);
    CHECK(cudaSuccess, cudaGetLastError());  // not sticky
    CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
    for (int i = 0; i < 32; i++) CHECK_NEAR((double)i, h[i], 0);  // untouched
  } else {
    CHECK(cudaSuccess, e);
    CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
    for (int i = 0; i < 32; i++) CHECK_NEAR(i * (1.0 / 3.0) + 0.5, h[i], 1e-15);
  }
  CHECK_CUDA(cudaFree(d));
  return check_done("double_on_webgpu");
}
