// assert: a failing device assert makes the next synchronizing call return
// cudaErrorAssert (710), and the error is sticky: later calls return it
// too, although cudaGetLastError clears the last-error slot itself (as
// measured on an H100, CUDA 13.0). A passing assert changes nothing. CUDA
// prints each failed assertion to stderr as "assert.cu:14: void
// check_below(const int *, int): block: [0,0,0], thread: [3,0,0] Assertion
// `x < limit` failed."; only the error codes are checked here.
#include <assert.h>
#include <string.h>
#include "check.h"

__global__ void check_below(const int *v, int limit) {
  int x = v[threadIdx.x];
  assert(x < limit);
}

int main() {
  int h[8] = {0, 1, 2, 3, 4, 5, 6, 7}, *d;
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  CHECK_CUDA(cudaMemcpy(d, h, sizeof h, cudaMemcpyHostToDevice));
  check_below<<<1, 8>>>(d, 100);
  CHECK(cudaSuccess, cudaGetLastError());
  CHECK(cudaSuccess, cudaDeviceSynchronize());

  check_below<<<1, 8>>>(d, 3);
  CHECK(cudaSuccess, cudaGetLastError());  // the launch itself is valid
  CHECK(cudaErrorAssert, cudaDeviceSynchronize());
  CHECK(710, (int)cudaErrorAssert);
  CHECK(cudaErrorAssert, cudaPeekAtLastError());
  CHECK(cudaErrorAssert, cudaGetLastError());
  CHECK(cudaSuccess, cudaPeekAtLastError());
  CHECK(cudaErrorAssert, cudaDeviceSynchronize());
  int *d2 = NULL;
  CHECK(cudaErrorAssert, cudaMalloc(&d2, 16));
  CHECK(cudaErrorAssert, cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  check_below<<<1, 1>>>(d, 100);
  CHECK(cudaErrorAssert, cudaGetLastError());
  const char *msg = cudaGetErrorString(cudaErrorAssert);
  CHECK(0, strcmp(msg, "device-side assert triggered"));
  return check_done("assert");
}
