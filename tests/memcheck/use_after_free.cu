// memcheck: a kernel that uses a pointer after cudaFree: the freed block
// stays in a quarantine, so the access is reported as a use after free.
#include <cstdio>

__global__ void bump(float *p) {
  p[threadIdx.x + 2] += 1.0f;
}

int main() {
  float *d = nullptr;
  cudaMalloc(&d, 256 * sizeof(float));
  cudaMemset(d, 0, 256 * sizeof(float));
  cudaFree(d);
  bump<<<1, 1>>>(d);  // stale pointer
  cudaError_t e = cudaDeviceSynchronize();
  printf("sync: %s\n", cudaGetErrorName(e));
  return 0;
}
