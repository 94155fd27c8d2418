// atomics_global: 32-bit atomics on global memory, contended by every
// thread of many blocks running at once: atomicAdd, atomicSub,
// atomicExch, atomicMin, atomicMax, atomicInc and atomicDec (CUDA's
// wrapping), atomicAnd, atomicOr, atomicXor and atomicCAS (int, unsigned
// and unsigned short), the _block and _system variants, and __threadfence.
// Results are exact: counts, permutations of returned old values, final
// values. (The spin lock is tests/cuda/spin_lock.cu.)
#include "check.h"

#define BLOCKS 120
#define THREADS 128
#define N (BLOCKS * THREADS)

__global__ void counters(int *c, unsigned *u, int *ret) {
  int g = blockIdx.x * blockDim.x + threadIdx.x;
  ret[g] = atomicAdd(&c[0], 1);           // old values: a permutation of 0..N-1
  atomicAdd(&c[1], g % 7 - 3);
  atomicSub(&c[2], 2);
  atomicSub(&u[0], 1u);
  atomicAdd(&u[1], 0x10000u);             // wraps past 2^32
  atomicAdd_block(&c[3], 1);
  atomicAdd_system(&c[4], 1);
  atomicSub_block(&c[5], 1);
  __threadfence();
}

__global__ void min_max(const int *v, int *mi, unsigned *mu) {
  int g = blockIdx.x * blockDim.x + threadIdx.x;
  int x = v[g];
  atomicMin(&mi[0], x);
  atomicMax(&mi[1], x);
  atomicMin(&mu[0], (unsigned)x);
  atomicMax(&mu[1], (unsigned)x);
  atomicMax_block(&mi[2], x);
  atomicMin_system(&mi[3], x);
}

__global__ void inc_dec(unsigned *p, unsigned *ret) {
  int g = blockIdx.x * blockDim.x + threadIdx.x;
  ret[g] = atomicInc(&p[0], 9);           // counts 0..9, then wraps to 0
  ret[N + g] = atomicDec(&p[1], 9);       // 0 -> 9 -> 8 ... -> 0 -> 9
  atomicInc(&p[2], 0xffffffffu);          // plain increment
}

__global__ void bits(int *bi, unsigned *bu) {
  int g = blockIdx.x * blockDim.x + threadIdx.x;
  atomicOr(&bu[0], 1u << (g % 32));
  atomicAnd(&bu[1], ~(1u << (g % 29)));
  atomicXor(&bu[2], 1u << (g % 32));      // every bit toggled N/32 times
  atomicOr(&bi[0], 1 << (g % 16));
  atomicAnd(&bi[1], ~(1 << (g % 8)));
  atomicXor(&bi[2], g);
  atomicOr_block(&bi[3], 2);
  atomicXor_system(&bi[4], 1);
}

__global__ void exchange(int *x, unsigned *xu, int *ret, unsigned *retu) {
  int g = blockIdx.x * blockDim.x + threadIdx.x;
  ret[g] = atomicExch(x, g + 1);          // old values + final: 0..N
  retu[g] = atomicExch(xu, (unsigned)g + 1);
}

// A lock-free add through compare-and-swap, as real code writes it.
__device__ int cas_add(int *p, int v) {
  int old = *p, assumed;
  do {
    assumed = old;
    old = atomicCAS(p, assumed, assumed + v);
  } while (old != assumed);
  return old;
}

__global__ void cas(int *p, unsigned *pu, int *first) {
  int g = blockIdx.x * blockDim.x + threadIdx.x;
  cas_add(p, 3);
  unsigned old = *pu, assumed;
  do {
    assumed = old;
    old = atomicCAS(pu, assumed, assumed * 3u + 1u);
  } while (old != assumed);
  // exactly one thread wins the slot
  if (atomicCAS(&first[0], -1, g) == -1) atomicAdd(&first[1], 1);
  atomicCAS_block(&first[2], 0, 5);
  // a 16-bit compare-and-swap: the upper half of each word counts
  unsigned short *half = (unsigned short *)&first[3];
  unsigned short o = half[1], a;
  do {
    a = o;
    o = atomicCAS(&half[1], a, (unsigned short)(a + 1));
  } while (o != a);
}

int main() {
  int *dc, *dret, hc[6] = {0, 0, 1000, 0, 0, 0}, *hret = new int[2 * N];
  unsigned *du, hu[2] = {5, 0xffff0000u};
  CHECK_CUDA(cudaMalloc(&dc, sizeof hc));
  CHECK_CUDA(cudaMalloc(&du, sizeof hu));
  CHECK_CUDA(cudaMalloc(&dret, 2 * N * sizeof(int)));
  CHECK_CUDA(cudaMemcpy(dc, hc, sizeof hc, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(du, hu, sizeof hu, cudaMemcpyHostToDevice));
  counters<<<BLOCKS, THREADS>>>(dc, du, dret);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(hc, dc, sizeof hc, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hu, du, sizeof hu, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hret, dret, N * sizeof(int), cudaMemcpyDeviceToHost));
  long long sum = 0;
  for (int g = 0; g < N; g++) sum += g % 7 - 3;
  CHECK(N, hc[0]);
  CHECK(sum, hc[1]);
  CHECK(1000 - 2 * N, hc[2]);
  CHECK(N, hc[3]);
  CHECK(N, hc[4]);
  CHECK(-N, hc[5]);
  CHECK(5u - (unsigned)N, hu[0]);
  CHECK(0xffff0000u + 0x10000u * (unsigned)N, hu[1]);
  {
    char *seen = new char[N]();
    int dup = 0;
    for (int g = 0; g < N; g++) {
      if (hret[g] < 0 || hret[g] >= N || seen[hret[g]]) dup++;
      else seen[hret[g]] = 1;
    }
    CHECK(0, dup);
    delete[] seen;
  }

  int *hv = new int[N], *dv, hmi[4] = {1 << 30, -(1 << 30), -(1 << 30), 1 << 30}, *dmi;
  unsigned hmu[2] = {0xffffffffu, 0}, *dmu;
  int vmin = 1 << 30, vmax = -(1 << 30);
  unsigned umin = 0xffffffffu, umax = 0;
  for (int g = 0; g < N; g++) {
    hv[g] = (int)((unsigned)g * 2654435761u) >> 3;
    if (hv[g] < vmin) vmin = hv[g];
    if (hv[g] > vmax) vmax = hv[g];
    if ((unsigned)hv[g] < umin) umin = (unsigned)hv[g];
    if ((unsigned)hv[g] > umax) umax = (unsigned)hv[g];
  }
  CHECK_CUDA(cudaMalloc(&dv, N * sizeof(int)));
  CHECK_CUDA(cudaMalloc(&dmi, sizeof hmi));
  CHECK_CUDA(cudaMalloc(&dmu, sizeof hmu));
  CHECK_CUDA(cudaMemcpy(dv, hv, N * sizeof(int), cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(dmi, hmi, sizeof hmi, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(dmu, hmu, sizeof hmu, cudaMemcpyHostToDevice));
  min_max<<<BLOCKS, THREADS>>>(dv, dmi, dmu);
  CHECK_CUDA(cudaMemcpy(hmi, dmi, sizeof hmi, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hmu, dmu, sizeof hmu, cudaMemcpyDeviceToHost));
  CHECK(vmin, hmi[0]);
  CHECK(vmax, hmi[1]);
  CHECK(vmax, hmi[2]);
  CHECK(vmin, hmi[3]);
  CHECK(umin, hmu[0]);
  CHECK(umax, hmu[1]);

  unsigned hp[3] = {0, 0, 7}, *dp, *hr = new unsigned[2 * N];
  CHECK_CUDA(cudaMalloc(&dp, sizeof hp));
  CHECK_CUDA(cudaMemcpy(dp, hp, sizeof hp, cudaMemcpyHostToDevice));
  inc_dec<<<BLOCKS, THREADS>>>(dp, (unsigned *)dret);
  CHECK_CUDA(cudaMemcpy(hp, dp, sizeof hp, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hr, dret, 2 * N * sizeof(unsigned), cudaMemcpyDeviceToHost));
  CHECK(N % 10, hp[0]);
  CHECK((10 - N % 10) % 10, hp[1]);
  CHECK(7 + N, hp[2]);
  {
    int inc[10] = {0}, dec[10] = {0}, other = 0;
    for (int g = 0; g < N; g++) {
      if (hr[g] < 10) inc[hr[g]]++; else other++;
      if (hr[N + g] < 10) dec[hr[N + g]]++; else other++;
    }
    CHECK(0, other);
    for (int k = 0; k < 10; k++) {
      CHECK(N / 10, inc[k]);
      CHECK(N / 10, dec[k]);
    }
  }

  int hbi[5] = {0, -1, 0, 0, 0}, *dbi;
  unsigned hbu[3] = {0, 0xffffffffu, 0x12345678u}, *dbu;
  CHECK_CUDA(cudaMalloc(&dbi, sizeof hbi));
  CHECK_CUDA(cudaMalloc(&dbu, sizeof hbu));
  CHECK_CUDA(cudaMemcpy(dbi, hbi, sizeof hbi, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(dbu, hbu, sizeof hbu, cudaMemcpyHostToDevice));
  bits<<<BLOCKS, THREADS>>>(dbi, dbu);
  CHECK_CUDA(cudaMemcpy(hbi, dbi, sizeof hbi, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hbu, dbu, sizeof hbu, cudaMemcpyDeviceToHost));
  int x = 0;
  for (int g = 0; g < N; g++) x ^= g;
  CHECK(0xffffffffu, hbu[0]);
  CHECK(0xe0000000u, hbu[1]);
  CHECK(0x12345678u ^ ((N / 32) % 2 ? 0xffffffffu : 0u), hbu[2]);
  CHECK(0xffff, hbi[0]);
  CHECK(-256, hbi[1]);
  CHECK(x, hbi[2]);
  CHECK(2, hbi[3]);
  CHECK(N % 2, hbi[4]);

  int zero = 0;
  unsigned zerou = 0, *dxu, *hru = new unsigned[N];
  int *dx;
  CHECK_CUDA(cudaMalloc(&dx, sizeof(int)));
  CHECK_CUDA(cudaMalloc(&dxu, sizeof(unsigned)));
  CHECK_CUDA(cudaMemcpy(dx, &zero, sizeof zero, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(dxu, &zerou, sizeof zerou, cudaMemcpyHostToDevice));
  exchange<<<BLOCKS, THREADS>>>(dx, dxu, dret, (unsigned *)dret + N);
  CHECK_CUDA(cudaMemcpy(hret, dret, 2 * N * sizeof(int), cudaMemcpyDeviceToHost));
  int fin;
  unsigned finu;
  CHECK_CUDA(cudaMemcpy(&fin, dx, sizeof fin, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(&finu, dxu, sizeof finu, cudaMemcpyDeviceToHost));
  {
    char *seen = new char[N + 1]();
    int bad = 0;
    for (int g = 0; g <= N; g++) {
      int v = g < N ? hret[g] : fin;
      if (v < 0 || v > N || seen[v]) bad++;
      else seen[v] = 1;
    }
    CHECK(0, bad);
    for (int g = 0; g <= N; g++) seen[g] = 0;
    for (int g = 0; g <= N; g++) {
      unsigned v = g < N ? (unsigned)hret[N + g] : finu;
      if (v > (unsigned)N || seen[v]) bad++;
      else seen[v] = 1;
    }
    CHECK(0, bad);
    delete[] seen;
  }

  int hcas[4] = {-1, 0, 0, 0x1234}, *dcas, *dpi;
  unsigned *dpu, pu = 1, want = 1;
  CHECK_CUDA(cudaMalloc(&dcas, sizeof hcas));
  CHECK_CUDA(cudaMalloc(&dpi, sizeof(int)));
  CHECK_CUDA(cudaMalloc(&dpu, sizeof(unsigned)));
  CHECK_CUDA(cudaMemcpy(dcas, hcas, sizeof hcas, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(dpi, &zero, sizeof zero, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(dpu, &pu, sizeof pu, cudaMemcpyHostToDevice));
  cas<<<BLOCKS, THREADS>>>(dpi, dpu, dcas);
  int pi;
  CHECK_CUDA(cudaMemcpy(&pi, dpi, sizeof pi, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(&pu, dpu, sizeof pu, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hcas, dcas, sizeof hcas, cudaMemcpyDeviceToHost));
  for (int g = 0; g < N; g++) want = want * 3u + 1u;
  CHECK(3 * N, pi);
  CHECK(want, pu);
  CHECK(1, hcas[0] >= 0 && hcas[0] < N);
  CHECK(1, hcas[1]);
  CHECK(5, hcas[2]);
  CHECK(((N & 0xffff) << 16) | 0x1234, hcas[3]);
  delete[] hret;
  delete[] hv;
  delete[] hr;
  delete[] hru;
  return check_done("atomics_global");
}
