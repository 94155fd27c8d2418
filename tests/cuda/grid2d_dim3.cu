// grid2d_dim3: a 2D grid of 2D blocks (dim3) adds two row-major matrices
// whose sizes are not multiples of the block; a second kernel records the
// built-in variables (gridDim, blockDim, blockIdx, threadIdx) of a 3D launch.
#include "check.h"

__global__ void matrix_add(const int *a, const int *b, int *c, int rows, int cols) {
  int col = blockIdx.x * blockDim.x + threadIdx.x;
  int row = blockIdx.y * blockDim.y + threadIdx.y;
  if (row < rows && col < cols) c[row * cols + col] = a[row * cols + col] + b[row * cols + col];
}

// One slot per thread of the whole 3D grid; each thread writes its indices.
__global__ void record_builtins(int *out) {
  int bx = blockIdx.x, by = blockIdx.y, bz = blockIdx.z;
  int block = (bz * gridDim.y + by) * gridDim.x + bx;
  int thread = (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
  int threads = blockDim.x * blockDim.y * blockDim.z;
  int *slot = out + 10 * (block * threads + thread);
  slot[0] = gridDim.x; slot[1] = gridDim.y; slot[2] = gridDim.z;
  slot[3] = blockDim.x; slot[4] = blockDim.y; slot[5] = blockDim.z;
  slot[6] = bx * 10000 + by * 100 + bz;
  slot[7] = threadIdx.x; slot[8] = threadIdx.y; slot[9] = threadIdx.z;
}

int main() {
  const int rows = 37, cols = 53, n = rows * cols;
  int *ha = (int *)malloc(n * sizeof(int)), *hb = (int *)malloc(n * sizeof(int));
  int *hc = (int *)malloc(n * sizeof(int));
  for (int i = 0; i < n; i++) { ha[i] = i * 3; hb[i] = 7 - i; }
  int *da, *db, *dc;
  CHECK_CUDA(cudaMalloc(&da, n * sizeof(int)));
  CHECK_CUDA(cudaMalloc(&db, n * sizeof(int)));
  CHECK_CUDA(cudaMalloc(&dc, n * sizeof(int)));
  CHECK_CUDA(cudaMemcpy(da, ha, n * sizeof(int), cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(db, hb, n * sizeof(int), cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemset(dc, 0xff, n * sizeof(int)));
  dim3 block(16, 8);
  dim3 grid((cols + block.x - 1) / block.x, (rows + block.y - 1) / block.y);
  matrix_add<<<grid, block>>>(da, db, dc, rows, cols);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(hc, dc, n * sizeof(int), cudaMemcpyDeviceToHost));
  for (int i = 0; i < n; i++) CHECK(2 * i + 7, hc[i]);

  dim3 g3(3, 2, 2), b3(4, 3, 2);
  int threads = g3.x * g3.y * g3.z * b3.x * b3.y * b3.z;
  int *dout, *hout = (int *)malloc(threads * 10 * sizeof(int));
  CHECK_CUDA(cudaMalloc(&dout, threads * 10 * sizeof(int)));
  record_builtins<<<g3, b3>>>(dout);
  CHECK_CUDA(cudaDeviceSynchronize());
  CHECK_CUDA(cudaMemcpy(hout, dout, threads * 10 * sizeof(int), cudaMemcpyDeviceToHost));
  int k = 0;
  for (int bz = 0; bz < 2; bz++)
    for (int by = 0; by < 2; by++)
      for (int bx = 0; bx < 3; bx++)
        for (int tz = 0; tz < 2; tz++)
          for (int ty = 0; ty < 3; ty++)
            for (int tx = 0; tx < 4; tx++, k += 10) {
              CHECK(3, hout[k + 0]); CHECK(2, hout[k + 1]); CHECK(2, hout[k + 2]);
              CHECK(4, hout[k + 3]); CHECK(3, hout[k + 4]); CHECK(2, hout[k + 5]);
              CHECK(bx * 10000 + by * 100 + bz, hout[k + 6]);
              CHECK(tx, hout[k + 7]); CHECK(ty, hout[k + 8]); CHECK(tz, hout[k + 9]);
            }
  cudaFree(da); cudaFree(db); cudaFree(dc); cudaFree(dout);
  free(ha); free(hb); free(hc); free(hout);
  return check_done("grid2d_dim3");
}
