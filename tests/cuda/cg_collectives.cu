// skip: webgpu: the double reduce and scan (WGSL has no f64; docs/webgpu.md)
// cg_collectives: cooperative_groups/reduce.h and scan.h on tiles of 4,
// 16 and 32 threads (cg::plus, less, greater, bit_and, bit_or, bit_xor on
// int, unsigned, float, double; inclusive_scan and exclusive_scan with and
// without an op); coalesced_threads() in divergent code (size,
// thread_rank, shfl, shfl_up, shfl_down, ballot, any, all, reduce, scans);
// binary_partition and labeled_partition (the binaryPartitionCG and
// warpAggregatedAtomicsCG patterns); memcpy_async + wait over a block.
#include <cooperative_groups.h>
#include <cooperative_groups/reduce.h>
#include <cooperative_groups/scan.h>
#include <cooperative_groups/memcpy_async.h>
#include "check.h"

namespace cg = cooperative_groups;

enum { THREADS = 64, F = 12 };

__device__ int val(int r) { return (r * 37 + 11) % 53 - 20; }

template <unsigned N>
__global__ void tile_collectives(int *out, float *fout, double *dout) {
  cg::thread_block_tile<N> t = cg::tiled_partition<N>(cg::this_thread_block());
  int r = threadIdx.x, v = val(r);
  unsigned u = (unsigned)(r * 2654435761u);
  int *o = out + r * F;
  o[0] = cg::reduce(t, v, cg::plus<int>());
  o[1] = cg::reduce(t, v, cg::less<int>());
  o[2] = cg::reduce(t, v, cg::greater<int>());
  o[3] = (int)cg::reduce(t, u, cg::bit_and<unsigned>());
  o[4] = (int)cg::reduce(t, u, cg::bit_or<unsigned>());
  o[5] = (int)cg::reduce(t, u, cg::bit_xor<unsigned>());
  o[6] = cg::inclusive_scan(t, v);
  o[7] = cg::exclusive_scan(t, v);
  o[8] = cg::inclusive_scan(t, v, cg::greater<int>());
  o[9] = cg::exclusive_scan(t, (unsigned)v, cg::bit_xor<unsigned>());
  fout[r] = cg::reduce(t, (float)v * 0.5f, cg::plus<float>());
  dout[r] = cg::inclusive_scan(t, (double)v * 0.25, cg::plus<double>());
}

/* Odd lanes of each warp (16 non-consecutive lanes), and lanes below 20
 * of those (10); two kernels, to keep each generated C function small. */
__global__ void coalesced(int *out) {
  int r = threadIdx.x, v = val(r);
  int *o = out + r * F;
  for (int k = 0; k < F; k++) o[k] = -7;
  if (r % 2 == 1) {
    cg::coalesced_group g = cg::coalesced_threads();
    o[0] = g.size() + 100 * g.thread_rank() + 10000 * g.num_threads();
    o[1] = g.shfl(v, 3);
    o[2] = g.shfl_up(v, 2);
    o[3] = g.shfl_down(v, 1);
    o[4] = (int)g.ballot(v > 0);
    o[5] = g.any(v == 31) + 10 * g.all(v > -100);
    o[6] = cg::reduce(g, v, cg::plus<int>());
    o[7] = cg::inclusive_scan(g, v);
  }
}

__global__ void coalesced_inner(int *out) {
  int r = threadIdx.x, v = val(r);
  int *o = out + r * F;
  if (r % 2 == 1 && r % 32 < 20) {
    cg::coalesced_group h = cg::coalesced_threads();
    o[8] = h.size() + 100 * h.thread_rank();
    o[9] = cg::reduce(h, v, cg::greater<int>());
    o[10] = cg::exclusive_scan(h, v);
    h.sync();
  }
}

/* binaryPartitionCG / warpAggregatedAtomicsCG: split a tile by a
 * predicate and by a label; reduce and count inside each part. */
__global__ void partitions(const int *in, int *out, int *counts) {
  cg::thread_block_tile<32> tile = cg::tiled_partition<32>(cg::this_thread_block());
  int r = threadIdx.x, e = in[r];
  cg::coalesced_group part = cg::binary_partition(tile, e & 1);
  int sum = cg::reduce(part, e, cg::plus<int>());
  if (part.thread_rank() == 0) atomicAdd(&counts[e & 1], sum);
  out[r * 4 + 0] = sum;
  out[r * 4 + 1] = part.size();
  cg::coalesced_group active = cg::coalesced_threads();
  cg::coalesced_group label = cg::labeled_partition(active, e % 5);
  out[r * 4 + 2] = cg::reduce(label, e, cg::greater<int>());
  out[r * 4 + 3] = label.size() + 100 * label.thread_rank();
  cg::sync(tile);
}

__global__ void copy_async(const float *src, float *dst, int n) {
  __shared__ float buf[256];
  cg::thread_block b = cg::this_thread_block();
  cg::memcpy_async(b, buf, src + blockIdx.x * n, sizeof(float) * n);
  cg::wait(b);
  int r = b.thread_rank();
  dst[blockIdx.x * n + r] = buf[n - 1 - r] * 2.0f;
}

static int host_val(int r) { return (r * 37 + 11) % 53 - 20; }

template <unsigned N>
static void check_tiles(int *d, float *df, double *dd) {
  int h[THREADS * F];
  float hf[THREADS];
  double hd[THREADS];
  tile_collectives<N><<<1, THREADS>>>(d, df, dd);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hf, df, sizeof hf, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hd, dd, sizeof hd, cudaMemcpyDeviceToHost));
  for (int r = 0; r < THREADS; r++) {
    int first = r - r % N, sum = 0, mn = 1 << 30, mx = -(1 << 30), inc = 0, exc = 0, incmax = -(1 << 30);
    unsigned a = ~0u, o = 0, x = 0, excx = 0;
    double fsum = 0, dinc = 0;
    for (int s = first; s < first + (int)N; s++) {
      int v = host_val(s);
      unsigned u = (unsigned)(s * 2654435761u);
      sum += v;
      mn = v < mn ? v : mn;
      mx = v > mx ? v : mx;
      a &= u;
      o |= u;
      x ^= u;
      fsum += v * 0.5;
      if (s <= r) {
        inc += v;
        incmax = v > incmax ? v : incmax;
        dinc += v * 0.25;
      }
      if (s < r) {
        exc += v;
        excx ^= (unsigned)v;
      }
    }
    int *hr = h + r * F;
    CHECK(sum, hr[0]);
    CHECK(mn, hr[1]);
    CHECK(mx, hr[2]);
    CHECK((int)a, hr[3]);
    CHECK((int)o, hr[4]);
    CHECK((int)x, hr[5]);
    CHECK(inc, hr[6]);
    CHECK(exc, hr[7]);
    CHECK(incmax, hr[8]);
    CHECK((int)excx, hr[9]);
    CHECK_NEAR(fsum, hf[r], 1e-3);
    CHECK_NEAR(dinc, hd[r], 1e-9);
  }
}

static void check_coalesced(int *d) {
  int h[THREADS * F];
  coalesced<<<1, THREADS>>>(d);
  coalesced_inner<<<1, THREADS>>>(d);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int r = 0; r < THREADS; r++) {
    int *o = h + r * F, w = r - r % 32;
    if (r % 2 == 0) {
      for (int k = 0; k < F; k++) CHECK(-7, o[k]);
      continue;
    }
    int rank = (r % 32) / 2, lanes[16];
    for (int k = 0; k < 16; k++) lanes[k] = w + 2 * k + 1;
    CHECK(16 + 100 * rank + 10000 * 16, o[0]);
    CHECK(host_val(lanes[3]), o[1]);
    CHECK(host_val(rank >= 2 ? lanes[rank - 2] : r), o[2]);
    CHECK(host_val(rank + 1 < 16 ? lanes[rank + 1] : r), o[3]);
    unsigned ballot = 0;
    int any = 0, sum = 0, inc = 0;
    for (int k = 0; k < 16; k++) {
      int v = host_val(lanes[k]);
      if (v > 0) ballot |= 1u << k;
      if (v == 31) any = 1;
      sum += v;
      if (k <= rank) inc += v;
    }
    CHECK((int)ballot, o[4]);
    CHECK(any + 10, o[5]);
    CHECK(sum, o[6]);
    CHECK(inc, o[7]);
    if (r % 32 >= 20) {
      CHECK(-7, o[8]);
      continue;
    }
    int mx = -1000, exc = 0;
    for (int k = 0; k < 10; k++) {
      int v = host_val(lanes[k]);
      mx = v > mx ? v : mx;
      if (k < rank) exc += v;
    }
    CHECK(10 + 100 * rank, o[8]);
    CHECK(mx, o[9]);
    CHECK(exc, o[10]);
  }
}

static void check_partitions(void) {
  int hin[THREADS], hout[THREADS * 4], hc[2] = {0, 0};
  for (int r = 0; r < THREADS; r++) hin[r] = (r * 7919) % 41;
  int *din, *dout, *dc;
  CHECK_CUDA(cudaMalloc(&din, sizeof hin));
  CHECK_CUDA(cudaMalloc(&dout, sizeof hout));
  CHECK_CUDA(cudaMalloc(&dc, sizeof hc));
  CHECK_CUDA(cudaMemcpy(din, hin, sizeof hin, cudaMemcpyHostToDevice));
  CHECK_CUDA(cudaMemcpy(dc, hc, sizeof hc, cudaMemcpyHostToDevice));
  partitions<<<1, THREADS>>>(din, dout, dc);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(hout, dout, sizeof hout, cudaMemcpyDeviceToHost));
  CHECK_CUDA(cudaMemcpy(hc, dc, sizeof hc, cudaMemcpyDeviceToHost));
  int total[2] = {0, 0};
  for (int r = 0; r < THREADS; r++) {
    int w = r - r % 32, e = hin[r], sum = 0, n = 0, mx = -1, nl = 0, rank = 0;
    total[e & 1] += e;
    for (int s = w; s < w + 32; s++) {
      if ((hin[s] & 1) == (e & 1)) sum += hin[s], n++;
      if (hin[s] % 5 == e % 5) {
        mx = hin[s] > mx ? hin[s] : mx;
        if (s < r) rank++;
        nl++;
      }
    }
    CHECK(sum, hout[r * 4 + 0]);
    CHECK(n, hout[r * 4 + 1]);
    CHECK(mx, hout[r * 4 + 2]);
    CHECK(nl + 100 * rank, hout[r * 4 + 3]);
  }
  CHECK(total[0], hc[0]);
  CHECK(total[1], hc[1]);
  CHECK_CUDA(cudaFree(din));
  CHECK_CUDA(cudaFree(dout));
  CHECK_CUDA(cudaFree(dc));
}

static void check_copy(void) {
  const int n = 96, blocks = 3;
  float h[n * blocks], out[n * blocks];
  for (int i = 0; i < n * blocks; i++) h[i] = i * 0.5f;
  float *dsrc, *ddst;
  CHECK_CUDA(cudaMalloc(&dsrc, sizeof h));
  CHECK_CUDA(cudaMalloc(&ddst, sizeof h));
  CHECK_CUDA(cudaMemcpy(dsrc, h, sizeof h, cudaMemcpyHostToDevice));
  copy_async<<<blocks, n>>>(dsrc, ddst, n);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(out, ddst, sizeof out, cudaMemcpyDeviceToHost));
  for (int b = 0; b < blocks; b++)
    for (int r = 0; r < n; r++) CHECK_NEAR(h[b * n + n - 1 - r] * 2.0f, out[b * n + r], 0);
  CHECK_CUDA(cudaFree(dsrc));
  CHECK_CUDA(cudaFree(ddst));
}

int main() {
  int *d;
  float *df;
  double *dd;
  CHECK_CUDA(cudaMalloc(&d, THREADS * F * sizeof(int)));
  CHECK_CUDA(cudaMalloc(&df, THREADS * sizeof(float)));
  CHECK_CUDA(cudaMalloc(&dd, THREADS * sizeof(double)));
  check_tiles<4>(d, df, dd);
  check_tiles<16>(d, df, dd);
  check_tiles<32>(d, df, dd);
  check_coalesced(d);
  check_partitions();
  check_copy();
  CHECK_CUDA(cudaFree(d));
  CHECK_CUDA(cudaFree(df));
  CHECK_CUDA(cudaFree(dd));
  return check_done("cg_collectives");
}
