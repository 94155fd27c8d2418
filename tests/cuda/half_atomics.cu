// half_atomics: atomicAdd on __half, __half2 and __nv_bfloat16 in global
// and shared memory (every thread of a block adds into one counter; the
// values are small integers, so every order of the additions gives the
// exact sum), the old values it returns, and the fp16 C++ surface that
// cuda-samples use: __half/__half2 constructed from floats, converted
// to float with a cast, __half2 members.
// skip: webgpu: half precision (__half) needs 16-bit types WGSL lacks here
#include <cuda_bf16.h>
#include <cuda_fp16.h>
#include "check.h"

__global__ void kernel(__half *h, __half2 *h2, __nv_bfloat16 *b, float *out) {
  __shared__ __half sh;
  int i = threadIdx.x;
  if (i == 0) sh = __float2half(0.0f);
  __syncthreads();
  __half one(1.0f);                       // constructor from float
  __half2 pair(1.0f, 2.0f);               // from two halves (floats converted)
  __half old = atomicAdd(&h[0], one);
  atomicAdd(&h2[0], pair);
  atomicAdd(&b[0], __float2bfloat16(0.5f));
  atomicAdd(&sh, __float2half(2.0f));
  out[1 + i] = (float)old;                // operator float
  __syncthreads();
  if (i == 0) {
    out[0] = (float)sh + (float)pair.x * 1000.0f + (float)pair.y * 10000.0f;
  }
}

int main() {
  const int n = 64;
  __half hh[2] = {__float2half(0.0f), __float2half(5.0f)};
  __half2 hh2 = __floats2half2_rn(0.0f, 0.0f);
  __nv_bfloat16 hb = __float2bfloat16(0.0f);
  float hout[1 + n];
  __half *dh;
  __half2 *dh2;
  __nv_bfloat16 *db;
  float *dout;
  CHECK_CUDA(cudaMalloc(&dh, sizeof hh));
  CHECK_CUDA(cudaMalloc(&dh2, sizeof hh2));
  CHECK_CUDA(cudaMalloc(&db, sizeof hb));
  CHECK_CUDA(cudaMalloc(&dout, sizeof hout));
  CHECK_CUDA(cudaMemcpy(dh, hh, sizeof hh, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(dh2, &hh2, sizeof hh2, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(db, &hb, sizeof hb, cudaMemcpyHostToDevice));
  kernel<<<1, n>>>(dh, dh2, db, dout);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(hh, dh, sizeof hh, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(&hh2, dh2, sizeof hh2, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(&hb, db, sizeof hb, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hout, dout, sizeof hout, cudaMemcpyDeviceToHost));
  CHECK_NEAR(n, __half2float(hh[0]), 0);
  CHECK_NEAR(5.0f, __half2float(hh[1]), 0);  // the neighbour is untouched
  CHECK_NEAR(n, __low2float(hh2), 0);
  CHECK_NEAR(2 * n, __high2float(hh2), 0);
  CHECK_NEAR(n * 0.5f, __bfloat162float(hb), 0);
  CHECK_NEAR(2 * n + 1000.0f + 20000.0f, hout[0], 0);
  // the old values are 0 .. n-1, each once
  int seen[n] = {0};
  for (int i = 0; i < n; i++) {
    int v = (int)hout[1 + i];
    if (v >= 0 && v < n) seen[v]++;
  }
  for (int i = 0; i < n; i++) CHECK(1, seen[i]);
  return check_done("half_atomics");
}
