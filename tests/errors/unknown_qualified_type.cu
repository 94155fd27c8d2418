namespace cg { struct thread_block { int x; }; }
__global__ void k(int *p) {
  __shared__ cg::block_tile_memory<64> scratch;
  p[0] = 1;
}
