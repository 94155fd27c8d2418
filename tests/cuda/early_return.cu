// early_return: threads that return early (bounds checks, returns in the
// middle of loops and from nested branches, early returns in device
// functions), and a barrier reached only by the threads that did not exit,
// which CUDA (sm_70 and later) allows: exited threads no longer count.
#include "check.h"

__device__ int classify(int v) {
  if (v < 0) return -1;
  for (int k = 0; k < 10; k++)
    if (v == k * k) return k;
  return 100;
}

__global__ void partial(int *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  out[i] = 1;
  if (i % 3 == 0) return;
  out[i] = 2;
  for (int k = 0; k < 8; k++) {
    if (k == i % 7) {
      out[i] = 10 + k;
      return;
    }
  }
  out[i] = 3;
}

__global__ void with_device_fn(const int *in, int *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) out[i] = classify(in[i]);
}

// Threads 100..127 leave; the others exchange values through shared memory.
__global__ void exit_then_barrier(int *out) {
  __shared__ int buf[128];
  int t = threadIdx.x;
  if (t >= 100) return;
  buf[t] = t * 2;
  __syncthreads();
  out[t] = buf[(t + 1) % 100];
}

int main() {
  const int n = 1000;
  int *d, *din, h[n], in[n];
  CHECK_CUDA(cudaMalloc(&d, (n + 24) * sizeof(int)));
  CHECK_CUDA(cudaMalloc(&din, n * sizeof(int)));
  CHECK_CUDA(cudaMemset(d, 0, (n + 24) * sizeof(int)));
  partial<<<(n + 127) / 128, 128>>>(d, n);
  CHECK_CUDA(cudaGetLastError());
  int tail[24];
  CHECK_CUDA(cudaMemcpy(h, d, n * sizeof(int), cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(tail, d + n, sizeof tail, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) CHECK(i % 3 == 0 ? 1 : 10 + i % 7, h[i]);
  for (int i = 0; i < 24; i++) CHECK(0, tail[i]);

  for (int i = 0; i < n; i++) in[i] = i % 120 - 20;
  CHECK_CUDA(cudaMemcpy(din, in, sizeof in, cudaMemcpyHostToDevice));
  with_device_fn<<<8, 128>>>(din, d, n);
  CHECK_CUDA(cudaMemcpy(h, d, n * sizeof(int), cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    int v = in[i], e = v < 0 ? -1 : 100;
    for (int k = 0; k < 10 && v >= 0; k++)
      if (v == k * k) { e = k; break; }
    CHECK(e, h[i]);
  }

  CHECK_CUDA(cudaMemset(d, 0xff, 128 * sizeof(int)));
  exit_then_barrier<<<1, 128>>>(d);
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK_CUDA(cudaMemcpy(h, d, 128 * sizeof(int), cudaMemcpyDeviceToHost));
  for (int t = 0; t < 128; t++) CHECK(t < 100 ? ((t + 1) % 100) * 2 : -1, h[t]);
  cudaFree(d);
  cudaFree(din);
  return check_done("early_return");
}
