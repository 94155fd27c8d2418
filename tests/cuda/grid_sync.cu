// grid_sync: the grid-wide barrier under cudaLaunchCooperativeKernel
// (__cuwa_grid_sync, what cooperative_groups' grid_group::sync() calls):
// 64 blocks write phase 1, meet, then read other blocks' results; several
// barriers in a loop; a barrier in both arms of a divergent if before
// the grid barrier (one stack per thread); a launch that is not
// cooperative fails with cudaErrorAssert instead of hanging.
// skip: webgpu: no cooperative launches (WebGPU gives no forward-progress guarantee across workgroups)
// skip: cuda: __cuwa_grid_sync has no PTX form yet
#include "check.h"

#define T 64

__global__ void two_phases(int *data, int *out) {
  int b = blockIdx.x, t = threadIdx.x, n = gridDim.x;
  data[b * T + t] = b * 1000 + t;  // phase 1
  __cuwa_grid_sync();
  // phase 2: the mirror block's slice, and a sum over every block
  int mirror = n - 1 - b;
  int sum = 0;
  for (int k = 0; k < n; k++) sum += data[k * T + t];
  out[b * T + t] = data[mirror * T + (T - 1 - t)] + sum;
}

// A ring of rounds: each round every block adds its left neighbour's
// value from the round before (double-buffered).
__global__ void rounds(int *a, int *b, int count) {
  int blk = blockIdx.x, n = gridDim.x, t = threadIdx.x;
  for (int r = 0; r < count; r++) {
    int *src = r % 2 ? b : a, *dst = r % 2 ? a : b;
    dst[blk * T + t] = src[blk * T + t] + src[((blk + n - 1) % n) * T + t];
    __cuwa_grid_sync();
  }
}

// Threads split over both arms of an if, each with a __syncthreads();
// then the whole grid meets.
__global__ void arms_then_grid(const int *in, int *data, int *out) {
  __shared__ int s[T];
  int b = blockIdx.x, t = threadIdx.x;
  s[t] = in[b * T + t];
  if (in[b * T + t] % 2) {
    __syncthreads();
    data[b * T + t] = s[(t + 1) % T];
  } else {
    __syncthreads();
    data[b * T + t] = -s[(t + 1) % T];
  }
  __cuwa_grid_sync();
  out[b * T + t] = data[((b + 1) % gridDim.x) * T + t];
}

int main() {
  int per_sm = 0, sms = 0;
  CHECK_CUDA(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0));
  CHECK_CUDA(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, two_phases, T, 0));
  int n = per_sm * sms < 64 ? per_sm * sms : 64;  // 64 blocks where the device has room
  const int N = 64 * T;
  static int h[N], hin[N], ha[N], hb[N];
  int *data, *out, *a, *b, *in;
  CHECK_CUDA(cudaMalloc(&data, N * sizeof(int)));
  CHECK_CUDA(cudaMalloc(&out, N * sizeof(int)));
  CHECK_CUDA(cudaMalloc(&a, N * sizeof(int)));
  CHECK_CUDA(cudaMalloc(&b, N * sizeof(int)));
  CHECK_CUDA(cudaMalloc(&in, N * sizeof(int)));

  void *args1[] = {&data, &out};
  CHECK_CUDA(cudaLaunchCooperativeKernel((void *)two_phases, dim3(n), dim3(T), args1, 0, 0));
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK_CUDA(cudaMemcpy(h, out, n * T * sizeof(int), cudaMemcpyDeviceToHost));
  for (int blk = 0; blk < n; blk++)
    for (int t = 0; t < T; t++) {
      int sum = 0;
      for (int k = 0; k < n; k++) sum += k * 1000 + t;
      CHECK((n - 1 - blk) * 1000 + (T - 1 - t) + sum, h[blk * T + t]);
    }

  for (int i = 0; i < N; i++) ha[i] = i % 7;
  CHECK_CUDA(cudaMemcpy(a, ha, sizeof ha, cudaMemcpyHostToDevice));
  int count = 6;
  void *args2[] = {&a, &b, &count};
  CHECK_CUDA(cudaLaunchCooperativeKernel((void *)rounds, dim3(n), dim3(T), args2, 0, 0));
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK_CUDA(cudaMemcpy(h, count % 2 ? b : a, n * T * sizeof(int), cudaMemcpyDeviceToHost));
  for (int r = 0; r < count; r++) {
    for (int blk = 0; blk < n; blk++)
      for (int t = 0; t < T; t++) hb[blk * T + t] = ha[blk * T + t] + ha[((blk + n - 1) % n) * T + t];
    for (int i = 0; i < n * T; i++) ha[i] = hb[i];
  }
  for (int i = 0; i < n * T; i++) CHECK(ha[i], h[i]);

  for (int i = 0; i < N; i++) hin[i] = (i * 13 + 5) % 23;
  CHECK_CUDA(cudaMemcpy(in, hin, sizeof hin, cudaMemcpyHostToDevice));
  void *args3[] = {&in, &data, &out};
  CHECK_CUDA(cudaLaunchCooperativeKernel((void *)arms_then_grid, dim3(n), dim3(T), args3, 0, 0));
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK_CUDA(cudaMemcpy(h, out, n * T * sizeof(int), cudaMemcpyDeviceToHost));
  for (int blk = 0; blk < n; blk++)
    for (int t = 0; t < T; t++) {
      int nb = (blk + 1) % n, v = hin[nb * T + (t + 1) % T];
      CHECK(hin[nb * T + t] % 2 ? v : -v, h[blk * T + t]);
    }

  // not cooperative: grid.sync() cannot work; the launch fails
  two_phases<<<2, T>>>(data, out);
  CHECK(cudaErrorAssert, cudaDeviceSynchronize());

  cudaFree(data);
  cudaFree(out);
  cudaFree(a);
  cudaFree(b);
  cudaFree(in);
  return check_done("grid_sync");
}
