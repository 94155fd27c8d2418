// constexpr_functions: constexpr functions without __device__ (free
// functions, templates and member functions) called from device code, as
// with nvcc --expt-relaxed-constexpr (clang makes them __host__
// __device__ implicitly, and so does cuwa).
#include "check.h"

constexpr int sq(int x) { return x * x; }
template <typename T>
constexpr T cube(T x) { return x * x * x; }
constexpr float lerp(float a, float b, float t) { return a + (b - a) * t; }

struct Box {
  int w, h;
  constexpr int area() const { return w * h; }
};

__global__ void kernel(int *out, float *fout) {
  int i = threadIdx.x;
  Box b = {i, 3};
  out[i] = sq(i) + cube(2) + b.area();
  fout[i] = lerp(0.0f, 10.0f, 0.25f * i);
}

int main() {
  const int n = 4;
  int h[n];
  float hf[n];
  int *d;
  float *df;
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  CHECK_CUDA(cudaMalloc(&df, sizeof hf));
  kernel<<<1, n>>>(d, df);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hf, df, sizeof hf, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    CHECK(sq(i) + 8 + 3 * i, h[i]);
    CHECK_NEAR(2.5f * i, hf[i], 1e-6);
  }
  cudaFree(d);
  cudaFree(df);
  return check_done("constexpr_functions");
}
