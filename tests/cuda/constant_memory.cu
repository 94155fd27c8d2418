// constant_memory: __constant__ arrays and scalars, initialized in the
// source and written with cudaMemcpyToSymbol (whole, and at an offset),
// read back with cudaMemcpyFromSymbol; a kernel evaluates a polynomial
// whose coefficients live in constant memory.
#include "check.h"

#define DEGREE 8
__constant__ float coeffs[DEGREE];
__constant__ int bias = 5;
__constant__ int table[4] = {10, 20, 30, 40};

__global__ void poly(const float *x, float *y, int *z, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i >= n) return;
  float acc = 0.0f;
  for (int k = DEGREE - 1; k >= 0; k--) acc = acc * x[i] + coeffs[k];
  y[i] = acc;
  z[i] = table[i % 4] + bias;
}

int main() {
  const int n = 200;
  float hc[DEGREE], hx[n], hy[n];
  int hz[n];
  for (int k = 0; k < DEGREE; k++) hc[k] = 0.5f * (k + 1) * (k % 2 ? -1 : 1);
  for (int i = 0; i < n; i++) hx[i] = -1.0f + i / 100.0f;
  CHECK_CUDA(cudaMemcpyToSymbol(coeffs, hc, sizeof hc));
  int new_tail[2] = {300, 400};
  CHECK_CUDA(cudaMemcpyToSymbol(table, new_tail, sizeof new_tail, 2 * sizeof(int)));
  float *dx, *dy;
  int *dz;
  CHECK_CUDA(cudaMalloc(&dx, sizeof hx));
  CHECK_CUDA(cudaMalloc(&dy, sizeof hy));
  CHECK_CUDA(cudaMalloc(&dz, sizeof hz));
  CHECK_CUDA(cudaMemcpy(dx, hx, sizeof hx, cudaMemcpyHostToDevice));
  poly<<<(n + 63) / 64, 64>>>(dx, dy, dz, n);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(hy, dy, sizeof hy, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hz, dz, sizeof hz, cudaMemcpyDeviceToHost));
  int expect_table[4] = {10, 20, 300, 400};
  for (int i = 0; i < n; i++) {
    double acc = 0.0;
    for (int k = DEGREE - 1; k >= 0; k--) acc = acc * hx[i] + hc[k];
    CHECK_NEAR(acc, hy[i], 1e-5 * (1.0 + fabs(acc)));
    CHECK(expect_table[i % 4] + 5, hz[i]);
  }
  int back[4], b = 0;
  float cback[DEGREE];
  CHECK_CUDA(cudaMemcpyFromSymbol(back, table, sizeof back));
  CHECK_CUDA(cudaMemcpyFromSymbol(&b, bias, sizeof b));
  CHECK_CUDA(cudaMemcpyFromSymbol(cback, coeffs, sizeof cback));
  for (int k = 0; k < 4; k++) CHECK(expect_table[k], back[k]);
  CHECK(5, b);
  for (int k = 0; k < DEGREE; k++) CHECK_NEAR(hc[k], cback[k], 0.0);
  cudaFree(dx); cudaFree(dy); cudaFree(dz);
  return check_done("constant_memory");
}
