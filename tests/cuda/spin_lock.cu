// skip: webgpu: a spin lock needs independent thread scheduling (Volta+); WebGPU does not promise forward progress to lanes of a diverged subgroup, so the lock loop never ends (docs/webgpu.md)
// spin_lock: a lock taken with atomicCAS by every thread of every block,
// released with atomicExch; correct only with independent thread
// scheduling, which CUDA has had since Volta.
#include "check.h"

// A spin lock taken by every thread of every block (independent thread
// scheduling makes this work on a GPU since Volta); the critical section
// does a read-modify-write in a loop that must not be split from it.
__global__ void locked(int *lock, int *data, int rounds) {
  int t = threadIdx.x;
  while (atomicCAS(lock, 0, 1) != 0) {
  }
  __threadfence();
  volatile int *d = data;  // not cached in a (non-coherent) L1 on a GPU
  for (int r = 0; r < rounds; r++) d[r] = d[r] + t + 1;
  __threadfence();
  atomicExch(lock, 0);
}

int main() {
  int *dlock, *ddata, hdata[4] = {0, 0, 0, 0};
  CHECK_CUDA(cudaMalloc(&dlock, sizeof(int)));
  CHECK_CUDA(cudaMalloc(&ddata, sizeof hdata));
  CHECK_CUDA(cudaMemset(dlock, 0, sizeof(int)));
  CHECK_CUDA(cudaMemset(ddata, 0, sizeof hdata));
  locked<<<8, 64>>>(dlock, ddata, 4);
  CHECK_CUDA(cudaMemcpy(hdata, ddata, sizeof hdata, cudaMemcpyDeviceToHost));
  for (int r = 0; r < 4; r++) CHECK(8 * 64 * 65 / 2, hdata[r]);
  return check_done("spin_lock");
}
