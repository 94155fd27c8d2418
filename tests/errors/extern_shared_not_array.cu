__global__ void k() {
  extern __shared__ float buf;
}
