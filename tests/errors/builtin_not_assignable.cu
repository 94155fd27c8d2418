__global__ void k() {
  threadIdx.x = 0;
}
