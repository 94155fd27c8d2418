// launch_via_api: kernels launched through cudaLaunchKernel, with the
// kernel named as (void *)k and through the C++ template overload, with
// dynamic shared memory and a stream; a kernel taking no arguments; and
// the configuration errors the API reports directly.
#include "check.h"

__global__ void axpy(float a, const float *x, float *y, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) y[i] = a * x[i] + y[i];
}

// Reverses each block's slice through dynamic shared memory.
__global__ void reverse_blocks(int *data) {
  extern __shared__ int tile[];
  int t = threadIdx.x, base = blockIdx.x * blockDim.x;
  tile[t] = data[base + t];
  __syncthreads();
  data[base + t] = tile[blockDim.x - 1 - t];
}

__device__ int ran;
__global__ void no_args() { ran = 42; }

int main() {
  const int n = 300;
  float hx[n], hy[n];
  for (int i = 0; i < n; i++) { hx[i] = i; hy[i] = 1.0f; }
  float *dx, *dy;
  CHECK_CUDA(cudaMalloc(&dx, sizeof hx));
  CHECK_CUDA(cudaMalloc(&dy, sizeof hy));
  CHECK_CUDA(cudaMemcpy(dx, hx, sizeof hx, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(dy, hy, sizeof hy, cudaMemcpyHostToDevice));
  float a = 2.0f;
  int count = n;
  void *args[] = {&a, &dx, &dy, &count};
  CHECK_CUDA(cudaLaunchKernel((void *)axpy, dim3((n + 127) / 128), dim3(128), args, 0, 0));
  a = -1.0f;
  CHECK_CUDA(cudaLaunchKernel(axpy, dim3((n + 127) / 128), dim3(128), args, 0, 0));
  CHECK_CUDA(cudaMemcpy(hy, dy, sizeof hy, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) CHECK_NEAR(1.0f + i, hy[i], 0.0);

  const int blocks = 4, threads = 64;
  int h[blocks * threads], *d;
  for (int i = 0; i < blocks * threads; i++) h[i] = i;
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  CHECK_CUDA(cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice));
  cudaStream_t stream;
  CHECK_CUDA(cudaStreamCreate(&stream));
  void *rargs[] = {&d};
  CHECK_CUDA(cudaLaunchKernel((void *)reverse_blocks, dim3(blocks), dim3(threads), rargs,
                              threads * sizeof(int), stream));
  CHECK_CUDA(cudaStreamSynchronize(stream));
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int b = 0; b < blocks; b++)
    for (int t = 0; t < threads; t++) CHECK(b * threads + threads - 1 - t, h[b * threads + t]);

  CHECK_CUDA(cudaLaunchKernel((void *)no_args, dim3(1), dim3(1), NULL, 0, 0));
  int r = 0;
  CHECK_CUDA(cudaMemcpyFromSymbol(&r, ran, sizeof r));
  CHECK(42, r);

  CHECK(cudaErrorInvalidValue,
        cudaLaunchKernel((void *)axpy, dim3(1), dim3(1025), args, 0, 0));
  CHECK(cudaErrorInvalidValue, cudaGetLastError());  // every call records its error
  CHECK(cudaSuccess, cudaGetLastError());
  CHECK_CUDA(cudaStreamDestroy(stream));
  cudaFree(dx); cudaFree(dy); cudaFree(d);
  return check_done("launch_via_api");
}
