// asm_lone_percent: a special register written with one '%' in an asm
// string ("mov.u32 %0, %laneid;"), as nvcc accepts and cudaGraphsPerfScaling
// uses for %globaltimer, reads the same as the '%%' spelling.
#include "check.h"

#define NT 64

__global__ void lanes(unsigned *out) {
  unsigned a, b, t;
  asm("mov.u32 %0, %laneid;" : "=r"(a));
  asm("mov.u32 %0, %%laneid;" : "=r"(b));
  asm volatile("mov.u32 %0, %tid.x;" : "=r"(t));
  out[threadIdx.x] = a * 10000 + b * 100 + (t == threadIdx.x);
}

int main() {
  unsigned h[NT], *d;
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  lanes<<<1, NT>>>(d);
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int i = 0; i < NT; i++) CHECK((i % 32) * 10000 + (i % 32) * 100 + 1, h[i]);
  CHECK_CUDA(cudaFree(d));
  return check_done("asm_lone_percent");
}
