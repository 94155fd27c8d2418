// Device code sees the runtime's enumerations with CUDA's values (the
// device and host headers share one table, include/cuwa/cuda_errors.def).
#include "check.h"

__global__ void codes(int *out) {
  out[0] = cudaSuccess;
  out[1] = cudaErrorInvalidValue;
  out[2] = cudaErrorAssert;
  out[3] = cudaErrorUnknown;
  out[4] = cudaMemcpyDeviceToHost;
}

int main() {
  int *d, h[5] = {-1, -1, -1, -1, -1};
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  codes<<<1, 1>>>(d);
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(0, h[0]);
  CHECK(1, h[1]);
  CHECK(710, h[2]);
  CHECK(999, h[3]);
  CHECK(2, h[4]);
  CHECK_CUDA(cudaFree(d));
  return check_done("runtime_enums_in_device_code");
}
