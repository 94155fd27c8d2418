// struct_by_value: structs passed to kernels and device functions by value
// (mixed member sizes and padding, nested structs, arrays inside structs),
// returned by value, and stored in global memory.
// skip: webgpu: double precision (test_wgsl: double)
#include "check.h"

struct Inner {
  char tag;
  double weight;
  short counts[3];
};

struct Params {
  int n;
  Inner inner;
  float scale;
  long long offset;
  unsigned char flags[5];
};

struct Pair {
  int lo, hi;
};

__device__ Pair make_pair(int a, int b) {
  Pair p;
  p.lo = a < b ? a : b;
  p.hi = a < b ? b : a;
  return p;
}

__device__ long long weigh(Inner in, int i) {
  return (long long)(in.weight * i) + in.tag + in.counts[i % 3];
}

__global__ void apply(Params p, const Pair *in, Pair *out, long long *vals) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= p.n) return;
  Pair q = in[i];
  out[i] = make_pair(q.hi * (int)p.scale, q.lo + p.flags[i % 5]);
  vals[i] = weigh(p.inner, i) + p.offset;
}

int main() {
  const int n = 77;
  Params p;
  p.n = n;
  p.inner.tag = -3;
  p.inner.weight = 2.5;
  p.inner.counts[0] = 10; p.inner.counts[1] = -20; p.inner.counts[2] = 30;
  p.scale = 3.0f;
  p.offset = 1LL << 40;
  for (int k = 0; k < 5; k++) p.flags[k] = (unsigned char)(250 + k);
  Pair hin[n], hout[n];
  long long hvals[n];
  for (int i = 0; i < n; i++) { hin[i].lo = i; hin[i].hi = 100 - 2 * i; }
  Pair *din, *dout;
  long long *dvals;
  CHECK_CUDA(cudaMalloc(&din, sizeof hin));
  CHECK_CUDA(cudaMalloc(&dout, sizeof hout));
  CHECK_CUDA(cudaMalloc(&dvals, sizeof hvals));
  CHECK_CUDA(cudaMemcpy(din, hin, sizeof hin, cudaMemcpyHostToDevice));
  apply<<<3, 32>>>(p, din, dout, dvals);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(hout, dout, sizeof hout, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hvals, dvals, sizeof hvals, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    int a = (100 - 2 * i) * 3, b = i + 250 + i % 5;
    CHECK(a < b ? a : b, hout[i].lo);
    CHECK(a < b ? b : a, hout[i].hi);
    long long w = (long long)(2.5 * i) - 3 + p.inner.counts[i % 3] + (1LL << 40);
    CHECK(w, hvals[i]);
  }
  cudaFree(din); cudaFree(dout); cudaFree(dvals);
  return check_done("struct_by_value");
}
