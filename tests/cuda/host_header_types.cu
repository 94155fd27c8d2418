// host_header_types: device code that uses uint64_t, int32_t, intptr_t,
// size_t and glibc's uint/ushort/ulong after including only host headers
// (<vector>, <iostream>, <algorithm>), which bring them in with g++, as
// they do for nvcc.
#include <algorithm>
#include <iostream>
#include <vector>
#include "check.h"

__global__ void kernel(uint64_t *out, int32_t *iout) {
  uint i = threadIdx.x;
  ushort s = (ushort)(i * 3);
  ulong l = (ulong)i << 20;
  size_t z = sizeof(int32_t) * i;
  intptr_t d = (intptr_t)(&out[i]) - (intptr_t)(&out[0]);
  uint32_t u = 0xffffffffu - i;
  out[i] = ((uint64_t)u << 32) | (uint64_t)(l + z + s);
  iout[i] = (int32_t)(d / (intptr_t)sizeof(uint64_t)) - (int32_t)i;
}

int main() {
  const int n = 8;
  std::vector<uint64_t> h(n);
  std::vector<int32_t> hi(n);
  uint64_t *d;
  int32_t *di;
  CHECK_CUDA(cudaMalloc(&d, n * sizeof(uint64_t)));
  CHECK_CUDA(cudaMalloc(&di, n * sizeof(int32_t)));
  kernel<<<1, n>>>(d, di);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h.data(), d, n * sizeof(uint64_t), cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hi.data(), di, n * sizeof(int32_t), cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    uint64_t want = ((uint64_t)(0xffffffffu - i) << 32) | (uint64_t)(((unsigned long)i << 20) + 4 * i + 3 * i);
    CHECK(want, h[i]);
    CHECK(0, hi[i]);
  }
  CHECK(1, *std::max_element(hi.begin(), hi.end()) == 0);
  cudaFree(d);
  cudaFree(di);
  return check_done("host_header_types");
}
