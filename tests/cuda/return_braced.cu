// return_braced: `return {...};` and `return {};` of aggregates (a struct,
// a vector type) from device functions and lambdas with a declared return
// type, as cuda-samples' shfl_scan writes them.
#include "check.h"

struct Span {
  int first, count;
};

__device__ Span span_of(int a, int b) {
  if (a == b) return {};       // value-initialized: {0, 0}
  if (a < b) return {a, b - a};
  return {b, a - b};
}

__global__ void spans(const int *a, const int *b, int *out, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  Span s = span_of(a[i], b[i]);
  auto widen = [&s](int k) -> const uint4 {
    if (k == 0) return {};
    return {(unsigned)s.first, (unsigned)s.count, (unsigned)k, 7u};
  };
  uint4 w = widen(i % 3);
  out[2 * i] = s.first * 1000 + s.count;
  out[2 * i + 1] = (int)(w.x + w.y + w.z + w.w);
}

int main() {
  const int n = 100;
  int ha[n], hb[n], hout[2 * n], *da, *db, *dout;
  for (int i = 0; i < n; i++) { ha[i] = (i * 7) % 13; hb[i] = (i * 5) % 11; }
  CHECK_CUDA(cudaMalloc(&da, sizeof ha));
  CHECK_CUDA(cudaMalloc(&db, sizeof hb));
  CHECK_CUDA(cudaMalloc(&dout, sizeof hout));
  CHECK_CUDA(cudaMemcpy(da, ha, sizeof ha, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(db, hb, sizeof hb, cudaMemcpyHostToDevice));
  spans<<<4, 32>>>(da, db, dout, n);
  CHECK_CUDA(cudaMemcpy(hout, dout, sizeof hout, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    int a = ha[i], b = hb[i];
    int first = a == b ? 0 : a < b ? a : b, count = a == b ? 0 : a < b ? b - a : a - b;
    CHECK(first * 1000 + count, hout[2 * i]);
    int k = i % 3;
    CHECK(k == 0 ? 0 : first + count + k + 7, hout[2 * i + 1]);
  }
  cudaFree(da); cudaFree(db); cudaFree(dout);
  return check_done("return_braced");
}
