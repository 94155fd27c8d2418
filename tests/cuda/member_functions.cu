// member_functions: structs with __device__ member functions (const and
// not), `this`, implicit member access, calls between members, static
// member functions, `const T &` parameters, access specifiers, and a
// __host__ __device__ member used from both sides.
#include "check.h"

struct Vec2 {
  float x, y;
  __host__ __device__ float dot(const Vec2 &o) const { return x * o.x + y * o.y; }
  __device__ float len2() const { return dot(*this); }
  __device__ void scale(float s) { x *= s; this->y *= s; }
  static __device__ int twice(int v) { return 2 * v; }
};

class Counter {
 public:
  __device__ void bump(int by) { count += by; hits++; }
  __device__ int total() const { return count * 100 + hits; }
  int count, hits;
};

__global__ void kernel(float *fout, int *iout) {
  int i = threadIdx.x;
  Vec2 v;
  v.x = i;
  v.y = 1;
  Vec2 w = v;
  w.scale(2);
  fout[i * 2] = v.len2();
  fout[i * 2 + 1] = w.dot(v);
  Counter c;
  c.count = 0;
  c.hits = 0;
  Counter *pc = &c;
  for (int k = 0; k <= i; k++) pc->bump(k);
  iout[i] = c.total() + Vec2::twice(0);
}

int main() {
  const int n = 16;
  float hf[2 * n];
  int hi[n];
  float *df;
  int *di;
  CHECK_CUDA(cudaMalloc(&df, sizeof hf));
  CHECK_CUDA(cudaMalloc(&di, sizeof hi));
  kernel<<<1, n>>>(df, di);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(hf, df, sizeof hf, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hi, di, sizeof hi, cudaMemcpyDeviceToHost));
  Vec2 h = {3, 4};
  CHECK_NEAR(25, h.dot(h), 0);
  for (int i = 0; i < n; i++) {
    CHECK_NEAR(i * i + 1.0, hf[i * 2], 0);
    CHECK_NEAR(2.0 * (i * i + 1), hf[i * 2 + 1], 0);
    CHECK(i * (i + 1) / 2 * 100 + i + 1, hi[i]);
  }
  cudaFree(df);
  cudaFree(di);
  return check_done("member_functions");
}
