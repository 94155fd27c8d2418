// multi/a.cu: half of a program built from two .cu files (compiled with -c
// and linked). Both files define a static kernel `fill` and a static
// __device__ variable `counter` of their own; `scale` is defined here and
// launched from b.cu through its prototype; launch_fill_a is host code.
#include "multi.h"

static __device__ int counter;

static __global__ void fill(int *p, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) p[i] = 1000 + i;
  if (i == 0) counter += 1;
}

__global__ void scale(int *p, int n, int factor) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) p[i] *= factor;
}

void launch_fill_a(int *p, int n) { fill<<<(n + 63) / 64, 64>>>(p, n); }

int read_counter_a(void) {
  int v = -1;
  cudaMemcpyFromSymbol(&v, counter, sizeof v);
  return v;
}
