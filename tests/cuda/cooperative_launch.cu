// cooperative_launch: cudaLaunchCooperativeKernel runs every block at
// once, so blocks can wait for each other: a grid-wide barrier written
// with atomics (with a timeout, so a failure is reported, not a hang)
// separates two phases; the grid limit is the occupancy times the
// multiprocessors (cudaErrorCooperativeLaunchTooLarge beyond it), as in
// CUDA; cudaDevAttrCooperativeLaunch says the device supports it.
// skip: webgpu: no cooperative launches (WebGPU gives no forward-progress guarantee across workgroups)
#include "check.h"

#define TIMEOUT 2000000000LL

__global__ void two_phases(int *data, int *arrived, int *ok) {
  int b = blockIdx.x, t = threadIdx.x, n = blockDim.x;
  data[b * n + t] = b + 1; // phase 1: each block writes its slice
  __syncthreads();
  if (t == 0) { // grid barrier: every block arrives, then all go on
    __threadfence();
    atomicAdd(arrived, 1);
    long long start = clock64();
    while (atomicAdd(arrived, 0) < (int)gridDim.x && clock64() - start < TIMEOUT) {
    }
  }
  __syncthreads();
  // phase 2: read the next block's slice, written before the barrier
  int next = (b + 1) % gridDim.x;
  if (data[next * n + t] != next + 1) atomicExch(ok, 0);
}

int main() {
  int coop = 0, sms = 0, per_sm = 0;
  CHECK_CUDA(cudaDeviceGetAttribute(&coop, cudaDevAttrCooperativeLaunch, 0));
  CHECK(1, coop);
  CHECK_CUDA(cudaDeviceGetAttribute(&sms, cudaDevAttrMultiProcessorCount, 0));
  const int threads = 64;
  CHECK_CUDA(cudaOccupancyMaxActiveBlocksPerMultiprocessor(&per_sm, two_phases, threads, 0));
  CHECK(1, per_sm >= 1);
  int blocks = per_sm * sms;
  if (blocks > 16) blocks = 16;
  int *data, *arrived, *ok, h = 0;
  CHECK_CUDA(cudaMalloc(&data, blocks * threads * sizeof(int)));
  CHECK_CUDA(cudaMalloc(&arrived, sizeof(int)));
  CHECK_CUDA(cudaMalloc(&ok, sizeof(int)));
  for (int round = 0; round < 3; round++) {
    CHECK_CUDA(cudaMemset(data, 0, blocks * threads * sizeof(int)));
    CHECK_CUDA(cudaMemset(arrived, 0, sizeof(int)));
    h = 1;
    CHECK_CUDA(cudaMemcpy(ok, &h, sizeof h, cudaMemcpyHostToDevice));
    void *args[] = {&data, &arrived, &ok};
    CHECK_CUDA(cudaLaunchCooperativeKernel((void *)two_phases, dim3(blocks), dim3(threads),
                                           args, 0, 0));
    CHECK_CUDA(cudaDeviceSynchronize());
    CHECK_CUDA(cudaMemcpy(&h, ok, sizeof h, cudaMemcpyDeviceToHost));
    CHECK(1, h);
  }
  // more blocks than can be live at once
  void *args[] = {&data, &arrived, &ok};
  CHECK(cudaErrorCooperativeLaunchTooLarge,
        cudaLaunchCooperativeKernel((void *)two_phases, dim3(per_sm * sms + 1), dim3(threads),
                                    args, 0, 0));
  CHECK(cudaErrorCooperativeLaunchTooLarge, cudaGetLastError());
  CHECK(cudaErrorInvalidResourceHandle,
        cudaLaunchCooperativeKernel((void *)main, dim3(1), dim3(1), args, 0, 0));
  cudaGetLastError();
  cudaFree(data);
  cudaFree(arrived);
  cudaFree(ok);
  return check_done("cooperative_launch");
}
