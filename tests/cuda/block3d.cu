// skip: webgpu: the 2^31 - 1 block grid of 1-thread workgroups takes minutes on SwiftShader (the 1024-thread and 3-D blocks with barriers and shuffles pass there; tests/cuda/large_blocks.cu)
// block3d: blocks of up to 1024 threads in 1, 2 and 3 dimensions (thread
// numbering x fastest, warps of 32 consecutive threads across rows and
// planes, barriers and shuffles in such blocks, odd shapes with a partial
// last warp) and large grids: 70000 blocks in x, 65535 in y and z, and
// the largest grid CUDA allows in x, 2^31 - 1 blocks.
// skip: check: 2^31 one-thread blocks take minutes with every access checked
#include "check.h"

// Every thread writes its linear index reversed through shared memory and
// its warp-mate's index (lane ^ 1) through a shuffle.
__global__ void shape(int *out) {
  __shared__ int s[1024];
  int n = blockDim.x * blockDim.y * blockDim.z;
  int t = (threadIdx.z * blockDim.y + threadIdx.y) * blockDim.x + threadIdx.x;
  s[t] = t;
  __syncthreads();
  int rev = s[n - 1 - t];
  unsigned mask = __activemask();
  int mate = __shfl_xor_sync(mask, t, 1);
  int sum = t;
  for (int o = 16; o > 0; o /= 2) sum += __shfl_xor_sync(mask, sum, o);
  out[blockIdx.x * 4 * n + t] = rev;
  out[blockIdx.x * 4 * n + n + t] = mate;
  out[blockIdx.x * 4 * n + 2 * n + t] = sum;
  out[blockIdx.x * 4 * n + 3 * n + t] = (int)mask;
}

__global__ void grid_ids(unsigned long long *sum, unsigned *count) {
  unsigned long long id = ((unsigned long long)blockIdx.z * gridDim.y + blockIdx.y) * gridDim.x + blockIdx.x;
  if (threadIdx.x == 0) {
    atomicAdd(sum, id);
    atomicAdd(count, 1u);
  }
}

__global__ void largest(unsigned *hits) {
  // only a few blocks do anything: the grid is 2^31 - 1 blocks long
  unsigned b = blockIdx.x;
  if (b == 0 || b == 65535 || b == 65536 || b == gridDim.x - 1) atomicAdd(&hits[b == 0 ? 0 : b == 65535 ? 1 : b == 65536 ? 2 : 3], b + 1);
}

static void check_shape(int *d, dim3 b, int blocks) {
  int n = b.x * b.y * b.z;
  int *h = new int[blocks * 4 * n];
  shape<<<blocks, b>>>(d);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h, d, blocks * 4 * n * sizeof(int), cudaMemcpyDeviceToHost));
  int bad = 0;
  for (int k = 0; k < blocks; k++)
    for (int t = 0; t < n; t++) {
      int *o = h + k * 4 * n;
      int w0 = t / 32 * 32, lanes = n - w0 < 32 ? n - w0 : 32;
      int mate = (t ^ 1) < w0 + lanes ? (t ^ 1) : t;
      int sum = 0;
      for (int l = 0; l < lanes; l++) sum += w0 + l;
      unsigned mask = lanes == 32 ? 0xffffffffu : (1u << lanes) - 1;
      if (lanes == 32) {  // a partial warp's shuffles may read absent lanes
        bad += o[2 * n + t] != sum;
        bad += o[n + t] != mate;
      }
      bad += o[t] != n - 1 - t;
      bad += (unsigned)o[3 * n + t] != mask;
    }
  if (bad) printf("block %ux%ux%u: %d wrong\n", b.x, b.y, b.z, bad);
  CHECK(0, bad);
  delete[] h;
}

static void check_grid(dim3 g) {
  unsigned long long *ds, hs = 0;
  unsigned *dc, hc = 0;
  CHECK_CUDA(cudaMalloc(&ds, sizeof hs));
  CHECK_CUDA(cudaMalloc(&dc, sizeof hc));
  CHECK_CUDA(cudaMemset(ds, 0, sizeof hs));
  CHECK_CUDA(cudaMemset(dc, 0, sizeof hc));
  grid_ids<<<g, 32>>>(ds, dc);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(&hs, ds, sizeof hs, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(&hc, dc, sizeof hc, cudaMemcpyDeviceToHost));
  unsigned long long total = (unsigned long long)g.x * g.y * g.z;
  CHECK(total, hc);
  CHECK(total * (total - 1) / 2, hs);
  CHECK_CUDA(cudaFree(ds));
  CHECK_CUDA(cudaFree(dc));
}

int main() {
  int *d;
  CHECK_CUDA(cudaMalloc(&d, 3 * 4 * 1024 * sizeof(int)));
  check_shape(d, dim3(1024), 3);
  check_shape(d, dim3(32, 32), 2);
  check_shape(d, dim3(8, 8, 16), 3);
  check_shape(d, dim3(1, 1, 64), 2);
  check_shape(d, dim3(4, 4, 64), 1);
  check_shape(d, dim3(2, 3, 5), 3);
  check_shape(d, dim3(7, 9, 11), 2);

  check_grid(dim3(70000));
  check_grid(dim3(3, 65535));
  check_grid(dim3(2, 2, 65535));

  unsigned *dh, hh[4] = {0, 0, 0, 0};
  CHECK_CUDA(cudaMalloc(&dh, sizeof hh));
  CHECK_CUDA(cudaMemset(dh, 0, sizeof hh));
  largest<<<0x7fffffffu, 1>>>(dh);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(hh, dh, sizeof hh, cudaMemcpyDeviceToHost));
  CHECK(1u, hh[0]);
  CHECK(65536u, hh[1]);
  CHECK(65537u, hh[2]);
  CHECK(0x7fffffffu, hh[3]);
  return check_done("block3d");
}
