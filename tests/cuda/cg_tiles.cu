// skip: webgpu: the double shuffles (WGSL has no f64; docs/webgpu.md)
// cg_tiles: thread_block_tile<N> from tiled_partition<N>(block) for N =
// 1, 2, 4, 8, 16, 32 and from a tile of 32 (N = 8): thread_rank, size,
// num_threads, meta_group_rank, meta_group_size, shfl, shfl_up, shfl_down,
// shfl_xor (int, float, double, long long, uint4), any, all, ballot,
// match_any and sync, against answers computed on the host. The block is
// a whole number of warps: in a partial last warp the lanes past the block
// do not exist, and votes or shuffles naming them are undefined (on an
// H100, tile.all() there gives 0); cg_block covers partial warps.
#include <cooperative_groups.h>
#include "check.h"

namespace cg = cooperative_groups;

enum { THREADS = 96, FIELDS = 14 };

template <unsigned N, typename Tile>
__device__ void tile_ops(Tile t, int *out) {
  __shared__ int buf[THREADS];
  int r = threadIdx.x;
  int v = r * 3 + 1;
  int *o = out + r * FIELDS;
  o[0] = t.thread_rank() + 100 * t.size() + 10000 * t.num_threads();
  o[1] = t.meta_group_rank() + 1000 * t.meta_group_size();
  o[2] = t.shfl(v, (t.thread_rank() + 1) % N);
  o[3] = t.shfl_up(v, 1);
  o[4] = (int)t.shfl_down((float)v + 0.5f, N > 2 ? 2 : 1);
  o[5] = t.shfl_xor(v, N / 2);
  o[6] = (int)t.shfl((double)v * 2.0, 0);
  o[7] = (int)(t.shfl_xor((long long)v << 33, N > 1 ? 1 : 0) >> 33);
  o[8] = t.ballot(v % 3 == 1 && r % 2 == 0);
  o[9] = t.any(r % 7 == 3) + 10 * t.all(r % 2 == 0) + 100 * t.all(r >= 0);
  o[10] = t.match_any(r / 3);
  uint4 q = {(unsigned)v, (unsigned)v + 1, (unsigned)v + 2, (unsigned)v + 3};
  q = t.shfl_xor(q, N > 1 ? 1 : 0);  // xor 1 leaves a tile of 1: undefined
  o[11] = q.x + q.w;
  buf[r] = v;  // sync orders the tile's writes before its reads
  t.sync();
  int j = r - t.thread_rank() + (t.thread_rank() + 1) % N;
  o[12] = buf[j < THREADS ? j : r];
  cg::sync(t);
  o[13] = cg::thread_rank(t) + 100 * cg::group_size(t);
}

template <unsigned N>
__global__ void tiles(int *out) {
  cg::thread_block b = cg::this_thread_block();
  cg::thread_block_tile<N> t = cg::tiled_partition<N>(b);
  tile_ops<N>(t, out);
}

__global__ void tile_of_tile(int *out) {
  cg::thread_block_tile<32> w = cg::tiled_partition<32>(cg::this_thread_block());
  cg::thread_block_tile<8> t = cg::tiled_partition<8>(w);
  tile_ops<8>(t, out);
}

/* The value lane `src` of the tile holds, or the thread's own value when
 * src is outside the tile or the block (CUDA: a shuffle reads its own). */
static int value_of(int r, int src_rank, unsigned n) {
  int first = r - (int)(r % n);
  int src = first + src_rank;
  if (src_rank < 0 || src_rank >= (int)n || src >= THREADS) return r * 3 + 1;
  return src * 3 + 1;
}

static void check_tiles(int *h, unsigned n, unsigned meta_size) {
  for (int r = 0; r < THREADS; r++) {
    int *o = h + r * FIELDS, tr = r % n, first = r - tr;
    int v = r * 3 + 1;
    CHECK(tr + 100 * n + 10000 * n, o[0]);
    CHECK((r % (meta_size * n)) / n + 1000 * meta_size, o[1]);
    CHECK(value_of(r, (tr + 1) % n, n), o[2]);
    CHECK(value_of(r, tr - 1, n), o[3]);
    unsigned d = n > 2 ? 2 : 1;
    CHECK(value_of(r, tr + d, n), o[4]);
    CHECK(value_of(r, tr ^ (n / 2), n), o[5]);
    CHECK(2 * value_of(r, 0, n), o[6]);
    CHECK(n >= 2 ? value_of(r, tr ^ 1, n) : v, o[7]);
    unsigned ballot = 0, any = 0, all_even = 1, same = 0;
    for (unsigned l = 0; l < n && first + (int)l < THREADS; l++) {
      int s = first + l;
      if ((s * 3 + 1) % 3 == 1 && s % 2 == 0) ballot |= 1u << l;
      if (s % 7 == 3) any = 1;
      if (s % 2 != 0) all_even = 0;
      if (s / 3 == r / 3) same |= 1u << l;
    }
    CHECK((int)ballot, o[8]);
    CHECK(any + 10 * all_even + 100, o[9]);
    CHECK((int)same, o[10]);
    int x = n >= 2 ? value_of(r, tr ^ 1, n) : v;
    CHECK(2 * x + 3, o[11]);
    CHECK(value_of(r, (tr + 1) % n, n), o[12]);
    CHECK(tr + 100 * n, o[13]);
  }
}

template <unsigned N>
static void run(int *d, int *h) {
  tiles<N><<<1, THREADS>>>(d);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h, d, THREADS * FIELDS * sizeof *h, cudaMemcpyDeviceToHost));
  check_tiles(h, N, (THREADS + N - 1) / N);
}

int main() {
  int *d, h[THREADS * FIELDS];
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  run<1>(d, h);
  run<2>(d, h);
  run<4>(d, h);
  run<8>(d, h);
  run<16>(d, h);
  run<32>(d, h);
  tile_of_tile<<<1, THREADS>>>(d);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  check_tiles(h, 8, 4);
  CHECK_CUDA(cudaFree(d));
  return check_done("cg_tiles");
}
