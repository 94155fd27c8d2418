// check: racecheck
// racecheck: a block reverses an array through shared memory but forgot
// the __syncthreads() between the writes and the reads.
#include <cstdio>

__global__ void reverse(const int *in, int *out) {
  __shared__ int s[64];
  int t = threadIdx.x;
  s[t] = in[t];
  // missing __syncthreads();
  out[t] = s[63 - t];
}

int main() {
  int h[64], *in = nullptr, *out = nullptr;
  for (int i = 0; i < 64; i++) h[i] = i;
  cudaMalloc(&in, sizeof h);
  cudaMalloc(&out, sizeof h);
  cudaMemcpy(in, h, sizeof h, cudaMemcpyHostToDevice);
  reverse<<<1, 64>>>(in, out);
  cudaError_t e = cudaDeviceSynchronize();
  printf("sync: %s\n", cudaGetErrorName(e));
  return 0;
}
