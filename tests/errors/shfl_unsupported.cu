__device__ float warp_sum(float v) {
  return v + __shfl_down_sync(0xffffffff, v, 16);
}
