// lambdas: captures by copy ([=], [x]) and by reference ([&], [&y],
// [=, &y]), [this] in a member function, parameters with deduced or
// trailing return types, mutable, stored in auto, called directly, passed
// to function templates, and the extended __device__ lambda syntax.
#include "check.h"

template <class F> __device__ void each(int n, F f) {
  for (int k = 0; k < n; k++) f(k);
}

template <class F> __device__ int apply_twice(F f, int x) { return f(f(x)); }

struct Pair {
  int a, b;
  __device__ int sum() const { return a + b; }
};

struct Scaler {
  int factor;
  int offset;
  __device__ int run(int v) {
    auto g = [this](int a) { return a * factor + this->offset; };
    auto h = [=](int a) { return g(a) + factor; };
    return h(v);
  }
};

__global__ void kernel(int *out, float *fout) {
  int i = threadIdx.x;
  int base = 10 * i;
  auto add = [base](int x) { return x + base; };
  out[i * 10 + 0] = add(3);
  int sum = 0;
  auto acc = [&sum](int x) { sum += x; };
  acc(i);
  acc(5);
  out[i * 10 + 1] = sum;
  int total = 0;
  each(4, [&](int k) { total += k * i; });
  out[i * 10 + 2] = total;
  out[i * 10 + 3] = apply_twice([=](int x) { return x * 2 + i; }, 1);
  float scale = 0.5f;
  auto f = [=](float v) -> float { return v * scale; };
  fout[i] = f((float)i);
  int calls = 0;
  auto counter = [=]() mutable { return ++calls; };
  counter();
  out[i * 10 + 4] = counter() * 100 + calls;  // the copy changed, calls did not
  int y = 1;
  auto mixed = [=, &y](int v) { y = v + base; };
  mixed(7);
  out[i * 10 + 5] = y;
  out[i * 10 + 6] = [](int a, int b) { return a * b; }(i, 3);
  Scaler s = {3, i};
  out[i * 10 + 7] = s.run(2);
  auto dev = [=] __device__(int v) { return v - base; };
  out[i * 10 + 8] = dev(100);
  auto nested = [&](int v) {
    auto inner = [&](int w) { return w + sum; };
    return inner(v) * 2;
  };
  out[i * 10 + 9] = nested(1);
}

__global__ void kernel2(int *out) {
  int i = threadIdx.x;
  Pair pr = {i, 2};
  auto by_copy = [pr](int x) { return pr.sum() * x; };
  pr.a = 100;  // the copy is unaffected
  out[i * 3 + 0] = by_copy(3);
  auto by_ref = [&pr]() { pr.b = 7; };
  by_ref();
  out[i * 3 + 1] = pr.b;
  int hits = 0;
  each(i, [&hits, i](int k) {
    if (k % 2 == 0) hits += i;
  });
  out[i * 3 + 2] = hits;
}

int main() {
  const int n = 8;
  int h[10 * n];
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
    int sum = i + 5;
    CHECK(3 + 10 * i, h[i * 10 + 0]);
    CHECK(sum, h[i * 10 + 1]);
    CHECK(6 * i, h[i * 10 + 2]);
    CHECK((1 * 2 + i) * 2 + i, h[i * 10 + 3]);
    CHECK_NEAR(0.5f * i, hf[i], 0);
    CHECK(200, h[i * 10 + 4]);
    CHECK(7 + 10 * i, h[i * 10 + 5]);
    CHECK(3 * i, h[i * 10 + 6]);
    CHECK(2 * 3 + i + 3, h[i * 10 + 7]);
    CHECK(100 - 10 * i, h[i * 10 + 8]);
    CHECK((1 + sum) * 2, h[i * 10 + 9]);
  }
  int h2[3 * n];
  kernel2<<<1, n>>>(d);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h2, d, sizeof h2, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    CHECK((i + 2) * 3, h2[i * 3 + 0]);
    CHECK(7, h2[i * 3 + 1]);
    CHECK(((i + 1) / 2) * i, h2[i * 3 + 2]);
  }
  cudaFree(d);
  cudaFree(df);
  return check_done("lambdas");
}
