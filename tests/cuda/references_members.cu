// references_members: a struct with a reference member (stored as a
// pointer) and a reference to an element of a local array returned by a
// function: both write through to the referenced object.
#include "check.h"

struct Ref {
  int &target;
};

__device__ int &pick(int *arr, int i) { return arr[i]; }

__global__ void kernel(int *out) {
  int i = threadIdx.x;
  int x = 0;
  Ref ref = {x};
  ref.target = 1000 + i;
  int arr[3] = {1, 2, 3};
  pick(arr, 1) = 10 * i;
  out[i * 2] = x;
  out[i * 2 + 1] = arr[1];
}

int main() {
  const int n = 8;
  int h[2 * n];
  int *d;
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  kernel<<<1, n>>>(d);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    CHECK(1000 + i, h[i * 2]);
    CHECK(10 * i, h[i * 2 + 1]);
  }
  cudaFree(d);
  return check_done("references_members");
}
