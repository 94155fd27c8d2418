// memcheck: a float4 load from an address that is not a multiple of 16.
#include <cstdio>

__global__ void sum4(const float *in, float *out) {
  const float4 *p = reinterpret_cast<const float4 *>(in + 1);
  float4 v = *p;
  out[0] = v.x + v.y + v.z + v.w;
}

int main() {
  float *in = nullptr, *out = nullptr;
  cudaMalloc(&in, 64 * sizeof(float));
  cudaMalloc(&out, sizeof(float));
  cudaMemset(in, 0, 64 * sizeof(float));
  sum4<<<1, 1>>>(in, out);
  cudaError_t e = cudaDeviceSynchronize();
  printf("sync: %s\n", cudaGetErrorName(e));
  return 0;
}
