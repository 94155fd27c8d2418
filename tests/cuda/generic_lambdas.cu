// generic_lambdas: lambdas with `auto` parameters called with several
// argument types (one operator() per type list), with by-copy and
// by-reference captures, `const auto &` parameters, passed to a function
// template that calls them, a generic lambda with if constexpr on its
// deduced type, and abbreviated function templates (auto parameters of
// __device__ functions, auto return type).
#include "check.h"

template <class F, class T> __device__ T apply_twice(F f, T x) { return f(f(x)); }

__device__ auto add3(auto a, auto b, auto c) { return a + b + c; }
__device__ auto square_ref(const auto &v) { return v * v; }

__global__ void kernel(const float *in, float *fout, int *iout) {
  int i = threadIdx.x;
  float x = in[i];
  auto add = [](auto a, auto b) { return a + b; };
  fout[i * 5 + 0] = add(x, 0.5f);      // (float, float)
  iout[i * 5 + 0] = add(i, 10);        // (int, int)
  fout[i * 5 + 1] = add(x, i);         // (float, int): float
  int scale = 3;
  auto scaled = [scale](const auto &v) { return v * scale; };
  iout[i * 5 + 1] = scaled(i);
  fout[i * 5 + 2] = scaled(x);
  int total = 0;
  auto accumulate = [&total](auto v) { total += (int)v; };
  accumulate(i);
  accumulate(2.5f);
  iout[i * 5 + 2] = total;
  iout[i * 5 + 3] = apply_twice([](auto v) { return v * 2; }, i);
  auto kind = [](auto v) {
    if constexpr (sizeof(v) == 4) return 4;
    else return 1;
  };
  iout[i * 5 + 4] = kind(i) * 10 + kind((char)i);
  fout[i * 5 + 3] = add3(x, 1, 2.0f);
  fout[i * 5 + 4] = square_ref(x) + square_ref(i);
}

int main() {
  const int n = 32;
  float hin[n], hf[5 * n];
  int hi[5 * n];
  for (int i = 0; i < n; i++) hin[i] = i * 0.25f;
  float *din, *df;
  int *di;
  CHECK_CUDA(cudaMalloc(&din, sizeof hin));
  CHECK_CUDA(cudaMalloc(&df, sizeof hf));
  CHECK_CUDA(cudaMalloc(&di, sizeof hi));
  CHECK_CUDA(cudaMemcpy(din, hin, sizeof hin, cudaMemcpyHostToDevice));
  kernel<<<1, n>>>(din, df, di);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(hf, df, sizeof hf, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hi, di, sizeof hi, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    float x = hin[i];
    CHECK_NEAR(x + 0.5f, hf[i * 5 + 0], 0);
    CHECK(i + 10, hi[i * 5 + 0]);
    CHECK_NEAR(x + i, hf[i * 5 + 1], 0);
    CHECK(i * 3, hi[i * 5 + 1]);
    CHECK_NEAR(x * 3, hf[i * 5 + 2], 0);
    CHECK(i + 2, hi[i * 5 + 2]);
    CHECK(i * 4, hi[i * 5 + 3]);
    CHECK(41, hi[i * 5 + 4]);
    CHECK_NEAR(x + 3, hf[i * 5 + 3], 0);
    CHECK_NEAR(x * x + i * i, hf[i * 5 + 4], 0);
  }
  return check_done("generic_lambdas");
}
