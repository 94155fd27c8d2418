// bad_launch: invalid launch configurations. As measured on an H100 with
// CUDA 13.0, each returns cudaErrorInvalidValue from cudaGetLastError, the
// kernel does not run, the error is not sticky (the next call to
// cudaGetLastError returns cudaSuccess) and the next valid launch works.
#include "check.h"

__global__ void mark(int *flag) { *flag += 1; }

static int read_flag(int *d) {
  int h = -1;
  CHECK_CUDA(cudaMemcpy(&h, d, sizeof h, cudaMemcpyDeviceToHost));
  return h;
}

int main() {
  int *flag;
  CHECK_CUDA(cudaMalloc(&flag, sizeof(int)));
  CHECK_CUDA(cudaMemset(flag, 0, sizeof(int)));
  struct { const char *what; dim3 grid, block; size_t shmem; } cases[] = {
      {"1025 threads per block", dim3(1), dim3(1025), 0},
      {"2048 threads per block", dim3(1), dim3(2048), 0},
      {"32x32x2 threads", dim3(1), dim3(32, 32, 2), 0},
      {"zero grid dimension", dim3(0), dim3(1), 0},
      {"zero block dimension", dim3(1), dim3(0), 0},
      {"zero grid y", dim3(1, 0), dim3(1), 0},
      {"blockDim.z = 128", dim3(1), dim3(1, 1, 128), 0},
      {"gridDim.y = 70000", dim3(1, 70000), dim3(1), 0},
      {"gridDim.z = 70000", dim3(1, 1, 70000), dim3(1), 0},
      {"1 MB of dynamic shared memory", dim3(1), dim3(1), 1 << 20},
  };
  int expected = 0;
  for (size_t c = 0; c < sizeof cases / sizeof cases[0]; c++) {
    mark<<<cases[c].grid, cases[c].block, cases[c].shmem>>>(flag);
    cudaError_t err = cudaGetLastError();
    if (err != cudaErrorInvalidValue) printf("case '%s': %s\n", cases[c].what, cudaGetErrorName(err));
    CHECK(cudaErrorInvalidValue, err);
    CHECK(cudaSuccess, cudaGetLastError());
    CHECK(expected, read_flag(flag));
    mark<<<1, 1>>>(flag);
    expected++;
    CHECK(cudaSuccess, cudaGetLastError());
    CHECK(cudaSuccess, cudaDeviceSynchronize());
    CHECK(expected, read_flag(flag));
  }
  // The limits themselves are valid.
  mark<<<dim3(1, 65535), dim3(1)>>>(flag);
  CHECK(cudaSuccess, cudaGetLastError());
  mark<<<dim3(1, 1, 65535), dim3(1)>>>(flag);
  CHECK(cudaSuccess, cudaGetLastError());
  mark<<<1, dim3(1, 1, 64)>>>(flag);
  CHECK(cudaSuccess, cudaGetLastError());
  mark<<<1, 1024>>>(flag);
  CHECK(cudaSuccess, cudaGetLastError());
  CHECK(cudaSuccess, cudaDeviceSynchronize());
  cudaFree(flag);
  return check_done("bad_launch");
}
