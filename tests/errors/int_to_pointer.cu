__global__ void k(float *f, int n) {
  f = n;
}
