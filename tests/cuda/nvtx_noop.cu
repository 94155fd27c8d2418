// nvtx_noop: <nvtx3/nvToolsExt.h> is there and its range and mark calls do
// nothing (no profiler), as cudaGraphsPerfScaling uses them.
#include <nvtx3/nvToolsExt.h>
#include "check.h"

__global__ void one(int *p) { *p = 1; }

int main() {
  int h = 0, *d;
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  nvtxRangePushA("launch");
  nvtxMarkA("mark");
  one<<<1, 1>>>(d);
  nvtxRangePop();
  nvtxRangeEnd(nvtxRangeStartA("copy"));
  CHECK_CUDA(cudaMemcpy(&h, d, sizeof h, cudaMemcpyDeviceToHost));
  CHECK(1, h);
  return check_done("nvtx_noop");
}
