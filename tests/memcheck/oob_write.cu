// memcheck: an off-by-one write past the end of a cudaMalloc'ed array is
// reported (and skipped); the launch fails with cudaErrorLaunchFailure.
#include <cstdio>

__global__ void fill(int *a, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i <= n) a[i] = i;  // off by one: i == n is past the end
}

int main() {
  const int n = 1024;
  int *d = nullptr;
  cudaMalloc(&d, n * sizeof(int));
  fill<<<5, 256>>>(d, n);
  cudaError_t e = cudaDeviceSynchronize();
  printf("sync: %s\n", cudaGetErrorName(e));
  return 0;
}
