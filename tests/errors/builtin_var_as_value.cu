__global__ void k(unsigned *o) {
  o[0] = threadIdx;
}
