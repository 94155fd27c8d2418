__global__ void k() {
  static_assert(sizeof(long) == 4, "long must be 32-bit");
}
