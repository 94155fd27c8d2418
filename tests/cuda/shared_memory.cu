// shared_memory: static __shared__ arrays of two and three dimensions and
// of structs, extern __shared__ memory sized by the launch (several sizes,
// split into arrays of two types), __shared__ memory declared in a device
// function, and shared memory being private to each block while blocks run
// concurrently.
#include "check.h"

struct Cell {
  int key;
  float weight;
  short tag[3];
};

#define TILE 16

// A tile transpose through a padded 2D shared array.
__global__ void transpose(const float *in, float *out, int w, int h) {
  __shared__ float tile[TILE][TILE + 1];
  int x = blockIdx.x * TILE + threadIdx.x, y = blockIdx.y * TILE + threadIdx.y;
  if (x < w && y < h) tile[threadIdx.y][threadIdx.x] = in[y * w + x];
  __syncthreads();
  x = blockIdx.y * TILE + threadIdx.x;
  y = blockIdx.x * TILE + threadIdx.y;
  if (x < h && y < w) out[y * h + x] = tile[threadIdx.x][threadIdx.y];
}

__global__ void cube(int *out) {
  __shared__ int c[4][4][4];
  int x = threadIdx.x, y = threadIdx.y, z = threadIdx.z;
  c[z][y][x] = x + 10 * y + 100 * z;
  __syncthreads();
  out[(z * 4 + y) * 4 + x] = c[x][z][y] + c[3 - z][3 - y][3 - x];
}

__global__ void structs(int *out) {
  __shared__ Cell cells[32];
  int t = threadIdx.x;
  cells[t].key = t * 3;
  cells[t].weight = t * 0.5f;
  for (int k = 0; k < 3; k++) cells[t].tag[k] = (short)(t + k);
  __syncthreads();
  Cell c = cells[31 - t];
  out[t] = c.key + (int)(c.weight * 2.0f) + c.tag[0] + c.tag[2];
}

// extern shared: n floats then n ints, n = blockDim.x.
__global__ void dynamic(int *out) {
  extern __shared__ float dyn[];
  int n = blockDim.x, t = threadIdx.x;
  int *ints = (int *)&dyn[n];
  dyn[t] = t * 1.5f;
  ints[t] = t * 7 + blockIdx.x;
  __syncthreads();
  out[blockIdx.x * n + t] = (int)(dyn[n - 1 - t] * 2.0f) + ints[(t + 1) % n];
}

__device__ int block_sum(int v) {
  __shared__ int partial[256];
  int t = threadIdx.x;
  partial[t] = v;
  __syncthreads();
  for (int s = blockDim.x / 2; s > 0; s /= 2) {
    if (t < s) partial[t] += partial[t + s];
    __syncthreads();
  }
  int r = partial[0];
  __syncthreads();
  return r;
}

// Every block fills its shared memory with its own index and checks it
// many times while other blocks do the same.
__global__ void private_blocks(int *bad, int *sums) {
  __shared__ int mine[256];
  int t = threadIdx.x;
  for (int round = 0; round < 20; round++) {
    mine[t] = blockIdx.x * 1000 + round;
    __syncthreads();
    for (int k = 0; k < 256; k += 37)
      if (mine[(t + k) % 256] != (int)blockIdx.x * 1000 + round) atomicAdd(bad, 1);
    __syncthreads();
  }
  sums[blockIdx.x] = block_sum(t < 128 ? t : 0);
}

int main() {
  const int w = 45, h = 37;
  float hin[w * h], hout[w * h], *din, *dout;
  for (int i = 0; i < w * h; i++) hin[i] = i * 0.5f;
  CHECK_CUDA(cudaMalloc(&din, sizeof hin));
  CHECK_CUDA(cudaMalloc(&dout, sizeof hout));
  CHECK_CUDA(cudaMemcpy(din, hin, sizeof hin, cudaMemcpyHostToDevice));
  transpose<<<dim3((w + TILE - 1) / TILE, (h + TILE - 1) / TILE), dim3(TILE, TILE)>>>(din, dout, w, h);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(hout, dout, sizeof hout, cudaMemcpyDeviceToHost));
  for (int y = 0; y < h; y++)
    for (int x = 0; x < w; x++) CHECK_NEAR(hin[y * w + x], hout[x * h + y], 0);

  int *d, hv[64 * 8];
  CHECK_CUDA(cudaMalloc(&d, sizeof hv));
  cube<<<1, dim3(4, 4, 4)>>>(d);
  CHECK_CUDA(cudaMemcpy(hv, d, 64 * sizeof(int), cudaMemcpyDeviceToHost));
  for (int z = 0; z < 4; z++)
    for (int y = 0; y < 4; y++)
      for (int x = 0; x < 4; x++) {
        int a = y + 10 * z + 100 * x, b = (3 - x) + 10 * (3 - y) + 100 * (3 - z);
        CHECK(a + b, hv[(z * 4 + y) * 4 + x]);
      }

  structs<<<1, 32>>>(d);
  CHECK_CUDA(cudaMemcpy(hv, d, 32 * sizeof(int), cudaMemcpyDeviceToHost));
  for (int t = 0; t < 32; t++) {
    int u = 31 - t;
    CHECK(u * 3 + u + u + u + 2, hv[t]);
  }

  for (int n = 32; n <= 128; n *= 2) {
    dynamic<<<4, n, n * (sizeof(float) + sizeof(int))>>>(d);
    CHECK_CUDA(cudaGetLastError());
    CHECK_CUDA(cudaMemcpy(hv, d, 4 * n * sizeof(int), cudaMemcpyDeviceToHost));
    for (int b = 0; b < 4; b++)
      for (int t = 0; t < n; t++)
        CHECK((int)((n - 1 - t) * 1.5f * 2.0f) + ((t + 1) % n) * 7 + b, hv[b * n + t]);
  }

  int *dbad, *dsums, bad = 0, sums[64];
  CHECK_CUDA(cudaMalloc(&dbad, sizeof(int)));
  CHECK_CUDA(cudaMalloc(&dsums, sizeof sums));
  CHECK_CUDA(cudaMemcpy(dbad, &bad, sizeof bad, cudaMemcpyHostToDevice));
  private_blocks<<<64, 256>>>(dbad, dsums);
  CHECK_CUDA(cudaMemcpy(&bad, dbad, sizeof bad, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(sums, dsums, sizeof sums, cudaMemcpyDeviceToHost));
  CHECK(0, bad);
  for (int b = 0; b < 64; b++) CHECK(127 * 128 / 2, sums[b]);
  return check_done("shared_memory");
}
