// reduction: the classic block reduction (grid-stride accumulation, a
// shared-memory tree, then a warp-shuffle final stage) for block sizes 32
// to 1024, templated on the block size as cuda-samples' reduce kernels
// are; a second pass reduces the per-block partial sums. Also a pure
// warp-shuffle block reduction (one shared slot per warp).
#include "check.h"

template <unsigned int blockSize>
__global__ void reduce(const int *in, int *out, unsigned int n) {
  __shared__ int sdata[blockSize];
  unsigned int tid = threadIdx.x;
  unsigned int gridSize = blockSize * 2 * gridDim.x;
  int sum = 0;
  for (unsigned int i = blockIdx.x * blockSize * 2 + tid; i < n; i += gridSize) {
    sum += in[i];
    if (i + blockSize < n) sum += in[i + blockSize];
  }
  sdata[tid] = sum;
  __syncthreads();
  if (blockSize >= 1024 && tid < 512) sdata[tid] = sum = sum + sdata[tid + 512];
  __syncthreads();
  if (blockSize >= 512 && tid < 256) sdata[tid] = sum = sum + sdata[tid + 256];
  __syncthreads();
  if (blockSize >= 256 && tid < 128) sdata[tid] = sum = sum + sdata[tid + 128];
  __syncthreads();
  if (blockSize >= 128 && tid < 64) sdata[tid] = sum = sum + sdata[tid + 64];
  __syncthreads();
  if (tid < 32) {
    if (blockSize >= 64) sum += sdata[tid + 32];
    for (int offset = 32 / 2; offset > 0; offset /= 2)
      sum += __shfl_down_sync(0xffffffff, sum, offset);
  }
  if (tid == 0) out[blockIdx.x] = sum;
}

__global__ void warp_reduce_block(const float *in, float *out, int n) {
  __shared__ float warp_sums[32];
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  float v = i < n ? in[i] : 0.0f;
  int lane = threadIdx.x % warpSize, warp = threadIdx.x / warpSize;
  for (int o = warpSize / 2; o > 0; o /= 2) v += __shfl_xor_sync(0xffffffff, v, o);
  if (lane == 0) warp_sums[warp] = v;
  __syncthreads();
  if (warp == 0) {
    int warps = (blockDim.x + warpSize - 1) / warpSize;
    v = lane < warps ? warp_sums[lane] : 0.0f;
    for (int o = warpSize / 2; o > 0; o /= 2) v += __shfl_down_sync(0xffffffff, v, o);
    if (lane == 0) out[blockIdx.x] = v;
  }
}

template <unsigned int B>
static int run(const int *din, int *dpart, unsigned n, int blocks) {
  reduce<B><<<blocks, B>>>(din, dpart, n);
  reduce<B><<<1, B>>>(dpart, dpart + blocks, blocks);
  int r = 0;
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(&r, dpart + blocks, sizeof r, cudaMemcpyDeviceToHost));
  return r;
}

int main() {
  const unsigned n = 1000003;
  int *h = new int[n], *din, *dpart;
  long long ref = 0;
  for (unsigned i = 0; i < n; i++) {
    h[i] = (int)(i % 1009) - 500;
    ref += h[i];
  }
  CHECK_CUDA(cudaMalloc(&din, n * sizeof(int)));
  CHECK_CUDA(cudaMalloc(&dpart, 200 * sizeof(int)));
  CHECK_CUDA(cudaMemcpy(din, h, n * sizeof(int), cudaMemcpyHostToDevice));
  CHECK(ref, run<32>(din, dpart, n, 64));
  CHECK(ref, run<64>(din, dpart, n, 64));
  CHECK(ref, run<128>(din, dpart, n, 64));
  CHECK(ref, run<256>(din, dpart, n, 64));
  CHECK(ref, run<512>(din, dpart, n, 32));
  CHECK(ref, run<1024>(din, dpart, n, 16));

  const int m = 100000, threads = 320, blocks = (m + threads - 1) / threads;
  float *hf = new float[m], *df, *dout, *hout = new float[blocks];
  for (int i = 0; i < m; i++) hf[i] = (float)(i % 13) - 6.0f;
  CHECK_CUDA(cudaMalloc(&df, m * sizeof(float)));
  CHECK_CUDA(cudaMalloc(&dout, blocks * sizeof(float)));
  CHECK_CUDA(cudaMemcpy(df, hf, m * sizeof(float), cudaMemcpyHostToDevice));
  warp_reduce_block<<<blocks, threads>>>(df, dout, m);
  CHECK_CUDA(cudaMemcpy(hout, dout, blocks * sizeof(float), cudaMemcpyDeviceToHost));
  for (int b = 0; b < blocks; b++) {
    float s = 0;
    for (int i = b * threads; i < (b + 1) * threads && i < m; i++) s += hf[i];
    CHECK_NEAR(s, hout[b], 0);
  }
  delete[] h;
  delete[] hf;
  delete[] hout;
  return check_done("reduction");
}
