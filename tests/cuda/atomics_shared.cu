// atomics_shared: atomics on __shared__ memory: a 256-bin histogram with
// contended atomicAdd per block, merged into global memory; atomicMin,
// atomicMax, atomicInc, atomicExch, atomicCAS, atomicAnd/Or/Xor and float
// atomicAdd on shared variables; __threadfence_block between them.
#include "check.h"

#define BINS 256

__global__ void histogram(const unsigned char *data, int n, unsigned *bins) {
  __shared__ unsigned local[BINS];
  for (int i = threadIdx.x; i < BINS; i += blockDim.x) local[i] = 0;
  __syncthreads();
  for (int i = blockIdx.x * blockDim.x + threadIdx.x; i < n; i += blockDim.x * gridDim.x)
    atomicAdd(&local[data[i]], 1u);
  __syncthreads();
  for (int i = threadIdx.x; i < BINS; i += blockDim.x)
    if (local[i]) atomicAdd(&bins[i], local[i]);
}

struct Stats {
  int lo, hi;
  unsigned ticket, last;
  int owner;
  unsigned mask_or, mask_and, mask_xor;
  float fsum;
};

__global__ void shared_ops(const int *v, int *out) {
  __shared__ Stats s;
  int t = threadIdx.x;
  if (t == 0) {
    s.lo = 1 << 30;
    s.hi = -(1 << 30);
    s.ticket = 0;
    s.last = 0;
    s.owner = -1;
    s.mask_or = 0;
    s.mask_and = 0xffffffffu;
    s.mask_xor = 0;
    s.fsum = 0.0f;
  }
  __syncthreads();
  int x = v[blockIdx.x * blockDim.x + t];
  atomicMin(&s.lo, x);
  atomicMax(&s.hi, x);
  unsigned my = atomicInc(&s.ticket, 1000000u);
  atomicExch(&s.last, my);
  atomicCAS(&s.owner, -1, t);
  atomicOr(&s.mask_or, 1u << (t % 32));
  atomicAnd(&s.mask_and, ~(1u << (t % 32)));
  atomicXor(&s.mask_xor, (unsigned)t);
  atomicAdd(&s.fsum, 0.25f);
  __threadfence_block();
  __syncthreads();
  if (t == 0) {
    int *o = out + blockIdx.x * 9;
    o[0] = s.lo;
    o[1] = s.hi;
    o[2] = (int)s.ticket;
    o[3] = s.last < s.ticket;
    o[4] = s.owner >= 0 && s.owner < (int)blockDim.x;
    o[5] = (int)s.mask_or;
    o[6] = (int)s.mask_and;
    o[7] = (int)s.mask_xor;
    o[8] = (int)(s.fsum * 4.0f);
  }
}

int main() {
  const int n = 1 << 20;
  unsigned char *h = new unsigned char[n], *d;
  unsigned ref[BINS] = {0}, hb[BINS], *db;
  for (int i = 0; i < n; i++) {
    // skewed: half the values hit bin 7 (contention)
    h[i] = (i % 2) ? 7 : (unsigned char)((i * 2654435761u) >> 24);
    ref[h[i]]++;
  }
  CHECK_CUDA(cudaMalloc(&d, n));
  CHECK_CUDA(cudaMalloc(&db, sizeof hb));
  CHECK_CUDA(cudaMemcpy(d, h, n, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemset(db, 0, sizeof hb));
  histogram<<<64, 256>>>(d, n, db);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(hb, db, sizeof hb, cudaMemcpyDeviceToHost));
  for (int i = 0; i < BINS; i++) CHECK(ref[i], hb[i]);

  const int G = 6, T = 200;
  int hv[G * T], *dv, ho[G * 9], *dout;
  for (int i = 0; i < G * T; i++) hv[i] = (i * 7919) % 1001 - 500;
  CHECK_CUDA(cudaMalloc(&dv, sizeof hv));
  CHECK_CUDA(cudaMalloc(&dout, sizeof ho));
  CHECK_CUDA(cudaMemcpy(dv, hv, sizeof hv, cudaMemcpyHostToDevice));
  shared_ops<<<G, T>>>(dv, dout);
  CHECK_CUDA(cudaMemcpy(ho, dout, sizeof ho, cudaMemcpyDeviceToHost));
  for (int b = 0; b < G; b++) {
    int lo = 1 << 30, hi = -(1 << 30), x = 0;
    for (int t = 0; t < T; t++) {
      int v = hv[b * T + t];
      if (v < lo) lo = v;
      if (v > hi) hi = v;
      x ^= t;
    }
    CHECK(lo, ho[b * 9 + 0]);
    CHECK(hi, ho[b * 9 + 1]);
    CHECK(T, ho[b * 9 + 2]);
    CHECK(1, ho[b * 9 + 3]);
    CHECK(1, ho[b * 9 + 4]);
    CHECK(-1, ho[b * 9 + 5]);
    CHECK(0, ho[b * 9 + 6]);
    CHECK(x, ho[b * 9 + 7]);
    CHECK(T, ho[b * 9 + 8]);
  }
  delete[] h;
  return check_done("atomics_shared");
}
