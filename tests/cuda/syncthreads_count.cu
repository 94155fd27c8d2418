// syncthreads_count: __syncthreads_count, __syncthreads_and and
// __syncthreads_or as barriers that also count, in 1D and 2D blocks, with
// threads that exited before them (they are not counted), and as the exit
// test of a loop ("until no thread has work left").
#include "check.h"

__global__ void counts(const int *pred, int *out) {
  int t = threadIdx.y * blockDim.x + threadIdx.x;
  int n = blockDim.x * blockDim.y;
  int p = pred[blockIdx.x * n + t];
  int c = __syncthreads_count(p);
  int a = __syncthreads_and(p);
  int o = __syncthreads_or(p);
  out[(blockIdx.x * n + t) * 3 + 0] = c;
  out[(blockIdx.x * n + t) * 3 + 1] = a;
  out[(blockIdx.x * n + t) * 3 + 2] = o;
}

// A third of the threads leave first.
__global__ void after_exit(int *out) {
  int t = threadIdx.x;
  if (t % 3 == 0) return;
  int c = __syncthreads_count(1);
  int a = __syncthreads_and(t % 3 == 1 || t % 3 == 2);
  out[t] = c * 2 + a;
}

// Each thread halves its value until it is 0; the block goes on while any
// thread still has work: trip count = bits of the largest value.
__global__ void until_done(const unsigned *in, int *rounds, unsigned *sums) {
  __shared__ unsigned acc[128];
  int t = threadIdx.x;
  unsigned v = in[blockIdx.x * blockDim.x + t];
  acc[t] = 0;
  int r = 0;
  while (__syncthreads_or(v != 0)) {
    acc[t] += v;
    v >>= 1;
    r++;
  }
  __syncthreads();
  if (t == 0) {
    unsigned s = 0;
    for (int k = 0; k < (int)blockDim.x; k++) s += acc[k];
    sums[blockIdx.x] = s;
  }
  rounds[blockIdx.x * blockDim.x + t] = r;
}

int main() {
  const int G = 4, N = 16 * 8;
  int hp[G * N], *dp, *d, h[G * N * 3];
  for (int i = 0; i < G * N; i++) hp[i] = (i * 13) % 5 == 0;
  for (int i = 2 * N; i < 3 * N; i++) hp[i] = 7;  // block 2: all true
  for (int i = 3 * N; i < 4 * N; i++) hp[i] = 0;  // block 3: all false
  CHECK_CUDA(cudaMalloc(&dp, sizeof hp));
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  CHECK_CUDA(cudaMemcpy(dp, hp, sizeof hp, cudaMemcpyHostToDevice));
  counts<<<G, dim3(16, 8)>>>(dp, d);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int b = 0; b < G; b++) {
    int c = 0;
    for (int t = 0; t < N; t++) c += hp[b * N + t] != 0;
    for (int t = 0; t < N; t++) {
      CHECK(c, h[(b * N + t) * 3 + 0]);
      CHECK(c == N, h[(b * N + t) * 3 + 1]);
      CHECK(c != 0, h[(b * N + t) * 3 + 2]);
    }
  }

  after_exit<<<1, 100>>>(d);
  CHECK_CUDA(cudaMemcpy(h, d, 100 * sizeof(int), cudaMemcpyDeviceToHost));
  for (int t = 0; t < 100; t++)
    if (t % 3) CHECK(66 * 2 + 1, h[t]);

  const int B = 128, G2 = 3;
  unsigned hin[B * G2], *din, hs[G2], *ds;
  int *dr, hr[B * G2];
  for (int i = 0; i < B * G2; i++) hin[i] = (i * 2654435761u) >> (i % 29);
  CHECK_CUDA(cudaMalloc(&din, sizeof hin));
  CHECK_CUDA(cudaMalloc(&ds, sizeof hs));
  CHECK_CUDA(cudaMalloc(&dr, sizeof hr));
  CHECK_CUDA(cudaMemcpy(din, hin, sizeof hin, cudaMemcpyHostToDevice));
  until_done<<<G2, B>>>(din, dr, ds);
  CHECK_CUDA(cudaMemcpy(hr, dr, sizeof hr, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hs, ds, sizeof hs, cudaMemcpyDeviceToHost));
  for (int b = 0; b < G2; b++) {
    unsigned mx = 0, s = 0;
    for (int t = 0; t < B; t++) {
      unsigned v = hin[b * B + t];
      if (v > mx) mx = v;
      for (; v; v >>= 1) s += v;
    }
    int bits = 0;
    for (; mx; mx >>= 1) bits++;
    CHECK(s, hs[b]);
    for (int t = 0; t < B; t++) CHECK(bits, hr[b * B + t]);
  }
  return check_done("syncthreads_count");
}
