// managed_vars: __managed__ variables, read and written by host code and
// by kernels without any copy call: a scalar counter that kernels add to
// and the host resets, and an array the host fills and a kernel doubles.
// After cudaDeviceSynchronize the host sees what kernels wrote, and a
// kernel sees what the host wrote before the launch (CUDA's rule on
// devices without concurrentManagedAccess, which cuwa follows everywhere).
#include "check.h"

__managed__ int counter;
__managed__ float values[256];
__managed__ int initialised = 42;

__global__ void add(int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) atomicAdd(&counter, 1);
}

__global__ void twice(int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) values[i] = 2.0f * values[i] + (float)initialised;
}

int main() {
  CHECK(42, initialised);
  CHECK(0, counter);
  add<<<4, 64>>>(200);
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK(200, counter);
  counter = 1000;  // the host writes, the next kernel sees it
  add<<<1, 32>>>(32);
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK(1032, counter);
  for (int i = 0; i < 256; i++) values[i] = (float)i;
  initialised = 1;
  twice<<<2, 128>>>(256);
  CHECK_CUDA(cudaDeviceSynchronize());
  for (int i = 0; i < 256; i++) CHECK_NEAR(2.0f * i + 1.0f, values[i], 0.0f);
  // a managed variable's address is a symbol too
  int h = 0;
  CHECK_CUDA(cudaMemcpyFromSymbol(&h, counter, sizeof h));
  CHECK(1032, h);
  return check_done("managed_vars");
}
