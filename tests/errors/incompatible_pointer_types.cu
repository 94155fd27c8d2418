__global__ void k(float *f, int *i) {
  i = f;
}
