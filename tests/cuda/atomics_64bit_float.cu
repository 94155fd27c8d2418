// skip: webgpu: double precision (WGSL has no f64; docs/webgpu.md)
// atomics_64bit_float: 64-bit and floating-point atomics on global and
// shared memory under contention: atomicAdd on unsigned long long, float
// and double; atomicExch on unsigned long long and float; atomicMin/Max
// on long long and unsigned long long; atomicAnd/Or/Xor and atomicCAS on
// unsigned long long; a double add built from atomicCAS as real code does.
#include "check.h"

#define BLOCKS 96
#define THREADS 128
#define N (BLOCKS * THREADS)

__device__ double cas_add_double(double *p, double v) {
  unsigned long long *a = (unsigned long long *)p;
  unsigned long long old = *a, assumed;
  do {
    assumed = old;
    old = atomicCAS(a, assumed, __double_as_longlong(__longlong_as_double(assumed) + v));
  } while (assumed != old);
  return __longlong_as_double(old);
}

__global__ void wide(unsigned long long *u, long long *l, double *d, float *f,
                     unsigned long long *ret) {
  int g = blockIdx.x * blockDim.x + threadIdx.x;
  unsigned long long big = 0x100000000ULL * (unsigned long long)(g + 1);
  ret[g] = atomicAdd(&u[0], big);
  atomicAdd(&u[1], 1ULL);
  atomicMax(&u[2], big);
  atomicMin(&u[3], big);
  long long s = (g % 2 ? -1LL : 1LL) * (long long)big;
  atomicMin(&l[0], s);
  atomicMax(&l[1], s);
  atomicOr(&u[4], 1ULL << (g % 64));
  atomicAnd(&u[5], ~(1ULL << (g % 61)));
  atomicXor(&u[6], big);
  atomicAdd(&d[0], 0.5);
  atomicAdd(&f[0], 1.0f);
  atomicAdd(&f[1], -0.25f);
  cas_add_double(&d[1], 2.0);
  atomicExch(&u[7], big);
  atomicExch(&f[2], (float)g);
  unsigned long long old = u[8], assumed;
  do {
    assumed = old;
    old = atomicCAS(&u[8], assumed, assumed + 3);
  } while (old != assumed);
}

__global__ void shared_wide(double *out, unsigned long long *outu) {
  __shared__ double sd;
  __shared__ float sf;
  __shared__ unsigned long long su;
  if (threadIdx.x == 0) {
    sd = 0;
    sf = 0;
    su = 0;
  }
  __syncthreads();
  atomicAdd(&sd, 0.125);
  atomicAdd(&sf, 2.0f);
  atomicAdd(&su, (unsigned long long)threadIdx.x << 33);
  __syncthreads();
  if (threadIdx.x == 0) {
    out[blockIdx.x * 2] = sd;
    out[blockIdx.x * 2 + 1] = sf;
    outu[blockIdx.x] = su;
  }
}

int main() {
  unsigned long long hu[9] = {0, 0, 0, ~0ULL, 0, ~0ULL, 0, 0, 0}, *du;
  long long hl[2] = {0, 0}, *dl;
  double hd[2] = {0, 0}, *dd;
  float hf[3] = {0, 1000.0f, -1.0f}, *df;
  unsigned long long *dret, *hret = new unsigned long long[N];
  CHECK_CUDA(cudaMalloc(&du, sizeof hu));
  CHECK_CUDA(cudaMalloc(&dl, sizeof hl));
  CHECK_CUDA(cudaMalloc(&dd, sizeof hd));
  CHECK_CUDA(cudaMalloc(&df, sizeof hf));
  CHECK_CUDA(cudaMalloc(&dret, N * sizeof(unsigned long long)));
  CHECK_CUDA(cudaMemcpy(du, hu, sizeof hu, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(dl, hl, sizeof hl, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(dd, hd, sizeof hd, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(df, hf, sizeof hf, cudaMemcpyHostToDevice));
  wide<<<BLOCKS, THREADS>>>(du, dl, dd, df, dret);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(hu, du, sizeof hu, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hl, dl, sizeof hl, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hd, dd, sizeof hd, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hf, df, sizeof hf, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hret, dret, N * sizeof(unsigned long long), cudaMemcpyDeviceToHost));
  unsigned long long sum = 0, x = 0;
  for (int g = 0; g < N; g++) {
    sum += 0x100000000ULL * (unsigned long long)(g + 1);
    x ^= 0x100000000ULL * (unsigned long long)(g + 1);
  }
  CHECK(sum, hu[0]);
  CHECK(N, hu[1]);
  CHECK(0x100000000ULL * N, hu[2]);
  CHECK(0x100000000ULL, hu[3]);
  CHECK(-(long long)0x100000000LL * N, hl[0]);
  CHECK((long long)0x100000000LL * (N - 1), hl[1]);
  CHECK(~0ULL, hu[4]);
  CHECK(~0ULL << 61, hu[5]);
  CHECK(x, hu[6]);
  CHECK(1, hu[7] % 0x100000000ULL == 0 && hu[7] / 0x100000000ULL >= 1 &&
               hu[7] / 0x100000000ULL <= (unsigned long long)N);
  CHECK(3ULL * N, hu[8]);
  CHECK_NEAR(0.5 * N, hd[0], 0);
  CHECK_NEAR(2.0 * N, hd[1], 0);
  CHECK_NEAR((double)N, hf[0], 0);
  CHECK_NEAR(1000.0 - 0.25 * N, hf[1], 0);
  CHECK(1, hf[2] >= 0 && hf[2] < N && hf[2] == (float)(int)hf[2]);
  {
    // the returned old values are distinct partial sums
    int bad = 0;
    for (int g = 0; g < N; g++) bad += hret[g] % 0x100000000ULL != 0 || hret[g] >= sum;
    CHECK(0, bad);
  }

  double ho[2 * 8], *dout;
  unsigned long long hou[8], *douu;
  CHECK_CUDA(cudaMalloc(&dout, sizeof ho));
  CHECK_CUDA(cudaMalloc(&douu, sizeof hou));
  shared_wide<<<8, 256>>>(dout, douu);
  CHECK_CUDA(cudaMemcpy(ho, dout, sizeof ho, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hou, douu, sizeof hou, cudaMemcpyDeviceToHost));
  for (int b = 0; b < 8; b++) {
    CHECK_NEAR(0.125 * 256, ho[2 * b], 0);
    CHECK_NEAR(2.0 * 256, ho[2 * b + 1], 0);
    CHECK((255ULL * 256 / 2) << 33, hou[b]);
  }
  delete[] hret;
  return check_done("atomics_64bit_float");
}
