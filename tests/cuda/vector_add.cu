// vector_add: the classic first kernel, with a grid that is not a multiple
// of the block size (bounds check) and a result checked element by element.
#include "check.h"

__global__ void vector_add(const float *a, const float *b, float *c, int n) {
  int i = blockIdx.x * blockDim.x + threadIdx.x;
  if (i < n) c[i] = a[i] + b[i];
}

int main() {
  const int n = 1000;
  float ha[n], hb[n], hc[n];
  for (int i = 0; i < n; i++) {
    ha[i] = (float)i;
    hb[i] = 2.0f * i + 0.5f;
    hc[i] = -1.0f;
  }
  float *da, *db, *dc;
  CHECK_CUDA(cudaMalloc(&da, n * sizeof(float)));
  CHECK_CUDA(cudaMalloc(&db, n * sizeof(float)));
  CHECK_CUDA(cudaMalloc(&dc, n * sizeof(float)));
  CHECK_CUDA(cudaMemcpy(da, ha, n * sizeof(float), cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(db, hb, n * sizeof(float), cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemset(dc, 0, n * sizeof(float)));
  int threads = 256, blocks = (n + threads - 1) / threads;
  vector_add<<<blocks, threads>>>(da, db, dc, n);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK_CUDA(cudaMemcpy(hc, dc, n * sizeof(float), cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) CHECK_NEAR(3.0f * i + 0.5f, hc[i], 0.0);
  CHECK_CUDA(cudaFree(da));
  CHECK_CUDA(cudaFree(db));
  CHECK_CUDA(cudaFree(dc));
  return check_done("vector_add");
}
