// cg_block: cooperative_groups::thread_block in 1D, 2D and 3D blocks
// (thread_rank, size, num_threads, group_index, thread_index, group_dim,
// dim_threads, sync, cg::sync, cg::thread_rank, cg::group_size), a block
// passed as a thread_group (the simpleCooperativeGroups reduction, also on
// thread_block_tile<16> and on a dynamic tiled_partition(block, 8)),
// this_thread_block().f() on a temporary, and grid_group's ranks and sizes.
#include <cooperative_groups.h>
#include "check.h"

namespace cg = cooperative_groups;
using namespace cooperative_groups;

__device__ int sum_reduction(thread_group g, int *x, int val) {
  int lane = g.thread_rank();
  for (int i = g.size() / 2; i > 0; i /= 2) {
    x[lane] = val;
    g.sync();
    if (lane < i) val += x[lane + i];
    g.sync();
  }
  return g.thread_rank() == 0 ? val : -1;
}

/* out[8 * rank + k]; the block's threads write their rank in reverse
 * through shared memory to check that sync() orders them */
__global__ void block_info(unsigned *out) {
  __shared__ unsigned seen[512];
  thread_block b = this_thread_block();
  unsigned r = b.thread_rank(), n = b.size();
  seen[n - 1 - r] = r;
  b.sync();
  unsigned back = seen[r];
  cg::sync(b);
  dim3 gi = b.group_index(), ti = b.thread_index(), gd = b.group_dim(), dt = b.dim_threads();
  unsigned base = (blockIdx.x * n + r) * 8;
  out[base + 0] = r;
  out[base + 1] = n + (b.num_threads() == n ? 0 : 100000);
  out[base + 2] = back;
  out[base + 3] = gi.x + 10 * ti.x + 1000 * ti.y + 100000 * ti.z;
  out[base + 4] = gd.x + 100 * gd.y + 10000 * gd.z + (dt.x == gd.x && dt.y == gd.y && dt.z == gd.z ? 0 : 1u << 30);
  out[base + 5] = (unsigned)cg::thread_rank(b) + 1000 * (unsigned)cg::group_size(b);
  out[base + 6] = this_thread_block().thread_rank();
  grid_group g = this_grid();
  out[base + 7] = (unsigned)g.thread_rank() + 100000 * (unsigned)g.size() +
                  (g.block_rank() == blockIdx.x && g.num_blocks() == gridDim.x && !g.is_valid() ? 0 : 1u << 31);
}

__global__ void reductions(int *out) {
  extern __shared__ int ws[];
  thread_block b = this_thread_block();
  int r = b.thread_rank();
  out[r] = sum_reduction(b, ws, r);
  b.sync();
  thread_block_tile<16> t16 = tiled_partition<16>(b);
  int off = r - t16.thread_rank();
  out[64 + r] = sum_reduction(t16, ws + off, t16.thread_rank());
  b.sync();
  thread_group t8 = tiled_partition(b, 8);
  out[128 + r] = sum_reduction(t8, ws + r - t8.thread_rank(), t8.thread_rank() + 1) +
                 1000 * (int)t8.size();
}

static void check_block(dim3 block, int blocks) {
  unsigned n = block.x * block.y * block.z;
  unsigned *d, *h = (unsigned *)malloc(blocks * n * 8 * sizeof *h);
  CHECK_CUDA(cudaMalloc(&d, blocks * n * 8 * sizeof *h));
  block_info<<<blocks, block>>>(d);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h, d, blocks * n * 8 * sizeof *h, cudaMemcpyDeviceToHost));
  for (int bi = 0; bi < blocks; bi++)
    for (unsigned z = 0; z < block.z; z++)
      for (unsigned y = 0; y < block.y; y++)
        for (unsigned x = 0; x < block.x; x++) {
          unsigned r = (z * block.y + y) * block.x + x, *o = h + (bi * n + r) * 8;
          CHECK(r, o[0]);
          CHECK(n, o[1]);
          CHECK(n - 1 - r, o[2]);
          CHECK(bi + 10 * x + 1000 * y + 100000 * z, o[3]);
          CHECK(block.x + 100 * block.y + 10000 * block.z, o[4]);
          CHECK(r + 1000 * n, o[5]);
          CHECK(r, o[6]);
          CHECK(bi * n + r + 100000 * blocks * n, o[7]);
        }
  CHECK_CUDA(cudaFree(d));
  free(h);
}

int main() {
  check_block(dim3(64, 1, 1), 2);
  check_block(dim3(8, 6, 1), 3);
  check_block(dim3(4, 3, 5), 2);
  check_block(dim3(40, 1, 1), 1);  // a partial warp

  int *d, h[192];
  CHECK_CUDA(cudaMalloc(&d, sizeof h));
  reductions<<<1, 64, 64 * sizeof(int)>>>(d);
  CHECK_CUDA(cudaGetLastError());
  CHECK_CUDA(cudaMemcpy(h, d, sizeof h, cudaMemcpyDeviceToHost));
  for (int r = 0; r < 64; r++) {
    CHECK(r == 0 ? 63 * 64 / 2 : -1, h[r]);
    CHECK(r % 16 == 0 ? 15 * 16 / 2 : -1, h[64 + r]);
    CHECK((r % 8 == 0 ? 8 * 9 / 2 : -1) + 8000, h[128 + r]);
  }
  CHECK_CUDA(cudaFree(d));
  return check_done("cg_block");
}
