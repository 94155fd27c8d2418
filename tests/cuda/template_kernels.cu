// template_kernels: kernels templated on a type and on the block size,
// launched with explicit arguments, with deduced ones, with a default
// argument, and from inside a host function template; a reduction
// templated on BLOCK_SIZE (the cuda-samples reduction pattern); the same
// instance launched twice and through cudaLaunchKernel.
#include "check.h"

template <typename T, int SCALE = 2>
__global__ void scale_kernel(T *a, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) a[i] = a[i] * (T)SCALE;
}

template <unsigned int BLOCK_SIZE>
__global__ void block_sum(const int *in, int *out) {
  __shared__ int s[BLOCK_SIZE];
  unsigned int t = threadIdx.x;
  s[t] = in[blockIdx.x * BLOCK_SIZE + t];
  __syncthreads();
  for (unsigned int stride = BLOCK_SIZE / 2; stride > 0; stride >>= 1) {
    if (t < stride) s[t] += s[t + stride];
    __syncthreads();
  }
  if (t == 0) out[blockIdx.x] = s[0];
}

template <typename T>
void scale_on_device(T *d, int n) {
  scale_kernel<T, 3><<<(n + 31) / 32, 32>>>(d, n);
}

template <unsigned int B>
void run_block_sum(const int *din, int *dout, int blocks) {
  block_sum<B><<<blocks, B>>>(din, dout);
}

int main() {
  const int n = 100;
  float hf[n];
  int hi[n];
  for (int i = 0; i < n; i++) { hf[i] = 0.5f * i; hi[i] = i - 7; }
  float *df;
  int *di;
  CHECK_CUDA(cudaMalloc(&df, sizeof hf));
  CHECK_CUDA(cudaMalloc(&di, sizeof hi));
  CHECK_CUDA(cudaMemcpy(df, hf, sizeof hf, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(di, hi, sizeof hi, cudaMemcpyHostToDevice));
  scale_kernel<<<4, 32>>>(df, n);          // T deduced, SCALE = 2
  scale_kernel<float><<<4, 32>>>(df, n);   // the same instance again
  scale_on_device(di, n);                  // scale_kernel<int, 3>
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(hf, df, sizeof hf, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hi, di, sizeof hi, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    CHECK_NEAR(2.0 * i, hf[i], 0);
    CHECK(3 * (i - 7), hi[i]);
  }

  int *dout, hout[16], hin[8 * 128];
  for (int i = 0; i < 8 * 128; i++) hin[i] = i % 13 - 4;
  CHECK_CUDA(cudaMalloc(&dout, sizeof hout));
  CHECK_CUDA(cudaFree(di));
  CHECK_CUDA(cudaMalloc(&di, sizeof hin));
  CHECK_CUDA(cudaMemcpy(di, hin, sizeof hin, cudaMemcpyHostToDevice));
  for (int b = 64; b <= 128; b *= 2) {
    int blocks = 8 * 128 / b;
    if (b == 64) run_block_sum<64>(di, dout, blocks);
    else run_block_sum<128>(di, dout, blocks);
    CHECK_CUDA(cudaMemcpy(hout, dout, blocks * sizeof(int), cudaMemcpyDeviceToHost));
    for (int k = 0; k < blocks; k++) {
      int want = 0;
      for (int j = 0; j < b; j++) want += hin[k * b + j];
      CHECK(want, hout[k]);
    }
  }
  // through the runtime API: the stub instance is the kernel's handle
  const int *cin = di;
  void *args[] = {&cin, &dout};
  CHECK_CUDA(cudaLaunchKernel((const void *)block_sum<128>, dim3(8), dim3(128), args, 0, 0));
  CHECK_CUDA(cudaMemcpy(hout, dout, sizeof hout, cudaMemcpyDeviceToHost));
  int want0 = 0;
  for (int j = 0; j < 128; j++) want0 += hin[j];
  CHECK(want0, hout[0]);
  cudaFree(df); cudaFree(di); cudaFree(dout);
  return check_done("template_kernels");
}
