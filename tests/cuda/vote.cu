// vote: __ballot_sync, __any_sync, __all_sync and __activemask, with full
// and partial masks, in divergent code (ballot inside a branch that only
// odd lanes take), after some threads exited, and in a last partial warp
// (blockDim 40: the second warp has 8 lanes).
#include "check.h"

__global__ void votes(const int *pred, unsigned *out) {
  int t = threadIdx.x;
  int p = pred[blockIdx.x * blockDim.x + t];
  int n = blockDim.x, g = blockIdx.x * n + t, total = n * gridDim.x;
  out[0 * total + g] = __ballot_sync(0xffffffff, p);
  out[1 * total + g] = __any_sync(0xffffffff, p);
  out[2 * total + g] = __all_sync(0xffffffff, p);
  int lane = t % 32;
  out[3 * total + g] = lane >= 8 && lane < 16 ? __ballot_sync(0x0000ff00, p) : 0u;
  out[4 * total + g] = 0x0f0f0f0fu >> lane & 1 ? __all_sync(0x0f0f0f0f, p) : 2;
  out[5 * total + g] = __activemask();
}

__global__ void divergent(const int *pred, unsigned *out) {
  int t = threadIdx.x;
  unsigned r = 0;
  if (t % 2) {
    unsigned m = __activemask();
    r = __ballot_sync(m, pred[t]) | 1u;
    if (__all_sync(m, t < 1000)) r |= 0x80000000u;
  } else {
    r = __any_sync(0x55555555u, pred[t]) ? 2u : 4u;
  }
  out[t] = r;
}

// Threads 5..9 of each warp leave first.
__global__ void after_exit(const int *pred, unsigned *out) {
  int t = threadIdx.x;
  if ((t & 31) >= 5 && (t & 31) < 10) return;
  out[t] = __ballot_sync(0xffffffff, pred[t]) ^ (__activemask() << 1);
}

int main() {
  const int B = 40, G = 3, N = B * G;
  int hp[N];
  for (int i = 0; i < N; i++) hp[i] = (i * 7 + i / 5) % 3 == 0;
  hp[0] = hp[1] = 1;
  for (int i = 8; i < 16; i++) hp[i] = 1;  // lanes 8..15 of warp 0 of block 0
  int *dp;
  unsigned *d, h[6 * N];
  CHECK_CUDA(cudaMalloc(&dp, sizeof hp));
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  CHECK_CUDA(cudaMemcpy(dp, hp, sizeof hp, cudaMemcpyHostToDevice));
  votes<<<G, B>>>(dp, d);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int g = 0; g < N; g++) {
    int blk = g / B, t = g % B, w0 = blk * B + t / 32 * 32;
    int lanes = t / 32 * 32 + 32 <= B ? 32 : B - t / 32 * 32;
    unsigned ballot = 0, exist = lanes == 32 ? 0xffffffffu : (1u << lanes) - 1;
    for (int l = 0; l < lanes; l++)
      if (hp[w0 + l]) ballot |= 1u << l;
    CHECK(ballot, h[0 * N + g]);
    CHECK(ballot != 0, h[1 * N + g]);
    CHECK(ballot == exist, h[2 * N + g]);
    int lane = t % 32;
    CHECK(lane >= 8 && lane < 16 ? ballot & 0x0000ff00u : 0u, h[3 * N + g]);
    CHECK(0x0f0f0f0fu >> lane & 1 ? (ballot & 0x0f0f0f0fu & exist) == (0x0f0f0f0fu & exist) : 2,
          h[4 * N + g]);
    CHECK(exist, h[5 * N + g]);
  }

  divergent<<<1, 64>>>(dp, d);
  CHECK_CUDA(cudaMemcpy(h, d, 64 * sizeof(unsigned), cudaMemcpyDeviceToHost));
  for (int t = 0; t < 64; t++) {
    int w0 = t / 32 * 32;
    if (t % 2) {
      unsigned b = 0;
      for (int l = 1; l < 32; l += 2)
        if (hp[w0 + l]) b |= 1u << l;
      CHECK(b | 1u | 0x80000000u, h[t]);
    } else {
      int any = 0;
      for (int l = 0; l < 32; l += 2) any |= hp[w0 + l];
      CHECK(any ? 2 : 4, h[t]);
    }
  }

  after_exit<<<1, 64>>>(dp, d);
  CHECK_CUDA(cudaMemcpy(h, d, 64 * sizeof(unsigned), cudaMemcpyDeviceToHost));
  for (int t = 0; t < 64; t++) {
    if ((t & 31) >= 5 && (t & 31) < 10) continue;
    unsigned b = 0, act = ~0x3e0u;
    for (int l = 0; l < 32; l++)
      if (hp[t / 32 * 32 + l] && (act >> l & 1)) b |= 1u << l;
    CHECK(b ^ (act << 1), h[t]);
  }
  return check_done("vote");
}
