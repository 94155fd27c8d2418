// memcheck: a write one element past a static __shared__ array; it is
// reported and skipped (the CPU device keeps shared memory on its stack).
#include <cstdio>

__global__ void shift(int *out) {
  __shared__ int s[32];
  s[threadIdx.x + 1] = threadIdx.x;  // thread 31 writes s[32]
  __syncthreads();
  out[threadIdx.x] = s[threadIdx.x];
}

int main() {
  int *out = nullptr;
  cudaMalloc(&out, 32 * sizeof(int));
  shift<<<1, 32>>>(out);
  cudaError_t e = cudaDeviceSynchronize();
  printf("sync: %s\n", cudaGetErrorName(e));
  return 0;
}
