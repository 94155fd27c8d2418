// check: initcheck
// initcheck: only the first half of the input was copied to the device;
// the kernel reads its last element, which was never written.
#include <cstdio>

__global__ void ends(const int *in, int *out, int n) {
  out[0] = in[0] + in[n - 1];
}

int main() {
  const int n = 256;
  int h[n / 2] = {0};
  int *in = nullptr, *out = nullptr;
  cudaMalloc(&in, n * sizeof(int));
  cudaMalloc(&out, sizeof(int));
  cudaMemcpy(in, h, sizeof h, cudaMemcpyHostToDevice);
  ends<<<1, 1>>>(in, out, n);
  cudaError_t e = cudaDeviceSynchronize();
  printf("sync: %s\n", cudaGetErrorName(e));
  return 0;
}
