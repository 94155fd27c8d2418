namespace cg = cooperative_groups;

__global__ void k(int *a) {
  auto block = cg::this_thread_block();
  a[0] = 1;
}
