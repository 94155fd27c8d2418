__global__ void k(float *p) {
  *p = 1.0e+;
}
