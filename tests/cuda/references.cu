// references: T& and const T& parameters (aliasing is observable), a
// reference return type, local reference variables, const T& bound to an
// rvalue (a temporary), references to struct members and array elements,
// and a reference parameter of a function template. Reference members:
// references_members.cu.
#include "check.h"

struct Acc {
  int sum;
  int count;
};

__device__ void inc(int &x) { x++; }
__device__ void add_to(Acc &a, const int &v) { a.sum += v; a.count++; }
__device__ int &pick(int *arr, int i) { return arr[i]; }
__device__ float read_twice(const float &f, float *src) {
  float before = f;
  *src = 100.0f;           /* f aliases *src: the change is visible */
  return before + f;
}
__device__ int plus_one(const int &v) { return v + 1; }
template <class T> __device__ void swap_vals(T &a, T &b) { T t = a; a = b; b = t; }

__global__ void kernel(int *out, float *fout) {
  int i = threadIdx.x;
  int x = i;
  inc(x);
  inc(x);
  Acc acc;
  acc.sum = 0;
  acc.count = 0;
  for (int k = 0; k < 4; k++) add_to(acc, k * i);
  __shared__ int sh[3 * 64];
  int *arr = sh + 3 * i;
  arr[1] = 0;
  arr[2] = 3;
  pick(out + 8 * blockDim.x, i) = 10 * i;
  int &r = arr[2];
  r += 5;
  int &rr = r;
  rr *= 2;
  float f = 1.5f;
  float g = read_twice(f, &f);
  int a = i, b = 7;
  swap_vals(a, b);
  int &alias = x;
  alias = 1000 + i;
  int &m = acc.count;
  m++;
  out[i * 8 + 0] = x;
  out[i * 8 + 1] = acc.sum;
  out[i * 8 + 2] = acc.count;
  out[i * 8 + 3] = out[8 * blockDim.x + i] + arr[1];
  out[i * 8 + 4] = arr[2];
  out[i * 8 + 5] = plus_one(i * 3);  /* const int & bound to a temporary */
  out[i * 8 + 6] = a * 100 + b;
  out[i * 8 + 7] = x;
  fout[i] = g;
}

int main() {
  const int n = 8;
  int h[9 * n];
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
    CHECK(1000 + i, h[i * 8 + 0]);
    CHECK(6 * i, h[i * 8 + 1]);
    CHECK(5, h[i * 8 + 2]);
    CHECK(10 * i, h[i * 8 + 3]);
    CHECK(16, h[i * 8 + 4]);
    CHECK(3 * i + 1, h[i * 8 + 5]);
    CHECK(700 + i, h[i * 8 + 6]);
    CHECK(1000 + i, h[i * 8 + 7]);
    CHECK_NEAR(101.5, hf[i], 0);
  }
  cudaFree(d);
  cudaFree(df);
  return check_done("references");
}
