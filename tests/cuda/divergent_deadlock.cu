// divergent_deadlock: threads that wait at barriers that can never
// complete (lanes 0..15 at a full-mask __shfl_sync, lanes 16..31 at
// __syncthreads(): each waits for the other) fail the launch with
// cudaErrorLaunchFailure and a message naming the kernel and both
// barriers' lines (stderr), never a hang.
// skip: webgpu: threads of divergent arms cannot meet at a WGSL barrier
// skip: cuda: a real GPU hangs here
#include "check.h"

__global__ void stuck(int *out) {
  int t = threadIdx.x, v = t;
  if (t < 16) v = __shfl_sync(0xffffffffu, v, t + 16);
  else __syncthreads();
  out[t] = v;
}

int main() {
  int *d;
  CHECK_CUDA(cudaMalloc(&d, 32 * sizeof(int)));
  stuck<<<4, 32>>>(d);
  CHECK(cudaErrorLaunchFailure, cudaDeviceSynchronize());
  return check_done("divergent_deadlock");
}
