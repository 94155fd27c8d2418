__global__ void k(float *a, float *b) {
  float *c = a + b;
}
