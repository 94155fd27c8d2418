// range_for: range-based for loops over fixed-size arrays (local,
// __shared__, struct members, arrays of structs): by value, auto, const
// auto &, auto & (writing through it), and nested loops.
#include "check.h"

struct Poly {
  float c[4];
};

__global__ void kernel(int *out, float *fout) {
  int i = threadIdx.x;
  int a[5];
  for (int k = 0; k < 5; k++) a[k] = k + 1;
  int s = 0;
  for (int v : a) s += v;
  for (auto v : a) s += v * 10;
  for (const auto &v : a) s += v * 100;
  for (auto &v : a) v *= i;
  for (int v : a) s += v * 1000;
  out[i * 3] = s;
  __shared__ int sh[4];
  if (i == 0)
    for (auto &x : sh) x = 7;
  __syncthreads();
  int t = 0;
  for (const int &x : sh) t += x;
  int grid[2][3];
  for (int k = 0; k < 6; k++) grid[k / 3][k % 3] = k + 1;
  for (auto &row : grid)
    for (int v : row) t += v * 100;
  out[i * 3 + 1] = t;
  Poly p;
  p.c[0] = 1.0f;
  p.c[1] = 2.0f;
  p.c[2] = 0.5f;
  p.c[3] = 0.25f;
  float acc = 0;
  for (float c : p.c) acc = acc * (float)i + c;
  fout[i] = acc;
  int n = 0;
  for (int v : a) {
    if (v == 2 * i) continue;
    if (v > 3 * i) break;
    n++;
  }
  out[i * 3 + 2] = n;
}

int main() {
  const int n = 4;
  int hout[n * 3];
  float hf[n];
  int *dout;
  float *df;
  CHECK_CUDA(cudaMalloc(&dout, sizeof hout));
  CHECK_CUDA(cudaMalloc(&df, sizeof hf));
  kernel<<<1, n>>>(dout, df);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(hout, dout, sizeof hout, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hf, df, sizeof hf, cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) {
    CHECK(15 + 150 + 1500 + 15000 * i, hout[i * 3]);
    CHECK(28 + 2100, hout[i * 3 + 1]);
    float x = (float)i, want = ((1.0f * x + 2.0f) * x + 0.5f) * x + 0.25f;
    CHECK_NEAR(want, hf[i], 1e-5);
    int cnt = 0;
    for (int k = 0; k < 5; k++) {
      int v = (k + 1) * i;
      if (v == 2 * i) continue;
      if (v > 3 * i) break;
      cnt++;
    }
    CHECK(cnt, hout[i * 3 + 2]);
  }
  cudaFree(dout);
  cudaFree(df);
  return check_done("range_for");
}
