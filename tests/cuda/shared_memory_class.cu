// shared_memory_class: cuda-samples' SharedMemory<T> pattern: a class
// template whose conversion operator T *() returns dynamic shared memory,
// used as `T *s = SharedMemory<T>();` in a template kernel (reduction).
#include "check.h"

template <class T> struct SharedMemory {
  __device__ inline operator T *() {
    extern __shared__ int __smem[];
    return (T *)__smem;
  }
  __device__ inline operator const T *() const {
    extern __shared__ int __smem[];
    return (T *)__smem;
  }
};

template <class T> __global__ void reduce(const T *in, T *out) {
  T *sdata = SharedMemory<T>();
  unsigned tid = threadIdx.x;
  sdata[tid] = in[blockIdx.x * blockDim.x + tid];
  __syncthreads();
  for (unsigned s = blockDim.x / 2; s > 0; s >>= 1) {
    if (tid < s) sdata[tid] += sdata[tid + s];
    __syncthreads();
  }
  if (tid == 0) out[blockIdx.x] = sdata[0];
}

int main() {
  const int n = 256, b = 64;
  float hin[n], hout[n / b];
  for (int i = 0; i < n; i++) hin[i] = (float)(i % 7);
  float *din, *dout;
  CHECK_CUDA(cudaMalloc(&din, sizeof hin));
  CHECK_CUDA(cudaMalloc(&dout, sizeof hout));
  CHECK_CUDA(cudaMemcpy(din, hin, sizeof hin, cudaMemcpyHostToDevice));
  reduce<float><<<n / b, b, b * sizeof(float)>>>(din, dout);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(hout, dout, sizeof hout, cudaMemcpyDeviceToHost));
  for (int k = 0; k < n / b; k++) {
    float want = 0;
    for (int i = k * b; i < (k + 1) * b; i++) want += hin[i];
    CHECK_NEAR(want, hout[k], 0);
  }
  cudaFree(din);
  cudaFree(dout);
  return check_done("shared_memory_class");
}
