// limits_device: the <limits.h> constants are visible in device code
// without an include, as with nvcc (whose driver_types.h includes it);
// segmentationTreeThrust uses UINT_MAX so.
#include "check.h"

__global__ void lim(unsigned *u, int *i) {
  u[0] = UINT_MAX;
  i[0] = INT_MAX;
  i[1] = INT_MIN;
  i[2] = CHAR_BIT;
}

int main() {
  unsigned hu, *du;
  int hi[3], *di;
  CHECK_CUDA(cudaMalloc(&du, sizeof hu));
  CHECK_CUDA(cudaMalloc(&di, sizeof hi));
  lim<<<1, 1>>>(du, di);
  CHECK_CUDA(cudaMemcpy(&hu, du, sizeof hu, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hi, di, sizeof hi, cudaMemcpyDeviceToHost));
  CHECK(4294967295u, hu);
  CHECK(2147483647, hi[0]);
  CHECK(-2147483647 - 1, hi[1]);
  CHECK(8, hi[2]);
  return check_done("limits_device");
}
